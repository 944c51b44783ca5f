//! Where signing keys live: the OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
//! Windows). `slot` and `problem` are pure data the wizard may name; `keyring_store` does the blocking I/O and is
//! called only from the runtime, off the UI thread. Nothing here ever writes a secret anywhere else.

mod keyring_store;
mod problem;
mod slot;

pub use keyring_store::KeyringStore;
pub use problem::KeyringProblem;
pub use slot::KeySlot;

use crate::api::redacted::SigningKey;

/// A place to keep signing keys. The product uses [`KeyringStore`] on the platform keyring; tests may use it on
/// keyring-core's in-memory mock store.
pub trait SecretStore: Send + Sync {
    /// Writes `key` into `slot`, replacing what was there.
    fn store(&self, slot: &KeySlot, key: &SigningKey) -> Result<(), KeyringProblem>;
    /// Reads the key in `slot`; [`KeyringProblem::Missing`] when there is none.
    fn load(&self, slot: &KeySlot) -> Result<SigningKey, KeyringProblem>;
    /// Removes the key in `slot`; succeeds when there was none.
    fn delete(&self, slot: &KeySlot) -> Result<(), KeyringProblem>;
    /// Proves the store can keep a key now, before anything irreversible is sent: writes a probe item where keys go,
    /// reads it back and deletes it. On a locked keyring this is what makes the platform ask the person to unlock it.
    fn probe(&self) -> Result<(), KeyringProblem>;
}
