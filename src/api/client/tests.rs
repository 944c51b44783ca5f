//! The client's mapping layer against a tiny in-test server: decoding, each kind of error, no redirects, timeouts,
//! headers and signatures as sent, and no secret in any error. The full client-vs-emulator suite lives elsewhere.

mod server;

use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use axum::routing::{get, post};
use server::{CAPTCHA_JSON, Hits, canned, client, endpoints_at, json, serve, signed_request_problem};

use super::{Call, Service};
use crate::api::assumed::{LicenceDetails, codes};
use crate::api::error::ApiError;
use crate::api::headers::{X_APPLICATION, X_COMPANY_ID, X_NONCE, X_ORGANISATION_ID, X_PROVIDER, X_SIGNATURE};
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::{Company, NewOrganisation, User};
use crate::api::redacted::SigningKey;
use crate::config::{TEST_PRODUCT_ID, TEST_PROVIDER_ID};

const CUSTOMER_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const APPLICATION_KEY: &str = "16484ccc541734aa4274c80e14577348e6540ab9a7bda8063968bbd19229612f";

fn new_organisation() -> NewOrganisation {
    NewOrganisation {
        company: Company { name: "TestCompany".into(), postal_code: "NE139AA".into(), ..Company::default() },
        crm_id: "123456789".into(),
        user: User { email_address: "user@example.com".into(), identity: "1001".into() },
        licence_details: None,
        captcha: None,
    }
}

async fn captcha_answering(
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
) -> ApiError {
    let app = Router::new().route("/api/v1/captcha", get(move || async move { canned(status, headers, body) }));
    client(serve(app).await).captcha().await.expect_err("an error")
}

#[tokio::test]
async fn a_2xx_body_decodes_and_carries_the_identity_headers() {
    let app = Router::new().route(
        "/api/v1/captcha",
        get(|headers: HeaderMap| async move {
            let agent = headers.get("user-agent").and_then(|v| v.to_str().ok()).unwrap_or_default();
            if headers.get(X_APPLICATION).is_some_and(|v| v == TEST_PRODUCT_ID)
                && agent.starts_with("bankfeeds-onboard/")
            {
                json(200, CAPTCHA_JSON)
            } else {
                json(400, r#"{"code":"applicationMissing","message":"identity headers missing"}"#)
            }
        }),
    );
    let captcha = client(serve(app).await).captcha().await.expect("captcha");
    assert_eq!(captcha.captcha_id.as_str(), "c-1");
    assert_eq!(captcha.image, "iVBORw0KGgo=");
}

#[tokio::test]
async fn a_2xx_body_that_does_not_decode_is_a_decode_error_with_the_raw_body() {
    let error = captcha_answering(200, &[], "{not json").await;
    let ApiError::Decode { endpoint, status, raw_body, .. } = &error else { panic!("not Decode: {error:?}") };
    assert_eq!((endpoint.as_str(), *status, raw_body.as_str()), ("GET captcha", 200, "{not json"));
}

#[tokio::test]
async fn an_error_body_of_the_service_shape_is_parsed() {
    let app = Router::new().route(
        "/api/v1/organisations",
        post(|| async { json(409, r#"{"code":"organisationLimitReached","message":"Limit reached"}"#) }),
    );
    let error = client(serve(app).await).create_organisation(&new_organisation(), None).await.expect_err("409");
    let failure = error.failure();
    assert_eq!(failure.status(), Some(409));
    assert_eq!(failure.code(), Some(codes::ORGANISATION_LIMIT));
    assert!(error.to_string().starts_with("POST organisations answered HTTP 409"), "{error}");
}

#[tokio::test]
async fn an_html_error_body_is_kept_as_raw_text() {
    let error = captcha_answering(502, &[("content-type", "text/html")], "<html>Bad gateway</html>").await;
    let ApiError::Status { status, body, raw_body, .. } = &error else { panic!("not Status: {error:?}") };
    assert_eq!((*status, body.as_ref(), raw_body.as_str()), (502, None, "<html>Bad gateway</html>"));
    assert!(error.failure().is_transient());
}

#[tokio::test]
async fn retry_after_is_read_from_a_429() {
    let error = captcha_answering(429, &[("retry-after", "7")], "").await;
    let ApiError::Status { status: 429, retry_after, .. } = &error else { panic!("not 429: {error:?}") };
    assert_eq!(*retry_after, Some(7));
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let error = client(endpoints_at(address)).captcha().await.expect_err("refused");
    let ApiError::Network { endpoint, detail } = &error else { panic!("not Network: {error:?}") };
    assert_eq!(endpoint, "GET captcha");
    assert!(!detail.contains("127.0.0.1"), "the URL is left out: {detail}");
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    let app = Router::new().route(
        "/api/v1/captcha",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            json(200, CAPTCHA_JSON)
        }),
    );
    let slow = client(serve(app).await).with_timeout(Duration::from_millis(200));
    let error = slow.captcha().await.expect_err("times out");
    assert_matches!(&error, ApiError::Timeout { seconds: 1, .. }, "{error:?}");
}

#[tokio::test]
async fn a_302_is_not_followed_and_its_json_body_is_readable() {
    let followed = Hits::default();
    let target = followed.clone();
    let app = Router::new()
        .route(
            "/api/v1/indirect",
            get(|| async { canned(302, &[("location", "/api/v1/captcha")], r#"{"redirect":"https://bank.test"}"#) }),
        )
        .route(
            "/api/v1/captcha",
            get(move || async move {
                target.hit();
                json(200, CAPTCHA_JSON)
            }),
        );
    let client = client(serve(app).await);
    let reply = client.exchange(Call::new(Method::GET, Service::Banking, "indirect")).await.expect("an answer");
    assert_eq!(reply.status(), 302);
    let body: serde_json::Value = reply.decode().expect("JSON body");
    assert_eq!(body["redirect"], "https://bank.test");
    let error = client.send_json::<serde_json::Value>(Call::new(Method::GET, Service::Banking, "indirect")).await;
    assert_matches!(error, Err(ApiError::Status { status: 302, .. }), "{error:?}");
    assert_eq!(followed.count(), 0);
}

#[tokio::test]
async fn access_token_is_signed_over_the_bytes_received_and_carries_its_headers() {
    let app = Router::new().route(
        "/api/v1/accesstoken",
        get(|method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
            let expected = [(X_APPLICATION, TEST_PRODUCT_ID), (X_ORGANISATION_ID, "org-1"), (X_COMPANY_ID, "co-1")];
            match signed_request_problem(&SigningKey::new(CUSTOMER_KEY), &method, &uri, &headers, &body, &expected) {
                None if body.is_empty() => json(200, r#"{"jwt":"eyJhbGciOi.payload.sig"}"#),
                None => json(400, r#"{"code":"invalidBody","message":"a GET has no body"}"#),
                Some(problem) => json(401, &format!(r#"{{"code":"signatureInvalid","message":"{problem}"}}"#)),
            }
        }),
    );
    let client = client(serve(app).await);
    let key = SigningKey::new(CUSTOMER_KEY);
    let token = client.access_token(&OrganisationId::from("org-1"), &CompanyId::from("co-1"), &key).await;
    assert_eq!(token.expect("a JWT").jwt.expose(), "eyJhbGciOi.payload.sig");
}

#[tokio::test]
async fn create_organisation_is_signed_only_with_an_application_key() {
    let app = Router::new().route(
        "/api/v1/organisations",
        post(|method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
            let sent: NewOrganisation = serde_json::from_slice(&body).expect("a NewOrganisation");
            assert_eq!(sent, new_organisation());
            let created = r#"{"organisationId":"o-1","companies":["c-1"],"token":"abcd"}"#;
            if headers.get(X_SIGNATURE).is_none() {
                return if headers.get(X_NONCE).is_none() { json(200, created) } else { json(400, "{}") };
            }
            let expected = [("content-type", "application/json"), (X_APPLICATION, TEST_PRODUCT_ID)];
            match signed_request_problem(&SigningKey::new(APPLICATION_KEY), &method, &uri, &headers, &body, &expected) {
                None => json(200, created),
                Some(problem) => json(401, &format!(r#"{{"code":"signatureInvalid","message":"{problem}"}}"#)),
            }
        }),
    );
    let client = client(serve(app).await);
    let key = SigningKey::new(APPLICATION_KEY);
    let signed = client.create_organisation(&new_organisation(), Some(&key)).await.expect("signed call accepted");
    assert_eq!(signed.organisation_id.as_str(), "o-1");
    let unsigned = client.create_organisation(&new_organisation(), None).await.expect("unsigned call accepted");
    assert_eq!(unsigned.token.expose(), "abcd");
}

#[tokio::test]
async fn request_token_goes_to_the_token_service_with_provider_and_body() {
    let app = Router::new().route(
        "/sts/api/v1/requestToken",
        post(|headers: HeaderMap, body: Bytes| async move {
            let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            let expected = r#"{"licenceDetails":{"serial":"ACTIVE"},"version":0,"origin":"Desktop"}"#;
            if header(X_APPLICATION) == TEST_PRODUCT_ID && header(X_PROVIDER) == TEST_PROVIDER_ID && body == expected {
                json(200, r#"{"requestId":"r-1","expiresAt":"2030-01-01T00:00:00Z"}"#)
            } else {
                json(400, r#"{"code":"invalidBody","message":"unexpected request"}"#)
            }
        }),
    );
    let accepted = client(serve(app).await).request_token(&LicenceDetails::with_serial("ACTIVE")).await;
    assert_eq!(accepted.expect("accepted").request_id.as_str(), "r-1");
}

#[tokio::test]
async fn errors_never_show_a_signing_key() {
    let leaked = r#"{"organisationId":"o-1","companies":"not-a-list","token":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}"#;
    let app = Router::new()
        .route("/api/v1/organisations", post(move || async move { json(200, leaked) }))
        .route("/api/v1/accesstoken", get(|| async { canned(401, &[], "<html>unauthorised</html>") }));
    let client = client(serve(app).await);
    let key = SigningKey::new(CUSTOMER_KEY);
    let decode = client.create_organisation(&new_organisation(), Some(&key)).await.expect_err("cannot decode");
    assert_matches!(decode, ApiError::Decode { .. }, "{decode:?}");
    let status = client.access_token(&"o-1".into(), &"c-1".into(), &key).await.expect_err("401");
    assert_matches!(status, ApiError::Status { status: 401, .. }, "{status:?}");
    for error in [decode, status] {
        for text in [error.to_string(), format!("{error:?}"), format!("{:?}", error.failure())] {
            assert!(!text.contains(CUSTOMER_KEY), "{text}");
        }
    }
}
