//! A keyring that refuses the customer's key: the person is told, the key stays in memory only (never a file), and
//! once the keyring is unlocked, Try again stores it and onboarding completes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore};
use bankfeeds_onboard::wizard::{Event, KeyPhase, Step};

use crate::support::{self, Driver, files_text};

/// The in-memory keyring behind a lock this test opens: while locked, writes fail as a locked Secret Service's do.
struct LockableKeyring {
    inner: KeyringStore,
    locked: AtomicBool,
}

impl SecretStore for LockableKeyring {
    fn store(&self, slot: &KeySlot, key: &SigningKey) -> Result<(), KeyringProblem> {
        if self.locked.load(Ordering::SeqCst) {
            return Err(KeyringProblem::Locked { detail: "the collection is locked".into() });
        }
        self.inner.store(slot, key)
    }
    fn load(&self, slot: &KeySlot) -> Result<SigningKey, KeyringProblem> {
        self.inner.load(slot)
    }
    fn delete(&self, slot: &KeySlot) -> Result<(), KeyringProblem> {
        self.inner.delete(slot)
    }
    fn probe(&self) -> Result<(), KeyringProblem> {
        self.inner.probe()
    }
}

#[test]
fn a_locked_keyring_keeps_the_key_in_memory_until_it_is_unlocked() {
    let keyring = Arc::new(LockableKeyring {
        inner: KeyringStore::in_memory().expect("mock keyring"),
        locked: AtomicBool::new(false),
    });
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut driver = Driver::new(support::runtime_on(Arc::clone(&keyring) as Arc<dyn SecretStore>, data_dir.path()));
    // The keyring works when checked at the start, then is locked before the key comes back.
    driver.send(Event::Continue);
    driver.settle("the licence step", |w| matches!(w.step(), Step::Licence(_)));
    keyring.locked.store(true, Ordering::SeqCst);
    driver.send(Event::Back);
    driver.onboard_from_environment(
        "LOCKED-KEYRING",
        |w| matches!(w.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::NotStored { .. })),
    );
    driver.drain();

    let Step::Onboarded(step) = driver.wizard.step().clone() else { unreachable!("settled above") };
    let KeyPhase::NotStored { key, problem } = &step.phase else { unreachable!("settled above") };
    assert!(matches!(problem, KeyringProblem::Locked { .. }));
    let on_disk = files_text(data_dir.path());
    assert!(on_disk.contains(step.organisation.organisation_id.as_str()), "the organisation is recorded");
    assert!(!on_disk.contains(key.expose()), "the key is never written to a file");
    assert!(matches!(keyring.load(&step.organisation.key_slot()), Err(KeyringProblem::Missing)));

    keyring.locked.store(false, Ordering::SeqCst);
    driver.send(Event::RetryKeyStore);
    driver.settle("a verified connection", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    assert_eq!(keyring.load(&step.organisation.key_slot()).expect("stored now"), *key);
    driver.runtime.shutdown();
}
