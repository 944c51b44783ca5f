//! Wizard transitions: feed events, assert on (step, effects). Every answer of POST organisation, Back and Retry
//! keeping what was typed, stale answers dropped, and no secret in what is saved.

use std::sync::Arc;

use jiff::Timestamp;

use super::*;
use crate::api::assumed::{TokenRequestAccepted, codes};
use crate::api::error::Failure;
use crate::api::models::CreatedOrganisation;
use crate::api::redacted::SigningKey;
use crate::config::{Endpoints, Environment, Profile, Region};
use crate::secrets::KeyringProblem;

const KEY: &str = "5f2d0c8e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d";

fn request_of(effect: &Effect) -> RequestId {
    effect.request().expect("an effect answered with a request ID")
}

fn only(effects: &[Effect]) -> &Effect {
    let requests: Vec<&Effect> = effects.iter().filter(|e| !matches!(e, Effect::SaveProgress(_))).collect();
    assert_eq!(requests.len(), 1, "expected one request effect, got {effects:?}");
    requests[0]
}

fn endpoints() -> Endpoints {
    Endpoints {
        banking: url::Url::parse("http://127.0.0.1:9/api/v1/").expect("url"),
        token_service: url::Url::parse("http://127.0.0.1:9/sts/api/v1/").expect("url"),
    }
}

fn status(status: u16, code: &str) -> Failure {
    Failure::Status { status, code: Some(code.into()), message: Some(format!("{code} said")), retry_after: None }
}

fn accepted() -> TokenRequestAccepted {
    TokenRequestAccepted { request_id: "tr-1".into(), expires_at: Timestamp::UNIX_EPOCH }
}

fn captcha(id: &str) -> CaptchaImage {
    CaptchaImage {
        id: id.into(),
        png: Arc::from(&b"png"[..]),
        expires_at: Timestamp::UNIX_EPOCH,
        service_clock_ahead: jiff::SignedDuration::ZERO,
    }
}

fn fill_form(wizard: &mut Wizard) {
    let form = &mut wizard.session_mut().organisation;
    form.company_name = "Acme Widgets".into();
    form.postal_code = "NE13 9AA".into();
    form.industrial_code = "62012".into();
    form.vat_number = "GB123456789".into();
    form.crm_id = "CRM-1".into();
    form.email = "ada@acme.test".into();
    form.identity = "1001".into();
}

fn connect(wizard: &mut Wizard) -> Vec<Effect> {
    let effects = wizard.update(Intent::Continue);
    let request = request_of(only(&effects));
    wizard.update(Answer::Connected { request, result: Ok(Connection { endpoints: endpoints() }) })
}

/// A desktop wizard on the local emulator's QA profile, on the captcha step with image `c-1` ready and the answer typed.
fn at_captcha() -> Wizard {
    at_captcha_in(Environment::Local(Profile::Qa))
}

/// A desktop wizard in `environment`, on the captcha step with image `c-1` ready and the answer typed.
fn at_captcha_in(environment: Environment) -> Wizard {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(environment));
    connect(&mut wizard);
    wizard.session_mut().licence.fields[0].value = "ACTIVE".into();
    let effects = wizard.update(LicenceIntent::Send);
    wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Ok(accepted()) });
    fill_form(&mut wizard);
    let effects = wizard.update(Intent::Continue);
    wizard.update(Answer::CaptchaFetched { request: request_of(only(&effects)), result: Ok(captcha("c-1")) });
    *wizard.session_mut().captcha_answer = "x7k2p".into();
    wizard
}

/// Creates from the captcha step and answers POST organisation with `result`.
fn create_answered(wizard: &mut Wizard, result: Result<CreatedOrganisation, Failure>) -> Vec<Effect> {
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    let request = request_of(only(&effects));
    wizard.update(Answer::OrganisationCreated { request, at: Timestamp::UNIX_EPOCH, result })
}

/// A wizard restarted from progress holding organisation `org-9`, whose key the keyring was found to hold; and the
/// effects of the restart (`CheckKey`, then `Connect`).
/// An organisation onboarded on `environment` as `id`, for tests that mix environments.
fn organisation(environment: Environment, id: &str) -> OnboardedOrganisation {
    OnboardedOrganisation {
        environment,
        product_id: crate::config::TEST_PRODUCT_ID.into(),
        organisation_id: id.into(),
        company_ids: vec!["co".into()],
        company_name: "Acme".into(),
        created_at: Timestamp::UNIX_EPOCH,
    }
}

fn restored_with_key() -> (Wizard, Vec<Effect>) {
    let mut wizard = Wizard::new();
    let organisation = OnboardedOrganisation {
        environment: Environment::default(),
        product_id: crate::config::TEST_PRODUCT_ID.into(),
        organisation_id: "org-9".into(),
        company_ids: vec!["co-9".into()],
        company_name: "Acme".into(),
        created_at: Timestamp::UNIX_EPOCH,
    };
    let progress =
        Progress { organisations: vec![organisation], screen: Some(Screen::Onboarded), ..Wizard::new().progress() };
    let effects = wizard.update(Answer::Restored(Some(progress)));
    wizard.update(Answer::KeyChecked { request: request_of(&effects[0]), result: Ok(()) });
    (wizard, effects)
}

/// True when `effects` only save progress: nothing goes to a server.
fn nothing_sent(effects: &[Effect]) -> bool {
    effects.iter().all(|effect| matches!(effect, Effect::SaveProgress(_)))
}

fn created() -> CreatedOrganisation {
    CreatedOrganisation { organisation_id: "org-1".into(), companies: vec!["co-1".into()], token: SigningKey::new(KEY) }
}

#[test]
fn continue_from_environment_connects_then_goes_to_licence_and_saves() {
    let mut wizard = Wizard::new();
    let effects = wizard.update(Intent::Continue);
    assert_matches!(only(&effects), Effect::Connect { settings, .. } if settings.environment == Environment::Local(Profile::Qa)
    );
    assert_matches!(wizard.step(), Step::Environment(_));
    let request = request_of(only(&effects));
    let effects = wizard.update(Answer::Connected { request, result: Ok(Connection { endpoints: endpoints() }) });
    assert_matches!(wizard.step(), Step::Licence(_));
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(_)]);
    assert_eq!(wizard.session().connection, Some(endpoints()));
}

#[test]
fn production_needs_a_confirmation_before_anything_is_sent() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(Environment::Production(Region::Eu)));
    wizard.session_mut().settings.identity.product_id = "sage.uk.realproduct".into();
    assert!(wizard.update(Intent::Continue).is_empty());
    assert_matches!(wizard.step(), Step::Environment(step) if step.confirmation_asked);
    wizard.session_mut().live_confirmed = true;
    assert_matches!(only(&wizard.update(Intent::Continue)), Effect::Connect { .. });
}

#[test]
fn a_failed_connection_stays_on_the_environment_step_and_stale_answers_are_dropped() {
    let mut wizard = Wizard::new();
    let request = request_of(only(&wizard.update(Intent::Continue)));
    let stale = RequestId(request.0 + 100);
    assert!(
        wizard
            .update(Answer::Connected { request: stale, result: Ok(Connection { endpoints: endpoints() }) })
            .is_empty()
    );
    assert_matches!(wizard.step(), Step::Environment(_));
    let problem = ConnectProblem::Keyring(KeyringProblem::Unavailable { detail: "no dbus".into() });
    wizard.update(Answer::Connected { request, result: Err(problem.clone()) });
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().connect_problem, Some(problem));
}

#[test]
fn the_test_product_id_is_refused_on_production() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(Environment::Production(Region::Us)));
    wizard.session_mut().live_confirmed = true;
    assert!(wizard.update(Intent::Continue).is_empty());
    assert_eq!(wizard.identity_problem(), Some(IdentityProblem::TestProductIdOnProduction));
    wizard.session_mut().settings.identity.product_id = "sage.uk.realproduct".into();
    assert_matches!(only(&wizard.update(Intent::Continue)), Effect::Connect { .. });
}

#[test]
fn an_empty_product_id_blocks_continue_with_a_reason() {
    let mut wizard = Wizard::new();
    wizard.session_mut().settings.identity.product_id = " ".into();
    assert!(wizard.update(Intent::Continue).is_empty());
    assert_eq!(wizard.identity_problem(), Some(IdentityProblem::ProductId));
    wizard.session_mut().settings.identity.product_id = "sage.uk.myproduct".into();
    wizard.session_mut().settings.identity.provider_id = "integrate.my\tprovider".into();
    assert!(wizard.update(Intent::Continue).is_empty());
    assert_eq!(wizard.identity_problem(), Some(IdentityProblem::ProviderId));
}

#[test]
fn licence_needs_a_serial_and_a_failure_keeps_what_was_typed() {
    let mut wizard = Wizard::new();
    connect(&mut wizard);
    assert!(wizard.update(LicenceIntent::Send).is_empty());
    assert_matches!(wizard.step(), Step::Licence(step) if step.show_problems);
    wizard.session_mut().licence.fields[0].value = "ACTIVE".into();
    let effects = wizard.update(LicenceIntent::Send);
    assert_matches!(only(&effects), Effect::RequestToken { licence, .. } if licence.serial() == Some("ACTIVE"));
    let failure = Failure::Unreachable { detail: "connection refused".into() };
    wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Err(failure.clone()) });
    assert_matches!(wizard.step(), Step::Licence(step) if step.failure == Some(failure.clone()) && step.sending.is_none()
    );
    assert_eq!(wizard.session().licence.fields[0].value, "ACTIVE");
    wizard.update(Intent::Back);
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().licence.fields[0].value, "ACTIVE");
}

#[test]
fn an_invalid_form_shows_its_problems_and_a_valid_one_fetches_a_captcha() {
    let mut wizard = Wizard::new();
    connect(&mut wizard);
    wizard.session_mut().licence.fields[0].value = "ACTIVE".into();
    let effects = wizard.update(LicenceIntent::Send);
    let effects = wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Ok(accepted()) });
    assert_matches!(wizard.step(), Step::Organisation(step) if !step.show_problems);
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(_)]);
    assert!(wizard.update(Intent::Continue).is_empty());
    assert_matches!(wizard.step(), Step::Organisation(step) if step.show_problems);
    fill_form(&mut wizard);
    let effects = wizard.update(Intent::Continue);
    assert_matches!(only(&effects), Effect::FetchCaptcha { .. });
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveProgress(p) if p.organisation.company_name == "Acme Widgets"))
    );
}

#[test]
fn create_needs_an_answer_then_sends_licence_and_captcha() {
    let mut wizard = at_captcha();
    wizard.session_mut().captcha_answer = zeroize::Zeroizing::new(String::new());
    assert!(wizard.update(CaptchaIntent::CreateOrganisation).is_empty());
    assert_matches!(wizard.step(), Step::Captcha(step) if step.answer_missing);
    *wizard.session_mut().captcha_answer = " x7k2p ".into();
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    let Effect::CreateOrganisation { body, application_key, .. } = only(&effects) else { panic!("{effects:?}") };
    assert_eq!(application_key, &None);
    assert_eq!(body.licence_details.as_ref().and_then(|l| l.serial()), Some("ACTIVE"));
    let solution = body.captcha.as_ref().expect("captcha sent");
    assert_eq!((solution.captcha_id.as_str(), solution.answer.expose()), ("c-1", "x7k2p"));
    assert_eq!(body.company.name, "Acme Widgets");
}

#[test]
fn success_stores_the_key_before_anything_else_then_saves_and_verifies() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(created()));
    assert_eq!(effects.len(), 1, "the keyring write comes first and alone: {effects:?}");
    let Effect::StoreKey { request, slot, key } = &effects[0] else { panic!("{effects:?}") };
    assert_eq!(key.expose(), KEY);
    assert_eq!(slot.account, "local-qa/organisation/org-1");
    let effects = wizard.update(Answer::KeyStored { request: *request, result: Ok(()) });
    let Effect::SaveProgress(progress) = &effects[0] else { panic!("save first: {effects:?}") };
    assert_eq!(progress.organisations[0].organisation_id.as_str(), "org-1");
    let Effect::FetchAccessToken { request, company, .. } = &effects[1] else { panic!("{effects:?}") };
    assert_eq!(company.as_str(), "co-1");
    wizard.update(Answer::AccessTokenFetched { request: *request, result: Ok(()) });
    assert_matches!(wizard.step(), Step::Onboarded(step) if step.phase == KeyPhase::Verified);
    assert!(wizard.session().captcha_answer.is_empty());
}

#[test]
fn a_keyring_that_refuses_keeps_the_key_in_memory_and_can_try_again() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(created()));
    let problem = KeyringProblem::Locked { detail: "collection is locked".into() };
    let effects = wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Err(problem.clone()) });
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p)] if p.organisations.len() == 1);
    assert_matches!(wizard.step(), Step::Onboarded(OnboardedStep { phase: KeyPhase::NotStored { problem: p, .. }, .. }) if *p == problem
    );
    let held = wizard.key_only_in_memory().expect("a close would lose the key");
    assert_eq!((held.organisation.organisation_id.as_str(), held.problem), ("org-1", Some(&problem)));
    let effects = wizard.update(OnboardedIntent::StoreKeyAgain);
    assert_matches!(only(&effects), Effect::StoreKey { key, .. } if key.expose() == KEY);
    assert!(wizard.key_only_in_memory().is_some_and(|held| held.problem.is_none()), "still only in memory");
    assert!(wizard.update(Intent::StartOver).is_empty(), "cannot leave while the key is only in memory");
    wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Ok(()) });
    assert!(wizard.key_only_in_memory().is_none(), "nothing to lose once the keyring has it");
}

#[test]
fn not_requested_licence_offers_to_send_it_now_then_asks_a_new_captcha() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Err(status(404, codes::LICENCE_NOT_REQUESTED)));
    assert!(nothing_sent(&effects), "{effects:?}");
    assert_matches!(wizard.step(), Step::Create(step) if step.phase == CreatePhase::Failed(CreateProblem::LicenceNotRequested));
    let effects = wizard.update(CaptchaIntent::SendLicenceNow);
    assert_matches!(only(&effects), Effect::RequestToken { .. });
    let effects = wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Ok(accepted()) });
    assert_matches!(only(&effects), Effect::FetchCaptcha { .. });
    assert_matches!(wizard.step(), Step::Captcha(step) if step.notice == Some(CaptchaNotice::LicenceSent));
    assert_eq!(wizard.session().organisation.company_name, "Acme Widgets");
}

#[test]
fn not_a_customer_returns_to_the_licence_with_the_reason() {
    let mut wizard = at_captcha();
    create_answered(&mut wizard, Err(status(400, codes::NOT_A_CUSTOMER)));
    assert_matches!(
        wizard.step(),
        Step::Licence(LicenceStep { reason: Some(LicenceReason::NotACustomer { message: Some(_) }), .. })
    );
    assert_eq!(wizard.session().licence.fields[0].value, "ACTIVE");
    assert_eq!(wizard.session().organisation.email, "ada@acme.test");
}

#[test]
fn a_wrong_captcha_fetches_a_new_image_and_keeps_the_form() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Err(status(400, codes::CAPTCHA_WRONG)));
    assert_matches!(only(&effects), Effect::FetchCaptcha { .. });
    assert_matches!(wizard.step(), Step::Captcha(step) if step.notice == Some(CaptchaNotice::WrongAnswer));
    assert!(wizard.session().captcha_answer.is_empty());
    assert_eq!(wizard.session().organisation.company_name, "Acme Widgets");
    let mut wizard = at_captcha();
    create_answered(&mut wizard, Err(status(400, codes::CAPTCHA_EXPIRED)));
    assert_matches!(wizard.step(), Step::Captcha(step) if step.notice == Some(CaptchaNotice::Expired));
}

#[test]
fn limit_reached_names_the_environments_limit_and_never_retries() {
    let mut wizard = at_captcha_in(Environment::Local(Profile::Production));
    let effects = create_answered(&mut wizard, Err(status(409, codes::ORGANISATION_LIMIT)));
    assert!(nothing_sent(&effects), "{effects:?}");
    assert_matches!(wizard.step(), Step::Create(step) if matches!(step.phase, CreatePhase::Failed(CreateProblem::LimitReached { limit: Some(1), .. }))
    );
    assert!(wizard.update(CaptchaIntent::SendOrganisationAgain).is_empty());
}

#[test]
fn transient_failures_offer_a_retry_that_sends_the_same_request() {
    for failure in [
        status(503, codes::INJECTED_FAULT),
        Failure::Unreachable { detail: "reset".into() },
        Failure::TimedOut { seconds: 30 },
    ] {
        let mut wizard = at_captcha();
        let first = wizard.update(CaptchaIntent::CreateOrganisation);
        let request = request_of(only(&first));
        wizard.update(Answer::OrganisationCreated { request, at: Timestamp::UNIX_EPOCH, result: Err(failure.clone()) });
        assert_matches!(wizard.step(), Step::Create(step) if step.phase == CreatePhase::Failed(CreateProblem::Transient(failure.clone()))
        );
        let again = wizard.update(CaptchaIntent::SendOrganisationAgain);
        let (Effect::CreateOrganisation { body: a, .. }, Effect::CreateOrganisation { body: b, request: r2, .. }) =
            (only(&first), only(&again))
        else {
            panic!("{again:?}")
        };
        assert_eq!(a, b);
        assert_ne!(*r2, request);
    }
}

#[test]
fn a_stale_answer_to_post_organisation_is_dropped() {
    let mut wizard = at_captcha();
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    let stale = RequestId(request_of(only(&effects)).0 + 7);
    let dropped =
        wizard.update(Answer::OrganisationCreated { request: stale, at: Timestamp::UNIX_EPOCH, result: Ok(created()) });
    assert!(dropped.is_empty());
    assert_matches!(wizard.step(), Step::Create(step) if matches!(step.phase, CreatePhase::Sending(_)));
}

#[test]
fn back_walks_the_steps_without_losing_anything() {
    let mut wizard = at_captcha();
    wizard.update(Intent::Back);
    assert_matches!(wizard.step(), Step::Organisation(_));
    wizard.update(Intent::Back);
    assert_matches!(wizard.step(), Step::Licence(_));
    wizard.update(Intent::Back);
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().organisation.vat_number, "GB123456789");
    assert_eq!(wizard.session().licence.fields[0].value, "ACTIVE");
}

#[test]
fn web_products_sign_with_the_application_key_and_skip_licence_and_captcha() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::SelectProductKind(ProductKind::Web));
    *wizard.session_mut().application_key_input = "app-key".into();
    let effects = wizard.update(EnvironmentIntent::StoreApplicationKey);
    assert_matches!(only(&effects), Effect::StoreKey { key, slot, .. } if key.expose() == "app-key" && slot.account.contains("/application/")
    );
    wizard.update(Answer::KeyStored { request: request_of(only(&effects)), result: Ok(()) });
    assert!(wizard.session().application_key_input.is_empty());
    connect(&mut wizard);
    assert_matches!(wizard.step(), Step::Organisation(_));
    fill_form(&mut wizard);
    let effects = wizard.update(Intent::Continue);
    let Effect::CreateOrganisation { body, application_key, request } = only(&effects) else { panic!("{effects:?}") };
    assert!(body.licence_details.is_none() && body.captcha.is_none());
    assert!(application_key.is_some());
    wizard.update(Answer::OrganisationCreated {
        request: *request,
        at: Timestamp::UNIX_EPOCH,
        result: Err(status(404, "notFound")),
    });
    assert_matches!(wizard.step(), Step::Create(step) if matches!(step.phase, CreatePhase::Failed(CreateProblem::Rejected(_))));
}

#[test]
fn restart_with_an_organisation_shows_it_and_checks_the_keyring() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(created()));
    let effects = wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Ok(()) });
    let Effect::SaveProgress(progress) = effects[0].clone() else { panic!("{effects:?}") };

    let mut restarted = Wizard::new();
    let effects = restarted.update(Answer::Restored(Some(progress)));
    let Step::Onboarded(step) = restarted.step() else { panic!("{:?}", restarted.step()) };
    assert_eq!(step.organisation.organisation_id.as_str(), "org-1");
    assert_matches!(effects.as_slice(), [Effect::CheckKey { .. }, Effect::Connect { .. }]);
    restarted.update(Answer::KeyChecked { request: request_of(&effects[0]), result: Err(KeyringProblem::Missing) });
    assert_matches!(restarted.step(), Step::Onboarded(step) if step.phase == KeyPhase::Missing(KeyringProblem::Missing)
    );
    assert_eq!(restarted.session().licence.fields[0].value, "ACTIVE");
}

#[test]
fn verify_after_restart_connects_first_then_fetches_a_token() {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Err(ConnectProblem::Client("x".into())),
    });
    let effects = wizard.update(OnboardedIntent::VerifyConnection);
    let request = request_of(only(&effects));
    let effects = wizard.update(Answer::Connected { request, result: Ok(Connection { endpoints: endpoints() }) });
    assert_matches!(only(&effects), Effect::FetchAccessToken { organisation, .. } if organisation.as_str() == "org-9"
    );
}

#[test]
fn an_organisation_created_without_a_company_asks_for_no_token_and_says_why() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(CreatedOrganisation { companies: Vec::new(), ..created() }));
    let effects = wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Ok(()) });
    assert!(nothing_sent(&effects), "no token is asked for: {effects:?}");
    assert_matches!(wizard.step(), Step::Onboarded(step) if step.phase == KeyPhase::VerifyFailed(AccessProblem::NoCompany)
    );
}

#[test]
fn saved_progress_holds_no_secret() {
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(created()));
    let effects = wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Ok(()) });
    let Effect::SaveProgress(progress) = &effects[0] else { panic!("{effects:?}") };
    let json = serde_json::to_string(progress).expect("serialises");
    assert!(!json.contains(KEY));
    assert!(!json.contains("x7k2p"));
    assert!(json.contains("org-1"));
}

#[test]
fn an_answer_for_settings_changed_meanwhile_is_dropped() {
    let mut wizard = Wizard::new();
    let request = request_of(only(&wizard.update(Intent::Continue)));
    wizard.update(EnvironmentIntent::Select(Environment::Production(Region::Eu)));
    assert!(wizard.session().connecting.is_none(), "changing the environment abandons the connection");
    let effects = wizard.update(Answer::Connected { request, result: Ok(Connection { endpoints: endpoints() }) });
    assert!(effects.is_empty());
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().connection, None);
}

#[test]
fn a_connection_made_in_the_background_never_moves_the_person_on() {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Intent::StartOver);
    assert_matches!(wizard.step(), Step::Environment(_));
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    assert_matches!(wizard.step(), Step::Environment(_), "only Continue goes on");
}

#[test]
fn continue_waits_while_the_application_key_is_being_stored() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::SelectProductKind(ProductKind::Web));
    *wizard.session_mut().application_key_input = "app-key".into();
    wizard.update(EnvironmentIntent::StoreApplicationKey);
    assert!(wizard.update(Intent::Continue).is_empty());
    assert!(wizard.update(EnvironmentIntent::Select(Environment::Qa(Region::Us))).is_empty());
    assert_eq!(wizard.session().settings.environment, Environment::default());
}

#[test]
fn a_failed_licence_send_after_a_404_can_be_tried_again() {
    let mut wizard = at_captcha();
    create_answered(&mut wizard, Err(status(404, codes::LICENCE_NOT_REQUESTED)));
    let effects = wizard.update(CaptchaIntent::SendLicenceNow);
    let failure = status(503, codes::INJECTED_FAULT);
    wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Err(failure.clone()) });
    assert_matches!(wizard.step(), Step::Create(s) if s.phase == CreatePhase::Failed(CreateProblem::LicenceSendFailed(failure.clone()))
    );
    assert_matches!(only(&wizard.update(CaptchaIntent::SendLicenceNow)), Effect::RequestToken { .. });
}

#[test]
fn refusals_are_read_by_their_code_before_their_status() {
    let mut wizard = at_captcha();
    create_answered(&mut wizard, Err(status(400, codes::HEADER_MISSING)));
    assert_matches!(wizard.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::Rejected(_))));
    let mut wizard = at_captcha();
    create_answered(&mut wizard, Err(status(404, codes::NOT_FOUND)));
    assert_matches!(wizard.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::Rejected(_))));
    let mut wizard = at_captcha();
    let bare = Failure::Status { status: 404, code: None, message: None, retry_after: None };
    create_answered(&mut wizard, Err(bare));
    assert_matches!(wizard.step(), Step::Create(s) if s.phase == CreatePhase::Failed(CreateProblem::LicenceNotRequested));
}

#[test]
fn nothing_walks_away_from_a_post_under_way_or_a_key_held_only_in_memory() {
    let mut wizard = at_captcha();
    wizard.update(CaptchaIntent::CreateOrganisation);
    for event in
        [CaptchaIntent::EditLicence.into(), CaptchaIntent::ReviewOrganisation.into(), Intent::Back, Intent::StartOver]
    {
        assert!(wizard.update(event).is_empty());
        assert_matches!(wizard.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Sending(_)));
    }
    let mut wizard = at_captcha();
    let effects = create_answered(&mut wizard, Ok(created()));
    let problem = KeyringProblem::Locked { detail: "locked".into() };
    wizard.update(Answer::KeyStored { request: request_of(&effects[0]), result: Err(problem) });
    for event in [CaptchaIntent::EditLicence.into(), CaptchaIntent::ReviewOrganisation.into(), Intent::StartOver] {
        wizard.update(event);
        assert_matches!(wizard.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::NotStored { .. }));
    }
}

mod account_actions;
mod appearance;
mod custom_environment;
mod demo;
mod link;
mod lost_answer;
mod more_accounts;
mod overview;
mod purity;
mod resume;
mod start_at;
