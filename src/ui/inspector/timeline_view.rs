//! The inspector's timeline tab: one row per entry (time, kind in its colour, what happened), newest at the bottom,
//! only the rows in view laid out.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use crate::diagnostics::{EntryKind, Timeline};
use crate::ui::theme;

/// The height of one row.
const ROW_HEIGHT: f32 = 20.0;

/// Draws the timeline.
pub(super) fn show(ui: &mut Ui, timeline: &Timeline) {
    if timeline.is_empty() {
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new("Nothing has happened yet.").color(theme::muted(ui)));
        return;
    }
    if timeline.let_go() > 0 {
        ui.label(
            RichText::new(format!("{} older entries not kept", timeline.let_go())).small().color(theme::muted(ui)),
        );
    }
    let zone = jiff::tz::TimeZone::system();
    let entries: Vec<_> = timeline.entries().collect();
    TableBuilder::new(ui)
        .id_salt("inspector-timeline")
        .striped(true)
        .stick_to_bottom(true)
        .column(Column::exact(92.0))
        .column(Column::exact(60.0))
        .column(Column::remainder().clip(true))
        .header(ROW_HEIGHT, |mut header| {
            for title in ["Time", "Kind", "What happened"] {
                header.col(|ui| {
                    ui.label(RichText::new(title).small().strong());
                });
            }
        })
        .body(|body| {
            body.rows(ROW_HEIGHT, entries.len(), |mut row| {
                let entry = entries[row.index()];
                row.col(|ui| {
                    let time = entry.at.to_zoned(zone.clone()).strftime("%H:%M:%S%.3f").to_string();
                    ui.label(RichText::new(time).monospace().small());
                });
                row.col(|ui| {
                    ui.label(RichText::new(entry.kind.label()).small().color(colour(entry.kind, theme::palette(ui))));
                });
                row.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(&entry.text).small()).truncate()).on_hover_text(&entry.text);
                });
            });
        });
}

fn colour(kind: EntryKind, palette: &theme::Palette) -> Color32 {
    match kind {
        EntryKind::Action => palette.accent,
        EntryKind::Step => palette.info,
        EntryKind::Answer => palette.muted,
        EntryKind::Problem => palette.danger,
        EntryKind::Qa => palette.warning,
    }
}
