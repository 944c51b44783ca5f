//! Re-authorisation in the world (CONTRACT §6): `indirectauth` opens a re-consent for an account in `authRequired`;
//! its Approve makes every account under the same authorisation (the first and those linked from its candidates)
//! `active` again at once, together; Deny leaves them `authRequired`. Pure: time comes in as a value.

use jiff::Timestamp;

use super::World;
use super::authorisations::CompanyKey;
use super::links::{Decision, Link, Outcome};
use crate::api::ids::{BankAccountId, BankId};
use crate::api::models::{BankAccountStatus, LinkedAccount};
use crate::emulator::banks;
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

use super::linking::CONSENT_PREFIX;

impl World {
    /// `GET …/bankaccounts/{id}/indirectauth?web=true`: the path of a re-consent page for the token's account `id`,
    /// which must be `authRequired` at `now`, or `active` (consent renewed before the bank asks, as the real service
    /// allows); pending or cancelled is 409 `bankAccountNotAuthRequired`, unknown is 404.
    pub fn indirect_auth(&mut self, claims: &Claims, id: &str, now: Timestamp) -> Result<String, Refusal> {
        let company = (claims.org.clone(), claims.company.clone());
        let account = self
            .bank_accounts
            .get(&company, id)
            .map(|stored| stored.at(now))
            .ok_or_else(|| Refusal::bank_account_not_found(id))?;
        if !matches!(account.status, BankAccountStatus::AuthRequired | BankAccountStatus::Active) {
            return Err(Refusal::not_auth_required(id, account.status.as_str()));
        }
        let bank_id = account.bank_id.clone().unwrap_or_else(|| BankId::from(""));
        let bank = banks::catalogue()
            .bank(&bank_id)
            .ok_or_else(|| Refusal::internal("find the bank of the account to re-authorise"))?;
        let shared = LinkedAccount {
            account_name: account.account_name.clone().unwrap_or_default(),
            account_key: account.account_key.clone().unwrap_or_default(),
            account_identifier: account.account_identifier.clone().unwrap_or_default(),
            bank_identifier: account.bank_identifier.clone(),
            account_type: account.account_type.clone(),
            default_currency: account.default_currency.clone(),
        };
        let mut link = Link::new(company.0, company.1, bank, shared, now);
        link.reauthorises = Some(account.bank_account_id.clone());
        let link_id = random::uuid(&mut self.rng);
        // A re-consent is not polled: its first route is never handed out.
        self.links.start(&link_id, link, self.config.link_memory, &mut self.rng);
        Ok(format!("{CONSENT_PREFIX}/{link_id}"))
    }

    /// The person's decision on a consent page; `None` for an unknown link. The boolean is false when the consent
    /// was already decided (that decision stands). Approving a re-consent recovers its accounts; under the scenario
    /// `consent: declined` every consent ends declined.
    pub fn decide(&mut self, link_id: &str, decision: Decision, now: Timestamp) -> Option<(&Link, bool)> {
        let (fresh, recovered) = {
            let declined = self.scenario.declines_every_consent();
            let (link, fresh) = self.links.decide(link_id, decision, declined, now)?;
            let approved = matches!(link.decided, Some((Outcome::Reauthorised, _)));
            let recovered = link.reauthorises.clone().filter(|_| fresh && approved);
            (fresh, recovered.map(|account| ((link.organisation.clone(), link.company.clone()), account)))
        };
        if let Some((company, account)) = recovered {
            self.recover(&company, &account, now);
        }
        self.links.get(link_id).map(|link| (link, fresh))
    }

    /// Every account under the authorisation of `account` (itself when it started none), in `company`.
    pub(super) fn under_same_authorisation(&self, account: &BankAccountId) -> Vec<BankAccountId> {
        match self.authorisations.of_account(account.as_str()) {
            Some(index) => self.authorisations.accounts(index),
            None => vec![account.clone()],
        }
    }

    /// Makes every account not deleted under the authorisation of `account` active again from `now`.
    fn recover(&mut self, company: &CompanyKey, account: &BankAccountId, now: Timestamp) {
        for id in self.under_same_authorisation(account) {
            if let Some(stored) = self.bank_accounts.get_mut(company, id.as_str()).filter(|s| s.cancelled.is_none()) {
                stored.auth_required = None;
                stored.reauthorised = Some(now);
            }
        }
    }
}

#[cfg(test)]
mod tests;
