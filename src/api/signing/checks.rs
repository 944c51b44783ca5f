//! The properties X-Signature must keep for any request, whatever the bytes: checked by the `signing` fuzz target
//! (`fuzz/`) and by the replay of its corpus in the ordinary tests. Never panics itself: a broken property comes back
//! as a [`Violation`].

use url::Url;

use super::{SignedParts, SigningError};
use crate::api::client::decode::checks::Violation;
use crate::api::redacted::SigningKey;

/// Separates the parts of an input: method, URL, body, nonce, key, a claimed signature.
const PART_SEPARATOR: u8 = 0;

/// Where a URL that does not parse on its own is joined, as a path and query.
const BASE: &str = "https://api.example.test/api/v1/";

/// Signs and verifies the request that `data` describes: six parts split at [`PART_SEPARATOR`] (missing ones
/// empty), text read lossily from UTF-8, the URL joined to a base when it is not absolute. Checks that building the
/// base string never panics; that when it succeeds the signature is 28 characters of base64, is reproduced, and
/// verifies; that it fails to verify once one byte of the body or the nonce, or one character of the signature,
/// differs; and that verifying the claimed signature never panics.
pub fn check(data: &[u8]) -> Result<(), Violation> {
    let mut parts = data.split(|&byte| byte == PART_SEPARATOR).map(String::from_utf8_lossy);
    let mut next = || parts.next().unwrap_or_default().into_owned();
    let (method, url_text, body, nonce, key, claimed) = (next(), next(), next(), next(), next(), next());
    let Some(url) = Url::parse(&url_text).ok().or_else(|| Url::parse(BASE).and_then(|b| b.join(&url_text)).ok()) else {
        return Ok(());
    };
    let key = SigningKey::new(key);
    let parts = SignedParts { method: &method, url: &url, body: body.as_bytes(), nonce: &nonce };
    let claimed_verdict = parts.verify(&key, &claimed);
    let signature = match parts.signature(&key) {
        Ok(signature) => signature,
        Err(error) => return refused_alike(&error, &claimed_verdict, &parts),
    };
    let fail = |what: &str| Err(Violation(format!("{what}: {parts:?} signed {signature:?}")));
    if signature.len() != 28 || parts.signature(&key).as_ref() != Ok(&signature) {
        return fail("the signature is not 28 characters, or not reproduced");
    }
    if parts.verify(&key, &signature) != Ok(true) {
        return fail("the signature does not verify");
    }
    if claimed_verdict != Ok(claimed == signature) {
        return fail("a claimed signature is judged unlike the computed one");
    }
    let changed_signature = change_char(&signature);
    if parts.verify(&key, &changed_signature) != Ok(false) {
        return fail("a changed signature verifies");
    }
    let mut changed_body = body.clone().into_bytes();
    if let Some(first) = changed_body.first_mut() {
        *first ^= 1;
        let changed = SignedParts { body: &changed_body, ..parts };
        if changed.verify(&key, &signature) != Ok(false) {
            return fail("a changed body verifies");
        }
    }
    let changed_nonce = change_char(&nonce);
    let changed = SignedParts { nonce: &changed_nonce, ..parts };
    if changed.verify(&key, &signature).is_ok_and(|verified| verified) {
        return fail("a changed nonce verifies");
    }
    Ok(())
}

/// When signing is refused, verifying must be refused with the same reason.
fn refused_alike(
    error: &SigningError,
    verdict: &Result<bool, SigningError>,
    parts: &SignedParts<'_>,
) -> Result<(), Violation> {
    if verdict.as_ref().err() == Some(error) {
        Ok(())
    } else {
        Err(Violation(format!("signing refused {parts:?} ({error}) but verifying said {verdict:?}")))
    }
}

/// `text` with its first character replaced by another one (`A` by `B`, anything else by `A`); `A` when empty.
fn change_char(text: &str) -> String {
    let mut chars = text.chars();
    let first = match chars.next() {
        Some('A') => 'B',
        _ => 'A',
    };
    std::iter::once(first).chain(chars).collect()
}
