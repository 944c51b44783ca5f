//! Continuing at the bank on another device, beside or under the bank page's address while the app waits: the page
//! as a QR code for a phone's camera, or, for a page on this computer (the local emulator, a service on localhost),
//! why a phone cannot open it. The app notices the bank's answer by polling, whichever device gave it.

use egui::{RichText, Ui};
use url::Url;

use crate::ui::{qr_code, theme};

/// The side of the QR code, in points: small enough to sit beside the address in an 800 × 600 window, large enough
/// for a phone to read from a screen.
pub const QR_SIDE: f32 = 168.0;

/// The QR code's accessible name.
pub const QR_NAME: &str = "QR code of the bank's page, to open it on a phone";

/// Why a phone cannot open a page on this computer.
pub const ONLY_HERE: &str = "A phone cannot open this page: its address points at this computer itself, so finish \
                             at the bank in a browser here.";

/// True when a phone may reach `page`: any address but this computer's own (`localhost`, 127.0.0.0/8, `::1`).
#[must_use]
pub fn phone_can_open(page: &Url) -> bool {
    !crate::config::is_loopback(page)
}

/// Draws the QR code of `page` with a line on what to do with it, or why a phone cannot open it.
pub fn other_device(ui: &mut Ui, page: &Url) {
    if !phone_can_open(page) {
        ui.label(RichText::new(ONLY_HERE).color(theme::muted(ui)));
        return;
    }
    ui.label(RichText::new("On a phone").strong());
    if qr_code::show(ui, page.as_str(), QR_SIDE, QR_NAME) {
        ui.label(
            RichText::new("Scan the code with the phone's camera and finish at the bank there; this window notices.")
                .small()
                .color(theme::muted(ui)),
        );
    } else {
        ui.label(
            RichText::new("The address is too long for a QR code: copy it to the phone instead.")
                .color(theme::muted(ui)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_can_open_any_page_but_this_computers_own() {
        let page = |address: &str| Url::parse(address).expect("an address");
        assert!(phone_can_open(&page("https://aggregator.example.com/consent/1")));
        assert!(phone_can_open(&page("http://192.168.1.20:8080/consent/1")), "another machine on the network");
        for own in
            ["http://127.0.0.1:41234/consent/1", "http://localhost:8080/c", "http://[::1]:9/c", "http://127.8.0.1/"]
        {
            assert!(!phone_can_open(&page(own)), "{own}");
        }
    }
}
