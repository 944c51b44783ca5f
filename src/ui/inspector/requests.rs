//! The inspector's list of exchanges: one row each (time, method, path, status in its colour, duration), only the
//! rows in view laid out, the selected one highlighted. A click anywhere on a row selects it; the list is one stop of
//! the keyboard's Tab, where the arrow keys, Home and End move the selection and keep it in view.

use std::sync::Arc;

use egui::{Color32, Key, Modifiers, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::api::exchange::Exchange;
use crate::ui::theme;

/// The height of one row.
const ROW_HEIGHT: f32 = 20.0;

/// Draws the rows the filter shows, of `total` exchanges, as a list the keyboard can move in; returns the exchange
/// picked (clicked, or moved to with the keys), if any.
pub(super) fn list(ui: &mut Ui, exchanges: &[&Arc<Exchange>], total: usize, selected: Option<u64>) -> Option<u64> {
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
    let list_id = ui.scope_id().with("inspector-requests-list");
    let focused = ui.memory(|memory| memory.has_focus(list_id));
    let position = selected.and_then(|id| exchanges.iter().position(|exchange| exchange.id == id));
    let moved = if focused { moved_by_keys(ui, position, exchanges.len()) } else { None };
    if moved.is_some() {
        // The key moved the selection, not the focus (on the list's first frame of focus, egui would move it).
        ui.memory_mut(|memory| memory.move_focus(egui::FocusDirection::None));
    }
    let highlighted = moved.map(|index| exchanges[index].id).or(selected);
    let drawn = ui.scope(|ui| {
        // Labels that do not take the click, so a click anywhere on a row selects it.
        ui.style_mut().interaction.selectable_labels = false;
        table(ui, exchanges, highlighted, moved)
    });
    let area = ui.interact(drawn.response.rect, list_id, egui::Sense::focusable_noninteractive());
    let count = exchanges.len();
    area.widget_info(|| egui::WidgetInfo::labeled(egui::Role::List, true, format!("Requests, {count} shown")));
    if drawn.inner.is_some() {
        area.request_focus();
    }
    if area.has_focus() {
        ui.memory_mut(|memory| {
            let arrows = egui::EventFilter { vertical_arrows: true, ..egui::EventFilter::default() };
            memory.set_focus_lock_filter(list_id, arrows);
        });
        let ring = ui.visuals().widgets.active.bg_stroke;
        ui.painter().rect_stroke(area.rect, 2.0, ring, egui::StrokeKind::Inside);
    }
    drawn.inner.or(highlighted.filter(|_| moved.is_some()))
}

/// The row the arrow keys, Home or End move the selection to from `position`, of `count` rows.
fn moved_by_keys(ui: &Ui, position: Option<usize>, count: usize) -> Option<usize> {
    let last = count.checked_sub(1)?;
    let pressed = |key| ui.input_mut(|input| input.consume_key(Modifiers::NONE, key));
    if pressed(Key::ArrowDown) {
        Some(position.map_or(0, |at| (at + 1).min(last)))
    } else if pressed(Key::ArrowUp) {
        Some(position.map_or(last, |at| at.saturating_sub(1)))
    } else if pressed(Key::Home) {
        Some(0)
    } else if pressed(Key::End) {
        Some(last)
    } else {
        None
    }
}

/// The table of rows, `selected` highlighted and, when it was just moved to, scrolled into view; the row clicked.
fn table(ui: &mut Ui, exchanges: &[&Arc<Exchange>], selected: Option<u64>, moved: Option<usize>) -> Option<u64> {
    let zone = jiff::tz::TimeZone::system();
    let mut clicked = None;
    let mut builder = TableBuilder::new(ui)
        .id_salt("inspector-requests")
        .striped(true)
        // The list fills its part of the inspector, down to the divider, whatever the number of rows.
        .auto_shrink([false, false])
        .stick_to_bottom(moved.is_none())
        // A click, but no Tab stop per row: the list is one stop, moved in with the arrow keys.
        .sense(egui::Sense::CLICK);
    if let Some(index) = moved {
        builder = builder.scroll_to_row(index, None);
    }
    builder
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
