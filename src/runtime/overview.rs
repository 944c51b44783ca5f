//! `Effect::LoadOrganisation`, the overview's live read of one organisation: its key must be in the keyring, then its
//! company's bank accounts and the banks they are at (each bank read once; a bank that cannot be read is left out,
//! and the overview names it by its ID).

use crate::api::ids::BankId;
use crate::wizard::{AccessProblem, Answer, LinkTarget, OrganisationAccounts, RequestId};

use super::Shared;
use super::connect::{blocking, secrets};
use super::execute::client;
use super::tokens::with_bearer;

/// Reads `target`'s bank accounts and their banks.
pub(super) async fn load_organisation(shared: &Shared, request: RequestId, target: LinkTarget) -> Answer {
    let result = read(shared, &target).await;
    Answer::OrganisationLoaded { request, at: jiff::Timestamp::now(), today: jiff::Zoned::now().date(), result }
}

async fn read(shared: &Shared, target: &LinkTarget) -> Result<OrganisationAccounts, AccessProblem> {
    let store = secrets(shared).await.map_err(AccessProblem::Keyring)?;
    let slot = target.key_slot();
    blocking(&store, move |s| s.load(&slot).map(drop)).await.map_err(AccessProblem::Keyring)?;
    let accounts = with_bearer(shared, target, |client, token| {
        let target = target.clone();
        async move { client.bank_accounts(&target.organisation_id, &target.company_id, &token).await }
    })
    .await
    .map_err(AccessProblem::Service)?;
    let mut bank_ids: Vec<BankId> = accounts.iter().filter_map(|account| account.bank_id.clone()).collect();
    bank_ids.sort();
    bank_ids.dedup();
    let client = client(shared).await.map_err(AccessProblem::Service)?;
    let mut banks = Vec::with_capacity(bank_ids.len());
    for bank_id in bank_ids {
        match client.bank(&bank_id).await {
            Ok(bank) => banks.push(bank),
            Err(error) => tracing::info!(%error, "a bank's details could not be read; the overview shows its ID"),
        }
    }
    Ok(OrganisationAccounts { accounts, banks })
}
