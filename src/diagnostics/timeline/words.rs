//! The timeline's words: the sentence for each intent of the person and each answer worth a line, how a link ended,
//! and a failure, a step or a problem in a few words. Reads only the events' plain fields, never a secret.

use super::EntryKind;
use crate::api::error::Failure;
use crate::wizard::{
    AccessProblem, AccountIntent, Answer, BankIntent, CaptchaIntent, ConnectProblem, EnvironmentIntent, Intent,
    LicenceIntent, LinkEnd, LinkIntent, MoreAccountsIntent, OnboardedIntent, OverviewIntent, Step, WatchStop,
};
use crate::wizard::{DemoResetProblem, ProgressProblem, StartAtProblem, StepName};

/// The sentence for an intent of the person, if it is worth a line (typing and ticking are not).
pub(super) fn action(intent: &Intent) -> Option<&'static str> {
    Some(match intent {
        Intent::Continue => "Pressed Continue",
        Intent::Back => "Pressed Back",
        Intent::ConnectAgain => "Pressed Connect again",
        Intent::OpenInBrowser(_) => "Opened the bank's page in the browser again",
        Intent::StartOver => "Started over",
        Intent::LinkBank => "Pressed Link a bank account",
        Intent::ShowOverview => "Opened the accounts overview",
        Intent::ResetDemo => "Confirmed Reset demo",
        Intent::StartAt(_) => "Chose to start the demo at a step",
        Intent::SetAppearance(_) | Intent::SetInspectorDetails(_) => return None,
        Intent::Environment(intent) => match intent {
            EnvironmentIntent::Select(_) | EnvironmentIntent::UseCustom(_) => "Chose an environment",
            EnvironmentIntent::ChooseCustom => "Chose a custom Banking Service",
            EnvironmentIntent::SelectProductKind(_) => "Chose the product kind",
            EnvironmentIntent::StoreApplicationKey => "Stored the application key",
        },
        Intent::Licence(intent) => match intent {
            LicenceIntent::Send => "Sent the licence to the Token Service",
            LicenceIntent::AddField | LicenceIntent::RemoveField(_) => return None,
        },
        Intent::Captcha(intent) => match intent {
            CaptchaIntent::NewImage => "Asked for a new captcha",
            CaptchaIntent::CreateOrganisation => "Pressed Create organisation",
            CaptchaIntent::SendOrganisationAgain => "Pressed Try again",
            CaptchaIntent::SendLicenceNow => "Sent the licence to the Token Service",
            CaptchaIntent::EditLicence => "Went back to edit the licence",
            CaptchaIntent::ReviewOrganisation => "Went back to review the organisation",
        },
        Intent::Onboarded(intent) => match intent {
            OnboardedIntent::VerifyConnection => "Pressed Verify",
            OnboardedIntent::StoreKeyAgain => "Tried the keyring again",
        },
        Intent::Bank(intent) => match intent {
            BankIntent::LoadAgain => "Reloaded the banks",
            BankIntent::Choose(_) => "Chose a bank",
            BankIntent::SelectCountry(_) | BankIntent::CloseDirectBank => return None,
        },
        Intent::Link(intent) => match intent {
            LinkIntent::Cancel => "Cancelled the link",
            LinkIntent::StartAgain => "Tried the link again",
            LinkIntent::ChooseAnotherBank => "Went back to choose another bank",
        },
        Intent::Account(intent) => match intent {
            AccountIntent::Create => "Pressed Create bank account",
            AccountIntent::StopWatching => "Stopped following the account",
            AccountIntent::CheckStatusAgain => "Pressed Check status again",
            AccountIntent::Reauthorise => "Pressed Sign in at the bank again",
            AccountIntent::RenewConsent => "Pressed Renew the bank's consent",
            AccountIntent::RenewalFinished => "Said the bank's consent was renewed",
            AccountIntent::CancelReauth => "Stopped waiting for the re-authorisation",
            AccountIntent::AskToRemove => "Asked to remove the bank account",
            AccountIntent::ConfirmRemove => "Confirmed the removal",
            AccountIntent::KeepAccount => "Kept the bank account",
            AccountIntent::AddMoreAccounts => "Pressed Add more accounts",
        },
        Intent::MoreAccounts(intent) => match intent {
            MoreAccountsIntent::ListAgain => "Listed the candidate accounts again",
            MoreAccountsIntent::LinkSelected => "Pressed Link selected",
            MoreAccountsIntent::CancelBatch => "Cancelled the batch",
            MoreAccountsIntent::LinkAgain(_) => "Tried a candidate again",
            MoreAccountsIntent::Done => "Pressed Done on more accounts",
            MoreAccountsIntent::Toggle(_)
            | MoreAccountsIntent::SelectShown(_)
            | MoreAccountsIntent::SetStartDate(_)
            | MoreAccountsIntent::SetLinkConcurrency(_) => return None,
        },
        Intent::Overview(intent) => match intent {
            OverviewIntent::ShowEnvironment(_) => "Opened the accounts overview",
            OverviewIntent::Refresh => "Pressed Refresh statuses",
            OverviewIntent::StartOnboarding => "Started a new onboarding",
            OverviewIntent::LinkAnotherBank(_) => "Pressed Link another bank",
            OverviewIntent::ContinueUnfinishedLink => "Pressed Continue the link",
            OverviewIntent::ActOnAccount { .. } => "Acted on an account in the overview",
            OverviewIntent::ConfirmRemove => "Confirmed the removal",
            OverviewIntent::KeepAccount => "Kept the bank account",
        },
    })
}

/// The line for an answer of the runtime, if it is worth one.
pub(super) fn answer(answer: &Answer) -> Option<(EntryKind, String)> {
    use EntryKind::Problem;
    Some(match answer {
        Answer::Restored(Some(_)) => (EntryKind::Answer, "Saved progress found and restored".to_owned()),
        Answer::Connected { result: Ok(connection), .. } => {
            (EntryKind::Answer, format!("Connected to the Banking Service at {}", connection.endpoints.banking))
        }
        Answer::Connected { result: Err(problem), .. } => {
            (Problem, format!("Not connected: {}", connect_text(problem)))
        }
        Answer::TokenRequested { result, .. } => {
            outcome(result, "The Token Service accepted the licence", "The Token Service refused the licence")
        }
        Answer::CaptchaFetched { result, .. } => {
            outcome(result, "A captcha arrived", "The captcha could not be fetched")
        }
        Answer::OrganisationCreated { result: Ok(created), .. } => {
            (EntryKind::Answer, format!("Organisation {} created", created.organisation_id))
        }
        Answer::OrganisationCreated { result: Err(failure), .. } => {
            (Problem, format!("POST organisation failed: {}", failure_text(failure)))
        }
        Answer::KeyStored { result: Ok(()), .. } => {
            (EntryKind::Answer, "The signing key was stored in the keyring".to_owned())
        }
        Answer::KeyStored { result: Err(problem), .. } | Answer::KeyChecked { result: Err(problem), .. } => {
            (Problem, format!("Keyring: {problem}"))
        }
        Answer::AccessTokenFetched { result: Ok(()), .. } => {
            (EntryKind::Answer, "An access token was issued".to_owned())
        }
        Answer::AccessTokenFetched { result: Err(problem), .. } => {
            (Problem, format!("No access token: {}", access_text(problem)))
        }
        Answer::ProgressSaved(Err(problem)) => {
            (Problem, format!("Progress not saved: {}", progress_problem_text(problem)))
        }
        Answer::BanksFetched { result: Ok(index), .. } => (EntryKind::Answer, format!("{} banks listed", index.len())),
        Answer::BanksFetched { result: Err(failure), .. } => {
            (Problem, format!("The banks could not be listed: {}", failure_text(failure)))
        }
        Answer::LinkStarted { browser, .. } => match browser {
            Ok(()) => (EntryKind::Answer, "The link started; the bank's page was opened in the browser".to_owned()),
            Err(why) => (Problem, format!("The link started, but the browser did not open: {why}")),
        },
        Answer::BrowserOpened { result: Ok(()), .. } => (EntryKind::Answer, "Browser opened".to_owned()),
        Answer::BrowserOpened { result: Err(why), .. } => (Problem, format!("The browser did not open: {why}")),
        _ => return account_answer(answer),
    })
}

/// The line for an answer about bank accounts (created, followed, re-authorised, removed, more accounts, the
/// overview) or the demo, if it is worth one.
fn account_answer(answer: &Answer) -> Option<(EntryKind, String)> {
    use EntryKind::Problem;
    Some(match answer {
        Answer::BankAccountCreated { result: Ok(account), .. } => (
            EntryKind::Answer,
            format!("Bank account {} created, {}", account.bank_account_id, account.status.as_str()),
        ),
        Answer::BankAccountCreated { result: Err(failure), .. } => {
            (Problem, format!("The bank account was not created: {}", failure_text(failure)))
        }
        Answer::BankAccountFound { result: Ok(Some(account)), .. } => {
            (EntryKind::Answer, format!("Bank account {} found, {}", account.bank_account_id, account.status.as_str()))
        }
        Answer::BankAccountFound { result: Ok(None), .. } => {
            (EntryKind::Answer, "No bank account with that key yet".to_owned())
        }
        Answer::BankAccountFound { result: Err(failure), .. } => {
            (Problem, format!("The bank account could not be looked up: {}", failure_text(failure)))
        }
        Answer::AccountChecked { result: Ok(account), .. } => {
            (EntryKind::Answer, format!("Account {} is {}", account.bank_account_id, account.status.as_str()))
        }
        Answer::AccountChecked { result: Err(failure), .. } => {
            (Problem, format!("Account status check failed: {}", failure_text(failure)))
        }
        Answer::WatchEnded { stop, .. } => match stop {
            WatchStop::Cancelled => (EntryKind::Answer, "Stopped following the account".to_owned()),
            WatchStop::TimedOut => (Problem, "The account did not become active in time".to_owned()),
            WatchStop::Failed(failure) => (Problem, format!("Following the account failed: {}", failure_text(failure))),
        },
        Answer::ReauthStarted { result: Ok(_), .. } => {
            (EntryKind::Answer, "Re-authorisation started at the bank".to_owned())
        }
        Answer::ReauthStarted { result: Err(failure), .. } => {
            (Problem, format!("Re-authorisation could not start: {}", failure_text(failure)))
        }
        Answer::BankAccountRemoved { result, .. } => {
            outcome(result, "The bank account was removed", "The bank account was not removed")
        }
        Answer::OrganisationLoaded { result: Ok(accounts), .. } => {
            (EntryKind::Answer, format!("Overview read: {} bank accounts", accounts.accounts.len()))
        }
        Answer::OrganisationLoaded { result: Err(problem), .. } => {
            (Problem, format!("Overview not read: {}", access_text(problem)))
        }
        Answer::CandidatesListed { result: Ok(listing), .. } => (
            EntryKind::Answer,
            format!(
                "{} candidate accounts listed{}",
                listing.available_accounts.len(),
                if listing.refreshing { " (still refreshing)" } else { "" }
            ),
        ),
        Answer::CandidatesListed { result: Err(failure), .. } => {
            (Problem, format!("Candidates not listed: {}", failure_text(failure)))
        }
        Answer::DemoReset { result: Ok(cleared), .. } => (
            EntryKind::Answer,
            format!("Demo reset: {} keys and {} saved emulator states deleted", cleared.keys, cleared.state_files),
        ),
        Answer::DemoReset { result: Err(problem), .. } => {
            (Problem, format!("Demo not reset: {}", demo_reset_problem_text(problem)))
        }
        Answer::StartedAt { seed, result: Ok(_), .. } => {
            (EntryKind::Answer, format!("Demo set up at a step: {}", seed.cli_name()))
        }
        Answer::StartedAt { seed, result: Err(problem), .. } => {
            (Problem, format!("Demo not set up at {}: {}", seed.cli_name(), start_at_problem_text(problem)))
        }
        Answer::CandidateLinked { result: Ok(account), .. } => {
            (EntryKind::Answer, format!("Candidate linked as bank account {}", account.bank_account_id))
        }
        Answer::CandidateLinked { result: Err(failure), .. } => {
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
        Failure::Untrusted { detail, .. } => format!("not sent: certificate not accepted ({detail})"),
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
        step => step.name().map_or("Accounts overview", step_title),
    }
}

/// Why the progress file is not as last asked, in words (after "Progress not saved: ").
#[must_use]
pub fn progress_problem_text(problem: &ProgressProblem) -> String {
    match problem {
        ProgressProblem::NotSaved(problem) => problem.to_string(),
        ProgressProblem::Unreadable { detail, kept_as: Some(path) } => {
            format!("{detail}; it was kept as {} and a new one is started", path.display())
        }
        ProgressProblem::Unreadable { detail, kept_as: None } => detail.clone(),
    }
}

/// Why the demo could not be reset, in words (after "Demo not reset: ").
#[must_use]
pub fn demo_reset_problem_text(problem: &DemoResetProblem) -> String {
    match problem {
        DemoResetProblem::StateNotDeleted { path, detail } => {
            format!("the emulator's saved state {} could not be deleted: {detail}", path.display())
        }
        DemoResetProblem::Stopped { detail } => format!("deleting the emulator's saved state stopped: {detail}"),
        DemoResetProblem::KeyringUnavailable(problem) => format!("the keyring could not be opened: {problem}"),
        DemoResetProblem::KeyNotDeleted(problem) => format!("a key could not be deleted from the keyring: {problem}"),
    }
}

/// Why the demo could not be set up at a step, in words (after "Demo not set up at …: ").
#[must_use]
pub fn start_at_problem_text(problem: &StartAtProblem) -> String {
    match problem {
        StartAtProblem::NotReset(problem) => {
            format!("the demo could not be reset first: {}", demo_reset_problem_text(problem))
        }
        StartAtProblem::NoDataFolder => {
            "there is no data folder to keep the emulator's world in: start the app with --data-dir".to_owned()
        }
        StartAtProblem::NotBuilt { detail } => format!("{detail}; the demo was reset again"),
    }
}

/// The title of a numbered step, as the side panel lists it.
#[must_use]
pub fn step_title(name: StepName) -> &'static str {
    match name {
        StepName::Environment => "Environment",
        StepName::Licence => "Licence",
        StepName::Organisation => "Organisation",
        StepName::Captcha => "Captcha",
        StepName::Onboarded => "Onboarded",
        StepName::Bank => "Bank",
        StepName::Link => "Link",
        StepName::Account => "Bank account",
        StepName::MoreAccounts => "More accounts",
    }
}
