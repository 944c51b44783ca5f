//! Closing the app after the organisation exists and starting it again, with the real runtime, progress file and
//! keyring store: the organisation comes back, its key is found, and nothing typed that is not secret is lost.

use std::sync::Arc;

use bankfeeds_onboard::secrets::{KeyringStore, SecretStore as _};
use bankfeeds_onboard::wizard::{KeyPhase, OnboardedIntent, Step};

use crate::support::{self, Driver};

#[test]
fn a_restart_shows_the_onboarded_organisation_and_finds_its_key() {
    let secrets = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut first = Driver::new(support::runtime(&secrets, data_dir.path()));
    first.onboard("RESTART-CUSTOMER");
    let Step::Onboarded(onboarded) = first.wizard.step().clone() else { unreachable!("onboard ends there") };
    first.drain();
    first.runtime.shutdown();

    let mut second = Driver::new(support::runtime(&secrets, data_dir.path()));
    second.runtime.restore();
    second.settle(
        "the restored organisation with its key",
        |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Stored),
    );
    let Step::Onboarded(restored) = second.wizard.step() else { unreachable!("settled above") };
    assert_eq!(restored.organisation, onboarded.organisation);
    assert_eq!(second.wizard.session().licence.fields[0].value, "RESTART-CUSTOMER");
    assert_eq!(second.wizard.session().organisation.company_name, "Acme");

    // Without its key (deleted from the keyring meanwhile) the organisation is still shown, and the reason given.
    secrets.delete(&onboarded.organisation.key_slot()).expect("deletes");
    second.runtime.shutdown();
    let mut third = Driver::new(support::runtime(&secrets, data_dir.path()));
    third.runtime.restore();
    third.settle(
        "the restored organisation without its key",
        |w| matches!(w.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::Missing(_))),
    );
    third.send(OnboardedIntent::VerifyConnection);
    assert_matches!(third.wizard.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::Missing(_)),
        "nothing to verify with"
    );
    third.runtime.shutdown();
}

/// Waits until the progress file holds `text`, or fails after the support's patience.
fn wait_for_saved(dir: &std::path::Path, text: &str) {
    let saved = || std::fs::read_to_string(dir.join("progress.json")).is_ok_and(|saved| saved.contains(text));
    support::eventually(&format!("{text} saved"), || saved().then_some(()), String::new);
}

#[test]
fn what_is_typed_is_saved_as_it_is_typed_and_comes_back_on_its_screen() {
    use egui_kittest::kittest::Queryable as _;

    let test = support::test_app();
    let (secrets, data_dir) = (Arc::clone(&test.secrets), test.data_dir);
    let mut harness = support::harness(test.app);
    harness.step();
    support::press(&mut harness, "Continue");
    support::run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    support::type_into(&mut harness, "Serial", "TYPED-NOT-SENT");
    // Nothing was sent or pressed since: the serial is saved because it was typed.
    wait_for_saved(data_dir.path(), "TYPED-NOT-SENT");
    drop(harness);

    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app);
    support::run_until(&mut harness, "the licence step again", |w| {
        matches!(w.step(), Step::Licence(_)) && w.session().licence.fields[0].value == "TYPED-NOT-SENT"
    });
    assert!(harness.query_by_label("Check the licence with Sage").is_some());
}
