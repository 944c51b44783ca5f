//! A keyring that refuses the customer's key: the person is told, the key stays in memory only (never a file), and
//! once the keyring is unlocked, Try again stores it and onboarding completes.

use std::sync::Arc;

use bankfeeds_onboard::secrets::{KeyringProblem, SecretStore};
use bankfeeds_onboard::wizard::{Intent, KeyPhase, OnboardedIntent, Step};

use crate::support::{self, Driver, LockableKeyring, files_text};

#[test]
fn a_locked_keyring_keeps_the_key_in_memory_until_it_is_unlocked() {
    // The probe passes: this keyring takes a probe item, then refuses the key itself.
    let keyring = LockableKeyring::refusing_after_the_probe();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut driver = Driver::new(support::runtime_on(Arc::clone(&keyring) as Arc<dyn SecretStore>, data_dir.path()));
    // The keyring works when checked at the start, then is locked before the key comes back.
    driver.send(Intent::Continue);
    driver.settle("the licence step", |w| matches!(w.step(), Step::Licence(_)));
    keyring.set_locked(true);
    driver.send(Intent::Back);
    driver.onboard_from_environment(
        "LOCKED-KEYRING",
        |w| matches!(w.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::NotStored { .. })),
    );
    driver.drain();

    let Step::Onboarded(step) = driver.wizard.step().clone() else { unreachable!("settled above") };
    let KeyPhase::NotStored { key, problem } = &step.phase else { unreachable!("settled above") };
    assert_matches!(problem, KeyringProblem::Locked { .. });
    let on_disk = files_text(data_dir.path());
    assert!(on_disk.contains(step.organisation.organisation_id.as_str()), "the organisation is recorded");
    assert!(!on_disk.contains(key.expose()), "the key is never written to a file");
    assert_matches!(keyring.load(&step.organisation.key_slot()), Err(KeyringProblem::Missing));

    keyring.set_locked(false);
    driver.send(OnboardedIntent::StoreKeyAgain);
    driver.settle("a verified connection", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    assert_eq!(keyring.load(&step.organisation.key_slot()).expect("stored now"), *key);
    driver.runtime.shutdown();
}
