//! The real OS keyring: set, get and delete a signing key through the Secret Service. Ignored by a plain `cargo test`;
//! `scripts/test` runs it in a throwaway gnome-keyring (`BANKFEEDS_SECRET_SERVICE=1`) where one can be started.

use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore as _};

use crate::support::require_secret_service;

#[test]
#[ignore = "needs a Secret Service (gnome-keyring and dbus); scripts/test runs it where they are installed"]
fn os_keyring_sets_gets_and_deletes_a_signing_key() {
    require_secret_service();
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
