//! Wall time of a multi-account batch: 100 candidates of Emulator Many Accounts Bank linked through the wizard and
//! its runtime against the emulator, each Banking Service request delayed 50 ms, with the concurrency setting at 1,
//! at its default and at 8. Prints one line per setting: `cargo bench --bench multi_link`.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "the bench uses only the driver of the tests' helpers")]
#[path = "../tests/all/support.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::browser::RecordingBrowser;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{
    AccountPhase, AccountStep, BankList, BankStep, ChecklistStep, DEFAULT_LINK_CONCURRENCY, Event, LinkPhase, LinkStep,
    Listing, Step,
};

use support::Driver;

/// Candidates linked per batch.
const CANDIDATES: usize = 100;

/// The delay the emulator adds to each Banking Service request.
const LATENCY: Duration = Duration::from_millis(50);

fn main() {
    println!("multi-account link of {CANDIDATES} candidates, {} ms added per request", LATENCY.as_millis());
    for concurrency in [1, DEFAULT_LINK_CONCURRENCY, 8] {
        let wall = batch_wall_time(concurrency);
        println!("  concurrency {concurrency:>2}: {:>6.2} s", wall.as_secs_f64());
    }
}

/// Onboards, links the bank's first account to `active`, lists its candidates, then times the batch alone.
fn batch_wall_time(concurrency: u32) -> Duration {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let emulator = EmulatorConfig {
        latency: LATENCY,
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(200),
        ..support::test_emulator()
    };
    let browser = RecordingBrowser::with_callback(|url| approve(url.as_str()));
    let runtime = support::runtime_with_browser(store, data_dir.path(), emulator, Arc::new(browser));
    let mut driver = Driver::new(runtime);
    driver.onboard("ACTIVE");
    driver.send(Event::LinkBank);
    driver.settle("the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
    driver.send(Event::ChooseBank(BankId::from("emulator-many-accounts-bank-gbr")));
    driver.settle("the link", |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. })));
    driver.send(Event::Continue);
    driver.send(Event::CreateBankAccount);
    driver.settle("an active first account", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if f.watch.is_none())
    });
    driver.send(Event::AddMoreAccounts);
    driver.settle("the candidates", |w| checklist(w).is_some_and(|s| s.listing == Listing::Ready));
    driver.send(Event::SetLinkConcurrency(concurrency));
    for position in 0..CANDIDATES {
        driver.send(Event::ToggleCandidate(position));
    }
    let start = Instant::now();
    driver.send(Event::LinkSelected);
    driver.settle("the batch", |w| checklist(w).is_some_and(ChecklistStep::batch_finished));
    let wall = start.elapsed();
    let count = checklist(&driver.wizard).expect("on the checklist").count();
    assert_eq!((count.linked, count.failed), (CANDIDATES, 0), "every candidate linked");
    driver.runtime.shutdown();
    wall
}

fn checklist(wizard: &bankfeeds_onboard::wizard::Wizard) -> Option<&ChecklistStep> {
    match wizard.step() {
        Step::Checklist(step) => Some(step),
        _ => None,
    }
}

/// What a person does at the consent page: Approve, sharing the ticked account.
fn approve(consent: &str) {
    let consent = consent.to_owned();
    let visit = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let body = "decision=approve&account=first";
            let posted = reqwest::Client::new()
                .post(&consent)
                .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await;
            posted.expect("the consent page answers");
        });
    });
    visit.join().expect("the consent visit ends");
}
