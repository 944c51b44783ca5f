//! Verifying a signed request (CONTRACT §3) as received: the method, the URL rebuilt from the Host header, the RAW
//! body bytes, `X-Nonce` and `X-Signature`; a mismatch is refused with the base string computed here, for comparing
//! with the client's. Pure: the nonce's single use is the world's business, headers are `headers.rs`'s.

use url::Url;

use super::headers::SignatureHeaders;
use super::refusal::Refusal;
use crate::api::redacted::SigningKey;
use crate::api::signing::{SignedParts, SigningError};

/// A request as received: what its signature covers (the URL is `http://{Host}{path}{?query}`, the body the exact
/// bytes), and the `X-Signature` it claims.
#[derive(Clone, Copy, Debug)]
pub struct SignedRequest<'a> {
    /// Method, URL, body and `X-Nonce`.
    pub parts: SignedParts<'a>,
    /// `X-Signature`.
    pub signature: &'a str,
}

impl<'a> SignedRequest<'a> {
    /// The request a route received, with its signature headers.
    #[must_use]
    pub fn received(method: &'a str, url: &'a Url, body: &'a [u8], headers: &'a SignatureHeaders) -> Self {
        Self { parts: SignedParts { method, url, body, nonce: &headers.nonce }, signature: &headers.signature }
    }

    /// The `X-Nonce` it carries.
    #[must_use]
    pub fn nonce(&self) -> &'a str {
        self.parts.nonce
    }

    /// Ok when `X-Signature` is this request's signature under `key`; the nonce is not spent here. A mismatch is
    /// refused with the base string computed here, which holds no secret.
    pub fn verify(&self, key: &SigningKey) -> Result<(), Refusal> {
        match self.parts.verify(key, self.signature) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Refusal::signature_invalid_over(
                "it was not made with the expected key over these bytes",
                &self.parts.base_string().unwrap_or_default(),
            )),
            Err(SigningError::InvalidNonce) => Err(Refusal::nonce_invalid()),
            Err(error) => Err(Refusal::signature_invalid(&error.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assumed::codes;

    const KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const NONCE: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    fn signed<'a>(
        method: &'a str,
        url: &'a Url,
        body: &'a [u8],
        nonce: &'a str,
        signature: &'a str,
    ) -> SignedRequest<'a> {
        SignedRequest { parts: SignedParts { method, url, body, nonce }, signature }
    }

    #[test]
    fn tv3_is_accepted_and_any_change_is_refused() {
        let url = url("https://snd01us.sagebankdrive.com/api/v1/accesstoken");
        let good = signed("GET", &url, b"", NONCE, "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU=");
        assert_eq!(good.verify(&SigningKey::new(KEY)), Ok(()));

        let other_key = good.verify(&SigningKey::new("another key"));
        assert_eq!(other_key.map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let with_body = SignedRequest { parts: SignedParts { body: b"{}", ..good.parts }, ..good };
        assert_eq!(with_body.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let other_nonce = SignedRequest { parts: SignedParts { nonce: "another", ..good.parts }, ..good };
        assert_eq!(other_nonce.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let garbage = SignedRequest { signature: "not base64!", ..good };
        assert_eq!(garbage.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
    }

    #[test]
    fn tv2_body_bytes_are_verified_exactly() {
        let url = url("https://snd01us.sagebankdrive.com/api/v1/organisations");
        let body = br#"{"company":{"name":"TestCompany","postalCode":"NE139AA","standardIndustrialCode":"99","vatNumber":"123456789","languageCode":"en-GB"},"crmId":"123456789","user":{"emailAddress":"user@example.com","identity":"1001"}}"#;
        let key = SigningKey::new("16484ccc541734aa4274c80e14577348e6540ab9a7bda8063968bbd19229612f");
        let request =
            signed("POST", &url, body, "0f8fad5b-d9cb-469f-a165-70867728950e", "IptEDUukQ4gmWWbhAfR76wGlIcM=");
        assert_eq!(request.verify(&key), Ok(()));
        let mut spaced = body.to_vec();
        spaced.push(b' ');
        assert!(
            SignedRequest { parts: SignedParts { body: &spaced, ..request.parts }, ..request }.verify(&key).is_err()
        );
    }

    #[test]
    fn a_mismatch_states_the_base_string_the_emulator_computed() {
        let url = url("https://snd01us.sagebankdrive.com/api/v1/accesstoken");
        let request = signed("GET", &url, b"", NONCE, "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU=");
        let refusal = request.verify(&SigningKey::new("another key")).expect_err("refused");
        let tv3_base = "GET&https%3A%2F%2Fsnd01us.sagebankdrive.com%2Fapi%2Fv1%2Faccesstoken&&7c9e6679-7425-40de-944b-e07fc1f90ae7";
        assert!(refusal.message.contains(tv3_base), "{}", refusal.message);
        assert!(!refusal.message.contains(KEY), "no key in it");
    }

    #[test]
    fn an_overlong_nonce_is_invalid_rather_than_a_bad_signature() {
        let url = url("http://127.0.0.1:1/api/v1/accesstoken");
        let nonce = "n".repeat(201);
        let request = signed("GET", &url, b"", &nonce, "x");
        assert_eq!(request.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::NONCE_INVALID));
    }

    #[test]
    fn a_duplicate_query_parameter_is_refused_as_invalid() {
        let url = url("http://127.0.0.1:1/api/v1/accesstoken?a=1&a=2");
        let request = signed("GET", &url, b"", NONCE, "x");
        let refusal = request.verify(&SigningKey::new(KEY)).expect_err("refused");
        assert_eq!(refusal.code, codes::SIGNATURE_INVALID);
        assert!(refusal.message.contains("more than once"));
    }
}
