//! A locked keyring never costs the customer an organisation: the keyring is proven (a probe item written, read back
//! and deleted) just before POST organisation, so a keyring locked since the environment was chosen stops the request
//! with what to do; and, against the real gnome-keyring with its collection locked over D-Bus, three runs create no
//! organisation at all (that test needs gnome-keyring and dbus: ignored by a plain `cargo test`, run by `scripts/test`
//! where they are installed).

use std::sync::Arc;

use bankfeeds_onboard::api::error::Failure;
use bankfeeds_onboard::secrets::{KeyringProblem, SecretStore};
use bankfeeds_onboard::ui::explain;
use bankfeeds_onboard::wizard::{CaptchaIntent, KeyPhase, Step};

use crate::support::{self, Driver, LockableKeyring};

#[test]
fn a_keyring_locked_after_the_environment_was_chosen_stops_post_organisation_until_it_is_unlocked() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let keyring = LockableKeyring::new();
    let mut driver = Driver::new(support::runtime_on(Arc::clone(&keyring) as Arc<dyn SecretStore>, data_dir.path()));
    driver.walk_to_captcha("LOCKED-LATER");

    keyring.set_locked(true);
    let failure = driver.create_organisation_until_stopped("a locked keyring");
    assert_matches!(failure, Failure::KeyringNotReady(KeyringProblem::Locked { .. }), "{failure:?}");
    let told = explain::failure("the Banking Service", &failure);
    assert_eq!(told.title, "The keyring is locked: nothing was sent");
    assert!(told.body.contains("Unlock"), "{told:?}");
    assert_eq!(driver.sent("POST", "/organisations"), 0, "no organisation was asked for");

    keyring.set_locked(false);
    driver.send(CaptchaIntent::SendOrganisationAgain);
    driver.settle("the organisation", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    assert_eq!(driver.sent("POST", "/organisations"), 1, "one organisation, once the keyring was unlocked");
    driver.drain();
    driver.runtime.shutdown();
}

/// Runs the real binary's `headless` three times in a D-Bus session of its own whose gnome-keyring login collection
/// was locked over D-Bus (`org.freedesktop.Secret.Service.Lock`), with no display for an unlock prompt.
#[cfg(unix)]
#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn three_runs_on_a_really_locked_gnome_keyring_create_no_organisation() {
    use std::process::Command;
    support::require_tools(
        &["dbus-run-session", "gnome-keyring-daemon", "dbus-send"],
        "install gnome-keyring and dbus (Debian: apt install gnome-keyring dbus)",
    );
    let home = tempfile::tempdir().expect("temp dir");
    let data_dir = home.path().join("data");
    // Run 1 starts unlocked and is locked once it shows the captcha (the service answers 3 s late, so the lock lands
    // before POST organisation): the probe just before that request must stop it. Runs 2 and 3 start locked.
    let script = r#"
        printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null
        lock() {
          dbus-send --session --dest=org.freedesktop.secrets --type=method_call --print-reply \
            /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock \
            array:objpath:/org/freedesktop/secrets/aliases/default >/dev/null || exit 90
        }
        "$BINARY" headless --data-dir "$DATA" --patience 15 --latency-ms 3000 </dev/null \
          >"$HOME/run-1.out" 2>"$HOME/run-1.err" &
        first=$!
        for _ in $(seq 300); do grep -q "screen Captcha" "$HOME/run-1.out" && break; sleep 0.1; done
        lock
        wait "$first"; echo "$?" >"$HOME/run-1.code"
        for run in 2 3; do
          "$BINARY" headless --data-dir "$DATA" --patience 15 </dev/null >"$HOME/run-$run.out" 2>"$HOME/run-$run.err"
          echo "$?" >"$HOME/run-$run.code"
        done
    "#;
    let session = Command::new("dbus-run-session")
        .args(["--", "bash", "-c", script])
        .env("BINARY", env!("CARGO_BIN_EXE_bankfeeds-onboard"))
        .env("DATA", &data_dir)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("xdg"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .output()
        .expect("dbus-run-session runs");
    // The session's own chatter (the unlock prompt that cannot show without a display) is shown only on failure.
    let chatter = String::from_utf8_lossy(&session.stderr);
    assert!(session.status.success(), "the locked session ran ({}): {chatter}", session.status);
    let first = std::fs::read_to_string(home.path().join("run-1.out")).expect("run 1's lines");
    assert!(first.contains("screen Captcha"), "run 1 reached the captcha before the lock: {first}");
    for run in 1..=3 {
        let read = |ending: &str| std::fs::read_to_string(home.path().join(format!("run-{run}.{ending}")));
        let code = read("code").expect("an exit code");
        let stderr = read("err").expect("stderr");
        assert_ne!(code.trim(), "0", "run {run} does not claim success");
        assert!(stderr.to_lowercase().contains("locked"), "run {run} says the keyring is locked: {stderr}");
    }
    let created = organisations_saved(&data_dir);
    eprintln!("organisations created by three runs on a locked keyring: {created}");
    assert_eq!(created, 0, "no organisation was created by three runs");
}

/// How many organisations the in-process emulator's saved worlds in `data_dir` hold (none saved: none created).
#[cfg(unix)]
fn organisations_saved(data_dir: &std::path::Path) -> usize {
    let Ok(entries) = std::fs::read_dir(data_dir) else { return 0 };
    let mut count = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.strip_prefix("emulator-").and_then(|rest| rest.strip_suffix(".json")).is_some() {
            let text = std::fs::read_to_string(entry.path()).expect("the saved world reads");
            let saved: serde_json::Value = serde_json::from_str(&text).expect("the saved world is JSON");
            count += saved["world"]["organisations"].as_array().map_or(0, Vec::len);
        }
    }
    count
}
