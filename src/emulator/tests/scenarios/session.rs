//! What the scenario tests share: an emulator on 127.0.0.1:0 with fixed captchas and accounts active at once, the
//! real typed `Client` of it, an onboarded company with its access token, and the person's Approve on a consent page.

use std::time::Duration;

use url::Url;

use crate::api::assumed::{CaptchaSolution, LicenceDetails};
use crate::api::error::ApiError;
use crate::api::ids::{BankId, CompanyId, OrganisationId};
use crate::api::models::{
    BankAccount, Company, CreatedOrganisation, IndirectLink, LinkedAccount, NewBankAccount, NewOrganisation,
    PollAnswer, User,
};
use crate::api::redacted::{CaptchaAnswer, Jwt};
use crate::api::{Client, Scenario};
use crate::config::AppIdentity;
use crate::emulator::{EmulatorConfig, EmulatorHandle, start};

/// Every captcha's answer.
pub const ANSWER: &str = "K7PXR";

/// Emulator Bank in the UK: links at the first poll after Approve, offers more candidates.
pub const BANK: &str = "emulator-bank-gbr";

/// A running emulator and a client of it.
pub async fn emulator() -> (EmulatorHandle, Client) {
    let config = EmulatorConfig {
        captcha_text: Some(ANSWER.into()),
        activation_delay: Duration::ZERO,
        poll_period: Duration::from_millis(10),
        ..EmulatorConfig::default()
    };
    let emulator = start("127.0.0.1:0".parse().expect("address"), config).await.expect("starts");
    let client = Client::new(emulator.endpoints(), AppIdentity::default()).expect("a client");
    (emulator, client.with_timeout(Duration::from_secs(20)))
}

/// Puts `scenario` in force through the admin API, as QA would, and checks the answer.
pub async fn switch(client: &Client, scenario: Scenario) {
    assert_eq!(client.set_scenario(&scenario).await.expect("the admin API answers"), scenario);
}

/// `requestToken` for ACTIVE, a fresh captcha, then POST organisation answering it with `answer`.
pub async fn create(client: &Client, answer: &str) -> Result<CreatedOrganisation, ApiError> {
    let licence = LicenceDetails::with_serial("ACTIVE");
    client.request_token(&licence).await.expect("the token request is accepted");
    let captcha = client.captcha().await.expect("a captcha");
    let body = NewOrganisation {
        company: Company { name: "Acme Ltd".into(), ..Company::default() },
        crm_id: "crm-1".into(),
        user: User::default(),
        licence_details: Some(licence),
        captcha: Some(CaptchaSolution { captcha_id: captcha.captcha_id, answer: CaptchaAnswer::new(answer) }),
    };
    client.create_organisation(&body, None).await
}

/// The status and `code` of a refusal.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(result: Result<T, ApiError>) -> (Option<u16>, String) {
    let failure = result.expect_err("refused").failure();
    (failure.status(), failure.code().unwrap_or_default().to_owned())
}

/// Presses Approve, the account ticked, on the consent page at `url`.
pub async fn approve(url: &str) {
    let response = reqwest::Client::new()
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("decision=approve&account=ticked")
        .send()
        .await
        .expect("the consent page answers");
    assert!(response.status().is_success(), "{}", response.status());
}

/// An onboarded organisation's first company on a running emulator, with an access token.
pub struct Session {
    /// The emulator.
    pub emulator: EmulatorHandle,
    /// The real client of it.
    pub client: Client,
    /// The organisation.
    pub organisation: OrganisationId,
    /// Its first company.
    pub company: CompanyId,
    /// An access token for the company.
    pub token: Jwt,
}

impl Session {
    /// Onboards on a new emulator and gets an access token.
    pub async fn new() -> Self {
        let (emulator, client) = emulator().await;
        let created = create(&client, ANSWER).await.expect("onboarded");
        let (organisation, company) = (created.organisation_id.clone(), created.companies[0].clone());
        let token = client.access_token(&organisation, &company, &created.token).await.expect("a JWT").jwt;
        Self { emulator, client, organisation, company, token }
    }

    /// Starts a link to Emulator Bank.
    pub async fn link(&self) -> IndirectLink {
        let bank = BankId::from(BANK);
        self.client.indirect_link(&self.organisation, &self.company, &bank, &self.token).await.expect("a link")
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

    /// Links Emulator Bank with Approve and creates the bank account (active at once).
    pub async fn first_account(&self) -> BankAccount {
        let account = self.linked().await;
        self.create(&account).await
    }

    /// Links Emulator Bank with Approve: the account linked.
    pub async fn linked(&self) -> LinkedAccount {
        let link = self.link().await;
        approve(&link.redirect).await;
        match self.poll(&link.poll_route).await {
            Ok(PollAnswer::Linked(account)) => account,
            other => panic!("expected a linked account, got {other:?}"),
        }
    }

    /// Creates a bank account from a linked account.
    pub async fn create(&self, account: &LinkedAccount) -> BankAccount {
        self.try_create(account).await.expect("created")
    }

    /// Asks to create a bank account from a linked account: what the client got.
    pub async fn try_create(&self, account: &LinkedAccount) -> Result<BankAccount, ApiError> {
        let body = NewBankAccount {
            bank_id: BankId::from(BANK),
            account_name: account.account_name.clone(),
            account_key: account.account_key.clone(),
            account_identifier: account.account_identifier.clone(),
            bank_identifier: account.bank_identifier.clone().unwrap_or_default(),
            account_type: account.account_type.clone().unwrap_or_default(),
            default_currency: account.default_currency.clone().unwrap_or_default(),
            requested_start_date: "2026-10-01T00:00:00Z".parse().expect("an instant"),
        };
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        self.client.create_bank_account(org, co, &body, token).await
    }

    /// The company's bank accounts, as listed.
    pub async fn accounts(&self) -> Vec<BankAccount> {
        self.client.bank_accounts(&self.organisation, &self.company, &self.token).await.expect("listed")
    }
}
