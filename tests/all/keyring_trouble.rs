//! Keyring trouble after a restart, injected into the keyring the app reads: locked, no Secret Service, no key for
//! the saved organisation, or refused. Each is told with what it means and what to do, and no file of the app's
//! holds the key meanwhile.

use std::sync::Arc;

use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::secrets::{KeySlot, KeyringProblem, KeyringStore, SecretStore};
use bankfeeds_onboard::ui::explain;
use bankfeeds_onboard::wizard::{KeyPhase, Step};

use crate::support::{self, Driver, files_text};

/// The in-memory keyring with `fault` injected: every call fails with it, except that a missing key only fails
/// reads (the keyring itself works).
pub(crate) struct FaultyKeyring {
    inner: KeyringStore,
    fault: KeyringProblem,
}

impl FaultyKeyring {
    /// An in-memory keyring whose every call fails with `fault`.
    pub(crate) fn failing_with(fault: KeyringProblem) -> Self {
        Self { inner: KeyringStore::in_memory().expect("in-memory keyring"), fault }
    }

    fn fail<T>(&self, works: impl FnOnce() -> Result<T, KeyringProblem>, reading: bool) -> Result<T, KeyringProblem> {
        match &self.fault {
            KeyringProblem::Missing if !reading => works(),
            fault => Err(fault.clone()),
        }
    }
}

impl SecretStore for FaultyKeyring {
    fn store(&self, slot: &KeySlot, key: &SigningKey) -> Result<(), KeyringProblem> {
        self.fail(|| self.inner.store(slot, key), false)
    }
    fn load(&self, slot: &KeySlot) -> Result<SigningKey, KeyringProblem> {
        self.fail(|| self.inner.load(slot), true)
    }
    fn delete(&self, slot: &KeySlot) -> Result<(), KeyringProblem> {
        self.fail(|| self.inner.delete(slot), false)
    }
    fn probe(&self) -> Result<(), KeyringProblem> {
        self.fail(|| self.inner.probe(), false)
    }
}

#[test]
fn each_keyring_fault_after_a_restart_is_told_with_what_to_do_and_no_file_holds_the_key() {
    let faults = [
        (KeyringProblem::Locked { detail: "the collection is locked".into() }, "Unlock"),
        (KeyringProblem::Unavailable { detail: "no Secret Service on the bus".into() }, "install"),
        (KeyringProblem::Missing, "onboard it again"),
        (KeyringProblem::Refused { detail: "access denied".into() }, "Try again"),
    ];
    for (fault, advice) in faults {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let keyring = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
        let mut first = Driver::new(support::runtime(&keyring, data_dir.path()));
        first.onboard("KEYRING-TROUBLE");
        let Step::Onboarded(onboarded) = first.wizard.step().clone() else { unreachable!("onboarded") };
        let key = keyring.load(&onboarded.organisation.key_slot()).expect("stored");
        first.drain();
        first.runtime.shutdown();

        let troubled =
            Arc::new(FaultyKeyring { inner: KeyringStore::in_memory().expect("mock"), fault: fault.clone() });
        let mut second = Driver::new(support::runtime_on(troubled as Arc<dyn SecretStore>, data_dir.path()));
        second.runtime.restore();
        second.settle("the fault told", |w| {
            let keyring_phase = matches!(w.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::Missing(_)));
            keyring_phase || w.session().connect_problem.is_some()
        });
        let told = match second.wizard.step() {
            Step::Onboarded(s) if matches!(s.phase, KeyPhase::Missing(_)) => match &s.phase {
                KeyPhase::Missing(problem) => explain::keyring(problem),
                _ => unreachable!("matched above"),
            },
            _ => explain::connect(second.wizard.session().connect_problem.as_ref().expect("a connect problem")),
        };
        assert!(told.body.contains(advice), "{fault:?} is told with \"{advice}\": {told:?}");
        assert!(!files_text(data_dir.path()).contains(key.expose()), "{fault:?}: no file holds the key");
        second.drain();
        second.runtime.shutdown();
    }
}
