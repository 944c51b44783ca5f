//! One exchange made into an [`Exchange`] for the session's log: what was sent, read off the built request, and
//! what came back, each redacted (`redaction`) before it is kept. Private to the client.

use std::time::Duration;

use jiff::Timestamp;
use reqwest::header::{HeaderMap, USER_AGENT as USER_AGENT_HEADER};

use super::reply::Reply;
use super::{Call, USER_AGENT};
use crate::api::error::ApiError;
use crate::api::exchange::{Body, Exchange, Header, Response, Signing};
use crate::api::redaction::{self, blank_query, blank_secret_fields};

/// What was sent, redacted, waiting for its answer.
pub(super) struct Sent {
    method: String,
    url: String,
    path: String,
    headers: Vec<Header>,
    body: Body,
    signing: Option<Signing>,
}

impl Sent {
    /// The request as it goes out: a route's query blanked, secret headers blanked, secret fields blanked.
    pub(super) fn of(request: &reqwest::Request, call: &Call<'_>, signing: Option<Signing>) -> Self {
        let url = request.url().as_str();
        let url = if call.is_route() { blank_query(url) } else { url.to_owned() };
        let mut headers = kept_headers(request.headers());
        if !request.headers().contains_key(USER_AGENT_HEADER) {
            headers.push(Header { name: USER_AGENT_HEADER.as_str().to_owned(), value: USER_AGENT.to_owned() });
        }
        let bytes = request.body().and_then(reqwest::Body::as_bytes).unwrap_or_default();
        Self {
            method: request.method().as_str().to_owned(),
            url,
            path: request.url().path().to_owned(),
            headers,
            body: Body::kept(bytes, blank_secret_fields),
            signing,
        }
    }

    /// The whole exchange, with what came back (or why nothing did). Its number is given by the log.
    pub(super) fn answered(
        self,
        started_at: Timestamp,
        duration: Duration,
        outcome: &Result<Reply, ApiError>,
    ) -> Exchange {
        let (response, failure) = match outcome {
            Ok(reply) => (
                Some(Response {
                    status: reply.status(),
                    headers: kept_headers(reply.headers()),
                    body: Body::kept(reply.body(), blank_secret_fields),
                }),
                None,
            ),
            Err(error) => (None, Some(error.to_string())),
        };
        Exchange {
            id: 0,
            started_at,
            duration,
            method: self.method,
            url: self.url,
            path: self.path,
            request_headers: self.headers,
            request_body: self.body,
            response,
            failure,
            signing: self.signing,
        }
    }
}

/// Headers as they may be kept: in order, values that are not text shown as such, secret ones blanked.
fn kept_headers(headers: &HeaderMap) -> Vec<Header> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value
                .to_str()
                .map_or_else(|_| "(not text)".to_owned(), |text| redaction::header_value(name.as_str(), text));
            Header { name: name.as_str().to_owned(), value }
        })
        .collect()
}
