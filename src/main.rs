//! The command line: the wizard by default; `emulator` serves the emulator alone; `sign` prints an X-Signature;
//! `headless` walks the wizard without a window.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use bankfeeds_onboard::browser::{BrowserOpener, SystemBrowser};
use bankfeeds_onboard::cli::emulator::EmulatorArgs;
use bankfeeds_onboard::cli::emulator_settings::EmulatorSettings;
use bankfeeds_onboard::cli::headless::{HeadlessArgs, HeadlessError};
use bankfeeds_onboard::cli::service_roots::ServiceRootArgs;
use bankfeeds_onboard::cli::sign::{SIGNING_KEY_VAR, SignArgs};
use bankfeeds_onboard::cli::start_at::StartAtArg;
use bankfeeds_onboard::config::Profile;
use bankfeeds_onboard::data_folder::{DataFolder, DataFolderError, IN_USE_EXIT_CODE};
use bankfeeds_onboard::diagnostics::RecentLog;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::runtime::{Runtime, RuntimeParts, Secrets};
use bankfeeds_onboard::store::ProgressStore;
use bankfeeds_onboard::system_theme::SystemTheme;
use bankfeeds_onboard::ui::first_frame::FirstFrameProbe;
use bankfeeds_onboard::ui::startup_dialog::{self, DialogEnd};
use bankfeeds_onboard::ui::tour::ConsentPicture;
use bankfeeds_onboard::ui::{APP_TITLE, WizardApp};
use bankfeeds_onboard::wizard::ThemeChoice;

/// Onboards a Sage desktop product's customer to the Sage Banking Service, on a local emulator by default.
#[derive(Parser)]
#[command(name = "bankfeeds-onboard", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    wizard: WizardArgs,
}

/// Options of the wizard (when no subcommand is given).
#[derive(clap::Args)]
struct WizardArgs {
    /// Keep the progress file in this folder instead of the platform's data directory.
    #[arg(long, value_name = "DIR", env = "BANKFEEDS_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Walk the window through every screen on the local emulator, save a PNG of each in DIR, then close.
    #[arg(long, value_name = "DIR")]
    screenshot_tour: Option<PathBuf>,
    /// The theme of this run, over the one chosen in View → Theme (which stays as chosen).
    #[arg(long, value_enum, value_name = "THEME")]
    theme: Option<ThemeArg>,
    /// Start at STEP with a seeded local emulator world, for demos and QA (as Emulator → Start at in the window).
    /// The local emulator's demo is reset first, as Reset demo does: the organisations, keys and progress you had
    /// there are replaced; what you typed, your settings and other environments' organisations stay. Refused when the
    /// saved progress is on a Sage or custom environment, or with --banking-service-url.
    #[arg(long, value_enum, value_name = "STEP", conflicts_with = "screenshot_tour")]
    start_at: Option<StartAtArg>,
    /// How the built-in emulator of the local environment behaves (its profile is chosen in the window).
    #[command(flatten)]
    emulator: EmulatorSettings,
    /// A custom environment, chosen on the first screen (saved progress on another environment resumes there).
    #[command(flatten)]
    service: ServiceRootArgs,
}

/// A theme named on the command line.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ThemeArg {
    /// The operating system's light or dark preference.
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl From<ThemeArg> for ThemeChoice {
    fn from(theme: ThemeArg) -> Self {
        match theme {
            ThemeArg::System => Self::System,
            ThemeArg::Light => Self::Light,
            ThemeArg::Dark => Self::Dark,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Banking Service and Token Service emulator alone, for curl, Postman or QA scripts.
    ///
    /// Its world lives in memory only: stopping it forgets every organisation, bank account and link. (The wizard's
    /// own emulator keeps its world in the data folder, and its customers' keys in the keyring.)
    Emulator(EmulatorArgs),
    /// Print the X-Signature of a request; the signing key comes from the environment, never the command line.
    Sign(SignArgs),
    /// Walk the wizard without a window on the local emulator (or a custom environment), from wherever the saved
    /// progress left off to an active bank account, printing what it shows (for scripts and tests).
    Headless(HeadlessArgs),
}

fn main() -> ExitCode {
    // Start-up is timed from here (`BANKFEEDS_FIRST_FRAME`): the first thing the program does.
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    // From here on a panic leaves a scrubbed crash report in the data folder, never a raw message.
    bankfeeds_onboard::diagnostics::crash::install(crash_folder(&cli));
    let recent_log = init_logging();
    match run(cli, started, recent_log) {
        Ok(code) => code,
        Err(error) => {
            // The whole chain of causes, without a backtrace: the sentences say what to fix.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, started: std::time::Instant, recent_log: RecentLog) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Emulator(args)) => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("bankfeeds-emulator")
                .build()
                .context("the async runtime could not start")?;
            runtime.block_on(bankfeeds_onboard::cli::emulator::run(args))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sign(args)) => {
            let key = std::env::var(SIGNING_KEY_VAR).ok();
            let mut out = std::io::stdout().lock();
            bankfeeds_onboard::cli::sign::run(&args, key.as_deref(), &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Headless(args)) => {
            let mut out = std::io::stdout().lock();
            match bankfeeds_onboard::cli::headless::run(&args, &mut out) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(HeadlessError::Folder(problem)) if problem.is_in_use() => Ok(refused(&problem)),
                Err(error) => Err(error.into()),
            }
        }
        None => run_wizard(cli.wizard, started, recent_log),
    }
}

/// Says on stderr why the data folder is refused, and gives the exit code that says so to scripts.
fn refused(problem: &DataFolderError) -> ExitCode {
    eprintln!("error: {problem}");
    exit_code(problem)
}

/// The exit code of a start refused for `problem`: [`IN_USE_EXIT_CODE`] when another copy holds the folder.
fn exit_code(problem: &DataFolderError) -> ExitCode {
    if problem.is_in_use() { ExitCode::from(IN_USE_EXIT_CODE) } else { ExitCode::FAILURE }
}

/// Where crash reports go: the headless mode's progress folder, else the wizard's data folder (`--data-dir`,
/// `BANKFEEDS_DATA_DIR` or the platform's), for every command.
fn crash_folder(cli: &Cli) -> Option<PathBuf> {
    match &cli.command {
        Some(Command::Headless(args)) => Some(args.data_dir.clone()),
        _ => cli.wizard.data_dir.clone().or_else(ProgressStore::default_dir),
    }
}

/// An empty folder of this process's own for the tour's progress.
fn fresh_tour_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("bankfeeds-tour-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("{} could not be emptied", dir.display()))?;
    }
    Ok(dir)
}

/// Logs to stderr and, for the support bundle, to the returned [`RecentLog`] (the last lines, without colours).
fn init_logging() -> RecentLog {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,bankfeeds_onboard=info"));
    let recent = RecentLog::default();
    tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr))
        .with(tracing_subscriber::fmt::layer().with_ansi(false).with_writer(recent.clone()))
        .init();
    recent
}

fn run_wizard(args: WizardArgs, started: std::time::Instant, recent_log: RecentLog) -> anyhow::Result<ExitCode> {
    let data_dir = match &args.screenshot_tour {
        // The tour starts from a blank wizard, whatever the person has saved.
        Some(_) => Some(fresh_tour_dir()?),
        None => args.data_dir.or_else(ProgressStore::default_dir),
    };
    if let Some(StartAtArg(seed)) = args.start_at {
        // Checked before anything is touched. An unreadable progress file is set aside when the window reads it; the
        // start then begins from nothing.
        let saved = data_dir.as_deref().and_then(|dir| ProgressStore::new(dir).load().ok().flatten());
        bankfeeds_onboard::cli::start_at::check(seed, args.service.service().is_some(), saved.as_ref())?;
    }
    // The folder is held (one copy per folder) and known to work before the first screen, or the dialog says why.
    let folder = match data_dir.as_deref().map(take_or_ask) {
        Some(Ok(folder)) => Some(folder),
        Some(Err(code)) => return Ok(code),
        None => None,
    };
    let progress = folder.as_ref().map(|folder| ProgressStore::new(folder.path()));
    let captcha_text = match &args.screenshot_tour {
        Some(_) => Some(bankfeeds_onboard::ui::tour::TOUR_CAPTCHA_TEXT.to_owned()),
        None => args.emulator.captcha_text.clone(),
    };
    if let Some(dir) = &args.screenshot_tour {
        std::fs::create_dir_all(dir).with_context(|| format!("the folder {} could not be created", dir.display()))?;
    }
    let emulator = EmulatorConfig { captcha_text, ..args.emulator.config(Profile::Qa) };
    let options = eframe::NativeOptions {
        viewport: bankfeeds_onboard::ui::identity::viewport()
            .with_inner_size([1040.0, 780.0])
            .with_min_inner_size([760.0, 560.0]),
        ..eframe::NativeOptions::default()
    };
    let tour = args.screenshot_tour;
    let theme = args.theme.map(ThemeChoice::from);
    let start_at = args.start_at.map(|StartAtArg(seed)| seed);
    let custom = args.service.service();
    // The tour's browser is a headless Chromium that saves a picture of the consent page; people get their own.
    let browser: Arc<dyn BrowserOpener> = match &tour {
        Some(dir) => Arc::new(ConsentPicture::new(dir)),
        None => Arc::new(SystemBrowser),
    };
    eframe::run_native(
        APP_TITLE,
        options,
        Box::new(move |creation| {
            let ctx = creation.egui_ctx.clone();
            let repaint = ctx.clone();
            let desktop_theme = SystemTheme::follow_session(move || repaint.request_repaint());
            let runtime = Runtime::new(
                RuntimeParts {
                    secrets: Secrets::Platform,
                    progress,
                    emulator,
                    browser,
                    request_timeout: None,
                    clock: bankfeeds_onboard::runtime::Clock::system(),
                },
                Arc::new(move || ctx.request_repaint()),
            )?
            // Exports ask the system's save dialog where there is one (Open folder uses the file manager by default).
            .with_save_dialog(bankfeeds_onboard::save_dialog::system());
            let app = WizardApp::new(runtime)
                .with_custom_environment(custom)
                .with_theme(theme)
                .with_start_at(start_at)
                .following_desktop_theme(desktop_theme)
                .with_first_frame_probe(FirstFrameProbe::from_env(started))
                .with_recent_log(recent_log);
            Ok(Box::new(match tour {
                Some(dir) => app.with_tour(dir),
                None => app,
            }))
        }),
    )
    .map_err(|error| anyhow::anyhow!("the window could not open: {error}"))?;
    // Held until the window has closed and the runtime has written its last save.
    drop(folder);
    Ok(ExitCode::SUCCESS)
}

/// Takes the data folder; when it cannot be used, says so on stderr and in a small window until it works (Try
/// again) or is dismissed, which ends the program with the returned code.
fn take_or_ask(dir: &Path) -> Result<DataFolder, ExitCode> {
    let problem = match DataFolder::take(dir) {
        Ok(folder) => return Ok(folder),
        Err(problem) => problem,
    };
    eprintln!("error: {problem}");
    match startup_dialog::show(problem) {
        Ok(DialogEnd::Taken(folder)) => Ok(folder),
        Ok(DialogEnd::Closed(last)) => Err(exit_code(&last)),
        Err(error) => {
            eprintln!("error: the window that says so could not open: {error}");
            Err(ExitCode::FAILURE)
        }
    }
}
