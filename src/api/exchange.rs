//! The session's record of the client's HTTP exchanges, for the request inspector and the exports: each exchange as
//! it went over the wire (method, URL, headers, bodies, status, timing, and for signed calls the nonce and the
//! signature base string), redacted before it is kept (`redaction`). Bounded: the oldest are let go past
//! [`EXCHANGES_KEPT`]. Shared between the client, which records, and the UI, which reads.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use jiff::Timestamp;

/// How many exchanges a session keeps; older ones are let go (and counted).
pub const EXCHANGES_KEPT: usize = 1_000;

/// The most text of one body that is kept; the rest is counted, not kept.
pub const BODY_TEXT_KEPT: usize = 256 * 1024;

/// The most body text the whole log keeps; past it the oldest exchanges are let go, whatever their number.
pub const BODY_BYTES_KEPT: usize = 32 * 1024 * 1024;

/// One header as it was sent or received (a secret value already blanked).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Its name, lower case.
    pub name: String,
    /// Its value, redacted where it is a secret.
    pub value: String,
}

/// A request's or a response's body as kept: redacted text, cut at [`BODY_TEXT_KEPT`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// The body as text (UTF-8, lossy), secret fields blanked.
    pub text: String,
    /// Its size on the wire, in bytes.
    pub size: usize,
    /// True when `text` was cut.
    pub cut: bool,
}

impl Body {
    /// A body kept from its bytes: its first [`BODY_TEXT_KEPT`] bytes made text and redacted by `redact` (a secret
    /// cut at the end is blanked too), then cut again; no more memory is held than what is kept.
    #[must_use]
    pub fn kept(bytes: &[u8], redact: impl Fn(&str) -> String) -> Self {
        let text = String::from_utf8_lossy(bytes);
        let cut = text.len() > BODY_TEXT_KEPT;
        let mut text = redact(cut_at(&text, BODY_TEXT_KEPT));
        if text.len() > BODY_TEXT_KEPT {
            let end = cut_at(&text, BODY_TEXT_KEPT).len();
            text.truncate(end);
        }
        text.shrink_to_fit();
        Self { text, size: bytes.len(), cut }
    }
}

/// The longest start of `text` of at most `max` bytes that ends on a character boundary.
#[must_use]
pub fn cut_at(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What came back, when anything did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The headers received, in order.
    pub headers: Vec<Header>,
    /// The body.
    pub body: Body,
}

/// How a signed call was signed (CONTRACT §3): what a signature failure is explained with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signing {
    /// The `X-Nonce` sent.
    pub nonce: String,
    /// The signature base string the HMAC was computed over (over the redacted body, were a body ever to hold a
    /// secret field).
    pub base_string: String,
}

/// One exchange of the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// Its number in the session, from 1.
    pub id: u64,
    /// When the request was sent.
    pub started_at: Timestamp,
    /// How long until the whole answer had arrived (or the exchange failed).
    pub duration: Duration,
    /// `GET`, `POST`, …
    pub method: String,
    /// The whole URL (a single-use route's query blanked).
    pub url: String,
    /// The URL's path, for the list.
    pub path: String,
    /// The headers sent.
    pub request_headers: Vec<Header>,
    /// The body sent.
    pub request_body: Body,
    /// The answer; `None` when none arrived.
    pub response: Option<Response>,
    /// Why there was no (whole) answer: a refused connection, a timeout.
    pub failure: Option<String>,
    /// For a signed call, its nonce and base string.
    pub signing: Option<Signing>,
}

/// The session's exchanges, oldest first; cheap to clone (every clone is the same log).
#[derive(Clone, Debug, Default)]
pub struct ExchangeLog {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    kept: Mutex<Kept>,
    /// Bumped on every change, so a reader can tell cheaply whether to look again.
    generation: AtomicU64,
}

#[derive(Debug, Default)]
struct Kept {
    exchanges: VecDeque<Arc<Exchange>>,
    /// The body text the exchanges kept hold, in bytes.
    body_bytes: usize,
    next_id: u64,
    let_go: u64,
}

impl Exchange {
    /// The body text it keeps, in bytes.
    fn body_bytes(&self) -> usize {
        self.request_body.text.len() + self.response.as_ref().map_or(0, |response| response.body.text.len())
    }
}

impl ExchangeLog {
    /// An empty log.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps `exchange`, numbering it; the oldest are let go past [`EXCHANGES_KEPT`] or [`BODY_BYTES_KEPT`].
    pub fn record(&self, mut exchange: Exchange) {
        let mut kept = self.kept();
        kept.next_id += 1;
        exchange.id = kept.next_id;
        kept.body_bytes += exchange.body_bytes();
        kept.exchanges.push_back(Arc::new(exchange));
        while kept.exchanges.len() > EXCHANGES_KEPT || (kept.body_bytes > BODY_BYTES_KEPT && kept.exchanges.len() > 1) {
            let Some(oldest) = kept.exchanges.pop_front() else { break };
            kept.body_bytes -= oldest.body_bytes();
            kept.let_go += 1;
        }
        drop(kept);
        self.inner.generation.fetch_add(1, Ordering::Release);
    }

    /// Every exchange kept, oldest first.
    #[must_use]
    pub fn exchanges(&self) -> Vec<Arc<Exchange>> {
        self.kept().exchanges.iter().cloned().collect()
    }

    /// How many exchanges are kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.kept().exchanges.len()
    }

    /// True when none is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.kept().exchanges.is_empty()
    }

    /// How many older exchanges were let go.
    #[must_use]
    pub fn let_go(&self) -> u64 {
        self.kept().let_go
    }

    /// Changes whenever an exchange is recorded or the log is cleared.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// Forgets every exchange (numbering goes on).
    pub fn clear(&self) {
        let mut kept = self.kept();
        kept.exchanges.clear();
        kept.body_bytes = 0;
        kept.let_go = 0;
        drop(kept);
        self.inner.generation.fetch_add(1, Ordering::Release);
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.inner.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
impl Exchange {
    /// For tests: a `GET` of `path` on loopback that got no answer.
    pub(crate) fn unanswered_get(path: &str) -> Self {
        Self {
            id: 0,
            started_at: Timestamp::UNIX_EPOCH,
            duration: Duration::from_millis(3),
            method: "GET".to_owned(),
            url: format!("http://127.0.0.1:1{path}"),
            path: path.to_owned(),
            request_headers: Vec::new(),
            request_body: Body::default(),
            response: None,
            failure: None,
            signing: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(path: &str) -> Exchange {
        Exchange::unanswered_get(path)
    }

    #[test]
    fn exchanges_are_numbered_and_the_oldest_let_go_past_the_limit() {
        let log = ExchangeLog::new();
        let before = log.generation();
        for n in 0..EXCHANGES_KEPT + 2 {
            log.record(exchange(&format!("/{n}")));
        }
        let kept = log.exchanges();
        assert_eq!(kept.len(), EXCHANGES_KEPT);
        assert_eq!((kept[0].id, kept[0].path.as_str()), (3, "/2"));
        assert_eq!(log.let_go(), 2);
        assert_ne!(log.generation(), before);
        log.clear();
        assert!(log.is_empty() && log.exchanges().is_empty());
        log.record(exchange("/next"));
        assert_eq!(log.exchanges()[0].id, EXCHANGES_KEPT as u64 + 3, "numbering goes on after a clear");
    }

    #[test]
    fn the_oldest_are_let_go_past_the_body_budget() {
        let log = ExchangeLog::new();
        let big = "x".repeat(BODY_TEXT_KEPT);
        let count = BODY_BYTES_KEPT / BODY_TEXT_KEPT + 3;
        for n in 0..count {
            let mut exchange = exchange(&format!("/{n}"));
            exchange.request_body = Body::kept(big.as_bytes(), str::to_owned);
            log.record(exchange);
        }
        assert_eq!(log.len(), BODY_BYTES_KEPT / BODY_TEXT_KEPT);
        assert_eq!(log.let_go(), 3);
    }

    #[test]
    fn a_body_is_redacted_then_cut_on_a_character_boundary() {
        let body = Body::kept(br#"{"jwt":"eyJ"}"#, crate::api::redaction::blank_secret_fields);
        assert_eq!((body.text.as_str(), body.size, body.cut), (r#"{"jwt":"[redacted]"}"#, 13, false));
        let long = "é".repeat(BODY_TEXT_KEPT);
        let body = Body::kept(long.as_bytes(), str::to_owned);
        assert!(body.cut && body.text.len() <= BODY_TEXT_KEPT && body.size == long.len());
    }
}
