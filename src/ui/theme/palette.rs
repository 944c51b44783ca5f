//! The two palettes, light and dark: the same meanings in each (danger, warning, success, info, muted), each colour
//! chosen to be read on the backgrounds it is drawn on (WCAG AA, checked by `theme::tests`).

use egui::Color32;

/// Every colour the window uses, for one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// True for the dark theme: egui's dark visuals are the base.
    pub dark: bool,
    /// Panels and windows (dialogs, menus).
    pub window: Color32,
    /// The side panel with the step list, and blocks of code in the inspector.
    pub sidebar: Color32,
    /// The inside of text fields.
    pub field: Color32,
    /// Primary text.
    pub text: Color32,
    /// Secondary text, and hints in empty fields.
    pub muted: Color32,
    /// The current step and what the person did, as a colour on the window.
    pub accent: Color32,
    /// The fill of a step's main action.
    pub accent_fill: Color32,
    /// The fill of a dangerous action (Reset demo, Close anyway).
    pub danger_fill: Color32,
    /// Text on `accent_fill` and `danger_fill`.
    pub on_fill: Color32,
    /// Something failed or is dangerous (the live service).
    pub danger: Color32,
    /// Something needs attention.
    pub warning: Color32,
    /// Something worked.
    pub success: Color32,
    /// Information.
    pub info: Color32,
    /// Links.
    pub link: Color32,
    /// The background of selected text and of a selected item.
    pub selection: Color32,
    /// Text on `selection`.
    pub on_selection: Color32,
    /// A secondary button at rest, under the pointer, pressed.
    pub button: [Color32; 3],
    /// A secondary button's text at rest, and under the pointer or pressed.
    pub button_text: [Color32; 2],
    /// The ring drawn around the control with the keyboard focus (2 points wide, outside the control).
    pub focus: Color32,
    /// Separators, and the edges of cards and windows.
    pub line: Color32,
    /// How much of its tone colours a callout's background (0 to 1).
    pub tint: f32,
}

/// Today's light look.
pub const LIGHT: Palette = Palette {
    dark: false,
    window: Color32::from_gray(248),
    sidebar: Color32::from_rgb(0xf2, 0xf4, 0xf6),
    field: Color32::WHITE,
    text: Color32::from_rgb(0x1c, 0x21, 0x26),
    muted: Color32::from_rgb(0x5f, 0x66, 0x70),
    accent: Color32::from_rgb(0x00, 0x7e, 0x45),
    accent_fill: Color32::from_rgb(0x00, 0x7e, 0x45),
    danger_fill: Color32::from_rgb(0xc2, 0x1f, 0x2b),
    on_fill: Color32::WHITE,
    danger: Color32::from_rgb(0xc2, 0x1f, 0x2b),
    // A shade darker than before (a8 5b 00 and 1b 7f 3b read 4.3:1 on their own callouts).
    warning: Color32::from_rgb(0x9a, 0x54, 0x00),
    success: Color32::from_rgb(0x19, 0x78, 0x38),
    info: Color32::from_rgb(0x1d, 0x5f, 0xa8),
    link: Color32::from_rgb(0x1d, 0x5f, 0xa8),
    // The accent at 35 % on the window, as before.
    selection: Color32::from_rgb(0xa1, 0xcd, 0xb9),
    on_selection: Color32::from_rgb(0x1c, 0x21, 0x26),
    button: [Color32::from_gray(230), Color32::from_gray(220), Color32::from_gray(165)],
    button_text: [Color32::from_gray(60), Color32::BLACK],
    focus: Color32::from_rgb(0x1d, 0x5f, 0xa8),
    line: Color32::from_gray(190),
    tint: 0.08,
};

/// The dark look: a blue-grey window, light text, the tones lightened to read on it; the main action keeps its
/// green fill with white text.
pub const DARK: Palette = Palette {
    dark: true,
    window: Color32::from_rgb(0x1d, 0x21, 0x25),
    sidebar: Color32::from_rgb(0x26, 0x2b, 0x31),
    field: Color32::from_rgb(0x12, 0x15, 0x18),
    text: Color32::from_rgb(0xe3, 0xe6, 0xea),
    muted: Color32::from_rgb(0xa2, 0xaa, 0xb4),
    accent: Color32::from_rgb(0x5c, 0xcf, 0x94),
    accent_fill: Color32::from_rgb(0x00, 0x7e, 0x45),
    danger_fill: Color32::from_rgb(0xc2, 0x1f, 0x2b),
    on_fill: Color32::WHITE,
    danger: Color32::from_rgb(0xff, 0x8d, 0x8d),
    warning: Color32::from_rgb(0xf2, 0xb5, 0x5c),
    success: Color32::from_rgb(0x63, 0xcf, 0x8d),
    info: Color32::from_rgb(0x8c, 0xbc, 0xf5),
    link: Color32::from_rgb(0x8c, 0xbc, 0xf5),
    selection: Color32::from_rgb(0x2a, 0x5c, 0x45),
    on_selection: Color32::from_rgb(0xe3, 0xe6, 0xea),
    button: [
        Color32::from_rgb(0x35, 0x3b, 0x42),
        Color32::from_rgb(0x42, 0x49, 0x52),
        Color32::from_rgb(0x4f, 0x57, 0x61),
    ],
    button_text: [Color32::from_rgb(0xe3, 0xe6, 0xea), Color32::WHITE],
    focus: Color32::from_rgb(0x8c, 0xbc, 0xf5),
    line: Color32::from_rgb(0x4a, 0x52, 0x5b),
    tint: 0.14,
};

impl Palette {
    /// The background of a callout in `tone`: the tone over the window, opaque.
    #[must_use]
    pub fn callout_fill(&self, tone: Color32) -> Color32 {
        mix(self.window, tone, self.tint)
    }

    /// The edge of a callout in `tone`.
    #[must_use]
    pub fn callout_stroke(&self, tone: Color32) -> Color32 {
        mix(self.window, tone, 0.6)
    }

    /// The background of the demo strip (the local emulator's banner).
    #[must_use]
    pub fn strip_fill(&self) -> Color32 {
        mix(self.window, self.info, self.tint + 0.02)
    }

    /// The edge of a card (an organisation on the overview).
    #[must_use]
    pub fn card_stroke(&self) -> Color32 {
        mix(self.window, self.muted, 0.4)
    }
}

/// `over` laid on `under` at `amount` (0 to 1), mixed per channel as egui blends (in gamma space), opaque.
#[must_use]
pub fn mix(under: Color32, over: Color32, amount: f32) -> Color32 {
    let amount = amount.clamp(0.0, 1.0);
    let channel = |under: u8, over: u8| {
        let mixed = f32::from(under) + (f32::from(over) - f32::from(under)) * amount;
        // Within 0..=255 by construction.
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let byte = mixed.round() as u8;
        byte
    };
    Color32::from_rgb(channel(under.r(), over.r()), channel(under.g(), over.g()), channel(under.b(), over.b()))
}
