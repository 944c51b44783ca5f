//! Colours, spacing and text styles: the one place the look is decided. Two palettes, light and dark
//! (`theme/palette.rs`), each give egui its visuals (`theme/visuals.rs`); a view takes its colours from the palette of
//! the theme in use (`theme::muted(ui)`, `theme::palette(ui)`), so everything follows View → Theme or the system.

mod palette;
#[cfg(test)]
mod tests;
mod visuals;

use egui::{Color32, Margin, Theme, ThemePreference, Ui};

pub use palette::{DARK, LIGHT, Palette, mix};

use crate::wizard::{Appearance, ThemeChoice};

/// The widest the step content grows, for readable lines.
pub const CONTENT_WIDTH: f32 = 640.0;
/// The widest a step with a table (more accounts) grows.
pub const TABLE_WIDTH: f32 = 860.0;
/// Space between sections of a step.
pub const SECTION_GAP: f32 = 14.0;
/// Space between fields.
pub const FIELD_GAP: f32 = 8.0;

/// Sets both themes' styles on `ctx`, then the theme and text size of `appearance`; "System" follows the window
/// system's preference, else `desktop`'s (the desktop portal's, on Linux).
pub fn apply(ctx: &egui::Context, appearance: Appearance, desktop: Option<Theme>) {
    ctx.style_mut_of(Theme::Light, |style| visuals::set(style, &LIGHT));
    ctx.style_mut_of(Theme::Dark, |style| visuals::set(style, &DARK));
    ctx.options_mut(|options| {
        options.theme_preference = preference(appearance.theme);
        // When the window system reports no preference (winit reads none on Linux), the desktop portal's
        // (`system_theme`), else the light look.
        options.fallback_theme = desktop.unwrap_or(Theme::Light);
    });
    ctx.set_zoom_factor(appearance.text_size.factor());
    ctx.request_repaint();
}

/// egui's theme preference for `choice`.
#[must_use]
pub fn preference(choice: ThemeChoice) -> ThemePreference {
    match choice {
        ThemeChoice::System => ThemePreference::System,
        ThemeChoice::Light => ThemePreference::Light,
        ThemeChoice::Dark => ThemePreference::Dark,
    }
}

/// The palette of the theme `ui` is drawn in.
#[must_use]
pub fn palette(ui: &Ui) -> &'static Palette {
    if ui.visuals().dark_mode { &DARK } else { &LIGHT }
}

/// Accent for primary actions and the current step.
#[must_use]
pub fn accent(ui: &Ui) -> Color32 {
    palette(ui).accent
}

/// Something failed or is dangerous (the live service).
#[must_use]
pub fn danger(ui: &Ui) -> Color32 {
    palette(ui).danger
}

/// Something needs attention.
#[must_use]
pub fn warning(ui: &Ui) -> Color32 {
    palette(ui).warning
}

/// Something worked.
#[must_use]
pub fn success(ui: &Ui) -> Color32 {
    palette(ui).success
}

/// Information.
#[must_use]
pub fn info(ui: &Ui) -> Color32 {
    palette(ui).info
}

/// Primary text.
#[must_use]
pub fn text(ui: &Ui) -> Color32 {
    palette(ui).text
}

/// Secondary text.
#[must_use]
pub fn muted(ui: &Ui) -> Color32 {
    palette(ui).muted
}

/// The frame of the side panel (the step list).
pub fn side_panel_frame(ui: &Ui) -> egui::Frame {
    egui::Frame::side_top_panel(ui.style()).fill(palette(ui).sidebar)
}

/// Inner margin of callouts and cards.
#[must_use]
pub fn card_margin() -> Margin {
    Margin::same(12)
}
