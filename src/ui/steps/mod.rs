//! One view per step: each draws from the wizard's state and pushes the person's intents as events. No I/O here.

pub mod account;
pub mod action_bar;
pub mod bank;
pub mod browser_wait;
pub mod captcha;
pub mod environment;
pub mod licence;
pub mod link;
pub mod more_accounts;
pub mod onboarded;
pub mod organisation;
pub mod other_device;
pub mod overview;

use crate::wizard::Intent;
use crate::wizard::Session;

use self::action_bar::ActionBar;

/// What a step view may touch: the session's text buffers, the list of intents to send, and the step's action bar.
pub struct View<'a> {
    /// The session, whose text buffers the view edits in place.
    pub session: &'a mut Session,
    /// Intents gathered this frame.
    pub intents: &'a mut Vec<Intent>,
    /// The step's actions, drawn pinned below its content.
    pub actions: &'a mut ActionBar,
    /// True on the first frame of a step: its first field (or its primary action) takes the keyboard focus.
    pub opening: bool,
}

/// Gives `field` the keyboard focus on the step's first frame (`opening`, from [`View::opening`]): called on the
/// step's first field, so that typing can start at once. (The previous step's field may still hold the focus on that
/// frame: it is taken from it.)
pub fn focus_first(opening: bool, field: &egui::Response) {
    if opening {
        field.request_focus();
    }
}
