//! The client's errors in two layers: a rich [`ApiError`] for code and logs (what was called, what came back), and
//! a small `Clone + PartialEq` [`Failure`] that the wizard holds and the UI explains.

use super::assumed::ErrorBody;
use super::certificate::CertificateProblem;
use super::signing::SigningError;

/// The longest slice of an unreadable body kept for diagnosis.
pub(crate) const RAW_BODY_LIMIT: usize = 2_000;

/// What went wrong with one call, with everything needed to diagnose it. Never holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No connection, or it dropped before an answer came.
    #[error("could not reach {endpoint}: {detail}")]
    Network {
        /// `METHOD path` of the call.
        endpoint: String,
        /// The transport's explanation.
        detail: String,
    },
    /// No answer within the client's timeout.
    #[error("{endpoint} did not answer within {seconds} seconds")]
    Timeout {
        /// `METHOD path` of the call.
        endpoint: String,
        /// The timeout that ran out.
        seconds: u64,
    },
    /// An error status, with the body parsed when it is the service's error shape.
    #[error("{endpoint} answered HTTP {status}{}", describe_body(.body.as_ref(), .raw_body))]
    Status {
        /// `METHOD path` of the call.
        endpoint: String,
        /// The HTTP status.
        status: u16,
        /// The service's `{code, message}`, when the body had that shape.
        body: Option<ErrorBody>,
        /// The body as text (cut to a readable length), when it did not.
        raw_body: String,
        /// `Retry-After` in seconds, when the service sent one.
        retry_after: Option<u64>,
    },
    /// A success status whose body is not what the contract says.
    #[error("{endpoint} answered HTTP {status} with a body that could not be read: {detail}")]
    Decode {
        /// `METHOD path` of the call.
        endpoint: String,
        /// The HTTP status.
        status: u16,
        /// The decoder's explanation.
        detail: String,
        /// The body as text (cut to a readable length).
        raw_body: String,
    },
    /// The service's certificate was not accepted, so nothing was sent.
    #[error("{endpoint} was not sent: the service's certificate was not accepted ({detail})")]
    Untrusted {
        /// `METHOD path` of the call.
        endpoint: String,
        /// Which check failed.
        problem: CertificateProblem,
        /// The transport's explanation.
        detail: String,
    },
    /// The request could not be built or signed.
    #[error("the request to {endpoint} could not be prepared: {detail}")]
    NotSent {
        /// `METHOD path` of the call.
        endpoint: String,
        /// Why.
        detail: String,
    },
}

fn describe_body(body: Option<&ErrorBody>, raw: &str) -> String {
    match body {
        Some(body) => format!(" ({}: {})", body.code, body.message),
        None if raw.trim().is_empty() => String::new(),
        None => format!(" with an unexpected body: {}", raw.trim()),
    }
}

/// Cuts a body to a readable length on a character boundary.
#[must_use]
pub fn truncate_body(raw: &str) -> String {
    match raw.char_indices().nth(RAW_BODY_LIMIT) {
        Some((cut, _)) => format!("{}…", &raw[..cut]),
        None => raw.to_owned(),
    }
}

impl ApiError {
    /// An error for a request that could not be signed.
    #[must_use]
    pub fn signing(endpoint: &str, error: &SigningError) -> Self {
        Self::NotSent { endpoint: endpoint.to_owned(), detail: error.to_string() }
    }

    /// The small form the wizard keeps.
    #[must_use]
    pub fn failure(&self) -> Failure {
        match self {
            Self::Network { detail, .. } => Failure::Unreachable { detail: detail.clone() },
            Self::Timeout { seconds, .. } => Failure::TimedOut { seconds: *seconds },
            Self::Status { status, body, retry_after, .. } => Failure::Status {
                status: *status,
                code: body.as_ref().map(|b| b.code.clone()),
                message: body.as_ref().map(|b| b.message.clone()),
                retry_after: *retry_after,
            },
            Self::Decode { status, detail, .. } => Failure::Unreadable { status: *status, detail: detail.clone() },
            Self::NotSent { detail, .. } => Failure::NotSent { detail: detail.clone() },
            Self::Untrusted { problem, detail, .. } => Failure::Untrusted { problem: *problem, detail: detail.clone() },
        }
    }
}

/// A failed call as the wizard holds it: small, comparable, and free of secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The service could not be reached (no connection, or it dropped).
    Unreachable {
        /// The transport's explanation.
        detail: String,
    },
    /// The service did not answer in time.
    TimedOut {
        /// The timeout that ran out.
        seconds: u64,
    },
    /// The service answered with an error status.
    Status {
        /// The HTTP status.
        status: u16,
        /// The service's machine word, if its body had one.
        code: Option<String>,
        /// The service's sentence, if its body had one.
        message: Option<String>,
        /// `Retry-After` in seconds, if sent.
        retry_after: Option<u64>,
    },
    /// The service answered success with a body that could not be read.
    Unreadable {
        /// The HTTP status.
        status: u16,
        /// The decoder's explanation.
        detail: String,
    },
    /// The request could not be prepared.
    NotSent {
        /// Why.
        detail: String,
    },
    /// Nothing was sent: the service's certificate was not accepted.
    Untrusted {
        /// Which check failed.
        problem: CertificateProblem,
        /// The transport's explanation.
        detail: String,
    },
    /// Nothing was sent: the progress that must be on disk before this request could not be saved.
    NotSaved(crate::store::SaveProblem),
    /// Nothing was sent: the keyring cannot keep the key that the answer would carry, so the answer would be lost.
    KeyringNotReady(crate::secrets::KeyringProblem),
}

impl Failure {
    /// The HTTP status, when the service answered with an error.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The service's error code, when it sent one.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Status { code, .. } => code.as_deref(),
            _ => None,
        }
    }

    /// True when the service may have done what was asked although no readable answer came: the connection broke,
    /// the time ran out, or a success answer could not be read. A retry may meet what the first request did.
    #[must_use]
    pub fn answer_may_be_lost(&self) -> bool {
        matches!(self, Self::Unreachable { .. } | Self::TimedOut { .. } | Self::Unreadable { .. })
    }

    /// True for failures where trying the same call again may work: transport trouble, timeouts, 5xx and 429.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        match self {
            // Nothing was sent, and trying again works once the disk or the keyring does.
            Self::Unreachable { .. } | Self::TimedOut { .. } | Self::NotSaved(_) | Self::KeyringNotReady(_) => true,
            Self::Status { status, .. } => *status >= 500 || *status == 429,
            // A certificate is trusted once the computer's settings change, not by sending again.
            Self::Unreadable { .. } | Self::NotSent { .. } | Self::Untrusted { .. } => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_error_maps_to_a_failure_with_its_code() {
        let error = ApiError::Status {
            endpoint: "POST organisations".into(),
            status: 409,
            body: Some(ErrorBody { code: "organisationLimitReached".into(), message: "Limit reached".into() }),
            raw_body: String::new(),
            retry_after: None,
        };
        assert_eq!(error.to_string(), "POST organisations answered HTTP 409 (organisationLimitReached: Limit reached)");
        let failure = error.failure();
        assert_eq!(failure.status(), Some(409));
        assert_eq!(failure.code(), Some("organisationLimitReached"));
        assert!(!failure.is_transient());
    }

    #[test]
    fn html_body_is_kept_readable_and_cut() {
        let error = ApiError::Status {
            endpoint: "GET captcha".into(),
            status: 502,
            body: None,
            raw_body: truncate_body(&"<html>".repeat(1_000)),
            retry_after: None,
        };
        assert!(error.to_string().contains("unexpected body: <html>"));
        assert!(error.to_string().chars().count() < 2_100);
        assert!(error.failure().is_transient());
    }
}
