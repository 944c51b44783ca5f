//! The typed `Client` against a real emulator on `127.0.0.1:0`, one per test: every answer of the onboarding
//! (`requestToken`, `captcha`, POST organisation, `accesstoken`), each refusal's status and `code`, and no signing key
//! in any `ApiError`. POST organisation is in `organisations`; raw-HTTP edges the client never produces on purpose
//! (replayed nonces, missing signatures, tampered or broken bodies) are in `signatures`; single use under races (a
//! poll route, a nonce) in `races`; banks, indirect linking and bank accounts in `linking`; multi-account link in
//! `candidates`; re-authorisation, removal and the admin's time controls in `reauth`, all on the onboarded `session`.

mod candidates;
mod durable;
mod linking;
mod organisations;
mod races;
mod reauth;
mod session;
mod signatures;

use std::time::Duration;

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::api::assumed::{CaptchaSolution, LicenceDetails, codes};
use bankfeeds_onboard::api::error::ApiError;
use bankfeeds_onboard::api::ids::{CaptchaId, CompanyId, OrganisationId};
use bankfeeds_onboard::api::models::{Company, CreatedOrganisation, NewOrganisation, User};
use bankfeeds_onboard::api::redacted::{CaptchaAnswer, SigningKey};
use bankfeeds_onboard::config::{AppIdentity, Profile};
use bankfeeds_onboard::emulator::fixtures::{ACTIVE, STS_DOWN};
use bankfeeds_onboard::emulator::{self, EmulatorConfig, EmulatorHandle};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jiff::Timestamp;

use crate::support::CAPTCHA_TEXT;

/// An emulator on a free loopback port whose captchas all answer [`CAPTCHA_TEXT`], under `profile`.
async fn emulator(profile: Profile) -> EmulatorHandle {
    start(EmulatorConfig { profile, ..config() }).await
}

/// The default test configuration: QA, captchas answering [`CAPTCHA_TEXT`].
fn config() -> EmulatorConfig {
    EmulatorConfig { captcha_text: Some(CAPTCHA_TEXT.into()), ..EmulatorConfig::default() }
}

/// Starts an emulator with `config` on `127.0.0.1:0`.
async fn start(config: EmulatorConfig) -> EmulatorHandle {
    emulator::start("127.0.0.1:0".parse().expect("address"), config).await.expect("the emulator starts")
}

/// A client of `emulator` with the identity it serves.
fn client(emulator: &EmulatorHandle) -> Client {
    client_as(emulator, AppIdentity::default())
}

/// A client of `emulator` sending `identity`.
fn client_as(emulator: &EmulatorHandle, identity: AppIdentity) -> Client {
    Client::new(emulator.endpoints(), identity).expect("a client").with_timeout(Duration::from_secs(20))
}

/// A POST organisation body; `desktop` adds the licence serial and a captcha solution.
fn organisation_body(crm_id: &str, desktop: Option<(&str, CaptchaId, &str)>) -> NewOrganisation {
    let (licence_details, captcha) = match desktop {
        Some((serial, captcha_id, answer)) => (
            Some(LicenceDetails::with_serial(serial)),
            Some(CaptchaSolution { captcha_id, answer: CaptchaAnswer::new(answer) }),
        ),
        None => (None, None),
    };
    NewOrganisation {
        company: Company {
            name: "Acme Ltd".into(),
            postal_code: "NE13 9AA".into(),
            standard_industrial_code: "62012".into(),
            vat_number: "GB123456789".into(),
            language_code: "en-GB".into(),
        },
        crm_id: crm_id.into(),
        user: User { email_address: "ada@acme.test".into(), identity: "1001".into() },
        licence_details,
        captcha,
    }
}

/// A fresh captcha, then POST organisation as a desktop product for `serial`, answering `answer`.
async fn create_desktop(client: &Client, serial: &str, answer: &str) -> Result<CreatedOrganisation, ApiError> {
    let captcha = client.captcha().await.expect("a captcha");
    client.create_organisation(&organisation_body("crm-1", Some((serial, captcha.captcha_id, answer))), None).await
}

/// `requestToken` then POST organisation for `serial` as a desktop product: the whole happy path.
async fn onboard(client: &Client, serial: &str) -> CreatedOrganisation {
    client.request_token(&LicenceDetails::with_serial(serial)).await.expect("the token request is accepted");
    create_desktop(client, serial, CAPTCHA_TEXT).await.expect("the organisation is created")
}

/// Asserts that `error` is an [`ApiError::Status`] of `status` whose body carries `code`, and that it shows none of
/// `keys`.
#[track_caller]
fn assert_refused(error: &ApiError, status: u16, code: &str, keys: &[&SigningKey]) {
    assert_matches!(error, ApiError::Status { status: got, .. } if *got == status, "expected {status}: {error}");
    let failure = error.failure();
    assert_eq!((failure.status(), failure.code()), (Some(status), Some(code)), "{error}");
    assert_shows_no_key(error, keys);
}

/// Asserts that neither the `Display` nor the `Debug` of `error` (nor of its `Failure`) contains any of `keys`.
#[track_caller]
fn assert_shows_no_key(error: &ApiError, keys: &[&SigningKey]) {
    for text in [error.to_string(), format!("{error:?}"), format!("{:?}", error.failure())] {
        for key in keys {
            assert!(!key.is_empty(), "an empty key proves nothing");
            assert!(
                !text.contains(key.expose()),
                "an error about {} shows a signing key",
                error.failure().code().unwrap_or("?")
            );
        }
    }
}

/// Asserts that `key` is 64 lower-case hex characters.
#[track_caller]
fn assert_hex_key(key: &SigningKey) {
    let text = key.expose();
    assert_eq!(text.len(), 64, "a 64-character key");
    assert!(text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "lower-case hex only");
}

#[tokio::test]
async fn request_token_accepts_a_licence_until_a_future_time() {
    let emulator = emulator(Profile::Qa).await;
    let before = Timestamp::now();
    let accepted = client(&emulator).request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect("accepted");
    assert!(uuid::Uuid::parse_str(accepted.request_id.as_str()).is_ok(), "{}", accepted.request_id);
    assert!(accepted.expires_at > before, "{} is not after {before}", accepted.expires_at);
    emulator.shutdown().await;
}

#[tokio::test]
async fn request_token_while_the_token_service_is_down_is_a_transient_503() {
    let emulator = emulator(Profile::Qa).await;
    let error = client(&emulator).request_token(&LicenceDetails::with_serial(STS_DOWN)).await.expect_err("503");
    assert_refused(&error, 503, codes::INJECTED_FAULT, &[emulator.application_key()]);
    assert!(error.failure().is_transient(), "a 503 may work later");
    emulator.shutdown().await;
}

#[tokio::test]
async fn request_token_from_an_unknown_product_is_403_application_unknown() {
    let emulator = emulator(Profile::Qa).await;
    let stranger =
        client_as(&emulator, AppIdentity { product_id: "sage.other.product".into(), ..AppIdentity::default() });
    let error = stranger.request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect_err("403");
    assert_refused(&error, 403, codes::APPLICATION_UNKNOWN, &[emulator.application_key()]);
    assert!(!error.failure().is_transient());
    emulator.shutdown().await;
}

#[tokio::test]
async fn request_token_from_an_unknown_provider_is_403_provider_unknown() {
    let emulator = emulator(Profile::Qa).await;
    let stranger = client_as(&emulator, AppIdentity { provider_id: "other.provider".into(), ..AppIdentity::default() });
    let error = stranger.request_token(&LicenceDetails::with_serial(ACTIVE)).await.expect_err("403");
    assert_refused(&error, 403, codes::PROVIDER_UNKNOWN, &[emulator.application_key()]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn captcha_is_a_base64_png_that_expires_later() {
    let emulator = emulator(Profile::Qa).await;
    let before = Timestamp::now();
    let captcha = client(&emulator).captcha().await.expect("a captcha");
    let png = STANDARD.decode(&captcha.image).expect("the image is standard base64");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG: {:?}", &png[..png.len().min(8)]);
    assert!(captcha.expires_at > before, "{} is not after {before}", captcha.expires_at);
    assert!(!captcha.captcha_id.as_str().is_empty());
    emulator.shutdown().await;
}

#[tokio::test]
async fn access_token_with_the_customers_key_is_a_jwt_living_the_configured_lifetime() {
    let emulator = start(EmulatorConfig { jwt_lifetime: Duration::from_secs(90), ..config() }).await;
    let client = client(&emulator);
    let created = onboard(&client, ACTIVE).await;
    let before = Timestamp::now().as_second();
    let token = client.access_token(&created.organisation_id, &created.companies[0], &created.token).await;
    let after = Timestamp::now().as_second();
    let jwt = token.expect("a JWT").jwt;
    let parts: Vec<Vec<u8>> = jwt
        .expose()
        .split('.')
        .map(|part| URL_SAFE_NO_PAD.decode(part).expect("each part is base64url without padding"))
        .collect();
    assert_eq!(parts.len(), 3, "header.payload.signature");
    let header: serde_json::Value = serde_json::from_slice(&parts[0]).expect("a JSON header");
    assert_eq!(header["typ"], "JWT");
    let claims: serde_json::Value = serde_json::from_slice(&parts[1]).expect("JSON claims");
    let exp = claims["exp"].as_i64().expect("a numeric exp");
    assert!((before + 90..=after + 90).contains(&exp), "exp {exp} is not 90 s after {before}..={after}");
    assert_eq!(claims["org"], created.organisation_id.as_str());
    emulator.shutdown().await;
}

#[tokio::test]
async fn access_token_signed_with_another_key_is_401_signature_invalid() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    let created = onboard(&client, ACTIVE).await;
    let wrong_key = emulator.application_key();
    let error = client.access_token(&created.organisation_id, &created.companies[0], wrong_key).await.expect_err("401");
    assert_refused(&error, 401, codes::SIGNATURE_INVALID, &[wrong_key, &created.token]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn access_token_for_an_unknown_organisation_or_company_is_404() {
    let emulator = emulator(Profile::Qa).await;
    let client = client(&emulator);
    let created = onboard(&client, ACTIVE).await;
    let keys = [&created.token, emulator.application_key()];
    let unknown_organisation = OrganisationId::from("00000000-0000-4000-8000-000000000000");
    let error = client.access_token(&unknown_organisation, &created.companies[0], &created.token).await;
    assert_refused(&error.expect_err("404"), 404, codes::NOT_FOUND, &keys);
    let unknown_company = CompanyId::from("00000000-0000-4000-8000-000000000001");
    let error = client.access_token(&created.organisation_id, &unknown_company, &created.token).await;
    assert_refused(&error.expect_err("404"), 404, codes::NOT_FOUND, &keys);
    emulator.shutdown().await;
}
