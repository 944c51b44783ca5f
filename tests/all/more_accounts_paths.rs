//! Multi-account link's unhappy paths against the real emulator, through the wizard and its runtime: candidate IDs
//! refreshed under the batch (404s, a fresh listing, each account found again by its key and linked once), and a rate
//! limit answering 429 with `Retry-After` (waited, then sent again).

use std::sync::Arc;
use std::time::Duration;

use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{Effect, MoreAccountsIntent, MoreAccountsStep, RowState};

use crate::support::{self, Driver, more_accounts};

/// Onboarded, the first account of `bank` active and the more-accounts step listed, on an emulator set up by `emulator`.
fn at_more_accounts(bank: &str, emulator: EmulatorConfig, data_dir: &std::path::Path) -> Driver {
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let emulator = EmulatorConfig {
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(200),
        ..emulator
    };
    let browser = Arc::new(support::approving_browser());
    let mut driver = Driver::new(support::runtime_with_browser(store, data_dir, emulator, browser));
    driver.onboard("ACTIVE");
    driver.link_first_account(bank);
    driver.open_more_accounts();
    driver
}

/// Ticks every candidate, links them with `concurrency` at once, and waits for the batch to end.
fn link_all(driver: &mut Driver, concurrency: u32) {
    driver.send(MoreAccountsIntent::SetLinkConcurrency(concurrency));
    driver.send(MoreAccountsIntent::SelectShown(true));
    driver.send(MoreAccountsIntent::LinkSelected);
    driver.settle("the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
}

fn relists(driver: &Driver) -> usize {
    let relist = |effect: &&Effect| matches!(effect, Effect::ListCandidates { filter_connected: false, .. });
    driver.executed.iter().filter(relist).count()
}

#[test]
fn refreshed_candidate_ids_are_found_again_by_key_and_every_account_is_linked_once() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let emulator = EmulatorConfig { refresh_candidates_after_links: Some(100), ..support::test_emulator() };
    let mut driver = at_more_accounts("emulator-many-accounts-bank-gbr", emulator, data_dir.path());
    link_all(&mut driver, 1);
    let step = more_accounts(&driver.wizard).expect("on more accounts");
    assert_eq!(step.count().linked, 250, "{:?}", step.count());
    assert!(step.rows.iter().all(|row| matches!(row.state, RowState::Linked(_))), "each linked by this batch");
    assert_eq!(relists(&driver), 2, "one fresh listing after each refresh (after links 100 and 200)");
    assert!(step.rows.iter().filter(|row| row.found_again).count() >= 2, "stale rows were found again");
}

#[test]
fn a_rate_limit_is_waited_out_as_retry_after_says() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let emulator = EmulatorConfig { link_rate_limit: Some(1), ..support::test_emulator() };
    let mut driver = at_more_accounts("emulator-bank-gbr", emulator, data_dir.path());
    link_all(&mut driver, 3);
    let step = more_accounts(&driver.wizard).expect("on more accounts");
    assert_eq!(step.count().linked, 3, "{:?}", step.count());
    let waited =
        driver.executed.iter().filter(|e| matches!(e, Effect::LinkCandidate { after, .. } if !after.is_zero()));
    assert!(waited.count() >= 2, "two of three waited at least once");
}
