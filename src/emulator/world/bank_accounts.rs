//! Bank accounts (CONTRACT §6.4–§6.5, §8): created from a linked account, one per `accountKey` in a company, each
//! `pending` until `activation_delay` has passed since its creation, then `active`; the status is computed from the
//! time asked, so nothing needs to tick. Pure: time comes in as a value.

use std::collections::HashMap;

use jiff::Timestamp;
use rand::Rng;

use super::{World, later, parse_body};
use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{AccountTypes, BankAccount, BankAccountStatus, BankAuthorisation, NewBankAccount};
use crate::api::redacted::AuthorisationToken;
use crate::emulator::banks;
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

/// Why a new account is still pending.
const PENDING_REASON: &str = "Waiting for the first transactions from the bank";

/// An account as created, with when it turns active and the balances it shows then.
#[derive(Clone, Debug)]
struct StoredAccount {
    created: BankAccount,
    active_from: Timestamp,
    ledger_balance: f64,
    available_balance: f64,
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
            ledger_balance_amount: Some(self.ledger_balance),
            available_balance_amount: Some(self.available_balance),
            ..self.created.clone()
        }
    }
}

/// Every company's accounts, in creation order.
#[derive(Default)]
pub(super) struct BankAccounts {
    by_company: HashMap<(OrganisationId, CompanyId), Vec<StoredAccount>>,
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
        let existing = self.bank_accounts.by_company.get(&company).into_iter().flatten();
        let key = Some(body.account_key.as_str());
        if let Some(same) = existing.map(|stored| &stored.created).find(|account| account.account_key.as_deref() == key)
        {
            return Err(Refusal::bank_account_exists(same.bank_account_id.as_str()));
        }
        let created = BankAccount {
            bank_id: Some(body.bank_id.clone()),
            bank_identifier: Some(body.bank_identifier.clone()),
            account_identifier: Some(body.account_identifier.clone()),
            account_type: Some(body.account_type.clone()),
            account_types: Some(AccountTypes { is_credit_card: body.account_type == "creditCard" }),
            branch_identifier: Some(body.bank_identifier.clone()),
            account_key: Some(body.account_key.clone()),
            default_currency: Some(body.default_currency.clone()),
            account_name: Some(body.account_name.clone()),
            client_authorisation_token: Some(AuthorisationToken::new(random::signing_key(&mut self.rng).expose())),
            created_date: Some(now.to_string()),
            modified_date: Some(now.to_string()),
            status_modified_date: Some(now.to_string()),
            status_reason: Some(PENDING_REASON.to_owned()),
            bank_authorisation: Some(BankAuthorisation { redirect: None }),
            data_provider: Some(bank.data_provider.clone()),
            auth_always_required: Some(false),
            requested_start_date: Some(body.requested_start_date.to_string()),
            feature_options: Some(serde_json::json!({ "transactions": true, "balances": true })),
            ..BankAccount::bare(BankAccountId(random::uuid(&mut self.rng)), BankAccountStatus::Pending)
        };
        let cents = self.rng.random_range(10_000..5_000_000_u32);
        let stored = StoredAccount {
            created: created.clone(),
            active_from: later(now, self.config.activation_delay),
            ledger_balance: f64::from(cents) / 100.0,
            available_balance: f64::from(cents.saturating_sub(self.rng.random_range(0..50_000))) / 100.0,
        };
        self.bank_accounts.by_company.entry(company).or_default().push(stored);
        Ok(created)
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
