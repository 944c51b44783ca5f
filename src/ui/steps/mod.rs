//! One view per step: each draws from the wizard's state and pushes the person's intents as events. No I/O here.

pub mod account;
pub mod bank;
pub mod browser_wait;
pub mod captcha;
pub mod environment;
pub mod licence;
pub mod link;
pub mod more_accounts;
pub mod onboarded;
pub mod organisation;
pub mod overview;

use crate::wizard::Intent;
use crate::wizard::Session;

/// What a step view may touch: the session's text buffers, and the list of intents to send.
pub struct View<'a> {
    /// The session, whose text buffers the view edits in place.
    pub session: &'a mut Session,
    /// Intents gathered this frame.
    pub intents: &'a mut Vec<Intent>,
}
