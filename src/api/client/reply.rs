//! What came back from one exchange, and how it becomes a value or an [`ApiError`]: transport errors, status checks
//! (the service's `{code, message}` body, `Retry-After`), decoding, and bodies made safe to keep (cut to length,
//! secret fields blanked). Private to the client.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;

use crate::api::assumed::ErrorBody;
use crate::api::certificate::CertificateProblem;
use crate::api::error::{ApiError, truncate_body};
use crate::api::models::{PollAnswer, PollFinished, PollPending};
use crate::api::redaction::blank_secret_fields;

/// An answer that arrived in full: its status, `Retry-After` and body bytes.
#[derive(Debug)]
pub(in crate::api) struct Reply {
    endpoint: String,
    status: u16,
    retry_after: Option<u64>,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    /// Reads the whole answer; a transport failure while reading the body is an error like one while sending.
    pub(super) async fn read(
        response: reqwest::Response,
        endpoint: String,
        timeout: Duration,
    ) -> Result<Self, ApiError> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        match response.bytes().await {
            Ok(body) => Ok(Self::of(endpoint, status, headers, body.to_vec())),
            Err(error) => Err(transport_error(error, endpoint, timeout)),
        }
    }

    /// An answer from its parts, `Retry-After` read from `headers`: what [`Reply::read`] builds once the body is in,
    /// and what [`super::decode`] builds from bytes without a network.
    pub(super) fn of(endpoint: String, status: u16, headers: HeaderMap, body: Vec<u8>) -> Self {
        let retry_after = retry_after(&headers);
        Self { endpoint, status, retry_after, headers, body }
    }

    /// The HTTP status.
    pub(in crate::api) fn status(&self) -> u16 {
        self.status
    }

    /// The headers received.
    pub(super) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body bytes received.
    pub(super) fn body(&self) -> &[u8] {
        &self.body
    }

    /// The reply itself when its status is 2xx; otherwise an [`ApiError::Status`] with the body parsed as the
    /// service's error shape when it has it, else kept as (safe, cut) text.
    pub(in crate::api) fn success(self) -> Result<Self, ApiError> {
        if (200..300).contains(&self.status) {
            return Ok(self);
        }
        let body = serde_json::from_slice::<ErrorBody>(&self.body).ok();
        let raw_body = if body.is_some() { String::new() } else { readable(&self.body) };
        Err(ApiError::Status {
            endpoint: self.endpoint,
            status: self.status,
            body,
            raw_body,
            retry_after: self.retry_after,
        })
    }

    /// The body of an answer that may be a redirect (`indirectlinkaccount`, `indirectauth`): a 302 is read like a
    /// success (its JSON body is the answer, the redirect is not followed); any other status is checked as
    /// [`Reply::success`] does.
    pub(in crate::api) fn decode_redirect<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        if self.status == 302 { self.decode() } else { self.success()?.decode() }
    }

    /// What one poll of a poll route learned: 202 is [`PollAnswer::Pending`] with the next route, another 2xx the
    /// finished link (`success: true` without an account is an [`ApiError::Decode`]), anything else an error.
    pub(in crate::api) fn poll_answer(self) -> Result<PollAnswer, ApiError> {
        let reply = self.success()?;
        if reply.status == 202 {
            return reply.decode::<PollPending>().map(PollAnswer::Pending);
        }
        let status = reply.status;
        let finished: PollFinished = reply.decode()?;
        finished.into_answer().ok_or_else(|| ApiError::Decode {
            endpoint: "GET poll route".to_owned(),
            status,
            detail: "it says success but names no account".to_owned(),
            raw_body: String::new(),
        })
    }

    /// The body decoded as `T`; a body that does not decode is an [`ApiError::Decode`] keeping it as safe text.
    pub(in crate::api) fn decode<T: DeserializeOwned>(self) -> Result<T, ApiError> {
        serde_json::from_slice(&self.body).map_err(|error| ApiError::Decode {
            endpoint: self.endpoint,
            status: self.status,
            detail: error.to_string(),
            raw_body: readable(&self.body),
        })
    }
}

/// A transport failure as an [`ApiError`]: [`ApiError::Timeout`] when the timeout ran out, else
/// [`ApiError::Network`]. The URL is left out (a signed poll route carries its signature in the query).
pub(super) fn transport_error(error: reqwest::Error, endpoint: String, timeout: Duration) -> ApiError {
    if error.is_timeout() {
        let seconds = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0);
        ApiError::Timeout { endpoint, seconds }
    } else if let Some(problem) = CertificateProblem::find(&error) {
        ApiError::Untrusted { endpoint, problem, detail: describe_transport(&error.without_url()) }
    } else {
        ApiError::Network { endpoint, detail: describe_transport(&error.without_url()) }
    }
}

/// The error and its causes, joined with `: ` ("error sending request: …: Connection refused").
pub(super) fn describe_transport(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// `Retry-After` as seconds; the HTTP-date form is not used by these services and reads as `None`.
fn retry_after(headers: &HeaderMap) -> Option<u64> {
    headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()
}

/// A body as text fit to keep in an error: secret fields blanked, cut to a readable length.
fn readable(body: &[u8]) -> String {
    truncate_body(&blank_secret_fields(&String::from_utf8_lossy(body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert(RETRY_AFTER, " 7 ".parse().expect("header"));
        assert_eq!(retry_after(&headers), Some(7));
        headers.insert(RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("header"));
        assert_eq!(retry_after(&headers), None);
    }
}
