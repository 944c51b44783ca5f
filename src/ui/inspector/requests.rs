//! The inspector's list of exchanges: one row each (time, method, path, status in its colour, duration), only the
//! rows in view laid out, the selected one highlighted; a click selects.

use std::sync::Arc;

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::api::exchange::Exchange;
use crate::ui::theme;

/// The height of one row.
const ROW_HEIGHT: f32 = 20.0;

/// Draws the rows the filter shows, of `total` exchanges; returns the exchange clicked, if any.
pub(super) fn table(ui: &mut Ui, exchanges: &[&Arc<Exchange>], total: usize, selected: Option<u64>) -> Option<u64> {
    if exchanges.is_empty() {
        ui.add_space(theme::SECTION_GAP);
        let text = if total == 0 {
            "No requests yet: they appear here as the wizard makes them.".to_owned()
        } else {
            format!("No request matches the filter: clear it to see all {total}.")
        };
        ui.label(RichText::new(text).color(theme::muted(ui)));
        return None;
    }
    let zone = jiff::tz::TimeZone::system();
    let mut clicked = None;
    TableBuilder::new(ui)
        .id_salt("inspector-requests")
        .striped(true)
        .stick_to_bottom(true)
        .sense(egui::Sense::click())
        .column(Column::exact(92.0))
        .column(Column::exact(54.0))
        .column(Column::remainder().clip(true))
        .column(Column::exact(44.0))
        .column(Column::exact(64.0))
        .header(ROW_HEIGHT, |mut header| {
            for title in ["Time", "Method", "Path", "Status", "Duration"] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, exchanges.len(), |mut row| {
                let exchange = exchanges[row.index()];
                row.set_selected(selected == Some(exchange.id));
                row.col(|ui| {
                    let time = exchange.started_at.to_zoned(zone.clone()).strftime("%H:%M:%S%.3f").to_string();
                    ui.label(RichText::new(time).monospace().small());
                });
                row.col(|ui| {
                    ui.label(RichText::new(&exchange.method).monospace().small());
                });
                row.col(|ui| {
                    let path = super::shown_path(&exchange.path);
                    ui.add(egui::Label::new(RichText::new(path).monospace().small()).truncate());
                });
                row.col(|ui| {
                    let (text, colour) = status(exchange, theme::palette(ui));
                    ui.label(RichText::new(text).monospace().small().color(colour));
                });
                row.col(|ui| {
                    let ms = exchange.duration.as_secs_f64() * 1000.0;
                    ui.label(RichText::new(format!("{ms:.0} ms")).monospace().small());
                });
                if row.response().clicked() {
                    clicked = Some(exchange.id);
                }
            });
        });
    clicked
}

/// The status as shown, and its colour: green for 2xx, blue for 3xx, amber for 4xx, red for 5xx and failures.
pub(super) fn status(exchange: &Exchange, palette: &theme::Palette) -> (String, Color32) {
    match &exchange.response {
        None => ("failed".to_owned(), palette.danger),
        Some(response) => {
            let colour = match response.status {
                200..=299 => palette.success,
                300..=399 => palette.info,
                400..=499 => palette.warning,
                _ => palette.danger,
            };
            (response.status.to_string(), colour)
        }
    }
}
