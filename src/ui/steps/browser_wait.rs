//! Waiting for the person to finish at the bank in the browser, shared by linking and re-authorisation: what to do
//! there, the page's address with Copy and Open again (and what to do when no browser opened), how long it has been,
//! when the next check is, and Cancel. Redraws once a second, at the second's turn, and no more.

use std::time::Duration;

use egui::{RichText, Ui};
use jiff::Timestamp;

use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{Event, Waiting};

use super::View;

/// Draws the waiting panel; `steps` says what to do in the browser, `cancel` is sent by its Cancel button.
pub fn waiting_panel(ui: &mut Ui, waiting: &Waiting, minutes: u32, steps: &[&str], cancel: Event, view: &mut View<'_>) {
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
    widgets::copyable(ui, "Bank page", &waiting.redirect);
    ui.horizontal(|ui| {
        if widgets::button(ui, "Open again", true) {
            view.intents.push(Event::OpenInBrowser(waiting.redirect.clone()));
        }
    });
    ui.add_space(theme::SECTION_GAP);
    let now = Timestamp::now();
    let elapsed = now.duration_since(waiting.started_at).unsigned_abs();
    ui.label(format!("Waiting for {} (stops after {minutes} minutes)", clock(elapsed)));
    let next = match waiting.next_check_at {
        Some(at) if at > now => format!("Next check in {}", clock(at.duration_since(now).unsigned_abs())),
        _ => "Checking now".to_owned(),
    };
    let checks = match waiting.checks {
        1 => "1 check".to_owned(),
        n => format!("{n} checks"),
    };
    ui.label(RichText::new(format!("{next}; {checks} so far")).color(theme::MUTED));
    if let Some(failure) = &waiting.last_failure {
        let text = explain::failure("The last check", failure);
        ui.label(RichText::new(format!("{}: trying again automatically", text.title)).color(theme::WARNING));
    }
    ui.add_space(theme::SECTION_GAP);
    if widgets::button(ui, "Cancel", true) {
        view.intents.push(cancel);
    }
    // A countdown in whole seconds needs one frame a second, at the next second's turn.
    let into_second = u64::from(elapsed.subsec_millis());
    ui.ctx().request_repaint_after(Duration::from_millis(1_000 - into_second.min(999)));
}

/// `1 min 05 s`, or `42 s`.
fn clock(duration: Duration) -> String {
    let seconds = duration.as_secs();
    if seconds >= 60 { format!("{} min {:02} s", seconds / 60, seconds % 60) } else { format!("{seconds} s") }
}
