//! Verifying a signed request (CONTRACT §3) as received: the method, the URL rebuilt from the Host header, the RAW
//! body bytes, `X-Nonce` and `X-Signature`. Pure: the nonce's single use is the world's business, headers are
//! `headers.rs`'s.

use url::Url;

use super::refusal::Refusal;
use crate::api::redacted::SigningKey;
use crate::api::signing::{SignedParts, SigningError};

/// A request that carries `X-Signature` and `X-Nonce`, with everything its signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignedRequest<'a> {
    /// The HTTP method as received.
    pub method: &'a str,
    /// `http://{Host}{path}{?query}` as received.
    pub url: &'a Url,
    /// The exact body bytes received.
    pub body: &'a [u8],
    /// `X-Nonce`.
    pub nonce: &'a str,
    /// `X-Signature`.
    pub signature: &'a str,
}

impl SignedRequest<'_> {
    /// Ok when `X-Signature` is this request's signature under `key`; the nonce is not spent here.
    pub fn verify(&self, key: &SigningKey) -> Result<(), Refusal> {
        let parts = SignedParts { method: self.method, url: self.url, body: self.body, nonce: self.nonce };
        match parts.verify(key, self.signature) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Refusal::signature_invalid("it was not made with the expected key over these bytes")),
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

    #[test]
    fn tv3_is_accepted_and_any_change_is_refused() {
        let url = url("https://snd01us.sagebankdrive.com/api/v1/accesstoken");
        let good = SignedRequest {
            method: "GET",
            url: &url,
            body: b"",
            nonce: NONCE,
            signature: "Uhx6JpYkk1NA0Mr4M/EAS0uSCdU=",
        };
        assert_eq!(good.verify(&SigningKey::new(KEY)), Ok(()));

        let other_key = good.verify(&SigningKey::new("another key"));
        assert_eq!(other_key.map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let with_body = SignedRequest { body: b"{}", ..good };
        assert_eq!(with_body.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let other_nonce = SignedRequest { nonce: "another", ..good };
        assert_eq!(other_nonce.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
        let garbage = SignedRequest { signature: "not base64!", ..good };
        assert_eq!(garbage.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::SIGNATURE_INVALID));
    }

    #[test]
    fn tv2_body_bytes_are_verified_exactly() {
        let url = url("https://snd01us.sagebankdrive.com/api/v1/organisations");
        let body = br#"{"company":{"name":"TestCompany","postalCode":"NE139AA","standardIndustrialCode":"99","vatNumber":"123456789","languageCode":"en-GB"},"crmId":"123456789","user":{"emailAddress":"user@example.com","identity":"1001"}}"#;
        let key = SigningKey::new("16484ccc541734aa4274c80e14577348e6540ab9a7bda8063968bbd19229612f");
        let request = SignedRequest {
            method: "POST",
            url: &url,
            body,
            nonce: "0f8fad5b-d9cb-469f-a165-70867728950e",
            signature: "IptEDUukQ4gmWWbhAfR76wGlIcM=",
        };
        assert_eq!(request.verify(&key), Ok(()));
        let mut spaced = body.to_vec();
        spaced.push(b' ');
        assert!(SignedRequest { body: &spaced, ..request }.verify(&key).is_err());
    }

    #[test]
    fn an_overlong_nonce_is_invalid_rather_than_a_bad_signature() {
        let url = url("http://127.0.0.1:1/api/v1/accesstoken");
        let nonce = "n".repeat(201);
        let request = SignedRequest { method: "GET", url: &url, body: b"", nonce: &nonce, signature: "x" };
        assert_eq!(request.verify(&SigningKey::new(KEY)).map_err(|r| r.code), Err(codes::NONCE_INVALID));
    }

    #[test]
    fn a_duplicate_query_parameter_is_refused_as_invalid() {
        let url = url("http://127.0.0.1:1/api/v1/accesstoken?a=1&a=2");
        let request = SignedRequest { method: "GET", url: &url, body: b"", nonce: NONCE, signature: "x" };
        let refusal = request.verify(&SigningKey::new(KEY)).expect_err("refused");
        assert_eq!(refusal.code, codes::SIGNATURE_INVALID);
        assert!(refusal.message.contains("more than once"));
    }
}
