//! The menu bar (F10 takes the keyboard there): View (the request inspector, Ctrl+I; the event timeline, Ctrl+Shift+T;
//! QA notes; the theme; the text size,
//! Ctrl+plus, Ctrl+minus, Ctrl+0), Export (a HAR file, a
//! transcript, a support bundle), on the local emulator, Emulator (scenarios, reset demo, start at a step), and Help
//! (About). Returns what was chosen; the app acts on it.

use egui::Ui;

use super::inspector::{TIMELINE_SHORTCUT, TOGGLE_SHORTCUT};
use crate::wizard::{Appearance, TextSize, ThemeChoice};

/// What the person chose from the menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuChoice {
    /// Show or hide the request inspector.
    ToggleInspector,
    /// Show the event timeline.
    ShowTimeline,
    /// Open the QA notes window.
    QaNotes,
    /// Open the export dialog.
    Export,
    /// Open the emulator's scenario switcher.
    Scenarios,
    /// Ask to reset the demo.
    ResetDemo,
    /// Ask to start the demo at this seed's step.
    StartAt(crate::wizard::Seed),
    /// Use this theme.
    Theme(ThemeChoice),
    /// Use this text size.
    TextSize(TextSize),
    /// Show Help → About.
    About,
}

/// egui's flat style for menus, with the theme's focus ring kept: a menu reached by Tab or F10 shows it as any other
/// control does.
fn menu_style_keeping_focus(style: &mut egui::Style) {
    let ring = style.visuals.widgets.active.bg_stroke;
    egui::containers::menu::menu_style(style);
    style.visuals.widgets.active.bg_stroke = ring;
}

/// Draws the menu bar, with `appearance` ticked in View; on the local emulator (`local` holds why a reset is refused
/// now, if it is), the Emulator menu, whose Start at lists `start_at`.
pub fn menu_bar(
    ui: &mut Ui,
    inspector_open: bool,
    appearance: Appearance,
    local: Option<Option<&str>>,
    start_at: &super::start_at::SeedChoices,
) -> Option<MenuChoice> {
    let mut choice = None;
    let menus = egui::containers::menu::MenuConfig::default().style(menu_style_keeping_focus);
    egui::MenuBar::new().style(menu_style_keeping_focus).config(menus).ui(ui, |ui| {
        let view = ui.menu_button("View", |ui| {
            let shortcut = ui.ctx().format_shortcut(&TOGGLE_SHORTCUT);
            let label = if inspector_open { "Hide request inspector" } else { "Request inspector" };
            if ui.add(egui::Button::new(label).shortcut_text(shortcut)).clicked() {
                choice = Some(MenuChoice::ToggleInspector);
            }
            let shortcut = ui.ctx().format_shortcut(&TIMELINE_SHORTCUT);
            if ui.add(egui::Button::new("Event timeline").shortcut_text(shortcut)).clicked() {
                choice = Some(MenuChoice::ShowTimeline);
            }
            if ui.button("QA notes…").clicked() {
                choice = Some(MenuChoice::QaNotes);
            }
            ui.separator();
            ui.menu_button("Theme", |ui| {
                choice = theme_menu(ui, appearance.theme).or(choice);
            });
            ui.menu_button("Text size", |ui| {
                choice = text_size_menu(ui, appearance.text_size).or(choice);
            });
            close_once_chosen(ui, choice);
        });
        // F10, as on other desktops, takes the keyboard to the menus: Enter or Space opens the one focused.
        if ui.input(|input| input.key_pressed(egui::Key::F10)) {
            view.response.request_focus();
        }
        ui.menu_button("Export", |ui| {
            if ui.button("HAR file, transcript or support bundle…").clicked() {
                choice = Some(MenuChoice::Export);
            }
            close_once_chosen(ui, choice);
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
                if let Some(seed) = super::start_at::submenu(ui, start_at) {
                    choice = Some(MenuChoice::StartAt(seed));
                }
                close_once_chosen(ui, choice);
            });
        }
        ui.menu_button("Help", |ui| {
            if ui.button(format!("About {}", super::APP_TITLE)).clicked() {
                choice = Some(MenuChoice::About);
            }
        });
    });
    choice
}

/// Closes the menu once something was chosen in it, by the pointer or by Enter on the keyboard, so that the window
/// it opens has the keyboard.
fn close_once_chosen(ui: &Ui, choice: Option<MenuChoice>) {
    if choice.is_some() {
        ui.close();
    }
}

/// View → Theme: the system's, light or dark, the one in use ticked.
fn theme_menu(ui: &mut Ui, current: ThemeChoice) -> Option<MenuChoice> {
    let mut choice = None;
    for theme in ThemeChoice::ALL {
        let label = match theme {
            ThemeChoice::System => "System",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        };
        if ui.radio(current == theme, label).clicked() {
            choice = Some(MenuChoice::Theme(theme));
        }
    }
    choice
}

/// View → Text size: each size, the one in use ticked, then Larger, Smaller and Normal size with their shortcuts.
fn text_size_menu(ui: &mut Ui, current: TextSize) -> Option<MenuChoice> {
    use egui::gui_zoom::kb_shortcuts::{ZOOM_IN, ZOOM_OUT, ZOOM_RESET};
    let mut choice = None;
    for size in TextSize::STEPS {
        if ui.radio(current == size, format!("{}%", size.percent())).clicked() {
            choice = Some(size);
        }
    }
    ui.separator();
    for (label, shortcut, size) in [
        ("Larger", ZOOM_IN, current.larger()),
        ("Smaller", ZOOM_OUT, current.smaller()),
        ("Normal size", ZOOM_RESET, TextSize::NORMAL),
    ] {
        let button = egui::Button::new(label).shortcut_text(ui.ctx().format_shortcut(&shortcut));
        if ui.add_enabled(size != current, button).clicked() {
            choice = Some(size);
        }
    }
    choice.map(MenuChoice::TextSize)
}
