//! The emulator's access tokens: HS256 JWTs (HMAC-SHA256) naming an organisation and a company, issued by
//! `GET accesstoken` and checked on bearer routes. Pure: time comes in as a value; no axum, no clock.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use hmac::digest::Key;
use hmac::{Hmac, KeyInit as _, Mac as _};
use jiff::Timestamp;
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::redacted::Jwt;

/// The JOSE header of every token, base64url of `{"alg":"HS256","typ":"JWT"}`.
const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/// The secret that signs tokens (one HMAC-SHA256 block); one per emulator start, never shown.
#[derive(Clone)]
pub struct JwtKey(zeroize::Zeroizing<[u8; 64]>);

impl JwtKey {
    /// A fresh random key.
    pub fn random(rng: &mut impl Rng) -> Self {
        let mut key = zeroize::Zeroizing::new([0_u8; 64]);
        rng.fill(&mut key[..]);
        Self(key)
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new(&Key::<Hmac<Sha256>>::from(*self.0))
    }
}

impl std::fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKey([redacted])")
    }
}

/// What a token says: who it is for and when it lives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The organisation.
    pub org: OrganisationId,
    /// The company inside it.
    pub company: CompanyId,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Expires at, seconds since the Unix epoch; the token is refused from this second on.
    pub exp: i64,
}

/// Why a token is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Malformed, not HS256, or not signed with this key.
    #[error("the token is malformed or not signed by this service")]
    Invalid,
    /// Well signed but past its `exp`.
    #[error("the token has expired")]
    Expired,
}

/// Signs `claims` into a compact JWT.
#[must_use]
pub fn issue(key: &JwtKey, claims: &Claims) -> Jwt {
    // Serialising a struct of strings and integers to JSON cannot fail; an empty payload would fail verification.
    let payload = B64URL.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("{HEADER}.{payload}");
    let mut mac = key.mac();
    mac.update(signing_input.as_bytes());
    let signature = B64URL.encode(mac.finalize().into_bytes());
    Jwt::new(format!("{signing_input}.{signature}"))
}

/// The claims of `token` when it was signed with `key` and has not expired at `now`.
pub fn verify(key: &JwtKey, token: &str, now: Timestamp) -> Result<Claims, JwtError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtError::Invalid);
    };
    if header != HEADER {
        return Err(JwtError::Invalid);
    }
    let tag = B64URL.decode(signature).map_err(|_| JwtError::Invalid)?;
    let mut mac = key.mac();
    mac.update(header.as_bytes());
    mac.update(b".");
    mac.update(payload.as_bytes());
    mac.verify_slice(&tag).map_err(|_| JwtError::Invalid)?;
    let json = B64URL.decode(payload).map_err(|_| JwtError::Invalid)?;
    let claims: Claims = serde_json::from_slice(&json).map_err(|_| JwtError::Invalid)?;
    if now.as_second() >= claims.exp {
        return Err(JwtError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("valid time")
    }

    fn claims() -> Claims {
        Claims { org: "org-1".into(), company: "co-1".into(), iat: 1_000, exp: 2_200 }
    }

    #[test]
    fn header_constant_is_the_hs256_header() {
        assert_eq!(B64URL.decode(HEADER).expect("base64url"), br#"{"alg":"HS256","typ":"JWT"}"#);
    }

    #[test]
    fn a_token_verifies_until_it_expires() {
        let key = JwtKey::random(&mut StdRng::seed_from_u64(1));
        let jwt = issue(&key, &claims());
        assert_eq!(jwt.expose().split('.').count(), 3);
        assert_eq!(verify(&key, jwt.expose(), at(1_000)), Ok(claims()));
        assert_eq!(verify(&key, jwt.expose(), at(2_199)), Ok(claims()));
        assert_eq!(verify(&key, jwt.expose(), at(2_200)), Err(JwtError::Expired));
    }

    #[test]
    fn another_key_or_a_changed_payload_is_invalid() {
        let key = JwtKey::random(&mut StdRng::seed_from_u64(1));
        let other = JwtKey::random(&mut StdRng::seed_from_u64(2));
        let jwt = issue(&key, &claims());
        assert_eq!(verify(&other, jwt.expose(), at(1_000)), Err(JwtError::Invalid));

        let forged = Claims { org: "org-2".into(), ..claims() };
        let forged_payload = B64URL.encode(serde_json::to_vec(&forged).expect("json"));
        let parts: Vec<&str> = jwt.expose().split('.').collect();
        let tampered = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
        assert_eq!(verify(&key, &tampered, at(1_000)), Err(JwtError::Invalid));
    }

    #[test]
    fn malformed_tokens_are_invalid() {
        let key = JwtKey::random(&mut StdRng::seed_from_u64(1));
        for token in ["", "a.b", "a.b.c.d", "eyJhbGciOiJub25lIn0.e30.", &format!("{HEADER}.e30.!!")] {
            assert_eq!(verify(&key, token, at(0)), Err(JwtError::Invalid), "{token}");
        }
    }

    #[test]
    fn debug_hides_the_key() {
        let key = JwtKey::random(&mut StdRng::seed_from_u64(1));
        assert_eq!(format!("{key:?}"), "JwtKey([redacted])");
    }
}
