//! Access tokens that live 2 seconds, across a whole link: the bank's link, the account's creation, its status
//! followed to `active` and three more accounts linked from more accounts, spread over several token lifetimes.
//! The person never sees a token error: every step ends as it would with long-lived tokens.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};

use crate::support::{self, Driver};

/// The emulator's JWT lifetime in this test.
const LIFETIME: Duration = Duration::from_secs(2);

#[test]
fn two_second_tokens_are_renewed_unseen_across_a_whole_link() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let emulator = support::short_token_emulator(LIFETIME);
    let browser = Arc::new(support::approving_browser());
    let mut driver = Driver::new(support::runtime_with_browser(store, data_dir.path(), emulator, browser));
    driver.onboard("ACTIVE");
    let start = Instant::now();
    driver.link_an_account_and_every_candidate();
    assert!(start.elapsed() > LIFETIME * 3, "the flow outlived several tokens: {:?}", start.elapsed());
}
