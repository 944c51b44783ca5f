//! Closing the window while a new organisation's signing key is held only in memory: the close is held back, and a
//! confirmation says what would be lost, offers Try again, and gives the sentence to tell Sage support (organisation
//! ID and time) before the window may close anyway.

use egui::{RichText, ViewportCommand};

use crate::ui::{explain, theme, widgets};
use crate::wizard::{Event, KeyOnlyInMemory, Wizard};

/// Holds back a close that would lose a key, until the person confirms.
#[derive(Debug, Default)]
pub struct CloseGuard {
    /// The confirmation is open.
    asking: bool,
    /// The person chose to close anyway: the next close goes through.
    confirmed: bool,
}

impl CloseGuard {
    /// Call once a frame, before drawing: a close asked for (the window's ✕, Alt+F4, the desktop) while a key is held
    /// only in memory is cancelled and the confirmation opened.
    pub fn hold_back(&mut self, ctx: &egui::Context, wizard: &Wizard) {
        let held = wizard.key_only_in_memory().is_some();
        if !held {
            // The keyring took it meanwhile: nothing to lose any more.
            self.asking = false;
            return;
        }
        if ctx.input(|input| input.viewport().close_requested()) && !self.confirmed {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.asking = true;
        }
    }

    /// Whether the confirmation is open.
    #[must_use]
    pub fn is_asking(&self) -> bool {
        self.asking
    }

    /// Draws the confirmation while it is open; pushes Try again as an intent.
    pub fn show(&mut self, ctx: &egui::Context, wizard: &Wizard, intents: &mut Vec<Event>) {
        if !self.asking {
            return;
        }
        let Some(held) = wizard.key_only_in_memory() else { return };
        let modal = egui::Modal::new(egui::Id::unique("confirm-close-losing-key")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(RichText::new("Close and lose the signing key?").strong().size(16.0));
            ui.add_space(theme::FIELD_GAP);
            ui.label(what_would_be_lost(&held));
            ui.add_space(theme::FIELD_GAP);
            ui.label(RichText::new("If you close anyway, tell Sage support:").strong());
            let note = support_note(&held);
            ui.add(egui::Label::new(RichText::new(&note).monospace()).wrap());
            if ui.button("Copy what to tell support").clicked() {
                ui.ctx().copy_text(note.clone());
            }
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                let storing = held.problem.is_none();
                if widgets::primary_button(ui, "Try the keyring again", !storing) {
                    intents.push(Event::RetryKeyStore);
                    self.asking = false;
                }
                if ui.button("Keep the window open").clicked() {
                    self.asking = false;
                }
                let close = egui::Button::new(RichText::new("Close anyway").color(egui::Color32::WHITE).strong())
                    .fill(theme::DANGER);
                if ui.add(close).clicked() {
                    tracing::warn!(note = %note, "closed while the signing key was held only in memory");
                    self.confirmed = true;
                    ui.ctx().send_viewport_cmd(ViewportCommand::Close);
                }
            });
        });
        if modal.should_close() {
            self.asking = false;
        }
    }
}

/// What closing now would lose, and why the keyring does not have it.
fn what_would_be_lost(held: &KeyOnlyInMemory<'_>) -> String {
    let why = match held.problem {
        Some(problem) => format!("The keyring has not taken it: {}.", explain::keyring(problem).title.to_lowercase()),
        None => "The keyring is still being asked to take it.".to_owned(),
    };
    format!(
        "The organisation {} was created, but its signing key is held only in this window. {why} If you close now, the \
         key is lost: this organisation cannot be used from this computer, and Sage support must be asked about it.",
        held.organisation.organisation_id.as_str()
    )
}

/// The sentence for Sage support: which organisation, where, when, and what happened to its key. No secret.
#[must_use]
pub fn support_note(held: &KeyOnlyInMemory<'_>) -> String {
    let organisation = held.organisation;
    format!(
        "Organisation {} (company {}) was created on {} at {}, but its signing key could not be stored in the keyring \
         and was lost when the app was closed.",
        organisation.organisation_id.as_str(),
        organisation.company_name,
        organisation.environment.label(),
        organisation.created_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
    )
}
