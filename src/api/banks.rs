//! Banks (CONTRACT §5): `GET {banking}banks?primaryCountry=…` and `GET {banking}banks/{bankId}`, with only
//! `X-Application`. Thin: the client's pipeline does the rest.

use reqwest::Method;

use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::ids::BankId;
use super::models::Bank;

impl Client {
    /// Every bank of a country (ISO 3166 alpha-3, like `GBR`).
    pub async fn banks(&self, primary_country: &str) -> Result<Vec<Bank>, ApiError> {
        let call = Call::new(Method::GET, Service::Banking, "banks").query("primaryCountry", primary_country);
        self.send_json(call).await
    }

    /// One bank.
    pub async fn bank(&self, bank: &BankId) -> Result<Bank, ApiError> {
        let path = format!("banks/{}", segment(bank.as_str()));
        self.send_json(Call::new(Method::GET, Service::Banking, &path)).await
    }
}

/// What a path segment escapes: everything but RFC 3986's unreserved characters, so an ID's hyphens stay hyphens.
const SEGMENT_ESCAPED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `text` made safe as one path segment.
pub(super) fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, SEGMENT_ESCAPED).to_string()
}

#[cfg(test)]
mod segment_tests {
    use super::segment;

    #[test]
    fn a_segment_keeps_unreserved_characters_and_escapes_the_rest() {
        assert_eq!(segment("5f0c2a1e-7b3d-4c7e-9a51-0e6f2b9c8d47"), "5f0c2a1e-7b3d-4c7e-9a51-0e6f2b9c8d47");
        assert_eq!(segment("a_b.c~d"), "a_b.c~d");
        assert_eq!(segment("a/b c?d#e%"), "a%2Fb%20c%3Fd%23e%25");
    }
}
