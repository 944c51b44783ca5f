//! Times you can quote: a failure that asks the person to contact support says when it happened (local time, with UTC
//! beside it, as helpdesk logs are kept) and gives a reference to copy: what failed, its exact terms and the UTC time,
//! the same that the timeline and the support bundle show. The time is when the failure was first shown, which is
//! the frame its answer arrived in; shown again after it was gone, it is a new failure with a new time.

use egui::{RichText, Ui};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{theme, widgets};

/// True when `body` asks the person to contact (or ask) support.
#[must_use]
pub fn asks_for_support(body: &str) -> bool {
    let body = body.to_lowercase();
    body.contains("sage support") || body.contains("contact support")
}

/// The reference to quote: what failed (`title`), its exact terms (`details`), and the UTC time.
#[must_use]
pub fn reference(title: &str, details: Option<&str>, at: Timestamp) -> String {
    let details = details.map(|details| format!(" · {details}")).unwrap_or_default();
    format!("{title}{details} · {} UTC", at.strftime("%Y-%m-%d %H:%M:%S"))
}

/// When it happened, in words: the time in `zone` (the person's own), then the UTC date and time.
#[must_use]
pub fn when(at: Timestamp, zone: &TimeZone) -> String {
    let local = at.to_zoned(zone.clone());
    format!("Happened at {} your time ({} UTC)", local.strftime("%H:%M:%S"), at.strftime("%Y-%m-%d %H:%M:%S"))
}

/// Draws when the failure titled `title` happened and its reference with Copy; `given` is a reference the caller
/// already has (a lost answer's CRM ID and time), shown in place of the one made here.
pub fn show(ui: &mut Ui, title: &str, details: Option<&str>, given: Option<&str>) {
    let at = first_shown(ui, title, details);
    ui.label(RichText::new(when(at, &TimeZone::system())).small().color(theme::muted(ui)));
    let reference = given.map_or_else(|| reference(title, details, at), ToOwned::to_owned);
    widgets::copyable(ui, "Support reference", &reference);
}

/// When the failure was first shown: kept while it is drawn frame after frame, taken anew when it appears again.
fn first_shown(ui: &Ui, title: &str, details: Option<&str>) -> Timestamp {
    let key = egui::Id::unique(("support stamp", title, details));
    let pass = ui.ctx().cumulative_pass_nr();
    ui.ctx().data_mut(|data| {
        let kept = data.get_temp::<(u64, Timestamp)>(key).filter(|(last, _)| last + 1 >= pass);
        let at = kept.map_or_else(Timestamp::now, |(_, at)| at);
        data.insert_temp(key, (pass, at));
        at
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_for_support_is_recognised_in_its_usual_wordings_only() {
        assert!(asks_for_support("Try again in a few minutes. If it goes on, contact Sage support with the time."));
        assert!(asks_for_support("Try again; if it happens again, the service may have changed: contact support."));
        assert!(asks_for_support("onboard it again from the machine that holds the key, or ask Sage support."));
        assert!(!asks_for_support("Check the network connection, then try again."));
    }

    #[test]
    fn the_reference_names_what_failed_its_exact_terms_and_the_utc_time() {
        let at: Timestamp = "2026-12-08T00:17:49.6Z".parse().expect("a time");
        assert_eq!(
            reference("The Banking Service has a problem on its side", Some("HTTP 503, code injectedFault"), at),
            "The Banking Service has a problem on its side · HTTP 503, code injectedFault · 2026-12-08 00:17:49 UTC"
        );
        assert_eq!(reference("It failed", None, at), "It failed · 2026-12-08 00:17:49 UTC");
    }

    #[test]
    fn the_time_is_given_in_the_persons_zone_with_utc_beside_it() {
        let at: Timestamp = "2026-12-08T15:47:59Z".parse().expect("a time");
        let new_york_in_winter = TimeZone::fixed(jiff::tz::offset(-5));
        assert_eq!(when(at, &new_york_in_winter), "Happened at 10:47:59 your time (2026-12-08 15:47:59 UTC)");
        assert_eq!(when(at, &TimeZone::UTC), "Happened at 15:47:59 your time (2026-12-08 15:47:59 UTC)");
    }
}
