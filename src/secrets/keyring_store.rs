//! [`SecretStore`] on a keyring-core credential store: the platform's native keyring in the product, keyring-core's
//! in-memory mock in tests. Blocking calls: the runtime runs them on a blocking thread.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};

use super::{KeySlot, KeyringProblem, SecretStore};
use crate::api::redacted::SigningKey;

/// Signing keys in a keyring-core credential store.
pub struct KeyringStore {
    store: Arc<CredentialStore>,
}

impl KeyringStore {
    /// The platform's keyring: Secret Service (Linux), Keychain (macOS), Credential Manager (Windows).
    pub fn platform() -> Result<Self, KeyringProblem> {
        platform_store().map(|store| Self { store })
    }

    /// keyring-core's in-memory mock store, for tests: nothing leaves the process.
    pub fn in_memory() -> Result<Self, KeyringProblem> {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new()?;
        Ok(Self { store })
    }

    fn entry(&self, slot: &KeySlot) -> Result<Entry, KeyringProblem> {
        Ok(self.store.build(&slot.service, &slot.account, None)?)
    }
}

impl std::fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyringStore").field("vendor", &self.store.vendor()).finish()
    }
}

impl SecretStore for KeyringStore {
    fn store(&self, slot: &KeySlot, key: &SigningKey) -> Result<(), KeyringProblem> {
        self.entry(slot)?.set_password(key.expose())?;
        // Read it back: a keyring that silently drops writes must not cost the customer their only copy.
        let stored = self.load(slot)?;
        if stored == *key {
            Ok(())
        } else {
            Err(KeyringProblem::Refused { detail: "the key read back differs from the key written".into() })
        }
    }

    fn load(&self, slot: &KeySlot) -> Result<SigningKey, KeyringProblem> {
        let password = zeroize::Zeroizing::new(self.entry(slot)?.get_password()?);
        Ok(SigningKey::new(password.as_str()))
    }

    fn delete(&self, slot: &KeySlot) -> Result<(), KeyringProblem> {
        match self.entry(slot)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    fn probe(&self) -> Result<(), KeyringProblem> {
        // A look-up is not enough: a locked Secret Service collection answers "no such item" without unlocking. Writing
        // goes to the collection the keys go to, and makes the platform ask the person to unlock it (its own dialog).
        // Its own name each time: two copies of the app (or two tests) probing at once must not read each other's.
        let marker = uuid::Uuid::new_v4().simple().to_string();
        let probe = KeySlot { service: super::slot::SERVICE.to_owned(), account: format!("{PROBE_PREFIX}{marker}") };
        // Deleted whatever the write said: a read-back that differed still left an item behind.
        let stored = self.store(&probe, &SigningKey::new(marker.as_str()));
        let deleted = self.delete(&probe);
        stored.and(deleted)
    }
}

/// The keyring account prefix of probe items: each written, read back and deleted before anything irreversible is
/// sent.
const PROBE_PREFIX: &str = "probe/write-check/";

#[cfg(target_os = "linux")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyringProblem> {
    let store: Arc<CredentialStore> = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyringProblem> {
    let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "windows")]
fn platform_store() -> Result<Arc<CredentialStore>, KeyringProblem> {
    let store: Arc<CredentialStore> = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_store() -> Result<Arc<CredentialStore>, KeyringProblem> {
    Err(KeyringProblem::Unavailable { detail: "this platform has no supported keyring".into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Environment;

    #[test]
    fn in_memory_store_round_trips_and_deletes() {
        let store = KeyringStore::in_memory().expect("mock store");
        let slot = KeySlot::customer(&Environment::default(), &"org-1".into());
        assert_eq!(store.load(&slot), Err(KeyringProblem::Missing));
        store.store(&slot, &SigningKey::new("a1b2")).expect("stores");
        assert_eq!(store.load(&slot).expect("loads").expose(), "a1b2");
        store.delete(&slot).expect("deletes");
        assert_eq!(store.load(&slot), Err(KeyringProblem::Missing));
        store.delete(&slot).expect("deleting nothing is fine");
        store.probe().expect("mock store is usable");
    }

    #[test]
    fn the_probe_writes_reads_back_and_leaves_nothing() {
        let store = KeyringStore::in_memory().expect("mock store");
        store.probe().expect("usable");
        let left = store.store.search(&std::collections::HashMap::from([("service", super::super::slot::SERVICE)]));
        let left: Vec<_> = left.expect("searches").into_iter().filter(|e| e.get_password().is_ok()).collect();
        assert!(left.is_empty(), "the probe item is deleted");
    }

    #[test]
    fn debug_shows_the_vendor_not_keys() {
        let store = KeyringStore::in_memory().expect("mock store");
        assert!(format!("{store:?}").contains("Mock store"));
    }
}
