//! What the typed `Client` never sends on purpose, sent with `reqwest` directly and signed with `SignedParts`: a
//! replayed `X-Nonce`, a missing `X-Signature`, a body changed after signing, and bodies that are not JSON.

use bankfeeds_onboard::api::assumed::{ErrorBody, codes};
use bankfeeds_onboard::api::headers::{
    X_APPLICATION, X_COMPANY_ID, X_NONCE, X_ORGANISATION_ID, X_PROVIDER, X_SIGNATURE,
};
use bankfeeds_onboard::api::models::CreatedOrganisation;
use bankfeeds_onboard::api::redacted::SigningKey;
use bankfeeds_onboard::api::signing::SignedParts;
use bankfeeds_onboard::config::{Profile, TEST_PRODUCT_ID, TEST_PROVIDER_ID};
use bankfeeds_onboard::emulator::EmulatorHandle;
use bankfeeds_onboard::emulator::fixtures::ACTIVE;
use reqwest::{RequestBuilder, Response, StatusCode};
use url::Url;

use super::{client, emulator, onboard, organisation_body};

/// `path` below `root`.
fn url(root: &Url, path: &str) -> Url {
    root.join(path).expect("joins")
}

/// `X-Signature` of a request, as CONTRACT §3 computes it.
fn signature(method: &str, url: &Url, body: &[u8], nonce: &str, key: &SigningKey) -> String {
    SignedParts { method, url, body, nonce }.signature(key).expect("signs")
}

/// The status of a refusal and its JSON `{code, message}`; fails when the body is not JSON of that shape.
async fn refusal(response: Response) -> (StatusCode, ErrorBody) {
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|value| value.to_str().ok());
    assert_eq!(content_type, Some("application/json"), "a {status} refusal in JSON");
    let body: ErrorBody = response.json().await.expect("a JSON error body");
    assert!(!body.message.trim().is_empty(), "the refusal says why");
    (status, body)
}

/// `GET accesstoken` for `created`'s organisation and first company, with `X-Application` and the two ID headers.
fn access_token_request(emulator: &EmulatorHandle, created: &CreatedOrganisation) -> RequestBuilder {
    reqwest::Client::new()
        .get(url(&emulator.endpoints().banking, "accesstoken"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .header(X_ORGANISATION_ID, created.organisation_id.as_str())
        .header(X_COMPANY_ID, created.companies[0].as_str())
}

/// `GET accesstoken` signed with the customer's key under `nonce`.
async fn signed_access_token(emulator: &EmulatorHandle, created: &CreatedOrganisation, nonce: &str) -> Response {
    let url = url(&emulator.endpoints().banking, "accesstoken");
    let signature = signature("GET", &url, b"", nonce, &created.token);
    access_token_request(emulator, created)
        .header(X_NONCE, nonce)
        .header(X_SIGNATURE, signature)
        .send()
        .await
        .expect("sent")
}

#[tokio::test]
async fn a_replayed_nonce_on_access_token_is_401_nonce_replayed() {
    let emulator = emulator(Profile::Qa).await;
    let created = onboard(&client(&emulator), ACTIVE).await;
    let first = signed_access_token(&emulator, &created, "nonce-replayed-1").await;
    assert_eq!(first.status(), StatusCode::OK, "the first use of the nonce is accepted");
    let (status, body) = refusal(signed_access_token(&emulator, &created, "nonce-replayed-1").await).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::NONCE_REPLAYED));
    let fresh = signed_access_token(&emulator, &created, "nonce-replayed-2").await;
    assert_eq!(fresh.status(), StatusCode::OK, "a fresh nonce still works");
    emulator.shutdown().await;
}

#[tokio::test]
async fn access_token_without_x_signature_or_its_nonce_is_401_signature_missing() {
    let emulator = emulator(Profile::Qa).await;
    let created = onboard(&client(&emulator), ACTIVE).await;
    let unsigned = access_token_request(&emulator, &created).header(X_NONCE, "nonce-1").send().await.expect("sent");
    let (status, body) = refusal(unsigned).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::SIGNATURE_MISSING));

    let url = url(&emulator.endpoints().banking, "accesstoken");
    let signature = signature("GET", &url, b"", "nonce-2", &created.token);
    let no_nonce = access_token_request(&emulator, &created).header(X_SIGNATURE, signature).send().await;
    let (status, body) = refusal(no_nonce.expect("sent")).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::SIGNATURE_MISSING));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_web_body_changed_after_signing_is_401_signature_invalid() {
    let emulator = emulator(Profile::Qa).await;
    let url = url(&emulator.endpoints().banking, "organisations");
    let signed = serde_json::to_vec(&organisation_body("crm-signed", None)).expect("serialises");
    let sent = serde_json::to_vec(&organisation_body("crm-tampered", None)).expect("serialises");
    let post = |body: &[u8], nonce: &str, signature: String| {
        reqwest::Client::new()
            .post(url.clone())
            .header(X_APPLICATION, TEST_PRODUCT_ID)
            .header("content-type", "application/json")
            .header(X_NONCE, nonce)
            .header(X_SIGNATURE, signature)
            .body(body.to_vec())
            .send()
    };
    let key = emulator.application_key();
    let tampered = post(&sent, "web-1", signature("POST", &url, &signed, "web-1", key)).await.expect("sent");
    let (status, body) = refusal(tampered).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::SIGNATURE_INVALID));

    let honest = post(&sent, "web-2", signature("POST", &url, &sent, "web-2", key)).await.expect("sent");
    assert_eq!(honest.status(), StatusCode::OK, "the same bytes, signed as sent, are accepted");
    emulator.shutdown().await;
}

#[tokio::test]
async fn bodies_that_are_not_the_expected_json_are_400_invalid_body_in_json() {
    let emulator = emulator(Profile::Qa).await;
    let endpoints = emulator.endpoints();
    let http = reqwest::Client::new();
    for body in ["{not json", r#"{"company":1}"#, ""] {
        let response = http
            .post(url(&endpoints.banking, "organisations"))
            .header(X_APPLICATION, TEST_PRODUCT_ID)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("sent");
        let (status, refused) = refusal(response).await;
        assert_eq!((status, refused.code.as_str()), (StatusCode::BAD_REQUEST, codes::INVALID_BODY), "{body:?}");
    }
    let response = http
        .post(url(&endpoints.token_service, "requestToken"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .header(X_PROVIDER, TEST_PROVIDER_ID)
        .header("content-type", "application/json")
        .body(r#"{"licenceDetails":"#)
        .send()
        .await
        .expect("sent");
    let (status, refused) = refusal(response).await;
    assert_eq!((status, refused.code.as_str()), (StatusCode::BAD_REQUEST, codes::INVALID_BODY));
    emulator.shutdown().await;
}
