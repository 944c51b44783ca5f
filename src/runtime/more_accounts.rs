//! Multi-account link's calls: listing the candidates (after a wait while the bank refreshes them) and linking one
//! candidate (after the wait a 429 asked for). A link's wait can be cancelled; once its POST is sent it is no longer
//! cancellable, so a Cancel never leaves a link whose answer nobody reads.

use std::sync::{Arc, PoisonError};
use std::time::Duration;

use jiff::Timestamp;

use crate::api::ids::{BankAccountId, CandidateId};
use crate::wizard::{Answer, LinkTarget, RequestId};

use super::Shared;
use super::execute::with_durable;
use super::tokens::with_bearer;

/// Waits `after`, then lists the candidates under the authorisations of `connected`.
pub(super) async fn list_candidates(
    shared: &Shared,
    request: RequestId,
    target: LinkTarget,
    connected: Vec<BankAccountId>,
    filter_connected: bool,
    after: Duration,
) -> Answer {
    tokio::time::sleep(after).await;
    let result = with_bearer(shared, &target, |client, token| {
        let (target, connected) = (target.clone(), connected.clone());
        async move {
            let (organisation, company) = (&target.organisation_id, &target.company_id);
            client.available_bank_accounts(organisation, company, &connected, filter_connected, &token).await
        }
    })
    .await;
    Answer::CandidatesListed { request, result }
}

/// Waits `after` (cancellable), then links `candidate` and answers.
pub(super) async fn link_candidate(
    shared: Arc<Shared>,
    request: RequestId,
    target: LinkTarget,
    candidate: CandidateId,
    start: Timestamp,
    after: Duration,
) {
    tokio::time::sleep(after).await;
    // From here on the call is out: `Effect::Cancel` finds no task to stop.
    shared.tasks.lock().unwrap_or_else(PoisonError::into_inner).remove(&request);
    let result = with_durable(&shared, |shared| {
        with_bearer(shared, &target, |client, token| {
            let (target, candidate) = (target.clone(), candidate.clone());
            async move {
                let (organisation, company) = (&target.organisation_id, &target.company_id);
                client.link_available_bank_account(organisation, company, &candidate, Some(start), &token).await
            }
        })
    })
    .await;
    shared.answer(Answer::CandidateLinked { request, result }).await;
}
