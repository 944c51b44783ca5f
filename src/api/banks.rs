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

/// `text` made safe as one path segment.
pub(super) fn segment(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
