//! Wall time of a multi-account batch: 100 candidates of Emulator Many Accounts Bank linked through the wizard and
//! its runtime against the emulator, each Banking Service request delayed 50 ms, with the concurrency setting at 1,
//! at its default and at 8. Prints one line per setting: `cargo bench --bench multi_link`.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "the bench uses only the driver of the tests' helpers")]
#[path = "../tests/all/support.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::Scenario;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{DEFAULT_LINK_CONCURRENCY, MoreAccountsIntent, MoreAccountsStep};

use support::{Driver, more_accounts};

/// Candidates linked per batch.
const CANDIDATES: usize = 100;

/// The delay the emulator adds to each Banking Service request.
const LATENCY_MS: u64 = 50;

fn main() {
    println!("multi-account link of {CANDIDATES} candidates, {LATENCY_MS} ms added per request");
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
        scenario: Scenario { latency_ms: LATENCY_MS, ..Scenario::default() },
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(200),
        ..support::test_emulator()
    };
    let runtime =
        support::runtime_with_browser(store, data_dir.path(), emulator, Arc::new(support::approving_browser()));
    let mut driver = Driver::new(runtime);
    driver.onboard("ACTIVE");
    driver.link_first_account("emulator-many-accounts-bank-gbr");
    driver.open_more_accounts();
    driver.send(MoreAccountsIntent::SetLinkConcurrency(concurrency));
    for position in 0..CANDIDATES {
        driver.send(MoreAccountsIntent::Toggle(position));
    }
    let start = Instant::now();
    driver.send(MoreAccountsIntent::LinkSelected);
    driver.settle("the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let wall = start.elapsed();
    let count = more_accounts(&driver.wizard).expect("on more accounts").count();
    assert_eq!((count.linked, count.failed), (CANDIDATES, 0), "every candidate linked");
    driver.runtime.shutdown();
    wall
}
