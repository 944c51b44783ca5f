//! Bank accounts (CONTRACT §6.4–§6.5, §8): created from a linked account (each starting an authorisation whose
//! candidates `candidates` offers) or from a candidate, one per `accountKey` in a company, each `pending` until
//! `activation_delay` has passed since its creation, then `active`; `authRequired` from when the bank needs the
//! person again (`reauth`), `cancelled` once deleted (DELETE is idempotent: a second one answers 204 too). The status
//! is computed from the time asked, so nothing needs to tick. Pure: time comes in as a value.

use std::collections::HashMap;

use jiff::Timestamp;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::{World, later, parse_body};
use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{AccountTypes, Bank, BankAccount, BankAccountStatus, BankAuthorisation, NewBankAccount};
use crate::api::redacted::AuthorisationToken;
use crate::emulator::banks::{self, TestBank};
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

/// Why a new account is still pending.
const PENDING_REASON: &str = "Waiting for the first transactions from the bank";

/// Why a deleted account is cancelled.
const CANCELLED_REASON: &str = "Removed at the customer's request";

/// Why an account of `Emulator Expiring Bank` needs the person again.
pub(super) const EXPIRED_REASON: &str = "The bank's consent expired; sign in to the bank again";

/// An account as created, with when it turns active, the balances it shows then (in minor units), and what happened
/// to it since.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredAccount {
    /// The account as POST answered it.
    pub created: BankAccount,
    /// When it turns `active`.
    pub active_from: Timestamp,
    /// Its balances once active.
    pub balances: Balances,
    /// From when the bank needs the person to sign in again, and why; a re-authorisation clears it.
    pub auth_required: Option<(Timestamp, String)>,
    /// The last re-authorisation.
    pub reauthorised: Option<Timestamp>,
    /// When it was deleted.
    pub cancelled: Option<Timestamp>,
}

/// An account's balances in minor units (cents).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Balances {
    /// What may be spent now.
    pub available: i64,
    /// The booked (ledger) balance.
    pub ledger: i64,
}

/// What a new bank account is made of, from a POST body or from a candidate.
pub(super) struct NewAccount<'a> {
    /// The bank.
    pub bank: &'a Bank,
    /// The aggregator's key of the account.
    pub account_key: &'a str,
    /// Its name.
    pub account_name: &'a str,
    /// Its number.
    pub account_identifier: &'a str,
    /// The bank's identifier (like a sort code).
    pub bank_identifier: &'a str,
    /// `checking`, `savings`, `creditCard`, …
    pub account_type: &'a str,
    /// ISO 4217 currency.
    pub currency: &'a str,
    /// Transactions are fetched from this instant.
    pub requested_start_date: Timestamp,
    /// Its balances once active.
    pub balances: Balances,
}

impl StoredAccount {
    /// Its ID.
    pub(super) fn id(&self) -> &BankAccountId {
        &self.created.bank_account_id
    }

    /// The account as seen at `now`: cancelled, or needing the person, or else pending or active.
    pub(super) fn at(&self, now: Timestamp) -> BankAccount {
        let flowing = self.flowing(now);
        if let Some(at) = self.cancelled {
            return changed(flowing, BankAccountStatus::Cancelled, CANCELLED_REASON, at);
        }
        match &self.auth_required {
            Some((from, reason)) if now >= *from => changed(flowing, BankAccountStatus::AuthRequired, reason, *from),
            _ => flowing,
        }
    }

    /// The account as its data flows at `now`: pending, then active (since its last re-authorisation, if any).
    fn flowing(&self, now: Timestamp) -> BankAccount {
        if now < self.active_from {
            return self.created.clone();
        }
        let activated = self.reauthorised.map_or(self.active_from, |at| at.max(self.active_from)).to_string();
        BankAccount {
            status: BankAccountStatus::Active,
            status_reason: None,
            modified_date: Some(activated.clone()),
            status_modified_date: Some(activated.clone()),
            last_transactions_received: Some(activated),
            ledger_balance_amount: Some(major_units(self.balances.ledger)),
            available_balance_amount: Some(major_units(self.balances.available)),
            ..self.created.clone()
        }
    }
}

/// `account` with another status, its reason and when it changed.
fn changed(account: BankAccount, status: BankAccountStatus, reason: &str, at: Timestamp) -> BankAccount {
    BankAccount {
        status,
        status_reason: Some(reason.to_owned()),
        modified_date: Some(at.to_string()),
        status_modified_date: Some(at.to_string()),
        ..account
    }
}

/// Every company's accounts, in creation order.
#[derive(Clone, Default)]
pub(super) struct BankAccounts {
    pub(super) by_company: HashMap<(OrganisationId, CompanyId), Vec<StoredAccount>>,
}

impl BankAccounts {
    /// The company's accounts as created.
    fn of(&self, company: &(OrganisationId, CompanyId)) -> impl Iterator<Item = &BankAccount> {
        self.by_company.get(company).into_iter().flatten().map(|stored| &stored.created)
    }

    /// The company's accounts not deleted, as created: those that count as connected.
    fn live(&self, company: &(OrganisationId, CompanyId)) -> impl Iterator<Item = &BankAccount> {
        self.by_company
            .get(company)
            .into_iter()
            .flatten()
            .filter(|stored| stored.cancelled.is_none())
            .map(|stored| &stored.created)
    }

    /// The company's account `id`, to change.
    pub(super) fn get_mut(&mut self, company: &(OrganisationId, CompanyId), id: &str) -> Option<&mut StoredAccount> {
        self.by_company.get_mut(company)?.iter_mut().find(|stored| stored.created.bank_account_id.as_str() == id)
    }

    /// The company's account `id`.
    pub(super) fn get(&self, company: &(OrganisationId, CompanyId), id: &str) -> Option<&StoredAccount> {
        self.by_company.get(company)?.iter().find(|stored| stored.created.bank_account_id.as_str() == id)
    }

    /// The company that holds the account `id`, in any organisation.
    pub(super) fn company_of(&self, id: &str) -> Option<(OrganisationId, CompanyId)> {
        self.by_company
            .iter()
            .find(|(_, accounts)| accounts.iter().any(|stored| stored.created.bank_account_id.as_str() == id))
            .map(|(company, _)| company.clone())
    }

    /// The company's account not deleted with this `accountKey`.
    pub(super) fn with_key(&self, company: &(OrganisationId, CompanyId), key: &str) -> Option<&BankAccountId> {
        self.live(company).find(|account| account.account_key.as_deref() == Some(key)).map(|a| &a.bank_account_id)
    }

    /// True when the company has an account with this ID.
    pub(super) fn contains(&self, company: &(OrganisationId, CompanyId), id: &str) -> bool {
        self.of(company).any(|account| account.bank_account_id.as_str() == id)
    }

    /// Every `accountKey` of the company's accounts not deleted, with its account.
    pub(super) fn keys(&self, company: &(OrganisationId, CompanyId)) -> HashMap<&str, &BankAccountId> {
        self.live(company)
            .filter_map(|account| Some((account.account_key.as_deref()?, &account.bank_account_id)))
            .collect()
    }
}

/// Minor units (cents) as the §8 object's decimal amount.
#[expect(clippy::cast_precision_loss, reason = "balances in cents stay far below 2^53")]
fn major_units(cents: i64) -> f64 {
    cents as f64 / 100.0
}

impl World {
    /// `POST …/bankaccounts`: a new `pending` account for the token's company, from the exact body received.
    pub fn create_bank_account(
        &mut self,
        claims: &Claims,
        raw_body: &[u8],
        now: Timestamp,
    ) -> Result<BankAccount, Refusal> {
        let body: NewBankAccount = parse_body(raw_body)?;
        for (field, value) in [
            ("accountKey", &body.account_key),
            ("accountName", &body.account_name),
            ("accountIdentifier", &body.account_identifier),
        ] {
            if value.trim().is_empty() {
                return Err(Refusal::invalid_body(&format!("{field} is empty")));
            }
        }
        let bank = banks::catalogue().bank(&body.bank_id).ok_or_else(|| {
            Refusal::invalid_body(&format!("bankId \"{}\" is not a bank GET banks lists", body.bank_id))
        })?;
        let company = (claims.org.clone(), claims.company.clone());
        if let Some(same) = self.bank_accounts.with_key(&company, &body.account_key) {
            return Err(Refusal::bank_account_exists(same.as_str()));
        }
        let ledger = self.rng.random_range(10_000..5_000_000_i64);
        let balances = Balances { available: ledger - self.rng.random_range(0..50_000), ledger };
        let new = NewAccount {
            bank,
            account_key: &body.account_key,
            account_name: &body.account_name,
            account_identifier: &body.account_identifier,
            bank_identifier: &body.bank_identifier,
            account_type: &body.account_type,
            currency: &body.default_currency,
            requested_start_date: body.requested_start_date,
            balances,
        };
        let created = self.insert_bank_account(company.clone(), &new, now);
        self.start_authorisation(company, created.bank_account_id.clone(), &new, now);
        Ok(created)
    }

    /// Stores a new `pending` account in `company` and returns it.
    pub(super) fn insert_bank_account(
        &mut self,
        company: (OrganisationId, CompanyId),
        new: &NewAccount<'_>,
        now: Timestamp,
    ) -> BankAccount {
        let created = BankAccount {
            bank_id: Some(new.bank.bank_id.clone()),
            bank_identifier: Some(new.bank_identifier.to_owned()),
            account_identifier: Some(new.account_identifier.to_owned()),
            account_type: Some(new.account_type.to_owned()),
            account_types: Some(AccountTypes { is_credit_card: new.account_type == "creditCard" }),
            branch_identifier: Some(new.bank_identifier.to_owned()),
            account_key: Some(new.account_key.to_owned()),
            default_currency: Some(new.currency.to_owned()),
            account_name: Some(new.account_name.to_owned()),
            client_authorisation_token: Some(AuthorisationToken::new(random::signing_key(&mut self.rng).expose())),
            created_date: Some(now.to_string()),
            modified_date: Some(now.to_string()),
            status_modified_date: Some(now.to_string()),
            status_reason: Some(PENDING_REASON.to_owned()),
            bank_authorisation: Some(BankAuthorisation { redirect: None }),
            data_provider: Some(new.bank.data_provider.clone()),
            auth_always_required: Some(false),
            requested_start_date: Some(new.requested_start_date.to_string()),
            feature_options: Some(serde_json::json!({ "transactions": true, "balances": true })),
            ..BankAccount::bare(BankAccountId(random::uuid(&mut self.rng)), BankAccountStatus::Pending)
        };
        let expiring = TestBank::of(&new.bank.bank_id) == Some(TestBank::Expiring) || self.scenario.accounts_expire();
        let stored = StoredAccount {
            created: created.clone(),
            active_from: later(now, self.config.activation_delay),
            balances: new.balances,
            auth_required: expiring.then(|| (later(now, self.config.expiring_bank_after), EXPIRED_REASON.to_owned())),
            reauthorised: None,
            cancelled: None,
        };
        self.bank_accounts.by_company.entry(company).or_default().push(stored);
        created
    }

    /// `GET …/bankaccounts/{id}`: the account as it is at `now`.
    pub fn bank_account(&self, claims: &Claims, id: &str, now: Timestamp) -> Result<BankAccount, Refusal> {
        self.bank_accounts
            .by_company
            .get(&(claims.org.clone(), claims.company.clone()))
            .into_iter()
            .flatten()
            .find(|stored| stored.created.bank_account_id.as_str() == id)
            .map(|stored| stored.at(now))
            .ok_or_else(|| Refusal::bank_account_not_found(id))
    }

    /// `DELETE …/bankaccounts/{id}`: the account is `cancelled` from `now` on and no longer counts as connected. A
    /// second DELETE changes nothing and succeeds too (idempotent).
    pub fn delete_bank_account(&mut self, claims: &Claims, id: &str, now: Timestamp) -> Result<(), Refusal> {
        let stored = self
            .bank_accounts
            .get_mut(&(claims.org.clone(), claims.company.clone()), id)
            .ok_or_else(|| Refusal::bank_account_not_found(id))?;
        stored.cancelled.get_or_insert(now);
        Ok(())
    }

    /// `GET …/bankaccounts` [ASSUMED]: every account of the token's company at `now`, in creation order.
    #[must_use]
    pub fn bank_accounts(&self, claims: &Claims, now: Timestamp) -> Vec<BankAccount> {
        self.bank_accounts
            .by_company
            .get(&(claims.org.clone(), claims.company.clone()))
            .map(|accounts| accounts.iter().map(|stored| stored.at(now)).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
