//! POST organisation under way, or what its failure means and the way on.

use crate::api::error::Failure;
use egui::Ui;

use crate::config::Environment;
use crate::ui::explain;
use crate::ui::widgets::{self, Tone};
use crate::wizard::{CaptchaIntent, CreatePhase, CreateProblem, CreateStep, Intent, LostAnswer};

use crate::ui::steps::View;

/// Draws the create step.
pub fn creating_ui(ui: &mut Ui, step: &CreateStep, view: &mut View<'_>) {
    widgets::heading(ui, "Creating the organisation", "Sage checks the licence, then creates the organisation.");
    let problem = match &step.phase {
        CreatePhase::Sending(_) => return widgets::busy(ui, "Creating the organisation…"),
        CreatePhase::SendingLicence(_) => {
            return widgets::busy(ui, "Sending the licence details to Sage…");
        }
        CreatePhase::Failed(problem) => problem,
    };
    let environment = &view.session.settings.environment;
    let web = view.session.settings.product_kind == crate::wizard::ProductKind::Web;
    let intents = &mut *view.intents;
    match problem {
        CreateProblem::LicenceNotRequested => widgets::callout_with(
            ui,
            Tone::Warning,
            "Sage has not been sent these licence details yet",
            "Sage checks a licence only after its details were sent to it, and it keeps them for a limited time only. Nothing was created. Send the licence details now, then answer a new image.",
            |ui| licence_actions(ui, intents),
        ),
        CreateProblem::LimitReached { limit, message, lost_answer: Some(lost) } => {
            let body = lost_answer_text(environment, *limit, message.as_deref(), lost);
            widgets::callout_with_reference(
                ui,
                Tone::Danger,
                ("The organisation was most likely created, but its answer was lost", &body),
                &crate::ui::words::support_reference(lost),
                |ui| {
                    if widgets::button(ui, "Back to the start", true) {
                        intents.push(Intent::StartOver);
                    }
                },
            );
        }
        CreateProblem::LimitReached { limit, message, lost_answer: None } => {
            let body = limit_text(environment, *limit, message.as_deref());
            widgets::callout_with(ui, Tone::Danger, "This customer has reached its organisation limit", &body, |ui| {
                if widgets::button(ui, "Back to the start", true) {
                    intents.push(Intent::StartOver);
                }
            });
        }
        CreateProblem::Transient(failure) => {
            let text = explain::failure("the Banking Service", failure);
            // A save that failed already says nothing typed is lost.
            let kept = if matches!(failure, Failure::NotSaved(_)) { "" } else { " Everything you typed is kept;" };
            let mut body = format!("{}{kept} Retry sends the same request again.", text.body);
            if failure.answer_may_be_lost() {
                body.push_str(
                    " If the first request reached Sage before the connection failed, the organisation may exist already: Retry then answers that the limit is reached, and Sage support can find it by the CRM ID.",
                );
            }
            let text = explain::Explanation { body, ..text };
            widgets::explained_with(ui, Tone::Danger, &text, |ui| {
                if widgets::primary_button(ui, "Retry", true) {
                    intents.push(CaptchaIntent::SendOrganisationAgain.into());
                }
                if widgets::button(ui, "Back", true) {
                    intents.push(Intent::Back);
                }
            });
        }
        CreateProblem::Rejected(failure) => {
            let text = explain::failure("the Banking Service", failure);
            widgets::explained_with(ui, Tone::Danger, &text, |ui| {
                if widgets::button(ui, "Review organisation", true) {
                    intents.push(CaptchaIntent::ReviewOrganisation.into());
                }
                if widgets::button(ui, "Back to the start", true) {
                    intents.push(Intent::StartOver);
                }
            });
        }
        CreateProblem::Interrupted => {
            let again = if web { "Create again" } else { "Answer a new image" };
            widgets::callout_with(
                ui,
                Tone::Warning,
                "The app closed while the organisation was being created",
                "No answer came, so whether Sage created it cannot be known here. If it was created, its signing key was in that lost answer, so that organisation cannot be used from this computer. Creating it again is safe on QA and pre-production; on Production, where a customer may have one organisation, Sage may answer that the limit is reached: then give Sage support the CRM ID. Everything you typed is kept.",
                |ui| {
                    if widgets::primary_button(ui, again, true) {
                        intents.push(CaptchaIntent::SendOrganisationAgain.into());
                    }
                    if widgets::button(ui, "Review organisation", true) {
                        intents.push(CaptchaIntent::ReviewOrganisation.into());
                    }
                },
            );
        }
        CreateProblem::LicenceSendFailed(failure) => {
            let text = explain::failure(super::super::licence::LICENCE_SERVICE, failure);
            widgets::explained_with(ui, Tone::Danger, &text, |ui| licence_actions(ui, intents));
        }
    }
}

/// The way on when the Token Service has no request for the licence: send it now, or change it first.
fn licence_actions(ui: &mut Ui, intents: &mut Vec<Intent>) {
    if widgets::primary_button(ui, "Send licence details now", true) {
        intents.push(CaptchaIntent::SendLicenceNow.into());
    }
    if widgets::button(ui, "Edit licence details", true) {
        intents.push(CaptchaIntent::EditLicence.into());
    }
}

/// The 409 after an attempt whose answer was lost: that attempt most likely made the organisation the limit counts.
fn lost_answer_text(environment: &Environment, limit: Option<u32>, message: Option<&str>, lost: &LostAnswer) -> String {
    let when = lost.at.map_or_else(
        || "An earlier attempt was under way when the app closed".to_owned(),
        |at| format!("An earlier attempt, at {} UTC, got no readable answer", at.strftime("%H:%M:%S")),
    );
    let said = message.map(|m| format!(" The service said: \"{}\".", m.trim_end_matches('.'))).unwrap_or_default();
    format!(
        "{when}. Now {} answers that this customer has reached its limit ({} per customer for this product), so Sage most likely created the organisation during that attempt. Its signing key was in the lost answer, so that organisation cannot be used from this computer, and nothing more was created. Give Sage support the reference below: they can find the organisation by it and remove it, so that you can onboard again. Everything you typed is kept.{said}",
        environment.label(),
        allowance(limit),
    )
}

fn allowance(limit: Option<u32>) -> String {
    match limit {
        Some(1) => "one organisation".to_owned(),
        Some(n) => format!("{n} organisations"),
        None => "a limited number of organisations".to_owned(),
    }
}

fn limit_text(environment: &Environment, limit: Option<u32>, message: Option<&str>) -> String {
    let allowance = allowance(limit);
    let said = message.map(|m| format!(" The service said: \"{}\".", m.trim_end_matches('.'))).unwrap_or_default();
    format!(
        "{} allows {allowance} per customer for this product, and this customer has them already. Nothing was created, and trying again will not help: use the organisation already onboarded, or ask Sage support to raise the limit.{said}",
        environment.label()
    )
}
