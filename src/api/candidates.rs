//! Multi-account link (CONTRACT §7): list the candidate accounts under the authorisations of bank accounts already
//! linked (in batches of at most [`MAX_IDS_PER_LISTING`] IDs, merged), and link one candidate per call. Bearer calls;
//! [`LinkRefusal`] tells a caller what a failed link means. Thin: the client's pipeline does the rest.

use jiff::Timestamp;
use reqwest::Method;

use super::banks::segment;
use super::client::{Call, Client, Service};
use super::error::{ApiError, Failure};
use super::ids::{BankAccountId, CandidateId, CompanyId, OrganisationId};
use super::models::{AvailableAccounts, BankAccount, LinkCandidate};
use super::redacted::Jwt;

/// The most bank account IDs one `availablebankaccounts` request may carry [SEED].
pub const MAX_IDS_PER_LISTING: usize = 100;

/// `organisations/{org}/companies/{co}/{resource}`, each segment encoded.
fn company_path(organisation: &OrganisationId, company: &CompanyId, resource: &str) -> String {
    format!("organisations/{}/companies/{}/{resource}", segment(organisation.as_str()), segment(company.as_str()))
}

impl Client {
    /// `GET …/availablebankaccounts?bankAccountIds=…&filterConnected=…`: the candidates under the authorisations of
    /// `connected` (bank accounts of one bank), asked in batches of at most [`MAX_IDS_PER_LISTING`] IDs, one after
    /// the other, and merged: the candidates in order, each once; `refreshing` when any batch said so. With
    /// `filter_connected`, candidates already linked in the company are left out. No IDs: nothing is sent, and the
    /// answer is empty. The first failing batch is the error.
    pub async fn available_bank_accounts(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        connected: &[BankAccountId],
        filter_connected: bool,
        token: &Jwt,
    ) -> Result<AvailableAccounts, ApiError> {
        let path = company_path(organisation, company, "availablebankaccounts");
        let mut listings = Vec::new();
        for batch in connected.chunks(MAX_IDS_PER_LISTING) {
            let ids: Vec<&str> = batch.iter().map(BankAccountId::as_str).collect();
            let call = Call::new(Method::GET, Service::Banking, &path)
                .query("bankAccountIds", ids.join(","))
                .query("filterConnected", filter_connected.to_string())
                .bearer(token);
            listings.push(self.send_json::<AvailableAccounts>(call).await?);
        }
        Ok(AvailableAccounts::merged(listings))
    }

    /// `POST …/linkavailablebankaccount`: links one candidate as a bank account (201, `pending`); the service
    /// chooses the start date when `requested_start_date` is `None`. Never retried on its own: [`LinkRefusal`] says
    /// what a failure means (list again for a stale ID, already linked, wait and retry).
    pub async fn link_available_bank_account(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        candidate: &CandidateId,
        requested_start_date: Option<Timestamp>,
        token: &Jwt,
    ) -> Result<BankAccount, ApiError> {
        let path = company_path(organisation, company, "linkavailablebankaccount");
        let body = LinkCandidate { bank_account_candidate_id: candidate.clone(), requested_start_date };
        let call = Call::new(Method::POST, Service::Banking, &path).json(&body)?.bearer(token);
        self.send_json(call).await
    }
}

/// What a failed `linkavailablebankaccount` means for the caller, by HTTP status [ASSUMED in CONTRACT §7, §9].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRefusal {
    /// 404: the candidate ID is stale (replaced by a refresh) or unknown: list the candidates again, find the one
    /// with the same `accountKey`, and link its fresh ID once.
    Stale,
    /// 409: the candidate is already linked in the company; nothing more to do.
    AlreadyLinked,
    /// 429: too many requests; wait `retry_after` seconds (when the service said), then send the same call again.
    RateLimited {
        /// `Retry-After` in seconds.
        retry_after: Option<u64>,
    },
    /// Anything else: show it, offer a retry when [`Failure::is_transient`].
    Other,
}

impl LinkRefusal {
    /// The meaning of `failure`, the answer to a `linkavailablebankaccount` call.
    #[must_use]
    pub fn of(failure: &Failure) -> Self {
        match failure {
            Failure::Status { status: 404, .. } => Self::Stale,
            Failure::Status { status: 409, .. } => Self::AlreadyLinked,
            Failure::Status { status: 429, retry_after, .. } => Self::RateLimited { retry_after: *retry_after },
            _ => Self::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::assumed::codes;

    fn status(status: u16, code: &str, retry_after: Option<u64>) -> Failure {
        Failure::Status { status, code: Some(code.to_owned()), message: None, retry_after }
    }

    #[test]
    fn a_failed_link_is_classified_by_its_status() {
        assert_eq!(LinkRefusal::of(&status(404, codes::CANDIDATE_NOT_FOUND, None)), LinkRefusal::Stale);
        assert_eq!(LinkRefusal::of(&status(409, codes::CANDIDATE_ALREADY_LINKED, None)), LinkRefusal::AlreadyLinked);
        assert_eq!(
            LinkRefusal::of(&status(429, codes::RATE_LIMITED, Some(2))),
            LinkRefusal::RateLimited { retry_after: Some(2) }
        );
        assert_eq!(LinkRefusal::of(&status(503, codes::INJECTED_FAULT, None)), LinkRefusal::Other);
        assert_eq!(LinkRefusal::of(&Failure::TimedOut { seconds: 30 }), LinkRefusal::Other);
    }
}
