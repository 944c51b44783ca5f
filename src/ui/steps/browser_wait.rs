//! Waiting for the person to finish at the bank in the browser, shared by linking and re-authorisation: what to do
//! there, the page's address with Copy and Open again (and what to do when no browser opened), its QR code for a
//! phone beside it in a wide window and under it in a narrow one (`other_device.rs`), how long it has been, when the
//! next check is, and Cancel. Redraws at each whole second before the next check, and not at the check
//! itself: its answer redraws the window (the runtime's notify), so a 5 s pollPeriod costs five frames every 5 s.

use std::time::Duration;

use egui::{RichText, Ui};
use jiff::Timestamp;

use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{Intent, Waiting};

use super::View;
use super::other_device::{self, QR_SIDE, phone_can_open};

/// The narrowest the address's column may be with the QR code beside it.
const ADDRESS_BESIDE_QR: f32 = 300.0;

/// Draws the waiting panel; `steps` says what to do in the browser, `cancel` is sent by its Cancel button.
pub fn waiting_panel(
    ui: &mut Ui,
    waiting: &Waiting,
    minutes: u32,
    steps: &[&str],
    cancel: Intent,
    view: &mut View<'_>,
) {
    match &waiting.browser {
        Ok(()) => {
            for step in steps {
                ui.label(*step);
            }
        }
        Err(why) => widgets::callout(
            ui,
            Tone::Warning,
            "No browser could be opened",
            &format!("{why}. Copy the address below and open it in your browser; this window goes on waiting."),
        ),
    }
    ui.add_space(theme::FIELD_GAP);
    let spacing = ui.spacing().item_spacing.x;
    let gap = spacing * 4.0;
    let left = if phone_can_open(&waiting.redirect) && ui.available_width() >= ADDRESS_BESIDE_QR + gap + QR_SIDE {
        // The address and the waiting lines in one column, the code in the other; each column is followed by the
        // layout's item spacing, which the address's width leaves room for.
        let row = ui.horizontal_top(|ui| {
            let address_width = ui.available_width() - QR_SIDE - gap - 2.0 * spacing;
            let left = ui
                .vertical(|ui| {
                    ui.set_width(address_width);
                    address(ui, waiting, view);
                    ui.add_space(theme::SECTION_GAP);
                    progress(ui, waiting, minutes)
                })
                .inner;
            ui.add_space(gap);
            ui.vertical(|ui| {
                ui.set_max_width(QR_SIDE);
                other_device::other_device(ui, &waiting.redirect);
            });
            left
        });
        row.inner
    } else {
        address(ui, waiting, view);
        ui.add_space(theme::FIELD_GAP);
        other_device::other_device(ui, &waiting.redirect);
        ui.add_space(theme::SECTION_GAP);
        progress(ui, waiting, minutes)
    };
    ui.add_space(theme::SECTION_GAP);
    if widgets::button(ui, "Cancel", true) {
        view.intents.push(cancel);
    }
    ui.ctx().request_repaint_after(next_frame_in(left));
}

/// How long it has been, when the next check is and the last check's failure; returns the time left before the next
/// check (`None` while one runs).
fn progress(ui: &mut Ui, waiting: &Waiting, minutes: u32) -> Option<Duration> {
    let now = Timestamp::now();
    let elapsed = now.duration_since(waiting.started_at).unsigned_abs();
    ui.label(format!("Waiting for {} (stops after {minutes} minutes)", clock(elapsed)));
    let left = waiting.next_check_at.map(|at| at.duration_since(now)).filter(jiff::SignedDuration::is_positive);
    let left = left.map(jiff::SignedDuration::unsigned_abs);
    let next = match left {
        Some(left) => format!("Next check in {}", clock(rounded_up(left))),
        None => "Checking now".to_owned(),
    };
    let checks = match waiting.checks {
        1 => "1 check".to_owned(),
        n => format!("{n} checks"),
    };
    ui.label(RichText::new(format!("{next}; {checks} so far")).color(theme::muted(ui)));
    if let Some(failure) = &waiting.last_failure {
        let text = explain::failed_action("The last check", failure);
        let label =
            ui.label(RichText::new(format!("{}: trying again automatically", text.title)).color(theme::warning(ui)));
        if let Some(details) = &text.details {
            label.on_hover_text(details);
        }
    }
    left
}

/// The bank page's address with Copy, and Open again.
fn address(ui: &mut Ui, waiting: &Waiting, view: &mut View<'_>) {
    widgets::copyable(ui, "Bank page", waiting.redirect.as_str());
    ui.horizontal(|ui| {
        if widgets::button(ui, "Open again", true) {
            view.intents.push(Intent::OpenInBrowser(waiting.redirect.clone()));
        }
    });
}

const SECOND: Duration = Duration::from_secs(1);

/// `duration` rounded up to a whole second, as a countdown shows it ("4 s" until 3 s are left).
fn rounded_up(duration: Duration) -> Duration {
    Duration::from_secs(duration.as_secs() + u64::from(duration.subsec_nanos() > 0))
}

/// How long until the countdown's next frame, `left` before the next check (`None` while it runs): at the countdown's
/// next whole second, but never at the check itself, whose answer redraws the window; a second after it when the
/// answer is late, and every second while a check runs.
fn next_frame_in(left: Option<Duration>) -> Duration {
    match left {
        Some(left) if left > SECOND => match left.subsec_nanos() {
            0 => SECOND,
            into_second => Duration::from_nanos(u64::from(into_second)),
        },
        Some(left) => left + SECOND,
        None => SECOND,
    }
}

/// `1 min 05 s`, or `42 s`.
fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 60 { format!("{} min {:02} s", seconds / 60, seconds % 60) } else { format!("{seconds} s") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_draws_at_each_whole_second_before_the_check_and_not_at_the_check() {
        let ms = Duration::from_millis;
        assert_eq!(next_frame_in(Some(ms(4_300))), ms(300), "at 4 s left");
        assert_eq!(next_frame_in(Some(ms(4_000))), SECOND, "at 3 s left");
        assert_eq!(next_frame_in(Some(ms(1_200))), ms(200), "at 1 s left");
        assert_eq!(next_frame_in(Some(ms(1_000))), ms(2_000), "the check's answer redraws; a second later if late");
        assert_eq!(next_frame_in(Some(ms(400))), ms(1_400));
        assert_eq!(next_frame_in(None), SECOND, "while the check runs");
    }

    #[test]
    fn a_countdown_shows_the_seconds_left_rounded_up() {
        let left = Duration::from_millis(3_998);
        assert_eq!(clock(rounded_up(left)), "4 s");
    }
}
