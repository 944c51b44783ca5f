//! An onboarded organisation's first company on a running emulator, with a live access token, and the steps that
//! the linking and candidate tests share: start and approve an indirect link, poll, create a bank account, and get
//! the first active account of an authorisation.

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::api::error::ApiError;
use bankfeeds_onboard::api::ids::{BankId, CompanyId, OrganisationId};
use bankfeeds_onboard::api::models::{
    BankAccount, BankAccountStatus, IndirectLink, LinkedAccount, NewBankAccount, PollAnswer,
};
use bankfeeds_onboard::api::redacted::Jwt;
use bankfeeds_onboard::emulator::EmulatorHandle;
use bankfeeds_onboard::emulator::fixtures::ACTIVE;
use url::Url;

use super::{EmulatorConfig, client, onboard, start};
use crate::consent::approve_consent;

/// An onboarded organisation's first company on a running emulator, with a live access token.
pub(super) struct Session {
    /// The emulator.
    pub emulator: EmulatorHandle,
    /// A client of it.
    pub client: Client,
    /// The organisation.
    pub organisation: OrganisationId,
    /// Its first company.
    pub company: CompanyId,
    /// An access token for the company.
    pub token: Jwt,
}

impl Session {
    /// Onboards `ACTIVE` on an emulator with `config` and gets an access token.
    pub async fn new(config: EmulatorConfig) -> Self {
        let emulator = start(config).await;
        let client = client(&emulator);
        let created = onboard(&client, ACTIVE).await;
        let (organisation, company) = (created.organisation_id.clone(), created.companies[0].clone());
        let token = client.access_token(&organisation, &company, &created.token).await.expect("a JWT").jwt;
        Self { emulator, client, organisation, company, token }
    }

    /// `indirectlinkaccount` for `bank`.
    pub async fn link(&self, bank: &str) -> Result<IndirectLink, ApiError> {
        self.client.indirect_link(&self.organisation, &self.company, &BankId::from(bank), &self.token).await
    }

    /// Polls `route` once.
    pub async fn poll(&self, route: &str) -> Result<PollAnswer, ApiError> {
        self.client.poll(&Url::parse(route).expect("an absolute route")).await
    }

    /// Polls `route`, expecting 202, and returns the next route.
    pub async fn pending(&self, route: &str) -> String {
        match self.poll(route).await {
            Ok(PollAnswer::Pending(next)) => next.poll_route,
            other => panic!("expected 202, got {other:?}"),
        }
    }

    /// Creates a bank account from a linked account.
    pub async fn create(&self, bank: &str, account: &LinkedAccount) -> Result<BankAccount, ApiError> {
        let body = NewBankAccount {
            bank_id: BankId::from(bank),
            account_name: account.account_name.clone(),
            account_key: account.account_key.clone(),
            account_identifier: account.account_identifier.clone(),
            bank_identifier: account.bank_identifier.clone().unwrap_or_default(),
            account_type: account.account_type.clone().unwrap_or_default(),
            default_currency: account.default_currency.clone().unwrap_or_default(),
            requested_start_date: "2026-10-01T00:00:00Z".parse().expect("an instant"),
        };
        self.client.create_bank_account(&self.organisation, &self.company, &body, &self.token).await
    }

    /// Links `bank` with Approve and returns the linked account.
    pub async fn linked_account(&self, bank: &str) -> LinkedAccount {
        let link = self.link(bank).await.expect("a link");
        approve_consent(&link.redirect).await;
        match self.poll(&link.poll_route).await {
            Ok(PollAnswer::Linked(account)) => account,
            other => panic!("expected a linked account, got {other:?}"),
        }
    }

    /// The first account of a new authorisation at `bank`: linked, created, and read until `active` (set a short
    /// activation delay), or fails after the tests' patience.
    pub async fn active_first_account(&self, bank: &str) -> BankAccount {
        let linked = self.linked_account(bank).await;
        let created = self.create(bank, &linked).await.expect("the first account is created");
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        crate::support::eventually_async("the first account active", || async {
            let read = self.client.bank_account(org, co, &created.bank_account_id, token).await.expect("the account");
            if read.status == BankAccountStatus::Active { Ok(read) } else { Err(read.status) }
        })
        .await
    }
}
