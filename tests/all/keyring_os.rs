//! The real OS keyring: set, get and delete a signing key through the Secret Service. Runs where `scripts/test`
//! started a throwaway gnome-keyring (`BANKFEEDS_SECRET_SERVICE=1`); skipped elsewhere, and a failure when
//! `BANKFEEDS_REQUIRE_SYSTEM_TESTS=1` (as in CI).

use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore as _};

use crate::support::secret_service_available;

#[test]
fn os_keyring_sets_gets_and_deletes_a_signing_key() {
    if !secret_service_available() {
        return;
    }
    let store = KeyringStore::platform().expect("the Secret Service answers");
    store.probe().expect("the keyring is unlocked and usable");
    let slot = KeySlot { service: "bankfeeds-onboard-test".into(), account: format!("test/{}", uuid::Uuid::new_v4()) };
    let key = SigningKey::new(uuid::Uuid::new_v4().simple().to_string().repeat(2));
    assert_eq!(store.load(&slot), Err(KeyringProblem::Missing));
    store.store(&slot, &key).expect("stores");
    assert_eq!(store.load(&slot).expect("loads"), key);
    let replaced = SigningKey::new("f".repeat(64));
    store.store(&slot, &replaced).expect("replaces");
    assert_eq!(store.load(&slot).expect("loads"), replaced);
    store.delete(&slot).expect("deletes");
    assert_eq!(store.load(&slot), Err(KeyringProblem::Missing));
}
