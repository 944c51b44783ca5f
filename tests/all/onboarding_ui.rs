//! The whole app in `egui_kittest` on the in-process emulator (keyring-core's mock keyring): from the first screen to
//! "organisation onboarded", found by labels, typed and clicked as a person would; and the 409 path on the prod profile.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::secrets::SecretStore as _;
use bankfeeds_onboard::ui::{WizardApp, words};
use bankfeeds_onboard::wizard::{CaptchaFetch, CreatePhase, CreateProblem, KeyPhase, Step};

use crate::support::{self, CAPTCHA_TEXT, fill_organisation_form, press, run_until, type_into};

/// From the first screen up to the captcha step, answered. `serial` is typed when given (else the one typed before
/// is kept), and the organisation form is filled for `company`.
pub(crate) fn walk_to_captcha(harness: &mut Harness<'_, WizardApp>, serial: Option<&str>, company: &str) {
    press(harness, "Continue");
    run_until(harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    if let Some(serial) = serial {
        type_into(harness, "Serial", serial);
    }
    press(harness, "Check the licence with Sage");
    run_until(harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    fill_organisation_form(harness, company);
    press(harness, "Continue");
    run_until(
        harness,
        "a captcha image",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );
    type_into(harness, "Characters in the image", CAPTCHA_TEXT);
}

/// Creates the organisation from the captcha step and waits for the access token that proves the stored key.
pub(crate) fn create_and_verify(harness: &mut Harness<'_, WizardApp>) {
    press(harness, "Create organisation");
    run_until(
        harness,
        "a verified connection",
        |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified),
    );
}

#[test]
fn first_screen_to_organisation_onboarded() {
    let test = support::test_app();
    let secrets = test.secrets.clone();
    let data_dir = test.data_dir.path().to_path_buf();
    let mut harness = support::harness(test.app);
    harness.step();
    assert!(harness.query_by_label("Local emulator: no account, no network, no real bank").is_some());

    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    create_and_verify(&mut harness);

    let Step::Onboarded(step) = harness.state().wizard().step().clone() else { unreachable!("checked above") };
    assert!(harness.query_by_label("Organisation onboarded").is_some());
    assert!(harness.query_by_label(step.organisation.organisation_id.as_str()).is_some(), "the ID is on screen");
    assert!(harness.query_by_label("Connection verified").is_some());
    let key = secrets.load(&step.organisation.key_slot()).expect("the keyring holds the customer's key");
    assert_eq!(key.expose().len(), 64);
    assert!(key.expose().chars().all(|c| c.is_ascii_hexdigit()));
    // Progress is saved in the background, after the keyring confirmed; under load it may land after the screen.
    let saved = support::eventually(
        "the organisation in the progress file",
        || {
            let saved = std::fs::read_to_string(data_dir.join("progress.json")).unwrap_or_default();
            saved.contains(step.organisation.organisation_id.as_str()).then_some(saved)
        },
        String::new,
    );
    assert!(!saved.contains(key.expose()));
    harness.into_state().shutdown();
}

#[test]
fn limit_reached_on_the_prod_profile_is_explained_and_not_retried() {
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.step();
    press(&mut harness, "Production (1)");
    // The first organisation of this customer takes the prod profile's only place...
    walk_to_captcha(&mut harness, Some("PROD-CUSTOMER-1"), "Acme Widgets");
    create_and_verify(&mut harness);
    // ...so a second one for the same customer (the serial is kept as typed) answers 409.
    press(&mut harness, "Onboard another organisation");
    run_until(&mut harness, "the first step again", |w| matches!(w.step(), Step::Environment(_)));
    walk_to_captcha(&mut harness, None, "Acme Second");
    press(&mut harness, "Create organisation");
    run_until(
        &mut harness,
        "the 409 explanation",
        |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::LimitReached { limit: Some(1), .. }))),
    );
    let title = harness.get_by_label("This customer has reached its organisation limit");
    let live = title.accesskit_node().live();
    assert_eq!(live, egui::accesskit::Live::Polite, "a screen reader announces what happened");
    assert!(harness.query_by_label("Retry").is_none(), "no retry is offered for a limit");
    assert_eq!(harness.state().wizard().session().organisations.len(), 1);
    harness.into_state().shutdown();
}

#[test]
fn a_test_serial_button_fills_the_serial_and_not_a_customer_returns_to_the_licence() {
    use bankfeeds_onboard::wizard::{LicenceReason, LicenceStep};
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.step();
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    press(&mut harness, "NOT-A-CUSTOMER");
    assert_eq!(harness.state().wizard().session().licence.fields[0].value, "NOT-A-CUSTOMER");
    press(&mut harness, "Check the licence with Sage");
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    fill_organisation_form(&mut harness, "Acme Widgets");
    press(&mut harness, "Continue");
    run_until(
        &mut harness,
        "a captcha image",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );
    type_into(&mut harness, "Characters in the image", CAPTCHA_TEXT);
    press(&mut harness, "Create organisation");
    run_until(&mut harness, "the licence step with a reason", |w| {
        matches!(w.step(), Step::Licence(LicenceStep { reason: Some(LicenceReason::NotACustomer { .. }), .. }))
    });
    assert!(harness.query_by_label("Sage does not recognise these licence details as a valid customer's").is_some());
    assert_eq!(harness.state().wizard().session().organisation.company_name, "Acme Widgets", "the form is kept");
    harness.into_state().shutdown();
}

#[test]
fn a_web_product_signs_with_the_application_key_and_skips_licence_and_captcha() {
    let test = support::test_app();
    let secrets = test.secrets.clone();
    let mut harness = support::harness(test.app);
    harness.step();
    press(&mut harness, "Web (trusted) product: signed with the application key");
    press(&mut harness, "Continue");
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    let settings = harness.state().wizard().session().settings.clone();
    assert!(secrets.load(&settings.application_key_slot()).is_ok(), "the emulator's application key is in the keyring");
    fill_organisation_form(&mut harness, "Acme Web");
    create_and_verify(&mut harness);
    assert_eq!(harness.state().wizard().session().organisations.len(), 1);
    harness.into_state().shutdown();
}

#[test]
fn a_lost_answer_on_production_ends_on_the_409_with_a_support_reference_to_copy() {
    use bankfeeds_onboard::api::{Fault, FaultEndpoint, FaultKind, Scenario};
    let fault = Fault::times(FaultEndpoint::CreateOrganisation, FaultKind::ResetMidResponse, 1);
    let scenario = Scenario { fault: Some(fault), ..Scenario::default() };
    let test =
        support::test_app_with(bankfeeds_onboard::emulator::EmulatorConfig { scenario, ..support::test_emulator() });
    let mut harness = support::harness(test.app);
    harness.step();
    press(&mut harness, "Production (1)");
    walk_to_captcha(&mut harness, Some("PROD-CUSTOMER-2"), "Acme Widgets");
    press(&mut harness, "Create organisation");
    run_until(
        &mut harness,
        "the lost answer",
        |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::Transient(_)))),
    );
    assert!(harness.query_by_label("Could not reach the Banking Service").is_some(), "the failure in words");
    press(&mut harness, "Retry");
    // The organisation was made and its captcha spent: the retry is asked for a new image, then meets the limit.
    run_until(&mut harness, "a new captcha or the 409", |w| match w.step() {
        Step::Captcha(s) => matches!(s.captcha, CaptchaFetch::Ready(_)),
        Step::Create(s) => matches!(s.phase, CreatePhase::Failed(CreateProblem::LimitReached { .. })),
        _ => false,
    });
    if matches!(harness.state().wizard().step(), Step::Captcha(_)) {
        type_into(&mut harness, "Characters in the image", CAPTCHA_TEXT);
        press(&mut harness, "Create organisation");
    }
    run_until(
        &mut harness,
        "the 409 naming the lost attempt",
        |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::LimitReached { lost_answer: Some(_), .. }))),
    );
    assert!(harness.query_by_label("The organisation was most likely created, but its answer was lost").is_some());
    let Step::Create(step) = harness.state().wizard().step() else { unreachable!("checked above") };
    let CreatePhase::Failed(CreateProblem::LimitReached { lost_answer: Some(lost), .. }) = &step.phase else {
        unreachable!("checked above")
    };
    let reference = words::support_reference(lost);
    assert!(reference.starts_with("CRM ID CRM-1001 · "), "{reference}");
    assert!(harness.query_by_label(&reference).is_some(), "the reference is on screen");
    assert!(harness.query_by_label("Copy support reference").is_some(), "with a Copy button named for what it copies");
    assert!(harness.query_by_label("Retry").is_none(), "no retry is offered for a limit");
    harness.into_state().shutdown();
}
