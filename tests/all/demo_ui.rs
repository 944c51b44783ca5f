//! Demo mode in `egui_kittest`: the banner says the emulator has no real bank; Reset demo, once confirmed, deletes
//! the organisation's key and the emulator's saved state, and a customer who used up the prod profile's one
//! organisation can be onboarded again from the first step.

use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::secrets::{KeyringProblem, SecretStore as _};
use bankfeeds_onboard::wizard::{CaptchaFetch, Step};

use crate::onboarding_ui::{create_and_verify, walk_to_captcha};
use crate::support::{self, CAPTCHA_TEXT, press, run_until, type_into};

#[test]
fn reset_demo_forgets_the_organisation_its_key_and_the_saved_state_then_onboarding_works_again() {
    let test = support::test_app();
    let (secrets, data_dir) = (test.secrets.clone(), test.data_dir.path().to_path_buf());
    let mut harness = support::harness(test.app);
    harness.step();
    assert!(harness.query_by_label("Local emulator — no real bank").is_some(), "the demo banner is shown");
    press(&mut harness, "Production (1)");
    walk_to_captcha(&mut harness, Some("PROD-CUSTOMER-1"), "Acme Widgets");
    create_and_verify(&mut harness);
    let organisation = harness.state().wizard().session().organisations[0].clone();
    assert!(secrets.load(&organisation.key_slot()).is_ok());
    let state_file = data_dir.join("emulator-prod.json");
    let files: Vec<_> = std::fs::read_dir(&data_dir).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert!(state_file.exists(), "the emulator saved its world: {files:?}");

    press(&mut harness, "Reset demo…");
    harness.run_steps(2);
    assert!(harness.query_by_label("Reset the demo?").is_some(), "a confirmation comes first");
    press(&mut harness, "Cancel");
    assert_eq!(harness.state().wizard().session().organisations.len(), 1, "cancel changes nothing");
    press(&mut harness, "Reset demo…");
    harness.run_steps(2);
    press(&mut harness, "Reset demo");
    run_until(&mut harness, "the first step again", |w| {
        matches!(w.step(), Step::Environment(_)) && w.session().demo.outcome.is_some()
    });
    assert!(
        harness.query_by_label("Demo reset: 1 organisations, 1 keys and 1 saved states cleared").is_some(),
        "the banner says what was cleared"
    );
    assert!(harness.state().wizard().session().organisations.is_empty());
    assert_eq!(secrets.load(&organisation.key_slot()).err(), Some(KeyringProblem::Missing), "the key is gone");
    assert!(!state_file.exists(), "the saved state is gone");

    // The prod profile allows one organisation per customer: only a forgotten world lets the same one onboard again.
    // What was typed is still there: the serial and the whole form.
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    press(&mut harness, "Check the licence with Sage");
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    press(&mut harness, "Continue");
    run_until(
        &mut harness,
        "a captcha",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );
    type_into(&mut harness, "Characters in the image", CAPTCHA_TEXT);
    create_and_verify(&mut harness);
    assert_eq!(harness.state().wizard().session().organisations.len(), 1);
    harness.into_state().shutdown();
}
