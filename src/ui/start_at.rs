//! Start at any step, from Emulator → Start at: the submenu of every seed (disabled, saying why, when no start can be
//! made now), the confirmation, which says the demo is reset first and what the seed sets up, and the demo strip's
//! word on a start under way or ended. Pushes intents; does no I/O.

use egui::{RichText, Ui};

use super::words::{seed_summary, seed_title};
use super::{theme, widgets};
use crate::diagnostics::timeline::start_at_problem_text;
use crate::wizard::{DemoState, Intent, Seed};

/// Every seed, with why it cannot be started now (if it cannot), as the menu lists them.
pub type SeedChoices = Vec<(Seed, Option<&'static str>)>;

/// The "Start at" submenu; returns the seed chosen.
pub fn submenu(ui: &mut Ui, seeds: &SeedChoices) -> Option<Seed> {
    let mut chosen = None;
    ui.menu_button("Start at", |ui| {
        for (seed, blocked) in seeds {
            let item = ui.add_enabled(blocked.is_none(), egui::Button::new(format!("{}…", seed_title(*seed))));
            let item = match blocked {
                Some(reason) => item.on_disabled_hover_text(*reason),
                None => item.on_hover_text(seed_summary(*seed)),
            };
            if item.clicked() {
                chosen = Some(*seed);
            }
        }
    });
    chosen
}

/// The confirmation of a start at `asked`, while it is set; pushes `Intent::StartAt` when confirmed. Clears `asked`
/// either way (Escape too).
pub fn confirm(ctx: &egui::Context, asked: &mut Option<Seed>, intents: &mut Vec<Intent>) {
    let Some(seed) = *asked else { return };
    let modal = egui::Modal::new(egui::Id::unique("confirm-start-at")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.label(RichText::new(format!("Start the demo at \"{}\"?", seed_title(seed))).strong().size(16.0));
        ui.add_space(theme::FIELD_GAP);
        ui.label(format!(
            "The demo is reset first: the local emulator forgets every organisation, bank account and link, and their \
             keys leave the keyring. Then the wizard walks there on the emulator, which takes a few seconds, and \
             sets up {}.",
            seed_summary(seed)
        ));
        ui.add_space(4.0);
        super::demo::what_stays(ui);
        ui.add_space(theme::SECTION_GAP);
        ui.horizontal(|ui| {
            if ui.add(widgets::danger(ui, "Reset and start here")).clicked() {
                intents.push(Intent::StartAt(seed));
                *asked = None;
            }
            if ui.button("Cancel").clicked() {
                *asked = None;
            }
        });
    });
    if modal.should_close() {
        *asked = None;
    }
}

/// The demo strip's word on a start at a step: under way, set up, or why not.
pub fn status(ui: &mut Ui, demo: &DemoState) {
    if let Some(seed) = demo.seeding {
        ui.spinner();
        let text = format!("Setting up the demo: {}…", seed_title(seed));
        ui.label(RichText::new(text).small().color(theme::info(ui)));
        return;
    }
    match &demo.started {
        Some(Ok(seed)) => {
            let text = format!("Demo set up: {}", seed_title(*seed));
            ui.label(RichText::new(text).small().color(theme::success(ui)));
        }
        Some(Err(problem)) => {
            let text = format!("Demo not set up: {}", start_at_problem_text(problem));
            ui.label(RichText::new(text).small().color(theme::danger(ui)));
        }
        None => {}
    }
}
