//! `bankfeeds-onboard headless`: the wizard without a window, for scripts and tests. The real runtime, OS keyring,
//! progress file and in-process emulator; a stand-in person ([`super::autopilot`]) walks the happy path from wherever
//! the saved progress left off, to an active bank account. Prints one line each time what the wizard shows changes,
//! then the organisation's accounts as the overview reads them, and exits 0; exits non-zero when stuck.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::api::ids::BankId;
use crate::browser::SystemBrowser;
use crate::config::Profile;
use crate::runtime::{Runtime, RuntimeParts, Secrets};
use crate::store::ProgressStore;
use crate::wizard::{AccountPhase, Event, LinkPhase, Screen, Step, Wizard};

use super::autopilot::{Answers, Move, next_move};
use super::emulator_settings::EmulatorSettings;

/// How often the stand-in may press on one screen before the walk is taken to be going round in circles.
const MOST_PRESSES_PER_SCREEN: u32 = 20;

/// The captcha text of the headless emulator unless `--captcha-text` says otherwise.
const HEADLESS_CAPTCHA: &str = "HEADLESS";

/// Options of the headless mode.
#[derive(Debug, clap::Args)]
pub struct HeadlessArgs {
    /// Keep the progress file in this folder (a second run resumes from it).
    #[arg(long, value_name = "DIR", env = "BANKFEEDS_DATA_DIR")]
    pub data_dir: PathBuf,
    /// The licence serial typed.
    #[arg(long, default_value = "ACTIVE")]
    pub serial: String,
    /// The bank linked.
    #[arg(long, value_name = "BANK_ID", default_value = "emulator-bank-gbr")]
    pub bank: String,
    /// Give up when nothing moves the walk on for this long, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub patience: u64,
    /// How the in-process emulator behaves.
    #[command(flatten)]
    pub emulator: EmulatorSettings,
}

/// Why the headless walk stopped early.
#[derive(Debug, thiserror::Error)]
pub enum HeadlessError {
    /// The runtime could not start.
    #[error("the runtime could not start: {0}")]
    Runtime(#[from] std::io::Error),
    /// The walk could not go on.
    #[error("stuck: {0}")]
    Stuck(String),
}

/// Runs the walk, writing its lines to `out`.
pub fn run(args: &HeadlessArgs, out: &mut impl Write) -> Result<(), HeadlessError> {
    let captcha = args.emulator.captcha_text.clone().unwrap_or_else(|| HEADLESS_CAPTCHA.to_owned());
    let emulator =
        crate::emulator::EmulatorConfig { captcha_text: Some(captcha.clone()), ..args.emulator.config(Profile::Qa) };
    let parts = RuntimeParts {
        secrets: Secrets::Platform,
        progress: Some(ProgressStore::new(&args.data_dir)),
        emulator,
        browser: Arc::new(SystemBrowser),
        request_timeout: None,
    };
    let mut runtime = Runtime::new(parts, Arc::new(|| {}))?;
    let answers = Answers { serial: args.serial.clone(), captcha, bank: BankId::from(args.bank.as_str()) };
    let result = walk(&mut runtime, &answers, Duration::from_secs(args.patience), out);
    runtime.shutdown();
    result
}

fn walk(
    runtime: &mut Runtime,
    answers: &Answers,
    patience: Duration,
    out: &mut impl Write,
) -> Result<(), HeadlessError> {
    let mut wizard = Wizard::new();
    let mut shown = String::new();
    let mut moved = Instant::now();
    runtime.restore();
    let first = runtime.wait_event(patience).ok_or_else(|| HeadlessError::Stuck("nothing was restored".into()))?;
    apply(&mut wizard, runtime, first);
    let environment = wizard.session().settings.environment;
    if !environment.is_local() {
        let why = format!(
            "the saved progress is on {}; the headless mode runs on the local emulator only",
            environment.label()
        );
        return Err(HeadlessError::Stuck(why));
    }
    let mut presses: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    loop {
        let now = describe(&wizard);
        if now != shown {
            line(out, &now);
            shown = now;
            moved = Instant::now();
        }
        if let Step::Overview(step) = wizard.step()
            && !step.cards.is_empty()
            && step.cards.iter().all(|card| card.loading.is_none() && (card.loaded.is_some() || card.problem.is_some()))
        {
            for card in &step.cards {
                let (total, active) = card.loaded.as_ref().map_or((0, 0), |loaded| {
                    (loaded.accounts.len(), loaded.count(&crate::api::models::BankAccountStatus::Active))
                });
                line(
                    out,
                    &format!(
                        "organisation {} accounts {total} active {active}",
                        card.organisation.organisation_id.as_str()
                    ),
                );
            }
            return Ok(());
        }
        if moved.elapsed() > patience {
            return Err(HeadlessError::Stuck(format!("nothing moved for {} s on: {shown}", patience.as_secs())));
        }
        let next = next_move(&wizard, answers);
        if matches!(next, Move::Press(_) | Move::TypeThenPress(..)) {
            let count = presses.entry(shown.clone()).or_default();
            *count += 1;
            if *count > MOST_PRESSES_PER_SCREEN {
                return Err(HeadlessError::Stuck(format!("pressed on for ever on: {shown}")));
            }
        }
        match next {
            Move::TypeThenPress(type_in, event) => {
                type_in(wizard.session_mut(), answers);
                press(&mut wizard, runtime, event)?;
            }
            Move::Press(event) => press(&mut wizard, runtime, event)?,
            Move::Done if !matches!(wizard.step(), Step::Overview(_)) => {
                line(out, "done");
                press(&mut wizard, runtime, Event::ShowOverview)?;
            }
            Move::Wait | Move::Done => {
                if let Some(event) = runtime.wait_event(Duration::from_secs(1)) {
                    apply(&mut wizard, runtime, event);
                }
            }
            Move::Stuck(why) => return Err(HeadlessError::Stuck(why)),
        }
        for event in runtime.take_events() {
            apply(&mut wizard, runtime, event);
        }
    }
}

fn apply(wizard: &mut Wizard, runtime: &Runtime, event: Event) {
    for effect in wizard.update(event) {
        runtime.execute(effect);
    }
}

/// Presses `event`; a press that changes nothing would repeat for ever, so it stops the walk.
fn press(wizard: &mut Wizard, runtime: &Runtime, event: Event) -> Result<(), HeadlessError> {
    let before = wizard.step().clone();
    let described = format!("{event:?}");
    let effects = wizard.update(event);
    if effects.is_empty() && *wizard.step() == before {
        return Err(HeadlessError::Stuck(format!("pressing {described} changed nothing")));
    }
    for effect in effects {
        runtime.execute(effect);
    }
    Ok(())
}

/// One line saying what the wizard shows.
fn describe(wizard: &Wizard) -> String {
    match wizard.step() {
        Step::Link(step) => match &step.phase {
            LinkPhase::Starting => "link starting".to_owned(),
            LinkPhase::Waiting(waiting) => format!("link waiting checks {}", waiting.checks),
            LinkPhase::Linked(_) => "link linked".to_owned(),
            LinkPhase::Declined => "link ended declined".to_owned(),
            LinkPhase::TimedOut { .. } => "link ended timed out".to_owned(),
            LinkPhase::Cancelled => "link ended cancelled".to_owned(),
            LinkPhase::Failed { .. } => "link ended failed".to_owned(),
        },
        Step::Account(step) => match &step.phase {
            AccountPhase::Details { .. } => "account details".to_owned(),
            AccountPhase::Creating(_) => "account creating".to_owned(),
            AccountPhase::Finding(_) => "account finding".to_owned(),
            AccountPhase::Following(following) => {
                format!("account {:?} {}", following.account.status, following.account.bank_account_id.as_str())
            }
        },
        step => format!("screen {:?}", Screen::of(step, wizard.session().settings.product_kind)),
    }
}

fn line(out: &mut impl Write, text: &str) {
    // A closed standard output (the reader went away) is no reason to stop the walk.
    if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
        tracing::debug!("standard output is closed");
    }
}
