//! One copy per data folder, with real processes: a second `headless` on a folder in use says "already open" and
//! exits at once having touched nothing; `kill -9` of the first frees the folder for a third; the window on a folder
//! in use shows its dialog (under Xvfb) and touches nothing either. The first copy needs a Secret Service and the
//! window needs Xvfb: those two tests are ignored by a plain `cargo test`, and `scripts/test` runs each where its
//! part is installed.

use std::fs::File;
use std::path::Path;
use std::time::Duration;

use bankfeeds_onboard::data_folder::{IN_USE_EXIT_CODE, LOCK_FILE};

use crate::real_binary::{Running, headless, output_within, snapshot, window_first_frame};
use crate::support::require_secret_service;

/// A generous bound on a refused start (its target is well under a second).
const QUICK: Duration = Duration::from_secs(5);

/// Runs a second `headless` on `data_dir`, held by another process, and checks it is refused quickly, saying
/// "already open" and changing nothing in the folder.
fn second_headless_is_refused(data_dir: &Path) {
    let before = snapshot(data_dir);
    let (output, took) = output_within(headless(data_dir, &[]), Duration::from_secs(30));
    eprintln!("the second copy exited in {took:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(i32::from(IN_USE_EXIT_CODE)), "{stderr}");
    assert!(stderr.contains("already open") && stderr.contains(&data_dir.display().to_string()), "{stderr}");
    assert!(output.stdout.is_empty(), "it walked nothing: {}", String::from_utf8_lossy(&output.stdout));
    assert!(took < QUICK, "a refused start took {took:?}");
    assert_eq!(snapshot(data_dir), before, "the refused copy changed a file in the data folder");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_second_headless_on_a_folder_in_use_says_already_open_at_once_and_kill_9_of_the_first_frees_it() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let busy = ["--scenario-consent", "never-finished", "--poll-period-ms", "1000", "--patience", "120"];
    let mut first = Running::start(headless(&data_dir, &busy));
    first.wait_for(|line| line == "link waiting checks 1");
    // Frozen, it writes nothing while the second copy runs: whatever changes is the second copy's doing.
    first.signal("STOP");
    second_headless_is_refused(&data_dir);
    first.kill();

    let mut third = Running::start(headless(&data_dir, &busy));
    let resumed = third.wait_for(|line| line.starts_with("link waiting"));
    eprintln!("the third copy took the folder and resumed: {resumed}");
    third.kill();
}

#[test]
fn a_headless_start_on_a_folder_another_process_holds_is_refused_without_touching_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    std::fs::create_dir(&data_dir).expect("folder");
    std::fs::write(data_dir.join("progress.json"), b"{\"kept\": true}").expect("progress");
    // This test process holds the lock, as a running copy would.
    let lock = File::create(data_dir.join(LOCK_FILE)).expect("lock file");
    lock.try_lock().expect("held here");
    second_headless_is_refused(&data_dir);
    drop(lock);
    // No D-Bus session: the run stops at the keyring, never touching the person's own.
    let mut free = headless(&data_dir, &["--patience", "1"]);
    free.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    let output = free.output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("already open"), "the folder is free once the holder lets go: {stderr}");
}

#[test]
#[ignore = "needs xvfb-run and xauth (Debian: xvfb, xauth); scripts/test runs it where they are installed"]
fn the_window_on_a_folder_in_use_shows_its_dialog_naming_the_folder_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    std::fs::create_dir(&data_dir).expect("folder");
    std::fs::write(data_dir.join("progress.json"), b"{\"kept\": true}").expect("progress");
    let lock = File::create(data_dir.join(LOCK_FILE)).expect("lock file");
    lock.try_lock().expect("held here");
    let before = snapshot(&data_dir);

    let (output, took) = window_first_frame(&data_dir);
    eprintln!("the window's dialog was drawn and closed in {took:?} (Xvfb's start included)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(i32::from(IN_USE_EXIT_CODE)), "{stderr}");
    assert!(stderr.contains("already open on the data folder") && stderr.contains(&data_dir.display().to_string()));
    assert!(stderr.contains("first frame: the data folder dialog was drawn"), "the dialog was shown: {stderr}");
    assert_eq!(snapshot(&data_dir), before, "the window changed a file in the data folder");
}
