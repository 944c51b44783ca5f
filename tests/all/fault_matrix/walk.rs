//! One cell of the fault matrix: the whole wizard with the real runtime and a durable in-process emulator on the
//! Production profile (one organisation per customer), whose scenario injects one fault once into one endpoint. A
//! stand-in person walks every step the wizard offers (onboarding, link, bank account, re-authorisation, two more
//! accounts offered, the overview, a removal); whenever a screen shows a failure, it reads it and presses the way on
//! the screen offers. At the end the emulator's saved world is counted.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::ids::{BankAccountId, BankId};
use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::api::{Fault, FaultEndpoint, FaultKind, Scenario};
use bankfeeds_onboard::cli::autopilot::{Answers, Move, next_move};
use bankfeeds_onboard::config::{Environment, Profile};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::emulator::faults::endpoint_of;
use bankfeeds_onboard::runtime::{Runtime, RuntimeParts, Secrets};
use bankfeeds_onboard::secrets::KeyringStore;
use bankfeeds_onboard::store::ProgressStore;
use bankfeeds_onboard::wizard::{
    AccountAction, AccountIntent, AccountPhase, EnvironmentIntent, Event, Intent, Listing, MoreAccountsIntent,
    OverviewIntent, Reauth, RowState, Step, Wizard,
};

use super::problems::problem_of;
use super::reading::{followed_status, overview_accounts, saved_world};
use crate::support;

/// The client's whole-exchange timeout in the matrix; a `timeout` fault holds its answer longer, a `slow` one less.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(2);
const HELD: u64 = 2_500;
const SLOW: u64 = 500;
/// The most a cell may take.
const CELL_PATIENCE: Duration = Duration::from_secs(45);
/// The most presses of a way on in one cell before it counts as going round in circles.
const MOST_RETRIES: usize = 6;

/// One endpoint under one fault.
#[derive(Clone, Copy, Debug)]
pub struct Cell {
    /// The endpoint.
    pub endpoint: FaultEndpoint,
    /// The fault, injected once.
    pub kind: FaultKind,
}

/// How a cell's walk ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Every step done: two accounts linked, one re-authorised, one removed.
    Completed,
    /// The screen's last word: a 409 with a support reference (the organisation was made by the lost attempt).
    SupportReference(String),
    /// The walk could not go on.
    Stuck(String),
}

/// What happened in one cell.
#[derive(Debug)]
pub struct Outcome {
    /// The cell.
    pub cell: Cell,
    /// The failures the screens showed, in order (a title once until another shows).
    pub seen: Vec<String>,
    /// The buttons pressed to go on.
    pub pressed: Vec<&'static str>,
    /// Whether the wizard looked for an account whose creation answer was lost.
    pub found_lost_account: bool,
    /// How it ended.
    pub ending: Ending,
    /// Organisations in the emulator's saved world.
    pub organisations: usize,
    /// Bank accounts in it.
    pub bank_accounts: usize,
    /// Calls of the endpoint, as recorded by the client.
    pub calls: usize,
    /// What was typed and found changed or gone when a failure showed.
    pub lost_entries: Vec<String>,
    /// How long the walk took.
    pub took: Duration,
}

/// Walks `cell`.
pub fn walk(cell: Cell) -> Outcome {
    let started = Instant::now();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let delay_ms = match cell.kind {
        FaultKind::Timeout => Some(HELD),
        FaultKind::Slow => Some(SLOW),
        _ => None,
    };
    let fault = Fault { delay_ms, ..Fault::times(cell.endpoint, cell.kind, 1) };
    let emulator = EmulatorConfig {
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(200),
        scenario: Scenario { fault: Some(fault), ..Scenario::default() },
        ..support::test_emulator()
    };
    let parts = RuntimeParts {
        secrets: Secrets::Given(Arc::new(KeyringStore::in_memory().expect("mock keyring"))),
        progress: Some(ProgressStore::new(data_dir.path())),
        emulator,
        browser: Arc::new(support::approving_browser()),
        request_timeout: Some(REQUEST_TIMEOUT),
        clock: bankfeeds_onboard::runtime::Clock::system(),
    };
    let runtime = Runtime::new(parts, Arc::new(|| {})).expect("runtime starts");
    let mut person = Person::new(runtime, started);
    let ending = match person.walk_every_step() {
        Ok(()) => Ending::Completed,
        Err(ending) => ending,
    };
    let calls = person
        .runtime
        .exchanges()
        .exchanges()
        .iter()
        .filter(|exchange| {
            let method = exchange.method.parse().expect("a method");
            endpoint_of(&method, &exchange.path) == Some(cell.endpoint)
        })
        .count();
    let Person { runtime, seen, pressed, found_lost_account, lost_entries, .. } = person;
    runtime.shutdown();
    let (organisations, bank_accounts) = saved_world(data_dir.path());
    Outcome {
        cell,
        seen,
        pressed,
        found_lost_account,
        ending,
        organisations,
        bank_accounts,
        calls,
        lost_entries,
        took: started.elapsed(),
    }
}

/// The stand-in person and what it saw.
struct Person {
    wizard: Wizard,
    runtime: Runtime,
    answers: Answers,
    started: Instant,
    seen: Vec<String>,
    pressed: Vec<&'static str>,
    found_lost_account: bool,
    lost_entries: Vec<String>,
    typed_form: bool,
}

impl Person {
    fn new(runtime: Runtime, started: Instant) -> Self {
        let answers = Answers {
            serial: "ACTIVE".into(),
            captcha: support::CAPTCHA_TEXT.into(),
            bank: BankId::from("emulator-bank-gbr"),
            company: "Headless Widgets Ltd".into(),
        };
        Self {
            wizard: Wizard::new(),
            runtime,
            answers,
            started,
            seen: Vec::new(),
            pressed: Vec::new(),
            found_lost_account: false,
            lost_entries: Vec::new(),
            typed_form: false,
        }
    }

    fn walk_every_step(&mut self) -> Result<(), Ending> {
        self.send(EnvironmentIntent::Select(Environment::Local(Profile::Production)));
        let answers = self.answers.clone();
        self.until("an active first account", Drive::Autopilot, move |w| matches!(next_move(w, &answers), Move::Done))?;
        let first = self.followed_account().ok_or_else(|| Ending::Stuck("no account followed".into()))?;

        crate::reauth_ui::make_auth_required(&self.wizard, first.as_str());
        self.send(AccountIntent::CheckStatusAgain);
        self.until("the account needing a new sign-in", Drive::Wait, |w| {
            followed_status(w) == Some(BankAccountStatus::AuthRequired)
        })?;
        self.send(AccountIntent::Reauthorise);
        self.until("the account active again", Drive::Wait, |w| {
            matches!(w.step(), Step::Account(s) if matches!(&s.phase, AccountPhase::Following(f)
                if f.reauth == Some(Reauth::Done) && f.account.status == BankAccountStatus::Active))
        })?;

        self.send(AccountIntent::AddMoreAccounts);
        self.until("the candidates", Drive::Wait, |w| {
            support::more_accounts(w).is_some_and(|s| s.listing == Listing::Ready)
        })?;
        let position = support::more_accounts(&self.wizard)
            .and_then(|s| s.rows.iter().position(|row| row.state == RowState::Available))
            .ok_or_else(|| Ending::Stuck("no candidate to link".into()))?;
        self.send(MoreAccountsIntent::Toggle(position));
        self.send(MoreAccountsIntent::LinkSelected);
        self.until("the candidate linked", Drive::Wait, |w| {
            support::more_accounts(w)
                .is_some_and(|s| matches!(s.rows[position].state, RowState::Linked(_) | RowState::AlreadyLinked))
        })?;

        self.send(Intent::ShowOverview);
        self.until("both accounts on the overview", Drive::Wait, |w| {
            overview_accounts(w).is_some_and(|a| a.len() == 2)
        })?;
        let (organisation, second) = overview_accounts(&self.wizard)
            .and_then(|accounts| accounts.into_iter().find(|(_, id, _)| *id != first))
            .map(|(organisation, id, _)| (organisation, id))
            .ok_or_else(|| Ending::Stuck("the second account is not on the overview".into()))?;
        self.send(OverviewIntent::ActOnAccount {
            organisation,
            account: second.clone(),
            action: AccountAction::Remove,
        });
        self.send(OverviewIntent::ConfirmRemove);
        self.until("the second account removed", Drive::Wait, |w| {
            overview_accounts(w).is_some_and(|accounts| {
                accounts.iter().any(|(_, id, status)| *id == second && *status == BankAccountStatus::Cancelled)
            })
        })
    }

    /// Applies answers, presses ways on and (with the autopilot) the happy path, until `done` holds.
    fn until(&mut self, what: &str, drive: Drive, done: impl Fn(&Wizard) -> bool) -> Result<(), Ending> {
        let mut last_seen: Option<String> = None;
        loop {
            for event in self.runtime.take_answers() {
                self.send(event);
            }
            if done(&self.wizard) {
                return Ok(());
            }
            if self.started.elapsed() > CELL_PATIENCE {
                return Err(Ending::Stuck(format!("waited for {what}; at {:?}", self.wizard.step())));
            }
            if matches!(self.wizard.step(), Step::Account(s) if matches!(s.phase, AccountPhase::Finding { .. })) {
                self.found_lost_account = true;
            }
            if let Some(problem) = problem_of(&self.wizard) {
                if last_seen.as_deref() != Some(&problem.title) {
                    self.check_entries_kept();
                    self.seen.push(problem.title.clone());
                    last_seen = Some(problem.title.clone());
                }
                if problem.end {
                    return Err(Ending::SupportReference(problem.advice));
                }
                if let Some((label, event)) = problem.way_on {
                    if self.pressed.len() >= MOST_RETRIES {
                        return Err(Ending::Stuck(format!("pressed {label} {MOST_RETRIES} times: {}", problem.title)));
                    }
                    self.pressed.push(label);
                    self.send(event);
                    continue;
                }
            } else if drive == Drive::Autopilot {
                match next_move(&self.wizard, &self.answers) {
                    Move::TypeThenPress(type_in, event) => {
                        self.type_once(type_in);
                        self.send(event);
                        continue;
                    }
                    Move::Press(event) => {
                        self.send(event);
                        continue;
                    }
                    Move::Stuck(why) => return Err(Ending::Stuck(why)),
                    Move::Wait | Move::Done => {}
                }
            }
            if let Some(event) = self.runtime.wait_answer(Duration::from_millis(50)) {
                self.send(event);
            }
        }
    }

    /// Types what the autopilot would, except into an organisation form already typed once: a form found changed
    /// or emptied is a lost entry, not something to type again.
    fn type_once(&mut self, type_in: fn(&mut bankfeeds_onboard::wizard::Session, &Answers)) {
        if matches!(self.wizard.step(), Step::Organisation(_)) {
            if self.typed_form {
                self.check_entries_kept();
                return;
            }
            self.typed_form = true;
        }
        type_in(self.wizard.session_mut(), &self.answers);
    }

    /// Notes anything typed that is no longer there.
    fn check_entries_kept(&mut self) {
        let session = self.wizard.session();
        if self.typed_form && session.organisation.company_name != "Headless Widgets Ltd" {
            self.lost_entries.push(format!("company name now {:?}", session.organisation.company_name));
        }
        if self.typed_form && session.organisation.crm_id != "CRM-HEADLESS" {
            self.lost_entries.push(format!("CRM ID now {:?}", session.organisation.crm_id));
        }
        if self.typed_form && session.licence.fields.first().is_none_or(|field| field.value != "ACTIVE") {
            self.lost_entries.push("the licence serial".to_owned());
        }
    }

    fn send(&mut self, event: impl Into<Event>) {
        for effect in self.wizard.update(event) {
            self.runtime.execute(effect);
        }
    }

    fn followed_account(&self) -> Option<BankAccountId> {
        match self.wizard.step() {
            Step::Account(step) => match &step.phase {
                AccountPhase::Following(following) => Some(following.account.bank_account_id.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// What moves the walk on besides the ways on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drive {
    /// The headless mode's stand-in walks the happy path.
    Autopilot,
    /// Only answers and ways on.
    Wait,
}
