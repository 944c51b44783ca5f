//! The emulator over real HTTP on 127.0.0.1:0, one server per test: the edges the world cannot see (raw bodies,
//! the body limit, headers, JSON errors on every refusal, signatures over what was received and the base string a
//! mismatch states); every scenario value through the typed client in `scenarios`; over HTTPS in `https`.

use reqwest::{Client, Response, StatusCode};
use url::Url;

use super::*;
use crate::api::assumed::{Captcha, CaptchaSolution, ErrorBody, LicenceDetails, TokenRequest, codes};
use crate::api::headers::{X_APPLICATION, X_COMPANY_ID, X_NONCE, X_ORGANISATION_ID, X_PROVIDER, X_SIGNATURE};
use crate::api::models::{AccessToken, Company, CreatedOrganisation, NewOrganisation, User};
use crate::api::redacted::CaptchaAnswer;
use crate::api::signing::SignedParts;
use crate::config::{TEST_PRODUCT_ID, TEST_PROVIDER_ID};

mod contract;
mod hostile;
mod https;
mod linking;
mod scenarios;

const ANSWER: &str = "K7PXR";

async fn emulator() -> EmulatorHandle {
    let config = EmulatorConfig { captcha_text: Some(ANSWER.into()), ..EmulatorConfig::default() };
    start("127.0.0.1:0".parse().expect("address"), config).await.expect("starts")
}

fn url(root: &Url, path: &str) -> Url {
    root.join(path).expect("joins")
}

async fn refusal(response: Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    (status, response.json::<ErrorBody>().await.expect("a JSON error body"))
}

/// requestToken, captcha and POST organisation for ACTIVE, as a desktop product.
async fn onboard(client: &Client, endpoints: &Endpoints) -> CreatedOrganisation {
    let token_request =
        TokenRequest { licence_details: LicenceDetails::with_serial("ACTIVE"), version: 0, origin: "Desktop".into() };
    let response = client
        .post(url(&endpoints.token_service, "requestToken"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .header(X_PROVIDER, TEST_PROVIDER_ID)
        .json(&token_request)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let captcha: Captcha = client
        .get(url(&endpoints.banking, "captcha"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("a captcha");
    let body = NewOrganisation {
        company: Company { name: "TestCompany".into(), ..Company::default() },
        crm_id: "crm-1".into(),
        user: User::default(),
        licence_details: Some(token_request.licence_details),
        captcha: Some(CaptchaSolution { captcha_id: captcha.captcha_id, answer: CaptchaAnswer::new(ANSWER) }),
    };
    let response = client
        .post(url(&endpoints.banking, "organisations"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a created organisation")
}

/// A `GET accesstoken` signed with `key` and `nonce`.
async fn access_token(
    client: &Client,
    endpoints: &Endpoints,
    org: &CreatedOrganisation,
    key: &str,
    nonce: &str,
) -> Response {
    let url = url(&endpoints.banking, "accesstoken");
    let parts = SignedParts { method: "GET", url: &url, body: b"", nonce };
    let signature = parts.signature(&SigningKey::new(key)).expect("signs");
    client
        .get(url.clone())
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .header(X_ORGANISATION_ID, org.organisation_id.as_str())
        .header(X_COMPANY_ID, org.companies[0].as_str())
        .header(X_NONCE, nonce)
        .header(X_SIGNATURE, signature)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn endpoints_name_both_services_on_the_listening_port() {
    let emulator = emulator().await;
    let endpoints = emulator.endpoints();
    let port = emulator.local_addr().port();
    assert_ne!(port, 0);
    assert_eq!(endpoints.banking.as_str(), format!("http://127.0.0.1:{port}/api/v1/"));
    assert_eq!(endpoints.token_service.as_str(), format!("http://127.0.0.1:{port}/sts/api/v1/"));
    assert_eq!(emulator.application_key().expose().len(), 64);
    emulator.shutdown().await;
    assert!(Client::new().get(endpoints.banking).send().await.is_err(), "stopped after shutdown");
}

#[test]
fn an_unspecified_listen_address_is_reached_on_loopback() {
    let v4 = endpoints_for("0.0.0.0:8080".parse().expect("address"), Scheme::Http).expect("endpoints");
    assert_eq!(v4.banking.as_str(), "http://127.0.0.1:8080/api/v1/");
    let v6 = endpoints_for("[::]:8080".parse().expect("address"), Scheme::Https).expect("endpoints");
    assert_eq!(v6.token_service.as_str(), "https://[::1]:8080/sts/api/v1/");
}

#[tokio::test]
async fn bad_json_is_a_400_invalid_body_in_json() {
    let emulator = emulator().await;
    let response = Client::new()
        .post(url(&emulator.endpoints().banking, "organisations"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .body("{not json")
        .send()
        .await
        .expect("sent");
    let (status, body) = refusal(response).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::BAD_REQUEST, codes::INVALID_BODY));
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_in_json_and_the_limit_itself_is_read() {
    let emulator = emulator().await;
    let client = Client::new();
    let send = |size: usize| {
        client
            .post(url(&emulator.endpoints().token_service, "requestToken"))
            .header(X_APPLICATION, TEST_PRODUCT_ID)
            .header(X_PROVIDER, TEST_PROVIDER_ID)
            .body(vec![b' '; size])
            .send()
    };
    for size in [routes::BODY_LIMIT + 1, 8 * 1024 * 1024] {
        let (status, body) = refusal(send(size).await.expect("sent")).await;
        assert_eq!((status, body.code.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, codes::BODY_TOO_LARGE), "{size}");
    }
    let (status, body) = refusal(send(routes::BODY_LIMIT).await.expect("sent")).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::BAD_REQUEST, codes::INVALID_BODY), "read, then not JSON");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_missing_x_application_is_a_400_and_unknown_routes_a_json_404() {
    let emulator = emulator().await;
    let client = Client::new();
    let response = client.get(url(&emulator.endpoints().banking, "captcha")).send().await.expect("sent");
    let (status, body) = refusal(response).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::BAD_REQUEST, codes::APPLICATION_MISSING));
    assert!(body.message.contains(TEST_PRODUCT_ID), "{}", body.message);

    let response = client.get(url(&emulator.endpoints().banking, "nowhere")).send().await.expect("sent");
    let (status, body) = refusal(response).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::NOT_FOUND, codes::NOT_FOUND));

    let response = client.delete(url(&emulator.endpoints().banking, "captcha")).send().await.expect("sent");
    let (status, body) = refusal(response).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::METHOD_NOT_ALLOWED, codes::METHOD_NOT_ALLOWED));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_signed_access_token_call_is_accepted_once_then_refused_as_replayed() {
    let emulator = emulator().await;
    let (client, endpoints) = (Client::new(), emulator.endpoints());
    let org = onboard(&client, &endpoints).await;
    let key = org.token.expose().to_owned();

    let response = access_token(&client, &endpoints, &org, &key, "nonce-1").await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: AccessToken = response.json().await.expect("a JWT");
    assert_eq!(token.jwt.expose().split('.').count(), 3);

    let (status, body) = refusal(access_token(&client, &endpoints, &org, &key, "nonce-1").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::NONCE_REPLAYED));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_bad_signature_is_a_401_signature_invalid() {
    let emulator = emulator().await;
    let (client, endpoints) = (Client::new(), emulator.endpoints());
    let org = onboard(&client, &endpoints).await;
    let wrong_key = emulator.application_key().expose().to_owned();
    let (status, body) = refusal(access_token(&client, &endpoints, &org, &wrong_key, "nonce-1").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::SIGNATURE_INVALID));
    let port = emulator.local_addr().port();
    let base = format!("GET&http%3A%2F%2F127.0.0.1%3A{port}%2Fapi%2Fv1%2Faccesstoken&&nonce-1");
    assert!(body.message.contains(&base), "the base string the emulator computed: {}", body.message);
    assert!(!body.message.contains(&wrong_key) && !body.message.contains(org.token.expose()), "no key");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_web_product_signs_post_organisation_over_the_exact_bytes() {
    let emulator = emulator().await;
    let url = url(&emulator.endpoints().banking, "organisations");
    let body = br#"{"company":{"name":"Web","postalCode":"","standardIndustrialCode":"","vatNumber":"","languageCode":"en-GB"}, "crmId":"crm-9","user":{"emailAddress":"a@b.c","identity":"1"}}"#;
    let parts = SignedParts { method: "POST", url: &url, body, nonce: "web-1" };
    let signature = parts.signature(emulator.application_key()).expect("signs");
    let response = Client::new()
        .post(url.clone())
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .header("content-type", "application/json")
        .header(X_NONCE, "web-1")
        .header(X_SIGNATURE, signature)
        .body(body.to_vec())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let created: CreatedOrganisation = response.json().await.expect("created");
    assert_eq!(created.companies.len(), 1);
    emulator.shutdown().await;
}

/// A log sink for one test.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of the emulator at trace level, written to a buffer while it lives.
struct LogCapture {
    captured: Captured,
    _anchor: tracing::Dispatch,
    _guard: tracing::subscriber::DefaultGuard,
}

impl LogCapture {
    /// Starts capturing on this thread.
    fn start() -> Self {
        let captured = Captured::default();
        let sink = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("bankfeeds_onboard=trace"))
            .with_writer(move || sink.clone())
            .finish();
        // The current-thread test runtime runs the server's tasks on this thread, under this subscriber. tracing
        // caches each callsite's interest process-wide, and with a single registered dispatcher it computes it from
        // whichever thread registers the callsite first (another test's, with no subscriber: "never"). A second,
        // inert dispatcher makes every (re)computation ask all dispatchers, ours included; then the cache is rebuilt.
        let anchor = tracing::Dispatch::new(tracing_subscriber::registry());
        let guard = tracing::subscriber::set_default(subscriber);
        tracing::callsite::rebuild_interest_cache();
        Self { captured, _anchor: anchor, _guard: guard }
    }

    /// What was logged so far.
    fn text(&self) -> String {
        String::from_utf8(self.captured.0.lock().expect("log buffer").clone()).expect("UTF-8 log")
    }
}

#[tokio::test]
async fn requests_are_logged_without_keys_tokens_answers_or_bodies() {
    let logs = LogCapture::start();
    let emulator = emulator().await;
    let (client, endpoints) = (Client::new(), emulator.endpoints());
    let org = onboard(&client, &endpoints).await;
    let response = access_token(&client, &endpoints, &org, org.token.expose(), "nonce-log").await;
    let token: AccessToken = response.json().await.expect("a JWT");
    let app_key = emulator.application_key().expose().to_owned();
    emulator.shutdown().await;

    let log = logs.text();
    assert!(log.contains("emulator answered"), "{log}");
    assert!(log.contains("/api/v1/organisations") && log.contains("200"), "{log}");
    for secret in [org.token.expose(), token.jwt.expose(), &app_key, ANSWER, "TestCompany", "crm-1"] {
        assert!(!log.contains(secret), "the log shows {secret}: {log}");
    }
}
