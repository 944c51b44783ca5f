//! Closing the window while closing would lose a customer's signing key (POST organisation under way, or its key held
//! only in memory): the close is held back, even from a minimised window, and a confirmation says what would be
//! lost, offers what may save it, and gives the sentence to tell Sage support before the window may close anyway.

use egui::{RichText, ViewportCommand};

use crate::ui::{explain, theme, widgets};
use crate::wizard::Intent;
use crate::wizard::{AtRisk, KeyOnlyInMemory, OnboardedIntent, Wizard};

/// Holds back a close that would lose a key, until the person confirms.
#[derive(Debug, Default)]
pub struct CloseGuard {
    /// When the close was asked for, while the confirmation is open.
    asked_at: Option<jiff::Timestamp>,
    /// The person chose to close anyway: the next close goes through.
    confirmed: bool,
}

impl CloseGuard {
    /// Call once a frame, and from `App::logic` (which eframe runs even while the window is minimised or hidden): a
    /// close asked for (the window's ✕, Alt+F4, the taskbar, logging out) while a key is at risk is cancelled, the
    /// window brought back, and the confirmation opened.
    pub fn hold_back(&mut self, ctx: &egui::Context, wizard: &Wizard) {
        if wizard.at_risk_on_close().is_none() {
            // The keyring took the key meanwhile, or the organisation was refused: nothing to lose any more.
            self.asked_at = None;
            return;
        }
        if ctx.input(|input| input.viewport().close_requested()) && !self.confirmed {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            ctx.send_viewport_cmd(ViewportCommand::Minimized(false));
            ctx.send_viewport_cmd(ViewportCommand::Focus);
            self.asked_at.get_or_insert_with(jiff::Timestamp::now);
        }
    }

    /// Draws the confirmation while it is open; pushes Try the keyring again as an intent.
    pub fn show(&mut self, ctx: &egui::Context, wizard: &Wizard, intents: &mut Vec<Intent>) {
        let (Some(asked_at), Some(at_risk)) = (self.asked_at, wizard.at_risk_on_close()) else { return };
        let modal = egui::Modal::new(egui::Id::unique("confirm-close-losing-key")).show(ctx, |ui| {
            ui.set_width(460.0);
            ui.label(RichText::new(title(&at_risk)).strong().size(16.0));
            ui.add_space(theme::FIELD_GAP);
            ui.label(what_would_be_lost(&at_risk));
            ui.add_space(theme::FIELD_GAP);
            ui.label(RichText::new("If you close anyway, tell Sage support:").strong());
            let note = explain::support_note_for(&at_risk, asked_at);
            ui.add(egui::Label::new(RichText::new(&note).monospace()).wrap());
            if ui.button("Copy what to tell support").clicked() {
                ui.ctx().copy_text(note.clone());
            }
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| self.buttons(ui, &at_risk, &note, intents));
        });
        if modal.should_close() {
            self.asked_at = None;
        }
    }

    fn buttons(&mut self, ui: &mut egui::Ui, at_risk: &AtRisk<'_>, note: &str, intents: &mut Vec<Intent>) {
        if let AtRisk::KeyOnlyInMemory(KeyOnlyInMemory { problem, .. }) = at_risk {
            // While the keyring is still being asked, there is nothing to try again yet.
            if widgets::primary_button(ui, "Try the keyring again", problem.is_some()) {
                intents.push(OnboardedIntent::StoreKeyAgain.into());
                self.asked_at = None;
            }
        }
        if ui.button("Keep the window open").clicked() {
            self.asked_at = None;
        }
        let close = widgets::danger(ui, "Close anyway");
        if ui.add(close).clicked() {
            tracing::warn!(note = %note, "closed while a signing key could be lost");
            self.confirmed = true;
            ui.ctx().send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

fn title(at_risk: &AtRisk<'_>) -> &'static str {
    match at_risk {
        AtRisk::BeingCreated { .. } => "Close while the organisation is being created?",
        AtRisk::KeyOnlyInMemory(_) => "Close and lose the signing key?",
    }
}

/// What closing now would lose, and why.
fn what_would_be_lost(at_risk: &AtRisk<'_>) -> String {
    match at_risk {
        AtRisk::BeingCreated { .. } => "The request that creates the organisation has been sent. Its answer carries \
             the customer's signing key, and comes only once: wait a few seconds for it. If you close now and Sage \
             creates the organisation, its key is lost: it cannot be used from this computer, and Sage support must \
             be asked about it."
            .to_owned(),
        AtRisk::KeyOnlyInMemory(held) => {
            let why = match held.problem {
                Some(problem) => {
                    format!("The keyring has not taken it: {}.", explain::keyring(problem).title.to_lowercase())
                }
                None => "The keyring is still being asked to take it.".to_owned(),
            };
            format!(
                "The organisation {} was created, but its signing key is held only in this window. {why} If you \
                 close now, the key is lost: this organisation cannot be used from this computer, and Sage support \
                 must be asked about it.",
                held.organisation.organisation_id.as_str()
            )
        }
    }
}
