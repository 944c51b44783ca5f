//! The captcha step: the image, the answer, a new image on demand, and the button that creates the organisation.

pub mod creating;

use egui::{RichText, TextEdit, Ui};

use crate::ui::widgets::{self, Tone};
use crate::ui::{explain, theme};
use crate::wizard::{CaptchaFetch, CaptchaIntent, CaptchaNotice, CaptchaStep, Intent};

use super::View;

/// The captcha image ready to draw, or why it cannot be.
pub type CaptchaTexture<'a> = Result<&'a egui::TextureHandle, String>;

/// Draws the captcha step.
pub fn captcha_ui(ui: &mut Ui, step: &CaptchaStep, texture: Option<CaptchaTexture<'_>>, view: &mut View<'_>) {
    widgets::heading(
        ui,
        "Confirm you are a person",
        "Type the characters in the image. Then the organisation is created.",
    );
    match step.notice {
        Some(CaptchaNotice::WrongAnswer) => widgets::callout(
            ui,
            Tone::Warning,
            "That answer did not match the image",
            "Each image can be answered once, so here is a new one. Everything else you typed is kept.",
        ),
        Some(CaptchaNotice::Expired) => {
            let ahead = match &step.captcha {
                CaptchaFetch::Ready(image) => image.service_clock_ahead,
                CaptchaFetch::Loading(_) | CaptchaFetch::Failed(_) => jiff::SignedDuration::ZERO,
            };
            let by_whose_clock = crate::ui::words::service_clock_difference(ahead).map_or_else(
                || "Images expire after a few minutes by the service's clock.".to_owned(),
                |difference| format!("Images expire by the service's clock, which is {difference} this computer's."),
            );
            widgets::callout(
                ui,
                Tone::Warning,
                "That image had expired",
                &format!("{by_whose_clock} Here is a new one. Everything else you typed is kept."),
            );
        }
        Some(CaptchaNotice::LicenceSent) => widgets::callout(
            ui,
            Tone::Success,
            "Sage has the licence details now",
            "Answer this new image to create the organisation.",
        ),
        None => {}
    }
    let ready = match &step.captcha {
        CaptchaFetch::Loading(_) => {
            widgets::busy(ui, "Fetching an image…");
            false
        }
        CaptchaFetch::Failed(failure) => {
            let text = explain::failure("the Banking Service", failure);
            widgets::explained(ui, Tone::Danger, &text);
            false
        }
        CaptchaFetch::Ready(image) => {
            match texture {
                Some(Ok(texture)) => {
                    ui.add(egui::Image::new(texture).fit_to_original_size(1.5).alt_text("Captcha image"));
                }
                Some(Err(problem)) => {
                    widgets::callout(
                        ui,
                        Tone::Danger,
                        "The image could not be shown",
                        &format!("{problem}. Ask for a new image."),
                    );
                }
                None => {}
            }
            let expires = image.expires_here().to_zoned(jiff::tz::TimeZone::system()).strftime("%H:%M:%S").to_string();
            ui.label(
                RichText::new(format!("This image can be answered once, until {expires}."))
                    .color(theme::muted(ui))
                    .small(),
            );
            if let Some(note) = crate::ui::words::captcha_clock_note(image.service_clock_ahead) {
                ui.label(RichText::new(note).color(theme::warning(ui)).small());
            }
            true
        }
    };
    if widgets::button(ui, "New image", !matches!(step.captcha, CaptchaFetch::Loading(_))) {
        view.intents.push(CaptchaIntent::NewImage.into());
    }
    ui.add_space(theme::FIELD_GAP);
    let label = ui.label(RichText::new("Characters in the image").strong());
    let answer = ui.add(
        // A fixed ID: the image arriving above it must not move the focus off it.
        TextEdit::singleline(&mut *view.session.captcha_answer)
            .id_salt("captcha-answer")
            .hint_text("type what you see")
            .desired_width(200.0),
    );
    let answer = answer.labelled_by(label.id);
    super::focus_first(view.opening, &answer);
    if step.answer_missing && view.session.captcha_answer.trim().is_empty() {
        ui.label(RichText::new("Type the characters you see in the image").color(theme::danger(ui)).small());
    }
    view.actions.secondary("Back", true, Intent::Back);
    view.actions.primary("Create organisation", ready, CaptchaIntent::CreateOrganisation);
}
