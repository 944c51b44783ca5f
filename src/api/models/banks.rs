//! Banks (CONTRACT §5): the list a person searches and the one they pick. Every field but `bankId` and `name` may be
//! missing or of an unknown value: one odd bank must never make the whole list unreadable.

use serde::{Deserialize, Serialize};

use crate::api::assumed::AuthorisationMechanism;
use crate::api::ids::BankId;

/// How a bank's accounts are linked [DOC].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DataProvider {
    /// Arranged with the bank itself, through its authorisation form.
    Direct,
    /// Through the aggregator (CONTRACT §6).
    Indirect,
    /// A value this client does not know.
    #[default]
    #[serde(other)]
    Unknown,
}

/// The bank's flags [DOC].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankFlags {
    /// The bank signs people in with OAuth (a redirect to the bank's own site).
    #[serde(default)]
    pub oauth: bool,
}

/// One bank of `GET /banks` or `GET /banks/{bankId}` [DOC].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bank {
    /// Its ID.
    pub bank_id: BankId,
    /// Its name as people know it.
    pub name: String,
    /// ISO 3166 alpha-3 country, like `GBR`.
    #[serde(default)]
    pub primary_country: String,
    /// Direct or indirect (aggregator).
    #[serde(default)]
    pub data_provider: DataProvider,
    /// The kinds of account it offers, like `checking` or `creditCard`.
    #[serde(default)]
    pub account_types: Vec<String>,
    /// Its availability, like `active`.
    #[serde(default)]
    pub status: String,
    /// Listed first when nothing is searched yet.
    #[serde(default)]
    pub popular_bank: bool,
    /// Its logo: a URL, or a `data:image/png;base64,` URI.
    #[serde(default)]
    pub logo: Option<String>,
    /// Its flags.
    #[serde(default)]
    pub flags: BankFlags,
    /// How a direct bank is authorised (direct banks only).
    #[serde(default)]
    pub authorisation_mechanism: Option<AuthorisationMechanism>,
    /// The bank's web site.
    #[serde(default, rename = "bankURL")]
    pub bank_url: Option<String>,
}

impl Bank {
    /// A bank known only by its ID (its details could not be read): the ID stands for its name.
    #[must_use]
    pub fn known_by_id(bank_id: BankId) -> Self {
        Self {
            name: bank_id.as_str().to_owned(),
            bank_id,
            primary_country: String::new(),
            data_provider: DataProvider::Indirect,
            account_types: Vec::new(),
            status: String::new(),
            popular_bank: false,
            logo: None,
            flags: BankFlags::default(),
            authorisation_mechanism: None,
            bank_url: None,
        }
    }

    /// True when the bank is linked through the aggregator.
    #[must_use]
    pub fn is_indirect(&self) -> bool {
        self.data_provider == DataProvider::Indirect
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bank_with_only_id_and_name_and_an_unknown_provider_still_reads() {
        let bank: Bank =
            serde_json::from_str(r#"{"bankId":"b1","name":"Odd Bank","dataProvider":"carrierPigeon","extra":[1]}"#)
                .expect("reads");
        assert_eq!(bank.data_provider, DataProvider::Unknown);
        assert!(!bank.popular_bank);
        assert!(!bank.is_indirect());
    }

    #[test]
    fn every_documented_field_round_trips_under_its_wire_name() {
        let json = r#"{"bankId":"b2","name":"Emulator Direct Bank","primaryCountry":"GBR","dataProvider":"direct","accountTypes":["checking"],"status":"active","popularBank":true,"logo":null,"flags":{"oauth":false},"authorisationMechanism":{"type":"authorisationForm","formUrl":"https://example.com/form"},"bankURL":"https://example.com"}"#;
        let bank: Bank = serde_json::from_str(json).expect("reads");
        assert_eq!(bank.bank_url.as_deref(), Some("https://example.com"));
        assert_eq!(
            bank.authorisation_mechanism.as_ref().and_then(AuthorisationMechanism::form_url),
            Some("https://example.com/form")
        );
        let written: serde_json::Value = serde_json::to_value(&bank).expect("writes");
        assert_eq!(written, serde_json::from_str::<serde_json::Value>(json).expect("json"));
    }
}
