//! X-Signature, exactly as CONTRACT §3: HMAC-SHA1 over `METHOD&enc(route)&enc(params)&enc(nonce)` with the key
//! `signing key + "&null"`. Used by the client to sign and by the emulator to verify. Pure: no I/O, no clock.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit as _, Mac as _};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use url::Url;

use super::redacted::SigningKey;

/// Every byte but `A-Z a-z 0-9 - _ . ~` is escaped.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// The longest nonce the service accepts.
pub const MAX_NONCE_CHARS: usize = 200;

/// Why a request cannot be signed (the upstream algorithm leaves these cases undefined, so we refuse them).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// A query parameter name appears twice.
    #[error("the query parameter \"{0}\" appears more than once; a signed request may name each parameter once")]
    DuplicateQueryParameter(String),
    /// A query parameter is named `body`, which the algorithm reserves for the body.
    #[error("a signed request may not have a query parameter named \"body\"")]
    QueryParameterNamedBody,
    /// The nonce is empty or too long.
    #[error("the nonce must be 1 to {MAX_NONCE_CHARS} characters long")]
    InvalidNonce,
    /// The HMAC implementation refused the key (it accepts every length, so this does not happen in practice).
    #[error("the signing key was refused by the HMAC implementation")]
    KeyRefused,
}

/// Percent-encodes the UTF-8 bytes of `text`, leaving only the unreserved set as it is (upper-case hex).
#[must_use]
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

/// The parts of an HTTP request that its signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignedParts<'a> {
    /// The HTTP method, any case.
    pub method: &'a str,
    /// The full URL, query included.
    pub url: &'a Url,
    /// The exact body bytes sent; an empty body counts as none.
    pub body: &'a [u8],
    /// The `X-Nonce` value.
    pub nonce: &'a str,
}

impl SignedParts<'_> {
    /// The signature base string: `METHOD&enc(route)&enc(paramString)&enc(nonce)`.
    pub fn base_string(&self) -> Result<String, SigningError> {
        if self.nonce.is_empty() || self.nonce.chars().count() > MAX_NONCE_CHARS {
            return Err(SigningError::InvalidNonce);
        }
        let route = self.url[..url::Position::AfterPath].to_lowercase();
        Ok(format!(
            "{}&{}&{}&{}",
            self.method.to_uppercase(),
            percent_encode(&route),
            percent_encode(&self.param_string()?),
            percent_encode(self.nonce)
        ))
    }

    /// The `X-Signature` value: base64 of HMAC-SHA1 over the base string, 28 characters.
    pub fn signature(&self, key: &SigningKey) -> Result<String, SigningError> {
        let mac = mac_over(key, &self.base_string()?)?;
        Ok(BASE64.encode(mac.finalize().into_bytes()))
    }

    /// True when `claimed` is this request's signature under `key` (compared in constant time).
    pub fn verify(&self, key: &SigningKey, claimed: &str) -> Result<bool, SigningError> {
        let mac = mac_over(key, &self.base_string()?)?;
        Ok(BASE64.decode(claimed).is_ok_and(|tag| mac.verify_slice(&tag).is_ok()))
    }

    /// `name=value` pairs of the body and the query, encoded, sorted by name, joined with `&`.
    fn param_string(&self) -> Result<String, SigningError> {
        let mut params: Vec<(String, String)> = Vec::new();
        for (name, value) in self.url.query_pairs() {
            if name == "body" {
                return Err(SigningError::QueryParameterNamedBody);
            }
            let name = percent_encode(&name);
            if params.iter().any(|(seen, _)| *seen == name) {
                return Err(SigningError::DuplicateQueryParameter(name));
            }
            params.push((name, percent_encode(&value)));
        }
        if !self.body.is_empty() {
            params.push(("body".to_owned(), percent_encode(&BASE64.encode(self.body))));
        }
        params.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let joined: Vec<String> = params.into_iter().map(|(name, value)| format!("{name}={value}")).collect();
        Ok(joined.join("&"))
    }
}

fn mac_over(key: &SigningKey, base: &str) -> Result<Hmac<Sha1>, SigningError> {
    let key_text = zeroize::Zeroizing::new(format!("{}&null", key.expose()));
    let mut mac = Hmac::<Sha1>::new_from_slice(key_text.as_bytes()).map_err(|_| SigningError::KeyRefused)?;
    mac.update(base.as_bytes());
    Ok(mac)
}

pub mod checks;

#[cfg(test)]
mod tests;
