//! The session's exchanges as a HAR 1.2 document, the format a browser's developer tools import: one entry per
//! exchange, its headers, bodies, status and timing, and for signed calls the nonce and the signature base string
//! (`_signing`). A call that got no answer is still an entry (status 0, the failure in `response._error`). Built only
//! from the exchange log, which is redacted before it keeps anything; nothing here reads a key or a JWT.

mod check;
mod document;

use std::sync::Arc;

use self::document::{
    Cache, Content, Creator, Entry, HarResponse, Log, NameValue, PostData, Request, SigningNote, Timings,
};
use crate::api::card_number::mask_card_numbers;
use crate::api::exchange::{Body, Exchange, Header, Response};

pub use self::check::check_har_structure;
pub use self::document::Har;

/// The HTTP version every exchange is written with: the client speaks HTTP/1.1 only.
const HTTP_VERSION: &str = "HTTP/1.1";

/// The media type of a body whose `content-type` was not sent.
const UNKNOWN_MIME_TYPE: &str = "application/octet-stream";

/// What the log says about secrets.
const REDACTION_NOTE: &str = "Secrets (keys, JWTs, Authorization values, captcha answers, single-use routes) were \
                              redacted before these exchanges were kept; card numbers show only their last four digits.";

/// What a body that was cut says about itself.
const CUT_NOTE: &str = "Cut: only the start of this body was kept; `size` is its whole length on the wire.";

impl Har {
    /// The document as pretty-printed JSON, ready to write to a `.har` file; a card number anywhere in it keeps only
    /// its last four digits (the exchanges were masked when kept: this holds for the file whatever it is built from).
    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        let text = serde_json::to_string_pretty(self)?;
        Ok(mask_card_numbers(&text).into_owned().into_bytes())
    }

    /// The document as a JSON value (for checking it, or embedding it).
    pub fn to_value(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    /// How many entries it holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.log.entries.len()
    }

    /// True when it holds no entry.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.log.entries.is_empty()
    }
}

/// A HAR 1.2 document of `exchanges`, in the order given (the log's order: oldest first).
#[must_use]
pub fn har(exchanges: &[Arc<Exchange>]) -> Har {
    Har {
        log: Log {
            version: "1.2",
            creator: Creator { name: "bankfeeds-onboard", version: env!("CARGO_PKG_VERSION") },
            pages: [],
            entries: exchanges.iter().map(|exchange| entry(exchange)).collect(),
            comment: REDACTION_NOTE,
        },
    }
}

fn entry(exchange: &Exchange) -> Entry {
    let milliseconds = exchange.duration.as_secs_f64() * 1_000.0;
    let response =
        exchange.response.as_ref().map_or_else(|| no_response(exchange), |response| answered(exchange, response));
    let comment = match (&exchange.response, &exchange.failure) {
        (None, failure) => Some(failure_sentence(failure.as_deref())),
        (Some(_), Some(failure)) => Some(format!("The answer was not whole: {failure}")),
        (Some(_), None) => None,
    };
    Entry {
        started_date_time: format!("{:.3}", exchange.started_at),
        time: milliseconds,
        request: request(exchange),
        response,
        cache: Cache {},
        timings: Timings {
            blocked: -1.0,
            dns: -1.0,
            connect: -1.0,
            ssl: -1.0,
            send: 0.0,
            wait: milliseconds,
            receive: 0.0,
        },
        exchange_id: exchange.id,
        comment,
    }
}

fn request(exchange: &Exchange) -> Request {
    let has_body = exchange.request_body.size > 0 || !exchange.request_body.text.is_empty();
    let post_data = has_body.then(|| PostData {
        mime_type: mime_type(&exchange.request_headers),
        text: exchange.request_body.text.clone(),
        comment: exchange.request_body.cut.then_some(CUT_NOTE),
    });
    let signing = exchange
        .signing
        .as_ref()
        .map(|signing| SigningNote { nonce: signing.nonce.clone(), base_string: signing.base_string.clone() });
    Request {
        method: exchange.method.clone(),
        url: exchange.url.clone(),
        http_version: HTTP_VERSION,
        cookies: [],
        headers: name_values(&exchange.request_headers),
        query_string: query_string(&exchange.url),
        post_data,
        headers_size: -1,
        body_size: byte_count(&exchange.request_body),
        comment: signing.as_ref().map(|_| {
            "Signed with X-Signature (CONTRACT §3): `_signing` holds the nonce and the signature base string."
                .to_owned()
        }),
        signing,
    }
}

fn answered(exchange: &Exchange, response: &Response) -> HarResponse {
    HarResponse {
        status: response.status,
        status_text: reason_phrase(response.status).to_owned(),
        http_version: HTTP_VERSION,
        cookies: [],
        headers: name_values(&response.headers),
        content: Content {
            size: byte_count(&response.body),
            mime_type: mime_type(&response.headers),
            text: Some(response.body.text.clone()),
            comment: response.body.cut.then_some(CUT_NOTE),
        },
        redirect_url: header(&response.headers, "location").unwrap_or_default().to_owned(),
        headers_size: -1,
        body_size: byte_count(&response.body),
        error: exchange.failure.clone(),
    }
}

fn no_response(exchange: &Exchange) -> HarResponse {
    HarResponse {
        status: 0,
        status_text: String::new(),
        http_version: "",
        cookies: [],
        headers: Vec::new(),
        content: Content { size: 0, mime_type: UNKNOWN_MIME_TYPE.to_owned(), text: None, comment: None },
        redirect_url: String::new(),
        headers_size: -1,
        body_size: -1,
        error: Some(failure_sentence(exchange.failure.as_deref())),
    }
}

fn failure_sentence(failure: Option<&str>) -> String {
    failure.map_or_else(|| "No answer arrived.".to_owned(), |failure| format!("No answer arrived: {failure}"))
}

fn name_values(headers: &[Header]) -> Vec<NameValue> {
    headers.iter().map(|header| NameValue { name: header.name.clone(), value: header.value.clone() }).collect()
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers.iter().find(|header| header.name.eq_ignore_ascii_case(name)).map(|header| header.value.as_str())
}

fn mime_type(headers: &[Header]) -> String {
    header(headers, "content-type").unwrap_or(UNKNOWN_MIME_TYPE).to_owned()
}

/// The query's pairs, decoded; none when the URL does not parse.
fn query_string(url: &str) -> Vec<NameValue> {
    url::Url::parse(url).map_or_else(
        |_| Vec::new(),
        |url| {
            url.query_pairs()
                .map(|(name, value)| NameValue { name: name.into_owned(), value: value.into_owned() })
                .collect()
        },
    )
}

fn byte_count(body: &Body) -> i64 {
    i64::try_from(body.size).unwrap_or(i64::MAX)
}

/// The standard reason phrase of `status`, or "" for a code without one.
fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status).ok().and_then(|code| code.canonical_reason()).unwrap_or("")
}

#[cfg(test)]
mod tests;
