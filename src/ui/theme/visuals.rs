//! egui's style from a palette: the text sizes and spacing, and the visuals (panels, windows, widgets, text fields,
//! selection, links), so that what egui draws itself follows the theme as the views' own colours do.

use egui::{FontFamily, FontId, Style, TextStyle, Visuals};

use super::palette::{Palette, mix};

/// How wide the ring around the focused control is, in points (WCAG 2.4.13 asks for at least 2 CSS pixels).
pub(super) const FOCUS_RING_WIDTH: f32 = 2.0;

/// Sets the text sizes, spacing and visuals of `palette` on `style`.
pub(super) fn set(style: &mut Style, palette: &Palette) {
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
    style.visuals = visuals(palette);
}

/// egui's visuals drawn from `palette`, on egui's own light or dark visuals for what the palette does not decide.
#[must_use]
pub(super) fn visuals(palette: &Palette) -> Visuals {
    let mut visuals = if palette.dark { Visuals::dark() } else { Visuals::light() };
    visuals.panel_fill = palette.window;
    visuals.window_fill = palette.window;
    visuals.window_stroke.color = palette.line;
    visuals.extreme_bg_color = palette.field;
    visuals.text_edit_bg_color = Some(palette.field);
    visuals.code_bg_color = palette.sidebar;
    visuals.faint_bg_color = mix(palette.window, palette.text, 0.04);
    visuals.hyperlink_color = palette.link;
    visuals.warn_fg_color = palette.warning;
    visuals.error_fg_color = palette.danger;
    // Hints in empty fields, and egui's other weak text.
    visuals.weak_text_color = Some(palette.muted);
    visuals.selection.bg_fill = palette.selection;
    visuals.selection.stroke.color = palette.on_selection;
    visuals.text_cursor.stroke.color = palette.text;
    // A steady cursor: a blinking one redraws the window twice a second for as long as a field has focus, so an
    // idle screen (the bank search's field is focused) would never stop drawing.
    visuals.text_cursor.blink = false;
    let widgets = &mut visuals.widgets;
    widgets.noninteractive.fg_stroke.color = palette.text;
    widgets.noninteractive.bg_fill = palette.window;
    widgets.noninteractive.weak_bg_fill = palette.window;
    widgets.noninteractive.bg_stroke.color = palette.line;
    let [rest, hovered, pressed] = palette.button;
    let [text, strong] = palette.button_text;
    for (state, fill, text) in [
        (&mut widgets.inactive, rest, text),
        (&mut widgets.hovered, hovered, strong),
        (&mut widgets.active, pressed, strong),
        (&mut widgets.open, hovered, strong),
    ] {
        state.weak_bg_fill = fill;
        state.bg_fill = fill;
        state.fg_stroke.color = text;
    }
    // The keyboard focus (and a press): a ring 2 points wide in the focus colour, drawn outside the control over the
    // window, so that it shows whatever the control's own fill. A focused field is outlined the same way.
    widgets.active.bg_stroke = egui::Stroke::new(FOCUS_RING_WIDTH, palette.focus);
    widgets.active.expansion = FOCUS_RING_WIDTH;
    visuals.selection.stroke.width = FOCUS_RING_WIDTH;
    visuals
}
