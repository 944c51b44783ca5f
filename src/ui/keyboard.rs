//! What the keyboard does across the steps: which screen is shown (a new one gives its first field or primary action
//! the focus), and when Enter presses the step's primary action.

use super::widgets;
use crate::wizard::Step;

/// Which screen is shown: the step and, for the bank account step, whether it shows the account's details or its
/// status, and which status (each a new screen whose primary action takes the focus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ScreenKey {
    step: std::mem::Discriminant<Step>,
    phase: Option<std::mem::Discriminant<crate::wizard::AccountPhase>>,
    status: Option<std::mem::Discriminant<crate::api::models::BankAccountStatus>>,
}

impl ScreenKey {
    pub(super) fn of(step: &Step) -> Self {
        let (phase, status) = match step {
            Step::Account(account) => {
                let status = match &account.phase {
                    crate::wizard::AccountPhase::Following(following) => {
                        Some(std::mem::discriminant(&following.account.status))
                    }
                    _ => None,
                };
                (Some(std::mem::discriminant(&account.phase)), status)
            }
            _ => (None, None),
        };
        Self { step: std::mem::discriminant(step), phase, status }
    }
}

/// Enter pressed this frame, and where the keyboard focus was then.
#[derive(Clone, Copy, Debug)]
pub(super) struct EnterPress {
    /// The focused widget, if any.
    focused: Option<egui::Id>,
}

/// Enter pressed this frame, if it was. Read before anything is drawn: a text field gives up its focus on Enter as it
/// draws.
pub(super) fn enter_pressed(ctx: &egui::Context) -> Option<EnterPress> {
    ctx.input(|input| input.key_pressed(egui::Key::Enter) && input.modifiers.is_none())
        .then(|| EnterPress { focused: ctx.memory(egui::Memory::focused) })
}

impl EnterPress {
    /// True when this Enter presses the step's primary action: pressed with nothing focused, or in one of the step's
    /// text fields (in the `content` column). A focused button, checkbox or link takes Enter itself, and a field of a
    /// tool (the inspector's filter) keeps it.
    pub(super) fn submits(self, ctx: &egui::Context, content: egui::Rect) -> bool {
        self.focused.is_none_or(|id| {
            widgets::is_text_field(ctx, id)
                // Beside the tools' panels: a field of the step may be scrolled out of view, never out of its column.
                && ctx.read_response(id).is_some_and(|field| content.x_range().contains(field.rect.center().x))
        })
    }
}
