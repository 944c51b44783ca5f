//! The recent log through a real fmt layer: lines in order, the oldest let go, long lines cut, a poisoned lock survived.

use std::io::Write as _;

use super::*;

/// A subscriber like main.rs's second layer: plain text, no colours, no clock (so lines compare exactly).
fn subscriber(log: &RecentLog) -> impl tracing::Subscriber + Send + Sync {
    tracing_subscriber::fmt().with_writer(log.clone()).with_ansi(false).without_time().with_target(false).finish()
}

#[test]
fn lines_logged_through_a_fmt_layer_come_out_in_order() {
    let log = RecentLog::new(10);
    tracing::subscriber::with_default(subscriber(&log), || {
        tracing::info!("first");
        tracing::warn!(status = 503, "second");
        tracing::debug!("not enabled at the default level");
        tracing::error!("third");
    });
    assert_eq!(log.text(), " INFO first\n WARN second status=503\nERROR third\n");
    assert_eq!((log.len(), log.let_go()), (3, 0));
}

#[test]
fn the_oldest_lines_go_past_the_bound() {
    let log = RecentLog::new(3);
    tracing::subscriber::with_default(subscriber(&log), || {
        for n in 1..=5 {
            tracing::info!("line {n}");
        }
    });
    assert_eq!(log.text(), " INFO line 3\n INFO line 4\n INFO line 5\n");
    assert_eq!(log.let_go(), 2);
}

#[test]
fn writes_that_split_lines_anywhere_are_joined_and_long_lines_cut() {
    let log = RecentLog::new(LINES_KEPT);
    let mut writer = log.make_writer();
    writer.write_all(b"par").expect("written");
    writer.write_all(b"tial\r\nnext\nunfin").expect("written");
    assert_eq!(log.text(), "partial\nnext\nunfin\n");
    assert_eq!(log.len(), 2);
    let too_long = "é".repeat(LINE_BYTES_KEPT);
    writer.write_all(format!("ished\n{too_long}\n").as_bytes()).expect("written");
    let text = log.text();
    let last = text.lines().last().expect("a line");
    assert!(last.ends_with(CUT_MARK) && last.len() <= LINE_BYTES_KEPT + CUT_MARK.len(), "{}", last.len());
    assert!(text.starts_with("partial\nnext\nunfinished\néé"));
}

#[test]
fn a_poisoned_lock_is_taken_over() {
    let log = RecentLog::new(5);
    let holder = log.clone();
    let panicked = std::thread::spawn(move || {
        let _guard = holder.inner.lock().expect("not yet poisoned");
        panic!("poison the lock");
    })
    .join();
    assert!(panicked.is_err());
    log.make_writer().write_all(b"still here\n").expect("written");
    assert_eq!(log.text(), "still here\n");
}
