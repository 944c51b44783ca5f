//! The timeline's words: the sentence for each intent of the person and each answer worth a line, how a link ended,
//! and a failure, a step or a problem in a few words. Reads only the events' plain fields, never a secret.

use super::EntryKind;
use crate::api::error::Failure;
use crate::wizard::{AccessProblem, ConnectProblem, Event, LinkEnd, Step, WatchStop};

/// The sentence for an intent of the person, if `event` is one.
pub(super) fn action(event: &Event) -> Option<&'static str> {
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
pub(super) fn answer(event: &Event) -> Option<(EntryKind, String)> {
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
pub(super) fn link_end(end: &LinkEnd, polls: u32) -> (EntryKind, String) {
    let after = if polls == 0 { String::new() } else { format!(" after {polls} polls answered 202") };
    match end {
        LinkEnd::Linked(account) => (EntryKind::Answer, format!("Linked \"{}\"{after}", account.account_name)),
        LinkEnd::Declined => (EntryKind::Problem, format!("The bank declined the link{after}")),
        LinkEnd::Expired => (EntryKind::Problem, format!("The bank's page expired before it was finished{after}")),
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
        Failure::NotSaved(problem) => format!("not sent: {problem}"),
        Failure::KeyringNotReady(problem) => format!("not sent: {problem}"),
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
        AccessProblem::NoCompany => {
            "HTTP 200 with an unreadable body (the organisation came back without a company)".to_owned()
        }
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
