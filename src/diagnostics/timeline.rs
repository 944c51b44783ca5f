//! The event timeline: the person's actions, the steps entered and the services' answers, each with the time it
//! happened, in words (step entered, browser opened, poll 3 answered 202, account became active…). Built from the
//! wizard's events as `WizardApp` applies them; a sentence never holds a secret (only the events' plain fields are
//! read, never a key, a JWT, a route or a captcha answer). Bounded: the oldest entries are let go past
//! [`ENTRIES_KEPT`].

use std::collections::{HashMap, VecDeque};

use jiff::Timestamp;

use crate::wizard::{Answer, Event, RequestId, Step};

mod words;

use words::{action, link_end};
pub use words::{
    demo_reset_problem_text, failure_text, progress_problem_text, start_at_problem_text, step_name, step_title,
};

/// How many entries a session keeps.
pub const ENTRIES_KEPT: usize = 5_000;

/// Who or what an entry is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// Something the person did.
    Action,
    /// A step was entered.
    Step,
    /// A service, the keyring or the browser answered.
    Answer,
    /// Something failed.
    Problem,
    /// A QA tester marked a step passed or failed.
    Qa,
}

impl EntryKind {
    /// A short word for the transcript and the list.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Action => "action",
            Self::Step => "step",
            Self::Answer => "answer",
            Self::Problem => "problem",
            Self::Qa => "qa",
        }
    }
}

/// One entry of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When it happened.
    pub at: Timestamp,
    /// What kind of entry it is.
    pub kind: EntryKind,
    /// What happened, in a sentence.
    pub text: String,
}

/// The session's timeline, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    entries: VecDeque<TimelineEntry>,
    /// How many polls each link has had answered, to number them.
    polls: HashMap<RequestId, u32>,
    let_go: u64,
}

impl Timeline {
    /// An empty timeline.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes `event`, applied at `at`, when it is worth a line.
    pub fn note_event(&mut self, at: Timestamp, event: &Event) {
        if let Some((kind, text)) = self.describe(event) {
            self.push(TimelineEntry { at, kind, text });
        }
    }

    /// Notes that `step` was entered.
    pub fn note_step(&mut self, at: Timestamp, step: &Step) {
        self.push(TimelineEntry { at, kind: EntryKind::Step, text: format!("Entered step: {}", step_name(step)) });
    }

    /// Notes anything else worth a line (an export written, the demo reset).
    pub fn note(&mut self, at: Timestamp, kind: EntryKind, text: impl Into<String>) {
        self.push(TimelineEntry { at, kind, text: text.into() });
    }

    /// Every entry kept, oldest first.
    #[must_use]
    pub fn entries(&self) -> impl ExactSizeIterator<Item = &TimelineEntry> + DoubleEndedIterator {
        self.entries.iter()
    }

    /// How many entries there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was noted.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many older entries were let go.
    #[must_use]
    pub fn let_go(&self) -> u64 {
        self.let_go
    }

    fn push(&mut self, mut entry: TimelineEntry) {
        // A card number (in an account's name, a failure's words) keeps only its last four digits.
        if let std::borrow::Cow::Owned(masked) = crate::api::card_number::mask_card_numbers(&entry.text) {
            entry.text = masked;
        }
        self.entries.push_back(entry);
        while self.entries.len() > ENTRIES_KEPT {
            self.entries.pop_front();
            self.let_go += 1;
        }
    }

    fn describe(&mut self, event: &Event) -> Option<(EntryKind, String)> {
        let answer = match event {
            Event::Intent(intent) => return action(intent).map(|text| (EntryKind::Action, text.to_owned())),
            Event::Answer(answer) => answer,
        };
        match answer {
            Answer::LinkChecked { request, failure, next_check_at, at, .. } => {
                let n = self.polls.entry(*request).or_default();
                *n += 1;
                let wait = next_check_at.duration_since(*at).as_secs_f64().max(0.0);
                Some(match failure {
                    None => (EntryKind::Answer, format!("Poll {n} answered 202: not finished; next in {wait:.1} s")),
                    Some(failure) => (
                        EntryKind::Problem,
                        format!(
                            "Poll {n} failed ({}); trying the same route again in {wait:.1} s",
                            failure_text(failure)
                        ),
                    ),
                })
            }
            Answer::LinkEnded { request, end, .. } => {
                let polls = self.polls.remove(request).unwrap_or(0);
                Some(link_end(end, polls))
            }
            _ => words::answer(answer),
        }
    }
}

#[cfg(test)]
mod tests;
