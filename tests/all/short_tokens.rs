//! Access tokens that live 2 seconds, across a whole link: the bank's link, the account's creation, its status
//! followed to `active` and three more accounts linked from more accounts, spread over several token lifetimes.
//! The person never sees a token error: every step ends as it would with long-lived tokens.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{MoreAccountsIntent, MoreAccountsStep};

use crate::support::{self, Driver, more_accounts};

/// The emulator's JWT lifetime in this test.
const LIFETIME: Duration = Duration::from_secs(2);

#[test]
fn two_second_tokens_are_renewed_unseen_across_a_whole_link() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let emulator = EmulatorConfig {
        jwt_lifetime: LIFETIME,
        poll_period: Duration::from_millis(700),
        slow_bank_polls: 3,
        activation_delay: Duration::from_secs(4),
        ..support::test_emulator()
    };
    let browser = Arc::new(support::approving_browser());
    let mut driver = Driver::new(support::runtime_with_browser(store, data_dir.path(), emulator, browser));
    driver.onboard("ACTIVE");
    let start = Instant::now();
    driver.link_first_account("emulator-slow-bank-gbr");
    driver.open_more_accounts();
    driver.send(MoreAccountsIntent::SelectShown(true));
    driver.send(MoreAccountsIntent::LinkSelected);
    driver.settle("the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let count = more_accounts(&driver.wizard).expect("on more accounts").count();
    assert_eq!((count.linked, count.failed), (count.total, 0), "{count:?}");
    assert!(start.elapsed() > LIFETIME * 3, "the flow outlived several tokens: {:?}", start.elapsed());
}
