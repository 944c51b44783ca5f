//! POST organisation through the typed `Client`: a desktop product (licence details and a captcha answer) with each
//! of its answers and the organisationLimit of every profile, and a web product signing with the application key.

use bankfeeds_onboard::api::assumed::{LicenceDetails, codes};
use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::config::Profile;
use bankfeeds_onboard::emulator::fixtures::{ACTIVE, LIMIT_REACHED, NOT_A_CUSTOMER};

use super::{assert_hex_key, assert_refused, client, create_desktop, emulator, onboard, organisation_body};
use crate::support::CAPTCHA_TEXT;

#[tokio::test]
async fn a_desktop_organisation_is_created_with_one_company_and_a_hex_key() {
    let emulator = emulator(Profile::Qa).await;
    let created = onboard(&client(&emulator), ACTIVE).await;
    assert!(uuid::Uuid::parse_str(created.organisation_id.as_str()).is_ok(), "{}", created.organisation_id);
    assert_eq!(created.companies.len(), 1, "{:?}", created.companies);
    assert_hex_key(&created.token);
    assert_ne!(created.token.expose(), emulator.application_key().expose(), "the customer's own key");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_licence_never_sent_to_request_token_is_404_licence_not_requested() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect("another serial is requested");
    let error = create_desktop(&client, "NEVER-REQUESTED", CAPTCHA_TEXT).await.expect_err("404");
    assert_refused(&error, 404, codes::LICENCE_NOT_REQUESTED, &[emulator.application_key()]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_licence_of_no_customer_is_400_not_a_valid_customer() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial(NOT_A_CUSTOMER)).await.expect("the Token Service accepts it");
    let error = create_desktop(&client, NOT_A_CUSTOMER, CAPTCHA_TEXT).await.expect_err("400");
    assert_refused(&error, 400, codes::NOT_A_CUSTOMER, &[emulator.application_key()]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_wrong_captcha_answer_is_400_and_spends_the_captcha() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect("accepted");
    let captcha = client.captcha().await.expect("a captcha");
    let wrong = organisation_body("crm-1", Some((ACTIVE, captcha.captcha_id.clone(), "WRONG")));
    let error = client.create_organisation(&wrong, None).await.expect_err("400");
    assert_refused(&error, 400, codes::CAPTCHA_WRONG, &[emulator.application_key()]);

    let right = organisation_body("crm-1", Some((ACTIVE, captcha.captcha_id, CAPTCHA_TEXT)));
    let error = client.create_organisation(&right, None).await.expect_err("one captcha, one answer");
    assert_refused(&error, 400, codes::CAPTCHA_EXPIRED, &[emulator.application_key()]);

    create_desktop(&client, ACTIVE, CAPTCHA_TEXT).await.expect("a new captcha answered right is accepted");
    emulator.shutdown().await;
}

/// Onboards `serial` as a desktop product `allowed` times, then asserts the next attempt is 409
/// `organisationLimitReached`.
async fn assert_limit(profile: Profile, serial: &str, allowed: usize) {
    let emulator = emulator(profile).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial(serial)).await.expect("accepted");
    for attempt in 1..=allowed {
        let created = create_desktop(&client, serial, CAPTCHA_TEXT).await;
        assert!(created.is_ok(), "{profile:?}: organisation {attempt} of {allowed} refused: {:?}", created.err());
    }
    let error = create_desktop(&client, serial, CAPTCHA_TEXT).await.expect_err("over the limit");
    assert_refused(&error, 409, codes::ORGANISATION_LIMIT, &[emulator.application_key()]);
    assert!(!error.failure().is_transient(), "never retried");
    emulator.shutdown().await;
}

#[tokio::test]
async fn production_allows_one_organisation_per_customer() {
    assert_limit(Profile::Production, ACTIVE, 1).await;
}

#[tokio::test]
async fn production_counts_each_customer_apart() {
    let emulator = emulator(Profile::Production).await;
    let client = client(&emulator);
    onboard(&client, ACTIVE).await;
    onboard(&client, "ANOTHER-CUSTOMER").await;
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pre_production_allows_fifteen_organisations_per_customer() {
    assert_limit(Profile::PreProduction, ACTIVE, 15).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qa_allows_many_organisations_per_customer() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    client.request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect("accepted");
    let mut organisations = std::collections::HashSet::new();
    for attempt in 1..=20 {
        let created = create_desktop(&client, ACTIVE, CAPTCHA_TEXT).await;
        let created = created.unwrap_or_else(|error| panic!("organisation {attempt} refused on QA: {error}"));
        organisations.insert(created.organisation_id);
    }
    assert_eq!(organisations.len(), 20, "20 distinct organisations");
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_limit_reached_serial_is_409_even_on_qa() {
    assert_limit(Profile::Qa, LIMIT_REACHED, 0).await;
}

#[tokio::test]
async fn a_web_organisation_signed_with_the_application_key_needs_no_licence_or_captcha() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    let body = organisation_body("crm-web-1", None);
    let created = client.create_organisation(&body, Some(emulator.application_key())).await.expect("created");
    assert_eq!(created.companies.len(), 1);
    assert_hex_key(&created.token);
    let token = client.access_token(&created.organisation_id, &created.companies[0], &created.token).await;
    assert_eq!(token.expect("the new key gets a JWT").jwt.expose().split('.').count(), 3);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_web_organisation_signed_with_another_key_is_401_signature_invalid() {
    let emulator = emulator(Profile::Qa).await;
    let wrong_key = SigningKey::new("0123456789abcdef".repeat(4));
    let body = organisation_body("crm-web-1", None);
    let error = client(&emulator).create_organisation(&body, Some(&wrong_key)).await.expect_err("401");
    assert_refused(&error, 401, codes::SIGNATURE_INVALID, &[&wrong_key, emulator.application_key()]);
    emulator.shutdown().await;
}
