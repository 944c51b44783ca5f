//! The crash report's scrubber: blanks whatever in free text is shaped like a secret (a run of 32 or more hex digits
//! such as a customer's signing key, a JWT, a `Bearer` value, a signed URL's `sig=`/`signature=`/`token=` value, and
//! the values of fields named like a token, in JSON, in Rust's `Debug` or as `name=value`). Pure, and it must never
//! panic: it runs inside the panic hook. Where a span would fall off a character boundary it blanks the rest.

use std::ops::Range;

use crate::api::redacted::REDACTED;
use crate::api::redaction::{blank_secret_fields, string_end};

/// The shortest run of hex digits taken for a key or a digest (a signing key is 64).
pub const HEX_RUN: usize = 32;

/// How every JWT begins: base64url of `{"`.
const JWT_START: &str = "eyJ";

/// How many characters after [`JWT_START`] make it a token rather than a word.
const JWT_TAIL: usize = 8;

/// Field names (lower case) whose value is blanked after `:` or `=`, quoted or not.
const FIELD_NAMES: [&str; 11] = [
    "token",
    "jwt",
    "answer",
    "clientauthorisationtoken",
    "client_authorisation_token",
    "signingkey",
    "signing_key",
    "access_token",
    "accesstoken",
    "password",
    "secret",
];

/// Query parameters (lower case) whose value is blanked after `?` or `&`.
const QUERY_KEYS: [&str; 5] = ["sig", "signature", "token", "access_token", "session"];

/// Characters that end an unquoted value.
const VALUE_STOPS: &[char] = &[',', ';', '&', '#', ')', ']', '}', '>', '<', '"', '\'', '\\', '(', '[', '{'];

/// `text` with every secret-shaped part replaced by `[redacted]`.
#[must_use]
pub fn scrub(text: &str) -> String {
    let text = blank_secret_fields(text);
    let text = blank_spans(&text, field_values(&text));
    let text = blank_spans(&text, query_values(&text));
    let text = blank_spans(&text, bearer_values(&text));
    let text = blank_spans(&text, jwts(&text));
    blank_spans(&text, hex_runs(&text))
}

/// `text` with each span replaced by [`REDACTED`] (overlapping spans blank once); a span that does not fall on
/// character boundaries blanks everything from there on.
fn blank_spans(text: &str, mut spans: Vec<Range<usize>>) -> String {
    if spans.is_empty() {
        return text.to_owned();
    }
    spans.sort_by_key(|span| span.start);
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for span in spans {
        if span.start < kept {
            kept = kept.max(span.end);
            continue;
        }
        let Some(before) = text.get(kept..span.start) else {
            out.push_str(REDACTED);
            return out;
        };
        out.push_str(before);
        out.push_str(REDACTED);
        kept = span.end;
    }
    match text.get(kept..) {
        Some(rest) => out.push_str(rest),
        None if kept >= text.len() => {}
        None => out.push_str(REDACTED),
    }
    out
}

/// Runs of at least [`HEX_RUN`] ASCII hex digits.
fn hex_runs(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (at, byte) in text.bytes().enumerate() {
        if byte.is_ascii_hexdigit() {
            start.get_or_insert(at);
        } else if let Some(from) = start.take()
            && at - from >= HEX_RUN
        {
            spans.push(from..at);
        }
    }
    if let Some(from) = start
        && text.len() - from >= HEX_RUN
    {
        spans.push(from..text.len());
    }
    spans
}

/// True for the characters of a JWT: base64url and the dots between its parts.
fn is_jwt_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'=')
}

/// `eyJ` followed by at least [`JWT_TAIL`] base64url characters or dots: a whole JWT, or a piece of one.
fn jwts(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(JWT_START)) {
        let start = from + found;
        let tail_start = start + JWT_START.len();
        let tail = text.get(tail_start..).map_or(0, |rest| rest.bytes().take_while(|b| is_jwt_byte(*b)).count());
        if tail >= JWT_TAIL {
            spans.push(start..tail_start + tail);
        }
        from = tail_start + tail;
    }
    spans
}

/// The value after `Bearer ` (any case), unless it is blanked already.
fn bearer_values(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("bearer")) {
        let start = from + found;
        from = start + "bearer".len();
        if !starts_a_word(text, start) {
            continue;
        }
        let gap = text.get(from..).map_or(0, |rest| rest.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count());
        if gap == 0 {
            continue;
        }
        if let Some(span) = unquoted_value(text, from + gap) {
            from = span.end;
            spans.push(span);
        }
    }
    spans
}

/// The values of [`FIELD_NAMES`]: `"name": "value"`, `\"name\":\"value\"`, `name: "value"`, `name=value`.
fn field_values(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    for name in FIELD_NAMES {
        let mut from = 0;
        while let Some(found) = lower.get(from..).and_then(|rest| rest.find(name)) {
            let start = from + found;
            from = start + name.len();
            if !starts_a_word(text, start) {
                continue;
            }
            if let Some(span) = text.get(from..).and_then(separator_len).and_then(|len| value(text, from + len)) {
                spans.push(span);
            }
        }
    }
    spans
}

/// The values of [`QUERY_KEYS`] in a URL's query: `?sig=value`, `&token=value`.
fn query_values(text: &str) -> Vec<Range<usize>> {
    let lower = text.to_ascii_lowercase();
    let mut spans = Vec::new();
    for (at, _) in lower.match_indices(['?', '&']) {
        let Some(rest) = lower.get(at + 1..) else { continue };
        for key in QUERY_KEYS {
            if rest.strip_prefix(key).is_some_and(|after| after.starts_with('=')) {
                let start = at + 1 + key.len() + 1;
                if let Some(span) = unquoted_value(text, start) {
                    spans.push(span);
                }
            }
        }
    }
    spans
}

/// True when no letter, digit or `_` comes right before `at`.
fn starts_a_word(text: &str, at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|before| text.as_bytes().get(before))
        .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
}

/// The length of what joins a field's name to its value (a closing quote, spaces, `:` or `=`, spaces), if `rest`
/// starts with one.
fn separator_len(rest: &str) -> Option<usize> {
    let quote = ["\\\"", "\"", "'"].into_iter().find(|quote| rest.starts_with(quote)).map_or(0, str::len);
    let after_quote = rest.get(quote..)?;
    let spaces = after_quote.len() - after_quote.trim_start().len();
    let after_spaces = after_quote.get(spaces..)?;
    let sign = after_spaces.strip_prefix([':', '='])?;
    Some(rest.len() - sign.trim_start().len())
}

/// The contents of the value at `at`: inside `\"…\"`, `"…"` (JSON escapes skipped) or `'…'`, else unquoted.
fn value(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = text.get(at..)?;
    let (open, close) = if rest.starts_with("\\\"") {
        ("\\\"", "\\\"")
    } else if rest.starts_with('"') {
        let start = at + 1;
        let contents = text.get(start..)?;
        let len = string_end(contents).unwrap_or(contents.len());
        return (len > 0).then_some(start..start + len);
    } else if rest.starts_with('\'') {
        ("'", "'")
    } else {
        return unquoted_value(text, at);
    };
    let start = at + open.len();
    let inside = text.get(start..)?;
    let len = inside.find(close).unwrap_or(inside.len());
    (len > 0).then_some(start..start + len)
}

/// An unquoted value at `at`, up to a space or a [`VALUE_STOPS`] character; none when empty, already blanked, or
/// followed by `(`, `[` or `{` (a type's name in `Debug`, such as `Some(…)`).
fn unquoted_value(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = text.get(at..)?;
    if rest.starts_with(REDACTED) {
        return None;
    }
    let len = rest.find(|c: char| c.is_whitespace() || VALUE_STOPS.contains(&c)).unwrap_or(rest.len());
    let opens = rest.get(len..).is_some_and(|after| after.starts_with(['(', '[', '{']));
    (len > 0 && !opens).then_some(at..at + len)
}

#[cfg(test)]
mod tests;
