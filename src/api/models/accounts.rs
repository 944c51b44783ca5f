//! Bank accounts (CONTRACT §6.4 and §8): the body that creates one, and the bank account object with its status.
//! The object is read tolerantly: unknown fields are ignored, unknown statuses kept as text.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::banks::DataProvider;
use crate::api::ids::{BankAccountId, BankId};
use crate::api::redacted::AuthorisationToken;

/// The body of `POST .../bankaccounts` [SEED].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewBankAccount {
    /// The bank.
    pub bank_id: BankId,
    /// The name the person gave the account.
    pub account_name: String,
    /// The aggregator's key of the linked account.
    pub account_key: String,
    /// The account number as the bank shows it.
    pub account_identifier: String,
    /// The bank's identifier (like a sort code).
    pub bank_identifier: String,
    /// The account's type, like `checking`.
    pub account_type: String,
    /// ISO 4217 currency.
    pub default_currency: String,
    /// Transactions are fetched from this instant (midnight UTC of the chosen day).
    pub requested_start_date: Timestamp,
}

/// A bank account's status [OBS]; any other text is kept as [`BankAccountStatus::Other`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum BankAccountStatus {
    /// Created; data is not flowing yet.
    Pending,
    /// Data flows.
    Active,
    /// The bank wants the person to authorise again (MFA, expired credentials).
    AuthRequired,
    /// Removed.
    Cancelled,
    /// A status this client does not know.
    Other(String),
}

impl From<String> for BankAccountStatus {
    fn from(text: String) -> Self {
        match text.as_str() {
            "pending" => Self::Pending,
            "active" => Self::Active,
            "authRequired" => Self::AuthRequired,
            "cancelled" => Self::Cancelled,
            _ => Self::Other(text),
        }
    }
}

impl From<BankAccountStatus> for String {
    fn from(status: BankAccountStatus) -> Self {
        status.as_str().to_owned()
    }
}

impl BankAccountStatus {
    /// The status as the service writes it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::AuthRequired => "authRequired",
            Self::Cancelled => "cancelled",
            Self::Other(text) => text,
        }
    }
}

/// `accountTypes` of a bank account [SEED].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountTypes {
    /// True for a credit card.
    #[serde(default)]
    pub is_credit_card: bool,
}

/// `bankAuthorisation` of a bank account [SEED].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAuthorisation {
    /// Where the person authorises again, when asked to.
    #[serde(default)]
    pub redirect: Option<String>,
}

/// The bank account object [SEED][OBS]. Only `bankAccountId` and `status` are required to read one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccount {
    /// Its ID.
    pub bank_account_id: BankAccountId,
    /// Where it is in its life.
    pub status: BankAccountStatus,
    /// Why it has this status, when the service says.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// The bank.
    #[serde(default)]
    pub bank_id: Option<BankId>,
    /// The bank's identifier (like a sort code).
    #[serde(default)]
    pub bank_identifier: Option<String>,
    /// The account number as the bank shows it.
    #[serde(default)]
    pub account_identifier: Option<String>,
    /// The account's type.
    #[serde(default)]
    pub account_type: Option<String>,
    /// Whether it is a credit card.
    #[serde(default)]
    pub account_types: Option<AccountTypes>,
    /// The branch.
    #[serde(default)]
    pub branch_identifier: Option<String>,
    /// The aggregator's key of the account.
    #[serde(default)]
    pub account_key: Option<String>,
    /// ISO 4217 currency.
    #[serde(default)]
    pub default_currency: Option<String>,
    /// The account's name.
    #[serde(default)]
    pub account_name: Option<String>,
    /// The aggregator's authorisation token: a secret, printed as `[redacted]`.
    #[serde(default)]
    pub client_authorisation_token: Option<AuthorisationToken>,
    /// When it was created (RFC 3339).
    #[serde(default)]
    pub created_date: Option<String>,
    /// When it last changed.
    #[serde(default)]
    pub modified_date: Option<String>,
    /// When its status last changed.
    #[serde(default)]
    pub status_modified_date: Option<String>,
    /// The last transaction received.
    #[serde(default)]
    pub last_transaction_id: Option<String>,
    /// The ledger balance.
    #[serde(default)]
    pub ledger_balance_amount: Option<f64>,
    /// The available balance.
    #[serde(default)]
    pub available_balance_amount: Option<f64>,
    /// Where to authorise again.
    #[serde(default)]
    pub bank_authorisation: Option<BankAuthorisation>,
    /// Direct or indirect.
    #[serde(default)]
    pub data_provider: Option<DataProvider>,
    /// The bank asks for authorisation at every refresh.
    #[serde(default)]
    pub auth_always_required: Option<bool>,
    /// Transactions are fetched from this date.
    #[serde(default)]
    pub requested_start_date: Option<String>,
    /// When transactions last arrived.
    #[serde(default)]
    pub last_transactions_received: Option<String>,
    /// Options of the feed, as the service sends them.
    #[serde(default)]
    pub feature_options: Option<serde_json::Value>,
}

impl BankAccount {
    /// A bank account with only its ID and status, every other field empty (the emulator fills the rest).
    #[must_use]
    pub fn bare(bank_account_id: BankAccountId, status: BankAccountStatus) -> Self {
        Self {
            bank_account_id,
            status,
            status_reason: None,
            bank_id: None,
            bank_identifier: None,
            account_identifier: None,
            account_type: None,
            account_types: None,
            branch_identifier: None,
            account_key: None,
            default_currency: None,
            account_name: None,
            client_authorisation_token: None,
            created_date: None,
            modified_date: None,
            status_modified_date: None,
            last_transaction_id: None,
            ledger_balance_amount: None,
            available_balance_amount: None,
            bank_authorisation: None,
            data_provider: None,
            auth_always_required: None,
            requested_start_date: None,
            last_transactions_received: None,
            feature_options: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_statuses_and_fields_are_tolerated() {
        let account: BankAccount =
            serde_json::from_str(r#"{"bankAccountId":"a1","status":"frozen","surprise":{"x":1}}"#).expect("reads");
        assert_eq!(account.status, BankAccountStatus::Other("frozen".into()));
        let account: BankAccount =
            serde_json::from_str(r#"{"bankAccountId":"a1","status":"authRequired"}"#).expect("reads");
        assert_eq!(account.status, BankAccountStatus::AuthRequired);
    }

    #[test]
    fn the_authorisation_token_never_prints() {
        let json = r#"{"bankAccountId":"a1","status":"pending","clientAuthorisationToken":"s3cr3t-token"}"#;
        let account: BankAccount = serde_json::from_str(json).expect("reads");
        assert!(!format!("{account:?}").contains("s3cr3t"));
    }

    #[test]
    fn the_start_date_goes_out_as_an_rfc3339_instant() {
        let body = NewBankAccount {
            bank_id: BankId::from("b"),
            account_name: "Current".into(),
            account_key: "k".into(),
            account_identifier: "12345678".into(),
            bank_identifier: "40-47-84".into(),
            account_type: "checking".into(),
            default_currency: "GBP".into(),
            requested_start_date: "2026-10-01T00:00:00Z".parse().expect("instant"),
        };
        let json = serde_json::to_value(&body).expect("writes");
        assert_eq!(json["requestedStartDate"], "2026-10-01T00:00:00Z");
        assert_eq!(json["bankIdentifier"], "40-47-84");
    }
}
