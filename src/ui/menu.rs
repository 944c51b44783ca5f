//! The menu bar: View (the request inspector, Ctrl+I; the event timeline, Ctrl+Shift+T), Export (a HAR file, a
//! transcript, a support bundle) and, on the local emulator, Emulator (scenarios, reset demo). Returns what was
//! chosen; the app acts on it.

use egui::Ui;

use super::inspector::{TIMELINE_SHORTCUT, TOGGLE_SHORTCUT};

/// What the person chose from the menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuChoice {
    /// Show or hide the request inspector.
    ToggleInspector,
    /// Show the event timeline.
    ShowTimeline,
    /// Open the export dialog.
    Export,
    /// Open the emulator's scenario switcher.
    Scenarios,
    /// Ask to reset the demo.
    ResetDemo,
}

/// Draws the menu bar; on the local emulator (`local` holds why a reset is refused now, if it is), the Emulator menu.
pub fn menu_bar(ui: &mut Ui, inspector_open: bool, local: Option<Option<&str>>) -> Option<MenuChoice> {
    let mut choice = None;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("View", |ui| {
            let shortcut = ui.ctx().format_shortcut(&TOGGLE_SHORTCUT);
            let label = if inspector_open { "Hide request inspector" } else { "Request inspector" };
            if ui.add(egui::Button::new(label).shortcut_text(shortcut)).clicked() {
                choice = Some(MenuChoice::ToggleInspector);
            }
            let shortcut = ui.ctx().format_shortcut(&TIMELINE_SHORTCUT);
            if ui.add(egui::Button::new("Event timeline").shortcut_text(shortcut)).clicked() {
                choice = Some(MenuChoice::ShowTimeline);
            }
        });
        ui.menu_button("Export", |ui| {
            if ui.button("HAR file, transcript or support bundle…").clicked() {
                choice = Some(MenuChoice::Export);
            }
        });
        if let Some(reset_blocked) = local {
            ui.menu_button("Emulator", |ui| {
                if ui.button("Scenarios…").clicked() {
                    choice = Some(MenuChoice::Scenarios);
                }
                let reset = ui.add_enabled(reset_blocked.is_none(), egui::Button::new("Reset demo…"));
                let reset = match reset_blocked {
                    Some(reason) => reset.on_disabled_hover_text(reason),
                    None => reset,
                };
                if reset.clicked() {
                    choice = Some(MenuChoice::ResetDemo);
                }
            });
        }
    });
    choice
}
