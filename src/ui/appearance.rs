//! The window's look as the person chooses it: View → Theme and View → Text size, Ctrl+plus, Ctrl+minus and Ctrl+0
//! (egui's own zoom keys are turned off so the size moves along the app's steps), and `--theme` from the command line
//! for one run. Applied to egui when it changes, and remembered with the progress through the wizard
//! (`Intent::SetAppearance`); a choice made before the saved progress is read waits for it, so that nothing saved is
//! overwritten.

use egui::gui_zoom::kb_shortcuts;

use super::{WizardApp, theme};
use crate::wizard::{Appearance, Intent, TextSize, ThemeChoice};

/// What the app knows of the look beyond what the wizard saved.
#[derive(Debug, Default)]
pub(super) struct Look {
    /// The appearance last given to egui, with the desktop's preference then.
    applied: Option<(Appearance, Option<egui::Theme>)>,
    /// The desktop's light or dark preference, followed (the real window on Linux; none in tests).
    desktop: crate::system_theme::SystemTheme,
    /// `--theme`: this run's theme, over the saved one until the person chooses one.
    theme_override: Option<ThemeChoice>,
    /// A theme chosen before the saved progress was read.
    pending_theme: Option<ThemeChoice>,
    /// A text size chosen before the saved progress was read.
    pending_size: Option<TextSize>,
}

impl Look {
    /// A look whose theme is `theme` for this run, when given.
    pub(super) fn with_theme(theme: Option<ThemeChoice>) -> Self {
        Self { theme_override: theme, ..Self::default() }
    }

    /// Follows `desktop`'s light or dark preference when the theme is "System".
    pub(super) fn following(mut self, desktop: crate::system_theme::SystemTheme) -> Self {
        self.desktop = desktop;
        self
    }
}

impl WizardApp {
    /// The theme and text size in use: the saved or chosen ones, with `--theme` over the theme until one is chosen.
    #[must_use]
    pub fn appearance(&self) -> Appearance {
        let saved = self.wizard.session().appearance;
        Appearance {
            theme: self.look.theme_override.or(self.look.pending_theme).unwrap_or(saved.theme),
            text_size: self.look.pending_size.unwrap_or(saved.text_size),
        }
    }

    /// Uses `theme` from now on, and remembers it.
    pub(super) fn choose_theme(&mut self, theme: ThemeChoice) {
        self.look.theme_override = None;
        self.look.pending_theme = Some(theme);
        self.remember_appearance();
    }

    /// Uses `size` from now on, and remembers it.
    pub(super) fn choose_text_size(&mut self, size: TextSize) {
        self.look.pending_size = Some(size);
        self.remember_appearance();
    }

    /// Each frame before anything is drawn: the text size's shortcuts, then the look given to egui when it changed
    /// (it shows from the next frame, which is asked for).
    pub(super) fn keep_appearance(&mut self, ctx: &egui::Context) {
        if let Some(size) = text_size_shortcut(ctx, self.appearance().text_size) {
            self.choose_text_size(size);
        }
        self.remember_appearance();
        let wanted = (self.appearance(), self.look.desktop.preference());
        if self.look.applied != Some(wanted) {
            theme::apply(ctx, wanted.0, wanted.1);
            ctx.options_mut(|options| options.zoom_with_keyboard = false);
            self.look.applied = Some(wanted);
        }
    }

    /// Hands what was chosen to the wizard, which saves it, once the saved progress is read (before, a save would
    /// overwrite it).
    fn remember_appearance(&mut self) {
        if self.saved_drafts.is_none() || (self.look.pending_theme.is_none() && self.look.pending_size.is_none()) {
            return;
        }
        let saved = self.wizard.session().appearance;
        let chosen = Appearance {
            theme: self.look.pending_theme.take().unwrap_or(saved.theme),
            text_size: self.look.pending_size.take().unwrap_or(saved.text_size),
        };
        self.dispatch(Intent::SetAppearance(chosen));
    }
}

/// The text size that Ctrl+plus (or Ctrl+=), Ctrl+minus or Ctrl+0 pressed this frame asks for, from `current`.
fn text_size_shortcut(ctx: &egui::Context, current: TextSize) -> Option<TextSize> {
    ctx.input_mut(|input| {
        if input.consume_shortcut(&kb_shortcuts::ZOOM_RESET) {
            Some(TextSize::NORMAL)
        } else if input.consume_shortcut(&kb_shortcuts::ZOOM_IN)
            || input.consume_shortcut(&kb_shortcuts::ZOOM_IN_SECONDARY)
        {
            Some(current.larger())
        } else if input.consume_shortcut(&kb_shortcuts::ZOOM_OUT) {
            Some(current.smaller())
        } else {
            None
        }
    })
}
