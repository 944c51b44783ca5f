//! The world's durable part as data (serde), so the in-process emulator can commit what it answered and come back
//! after a restart of the app: organisations (without their keys), Token Service requests, bank accounts,
//! authorisations with their candidates, and links with their decisions and newest route's tag. Left out on purpose:
//! captchas, spent nonces, rate-limit windows, the JWT keys, every customer key and each account's
//! `clientAuthorisationToken`: nothing in a snapshot can sign, mint or stand in for a secret. The live test scenario is
//! left out too: a restart starts from the configured one. Lists are sorted, so the same world always gives the same
//! bytes. Pure: no I/O; keys come back from the caller (the OS keyring).

use std::collections::HashMap;

use jiff::Timestamp;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

use super::authorisations::{Authorisation, Authorisations, CompanyKey};
use super::bank_accounts::{BankAccounts, StoredAccount};
use super::links::{Link, Outcome, Polling};
use super::{Customer, Organisation, World};
use crate::api::ids::{BankAccountId, BankId, CandidateId, CompanyId, OrganisationId};
use crate::api::models::LinkedAccount;
use crate::api::redacted::{AuthorisationToken, SigningKey};
use crate::emulator::banks;
use crate::emulator::{EmulatorConfig, random};

/// Everything durable the world holds, as kept in the emulator's state file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorldSnapshot {
    organisations: Vec<OrganisationRecord>,
    token_requests: Vec<TokenRequestRecord>,
    bank_accounts: Vec<CompanyAccounts>,
    authorisations: Vec<AuthorisationRecord>,
    retired_candidates: Vec<(CandidateId, CompanyKey)>,
    links: Vec<LinkRecord>,
}

/// An organisation without its key.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct OrganisationRecord {
    organisation_id: OrganisationId,
    product: String,
    owner: Customer,
    companies: Vec<CompanyId>,
}

/// A Token Service request and when it expires.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequestRecord {
    product: String,
    serial: String,
    expires_at: Timestamp,
}

/// A company's bank accounts, in creation order, without their `clientAuthorisationToken`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CompanyAccounts {
    company: CompanyKey,
    accounts: Vec<StoredAccount>,
}

/// An authorisation with the bank accounts under it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AuthorisationRecord {
    #[serde(flatten)]
    authorisation: Authorisation,
    bank_accounts: Vec<BankAccountId>,
}

/// A link in progress or ended, its bank by ID.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LinkRecord {
    link_id: String,
    organisation: OrganisationId,
    company: CompanyId,
    bank_id: BankId,
    account: LinkedAccount,
    started_at: Timestamp,
    decided: Option<(Outcome, Timestamp)>,
    reauthorises: Option<BankAccountId>,
    polling: Polling,
}

/// What [`World::restore`] found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Organisations restored.
    pub organisations: usize,
    /// Of those, the ones whose key was not given back: they count toward the organisationLimit but can never be
    /// signed for again.
    pub keyless: usize,
    /// Bank accounts restored.
    pub bank_accounts: usize,
    /// Links restored.
    pub links: usize,
}

impl WorldSnapshot {
    /// The organisations it holds, whose customer keys the caller may give back to [`World::restore`].
    pub fn organisations(&self) -> impl Iterator<Item = &OrganisationId> {
        self.organisations.iter().map(|record| &record.organisation_id)
    }
}

impl World {
    /// The durable part of the world, sorted, with no key or token in it.
    #[must_use]
    pub fn snapshot(&self) -> WorldSnapshot {
        let mut organisations: Vec<OrganisationRecord> = (self.organisations.iter())
            .map(|(id, org)| OrganisationRecord {
                organisation_id: id.clone(),
                product: org.product.clone(),
                owner: org.owner.clone(),
                companies: org.companies.clone(),
            })
            .collect();
        organisations.sort_by(|a, b| a.organisation_id.cmp(&b.organisation_id));
        let mut token_requests: Vec<TokenRequestRecord> = (self.token_requests.iter())
            .map(|(product, serial, expires_at)| TokenRequestRecord {
                product: product.to_owned(),
                serial: serial.to_owned(),
                expires_at,
            })
            .collect();
        token_requests.sort_by(|a, b| (&a.product, &a.serial).cmp(&(&b.product, &b.serial)));
        let mut bank_accounts: Vec<CompanyAccounts> = (self.bank_accounts.by_company.iter())
            .map(|(company, accounts)| CompanyAccounts { company: company.clone(), accounts: without_tokens(accounts) })
            .collect();
        bank_accounts.sort_by(|a, b| a.company.cmp(&b.company));
        let mut retired_candidates: Vec<(CandidateId, CompanyKey)> =
            self.authorisations.retired.iter().map(|(id, company)| (id.clone(), company.clone())).collect();
        retired_candidates.sort();
        let mut links: Vec<LinkRecord> = self.links.links.iter().map(|(id, link, _)| link_record(id, link)).collect();
        links.sort_by(|a, b| a.link_id.cmp(&b.link_id));
        WorldSnapshot {
            organisations,
            token_requests,
            bank_accounts,
            authorisations: self.authorisation_records(),
            retired_candidates,
            links,
        }
    }

    /// Every authorisation in order, each with its bank accounts sorted.
    fn authorisation_records(&self) -> Vec<AuthorisationRecord> {
        let mut under: Vec<Vec<BankAccountId>> = vec![Vec::new(); self.authorisations.all.len()];
        for (account, index) in &self.authorisations.by_account {
            if let Some(accounts) = under.get_mut(*index) {
                accounts.push(account.clone());
            }
        }
        (self.authorisations.all.iter().zip(under))
            .map(|(authorisation, mut bank_accounts)| {
                bank_accounts.sort();
                AuthorisationRecord { authorisation: authorisation.clone(), bank_accounts }
            })
            .collect()
    }

    /// A world under `config` holding what `snapshot` kept, drawing from `rng`. Each organisation gets its key from
    /// `keys`; one missing there gets a fresh random key that nobody ever sees, so it still counts toward the
    /// organisationLimit but can never be signed for. Each bank account gets a fresh `clientAuthorisationToken`, and a
    /// link to a bank no longer listed is dropped. The JWT key is new: tokens issued before answer 401.
    #[must_use]
    pub fn restore(
        config: EmulatorConfig,
        rng: StdRng,
        snapshot: WorldSnapshot,
        keys: &HashMap<OrganisationId, SigningKey>,
    ) -> (Self, RestoreSummary) {
        let mut world = Self::new(config, rng);
        let mut summary = RestoreSummary::default();
        for record in snapshot.organisations {
            let key = keys.get(&record.organisation_id).cloned().unwrap_or_else(|| {
                summary.keyless += 1;
                random::signing_key(&mut world.rng)
            });
            let organisation =
                Organisation { product: record.product, owner: record.owner, companies: record.companies, key };
            world.organisations.insert(record.organisation_id, organisation);
            summary.organisations += 1;
        }
        for record in snapshot.token_requests {
            world.token_requests.remember(&record.product, &record.serial, record.expires_at);
        }
        let mut by_company = HashMap::new();
        for CompanyAccounts { company, mut accounts } in snapshot.bank_accounts {
            for stored in &mut accounts {
                let token = random::signing_key(&mut world.rng);
                stored.created.client_authorisation_token = Some(AuthorisationToken::new(token.expose()));
            }
            summary.bank_accounts += accounts.len();
            by_company.insert(company, accounts);
        }
        world.bank_accounts = BankAccounts { by_company };
        let mut all = Vec::new();
        let mut by_account = HashMap::new();
        for (index, record) in snapshot.authorisations.into_iter().enumerate() {
            by_account.extend(record.bank_accounts.into_iter().map(|account| (account, index)));
            all.push(record.authorisation);
        }
        world.authorisations =
            Authorisations::restored(all, by_account, snapshot.retired_candidates.into_iter().collect());
        for (id, link) in snapshot.links.into_iter().filter_map(restore_link) {
            world.links.restore(id, link, world.config.link_memory);
            summary.links += 1;
        }
        (world, summary)
    }
}

/// A company's accounts as kept: their `clientAuthorisationToken` left out.
fn without_tokens(accounts: &[StoredAccount]) -> Vec<StoredAccount> {
    let mut kept = accounts.to_vec();
    for stored in &mut kept {
        stored.created.client_authorisation_token = None;
    }
    kept
}

/// A link as kept.
fn link_record(id: &str, link: &Link) -> LinkRecord {
    LinkRecord {
        link_id: id.to_owned(),
        organisation: link.organisation.clone(),
        company: link.company.clone(),
        bank_id: link.bank.bank_id.clone(),
        account: link.account.clone(),
        started_at: link.started_at,
        decided: link.decided,
        reauthorises: link.reauthorises.clone(),
        polling: link.polling.clone(),
    }
}

/// A kept link as it was, unless its bank is no longer listed.
fn restore_link(record: LinkRecord) -> Option<(String, Link)> {
    let bank = banks::catalogue().bank(&record.bank_id)?;
    let link = Link {
        organisation: record.organisation,
        company: record.company,
        bank,
        account: record.account,
        started_at: record.started_at,
        decided: record.decided,
        reauthorises: record.reauthorises,
        polling: record.polling,
    };
    Some((record.link_id, link))
}

#[cfg(test)]
mod tests;
