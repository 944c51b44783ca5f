//! `headless` ends honestly, with the real binary and the real keyring: a link nobody approves stops within its
//! `--patience` (the link's checks are not progress), and after a finished walk a deleted key, a corrupted emulator
//! world or a deleted one each end the next run non-zero with a sentence on stderr, never `accounts 0 active 0`.
//! Needs a Secret Service: ignored by a plain `cargo test`, run by `scripts/test` in the throwaway one it starts.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use bankfeeds_onboard::api::ids::OrganisationId;
use bankfeeds_onboard::config::{Environment, Profile};
use bankfeeds_onboard::secrets::{KeySlot, KeyringStore, SecretStore as _};

use crate::real_binary::{Running, first_page, headless, output_within, recording_browser};
use crate::support::{approve_consent, require_secret_service};

/// Fast settings: polls every 300 ms, accounts active after half a second.
const FAST: [&str; 4] = ["--poll-period-ms", "300", "--activation-delay-ms", "500"];

/// Walks onboarding and a link to an active account on `data_dir`, approving the consent page as a person would;
/// returns the organisation's ID.
fn finished_walk(data_dir: &Path) -> OrganisationId {
    let browser_dir = data_dir.parent().expect("inside a temporary folder");
    let mut command = headless(data_dir, &FAST);
    recording_browser(&mut command, browser_dir);
    let mut walk = Running::start(command);
    walk.wait_for(|line| line.starts_with("link waiting"));
    assert_eq!(approve_consent(&first_page(browser_dir)), 200);
    let summary = walk.wait_for(|line| line.starts_with("organisation "));
    assert!(summary.ends_with("accounts 1 active 1"), "{summary}");
    assert!(walk.child.wait().expect("ends").success(), "{:?}", walk.seen);
    OrganisationId::from(summary.split(' ').nth(1).expect("an ID"))
}

/// Runs `headless` again on `data_dir`; checks it failed with a sentence and printed no account summary.
fn failed_run(data_dir: &Path) -> (String, Output) {
    let output = headless(data_dir, &FAST).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains("accounts 0"), "{stdout}");
    assert!(!stderr.contains("{ ") && !stderr.contains("Some("), "a sentence, not a Debug dump: {stderr}");
    (stderr, output)
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_link_nobody_approves_ends_within_its_patience_with_a_sentence() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let command = headless(&dir.path().join("data"), &["--poll-period-ms", "1000", "--patience", "5"]);
    let (output, took) = output_within(command, Duration::from_mins(1));
    eprintln!("a link nobody approved, --patience 5: ended after {took:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains("link waiting checks 3"), "it was polling, its checks counted: {stdout}");
    assert!(stderr.contains("nothing moved on for 5 seconds at \"link waiting checks"), "{stderr}");
    assert!(stderr.contains("approve the page") && stderr.contains("--patience"), "what to do: {stderr}");
    assert!(took < Duration::from_secs(30), "the patience bounds the polling: {took:?}");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_key_removed_from_the_keyring_ends_the_next_run_with_a_sentence() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let organisation = finished_walk(&data_dir);
    let keyring = KeyringStore::platform().expect("the Secret Service answers");
    keyring.delete(&KeySlot::customer(&Environment::Local(Profile::Qa), &organisation)).expect("deleted");
    let (stderr, _) = failed_run(&data_dir);
    assert!(stderr.contains(&format!("organisation {organisation} could not be read")), "{stderr}");
    assert!(stderr.contains("the keyring holds no signing key for this organisation"), "{stderr}");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_corrupted_emulator_world_ends_the_next_run_with_a_sentence_and_is_left_as_it_was() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    finished_walk(&data_dir);
    let world = data_dir.join("emulator-qa.json");
    std::fs::write(&world, b"{\"version\": 1, \"port\": 1, \"wor").expect("corrupted");
    let (stderr, output) = failed_run(&data_dir);
    assert!(stderr.contains(&format!("state file {} could not be understood", world.display())), "{stderr}");
    assert!(stderr.contains("Nothing was changed: move that file away"), "{stderr}");
    assert!(output.stdout.is_empty(), "it stopped before the first screen");
    assert_eq!(std::fs::read(&world).expect("still there"), b"{\"version\": 1, \"port\": 1, \"wor");
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_deleted_emulator_world_ends_the_next_run_with_a_sentence() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let organisation = finished_walk(&data_dir);
    std::fs::remove_file(data_dir.join("emulator-qa.json")).expect("deleted");
    let (stderr, _) = failed_run(&data_dir);
    assert!(stderr.contains(&format!("organisation {organisation} could not be read")), "{stderr}");
    assert!(stderr.contains("The service does not know this organisation"), "{stderr}");
}
