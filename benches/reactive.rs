//! Frames drawn in eframe's reactive mode, headless, with the real runtime and the in-process emulator (pollPeriod
//! 5 s): on idle screens (budget: none in 10 s), while waiting for the bank (budget: at most one a second), and the
//! reaction from the consent approved at the emulator to the first frame that shows the account linked, approved at
//! several moments of the poll period (budget: pollPeriod + 50 ms). Prints one table per figure:
//! `cargo bench --bench reactive`.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "the bench uses only the driver of the tests' helpers")]
#[path = "../tests/all/support.rs"]
mod support;

#[allow(dead_code, reason = "the reactive loop needs only the frame, not every helper")]
mod headless;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::browser::RecordingBrowser;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::runtime::{Runtime, RuntimeParts, Secrets};
use bankfeeds_onboard::secrets::KeyringStore;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{
    BankIntent, BankList, BankStep, Intent, LinkIntent, LinkPhase, LinkStep, Step, Waiting, Wizard,
};
use headless::reactive::{Doorbell, Reactive};

/// The emulator's pollPeriod.
const POLL_PERIOD: Duration = Duration::from_secs(5);
/// How long an idle screen is watched.
const IDLE: Duration = Duration::from_secs(10);
/// How long the waiting screen is watched.
const WAITING: Duration = Duration::from_secs(20);
/// When the consent is approved, as a share of the poll period since the last check.
const MOMENTS: [f64; 6] = [0.02, 0.2, 0.4, 0.6, 0.8, 0.95];

fn main() {
    let doorbell = Arc::new(Doorbell::default());
    let mut app = onboarded_app(&doorbell);
    let mut window = Reactive::new(doorbell);
    let mut idle = vec![("organisation onboarded", idle_frames(&mut window, &mut app))];
    app.dispatch(Intent::LinkBank);
    window.until(&mut app, "the bank list", |w| {
        matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. }))
    });
    idle.push(("bank search, nothing typed", idle_frames(&mut window, &mut app)));
    start_link(&mut window, &mut app);
    // The screen's first second (the page drawn, the browser's answer) is counted apart, as for the idle screens.
    let waiting_frames =
        (window.frames_during(&mut app, Duration::from_secs(1)), window.frames_during(&mut app, WAITING));
    let mut reactions = Vec::new();
    for (n, moment) in MOMENTS.into_iter().enumerate() {
        if n > 0 {
            app.dispatch(LinkIntent::ChooseAnotherBank);
            start_link(&mut window, &mut app);
        }
        reactions.push((moment, reaction(&mut window, &mut app, moment)));
    }
    idle.push(("the bank's account linked", idle_frames(&mut window, &mut app)));
    app.shutdown();
    print_idle(&idle);
    print_waiting(waiting_frames);
    print_reactions(&mut reactions);
}

/// Onboarded through the real runtime and emulator (its notify rings `doorbell`), then handed to the app.
fn onboarded_app(doorbell: &Arc<Doorbell>) -> WizardApp {
    let parts = RuntimeParts {
        secrets: Secrets::Given(Arc::new(KeyringStore::in_memory().expect("keyring-core's mock store"))),
        progress: None,
        emulator: EmulatorConfig { poll_period: POLL_PERIOD, ..support::test_emulator() },
        browser: Arc::new(RecordingBrowser::default()),
        request_timeout: None,
        clock: bankfeeds_onboard::runtime::Clock::system(),
    };
    let doorbell = Arc::clone(doorbell);
    let runtime = Runtime::new(parts, Arc::new(move || doorbell.ring())).expect("runtime starts");
    let mut driver = support::Driver::new(runtime);
    driver.onboard("ACTIVE");
    let support::Driver { wizard, runtime, .. } = driver;
    let mut app = WizardApp::new(runtime);
    *app.wizard_mut() = wizard;
    app
}

/// Frames drawn in the first second on the screen, then in [`IDLE`].
fn idle_frames(window: &mut Reactive, app: &mut WizardApp) -> (usize, usize) {
    let settling = window.frames_during(app, Duration::from_secs(1));
    (settling, window.frames_during(app, IDLE))
}

/// From the bank step: Emulator Bank chosen, until its page is open and the link waits.
fn start_link(window: &mut Reactive, app: &mut WizardApp) {
    window.until(app, "the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
    app.dispatch(BankIntent::Choose(BankId::from("emulator-bank-gbr")));
    window.until(app, "the bank's page", |w| waiting(w).is_some_and(|waiting| waiting.next_check_at.is_some()));
}

fn waiting(wizard: &Wizard) -> Option<&Waiting> {
    match wizard.step() {
        Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) => Some(waiting),
        _ => None,
    }
}

/// Approves the consent `moment` of a poll period after a check; how long the next check was due after the approval,
/// and how long after it the first frame showing the account linked ended.
fn reaction(window: &mut Reactive, app: &mut WizardApp, moment: f64) -> (Duration, Duration) {
    let mut approve_at = next_check(app.wizard()).checked_sub(POLL_PERIOD.mul_f64(1.0 - moment)).expect("in range");
    while approve_at < Instant::now() + Duration::from_millis(100) {
        approve_at += POLL_PERIOD;
    }
    window.frames_during(app, approve_at.saturating_duration_since(Instant::now()));
    let redirect = waiting(app.wizard()).expect("still waiting").redirect.clone();
    let approved = Instant::now();
    let due_in = next_check(app.wizard()).saturating_duration_since(approved);
    let visit = std::thread::spawn(move || support::approve_consent(redirect.as_str()));
    let shown = window.until(app, "the account shown as linked", |w| {
        matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. }))
    });
    let status = visit.join().expect("the consent visit ends");
    assert!(status < 400, "the consent page answered {status}");
    (due_in, shown - approved)
}

/// When the waiting link's next check is due, on this process's clock.
fn next_check(wizard: &Wizard) -> Instant {
    let at = waiting(wizard).and_then(|waiting| waiting.next_check_at).expect("a check is due");
    let left = at.duration_since(jiff::Timestamp::now());
    Instant::now() + Duration::try_from(left).unwrap_or_default()
}

fn print_idle(idle: &[(&str, (usize, usize))]) {
    println!();
    println!("Idle screens, reactive mode (release): cargo bench --bench reactive");
    println!("| Screen | Frames in its first second | Frames in the next {} s | Budget: 0 |", IDLE.as_secs());
    println!("|---|---:|---:|---|");
    for (name, (settling, frames)) in idle {
        println!("| {name} | {settling} | {frames} | {} |", if *frames == 0 { "met" } else { "MISSED" });
    }
}

fn print_waiting((settling, frames): (usize, usize)) {
    let per_second = f64::from(u32::try_from(frames).unwrap_or(u32::MAX)) / WAITING.as_secs_f64();
    println!();
    println!("Waiting for the bank, pollPeriod {} s: cargo bench --bench reactive", POLL_PERIOD.as_secs());
    println!(
        "| Frames in its first second | Frames in the next {} s | Per second | Budget: ≤ 1 a second |",
        WAITING.as_secs()
    );
    println!("|---:|---:|---:|---|");
    let verdict = if per_second <= 1.0 { "met" } else { "MISSED" };
    println!("| {settling} | {frames} | {per_second:.2} | {verdict} |");
}

fn print_reactions(reactions: &mut [(f64, (Duration, Duration))]) {
    let budget = POLL_PERIOD + Duration::from_millis(50);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!();
    println!(
        "Consent approved to the first frame showing the account linked, pollPeriod {} ms: cargo bench --bench reactive",
        POLL_PERIOD.as_millis()
    );
    println!("| Approved at (share of the period) | Next check due in | First linked frame after |");
    println!("|---:|---:|---:|");
    for (moment, (due_in, took)) in reactions.iter() {
        println!("| {moment:.2} | {:.0} ms | {:.0} ms |", ms(*due_in), ms(*took));
    }
    reactions.sort_by_key(|(_, (_, took))| *took);
    let took: Vec<Duration> = reactions.iter().map(|(_, (_, took))| *took).collect();
    let (min, median, max) = (took[0], took[took.len() / 2], took[took.len() - 1]);
    println!(
        "min {:.0} ms, median {:.0} ms, max {:.0} ms; budget pollPeriod + 50 ms = {:.0} ms: {}",
        ms(min),
        ms(median),
        ms(max),
        ms(budget),
        if max <= budget { "met" } else { "MISSED" }
    );
}
