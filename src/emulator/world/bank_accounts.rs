//! Bank accounts (CONTRACT §6.4–§6.5, §8): created from a linked account (each starting an authorisation whose
//! candidates `candidates` offers) or from a candidate, one per `accountKey` in a company, each `pending` until
//! `activation_delay` has passed since its creation, then `active`; the status is computed from the time asked, so
//! nothing needs to tick. Pure: time comes in as a value.

use std::collections::HashMap;

use jiff::Timestamp;
use rand::Rng;

use super::{World, later, parse_body};
use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{AccountTypes, Bank, BankAccount, BankAccountStatus, BankAuthorisation, NewBankAccount};
use crate::api::redacted::AuthorisationToken;
use crate::emulator::banks;
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

/// Why a new account is still pending.
const PENDING_REASON: &str = "Waiting for the first transactions from the bank";

/// An account as created, with when it turns active and the balances it shows then, in minor units.
#[derive(Clone, Debug)]
struct StoredAccount {
    created: BankAccount,
    active_from: Timestamp,
    balances: Balances,
}

/// An account's balances in minor units (cents).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// The account as seen at `now`.
    fn at(&self, now: Timestamp) -> BankAccount {
        if now < self.active_from {
            return self.created.clone();
        }
        let activated = self.active_from.to_string();
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

/// Every company's accounts, in creation order.
#[derive(Default)]
pub(super) struct BankAccounts {
    by_company: HashMap<(OrganisationId, CompanyId), Vec<StoredAccount>>,
}

impl BankAccounts {
    /// The company's accounts as created.
    fn of(&self, company: &(OrganisationId, CompanyId)) -> impl Iterator<Item = &BankAccount> {
        self.by_company.get(company).into_iter().flatten().map(|stored| &stored.created)
    }

    /// The company's account with this `accountKey`.
    pub(super) fn with_key(&self, company: &(OrganisationId, CompanyId), key: &str) -> Option<&BankAccountId> {
        self.of(company).find(|account| account.account_key.as_deref() == Some(key)).map(|a| &a.bank_account_id)
    }

    /// True when the company has an account with this ID.
    pub(super) fn contains(&self, company: &(OrganisationId, CompanyId), id: &str) -> bool {
        self.of(company).any(|account| account.bank_account_id.as_str() == id)
    }

    /// Every `accountKey` of the company, with its account.
    pub(super) fn keys(&self, company: &(OrganisationId, CompanyId)) -> HashMap<&str, &BankAccountId> {
        self.of(company)
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
        let stored = StoredAccount {
            created: created.clone(),
            active_from: later(now, self.config.activation_delay),
            balances: new.balances,
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
