//! Multi-account link (CONTRACT §7): the candidate accounts of `availablebankaccounts` and the body of
//! `linkavailablebankaccount`. Read tolerantly: only `bankAccountCandidateId` is required; unknown fields are ignored
//! and a field of an unexpected type reads as absent, so one odd candidate never makes a list of 250 unreadable.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use super::amount::Amount;
use super::banks::DataProvider;
use crate::api::ids::{BankAccountId, CandidateId};

/// The answer of `GET …/availablebankaccounts` [SEED]. Read tolerantly, but an answer with neither the list nor
/// `refreshing: true` is refused: read as "no candidates", it would hide a broken answer as an empty bank.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "AvailableAccountsWire")]
pub struct AvailableAccounts {
    /// The list is still being refreshed: ask again shortly; what it holds may be partial [ASSUMED semantics].
    pub refreshing: bool,
    /// The candidates, connected ones included unless the request filtered them out.
    pub available_accounts: Vec<Candidate>,
}

/// [`AvailableAccounts`] as received, before the check that it says something.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AvailableAccountsWire {
    #[serde(default, deserialize_with = "flag")]
    refreshing: bool,
    #[serde(default)]
    available_accounts: Option<Vec<Candidate>>,
}

impl TryFrom<AvailableAccountsWire> for AvailableAccounts {
    type Error = &'static str;

    fn try_from(wire: AvailableAccountsWire) -> Result<Self, Self::Error> {
        match (wire.available_accounts, wire.refreshing) {
            (Some(available_accounts), refreshing) => Ok(Self { refreshing, available_accounts }),
            (None, true) => Ok(Self { refreshing: true, available_accounts: Vec::new() }),
            (None, false) => Err("the answer has no availableAccounts list and is not refreshing"),
        }
    }
}

/// One candidate account under the same authorisation [SEED].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// Its ID, sent to `linkavailablebankaccount`; it changes when the candidates are refreshed.
    pub bank_account_candidate_id: CandidateId,
    /// The bank's identifier (like a sort code or a routing number).
    #[serde(default, deserialize_with = "lenient")]
    pub bank_identifier: Option<String>,
    /// The account number.
    #[serde(default, deserialize_with = "lenient")]
    pub account_identifier: Option<String>,
    /// The aggregator's stable key of the account: the same across refreshes, unlike the candidate ID.
    #[serde(default, deserialize_with = "lenient")]
    pub account_key: Option<String>,
    /// The account's type, like `checking`, `savings` or `creditCard`.
    #[serde(default, deserialize_with = "lenient")]
    pub account_type: Option<String>,
    /// ISO 4217 currency.
    #[serde(default, deserialize_with = "lenient")]
    pub default_currency: Option<String>,
    /// The account's name.
    #[serde(default, deserialize_with = "lenient")]
    pub account_name: Option<String>,
    /// Direct or indirect.
    #[serde(default, deserialize_with = "lenient")]
    pub data_provider: Option<DataProvider>,
    /// The aggregator's ID (text, or a number written as text).
    #[serde(default, deserialize_with = "lenient_text")]
    pub aggregator_id: Option<String>,
    /// The aggregator's name.
    #[serde(default, deserialize_with = "lenient")]
    pub aggregator_name: Option<String>,
    /// The bank asks for authorisation at every refresh.
    #[serde(default, deserialize_with = "lenient")]
    pub auth_always_required: Option<bool>,
    /// What the aggregator says of the account.
    #[serde(default, deserialize_with = "lenient")]
    pub metadata: Option<CandidateMetadata>,
    /// Its latest transaction, when it has one.
    #[serde(default, deserialize_with = "lenient")]
    pub last_transaction: Option<LastTransaction>,
}

/// `metadata` of a candidate [SEED].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateMetadata {
    /// The account number with all but its last digits hidden, like `****1234`.
    #[serde(default, deserialize_with = "lenient")]
    pub masked_account_number: Option<String>,
    /// The account's name at the bank.
    #[serde(default, deserialize_with = "lenient")]
    pub account_name: Option<String>,
    /// Another name the person gave it, when there is one.
    #[serde(default, deserialize_with = "lenient")]
    pub alternative_account_name: Option<String>,
    /// The aggregator's type, like `depository` or `credit`.
    #[serde(default, deserialize_with = "lenient")]
    pub account_type: Option<String>,
    /// The aggregator's subtype, like `checking`, `savings`, `money market` or `credit card`.
    #[serde(default, deserialize_with = "lenient")]
    pub account_sub_type: Option<String>,
    /// What may be spent now.
    #[serde(default, deserialize_with = "lenient")]
    pub available_balance: Option<Amount>,
    /// The booked balance (negative on a credit card that is owed).
    #[serde(default, deserialize_with = "lenient")]
    pub current_balance: Option<Amount>,
    /// Already linked in this company.
    #[serde(default, deserialize_with = "lenient")]
    pub connected: Option<bool>,
    /// The bank account it is linked as, when connected.
    #[serde(default, deserialize_with = "lenient")]
    pub connected_bank_account_id: Option<BankAccountId>,
    /// The aggregator is still refreshing this account's details.
    #[serde(default, deserialize_with = "lenient")]
    pub refreshing: Option<bool>,
}

/// `lastTransaction` of a candidate [SEED].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastTransaction {
    /// Its amount, negative for money out.
    #[serde(default, deserialize_with = "lenient")]
    pub amount: Option<Amount>,
    /// Its date as the service wrote it (a date, or a date and time).
    #[serde(default, deserialize_with = "lenient")]
    pub date: Option<String>,
}

/// The body of `POST …/linkavailablebankaccount` [SEED].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkCandidate {
    /// The candidate to link, from the latest listing.
    pub bank_account_candidate_id: CandidateId,
    /// Transactions are fetched from this instant; the service chooses when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_start_date: Option<Timestamp>,
}

impl AvailableAccounts {
    /// The listings of several batches as one: the candidates in order, each ID once (its first listing kept);
    /// `refreshing` when any batch said so.
    #[must_use]
    pub fn merged(listings: impl IntoIterator<Item = Self>) -> Self {
        let mut merged = Self::default();
        let mut seen = HashSet::new();
        for listed in listings {
            merged.refreshing |= listed.refreshing;
            let fresh = listed.available_accounts.into_iter();
            merged.available_accounts.extend(fresh.filter(|c| seen.insert(c.bank_account_candidate_id.clone())));
        }
        merged
    }
}

impl Candidate {
    /// True when the listing says it is already linked in this company.
    #[must_use]
    pub fn is_connected(&self) -> bool {
        self.metadata.as_ref().and_then(|metadata| metadata.connected).unwrap_or(false)
    }

    /// The bank account it is linked as, when connected.
    #[must_use]
    pub fn connected_bank_account_id(&self) -> Option<&BankAccountId> {
        self.metadata.as_ref()?.connected_bank_account_id.as_ref()
    }
}

impl LastTransaction {
    /// The calendar date of [`LastTransaction::date`], whether written as `2026-03-14` or `2026-03-14T09:30:00Z`.
    #[must_use]
    pub fn day(&self) -> Option<Date> {
        let text = self.date.as_deref()?.trim();
        text.get(..10).unwrap_or(text).parse().ok()
    }
}

/// A field that reads as absent when its value is not of the expected type.
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(deserializer: D) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// A text field that may come as a number: the number's text is kept.
fn lenient_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    })
}

/// A flag that reads as false unless it is `true`.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(lenient::<D, bool>(deserializer)?.unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_contract_is_read() {
        let json = r#"{"refreshing": false, "availableAccounts": [{
            "bankAccountCandidateId": "c1", "bankIdentifier": "40-47-84", "accountIdentifier": "12345678",
            "accountKey": "k1", "accountType": "checking", "defaultCurrency": "GBP", "accountName": "Payroll",
            "dataProvider": "indirect", "aggregatorId": 42, "aggregatorName": "Agg", "authAlwaysRequired": false,
            "metadata": {"maskedAccountNumber": "****5678", "accountName": "PAYROLL", "alternativeAccountName": null,
                "accountType": "depository", "accountSubType": "checking", "availableBalance": 1200.5,
                "currentBalance": "1250.75", "connected": true, "connectedBankAccountId": "b1", "refreshing": false},
            "lastTransaction": {"amount": -19.99, "date": "2026-03-14T09:30:00Z"}, "surprise": [1]}]}"#;
        let listed: AvailableAccounts = serde_json::from_str(json).expect("reads");
        let candidate = &listed.available_accounts[0];
        assert_eq!(candidate.aggregator_id.as_deref(), Some("42"));
        assert_eq!(candidate.data_provider, Some(DataProvider::Indirect));
        let metadata = candidate.metadata.as_ref().expect("metadata");
        assert_eq!(metadata.available_balance.as_ref().map(Amount::as_str), Some("1200.5"));
        assert_eq!(metadata.current_balance.as_ref().map(Amount::as_str), Some("1250.75"));
        assert_eq!(metadata.alternative_account_name, None);
        assert!(candidate.is_connected());
        assert_eq!(candidate.connected_bank_account_id(), Some(&BankAccountId::from("b1")));
        let last = candidate.last_transaction.as_ref().expect("a transaction");
        assert_eq!(last.amount.as_ref().map(Amount::as_str), Some("-19.99"));
        assert_eq!(last.day(), Some(jiff::civil::date(2026, 3, 14)));
    }

    #[test]
    fn odd_values_read_as_absent_but_an_id_is_required() {
        let json = r#"{"refreshing": "yes", "availableAccounts": [{"bankAccountCandidateId": "c1",
            "accountName": 7, "metadata": {"connected": "true", "availableBalance": "lots"},
            "lastTransaction": "yesterday"}]}"#;
        let listed: AvailableAccounts = serde_json::from_str(json).expect("reads");
        assert!(!listed.refreshing);
        let candidate = &listed.available_accounts[0];
        assert_eq!((candidate.account_name.as_ref(), candidate.last_transaction.as_ref()), (None, None));
        assert!(!candidate.is_connected());
        assert_eq!(candidate.metadata.as_ref().and_then(|m| m.available_balance.as_ref()), None);
        assert!(serde_json::from_str::<AvailableAccounts>(r#"{"availableAccounts": [{"accountKey": "k"}]}"#).is_err());
        assert!(serde_json::from_str::<AvailableAccounts>("{}").is_err(), "an answer that says nothing is refused");
        let refreshing = serde_json::from_str::<AvailableAccounts>(r#"{"refreshing": true}"#).expect("reads");
        assert_eq!(refreshing, AvailableAccounts { refreshing: true, available_accounts: Vec::new() });
        let empty = serde_json::from_str::<AvailableAccounts>(r#"{"availableAccounts": []}"#).expect("reads");
        assert_eq!(empty, AvailableAccounts::default());
    }

    #[test]
    fn the_link_body_leaves_out_an_absent_start_date() {
        let body = LinkCandidate { bank_account_candidate_id: CandidateId::from("c1"), requested_start_date: None };
        assert_eq!(serde_json::to_string(&body).expect("writes"), r#"{"bankAccountCandidateId":"c1"}"#);
        let dated =
            LinkCandidate { requested_start_date: Some("2026-01-01T00:00:00Z".parse().expect("instant")), ..body };
        let json = serde_json::to_value(&dated).expect("writes");
        assert_eq!(json["requestedStartDate"], "2026-01-01T00:00:00Z");
    }
}
