//! Indirect (aggregator) linking (CONTRACT §6): the 302 answer of `indirectlinkaccount`, and the answers of a poll
//! route: linked, not linked (with the [ASSUMED] reason, when the service gives one), or not finished yet with the
//! next route.

use serde::{Deserialize, Serialize};

use crate::api::assumed::UnlinkedReason;

/// The body of the 302 answer of `indirectlinkaccount?web=true` [SEED].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndirectLink {
    /// The aggregator's page, opened in the system browser.
    pub redirect: String,
    /// The first single-use poll route (a signed URL: a capability, never logged).
    pub poll_route: String,
    /// How long to wait before polling, in milliseconds.
    pub poll_period: u64,
}

impl std::fmt::Debug for IndirectLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndirectLink")
            .field("redirect", &self.redirect)
            .field("poll_route", &"[signed route]")
            .field("poll_period", &self.poll_period)
            .finish()
    }
}

/// The body of the 302 answer of `…/bankaccounts/{id}/indirectauth?web=true` [SEED][OBS]: the re-consent page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reauthorisation {
    /// The aggregator's re-consent page, opened in the system browser.
    pub redirect: String,
}

/// The account the person linked at the aggregator [SEED]. `bankIdentifier`, `accountType` and `defaultCurrency`
/// are [ASSUMED] optional extras: when absent the client fills them from the bank and its country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedAccount {
    /// The account's name at the bank.
    pub account_name: String,
    /// The aggregator's stable key of the account.
    pub account_key: String,
    /// The account number as the bank shows it.
    pub account_identifier: String,
    /// The bank's identifier of the branch or the bank, like a sort code [ASSUMED].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_identifier: Option<String>,
    /// The account's type, like `checking` [ASSUMED].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// ISO 4217 currency [ASSUMED].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_currency: Option<String>,
}

/// A 200 answer of a poll route: the link is over [SEED].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollFinished {
    /// The linked account, `null` when the person could not link.
    pub account: Option<LinkedAccount>,
    /// True when the account was linked.
    pub success: bool,
    /// Why nothing was linked, when the service says [ASSUMED]; absent, or not understood, reads as "could not link".
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "UnlinkedReason::read_tolerantly")]
    pub reason: Option<UnlinkedReason>,
}

/// A 202 answer of a poll route: not finished; wait `pollPeriod`, then poll the new route [SEED].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PollPending {
    /// The next single-use poll route.
    pub poll_route: String,
    /// How long to wait before it, in milliseconds.
    pub poll_period: u64,
}

impl std::fmt::Debug for PollPending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PollPending")
            .field("poll_route", &"[signed route]")
            .field("poll_period", &self.poll_period)
            .finish()
    }
}

/// What one poll learned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollAnswer {
    /// 200 with `success: true` and the account.
    Linked(LinkedAccount),
    /// 200 with `success: false`: the person could not link, or declined, at the bank.
    NotLinked,
    /// 200 with `success: false` and the [ASSUMED] reason `expired`: the consent page was left open until it expired.
    Expired,
    /// 202: not finished.
    Pending(PollPending),
}

impl PollFinished {
    /// The finished answer as a [`PollAnswer`]; `success: true` without an account is not a link.
    #[must_use]
    pub fn into_answer(self) -> Option<PollAnswer> {
        match (self.success, self.account) {
            (true, Some(account)) => Some(PollAnswer::Linked(account)),
            (true, None) => None,
            (false, _) if self.reason == Some(UnlinkedReason::Expired) => Some(PollAnswer::Expired),
            (false, _) => Some(PollAnswer::NotLinked),
        }
    }
}
