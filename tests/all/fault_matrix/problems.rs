//! What the person sees go wrong on the wizard's current screen, in the UI's own words (`ui::explain`), and the
//! button the screen offers as the way on; or that the wizard is already trying again by itself.

use bankfeeds_onboard::api::error::Failure;
use bankfeeds_onboard::ui::steps::licence::LICENCE_SERVICE;
use bankfeeds_onboard::ui::{explain, words};
use bankfeeds_onboard::wizard::{
    AccountIntent, AccountPhase, BankIntent, BankList, CaptchaFetch, CaptchaIntent, CreatePhase, CreateProblem,
    CreateStep, Intent, KeyPhase, LicenceIntent, LinkIntent, LinkPhase, Listing, MoreAccountsIntent, OnboardedIntent,
    OverviewIntent, Reauth, Removal, RowProblem, RowState, Step, WatchStop, Wizard,
};

/// A failure on screen.
pub struct Problem {
    /// Its title, as the screen shows it.
    pub title: String,
    /// What the screen says to do (the explanation's body).
    pub advice: String,
    /// The button pressed to go on, and the intent it sends; `None` when the wizard tries again by itself.
    pub way_on: Option<(&'static str, Intent)>,
    /// Nothing more can be done here but what the screen says (the 409 with a support reference).
    pub end: bool,
}

impl Problem {
    fn pressing(service: &str, failure: &Failure, label: &'static str, event: Intent) -> Self {
        let text = explain::failure(service, failure);
        Self { title: text.title, advice: text.body, way_on: Some((label, event)), end: false }
    }

    fn after(action: &str, failure: &Failure, label: &'static str, event: Intent) -> Self {
        let text = explain::failed_action(action, failure);
        Self { title: text.title, advice: text.body, way_on: Some((label, event)), end: false }
    }

    fn by_itself(action: &str, failure: &Failure) -> Self {
        let text = explain::failed_action(action, failure);
        Self { title: text.title, advice: text.body, way_on: None, end: false }
    }
}

/// The failure the current screen shows, if any.
pub fn problem_of(wizard: &Wizard) -> Option<Problem> {
    let banking = "the Banking Service";
    if let Some(problem) = &wizard.session().connect_problem {
        let text = explain::connect(problem);
        return Some(Problem {
            title: text.title,
            advice: text.body,
            way_on: Some(("Connect again", Intent::ConnectAgain)),
            end: false,
        });
    }
    match wizard.step() {
        Step::Licence(step) if step.sending.is_none() => step.failure.as_ref().map(|failure| {
            Problem::pressing(LICENCE_SERVICE, failure, "Check the licence with Sage", LicenceIntent::Send.into())
        }),
        Step::Captcha(step) => match &step.captcha {
            CaptchaFetch::Failed(failure) => {
                Some(Problem::pressing(banking, failure, "New image", CaptchaIntent::NewImage.into()))
            }
            _ => None,
        },
        Step::Create(CreateStep { phase: CreatePhase::Failed(problem), .. }) => Some(create_problem(problem)),
        Step::Onboarded(step) => match &step.phase {
            KeyPhase::VerifyFailed(problem) => {
                let text = explain::access(problem, true);
                let way_on = Some(("Try again", OnboardedIntent::VerifyConnection.into()));
                Some(Problem { title: text.title, advice: text.body, way_on, end: false })
            }
            _ => None,
        },
        Step::Bank(step) => match &step.list {
            BankList::Failed(failure) => {
                Some(Problem::after("Loading the bank list", failure, "Try again", BankIntent::LoadAgain.into()))
            }
            _ => None,
        },
        Step::Link(step) => match &step.phase {
            LinkPhase::Failed { failure, while_polling } => {
                let what = if *while_polling { "Checking the link" } else { "Starting the link" };
                Some(Problem::after(what, failure, "Try again", LinkIntent::StartAgain.into()))
            }
            LinkPhase::Waiting { waiting, .. } => {
                waiting.last_failure.as_ref().map(|f| Problem::by_itself("The last check", f))
            }
            _ => None,
        },
        Step::Account(step) => account_problem(&step.phase),
        Step::MoreAccounts(step) => more_accounts_problem(step),
        Step::Overview(step) => overview_problem(step),
        _ => None,
    }
}

fn create_problem(problem: &CreateProblem) -> Problem {
    let banking = "the Banking Service";
    match problem {
        CreateProblem::Transient(failure) => {
            Problem::pressing(banking, failure, "Retry", CaptchaIntent::SendOrganisationAgain.into())
        }
        CreateProblem::Interrupted => Problem {
            title: "The app closed while the organisation was being created".to_owned(),
            advice: String::new(),
            way_on: Some(("Answer a new image", CaptchaIntent::SendOrganisationAgain.into())),
            end: false,
        },
        CreateProblem::Rejected(failure) => {
            Problem::pressing(banking, failure, "Review organisation", CaptchaIntent::ReviewOrganisation.into())
        }
        CreateProblem::LicenceNotRequested => Problem {
            title: "Sage has not been sent these licence details yet".to_owned(),
            advice: String::new(),
            way_on: Some(("Send licence details now", CaptchaIntent::SendLicenceNow.into())),
            end: false,
        },
        CreateProblem::LicenceSendFailed(failure) => Problem::pressing(
            LICENCE_SERVICE,
            failure,
            "Send licence details now",
            CaptchaIntent::SendLicenceNow.into(),
        ),
        CreateProblem::LimitReached { lost_answer: Some(lost), .. } => Problem {
            title: "The organisation was most likely created, but its answer was lost".to_owned(),
            advice: format!("Give Sage support the reference {}", words::support_reference(lost)),
            way_on: None,
            end: true,
        },
        CreateProblem::LimitReached { lost_answer: None, .. } => Problem {
            title: "This customer has reached its organisation limit".to_owned(),
            advice: String::new(),
            way_on: None,
            end: true,
        },
    }
}

fn account_problem(phase: &AccountPhase) -> Option<Problem> {
    match phase {
        AccountPhase::Details { problem: Some(failure), .. } => Some(Problem::after(
            "Creating the bank account",
            failure,
            "Create bank account",
            AccountIntent::Create.into(),
        )),
        AccountPhase::Following(following) => {
            if let Some(Reauth::Failed(failure)) = &following.reauth {
                return Some(Problem::after(
                    "Opening the bank's sign-in page",
                    failure,
                    "Sign in at the bank again",
                    AccountIntent::Reauthorise.into(),
                ));
            }
            if let Some(Reauth::Waiting(waiting)) = &following.reauth
                && let Some(failure) = &waiting.last_failure
            {
                return Some(Problem::by_itself("The last check", failure));
            }
            match following.stopped() {
                Some(WatchStop::Failed(failure)) => Some(Problem::after(
                    "Checking the account",
                    failure,
                    "Check again",
                    AccountIntent::CheckStatusAgain.into(),
                )),
                _ => None,
            }
        }
        _ => None,
    }
}

fn more_accounts_problem(step: &bankfeeds_onboard::wizard::MoreAccountsStep) -> Option<Problem> {
    if let Listing::Failed(failure) = &step.listing {
        return Some(Problem::after(
            "Listing the accounts",
            failure,
            "Ask again",
            MoreAccountsIntent::ListAgain.into(),
        ));
    }
    step.rows.iter().enumerate().find_map(|(position, row)| match &row.state {
        RowState::Failed(RowProblem::Refused(failure)) => Some(Problem::after(
            "Linking the account",
            failure,
            "Retry",
            MoreAccountsIntent::LinkAgain(position).into(),
        )),
        RowState::Failed(other) => Some(Problem {
            title: format!("Not linked: {other:?}"),
            advice: String::new(),
            way_on: Some(("Retry", MoreAccountsIntent::LinkAgain(position).into())),
            end: false,
        }),
        _ => None,
    })
}

fn overview_problem(step: &bankfeeds_onboard::wizard::OverviewStep) -> Option<Problem> {
    if let Some(removal) = &step.removal
        && let Removal::Failed(failure) = &removal.phase
    {
        let text = explain::failed_removal(failure);
        let way_on = Some(("Remove", OverviewIntent::ConfirmRemove.into()));
        return Some(Problem { title: text.title, advice: text.body, way_on, end: false });
    }
    step.cards.iter().find_map(|card| {
        let problem = card.problem.as_ref().filter(|_| card.loading.is_none())?;
        let text = explain::access(problem, true);
        let way_on = Some(("Refresh statuses", OverviewIntent::Refresh.into()));
        Some(Problem { title: text.title, advice: text.body, way_on, end: false })
    })
}
