//! The scenario's injected fault (`api::Fault`) on the wire: which endpoint a request is, and how its answer fails.
//! An axum middleware outside every handler: a fault that leaves the request undone (refused, 500, 502, 429) answers
//! without calling the handler; the others let the handler act (and commit) first, then break, hold, spoil or delay
//! its answer. Logs the endpoint and the fault, never a body.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt as _;

use super::refusal::Refusal;
use super::routes::AppState;
use super::world::POLL_ROUTE_PREFIX;
use crate::api::{Fault, FaultEndpoint, FaultKind};

/// How long a `slow` answer is delayed unless the fault says otherwise.
const SLOW_DEFAULT: Duration = Duration::from_secs(3);
/// How long a `timeout` answer is held unless the fault says otherwise: past the client's 30 seconds.
const TIMEOUT_DEFAULT: Duration = Duration::from_mins(1);
/// How long a broken answer's first half is left on the wire before the connection breaks.
const HALF_ANSWER_PAUSE: Duration = Duration::from_millis(50);
/// The most of a handler's answer read to spoil it.
const ANSWER_LIMIT: usize = 16 * 1024 * 1024;

/// The HTML a proxy in front of the service answers 502 with.
const BAD_GATEWAY_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\
    <body><h1>502 Bad Gateway</h1><p>The upstream server did not answer (forced by the emulator's scenario fault: \
    badGateway).</p></body></html>\n";

/// Which endpoint of the wizard's a request is, by method and path; `None` for anything else.
#[must_use]
pub fn endpoint_of(method: &Method, path: &str) -> Option<FaultEndpoint> {
    if path == "/sts/api/v1/requestToken" {
        return (method == Method::POST).then_some(FaultEndpoint::RequestToken);
    }
    if path.strip_prefix(POLL_ROUTE_PREFIX).is_some_and(|rest| rest.starts_with('/')) {
        return (method == Method::GET).then_some(FaultEndpoint::Poll);
    }
    let segments: Vec<&str> = path.strip_prefix("/api/v1/")?.split('/').collect();
    let company = match segments.as_slice() {
        ["organisations", _, "companies", _, rest @ ..] => rest,
        [single] => {
            return match (method.as_str(), *single) {
                ("GET", "captcha") => Some(FaultEndpoint::Captcha),
                ("POST", "organisations") => Some(FaultEndpoint::CreateOrganisation),
                ("GET", "accesstoken") => Some(FaultEndpoint::AccessToken),
                ("GET", "banks") => Some(FaultEndpoint::Banks),
                _ => None,
            };
        }
        ["banks", _] => return (method == Method::GET).then_some(FaultEndpoint::Bank),
        _ => return None,
    };
    match (method.as_str(), company) {
        ("GET", ["indirectlinkaccount"]) => Some(FaultEndpoint::IndirectLink),
        ("POST", ["bankaccounts"]) => Some(FaultEndpoint::CreateBankAccount),
        ("GET", ["bankaccounts"]) => Some(FaultEndpoint::BankAccounts),
        ("GET", ["bankaccounts", _]) => Some(FaultEndpoint::BankAccount),
        ("DELETE", ["bankaccounts", _]) => Some(FaultEndpoint::DeleteBankAccount),
        ("GET", ["bankaccounts", _, "indirectauth"]) => Some(FaultEndpoint::Reauthorise),
        ("GET", ["availablebankaccounts"]) => Some(FaultEndpoint::AvailableBankAccounts),
        ("POST", ["linkavailablebankaccount"]) => Some(FaultEndpoint::LinkAvailableBankAccount),
        _ => None,
    }
}

/// Applies the scenario's fault to a request of its endpoint (spending one of its `times`); any other request goes
/// through untouched.
pub(super) async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(endpoint) = endpoint_of(request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let Some(fault) = state.take_fault(endpoint).await else {
        return next.run(request).await;
    };
    tracing::info!(endpoint = endpoint.label(), fault = fault.kind.label(), "the emulator injects a fault");
    match fault.kind {
        FaultKind::Refused => closed_before_answering(),
        FaultKind::ServerError => Refusal::server_error_by_fault().into_response(),
        FaultKind::BadGateway => bad_gateway(),
        FaultKind::RateLimited => Refusal::rate_limited_by_fault().into_response(),
        FaultKind::Slow => {
            tokio::time::sleep(delay(&fault, SLOW_DEFAULT)).await;
            next.run(request).await
        }
        FaultKind::Timeout => {
            let response = next.run(request).await;
            tokio::time::sleep(delay(&fault, TIMEOUT_DEFAULT)).await;
            response
        }
        FaultKind::ResetMidResponse => broken_halfway(next.run(request).await).await,
        FaultKind::MalformedJson => spoil_json(next.run(request).await, cut_in_half).await,
        FaultKind::MissingFields => spoil_json(next.run(request).await, without_fields).await,
    }
}

fn delay(fault: &Fault, default: Duration) -> Duration {
    fault.delay_ms.map_or(default, Duration::from_millis)
}

/// An answer whose body fails before its first byte: the server drops the connection without a status line, as
/// a client sees a refused connection (no answer, nothing done).
fn closed_before_answering() -> Response {
    let failing = futures_util::stream::once(async { Err::<Bytes, _>(std::io::Error::other("fault: refused")) });
    Response::new(Body::from_stream(failing))
}

/// 502 with a proxy's HTML page.
fn bad_gateway() -> Response {
    (StatusCode::BAD_GATEWAY, [(CONTENT_TYPE, "text/html; charset=utf-8")], BAD_GATEWAY_PAGE).into_response()
}

/// The handler's answer, its status, headers and first half sent, then the connection broken; an answer without a
/// body is not sent at all.
async fn broken_halfway(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ANSWER_LIMIT).await else {
        return closed_before_answering();
    };
    if bytes.is_empty() {
        // Nothing to cut (a 204): the answer is lost whole, after the work was done.
        return closed_before_answering();
    }
    parts.headers.remove(CONTENT_LENGTH);
    let half = bytes.slice(..bytes.len() / 2);
    let first = futures_util::stream::once(async move { Ok::<_, std::io::Error>(half) });
    let broken = futures_util::stream::once(async {
        tokio::time::sleep(HALF_ANSWER_PAUSE).await;
        Err(std::io::Error::other("fault: connection reset mid-response"))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(broken)))
}

/// A successful (or redirecting) JSON answer with its body rewritten by `spoil`; any other answer as it was.
async fn spoil_json(response: Response, spoil: fn(&[u8]) -> Vec<u8>) -> Response {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json || !(response.status().is_success() || response.status().is_redirection()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ANSWER_LIMIT).await else {
        return closed_before_answering();
    };
    let spoiled = spoil(&bytes);
    parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(spoiled.len()));
    Response::from_parts(parts, Body::from(spoiled))
}

/// The first half of the text: JSON cut off mid-way.
fn cut_in_half(body: &[u8]) -> Vec<u8> {
    body[..body.len() / 2].to_vec()
}

/// Every object, at the top or in a top-level array, emptied of its fields (`{}`); any other JSON as it was.
fn without_fields(body: &[u8]) -> Vec<u8> {
    let emptied = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(_)) => serde_json::json!({}),
        Ok(serde_json::Value::Array(items)) => serde_json::Value::Array(
            items.into_iter().map(|item| if item.is_object() { serde_json::json!({}) } else { item }).collect(),
        ),
        _ => return body.to_vec(),
    };
    emptied.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_endpoint_is_told_by_method_and_path() {
        let company = "/api/v1/organisations/o-1/companies/c-1";
        let cases = [
            (Method::POST, "/sts/api/v1/requestToken".to_owned(), Some(FaultEndpoint::RequestToken)),
            (Method::GET, "/api/v1/captcha".to_owned(), Some(FaultEndpoint::Captcha)),
            (Method::POST, "/api/v1/organisations".to_owned(), Some(FaultEndpoint::CreateOrganisation)),
            (Method::GET, "/api/v1/accesstoken".to_owned(), Some(FaultEndpoint::AccessToken)),
            (Method::GET, "/api/v1/banks".to_owned(), Some(FaultEndpoint::Banks)),
            (Method::GET, "/api/v1/banks/emulator-bank-gbr".to_owned(), Some(FaultEndpoint::Bank)),
            (Method::GET, format!("{company}/indirectlinkaccount"), Some(FaultEndpoint::IndirectLink)),
            (Method::GET, format!("{POLL_ROUTE_PREFIX}/l-1/2"), Some(FaultEndpoint::Poll)),
            (Method::POST, format!("{company}/bankaccounts"), Some(FaultEndpoint::CreateBankAccount)),
            (Method::GET, format!("{company}/bankaccounts/a-1"), Some(FaultEndpoint::BankAccount)),
            (Method::GET, format!("{company}/bankaccounts"), Some(FaultEndpoint::BankAccounts)),
            (Method::GET, format!("{company}/availablebankaccounts"), Some(FaultEndpoint::AvailableBankAccounts)),
            (
                Method::POST,
                format!("{company}/linkavailablebankaccount"),
                Some(FaultEndpoint::LinkAvailableBankAccount),
            ),
            (Method::GET, format!("{company}/bankaccounts/a-1/indirectauth"), Some(FaultEndpoint::Reauthorise)),
            (Method::DELETE, format!("{company}/bankaccounts/a-1"), Some(FaultEndpoint::DeleteBankAccount)),
            (Method::GET, "/api/v1/organisations".to_owned(), None),
            (Method::GET, "/emulator/admin/scenario".to_owned(), None),
            (Method::GET, "/consent/l-1".to_owned(), None),
            (Method::PUT, format!("{company}/bankaccounts/a-1"), None),
            (Method::GET, format!("{POLL_ROUTE_PREFIX}x"), None),
        ];
        for (method, path, expected) in cases {
            assert_eq!(endpoint_of(&method, &path), expected, "{method} {path}");
        }
        let told: std::collections::HashSet<_> = FaultEndpoint::ALL.into_iter().collect();
        assert_eq!(told.len(), FaultEndpoint::ALL.len());
    }

    #[test]
    fn spoiled_json_is_cut_or_emptied() {
        let body = br#"{"organisationId":"o-1","companies":["c-1"]}"#;
        assert!(serde_json::from_slice::<serde_json::Value>(&cut_in_half(body)).is_err());
        assert_eq!(without_fields(body), b"{}");
        assert_eq!(without_fields(br#"[{"bankId":"b"},{"bankId":"c"}]"#), b"[{},{}]");
        assert_eq!(without_fields(b"not json"), b"not json");
    }
}
