//! Everything [`super::Wizard::update`] takes: what a person did ([`Intent`]) or what the runtime reports
//! ([`Answer`]). Views send only intents; the runtime sends only answers.

use super::answer::Answer;
use super::intent::Intent;

/// An intent or an answer.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug)]
pub enum Event {
    /// The person did something.
    Intent(Intent),
    /// The runtime answered an effect.
    Answer(Answer),
}

impl From<Intent> for Event {
    fn from(intent: Intent) -> Self {
        Self::Intent(intent)
    }
}

impl From<Answer> for Event {
    fn from(answer: Answer) -> Self {
        Self::Answer(answer)
    }
}
