//! The headless mode's stand-in for the person: from what the wizard shows, the next thing a person walking the happy
//! path would do (type the licence, fill in the form, answer the captcha, choose the bank, continue, create the account),
//! or wait, or say why it cannot go on. Pure: it reads the wizard and answers; the loop in `headless` acts.

use crate::api::ids::BankId;
use crate::api::models::BankAccountStatus;
use crate::wizard::{
    AccountPhase, BankList, CaptchaFetch, CreateProblem, Event, KeyPhase, LinkPhase, Session, Step, Wizard,
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
}

/// The stand-in's next move.
#[derive(Debug)]
pub enum Move {
    /// Type into the session, then press.
    TypeThenPress(fn(&mut Session, &Answers), Event),
    /// Press.
    Press(Event),
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

fn form(session: &mut Session, _: &Answers) {
    let form = &mut session.organisation;
    form.company_name = "Headless Widgets Ltd".into();
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
        return Move::Stuck(format!("no connection: {problem:?}"));
    }
    match wizard.step() {
        Step::Environment(step) if step.storing_key.is_none() => Move::Press(Event::Continue),
        Step::Licence(step) if step.sending.is_some() => Move::Wait,
        Step::Licence(step) => match &step.failure {
            Some(failure) => Move::Stuck(format!("the licence was refused: {failure:?}")),
            None => Move::TypeThenPress(serial, Event::Continue),
        },
        Step::Organisation(_) => Move::TypeThenPress(form, Event::Continue),
        Step::Captcha(step) => match &step.captcha {
            CaptchaFetch::Loading(_) => Move::Wait,
            CaptchaFetch::Ready(_) => Move::TypeThenPress(captcha, Event::CreateOrganisation),
            CaptchaFetch::Failed(failure) => Move::Stuck(format!("no captcha: {failure:?}")),
        },
        Step::Create(step) if step.pending.is_some() || step.sending_licence.is_some() => Move::Wait,
        Step::Create(step) => match &step.problem {
            Some(CreateProblem::Interrupted) => Move::Press(Event::Retry),
            problem => Move::Stuck(format!("the organisation was not created: {problem:?}")),
        },
        Step::Onboarded(step) => match &step.phase {
            KeyPhase::Stored | KeyPhase::Verified => Move::Press(Event::LinkBank),
            KeyPhase::Storing { .. } | KeyPhase::Checking(_) | KeyPhase::Verifying(_) => Move::Wait,
            KeyPhase::NotStored { problem, .. } | KeyPhase::Missing(problem) => {
                Move::Stuck(format!("the keyring: {problem}"))
            }
            KeyPhase::VerifyFailed(problem) => Move::Stuck(format!("no access token: {problem:?}")),
        },
        Step::Bank(step) => match &step.list {
            BankList::Loading(_) => Move::Wait,
            BankList::Ready(_) => Move::Press(Event::ChooseBank(answers.bank.clone())),
            BankList::Failed(failure) => Move::Stuck(format!("no bank list: {failure:?}")),
        },
        Step::Link(step) => match &step.phase {
            LinkPhase::Starting | LinkPhase::Waiting(_) => Move::Wait,
            LinkPhase::Linked(_) => Move::Press(Event::Continue),
            LinkPhase::Failed { failure, .. } => Move::Stuck(format!("the link failed: {failure:?}")),
            _ => Move::Stuck("the link ended without an account".to_owned()),
        },
        Step::Account(step) => match &step.phase {
            AccountPhase::Details { .. } => Move::Press(Event::CreateBankAccount),
            AccountPhase::Creating(_) | AccountPhase::Finding(_) => Move::Wait,
            AccountPhase::Following(following) => match following.account.status {
                BankAccountStatus::Active => Move::Done,
                BankAccountStatus::Pending if following.watch.is_some() => Move::Wait,
                BankAccountStatus::Pending => Move::Stuck(format!("still pending: {:?}", following.stopped)),
                ref status => Move::Stuck(format!("the account is {status:?}")),
            },
        },
        Step::Environment(_) | Step::Checklist(_) | Step::Overview(_) => Move::Wait,
    }
}
