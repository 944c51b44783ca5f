//! The desktop's light or dark preference, followed through a real D-Bus: a private `dbus-daemon` with a stand-in
//! for the XDG desktop portal's Settings interface (the one GNOME and KDE serve) on it. The window reads dark when the
//! portal prefers dark, turns light when the setting changes, ignores other settings, and reads an older portal (with
//! only `Read`) as well.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use zbus::zvariant::{OwnedValue, Value};

use bankfeeds_onboard::system_theme::SystemTheme;

use crate::support;

const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const SETTINGS: &str = "org.freedesktop.portal.Settings";

/// A bus of the test's own, so that no other test's window sees its portal.
struct PrivateBus {
    daemon: Child,
    address: String,
}

impl PrivateBus {
    fn start() -> Self {
        support::require_tools(&["dbus-daemon"], "install dbus (apt install dbus)");
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon starts");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("its output")).read_line(&mut address).expect("its address");
        Self { daemon, address: address.trim().to_owned() }
    }

    fn connect(&self) -> zbus::blocking::connection::Builder<'static> {
        zbus::blocking::connection::Builder::address(self.address.as_str()).expect("an address")
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        drop(self.daemon.kill());
        drop(self.daemon.wait());
    }
}

/// The portal's Settings, holding one colour scheme; `with_read_one` false plays a portal older than version 2.
struct PortalSettings {
    scheme: u32,
    with_read_one: bool,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl PortalSettings {
    fn read_one(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedValue> {
        if !self.with_read_one {
            return Err(zbus::fdo::Error::UnknownMethod("ReadOne is portal version 2".into()));
        }
        self.value(namespace, key).map(|value| OwnedValue::try_from(value).expect("a plain number"))
    }

    /// The older call, which wraps the value in one more variant.
    fn read(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedValue> {
        let value = self.value(namespace, key)?;
        Ok(OwnedValue::try_from(Value::Value(Box::new(value))).expect("a plain number"))
    }
}

impl PortalSettings {
    fn value(&self, namespace: &str, key: &str) -> zbus::fdo::Result<Value<'static>> {
        if (namespace, key) == ("org.freedesktop.appearance", "color-scheme") {
            Ok(Value::U32(self.scheme))
        } else {
            Err(zbus::fdo::Error::Failed(format!("no setting {namespace} {key}")))
        }
    }
}

/// Serves `settings` as the portal on `bus`.
fn portal(bus: &PrivateBus, settings: PortalSettings) -> zbus::blocking::Connection {
    bus.connect()
        .name(PORTAL)
        .expect("the portal's name")
        .serve_at(PORTAL_PATH, settings)
        .expect("the portal's object")
        .build()
        .expect("the portal on the bus")
}

/// Follows the portal on `bus` from a thread; each reading is told on the channel returned.
fn follow(bus: &PrivateBus) -> (SystemTheme, mpsc::Receiver<()>) {
    let theme = SystemTheme::default();
    let (told, readings) = mpsc::channel();
    let connection = bus.connect().build().expect("the app's connection");
    let follower = theme.clone();
    std::thread::spawn(move || follower.follow(&connection, &move || told.send(()).unwrap_or_default()));
    (theme, readings)
}

fn next_reading(readings: &mpsc::Receiver<()>, what: &str) {
    readings.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("no reading: {what}"));
}

fn change(portal: &zbus::blocking::Connection, namespace: &str, key: &str, value: u32) {
    portal
        .emit_signal(None::<()>, PORTAL_PATH, SETTINGS, "SettingChanged", &(namespace, key, Value::U32(value)))
        .expect("the signal sent");
}

#[test]
#[ignore = "needs dbus-daemon"]
fn the_window_follows_the_desktop_portals_dark_preference_and_its_changes() {
    let bus = PrivateBus::start();
    let portal = portal(&bus, PortalSettings { scheme: 1, with_read_one: true });
    let (theme, readings) = follow(&bus);
    next_reading(&readings, "the first");
    assert_eq!(theme.preference(), Some(egui::Theme::Dark), "1 is \"prefer dark\"");

    // The window on "System" (the default) draws dark, though the window system reports no preference.
    let test = support::test_app();
    let mut harness = support::harness(test.app.following_desktop_theme(theme.clone()));
    harness.step();
    harness.step();
    assert!(harness.ctx.global_style().visuals.dark_mode, "the window follows the desktop into dark");

    change(&portal, "org.gnome.desktop.interface", "gtk-theme", 1);
    change(&portal, "org.freedesktop.appearance", "color-scheme", 2);
    next_reading(&readings, "the change to light");
    assert_eq!(theme.preference(), Some(egui::Theme::Light), "another setting changes nothing; 2 is light");
    harness.step();
    harness.step();
    assert!(!harness.ctx.global_style().visuals.dark_mode, "the window turns light with the desktop");

    change(&portal, "org.freedesktop.appearance", "color-scheme", 0);
    next_reading(&readings, "no preference");
    assert_eq!(theme.preference(), None);
    harness.into_state().shutdown();
}

#[test]
#[ignore = "needs dbus-daemon"]
fn an_older_portal_with_only_read_is_read_too() {
    let bus = PrivateBus::start();
    let _portal = portal(&bus, PortalSettings { scheme: 1, with_read_one: false });
    let (theme, readings) = follow(&bus);
    next_reading(&readings, "through Read");
    assert_eq!(theme.preference(), Some(egui::Theme::Dark));
}
