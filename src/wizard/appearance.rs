//! How the window looks, as the person chose it (View → Theme, View → Text size, Ctrl+plus/minus/0): light, dark or
//! the system's, and the text size. Values only; the UI turns them into egui's theme and zoom. Saved with the
//! progress, so the choice comes back, and an older progress file without them still loads.

use serde::{Deserialize, Deserializer, Serialize};

use super::{Effect, Wizard};

/// Light, dark, or whichever the operating system prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark preference.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl ThemeChoice {
    /// Every choice, in the menu's order.
    pub const ALL: [Self; 3] = [Self::System, Self::Light, Self::Dark];
}

/// The size of everything in the window, in percent of the normal size: one of [`TextSize::STEPS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u16", from = "u16")]
pub struct TextSize(u16);

impl TextSize {
    /// The normal size.
    pub const NORMAL: Self = Self(100);
    /// The sizes offered, smallest first: Ctrl+plus and Ctrl+minus move along them.
    pub const STEPS: [Self; 7] = [Self(90), Self::NORMAL, Self(110), Self(125), Self(150), Self(175), Self(200)];

    /// The step nearest `percent` (a hand-edited file may hold any number).
    #[must_use]
    pub fn nearest(percent: u16) -> Self {
        Self::STEPS.into_iter().min_by_key(|step| step.0.abs_diff(percent)).unwrap_or(Self::NORMAL)
    }

    /// In percent of the normal size.
    #[must_use]
    pub fn percent(self) -> u16 {
        self.0
    }

    /// By how much everything is scaled (1.0 for the normal size).
    #[must_use]
    pub fn factor(self) -> f32 {
        f32::from(self.0) / 100.0
    }

    /// The next larger step; the largest stays.
    #[must_use]
    pub fn larger(self) -> Self {
        Self::STEPS.into_iter().find(|step| *step > self).unwrap_or(self)
    }

    /// The next smaller step; the smallest stays.
    #[must_use]
    pub fn smaller(self) -> Self {
        Self::STEPS.into_iter().rev().find(|step| *step < self).unwrap_or(self)
    }
}

impl Default for TextSize {
    fn default() -> Self {
        Self::NORMAL
    }
}

impl From<u16> for TextSize {
    fn from(percent: u16) -> Self {
        Self::nearest(percent)
    }
}

impl From<TextSize> for u16 {
    fn from(size: TextSize) -> Self {
        size.0
    }
}

/// How much of the inspector's Requests tab the selected request's details take, in percent (the list of requests
/// has the rest): dragged by the person, and saved with the progress like the theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "u8", from = "u8")]
pub struct DetailsShare(u8);

impl DetailsShare {
    /// The share at first.
    pub const DEFAULT: Self = Self(65);
    /// The least and the most the details may take, so that neither part disappears.
    pub const RANGE: std::ops::RangeInclusive<u8> = 20..=85;

    /// The share of `part` in `whole` (heights), within [`Self::RANGE`].
    #[must_use]
    pub fn of(part: f32, whole: f32) -> Self {
        if whole <= 0.0 || !part.is_finite() || !whole.is_finite() {
            return Self::DEFAULT;
        }
        let percent = (part / whole * 100.0).round().clamp(0.0, 100.0);
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=100 above")]
        Self::from(percent as u8)
    }

    /// In percent.
    #[must_use]
    pub fn percent(self) -> u8 {
        self.0
    }

    /// As a fraction of the whole, 0.2 to 0.85.
    #[must_use]
    pub fn fraction(self) -> f32 {
        f32::from(self.0) / 100.0
    }
}

impl Default for DetailsShare {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl From<u8> for DetailsShare {
    /// Any saved number, kept within [`Self::RANGE`] (a hand-edited file may hold any).
    fn from(percent: u8) -> Self {
        Self(percent.clamp(*Self::RANGE.start(), *Self::RANGE.end()))
    }
}

impl From<DetailsShare> for u8 {
    fn from(share: DetailsShare) -> Self {
        share.0
    }
}

/// The theme and the text size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Appearance {
    /// Light, dark or the system's.
    pub theme: ThemeChoice,
    /// The size of everything.
    pub text_size: TextSize,
}

/// Reads a saved theme, or `None` for one this version does not know (a newer version's): the rest of the progress
/// file still loads.
pub(super) fn known_theme<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<ThemeChoice>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Known(ThemeChoice),
        Other(serde::de::IgnoredAny),
    }
    Ok(match Option::<Saved>::deserialize(deserializer)? {
        Some(Saved::Known(theme)) => Some(theme),
        Some(Saved::Other(_)) | None => None,
    })
}

impl Wizard {
    /// The person chose another theme or text size: kept, and saved with the progress.
    pub(super) fn set_appearance(&mut self, appearance: Appearance) -> Vec<Effect> {
        if self.session.appearance == appearance {
            return Vec::new();
        }
        self.session.appearance = appearance;
        vec![self.save()]
    }

    /// The person dragged the split of the inspector's Requests tab: kept, and saved with the progress.
    pub(super) fn set_inspector_details(&mut self, share: DetailsShare) -> Vec<Effect> {
        if self.session.inspector_details == share {
            return Vec::new();
        }
        self.session.inspector_details = share;
        vec![self.save()]
    }
}
