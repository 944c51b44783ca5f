//! Demo mode: the strip under the title while the local emulator is in use ("Local emulator — no real bank", the
//! scenario in force, Scenarios… and Reset demo…), and the reset's confirmation, which says what goes and what
//! stays. Pushes intents; does no I/O.

use egui::{RichText, Ui};

use super::theme;
use crate::diagnostics::timeline::demo_reset_problem_text;
use crate::wizard::{DemoCleared, DemoResetProblem, Intent, Wizard};

/// What the strip asks of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoAsk {
    /// Open the scenario switcher.
    Scenarios,
    /// Ask to confirm a reset.
    ConfirmReset,
}

/// The strip; `scenario` is the scenario in force, in words, when it is not the normal one.
pub fn strip(ui: &mut Ui, wizard: &Wizard, scenario: Option<&str>) -> Option<DemoAsk> {
    let mut ask = None;
    egui::Frame::new().fill(theme::palette(ui).strip_fill()).inner_margin(egui::Margin::symmetric(8, 4)).show(
        ui,
        |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new("Local emulator — no real bank").strong().color(theme::info(ui)));
                match scenario {
                    Some(scenario) => {
                        ui.label(RichText::new(format!("Scenario: {scenario}")).color(theme::warning(ui)))
                    }
                    None => ui.label(RichText::new("Every step succeeds").color(theme::muted(ui))),
                };
                outcome(ui, wizard.session().demo.outcome.as_ref());
                super::start_at::status(ui, &wizard.session().demo);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let blocked = wizard.demo_reset_blocked().map(super::words::demo_reset_blocked);
                    let reset = ui.add_enabled(blocked.is_none(), egui::Button::new("Reset demo…"));
                    let reset = match blocked {
                        Some(reason) => reset.on_disabled_hover_text(reason),
                        None => reset.on_hover_text("Forget every organisation and account of the local emulator"),
                    };
                    if reset.clicked() {
                        ask = Some(DemoAsk::ConfirmReset);
                    }
                    if ui.button("Scenarios…").on_hover_text("Choose how each step of the emulator answers").clicked()
                    {
                        ask = Some(DemoAsk::Scenarios);
                    }
                });
            });
        },
    );
    ask
}

fn outcome(ui: &mut Ui, outcome: Option<&Result<DemoCleared, DemoResetProblem>>) {
    match outcome {
        Some(Ok(cleared)) => {
            let text = format!(
                "Demo reset: {} organisations, {} keys and {} saved states cleared",
                cleared.organisations, cleared.keys, cleared.state_files
            );
            ui.label(RichText::new(text).small().color(theme::success(ui)));
        }
        Some(Err(problem)) => {
            let text = format!("Demo not reset: {}", demo_reset_problem_text(problem));
            ui.label(RichText::new(text).small().color(theme::danger(ui)));
        }
        None => {}
    }
}

/// What a demo reset keeps, said in both dialogs that reset it (Reset demo…, Start at…).
pub(super) fn what_stays(ui: &mut Ui) {
    ui.label(
        RichText::new("What you typed, your settings and other environments' organisations stay.")
            .color(theme::muted(ui)),
    );
}

/// The reset's confirmation, while `open`; pushes `Intent::ResetDemo` when confirmed. Closes itself either way.
pub fn confirm_reset(ctx: &egui::Context, open: &mut bool, intents: &mut Vec<Intent>) {
    if !*open {
        return;
    }
    let modal = egui::Modal::new(egui::Id::unique("confirm-reset-demo")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.label(RichText::new("Reset the demo?").strong().size(16.0));
        ui.add_space(theme::FIELD_GAP);
        ui.label(
            "The local emulator forgets every organisation, bank account and link. Its saved state and the local \
             organisations' keys in the keyring are deleted, and the wizard starts again on its first step.",
        );
        ui.add_space(4.0);
        what_stays(ui);
        ui.add_space(theme::SECTION_GAP);
        ui.horizontal(|ui| {
            let reset = super::widgets::danger(ui, "Reset demo");
            if ui.add(reset).clicked() {
                intents.push(Intent::ResetDemo);
                *open = false;
            }
            if ui.button("Cancel").clicked() {
                *open = false;
            }
        });
    });
    if modal.should_close() {
        *open = false;
    }
}
