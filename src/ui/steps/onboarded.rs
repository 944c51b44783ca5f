//! The organisation exists: its IDs, where its signing key is, and the proof that the key works.

use egui::{RichText, Ui};

use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{Intent, KeyPhase, OnboardedIntent, OnboardedStep};

use super::View;

/// Draws the onboarded step.
pub fn onboarded_ui(ui: &mut Ui, step: &OnboardedStep, view: &mut View<'_>) {
    let organisation = &step.organisation;
    widgets::heading(
        ui,
        "Organisation onboarded",
        "The customer's organisation and its first company are set up at Sage.",
    );
    widgets::value_row(ui, "Company", &organisation.company_name);
    widgets::value_row(ui, "Environment", &organisation.environment.label());
    widgets::copyable_about(
        ui,
        "Organisation's reference for Sage support",
        organisation.organisation_id.as_str(),
        Some("The organisation ID at the Banking Service"),
    );
    for company in &organisation.company_ids {
        widgets::copyable_about(
            ui,
            "Company's reference for Sage support",
            company.as_str(),
            Some("The company ID at the Banking Service"),
        );
    }
    widgets::value_row(ui, "Created", &organisation.created_at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string());
    ui.add_space(theme::SECTION_GAP);
    key_phase(ui, step, view);
    if let Some(problem) = &view.session.connect_problem {
        let text = explain::connect(problem);
        widgets::explained(ui, Tone::Warning, &text);
    }
    let leaving_loses_key = matches!(step.phase, KeyPhase::Storing { .. } | KeyPhase::NotStored { .. });
    let key_stored = matches!(step.phase, KeyPhase::Stored | KeyPhase::Verified | KeyPhase::VerifyFailed(_));
    view.actions.secondary("Onboard another organisation", !leaving_loses_key, Intent::StartOver);
    view.actions.primary("Link a bank account", key_stored, Intent::LinkBank);
    view.actions.focus_primary_on_open();
    others(ui, step, view);
}

fn key_phase(ui: &mut Ui, step: &OnboardedStep, view: &mut View<'_>) {
    let intents = &mut *view.intents;
    match &step.phase {
        KeyPhase::Storing { .. } => widgets::busy(ui, "Storing the organisation's key in this computer's keyring…"),
        KeyPhase::NotStored { problem, .. } => {
            let text = explain::keyring(problem);
            let body = format!(
                "{} The key exists only in this window's memory until the keyring takes it: if you close the app now, it is lost and the organisation cannot be used.",
                text.body
            );
            widgets::callout_with(
                ui,
                Tone::Danger,
                &format!("The organisation's key is not stored yet: {}", text.title),
                &body,
                |ui| {
                    if widgets::primary_button(ui, "Try again", true) {
                        intents.push(OnboardedIntent::StoreKeyAgain.into());
                    }
                },
            );
        }
        KeyPhase::Checking(_) => widgets::busy(ui, "Looking for the organisation's key in this computer's keyring…"),
        KeyPhase::Stored => {
            ui.label(RichText::new("The organisation's key is in this computer's keyring").color(theme::success(ui)))
                .on_hover_text("The signing key, in the OS keyring (Secret Service on Linux)");
            if widgets::button(ui, "Verify connection", view.session.connecting.is_none()) {
                intents.push(OnboardedIntent::VerifyConnection.into());
            }
        }
        KeyPhase::Missing(problem) => {
            let text = explain::keyring(problem);
            widgets::explained(ui, Tone::Warning, &text);
        }
        KeyPhase::Verifying(_) => widgets::busy(ui, "Checking that Sage accepts the stored key…"),
        KeyPhase::Verified => {
            widgets::callout(
                ui,
                Tone::Success,
                "Connection verified",
                "The organisation's key is in this computer's keyring, and Sage accepted it.",
            );
        }
        KeyPhase::VerifyFailed(problem) => {
            let text = explain::access(problem, step.organisation.environment.is_local());
            widgets::explained_with(ui, Tone::Danger, &text, |ui| {
                if widgets::button(ui, "Try again", true) {
                    intents.push(OnboardedIntent::VerifyConnection.into());
                }
            });
        }
    }
}

fn others(ui: &mut Ui, step: &OnboardedStep, view: &View<'_>) {
    let others: Vec<_> = view
        .session
        .organisations
        .iter()
        .filter(|known| known.organisation_id != step.organisation.organisation_id)
        .collect();
    if others.is_empty() {
        return;
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Also onboarded from this machine").strong());
    egui::Grid::new("other-organisations").striped(true).num_columns(3).show(ui, |ui| {
        for known in others {
            ui.label(&known.company_name);
            ui.monospace(known.organisation_id.as_str());
            ui.label(known.environment.label());
            ui.end_row();
        }
    });
}
