//! `kill -9` of a real process of the app, twice, and a restart each time: the headless mode walks onboarding and a
//! link on the local emulator with the real OS keyring; it is killed while polling the link, and again while following
//! the new account. Each restart resumes where it was (the saved poll route, then the account's status), the consent
//! approved between kill and restart is seen, and at the end there is one organisation and one bank account.
//! Needs a Secret Service: ignored by a plain `cargo test`, run by `scripts/test` in the throwaway one it starts.

use std::process::Command;
use std::time::Duration;

use crate::real_binary::{Running, first_page, headless, recording_browser};
use crate::support::{approve_consent, require_secret_service};

/// The app in headless mode on `dir/data`, polling every second, its pages recorded by the browser in `dir`.
fn start(dir: &std::path::Path) -> Running {
    let flags = ["--poll-period-ms", "1000", "--activation-delay-ms", "4000", "--patience", "45"];
    let mut command: Command = headless(&dir.join("data"), &flags);
    recording_browser(&mut command, dir);
    Running::start(command)
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn killed_while_polling_and_while_following_it_resumes_and_never_repeats_a_server_action() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut first = start(dir.path());
    first.wait_for(|line| line == "link waiting checks 2");
    // Between two polls: the next route is saved (a few milliseconds), the next poll is a second away.
    std::thread::sleep(Duration::from_millis(300));
    let before = first.seen.clone();
    first.kill();
    assert!(before.iter().any(|line| line == "screen Creating"), "{before:?}");

    let consent = first_page(dir.path());
    let mut second = start(dir.path());
    // A check answered after the restart: the emulator is back (on the port it had) and the chain goes on.
    second.wait_for(|line| line == "link waiting checks 1");
    assert_eq!(approve_consent(&consent), 200, "the consent page is back at the same address after the restart");
    let pending = second.wait_for(|line| line.starts_with("account Pending "));
    let account = pending.trim_start_matches("account Pending ").to_owned();
    let resumed = second.seen.clone();
    second.kill();
    assert!(!resumed.iter().any(|line| line == "link starting"), "no second link was started: {resumed:?}");
    assert!(!resumed.iter().any(|line| line.starts_with("screen Creating")), "no second organisation: {resumed:?}");

    let mut third = start(dir.path());
    third.wait_for(|line| line == format!("account Active {account}"));
    let summary = third.wait_for(|line| line.starts_with("organisation "));
    assert!(summary.ends_with("accounts 1 active 1"), "one bank account, active: {summary}");
    let status = third.child.wait().expect("ends");
    assert!(status.success(), "the walk ends well: {:?}", third.seen);
    assert!(!third.seen.iter().any(|line| line == "account creating"), "the account was not created twice");

    let progress = std::fs::read_to_string(dir.path().join("data/progress.json")).expect("progress");
    let progress: serde_json::Value = serde_json::from_str(&progress).expect("json");
    assert_eq!(progress["organisations"].as_array().map(Vec::len), Some(1), "one organisation");
    let pages = std::fs::read_to_string(dir.path().join("urls")).expect("urls");
    assert_eq!(pages.lines().count(), 1, "the bank's page was handed out once: {pages}");
}
