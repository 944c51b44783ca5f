//! The selected exchange in full: its URL and outcome, for a signed call the nonce and the signature base string
//! (and, when the service refused the signature, what to compare), the response's body, then the request's headers
//! and body and the response's headers, JSON pretty-printed once per selection. Everything shown was redacted before it was kept.

use egui::{RichText, Ui};

use crate::api::exchange::{Body, Exchange, Header};
use crate::ui::{theme, widgets};

/// The most of one body drawn; the export keeps all that was recorded.
const BODY_SHOWN: usize = 64 * 1024;

/// An exchange's bodies made readable, once per selection.
pub struct PrettyExchange {
    /// The exchange's number.
    pub id: u64,
    request_body: String,
    response_body: String,
    refused_code: Option<String>,
}

impl PrettyExchange {
    /// The bodies of `exchange`, pretty-printed when they are JSON, cut to what is drawn.
    #[must_use]
    pub fn of(exchange: &Exchange) -> Self {
        let response_body = exchange.response.as_ref().map(|response| &response.body);
        let refused_code = exchange
            .response
            .as_ref()
            .filter(|response| response.status >= 400)
            .and_then(|response| serde_json::from_str::<serde_json::Value>(&response.body.text).ok())
            .and_then(|body| body.get("code").and_then(|code| code.as_str().map(str::to_owned)));
        Self {
            id: exchange.id,
            request_body: readable(&exchange.request_body),
            response_body: response_body.map(readable).unwrap_or_default(),
            refused_code,
        }
    }
}

/// Draws `exchange` with its readable bodies.
pub(super) fn show(ui: &mut Ui, exchange: &Exchange, pretty: &PrettyExchange) {
    egui::ScrollArea::vertical().id_salt("inspector-details-scroll").auto_shrink([false, false]).show(ui, |ui| {
        ui.set_max_width(ui.available_width());
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let (status, colour) = super::requests::status(exchange, theme::palette(ui));
            ui.label(RichText::new(format!("{} {}", exchange.method, exchange.path)).monospace().strong());
            ui.label(RichText::new(status).monospace().strong().color(colour));
            let ms = exchange.duration.as_secs_f64() * 1000.0;
            ui.label(RichText::new(format!("{ms:.1} ms · #{}", exchange.id)).small().color(theme::muted(ui)));
        });
        ui.horizontal(|ui| {
            ui.label(RichText::new("URL").color(theme::muted(ui)));
            let copy = ui.small_button("Copy").on_hover_text("Copy the URL");
            crate::ui::widgets::name_button(&copy, "Copy the request's URL");
            if copy.clicked() {
                ui.ctx().copy_text(exchange.url.clone());
            }
        });
        ui.add(egui::Label::new(RichText::new(&exchange.url).monospace().small()).wrap());
        if let Some(failure) = &exchange.failure {
            widgets::callout(ui, widgets::Tone::Danger, "No answer", failure);
        }
        if let Some(code) = &pretty.refused_code {
            refusal_hint(ui, code, exchange.signing.is_some());
        }
        if let Some(signing) = &exchange.signing {
            egui::CollapsingHeader::new("Signature (X-Signature, CONTRACT §3)").default_open(true).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("Nonce").color(theme::muted(ui)));
                    ui.label(RichText::new(&signing.nonce).monospace().small());
                });
                ui.label(RichText::new("Base string signed").small().color(theme::muted(ui)));
                monospace_block(ui, &signing.base_string);
                if ui.small_button("Copy base string").clicked() {
                    ui.ctx().copy_text(signing.base_string.clone());
                }
            });
        }
        if let Some(response) = &exchange.response {
            body(ui, "Response body", &response.body, &pretty.response_body);
        }
        egui::CollapsingHeader::new(format!("Request headers ({})", exchange.request_headers.len()))
            .default_open(false)
            .show(ui, |ui| headers(ui, "request-headers", &exchange.request_headers));
        body(ui, "Request body", &exchange.request_body, &pretty.request_body);
        if let Some(response) = &exchange.response {
            egui::CollapsingHeader::new(format!("Response headers ({})", response.headers.len()))
                .default_open(false)
                .show(ui, |ui| headers(ui, "response-headers", &response.headers));
        }
    });
}

/// What a refusal with `code` means for whoever reads the exchange.
fn refusal_hint(ui: &mut Ui, code: &str, signed: bool) {
    let hint = match code {
        "signatureInvalid" if signed => Some((
            "The service refused the signature",
            "Compare the base string signed (below) with the one the service computed (in the response body). A \
             different key, URL, body or nonce changes it; a key from another environment or organisation is the \
             usual cause.",
        )),
        "nonceReplayed" => Some(("The nonce was used before", "Every signed request needs a fresh X-Nonce.")),
        "tokenExpired" | "tokenInvalid" => {
            Some(("The access token was refused", "The client renews it once and sends the request again."))
        }
        _ => None,
    };
    if let Some((title, body)) = hint {
        widgets::callout(ui, widgets::Tone::Warning, title, body);
    }
}

fn headers(ui: &mut Ui, id: &str, headers: &[Header]) {
    egui::Grid::new(id).num_columns(2).spacing([12.0, 2.0]).striped(true).show(ui, |ui| {
        for header in headers {
            ui.label(RichText::new(&header.name).monospace().small().color(theme::muted(ui)));
            ui.add(egui::Label::new(RichText::new(&header.value).monospace().small()).wrap());
            ui.end_row();
        }
    });
}

fn body(ui: &mut Ui, title: &str, body: &Body, readable: &str) {
    let title = if body.size == 0 { format!("{title} (empty)") } else { format!("{title} ({} bytes)", body.size) };
    egui::CollapsingHeader::new(title).default_open(body.size > 0).show(ui, |ui| {
        if body.size == 0 {
            return;
        }
        monospace_block(ui, readable);
        if body.cut || readable.len() > BODY_SHOWN {
            ui.label(RichText::new("Cut here; the HAR export holds what was kept.").small().color(theme::muted(ui)));
        }
    });
}

fn monospace_block(ui: &mut Ui, text: &str) {
    egui::Frame::new().fill(theme::palette(ui).sidebar).inner_margin(6.0).corner_radius(4.0).show(ui, |ui| {
        ui.add(egui::Label::new(RichText::new(text).monospace().small()).wrap());
    });
}

/// A body as drawn: JSON re-indented (keys in their order, numbers as sent), other text as it is, cut at
/// [`BODY_SHOWN`].
fn readable(body: &Body) -> String {
    let text = crate::diagnostics::pretty_json(&body.text).unwrap_or_else(|| body.text.clone());
    if text.len() <= BODY_SHOWN {
        return text;
    }
    format!("{}…", crate::api::exchange::cut_at(&text, BODY_SHOWN))
}
