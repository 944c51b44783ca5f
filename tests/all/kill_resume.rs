//! `kill -9` of a real process of the app, twice, and a restart each time: the headless mode walks onboarding and a
//! link on the local emulator with the real OS keyring; it is killed while polling the link, and again while following
//! the new account. Each restart resumes where it was (the saved poll route, then the account's status), the consent
//! approved between kill and restart is seen, and at the end there is one organisation and one bank account.
//! Needs the Secret Service (`scripts/test` starts one); skipped elsewhere, a failure in CI.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{approve_consent, secret_service_available};

/// How long a line may take to come.
const PATIENCE: Duration = Duration::from_mins(1);

/// The app in headless mode on `dir`, its lines arriving on the receiver.
struct Run {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Run {
    fn start(dir: &std::path::Path, browser: &std::path::Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bankfeeds-onboard"))
            .args(["headless", "--poll-period-ms", "1000", "--activation-delay-ms", "4000", "--patience", "45"])
            .arg("--data-dir")
            .arg(dir.join("data"))
            .env("BROWSER", browser)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the app starts");
        let stdout = child.stdout.take().expect("piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines, seen: Vec::new() }
    }

    /// Waits for a line that `wanted` accepts; panics with every line seen when none comes.
    fn wait_for(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("the line never came; the app printed: {:#?}", self.seen)
    }

    /// `kill -9`: no exit handler runs, nothing is flushed.
    fn kill(mut self) -> Vec<String> {
        self.child.kill().expect("killed");
        self.child.wait().expect("reaped");
        std::mem::take(&mut self.seen)
    }
}

impl Drop for Run {
    /// A failing test leaves no app running behind it.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() && self.child.kill().is_ok() {
            self.child.wait().ok();
        }
    }
}

#[test]
fn killed_while_polling_and_while_following_it_resumes_and_never_repeats_a_server_action() {
    if !secret_service_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let urls = dir.path().join("urls");
    let browser = dir.path().join("browser.sh");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", urls.display())).expect("script");
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("executable");

    let mut first = Run::start(dir.path(), &browser);
    first.wait_for(|line| line == "link waiting checks 2");
    // Between two polls: the next route is saved (a few milliseconds), the next poll is a second away.
    std::thread::sleep(Duration::from_millis(300));
    let before = first.kill();
    assert!(before.iter().any(|line| line == "screen Creating"), "{before:?}");

    let consent = std::fs::read_to_string(&urls).expect("the browser was given the consent page");
    let consent = consent.lines().next().expect("one page").to_owned();
    let mut second = Run::start(dir.path(), &browser);
    // A check answered after the restart: the emulator is back (on the port it had) and the chain goes on.
    second.wait_for(|line| line == "link waiting checks 1");
    assert_eq!(approve_consent(&consent), 200, "the consent page is back at the same address after the restart");
    let pending = second.wait_for(|line| line.starts_with("account Pending "));
    let account = pending.trim_start_matches("account Pending ").to_owned();
    let resumed = second.kill();
    assert!(!resumed.iter().any(|line| line == "link starting"), "no second link was started: {resumed:?}");
    assert!(!resumed.iter().any(|line| line.starts_with("screen Creating")), "no second organisation: {resumed:?}");

    let mut third = Run::start(dir.path(), &browser);
    third.wait_for(|line| line == format!("account Active {account}"));
    let summary = third.wait_for(|line| line.starts_with("organisation "));
    assert!(summary.ends_with("accounts 1 active 1"), "one bank account, active: {summary}");
    let status = third.child.wait().expect("ends");
    assert!(status.success(), "the walk ends well: {:?}", third.seen);
    assert!(!third.seen.iter().any(|line| line == "account creating"), "the account was not created twice");

    let progress = std::fs::read_to_string(dir.path().join("data/progress.json")).expect("progress");
    let progress: serde_json::Value = serde_json::from_str(&progress).expect("json");
    assert_eq!(progress["organisations"].as_array().map(Vec::len), Some(1), "one organisation");
    let pages = std::fs::read_to_string(&urls).expect("urls");
    assert_eq!(pages.lines().count(), 1, "the bank's page was handed out once: {pages}");
}
