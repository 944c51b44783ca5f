//! The desktop's light or dark preference where the window system does not report it: on Linux, winit reads none on
//! X11 or Wayland, so it is read from the XDG desktop portal (`org.freedesktop.appearance` `color-scheme`, the
//! setting GNOME, KDE and others publish) and followed as it changes, on a thread of its own.

use std::sync::{Arc, Mutex, PoisonError};

/// The portal's service, object and settings interface.
const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const SETTINGS: &str = "org.freedesktop.portal.Settings";
/// The setting read: 0 no preference, 1 prefer dark, 2 prefer light.
const NAMESPACE: &str = "org.freedesktop.appearance";
const KEY: &str = "color-scheme";

/// The theme a `color-scheme` value asks for: `None` for no preference (or a value this program does not know).
#[must_use]
pub fn from_colour_scheme(value: u32) -> Option<egui::Theme> {
    match value {
        1 => Some(egui::Theme::Dark),
        2 => Some(egui::Theme::Light),
        _ => None,
    }
}

/// The desktop's latest preference, kept up to date by a thread that follows the portal.
#[derive(Clone, Debug, Default)]
pub struct SystemTheme {
    latest: Arc<Mutex<Option<egui::Theme>>>,
}

impl SystemTheme {
    /// The preference last read; `None` when there is none, or no portal answered.
    #[must_use]
    pub fn preference(&self) -> Option<egui::Theme> {
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, theme: Option<egui::Theme>) {
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = theme;
    }

    /// Follows the portal on the session bus; `changed` is called after each new reading (to draw the window again).
    /// Where there is no session bus or no portal, the preference stays `None` and nothing else happens.
    #[must_use]
    pub fn follow_session(changed: impl Fn() + Send + 'static) -> Self {
        let theme = Self::default();
        #[cfg(target_os = "linux")]
        {
            let follower = theme.clone();
            let spawned = std::thread::Builder::new().name("system-theme".into()).spawn(move || {
                match zbus::blocking::Connection::session() {
                    Ok(bus) => follower.follow(&bus, &changed),
                    Err(error) => tracing::debug!("the desktop's theme is not followed: no session bus: {error}"),
                }
            });
            if let Err(error) = spawned {
                tracing::warn!("the desktop's theme is not followed: {error}");
            }
        }
        #[cfg(not(target_os = "linux"))]
        drop(changed);
        theme
    }

    /// Reads the preference on `bus`, then follows its changes until the bus closes; `on_reading` after each one.
    #[cfg(target_os = "linux")]
    pub fn follow(&self, bus: &zbus::blocking::Connection, on_reading: &dyn Fn()) {
        let proxy = match zbus::blocking::Proxy::new(bus, PORTAL, PORTAL_PATH, SETTINGS) {
            Ok(proxy) => proxy,
            Err(error) => return tracing::debug!("the desktop's theme is not followed: {error}"),
        };
        // Subscribed before the first read, so that a change in between is not missed.
        let subscription = proxy.receive_signal("SettingChanged");
        match read(&proxy) {
            Ok(value) => {
                self.set(from_colour_scheme(value));
                on_reading();
            }
            Err(error) => tracing::debug!("the desktop portal gave no colour scheme: {error}"),
        }
        let Ok(signals) = subscription else { return };
        for message in signals {
            let body = message.body();
            let Ok((namespace, key, value)) = body.deserialize::<(String, String, zbus::zvariant::Value<'_>)>() else {
                continue;
            };
            if namespace == NAMESPACE && key == KEY {
                self.set(as_u32(&value).and_then(from_colour_scheme));
                on_reading();
            }
        }
    }
}

/// The `color-scheme` value: `ReadOne` (portal version 2 and later), else the older `Read`, which wraps it in one more
/// variant.
#[cfg(target_os = "linux")]
fn read(proxy: &zbus::blocking::Proxy<'_>) -> Result<u32, zbus::Error> {
    let value: zbus::zvariant::OwnedValue = match proxy.call("ReadOne", &(NAMESPACE, KEY)) {
        Ok(value) => value,
        Err(_) => proxy.call("Read", &(NAMESPACE, KEY))?,
    };
    as_u32(&value).ok_or_else(|| zbus::Error::Failure(format!("{KEY} is not a number: {value:?}")))
}

/// The number in `value`, looking through variants wrapped in variants.
#[cfg(target_os = "linux")]
fn as_u32(value: &zbus::zvariant::Value<'_>) -> Option<u32> {
    match value {
        zbus::zvariant::Value::U32(number) => Some(*number),
        zbus::zvariant::Value::Value(inner) => as_u32(inner),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_portal_values_map_to_dark_light_or_no_preference() {
        assert_eq!(from_colour_scheme(1), Some(egui::Theme::Dark));
        assert_eq!(from_colour_scheme(2), Some(egui::Theme::Light));
        assert_eq!(from_colour_scheme(0), None, "no preference");
        assert_eq!(from_colour_scheme(7), None, "a value not in the specification");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_number_is_found_through_the_variants_the_older_read_wraps_it_in() {
        use zbus::zvariant::Value;
        assert_eq!(as_u32(&Value::U32(1)), Some(1));
        assert_eq!(as_u32(&Value::Value(Box::new(Value::Value(Box::new(Value::U32(2)))))), Some(2));
        assert_eq!(as_u32(&Value::Str("dark".into())), None);
    }

    #[test]
    fn no_reading_means_no_preference() {
        assert_eq!(SystemTheme::default().preference(), None);
    }
}
