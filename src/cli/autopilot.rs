//! The headless mode's stand-in for the person: from what the wizard shows, the next thing a person walking the happy
//! path would do (type the licence, fill in the form, answer the captcha, choose the bank, continue, create the account),
//! or wait, or say why it cannot go on. Pure: it reads the wizard and answers; the loop in `headless` acts.

use crate::api::error::Failure;
use crate::api::ids::BankId;
use crate::api::models::BankAccountStatus;
use crate::ui::explain::{self, Explanation};
use crate::wizard::CreatePhase;
use crate::wizard::{
    AccountIntent, AccountPhase, BankIntent, BankList, CaptchaFetch, CaptchaIntent, CreateProblem, Intent, KeyPhase,
    LinkPhase, Screen, Session, Step, WatchStop, Wizard,
};

/// What the stand-in types and chooses.
#[derive(Clone, Debug)]
pub struct Answers {
    /// The licence serial.
    pub serial: String,
    /// The captcha's answer (the emulator's `--captcha-text`).
    pub captcha: String,
    /// The bank to link.
    pub bank: BankId,
    /// The company name typed on the organisation form.
    pub company: String,
}

/// The stand-in's next move.
#[derive(Debug)]
pub enum Move {
    /// Type into the session, then press.
    TypeThenPress(fn(&mut Session, &Answers), Intent),
    /// Press.
    Press(Intent),
    /// Wait for the runtime's next answer.
    Wait,
    /// The bank account is active: the walk is over.
    Done,
    /// The walk cannot go on; why.
    Stuck(String),
}

fn serial(session: &mut Session, answers: &Answers) {
    if let Some(field) = session.licence.fields.first_mut() {
        field.value.clone_from(&answers.serial);
    }
}

fn form(session: &mut Session, answers: &Answers) {
    let form = &mut session.organisation;
    form.company_name.clone_from(&answers.company);
    form.postal_code = "NE13 9AA".into();
    form.industrial_code = "62012".into();
    form.vat_number = "GB123456789".into();
    form.crm_id = "CRM-HEADLESS".into();
    form.email = "qa@headless.example".into();
    form.identity = "1001".into();
}

fn captcha(session: &mut Session, answers: &Answers) {
    (*session.captcha_answer).clone_from(&answers.captcha);
}

/// The next move on `wizard` for a person walking the happy path with `answers`.
#[must_use]
pub fn next_move(wizard: &Wizard, answers: &Answers) -> Move {
    let session = wizard.session();
    if session.connecting.is_some() {
        return Move::Wait;
    }
    if let Some(problem) = &session.connect_problem {
        return Move::Stuck(explained("The environment could not be used", &explain::connect(problem)));
    }
    match wizard.step() {
        Step::Environment(step) if step.storing_key.is_none() => Move::Press(Intent::Continue),
        Step::Licence(step) if step.sending.is_some() => Move::Wait,
        Step::Licence(step) => match &step.failure {
            // Only an answer can refuse a serial; a connection that failed says so, without blaming the serial.
            Some(failure) if failure.status().is_some() => Move::Stuck(format!(
                "{} Check the serial given with --serial.",
                explained("The licence was refused", &explain::failure("the Token Service", failure))
            )),
            Some(failure) => Move::Stuck(explained(
                "The licence could not be checked",
                &explain::failure("the Token Service", failure),
            )),
            None => Move::TypeThenPress(serial, Intent::Continue),
        },
        Step::Organisation(_) => Move::TypeThenPress(form, Intent::Continue),
        Step::Captcha(step) => match &step.captcha {
            CaptchaFetch::Loading(_) => Move::Wait,
            CaptchaFetch::Ready(_) => Move::TypeThenPress(captcha, CaptchaIntent::CreateOrganisation.into()),
            CaptchaFetch::Failed(failure) => Move::Stuck(banking("No captcha could be had", failure)),
        },
        Step::Create(step) => match &step.phase {
            CreatePhase::Sending(_) | CreatePhase::SendingLicence(_) => Move::Wait,
            CreatePhase::Failed(CreateProblem::Interrupted) => Move::Press(CaptchaIntent::SendOrganisationAgain.into()),
            CreatePhase::Failed(problem) => Move::Stuck(not_created(problem)),
        },
        Step::Onboarded(step) => match &step.phase {
            KeyPhase::Stored | KeyPhase::Verified => Move::Press(Intent::LinkBank),
            KeyPhase::Storing { .. } | KeyPhase::Checking(_) | KeyPhase::Verifying(_) => Move::Wait,
            // This run ends here; `headless` adds what to tell Sage support about the key it held only in memory.
            KeyPhase::NotStored { problem, .. } => Move::Stuck(format!(
                "the keyring did not take the new organisation's signing key: {}",
                explain::lower_first(&explain::keyring(problem).title)
            )),
            KeyPhase::Missing(problem) => {
                Move::Stuck(explained("The organisation's key is not in the keyring", &explain::keyring(problem)))
            }
            KeyPhase::VerifyFailed(problem) => {
                Move::Stuck(explained("No access token could be had", &explain::access(problem, true)))
            }
        },
        Step::Bank(step) => match &step.list {
            BankList::Loading(_) => Move::Wait,
            BankList::Ready(_) => Move::Press(BankIntent::Choose(answers.bank.clone()).into()),
            BankList::Failed(failure) => Move::Stuck(banking("The bank list could not be read", failure)),
        },
        Step::Link(step) => match &step.phase {
            LinkPhase::Starting | LinkPhase::Waiting { .. } => Move::Wait,
            LinkPhase::Linked(_) => Move::Press(Intent::Continue),
            LinkPhase::Failed { failure, .. } => Move::Stuck(banking("The link failed", failure)),
            LinkPhase::Declined => Move::Stuck(
                "The bank declined the link, so nothing was linked: try another bank with --bank, or run again"
                    .to_owned(),
            ),
            LinkPhase::Expired => Move::Stuck(
                "The bank's page was left open too long and expired (by the service's clock), so nothing was linked: \
                 run again, and finish the new page at the bank"
                    .to_owned(),
            ),
            LinkPhase::TimedOut { .. } => Move::Stuck(
                "Nobody approved the bank's consent page before the link's deadline, so nothing was linked: run \
                 again and approve the page the browser opens"
                    .to_owned(),
            ),
            LinkPhase::Cancelled => Move::Stuck("The link was cancelled, so nothing was linked: run again".to_owned()),
        },
        Step::Account(step) => match &step.phase {
            AccountPhase::Details { .. } => Move::Press(AccountIntent::Create.into()),
            AccountPhase::Creating { .. } | AccountPhase::Finding { .. } => Move::Wait,
            AccountPhase::Following(following) => match following.account.status {
                BankAccountStatus::Active => Move::Done,
                BankAccountStatus::Pending if following.watching().is_some() => Move::Wait,
                BankAccountStatus::Pending => Move::Stuck(still_pending(following.stopped())),
                ref status => Move::Stuck(format!(
                    "The new bank account is {} rather than active: open the window to see what it needs",
                    status.as_str()
                )),
            },
        },
        Step::Environment(_) | Step::MoreAccounts(_) | Step::Overview(_) => Move::Wait,
    }
}

/// What the wizard shows, for the headless mode's lines: the stage (a screen or a phase; moving to another one is
/// progress) and, on a link being polled, how many checks were answered (a counter, not progress).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The screen or phase.
    pub stage: String,
    /// The link's checks so far, while it waits.
    pub checks: Option<u32>,
}

impl Shown {
    /// What `wizard` shows.
    #[must_use]
    pub fn of(wizard: &Wizard) -> Self {
        let stage = |text: &str| Self { stage: text.to_owned(), checks: None };
        match wizard.step() {
            Step::Link(step) => match &step.phase {
                LinkPhase::Starting => stage("link starting"),
                LinkPhase::Waiting { waiting, .. } => {
                    Self { stage: "link waiting".to_owned(), checks: Some(waiting.checks) }
                }
                LinkPhase::Linked(_) => stage("link linked"),
                LinkPhase::Declined => stage("link ended declined"),
                LinkPhase::Expired => stage("link ended expired"),
                LinkPhase::TimedOut { .. } => stage("link ended timed out"),
                LinkPhase::Cancelled => stage("link ended cancelled"),
                LinkPhase::Failed { .. } => stage("link ended failed"),
            },
            Step::Account(step) => match &step.phase {
                AccountPhase::Details { .. } => stage("account details"),
                AccountPhase::Creating { .. } => stage("account creating"),
                AccountPhase::Finding { .. } => stage("account finding"),
                AccountPhase::Following(following) => stage(&format!(
                    "account {:?} {}",
                    following.account.status,
                    following.account.bank_account_id.as_str()
                )),
            },
            step => stage(&format!("screen {:?}", Screen::of(step, wizard.session().settings.product_kind))),
        }
    }

    /// What to do when the walk stays here too long.
    #[must_use]
    pub fn advice(&self) -> &'static str {
        match self.checks {
            Some(_) => {
                "nobody approved the bank's consent page: approve the page the browser was given, or give more \
                 time with --patience"
            }
            None => "give it more time with --patience, or run again with RUST_LOG=info to see what it waits for",
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.checks {
            Some(checks) => write!(f, "{} checks {checks}", self.stage),
            None => f.write_str(&self.stage),
        }
    }
}

/// `what` failed, then the explanation's title and body, and its exact terms in brackets for helpdesk.
fn explained(what: &str, explanation: &Explanation) -> String {
    let details = explanation.details.as_ref().map(|details| format!(" ({details})")).unwrap_or_default();
    format!("{what}: {}. {}{details}", explain::lower_first(&explanation.title), explanation.body)
}

/// `what` failed at the Banking Service, in words.
fn banking(what: &str, failure: &Failure) -> String {
    explained(what, &explain::failure("the Banking Service", failure))
}

/// Why the organisation was not created, and what to do.
fn not_created(problem: &CreateProblem) -> String {
    let what = "The organisation was not created";
    match problem {
        CreateProblem::LicenceNotRequested => format!(
            "{what}: the Token Service never received the licence details (or the request expired); run again to \
             send them"
        ),
        CreateProblem::LimitReached { limit, .. } => format!(
            "{what}: this customer has reached the environment's organisation limit{}; use another licence with \
             --serial, or another --data-dir",
            limit.map(|limit| format!(" of {limit}")).unwrap_or_default()
        ),
        CreateProblem::Transient(failure)
        | CreateProblem::Rejected(failure)
        | CreateProblem::LicenceSendFailed(failure) => banking(what, failure),
        CreateProblem::Interrupted => {
            format!("{what}, and the wizard offers nothing to press; run again, and report it if it happens again")
        }
    }
}

/// Why the new bank account stopped being followed while still pending.
fn still_pending(stopped: Option<&WatchStop>) -> String {
    match stopped {
        Some(WatchStop::Failed(failure)) => banking("Following the new bank account failed", failure),
        Some(WatchStop::TimedOut) => {
            "The new bank account was still pending when its wait ended: run again to follow it on".to_owned()
        }
        Some(WatchStop::Cancelled) | None => {
            "The new bank account stopped being followed while pending: run again to follow it on".to_owned()
        }
    }
}
