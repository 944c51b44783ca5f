//! The refusals of multi-account link (CONTRACT §7): too many or mixed bank account IDs, stale or unknown candidates,
//! candidates already linked, and the rate limit of `linkavailablebankaccount`.

use super::{Refusal, quote};
use crate::api::assumed::codes;

/// Refusals of multi-account link.
impl Refusal {
    /// 400 tooManyBankAccountIds: more IDs in one listing than the service accepts.
    #[must_use]
    pub fn too_many_bank_account_ids(sent: usize, limit: usize) -> Self {
        Self::new(
            400,
            codes::TOO_MANY_BANK_ACCOUNT_IDS,
            format!(
                "bankAccountIds holds {sent} IDs, more than the {limit} one request accepts; send them in batches of \
                 at most {limit}."
            ),
        )
    }

    /// 400 mixedInstitutions: the IDs are of more than one bank.
    #[must_use]
    pub fn mixed_institutions(first: &str, other: &str) -> Self {
        Self::new(
            400,
            codes::MIXED_INSTITUTIONS,
            format!(
                "bankAccountIds names accounts of {} and of {}; list the candidates of one bank (institution) per \
                 request.",
                quote(first),
                quote(other)
            ),
        )
    }

    /// 404 candidateNotFound: the candidate ID was replaced when the candidates were refreshed.
    #[must_use]
    pub fn candidate_stale(id: &str) -> Self {
        Self::new(
            404,
            codes::CANDIDATE_NOT_FOUND,
            format!(
                "The candidate {} was replaced when the candidates were refreshed; list the candidates again and link \
                 the one with the same accountKey.",
                quote(id)
            ),
        )
    }

    /// 404 candidateNotFound: no candidate with this ID in the token's company.
    #[must_use]
    pub fn candidate_not_found(id: &str) -> Self {
        Self::new(
            404,
            codes::CANDIDATE_NOT_FOUND,
            format!(
                "There is no candidate {} in this company; list the candidates again and link one from that list.",
                quote(id)
            ),
        )
    }

    /// 409 candidateAlreadyLinked: the company already has a bank account for this candidate.
    #[must_use]
    pub fn candidate_already_linked(bank_account: &str) -> Self {
        Self::new(
            409,
            codes::CANDIDATE_ALREADY_LINKED,
            format!(
                "This candidate is already linked in this company as the bank account {}; there is nothing more to do.",
                quote(bank_account)
            ),
        )
    }

    /// 429 rateLimited with `Retry-After`.
    #[must_use]
    pub fn rate_limited(limit: u32, retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                429,
                codes::RATE_LIMITED,
                format!(
                    "More than {limit} linkavailablebankaccount requests a second for this company; wait \
                     {retry_after} s (Retry-After), then send the same request again."
                ),
            )
        }
    }
}
