//! Colours, spacing and text styles: the one place the look is decided.

use egui::{Color32, FontFamily, FontId, Margin, TextStyle};

/// Accent for primary actions and the current step.
pub const ACCENT: Color32 = Color32::from_rgb(0x00, 0x7e, 0x45);
/// Something failed or is dangerous (the live service).
pub const DANGER: Color32 = Color32::from_rgb(0xc2, 0x1f, 0x2b);
/// Something needs attention.
pub const WARNING: Color32 = Color32::from_rgb(0xa8, 0x5b, 0x00);
/// Something worked.
pub const SUCCESS: Color32 = Color32::from_rgb(0x1b, 0x7f, 0x3b);
/// Information.
pub const INFO: Color32 = Color32::from_rgb(0x1d, 0x5f, 0xa8);
/// Primary text.
pub const TEXT: Color32 = Color32::from_rgb(0x1c, 0x21, 0x26);
/// Secondary text.
pub const MUTED: Color32 = Color32::from_rgb(0x5f, 0x66, 0x70);
/// The background of the step list.
pub const SIDEBAR: Color32 = Color32::from_rgb(0xf2, 0xf4, 0xf6);

/// The widest the step content grows, for readable lines.
pub const CONTENT_WIDTH: f32 = 640.0;
/// The widest a step with a table (more accounts) grows.
pub const TABLE_WIDTH: f32 = 860.0;
/// Space between sections of a step.
pub const SECTION_GAP: f32 = 14.0;
/// Space between fields.
pub const FIELD_GAP: f32 = 8.0;

/// Sets the light theme, text sizes and spacing on `ctx`.
pub fn apply(ctx: &egui::Context) {
    ctx.set_theme(egui::Theme::Light);
    ctx.style_mut_of(egui::Theme::Light, |style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::new(22.0, FontFamily::Proportional)),
            (TextStyle::Body, FontId::new(14.5, FontFamily::Proportional)),
            (TextStyle::Button, FontId::new(14.5, FontFamily::Proportional)),
            (TextStyle::Small, FontId::new(12.0, FontFamily::Proportional)),
            (TextStyle::Monospace, FontId::new(13.5, FontFamily::Monospace)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(12.0, 5.0);
        style.spacing.interact_size.y = 26.0;
        style.visuals.selection.bg_fill = ACCENT.gamma_multiply(0.35);
        // A steady cursor: a blinking one redraws the window twice a second for as long as a field has focus, so an
        // idle screen (the bank search's field is focused) would never stop drawing.
        style.visuals.text_cursor.blink = false;
    });
}

/// Inner margin of callouts and cards.
#[must_use]
pub fn card_margin() -> Margin {
    Margin::same(12)
}
