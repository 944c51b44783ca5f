//! The step's actions, pinned below its content as installers do: whatever the window's size or the content's length,
//! the primary action is in view. A step declares its actions while it draws its content; the bar draws them after,
//! in the strip kept free for it, in the same frame. Enter in a text field (or with nothing focused) presses the
//! enabled primary action.

use egui::{Align, Layout, Ui};

use crate::ui::widgets;
use crate::wizard::Intent;

/// The height of the strip kept for the bar, in points.
pub const HEIGHT: f32 = 52.0;

/// One thing the bar shows.
#[derive(Clone, Debug, PartialEq)]
enum Action {
    /// A button that sends `intent`.
    Button { label: String, enabled: bool, intent: Intent, primary: bool },
    /// A spinner and what the step waits for, in place of the primary action.
    Busy(String),
}

/// Whether the primary action is to take the keyboard focus, kept from frame to frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PrimaryFocus {
    /// Nothing pending: the person moves the focus.
    #[default]
    Settled,
    /// A screen opened: the primary action takes the focus once it can be used, if the step asks for that.
    OnOpen,
    /// The step handed the focus on (after Select all): the primary action takes it once it can be used.
    Handed,
}

/// The actions a step declared this frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionBar {
    actions: Vec<Action>,
    /// The primary action takes the keyboard focus when the step opens (a step whose fields are all filled in).
    focus_primary: bool,
    /// The step handed the focus on to the primary action (its fields were all just filled in at once).
    hand_focus: bool,
}

impl ActionBar {
    /// The step's primary action: the one forward button, drawn on the right and pressed by Enter.
    pub fn primary(&mut self, label: impl Into<String>, enabled: bool, intent: impl Into<Intent>) {
        self.actions.push(Action::Button { label: label.into(), enabled, intent: intent.into(), primary: true });
    }

    /// A secondary action (Back, Cancel, another way on), drawn on the left.
    pub fn secondary(&mut self, label: impl Into<String>, enabled: bool, intent: impl Into<Intent>) {
        self.actions.push(Action::Button { label: label.into(), enabled, intent: intent.into(), primary: false });
    }

    /// Gives the primary action the keyboard focus when the step opens, for a step with nothing to type first.
    pub fn focus_primary_on_open(&mut self) {
        self.focus_primary = true;
    }

    /// Moves the keyboard focus on to the primary action as soon as it can be used, as when Select all has just filled
    /// in every field of the step and what comes next is to go on.
    pub fn hand_focus_to_primary(&mut self) {
        self.hand_focus = true;
    }

    /// True when the step asked, this frame, for the focus to move on to its primary action.
    #[must_use]
    pub fn hands_focus(&self) -> bool {
        self.hand_focus
    }

    /// What the step is waiting for, shown where its primary action would be.
    pub fn busy(&mut self, text: impl Into<String>) {
        self.actions.push(Action::Busy(text.into()));
    }

    /// The intent of the enabled primary action, if there is one.
    #[must_use]
    pub fn primary_intent(&self) -> Option<&Intent> {
        self.actions.iter().find_map(|action| match action {
            Action::Button { enabled: true, intent, primary: true, .. } => Some(intent),
            Action::Button { .. } | Action::Busy(_) => None,
        })
    }

    /// True when the step declared nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Draws the bar: the secondary actions on the left, the primary one (or what is awaited) on the right. While
    /// `focus` is pending, the primary action takes the focus as soon as it can be used (on a screen's opening, if the
    /// step asked for it) and the person is not typing in a field.
    pub fn show(&self, ui: &mut Ui, intents: &mut Vec<Intent>, focus: &mut PrimaryFocus) {
        let wants_focus = match *focus {
            PrimaryFocus::Settled => false,
            PrimaryFocus::OnOpen => self.focus_primary,
            PrimaryFocus::Handed => true,
        };
        if self.actions.is_empty() {
            return;
        }
        ui.separator();
        ui.horizontal_centered(|ui| {
            for action in &self.actions {
                if let Action::Button { label, enabled, intent, primary: false } = action
                    && widgets::button(ui, label, *enabled)
                {
                    intents.push(intent.clone());
                }
            }
            ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                for action in self.actions.iter().rev() {
                    match action {
                        Action::Button { label, enabled, intent, primary: true } => {
                            let button = ui.add_enabled(*enabled, widgets::primary(ui, label));
                            // Not from a field being typed in; a button pressed on the screen before gives it up.
                            let focused = ui.ctx().memory(egui::Memory::focused);
                            let free =
                                focused.is_none_or(|id| egui::text_edit::TextEditState::load(ui.ctx(), id).is_none());
                            if wants_focus && *enabled && free {
                                button.request_focus();
                                *focus = PrimaryFocus::Settled;
                            }
                            if button.clicked() {
                                intents.push(intent.clone());
                            }
                        }
                        Action::Busy(text) => widgets::busy(ui, text),
                        Action::Button { primary: false, .. } => {}
                    }
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_presses_the_enabled_primary_action_only() {
        let mut bar = ActionBar::default();
        assert!(bar.is_empty());
        bar.secondary("Back", true, Intent::Back);
        assert_eq!(bar.primary_intent(), None, "Back is not pressed by Enter");
        bar.primary("Continue", false, Intent::Continue);
        assert_eq!(bar.primary_intent(), None, "a disabled primary is not pressed");
        let mut bar = ActionBar::default();
        bar.busy("Sending…");
        bar.primary("Continue", true, Intent::Continue);
        assert_eq!(bar.primary_intent(), Some(&Intent::Continue));
    }
}
