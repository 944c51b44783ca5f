//! Multi-account link in the world (CONTRACT §7): starting an authorisation when a bank account is created, listing
//! its candidates (at most [`MAX_LISTED_IDS`] bank account IDs of one bank; the first listing of some banks still
//! refreshing), and linking one as a bank account of the same authorisation, under the optional rate limit and the
//! optional forced refresh of candidate IDs. A candidate is connected when its company has a bank account with its
//! `accountKey`. Pure: time comes in as a value.

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::authorisations::{Authorisation, CompanyKey, Lookup, StoredCandidate};
use super::bank_accounts::{Balances, NewAccount};
use super::{World, parse_body};
use crate::api::ids::{BankAccountId, CandidateId};
use crate::api::models::{AvailableAccounts, Bank, BankAccount, LinkCandidate};
use crate::emulator::banks;
use crate::emulator::banks::candidates::{self as fixtures, CandidateProfile, Kind, Listing, PARTIAL_LISTING};
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

/// The most bank account IDs one listing accepts [SEED].
pub const MAX_LISTED_IDS: usize = 100;

/// How far back transactions are fetched when a link names no start date [ASSUMED]: 90 days, from midnight UTC.
const DEFAULT_HISTORY_DAYS: i64 = 90;

/// What `GET …/availablebankaccounts` asks, read from its query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListingQuery {
    /// The bank account IDs whose authorisations are listed, in the order sent.
    pub bank_account_ids: Vec<String>,
    /// Leave out candidates already connected in the company.
    pub filter_connected: bool,
}

impl ListingQuery {
    /// Reads every `bankAccountIds` value (comma-separated IDs; blanks ignored) and `filterConnected` (`true` or
    /// `false`, any case; absent is `false`). No IDs is 400 `invalidQuery`; more than [`MAX_LISTED_IDS`] is 400
    /// `tooManyBankAccountIds`.
    pub fn parse(bank_account_ids: &[String], filter_connected: Option<&str>) -> Result<Self, Refusal> {
        let ids: Vec<String> = bank_account_ids
            .iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
            .collect();
        if ids.is_empty() {
            return Err(Refusal::invalid_query(
                "bankAccountIds",
                "name the company's bank accounts whose candidates to list, like bankAccountIds=<id>,<id>",
            ));
        }
        if ids.len() > MAX_LISTED_IDS {
            return Err(Refusal::too_many_bank_account_ids(ids.len(), MAX_LISTED_IDS));
        }
        let filter_connected = match filter_connected.map(str::trim) {
            None => false,
            Some(flag) if flag.eq_ignore_ascii_case("true") => true,
            Some(flag) if flag.eq_ignore_ascii_case("false") => false,
            Some(_) => return Err(Refusal::invalid_query("filterConnected", "send true or false")),
        };
        Ok(Self { bank_account_ids: ids, filter_connected })
    }
}

impl World {
    /// Starts the authorisation of the bank account `first_id`, just created from an indirect link as `first`: the
    /// account itself, then the further candidates its bank offers, each with a fresh ID and `accountKey`.
    pub(super) fn start_authorisation(
        &mut self,
        company: CompanyKey,
        first_id: BankAccountId,
        first: &NewAccount<'_>,
        now: Timestamp,
    ) {
        let own = CandidateProfile {
            name: first.account_name.to_owned(),
            alternative_name: None,
            kind: Kind::of(first.account_type),
            account_identifier: first.account_identifier.to_owned(),
            currency: first.currency.to_owned(),
            available_cents: first.balances.available,
            current_cents: first.balances.ledger,
            last_transaction: None,
        };
        let rng = &mut self.rng;
        let mut candidates = vec![StoredCandidate {
            id: CandidateId(random::uuid(rng)),
            account_key: first.account_key.to_owned(),
            profile: own,
        }];
        candidates.extend(fixtures::profiles(first.bank).into_iter().map(|profile| StoredCandidate {
            id: CandidateId(random::uuid(rng)),
            account_key: random::uuid(rng),
            profile,
        }));
        let authorisation = Authorisation {
            company,
            bank: first.bank.bank_id.clone(),
            bank_identifier: first.bank_identifier.to_owned(),
            started: now,
            candidates,
            listings: 0,
            links: 0,
        };
        self.authorisations.start(authorisation, first_id);
    }

    /// `GET …/availablebankaccounts`: the candidates of the authorisations of `query`'s bank accounts, which must be
    /// the token's company's and of one bank. A bank that refreshes first answers its first listing with
    /// `refreshing: true` and only its first candidates.
    pub fn available_bank_accounts(
        &mut self,
        claims: &Claims,
        query: &ListingQuery,
    ) -> Result<AvailableAccounts, Refusal> {
        let company = (claims.org.clone(), claims.company.clone());
        let mut listed: Vec<usize> = Vec::new();
        for id in &query.bank_account_ids {
            let index = (self.bank_accounts.contains(&company, id))
                .then(|| self.authorisations.of_account(id))
                .flatten()
                .ok_or_else(|| Refusal::bank_account_not_found(id))?;
            if !listed.contains(&index) {
                listed.push(index);
            }
        }
        let banks: Vec<&Bank> =
            listed.iter().filter_map(|&index| self.authorisations.get(index)).filter_map(|a| bank(a)).collect();
        if let Some(first) = banks.first()
            && let Some(other) = banks.iter().find(|bank| bank.bank_id != first.bank_id)
        {
            return Err(Refusal::mixed_institutions(&first.name, &other.name));
        }
        let connected = self.bank_accounts.keys(&company);
        let mut answer = AvailableAccounts::default();
        for index in listed {
            let Some(authorisation) = self.authorisations.get_mut(index) else { continue };
            let Some(bank) = bank(authorisation) else { continue };
            let partial = authorisation.listings == 0 && fixtures::refreshes_first(bank);
            authorisation.listings += 1;
            answer.refreshing |= partial;
            let shown = if partial { PARTIAL_LISTING + 1 } else { usize::MAX };
            for candidate in authorisation.candidates.iter().take(shown) {
                let linked = connected.get(candidate.account_key.as_str()).copied();
                if !(query.filter_connected && linked.is_some()) {
                    let listing = Listing {
                        id: &candidate.id,
                        account_key: &candidate.account_key,
                        bank_identifier: &authorisation.bank_identifier,
                        started: authorisation.started,
                        linked,
                        refreshing: partial,
                    };
                    answer.available_accounts.push(candidate.profile.listed(bank, &listing));
                }
            }
        }
        Ok(answer)
    }

    /// `POST …/linkavailablebankaccount`: the candidate named in the exact body received, linked as a `pending` bank
    /// account of its authorisation. Over the rate limit, or refused by a scenario's storm, 429; a stale or unknown candidate 404; one already
    /// connected 409.
    pub fn link_available_bank_account(
        &mut self,
        claims: &Claims,
        raw_body: &[u8],
        now: Timestamp,
    ) -> Result<BankAccount, Refusal> {
        let company = (claims.org.clone(), claims.company.clone());
        if let Some(limit) = self.config.link_rate_limit {
            self.link_rate.admit(&company, limit, now).map_err(|wait| Refusal::rate_limited(limit, wait))?;
        }
        self.scenario.admit_in_storm()?;
        let body: LinkCandidate = parse_body(raw_body)?;
        let id = &body.bank_account_candidate_id;
        let (index, at) = match self.authorisations.find(&company, id) {
            Lookup::Found(index, at) => (index, at),
            Lookup::Stale => return Err(Refusal::candidate_stale(id.as_str())),
            Lookup::Unknown => return Err(Refusal::candidate_not_found(id.as_str())),
        };
        let (authorisation, candidate) = self
            .authorisations
            .get(index)
            .and_then(|a| Some((a, a.candidates.get(at)?)))
            .ok_or_else(|| Refusal::internal("find the candidate"))?;
        if let Some(linked) = self.bank_accounts.with_key(&company, &candidate.account_key) {
            return Err(Refusal::candidate_already_linked(linked.as_str()));
        }
        let bank = bank(authorisation).ok_or_else(|| Refusal::internal("find the candidate's bank"))?;
        let (profile, key, bank_identifier) =
            (candidate.profile.clone(), candidate.account_key.clone(), authorisation.bank_identifier.clone());
        let new = NewAccount {
            bank,
            account_key: &key,
            account_name: &profile.name,
            account_identifier: &profile.account_identifier,
            bank_identifier: &bank_identifier,
            account_type: profile.kind.account_type,
            currency: &profile.currency,
            requested_start_date: body.requested_start_date.unwrap_or_else(|| default_start(now)),
            balances: Balances { available: profile.available_cents, ledger: profile.current_cents },
        };
        let created = self.insert_bank_account(company.clone(), &new, now);
        self.authorisations.join(created.bank_account_id.clone(), index);
        self.refresh_if_due(index, &company);
        Ok(created)
    }

    /// Replaces the IDs of authorisation `index`'s unconnected candidates when `refresh_candidates_after_links` says
    /// its links so far call for it, or after every link under the scenario `candidates: stale`.
    fn refresh_if_due(&mut self, index: usize, company: &CompanyKey) {
        let links = self.authorisations.get(index).map_or(0, |a| a.links);
        let due = self.scenario.refreshes_after_every_link()
            || self.config.refresh_candidates_after_links.is_some_and(|every| every > 0 && links.is_multiple_of(every));
        if due {
            let connected = self.bank_accounts.keys(company);
            self.authorisations.refresh(index, |key| connected.contains_key(key), &mut self.rng);
        }
    }
}

/// The bank of an authorisation.
fn bank(authorisation: &Authorisation) -> Option<&'static Bank> {
    banks::catalogue().bank(&authorisation.bank)
}

/// Midnight UTC [`DEFAULT_HISTORY_DAYS`] days before `now`.
fn default_start(now: Timestamp) -> Timestamp {
    now.to_zoned(TimeZone::UTC)
        .date()
        .checked_sub(Span::new().days(DEFAULT_HISTORY_DAYS))
        .and_then(|day| day.to_zoned(TimeZone::UTC))
        .map_or(now, |midnight| midnight.timestamp())
}

#[cfg(test)]
mod tests;
