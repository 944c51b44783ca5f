//! `bankfeeds-onboard headless`: the wizard without a window, for scripts and tests. The real runtime, OS keyring,
//! progress file and in-process emulator (or a custom environment's services, `--banking-service-url`), on a data
//! folder it holds for its whole run; a stand-in person
//! ([`super::autopilot`]) walks the happy path from wherever the saved progress left off, to an active bank account.
//! Prints one line each time what the wizard shows changes, then the organisation's accounts as the overview reads
//! them, and exits 0. Exits non-zero with a sentence when stuck, when nothing moves on for `--patience`, or when an
//! organisation, its key or the emulator's saved world cannot be read.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::api::ids::BankId;
use crate::api::models::BankAccountStatus;
use crate::browser::SystemBrowser;
use crate::config::{Environment, Profile};
use crate::data_folder::{DataFolder, DataFolderError};
use crate::emulator::durable::{StateFile, StateFileError};
use crate::runtime::{Runtime, RuntimeParts, Secrets};
use crate::store::ProgressStore;
use crate::ui::explain;
use crate::wizard::{
    AccountIntent, Answer, BankIntent, CaptchaIntent, EnvironmentIntent, Event, Intent, OrganisationCard, Step, Wizard,
};

use super::autopilot::{Answers, Move, Shown, next_move};
use super::emulator_settings::EmulatorSettings;
use super::service_roots::ServiceRootArgs;

/// How often the stand-in may press on one screen before the walk is taken to be going round in circles.
const MOST_PRESSES_PER_SCREEN: u32 = 20;

/// The company name the headless mode's stand-in types.
const HEADLESS_COMPANY: &str = "Headless Widgets Ltd";

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
    /// How the in-process emulator behaves; with a custom environment, `--captcha-text` is the answer its captchas
    /// take.
    #[command(flatten)]
    pub emulator: EmulatorSettings,
    /// A custom environment to walk instead of the local emulator.
    #[command(flatten)]
    pub service: ServiceRootArgs,
}

/// Why the headless walk stopped early. Each says what failed and what to do.
#[derive(Debug, thiserror::Error)]
pub enum HeadlessError {
    /// The data folder is held by another copy, or cannot be written.
    #[error(transparent)]
    Folder(#[from] DataFolderError),
    /// The runtime could not start.
    #[error("the runtime could not start ({0}); try again, and if it goes on, check the system's thread limits")]
    Runtime(#[from] std::io::Error),
    /// The local emulator's saved world could not be read; the walk stopped before the emulator started.
    #[error(
        "{0}. Nothing was changed: move that file away to start the local emulator empty (the organisations it \
         held are then forgotten: onboard again), or put back a good copy"
    )]
    EmulatorWorld(StateFileError),
    /// Nothing moved the walk on to a new screen or phase for the whole patience.
    #[error("nothing moved on for {seconds} seconds at \"{shown}\": {advice}")]
    Stalled {
        /// The patience, in seconds.
        seconds: u64,
        /// What the wizard showed.
        shown: String,
        /// What to do.
        advice: &'static str,
    },
    /// An organisation of the overview could not be read.
    #[error("organisation {organisation} could not be read: {explanation}")]
    Organisation {
        /// The organisation's ID.
        organisation: String,
        /// What happened and what to do.
        explanation: String,
    },
    /// The walk could not go on: a sentence saying why and what to do.
    #[error("{0}")]
    Stuck(String),
    /// The walk ended while a new organisation's signing key was held only in this run (or on its way to it).
    #[error("{why}. The new organisation's signing key ends with this run: tell Sage support: {note}")]
    KeyLost {
        /// Why the walk ended.
        why: Box<HeadlessError>,
        /// The sentence for Sage support.
        note: String,
    },
}

/// Runs the walk, writing its lines to `out`. The data folder is held from the start to the end.
pub fn run(args: &HeadlessArgs, out: &mut impl Write) -> Result<(), HeadlessError> {
    let custom = args.service.environment();
    if custom.is_some() && args.emulator.captcha_text.is_none() {
        return Err(HeadlessError::Stuck(
            "a custom environment's captchas cannot be read without a person: give --captcha-text with the answer \
             its captchas take (an emulator started with the same --captcha-text)"
                .to_owned(),
        ));
    }
    let folder = DataFolder::take(&args.data_dir)?;
    let captcha = args.emulator.captcha_text.clone().unwrap_or_else(|| HEADLESS_CAPTCHA.to_owned());
    let emulator =
        crate::emulator::EmulatorConfig { captcha_text: Some(captcha.clone()), ..args.emulator.config(Profile::Qa) };
    let parts = RuntimeParts {
        secrets: Secrets::Platform,
        progress: Some(ProgressStore::new(folder.path())),
        emulator,
        browser: Arc::new(SystemBrowser),
        request_timeout: None,
        clock: crate::runtime::Clock::system(),
    };
    let mut runtime = Runtime::new(parts, Arc::new(|| {}))?;
    let answers = Answers {
        serial: args.serial.clone(),
        captcha,
        bank: BankId::from(args.bank.as_str()),
        company: HEADLESS_COMPANY.to_owned(),
    };
    let result = walk(&mut runtime, folder.path(), custom, &answers, Duration::from_secs(args.patience), out);
    runtime.shutdown();
    drop(folder);
    result
}

/// The walk; when it ends early while a new organisation's key could be lost with this run, the sentence for Sage
/// support is added to why.
fn walk(
    runtime: &mut Runtime,
    data_dir: &Path,
    custom: Option<Environment>,
    answers: &Answers,
    patience: Duration,
    out: &mut impl Write,
) -> Result<(), HeadlessError> {
    let mut wizard = Wizard::new();
    walk_on(&mut wizard, runtime, data_dir, custom, answers, patience, out).map_err(|error| {
        match wizard.at_risk_on_close() {
            Some(at_risk) => HeadlessError::KeyLost {
                why: Box::new(error),
                note: explain::support_note_for(&at_risk, Timestamp::now()),
            },
            None => error,
        }
    })
}

fn walk_on(
    wizard: &mut Wizard,
    runtime: &mut Runtime,
    data_dir: &Path,
    custom: Option<Environment>,
    answers: &Answers,
    patience: Duration,
    out: &mut impl Write,
) -> Result<(), HeadlessError> {
    runtime.restore();
    let first = runtime.wait_answer(patience).ok_or_else(|| {
        HeadlessError::Stuck(format!(
            "the saved progress was not read within {} seconds; run again, and if it goes on, check the data folder",
            patience.as_secs()
        ))
    })?;
    let saved = match &first {
        Answer::Restored(Some(progress)) => Some(progress.settings.environment.clone()),
        _ => None,
    };
    let environment = walked_environment(saved, custom.clone())?;
    match &environment {
        // Read before the runtime starts the emulator, which would set an unreadable file aside and start empty.
        Environment::Local(profile) => {
            StateFile::for_profile(data_dir, *profile).load().map_err(HeadlessError::EmulatorWorld)?;
        }
        Environment::Custom(_) => {}
        other => {
            return Err(HeadlessError::Stuck(format!(
                "the saved progress is on {}, and the headless mode walks the local emulator or a custom \
                 environment only: use the window, or another --data-dir",
                other.label()
            )));
        }
    }
    apply(wizard, runtime, first);
    if let Some(Environment::Custom(service)) = custom
        && matches!(wizard.step(), Step::Environment(_))
    {
        apply(wizard, runtime, EnvironmentIntent::UseCustom(service));
    }
    let mut shown: Option<Shown> = None;
    let mut moved = Instant::now();
    let mut presses: HashMap<String, u32> = HashMap::new();
    loop {
        let now = Shown::of(wizard);
        if shown.as_ref() != Some(&now) {
            line(out, &now.to_string());
            // Progress is a new screen or phase; a counter ticking within one (a link's checks) is not.
            if shown.as_ref().is_none_or(|before| before.stage != now.stage) {
                moved = Instant::now();
            }
        }
        let shown = shown.insert(now);
        if let Step::Overview(step) = wizard.step()
            && !step.cards.is_empty()
            && step.cards.iter().all(|card| card.loading.is_none() && (card.loaded.is_some() || card.problem.is_some()))
        {
            return summarise(&step.cards, out);
        }
        if moved.elapsed() > patience {
            return Err(HeadlessError::Stalled {
                seconds: patience.as_secs(),
                shown: shown.to_string(),
                advice: shown.advice(),
            });
        }
        let next = next_move(wizard, answers);
        if matches!(next, Move::Press(_) | Move::TypeThenPress(..)) {
            let count = presses.entry(shown.stage.clone()).or_default();
            *count += 1;
            if *count > MOST_PRESSES_PER_SCREEN {
                return Err(HeadlessError::Stuck(format!(
                    "the walk pressed on {MOST_PRESSES_PER_SCREEN} times at \"{shown}\" without getting anywhere; \
                     run again with RUST_LOG=info to see what each press answered"
                )));
            }
        }
        match next {
            Move::TypeThenPress(type_in, event) => {
                type_in(wizard.session_mut(), answers);
                press(wizard, runtime, event, shown)?;
            }
            Move::Press(event) => press(wizard, runtime, event, shown)?,
            Move::Done if !matches!(wizard.step(), Step::Overview(_)) => {
                line(out, "done");
                press(wizard, runtime, Intent::ShowOverview, shown)?;
            }
            Move::Wait | Move::Done => {
                if let Some(event) = runtime.wait_answer(Duration::from_secs(1)) {
                    apply(wizard, runtime, event);
                }
            }
            Move::Stuck(why) => return Err(HeadlessError::Stuck(why)),
        }
        for event in runtime.take_answers() {
            apply(wizard, runtime, event);
        }
    }
}

/// The environment walked: the saved progress's, which a custom environment on the command line must match; else
/// the command line's, else the local emulator.
fn walked_environment(saved: Option<Environment>, custom: Option<Environment>) -> Result<Environment, HeadlessError> {
    match (saved, custom) {
        (Some(saved), Some(custom)) if saved != custom => Err(HeadlessError::Stuck(format!(
            "the saved progress is on {}, not {}: give another --data-dir for the custom environment, or leave out \
             --banking-service-url and --token-service-url to go on where it is",
            saved.label(),
            custom.label()
        ))),
        (Some(environment), _) | (None, Some(environment)) => Ok(environment),
        (None, None) => Ok(Environment::default()),
    }
}

/// Prints each organisation's accounts as the overview read them; an organisation that could not be read (its key
/// gone from the keyring, the emulator no longer knowing it) ends the walk with why.
fn summarise(cards: &[OrganisationCard], out: &mut impl Write) -> Result<(), HeadlessError> {
    let mut unreadable = None;
    for card in cards {
        let organisation = card.organisation.organisation_id.as_str();
        match (&card.problem, &card.loaded) {
            (Some(problem), _) => {
                let explained = explain::access(problem, true);
                unreadable.get_or_insert(HeadlessError::Organisation {
                    organisation: organisation.to_owned(),
                    explanation: format!(
                        "{}. {}{}",
                        explain::lower_first(&explained.title),
                        explained.body,
                        explained.details.map(|details| format!(" ({details})")).unwrap_or_default()
                    ),
                });
            }
            (None, Some(loaded)) => {
                let (total, active) = (loaded.accounts.len(), loaded.count(&BankAccountStatus::Active));
                line(out, &format!("organisation {organisation} accounts {total} active {active}"));
            }
            (None, None) => {}
        }
    }
    unreadable.map_or(Ok(()), Err)
}

fn apply(wizard: &mut Wizard, runtime: &Runtime, event: impl Into<Event>) {
    for effect in wizard.update(event) {
        runtime.execute(effect);
    }
}

/// Presses `event`; a press that changes nothing would repeat for ever, so it stops the walk.
fn press(wizard: &mut Wizard, runtime: &Runtime, event: Intent, shown: &Shown) -> Result<(), HeadlessError> {
    let before = wizard.step().clone();
    let button = button_name(&event);
    let effects = wizard.update(event);
    if effects.is_empty() && *wizard.step() == before {
        return Err(HeadlessError::Stuck(format!(
            "pressing {button} at \"{shown}\" changed nothing, so the walk cannot go on; this is a fault of the \
             headless mode: please report it with the lines above"
        )));
    }
    for effect in effects {
        runtime.execute(effect);
    }
    Ok(())
}

/// The button a person would press for `event`, in words.
fn button_name(event: &Intent) -> String {
    match event {
        Intent::Continue => "Continue".to_owned(),
        Intent::Captcha(CaptchaIntent::SendOrganisationAgain) => "Try again".to_owned(),
        Intent::Captcha(CaptchaIntent::CreateOrganisation) => "Create organisation".to_owned(),
        Intent::LinkBank => "Link a bank account".to_owned(),
        Intent::Bank(BankIntent::Choose(bank)) => format!("the bank {}", bank.as_str()),
        Intent::Account(AccountIntent::Create) => "Create bank account".to_owned(),
        Intent::ShowOverview => "Overview".to_owned(),
        _ => "a button".to_owned(),
    }
}

fn line(out: &mut impl Write, text: &str) {
    // A closed standard output (the reader went away) is no reason to stop the walk.
    if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
        tracing::debug!("standard output is closed");
    }
}
