//! The crash report: every part scrubbed when it is made, its file owner-only and never overwritten, and the words
//! people read on stderr, whether the file was written or not.

use super::*;

const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn at() -> Timestamp {
    "2026-11-22T10:30:00Z".parse().expect("a timestamp")
}

fn report() -> CrashReport {
    CrashReport::new(
        "bankfeeds-runtime",
        "src/runtime/tokens.rs:42:9",
        &format!("the keyring refused key {KEY} for Bearer eyJhbGciOiJIUzI1NiJ9.eyJvIjoiMSJ9.c2ln"),
        &format!("   0: bankfeeds_onboard::runtime::tokens::renew\n             at ./src/runtime/tokens.rs:42:9 {KEY}"),
    )
}

#[test]
fn every_part_is_scrubbed_when_the_report_is_made() {
    let text = report().render(at());
    assert!(!text.contains(&KEY[..32]) && !text.contains(&KEY[32..]), "{text}");
    assert!(!text.contains("eyJ"), "{text}");
    for words in [
        "App version: ",
        "Time (UTC): 2026-11-22T10:30:00Z",
        "Thread: bankfeeds-runtime",
        "Location: src/runtime/tokens.rs:42:9",
        "  the keyring refused key [redacted] for Bearer [redacted]",
        "Backtrace:\n     0: bankfeeds_onboard::runtime::tokens::renew",
        std::env::consts::OS,
    ] {
        assert!(text.contains(words), "{words:?} missing from {text}");
    }
}

#[test]
fn reports_are_owner_only_and_never_overwrite_one_another() {
    let folder = tempfile::tempdir().expect("temp dir");
    let inside = folder.path().join("not-yet");
    let first = write_crash_file(&inside, &report(), at()).expect("written");
    let second = write_crash_file(&inside, &report(), at()).expect("written");
    assert_eq!(first, inside.join("crash-20261122-103000.txt"));
    assert_eq!(second, inside.join("crash-20261122-103000-2.txt"));
    assert_eq!(std::fs::read_to_string(&first).expect("read"), report().render(at()));
    assert_eq!(std::fs::read_dir(&inside).expect("listed").count(), 2, "no temporary file is left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&first).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_report_that_cannot_be_written_is_said_with_its_scrubbed_message() {
    let folder = tempfile::tempdir().expect("temp dir");
    let file = folder.path().join("a-file");
    std::fs::write(&file, b"").expect("written");
    let written = write_crash_file(&file, &report(), at());
    assert!(written.is_err());
    let words = words_for_people(&report(), &written);
    assert!(words.contains("could not be written") && words.contains("src/runtime/tokens.rs:42:9"), "{words}");
    assert!(words.contains("the keyring refused key [redacted]") && !words.contains(&KEY[..32]), "{words}");
}

#[test]
fn people_are_told_where_the_report_is_and_what_to_do() {
    let path = PathBuf::from("/data/crash-20261122-103000.txt");
    let words = words_for_people(&report(), &Ok(path));
    for part in [
        "internal error at src/runtime/tokens.rs:42:9",
        "/data/crash-20261122-103000.txt",
        "no signing key",
        "send it to Sage support",
        "progress is saved",
    ] {
        assert!(words.contains(part), "{part:?} missing from {words}");
    }
    assert!(!words.contains("keyring refused"), "the message stays in the report");
}
