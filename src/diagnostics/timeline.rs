//! The event timeline: the person's actions, the steps entered and the services' answers, each with the time it
//! happened, in words (step entered, browser opened, poll 3 answered 202, account became active…). Built from the
//! wizard's events as `WizardApp` applies them; a sentence never holds a secret (only the events' plain fields are
//! read, never a key, a JWT, a route or a captcha answer). Bounded: the oldest entries are let go past
//! [`ENTRIES_KEPT`].

use std::collections::{HashMap, VecDeque};

use jiff::Timestamp;

use crate::api::error::Failure;
use crate::wizard::{AccessProblem, ConnectProblem, Event, LinkEnd, RequestId, Step, WatchStop};

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

    fn push(&mut self, entry: TimelineEntry) {
        self.entries.push_back(entry);
        while self.entries.len() > ENTRIES_KEPT {
            self.entries.pop_front();
            self.let_go += 1;
        }
    }

    fn describe(&mut self, event: &Event) -> Option<(EntryKind, String)> {
        if let Some(text) = action(event) {
            return Some((EntryKind::Action, text.to_owned()));
        }
        match event {
            Event::LinkChecked { request, failure, next_check_at, at, .. } => {
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
            Event::LinkEnded { request, end, .. } => {
                let polls = self.polls.remove(request).unwrap_or(0);
                Some(link_end(end, polls))
            }
            _ => answer(event),
        }
    }
}

/// The sentence for an intent of the person, if `event` is one.
fn action(event: &Event) -> Option<&'static str> {
    Some(match event {
        Event::SelectEnvironment(_) => "Chose an environment",
        Event::SelectProductKind(_) => "Chose the product kind",
        Event::StoreApplicationKey => "Stored the application key",
        Event::ConnectAgain => "Pressed Connect again",
        Event::Continue => "Pressed Continue",
        Event::Back => "Pressed Back",
        Event::SendLicence | Event::SendLicenceNow => "Sent the licence to the Token Service",
        Event::NewCaptcha => "Asked for a new captcha",
        Event::CreateOrganisation => "Pressed Create organisation",
        Event::Retry => "Pressed Try again",
        Event::EditLicence => "Went back to edit the licence",
        Event::ReviewOrganisation => "Went back to review the organisation",
        Event::StartOver => "Started over",
        Event::VerifyConnection => "Pressed Verify",
        Event::RetryKeyStore => "Tried the keyring again",
        Event::LinkBank => "Pressed Link a bank account",
        Event::ReloadBanks => "Reloaded the banks",
        Event::ChooseBank(_) => "Chose a bank",
        Event::OpenInBrowser(_) => "Opened the bank's page in the browser again",
        Event::CancelLink => "Cancelled the link",
        Event::RetryLink => "Tried the link again",
        Event::ChooseAnotherBank => "Went back to choose another bank",
        Event::CreateBankAccount => "Pressed Create bank account",
        Event::StopWatching => "Stopped following the account",
        Event::CheckStatusAgain => "Pressed Check status again",
        Event::Reauthorise => "Pressed Re-authorise",
        Event::CancelReauth => "Stopped waiting for the re-authorisation",
        Event::RemoveBankAccount => "Asked to remove the bank account",
        Event::ConfirmRemove => "Confirmed the removal",
        Event::KeepBankAccount => "Kept the bank account",
        Event::ShowOverview | Event::ShowOverviewOf(_) => "Opened the accounts overview",
        Event::RefreshOverview => "Pressed Refresh statuses",
        Event::StartOnboarding => "Started a new onboarding",
        Event::LinkAnotherBank(_) => "Pressed Link another bank",
        Event::ContinueUnfinishedLink => "Pressed Continue the link",
        Event::ActOnAccount { .. } => "Acted on an account in the overview",
        Event::AddMoreAccounts => "Pressed Add more accounts",
        Event::ListCandidatesAgain => "Listed the candidate accounts again",
        Event::LinkSelected => "Pressed Link selected",
        Event::CancelBatch => "Cancelled the batch",
        Event::RetryCandidate(_) => "Tried a candidate again",
        Event::ResetDemo => "Confirmed Reset demo",
        _ => return None,
    })
}

/// The line for an answer of the runtime, if it is worth one.
fn answer(event: &Event) -> Option<(EntryKind, String)> {
    use EntryKind::{Answer, Problem};
    Some(match event {
        Event::Restored(Some(_)) => (Answer, "Saved progress found and restored".to_owned()),
        Event::Connected { result: Ok(connection), .. } => {
            (Answer, format!("Connected to the Banking Service at {}", connection.endpoints.banking))
        }
        Event::Connected { result: Err(problem), .. } => (Problem, format!("Not connected: {}", connect_text(problem))),
        Event::TokenRequested { result, .. } => {
            outcome(result, "The Token Service accepted the licence", "The Token Service refused the licence")
        }
        Event::CaptchaFetched { result, .. } => {
            outcome(result, "A captcha arrived", "The captcha could not be fetched")
        }
        Event::OrganisationCreated { result: Ok(created), .. } => {
            (Answer, format!("Organisation {} created", created.organisation_id))
        }
        Event::OrganisationCreated { result: Err(failure), .. } => {
            (Problem, format!("POST organisation failed: {}", failure_text(failure)))
        }
        Event::KeyStored { result: Ok(()), .. } => (Answer, "The signing key was stored in the keyring".to_owned()),
        Event::KeyStored { result: Err(problem), .. } | Event::KeyChecked { result: Err(problem), .. } => {
            (Problem, format!("Keyring: {problem}"))
        }
        Event::AccessTokenFetched { result: Ok(()), .. } => (Answer, "An access token was issued".to_owned()),
        Event::AccessTokenFetched { result: Err(problem), .. } => {
            (Problem, format!("No access token: {}", access_text(problem)))
        }
        Event::ProgressSaved(Err(problem)) => (Problem, format!("Progress not saved: {problem}")),
        Event::BanksFetched { result: Ok(index), .. } => (Answer, format!("{} banks listed", index.len())),
        Event::BanksFetched { result: Err(failure), .. } => {
            (Problem, format!("The banks could not be listed: {}", failure_text(failure)))
        }
        Event::LinkStarted { browser, .. } => match browser {
            Ok(()) => (Answer, "The link started; the bank's page was opened in the browser".to_owned()),
            Err(why) => (Problem, format!("The link started, but the browser did not open: {why}")),
        },
        Event::BrowserOpened { result: Ok(()), .. } => (Answer, "Browser opened".to_owned()),
        Event::BrowserOpened { result: Err(why), .. } => (Problem, format!("The browser did not open: {why}")),
        Event::BankAccountCreated { result: Ok(account), .. } => {
            (Answer, format!("Bank account {} created, {}", account.bank_account_id, account.status.as_str()))
        }
        Event::BankAccountCreated { result: Err(failure), .. } => {
            (Problem, format!("The bank account was not created: {}", failure_text(failure)))
        }
        Event::BankAccountFound { result: Ok(Some(account)), .. } => {
            (Answer, format!("Bank account {} found, {}", account.bank_account_id, account.status.as_str()))
        }
        Event::BankAccountFound { result: Ok(None), .. } => (Answer, "No bank account with that key yet".to_owned()),
        Event::BankAccountFound { result: Err(failure), .. } => {
            (Problem, format!("The bank account could not be looked up: {}", failure_text(failure)))
        }
        Event::AccountChecked { result: Ok(account), .. } => {
            (Answer, format!("Account {} is {}", account.bank_account_id, account.status.as_str()))
        }
        Event::AccountChecked { result: Err(failure), .. } => {
            (Problem, format!("Account status check failed: {}", failure_text(failure)))
        }
        Event::WatchEnded { stop, .. } => match stop {
            WatchStop::Cancelled => (Answer, "Stopped following the account".to_owned()),
            WatchStop::TimedOut => (Problem, "The account did not become active in time".to_owned()),
            WatchStop::Failed(failure) => (Problem, format!("Following the account failed: {}", failure_text(failure))),
        },
        Event::ReauthStarted { result: Ok(_), .. } => (Answer, "Re-authorisation started at the bank".to_owned()),
        Event::ReauthStarted { result: Err(failure), .. } => {
            (Problem, format!("Re-authorisation could not start: {}", failure_text(failure)))
        }
        Event::BankAccountRemoved { result, .. } => {
            outcome(result, "The bank account was removed", "The bank account was not removed")
        }
        Event::OrganisationLoaded { result: Ok(accounts), .. } => {
            (Answer, format!("Overview read: {} bank accounts", accounts.accounts.len()))
        }
        Event::OrganisationLoaded { result: Err(problem), .. } => {
            (Problem, format!("Overview not read: {}", access_text(problem)))
        }
        Event::CandidatesListed { result: Ok(listing), .. } => (
            Answer,
            format!(
                "{} candidate accounts listed{}",
                listing.available_accounts.len(),
                if listing.refreshing { " (still refreshing)" } else { "" }
            ),
        ),
        Event::CandidatesListed { result: Err(failure), .. } => {
            (Problem, format!("Candidates not listed: {}", failure_text(failure)))
        }
        Event::DemoReset { result: Ok(cleared), .. } => (
            Answer,
            format!("Demo reset: {} keys and {} saved emulator states deleted", cleared.keys, cleared.state_files),
        ),
        Event::DemoReset { result: Err(problem), .. } => (Problem, format!("Demo not reset: {problem}")),
        Event::CandidateLinked { result: Ok(account), .. } => {
            (Answer, format!("Candidate linked as bank account {}", account.bank_account_id))
        }
        Event::CandidateLinked { result: Err(failure), .. } => {
            (Problem, format!("A candidate was not linked: {}", failure_text(failure)))
        }
        _ => return None,
    })
}

/// The line for a result: `ok` on success, `failed` and the failure's words otherwise.
fn outcome<T>(result: &Result<T, Failure>, ok: &str, failed: &str) -> (EntryKind, String) {
    match result {
        Ok(_) => (EntryKind::Answer, ok.to_owned()),
        Err(failure) => (EntryKind::Problem, format!("{failed}: {}", failure_text(failure))),
    }
}

/// How a link ended, with how many polls it took.
fn link_end(end: &LinkEnd, polls: u32) -> (EntryKind, String) {
    let after = if polls == 0 { String::new() } else { format!(" after {polls} polls answered 202") };
    match end {
        LinkEnd::Linked(account) => (EntryKind::Answer, format!("Linked \"{}\"{after}", account.account_name)),
        LinkEnd::Declined => (EntryKind::Problem, format!("The bank declined the link{after}")),
        LinkEnd::TimedOut => (EntryKind::Problem, format!("The link timed out{after}")),
        LinkEnd::Failed { failure, while_polling } => {
            let when = if *while_polling { "while polling" } else { "to start" };
            (EntryKind::Problem, format!("The link failed {when}: {}", failure_text(failure)))
        }
    }
}

/// A failure in a few technical words: `HTTP 409 organisationLimitReached`, `timed out after 30 s`.
#[must_use]
pub fn failure_text(failure: &Failure) -> String {
    match failure {
        Failure::Unreachable { detail } => format!("not reachable ({detail})"),
        Failure::TimedOut { seconds } => format!("no answer within {seconds} s"),
        Failure::Status { status, code, retry_after, .. } => {
            let code = code.as_deref().map(|code| format!(" {code}")).unwrap_or_default();
            let wait = retry_after.map(|seconds| format!(", Retry-After {seconds} s")).unwrap_or_default();
            format!("HTTP {status}{code}{wait}")
        }
        Failure::Unreadable { status, detail } => format!("HTTP {status} with an unreadable body ({detail})"),
        Failure::NotSent { detail } => format!("not sent ({detail})"),
    }
}

fn connect_text(problem: &ConnectProblem) -> String {
    match problem {
        ConnectProblem::EmulatorDidNotStart(why) => format!("the local emulator did not start ({why})"),
        ConnectProblem::Keyring(problem) => format!("keyring: {problem}"),
        ConnectProblem::NoApplicationKey => "no application key in the keyring".to_owned(),
        ConnectProblem::Client(why) => format!("the client could not be built ({why})"),
    }
}

fn access_text(problem: &AccessProblem) -> String {
    match problem {
        AccessProblem::Keyring(problem) => format!("keyring: {problem}"),
        AccessProblem::Service(failure) => failure_text(failure),
    }
}

/// A step's name as the timeline says it.
#[must_use]
pub fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Create(_) => "Creating the organisation",
        Step::Overview(_) => "Accounts overview",
        step => step.index().map_or("Accounts overview", |index| crate::wizard::STEP_TITLES[index]),
    }
}

#[cfg(test)]
mod tests;
