//! WCAG AA contrast, in both themes, of every text colour on each background the views and egui draw it on (taken from
//! the palettes and from the egui visuals built from them), printed with its ratio
//! (`cargo test --lib ui::theme -- --nocapture`); and the theme in use choosing the palette the views get.
//!
//! No text here reaches WCAG's "large" size (24 px, or 18.66 px bold: the heading is 22 px regular), so every text
//! needs 4.5:1; the step list's markers are graphics (WCAG 1.4.11) and need 3:1.

use egui::Color32;

use super::palette::{DARK, LIGHT, Palette};
use super::visuals::visuals;
use crate::wizard::{Appearance, ThemeChoice};

/// What a pair must reach.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Need {
    /// Text of normal size: 4.5:1.
    Text,
    /// A graphic that carries meaning (the step markers): 3:1.
    Graphic,
}

impl Need {
    fn ratio(self) -> f64 {
        match self {
            Self::Text => 4.5,
            Self::Graphic => 3.0,
        }
    }
}

/// A colour drawn on a background.
struct Pair {
    what: String,
    fore: Color32,
    back: Color32,
    need: Need,
}

fn pair(what: impl Into<String>, fore: Color32, back: Color32, need: Need) -> Pair {
    Pair { what: what.into(), fore, back, need }
}

/// WCAG 2.x relative luminance of an sRGB colour.
fn luminance(colour: Color32) -> f64 {
    let linear = |byte: u8| {
        let c = f64::from(byte) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * linear(colour.r()) + 0.7152 * linear(colour.g()) + 0.0722 * linear(colour.b())
}

/// WCAG 2.x contrast ratio of two colours, 1 to 21.
fn contrast(a: Color32, b: Color32) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// Prints each pair's ratio under `title`; returns the pairs below their need, in words.
fn check(title: &str, pairs: &[Pair]) -> Vec<String> {
    let mut report = vec![title.to_owned()];
    let mut failures = Vec::new();
    for pair in pairs {
        let ratio = contrast(pair.fore, pair.back);
        let ok = ratio >= pair.need.ratio();
        let need = pair.need.ratio();
        let verdict = if ok { "ok" } else { "FAIL" };
        report.push(format!("  {verdict:<5} {ratio:>5.2}:1 (needs {need}:1)  {}", pair.what));
        if !ok {
            failures.push(format!("{title}: {} is {ratio:.2}:1, needs {need}:1", pair.what));
        }
    }
    // In one piece, so that tests running side by side do not interleave their lines.
    println!("{}", report.join("\n"));
    failures
}

/// Every text colour of `palette` on each background it is drawn on.
fn pairs(palette: &Palette) -> Vec<Pair> {
    use Need::{Graphic, Text};
    let visuals = visuals(palette);
    let tones = [
        ("danger", palette.danger),
        ("warning", palette.warning),
        ("success", palette.success),
        ("info", palette.info),
    ];
    let mut pairs = vec![
        pair("body text on the window", visuals.text_color(), visuals.panel_fill, Text),
        pair("body text in a dialog or menu", visuals.text_color(), visuals.window_fill, Text),
        pair("strong text (field labels) on the window", visuals.strong_text_color(), visuals.panel_fill, Text),
        pair("muted text on the window", palette.muted, palette.window, Text),
        pair("muted text in a dialog or menu", palette.muted, visuals.window_fill, Text),
        pair("accent (the timeline's actions) on the window", palette.accent, palette.window, Text),
        pair("typed text in a field", visuals.text_color(), visuals.text_edit_bg_color(), Text),
        pair("a field's hint", visuals.weak_text_color(), visuals.text_edit_bg_color(), Text),
        pair("step list: a step to come", palette.muted, palette.sidebar, Text),
        pair("step list: a step done", palette.success, palette.sidebar, Text),
        pair("step list: the current step", palette.text, palette.sidebar, Text),
        pair("step list: the current step's marker", palette.accent, palette.sidebar, Graphic),
        pair("step list: a done step's marker", palette.success, palette.sidebar, Graphic),
        pair("step list: a coming step's ring", palette.muted, palette.sidebar, Graphic),
        pair("code block in the inspector", visuals.text_color(), palette.sidebar, Text),
        pair("header name in the inspector", palette.muted, palette.sidebar, Text),
        pair("main action's text on its fill", palette.on_fill, palette.accent_fill, Text),
        pair("dangerous action's text on its fill", palette.on_fill, palette.danger_fill, Text),
        pair("link on the window", visuals.hyperlink_color, palette.window, Text),
        pair("selected item's text", visuals.selection.stroke.color, visuals.selection.bg_fill, Text),
        pair("selected text in a field", visuals.text_color(), visuals.selection.bg_fill, Text),
    ];
    let widgets = &visuals.widgets;
    for (state, widget) in [
        ("at rest", widgets.inactive),
        ("hovered", widgets.hovered),
        ("pressed", widgets.active),
        ("open", widgets.open),
    ] {
        pairs.push(pair(format!("button text {state}"), widget.fg_stroke.color, widget.weak_bg_fill, Text));
    }
    for (name, tone) in tones {
        pairs.push(pair(format!("{name} on the window"), tone, palette.window, Text));
        pairs.push(pair(format!("{name} on the demo strip"), tone, palette.strip_fill(), Text));
        let fill = palette.callout_fill(tone);
        pairs.push(pair(format!("{name} callout: its title"), tone, fill, Text));
        pairs.push(pair(format!("{name} callout: its body"), visuals.text_color(), fill, Text));
        pairs.push(pair(format!("{name} callout: muted text"), palette.muted, fill, Text));
    }
    pairs.push(pair("muted on the demo strip", palette.muted, palette.strip_fill(), Text));
    pairs
}

/// What egui draws for a disabled widget: its colours at `disabled_alpha` over what is under them. WCAG exempts
/// inactive controls; printed so that a change is seen.
fn disabled(palette: &Palette) -> Vec<Pair> {
    let visuals = visuals(palette);
    let alpha = visuals.disabled_alpha();
    let faded = |colour: Color32, under: Color32| super::mix(under, colour, alpha);
    let button = faded(visuals.widgets.inactive.weak_bg_fill, palette.window);
    let main = faded(palette.accent_fill, palette.window);
    vec![
        pair("disabled button's text", faded(visuals.widgets.inactive.fg_stroke.color, button), button, Need::Text),
        pair("disabled main action's text", faded(palette.on_fill, main), main, Need::Text),
    ]
}

#[test]
fn every_text_colour_meets_wcag_aa_on_each_of_its_backgrounds_in_both_themes() {
    let mut failures = check("Light theme", &pairs(&LIGHT));
    failures.extend(check("Dark theme", &pairs(&DARK)));
    assert!(failures.is_empty(), "below WCAG AA:\n{}", failures.join("\n"));
    // Printed only: WCAG 1.4.3 exempts inactive controls.
    drop(check("Light theme, disabled (not required)", &disabled(&LIGHT)));
    drop(check("Dark theme, disabled (not required)", &disabled(&DARK)));
}

/// The focus ring (a graphic: 3:1) on every background a control is drawn on, and a focused field's outline beside
/// the window outside it and the field inside it. The ring is drawn outside the control, so its own fill does not
/// matter: what it changes are pixels of the background.
fn focus_pairs(palette: &Palette) -> Vec<Pair> {
    let visuals = visuals(palette);
    let ring = visuals.widgets.active.bg_stroke.color;
    let outline = visuals.selection.stroke.color;
    let mut pairs = vec![
        pair("focus ring on the window", ring, palette.window, Need::Graphic),
        pair("focus ring in a dialog or menu", ring, visuals.window_fill, Need::Graphic),
        pair("focus ring on the step list", ring, palette.sidebar, Need::Graphic),
        pair("focus ring on the demo strip", ring, palette.strip_fill(), Need::Graphic),
        pair("focused field's outline on the window", outline, palette.window, Need::Graphic),
        pair("focused field's outline beside its inside", outline, visuals.text_edit_bg_color(), Need::Graphic),
    ];
    for (name, tone) in [("danger", palette.danger), ("warning", palette.warning), ("information", palette.info)] {
        pairs.push(pair(format!("focus ring in the {name} callout"), ring, palette.callout_fill(tone), Need::Graphic));
    }
    pairs
}

#[test]
fn the_focus_is_drawn_as_a_ring_two_points_wide_outside_the_control_readable_in_both_themes() {
    for palette in [&LIGHT, &DARK] {
        let visuals = visuals(palette);
        let active = visuals.widgets.active;
        assert!(active.bg_stroke.width >= 2.0, "a ring at least 2 points wide: {}", active.bg_stroke.width);
        assert!(active.expansion >= active.bg_stroke.width, "drawn outside the control, over the background");
        assert!(visuals.selection.stroke.width >= 2.0, "a focused field's outline is as wide");
    }
    let mut failures = check("Light theme, the focus", &focus_pairs(&LIGHT));
    failures.extend(check("Dark theme, the focus", &focus_pairs(&DARK)));
    assert!(failures.is_empty(), "the focus is not clear:\n{}", failures.join("\n"));
}

#[test]
fn a_pair_below_the_bar_fails_the_same_check() {
    let bad = [
        // egui's own light link colour on the light window: 2.8:1.
        pair("egui's default link", Color32::from_rgb(0, 155, 255), LIGHT.window, Need::Text),
        // The light warning as it was, as a callout title on its own callout: 4.3:1.
        pair(
            "the old warning",
            Color32::from_rgb(0xa8, 0x5b, 0x00),
            LIGHT.callout_fill(Color32::from_rgb(0xa8, 0x5b, 0x00)),
            Need::Text,
        ),
        // The dark window's line as a marker: 1.9:1.
        pair("a faint marker", DARK.line, DARK.window, Need::Graphic),
    ];
    let failures = check("Deliberately bad", &bad);
    assert_eq!(failures.len(), bad.len(), "{failures:?}");
    assert!(contrast(Color32::BLACK, Color32::WHITE) > 20.99 && contrast(LIGHT.window, LIGHT.window) < 1.01);
}

#[test]
fn the_two_palettes_give_the_same_meanings_different_colours() {
    const { assert!(!LIGHT.dark && DARK.dark) };
    assert!(visuals(&DARK).dark_mode && !visuals(&LIGHT).dark_mode);
    for (light, dark) in [(LIGHT.danger, DARK.danger), (LIGHT.muted, DARK.muted), (LIGHT.window, DARK.window)] {
        assert_ne!(light, dark);
    }
    assert!(luminance(DARK.window) < luminance(DARK.text) && luminance(LIGHT.window) > luminance(LIGHT.text));
}

/// The palette a view gets after one frame of `ctx` with `appearance` applied and the system's theme `system`.
fn palette_shown(
    appearance: Appearance,
    system: Option<egui::Theme>,
    desktop: Option<egui::Theme>,
) -> (&'static Palette, Color32) {
    let ctx = egui::Context::default();
    super::apply(&ctx, appearance, desktop);
    let mut shown = (&LIGHT, Color32::TRANSPARENT);
    for _ in 0..2 {
        let input = egui::RawInput { system_theme: system, ..egui::RawInput::default() };
        let mut output = ctx.run_ui(input, |ui| shown = (super::palette(ui), ui.visuals().panel_fill));
        output.textures_delta.clear();
    }
    shown
}

#[test]
fn views_get_the_palette_of_the_theme_chosen_or_of_the_system() {
    use egui::Theme::{Dark, Light};
    let with = |theme| Appearance { theme, ..Appearance::default() };
    assert_eq!(palette_shown(with(ThemeChoice::Dark), Some(Light), None), (&DARK, DARK.window));
    assert_eq!(palette_shown(with(ThemeChoice::Light), Some(Dark), Some(Dark)), (&LIGHT, LIGHT.window));
    assert_eq!(palette_shown(with(ThemeChoice::System), Some(Dark), None), (&DARK, DARK.window));
    assert_eq!(palette_shown(with(ThemeChoice::System), Some(Light), Some(Dark)), (&LIGHT, LIGHT.window));
    assert_eq!(
        palette_shown(with(ThemeChoice::System), None, Some(Dark)),
        (&DARK, DARK.window),
        "the desktop portal's preference where the window system reports none (Linux)"
    );
    assert_eq!(
        palette_shown(with(ThemeChoice::System), None, None),
        (&LIGHT, LIGHT.window),
        "light when neither tells"
    );
}
