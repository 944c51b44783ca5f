//! The authorisations of multi-account link (CONTRACT §7): each bank account created by POST bankaccounts starts
//! one, offering that first account and its bank's further candidates, each with an ID that a refresh replaces and an
//! `accountKey` that stays. Bank accounts linked from its candidates join it. Pure data: the world hands in what it
//! drew and which keys are connected.

use std::collections::HashMap;

use jiff::Timestamp;
use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::api::ids::{BankAccountId, BankId, CandidateId, CompanyId, OrganisationId};
use crate::emulator::banks::candidates::CandidateProfile;
use crate::emulator::random;

/// The organisation and company an authorisation belongs to.
pub(super) type CompanyKey = (OrganisationId, CompanyId);

/// One candidate account: its current ID, its stable key, and what the aggregator says of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredCandidate {
    /// Its ID until the next refresh.
    pub id: CandidateId,
    /// The aggregator's key of the account, which a refresh keeps.
    pub account_key: String,
    /// Names, type, balances, last transaction.
    pub profile: CandidateProfile,
}

/// One person's consent at one bank, and the accounts it reaches.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Authorisation {
    /// Whose it is.
    pub company: CompanyKey,
    /// The bank.
    pub bank: BankId,
    /// The bank's identifier of its accounts (a sort code, a routing number): the first account's.
    pub bank_identifier: String,
    /// When the first account was created; last transactions are dated before it.
    pub started: Timestamp,
    /// The first account (index 0), then the further candidates.
    pub candidates: Vec<StoredCandidate>,
    /// How many listings have shown it.
    pub listings: u32,
    /// How many candidates `linkavailablebankaccount` linked under it.
    pub links: u32,
}

/// Where a candidate ID leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    /// Authorisation and candidate index.
    Found(usize, usize),
    /// It was replaced by a refresh.
    Stale,
    /// No such candidate in the company.
    Unknown,
}

/// Every authorisation, with indexes by bank account and by candidate ID.
#[derive(Clone, Default)]
pub(super) struct Authorisations {
    pub(super) all: Vec<Authorisation>,
    pub(super) by_account: HashMap<BankAccountId, usize>,
    by_candidate: HashMap<CandidateId, (usize, usize)>,
    pub(super) retired: HashMap<CandidateId, CompanyKey>,
}

impl Authorisations {
    /// Every authorisation as it was kept: `all` in order, the bank accounts under each (by index; one naming no
    /// authorisation is left out) and the candidate IDs retired by refreshes, with their company.
    pub(super) fn restored(
        all: Vec<Authorisation>,
        by_account: HashMap<BankAccountId, usize>,
        retired: HashMap<CandidateId, CompanyKey>,
    ) -> Self {
        let by_account = by_account.into_iter().filter(|(_, index)| *index < all.len()).collect();
        let by_candidate = all
            .iter()
            .enumerate()
            .flat_map(|(index, a)| a.candidates.iter().enumerate().map(move |(at, c)| (c.id.clone(), (index, at))))
            .collect();
        Self { all, by_account, by_candidate, retired }
    }

    /// Records `authorisation`, started by the bank account `first`, and returns its index.
    pub(super) fn start(&mut self, authorisation: Authorisation, first: BankAccountId) -> usize {
        let index = self.all.len();
        for (at, candidate) in authorisation.candidates.iter().enumerate() {
            self.by_candidate.insert(candidate.id.clone(), (index, at));
        }
        self.all.push(authorisation);
        self.by_account.insert(first, index);
        index
    }

    /// The authorisation the bank account `id` belongs to.
    pub(super) fn of_account(&self, id: &str) -> Option<usize> {
        self.by_account.get(&BankAccountId::from(id)).copied()
    }

    /// Every bank account under authorisation `index`: the first and those linked from its candidates.
    pub(super) fn accounts(&self, index: usize) -> Vec<BankAccountId> {
        self.by_account.iter().filter(|(_, at)| **at == index).map(|(account, _)| account.clone()).collect()
    }

    /// Records that the bank account `account` was linked under authorisation `index`.
    pub(super) fn join(&mut self, account: BankAccountId, index: usize) {
        self.by_account.insert(account, index);
        if let Some(authorisation) = self.all.get_mut(index) {
            authorisation.links += 1;
        }
    }

    /// Authorisation `index`.
    pub(super) fn get(&self, index: usize) -> Option<&Authorisation> {
        self.all.get(index)
    }

    /// Authorisation `index`, to change.
    pub(super) fn get_mut(&mut self, index: usize) -> Option<&mut Authorisation> {
        self.all.get_mut(index)
    }

    /// Where the candidate `id` leads for `company`: only its own company's candidates are found.
    pub(super) fn find(&self, company: &CompanyKey, id: &CandidateId) -> Lookup {
        match self.by_candidate.get(id) {
            Some(&(index, at)) if self.all.get(index).is_some_and(|a| a.company == *company) => {
                Lookup::Found(index, at)
            }
            _ if self.retired.get(id) == Some(company) => Lookup::Stale,
            _ => Lookup::Unknown,
        }
    }

    /// Gives every candidate of authorisation `index` that `connected` does not hold a new ID; the old IDs are
    /// remembered as stale.
    pub(super) fn refresh(&mut self, index: usize, connected: impl Fn(&str) -> bool, rng: &mut impl Rng) {
        let Some(authorisation) = self.all.get_mut(index) else { return };
        for (at, candidate) in authorisation.candidates.iter_mut().enumerate() {
            if connected(&candidate.account_key) {
                continue;
            }
            let fresh = CandidateId(random::uuid(rng));
            let old = std::mem::replace(&mut candidate.id, fresh.clone());
            self.by_candidate.remove(&old);
            self.retired.insert(old, authorisation.company.clone());
            self.by_candidate.insert(fresh, (index, at));
        }
    }
}
