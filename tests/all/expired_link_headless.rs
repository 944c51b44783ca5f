//! An expired consent end to end with the real binary and the real keyring: `headless` is killed while its link
//! waits, the durable emulator's saved link is made older than a consent's lifetime (as if the page had been left
//! open for hours), and the restarted walk ends with `link ended expired` and a sentence, not as declined.
//! Needs a Secret Service: ignored by a plain `cargo test`, run by `scripts/test` in the throwaway one it starts.

use bankfeeds_onboard::emulator::world::LINK_LIFETIME;

use crate::real_binary::{Running, headless, output_within};
use crate::support::require_secret_service;

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn a_consent_page_left_open_past_its_lifetime_ends_the_walk_as_expired() {
    require_secret_service();
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    let slow = ["--poll-period-ms", "1000", "--patience", "30"];
    let mut first = Running::start(headless(&data_dir, &slow));
    first.wait_for(|line| line == "link waiting checks 1");
    // Between two polls: the next route is saved (a few milliseconds), the next poll is a second away.
    std::thread::sleep(std::time::Duration::from_millis(300));
    first.kill();

    let state = data_dir.join("emulator-qa.json");
    let mut world: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state).expect("the saved world")).expect("json");
    let long_ago = jiff::Timestamp::now() - jiff::SignedDuration::try_from(LINK_LIFETIME * 2).expect("hours");
    let links = world["world"]["links"].as_array_mut().expect("the saved links");
    assert_eq!(links.len(), 1, "{links:?}");
    links[0]["startedAt"] = serde_json::Value::String(long_ago.to_string());
    std::fs::write(&state, serde_json::to_vec(&world).expect("json")).expect("written back");

    let (output, _) = output_within(headless(&data_dir, &slow), std::time::Duration::from_mins(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.lines().any(|line| line == "link ended expired"), "{stdout}");
    assert!(!stdout.contains("declined") && !stdout.contains("link starting"), "the saved link ended: {stdout}");
    assert!(!output.status.success());
    assert!(
        stderr.contains("left open too long and expired (by the service's clock), so nothing was linked"),
        "{stderr}"
    );
}
