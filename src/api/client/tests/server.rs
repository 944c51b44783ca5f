//! A tiny axum server on `127.0.0.1:0` for the client's mapping tests: canned answers and a check of what a signed
//! call really sent. Not the emulator: just enough to see each status, header and body reach the client.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Response, Uri};
use url::Url;

use crate::api::Client;
use crate::api::headers::{X_NONCE, X_SIGNATURE};
use crate::api::redacted::SigningKey;
use crate::api::signing::SignedParts;
use crate::config::{AppIdentity, Endpoints};

/// A captcha as the service would send it.
pub const CAPTCHA_JSON: &str = r#"{"captchaId":"c-1","image":"iVBORw0KGgo=","expiresAt":"2030-01-01T00:00:00Z"}"#;

/// Serves `app` on a free loopback port until the test's runtime ends; the roots to reach it.
pub async fn serve(app: Router) -> Endpoints {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    endpoints_at(address)
}

/// The emulator's layout of roots on `address`.
pub fn endpoints_at(address: SocketAddr) -> Endpoints {
    Endpoints {
        banking: Url::parse(&format!("http://{address}/api/v1/")).expect("banking root"),
        token_service: Url::parse(&format!("http://{address}/sts/api/v1/")).expect("token service root"),
    }
}

/// A client with the test identity.
pub fn client(endpoints: Endpoints) -> Client {
    Client::new(endpoints, AppIdentity::default()).expect("client")
}

/// An answer with this status, these headers and this body.
pub fn canned(status: u16, headers: &[(&str, &str)], body: &str) -> Response<Body> {
    let mut response = Response::builder().status(status);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response.body(Body::from(body.to_owned())).expect("response")
}

/// A JSON answer.
pub fn json(status: u16, body: &str) -> Response<Body> {
    canned(status, &[("content-type", "application/json")], body)
}

/// Counts how many times a route was called.
#[derive(Clone, Default)]
pub struct Hits(Arc<AtomicUsize>);

impl Hits {
    /// Records one call.
    pub fn hit(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    /// The calls so far.
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// What is wrong with a request that should be signed with `key` and carry `expected` headers, checked as the
/// emulator does: X-Signature over the raw bytes received. `None` when all is well.
pub fn signed_request_problem(
    key: &SigningKey,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
    expected: &[(&str, &str)],
) -> Option<String> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    for (name, value) in expected {
        if header(name) != Some(*value) {
            return Some(format!("header {name} is {:?}, expected {value:?}", header(name)));
        }
    }
    let (Some(host), Some(nonce), Some(signature)) = (header("host"), header(X_NONCE), header(X_SIGNATURE)) else {
        return Some("host, X-Nonce or X-Signature is missing".to_owned());
    };
    if uuid::Uuid::parse_str(nonce).map(|id| id.get_version_num()) != Ok(4) {
        return Some(format!("X-Nonce {nonce} is not a UUID v4"));
    }
    let url = Url::parse(&format!("http://{host}{uri}")).expect("request URL");
    let parts = SignedParts { method: method.as_str(), url: &url, body, nonce };
    match parts.verify(key, signature) {
        Ok(true) => None,
        Ok(false) => Some("X-Signature does not match the bytes received".to_owned()),
        Err(error) => Some(error.to_string()),
    }
}
