//! The real window read as a screen reader reads it: under Xvfb, in a D-Bus session of its own with the AT-SPI bus
//! started (AccessKit publishes nothing otherwise) and a throwaway unlocked keyring, `tests/atspi/walk.py` walks the
//! onboarding through the accessibility tree: the window is named, and on every screen each interactive node has a
//! name and no two share one. Needs Xvfb, xdotool, gnome-keyring, at-spi2-core and python3-pyatspi: ignored by a plain
//! `cargo test`, run by `scripts/test` where they are installed.

use std::process::Command;
use std::time::Duration;

use crate::real_binary::{BINARY, output_within};

/// The captcha's answer in this walk.
const CAPTCHA: &str = "ATSPI";

#[test]
#[ignore = "needs Xvfb, xdotool, gnome-keyring, at-spi2-core and python3-pyatspi; scripts/test runs it where they are installed"]
fn the_real_windows_accessibility_tree_names_every_control_and_walks_the_onboarding() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/atspi/walk.py");
    let data = dir.path().join("data");
    // The app's own commands run inside the Xvfb shell, so their `$` are escaped from the session's shell; the walk has
    // a time limit of its own, so that a stuck walk ends the session rather than hanging the test.
    let inside_x = format!(
        "{BINARY} --data-dir '{data}' --captcha-text {CAPTCHA} & app=\\$!; \
         timeout 120 /usr/bin/python3 '{script}' {CAPTCHA}; status=\\$?; kill \\$app; exit \\$status",
        data = data.display()
    );
    let session = format!(
        "printf %s throwaway | gnome-keyring-daemon --unlock --components=secrets >/dev/null; \
         /usr/libexec/at-spi-bus-launcher --launch-immediately --a11y=1 & sleep 1; \
         xvfb-run -a -s '-screen 0 1040x780x24' bash -c \"{inside_x}\""
    );
    let mut command = Command::new("dbus-run-session");
    command.args(["--", "bash", "-c", &session]).env("XDG_DATA_HOME", dir.path()).env("RUST_LOG", "warn");
    let (output, took) = output_within(command, Duration::from_mins(3));
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("the AT-SPI walk took {took:?}:\n{stdout}");
    assert!(
        output.status.success() && stdout.contains("walked to the organisation onboarded"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for screen in ["environment", "licence", "organisation", "captcha", "onboarded"] {
        assert!(stdout.contains(&format!("screen {screen}: ")), "the {screen} screen was checked: {stdout}");
    }
}
