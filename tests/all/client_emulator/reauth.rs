//! Re-authorisation and removal through the typed `Client` against a real emulator: an account made `authRequired`
//! by the admin endpoint, `reauthorise` giving a re-consent page on the Banking origin, Approve over HTTP making the
//! first account and a linked candidate `active` together, Deny keeping them `authRequired`, 409 on an active
//! account, DELETE then `cancelled`, every JWT expired by the admin endpoint, and `Emulator Expiring Bank`.

use std::time::Duration;

use bankfeeds_onboard::api::assumed::codes;
use bankfeeds_onboard::api::ids::BankAccountId;
use bankfeeds_onboard::api::models::{BankAccount, BankAccountStatus};
use bankfeeds_onboard::emulator::world::DEFAULT_AUTH_REQUIRED_REASON;
use reqwest::StatusCode;

use super::session::Session;
use super::{EmulatorConfig, assert_refused, config};
use crate::consent::{approve_consent, deny_consent};

/// Emulator Bank in the UK.
const EMULATOR_BANK: &str = "emulator-bank-gbr";
/// Emulator Expiring Bank in the US.
const EXPIRING_BANK: &str = "emulator-expiring-bank-usa";

/// A session whose new bank accounts turn active at once, with `config` otherwise.
async fn session(config: EmulatorConfig) -> Session {
    Session::new(EmulatorConfig { activation_delay: Duration::ZERO, ..config }).await
}

impl Session {
    /// The account `id` as read now.
    async fn read(&self, id: &BankAccountId) -> BankAccount {
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        self.client.bank_account(org, co, id, token).await.expect("the account")
    }

    /// The first active account at `bank` and one of its candidates linked: both under one authorisation.
    async fn authorisation_of_two(&self, bank: &str) -> (BankAccountId, BankAccountId) {
        let first = self.active_first_account(bank).await.bank_account_id;
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        let listed = self.client.available_bank_accounts(org, co, std::slice::from_ref(&first), true, token).await;
        let candidate = listed.expect("the candidates").available_accounts[0].bank_account_candidate_id.clone();
        let linked = self.client.link_available_bank_account(org, co, &candidate, None, token).await;
        (first, linked.expect("a candidate is linked").bank_account_id)
    }

    /// `POST /emulator/admin/…` on the emulator's origin; returns the status and the body.
    async fn admin(&self, path: &str) -> (StatusCode, String) {
        let url = self.emulator.endpoints().banking.join(path).expect("an admin URL");
        let response = reqwest::Client::new().post(url).send().await.expect("the admin endpoint answers");
        (response.status(), response.text().await.expect("a body"))
    }

    /// Makes `account` (and its authorisation) `authRequired` through the admin endpoint.
    async fn require_auth(&self, account: &BankAccountId) {
        let path = format!("/emulator/admin/bankaccounts/{account}/authrequired");
        let (status, body) = self.admin(&path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains(account.as_str()), "{body}");
    }

    /// Reads `id` until its status is `status`, or fails after the tests' patience.
    async fn wait_for(&self, id: &BankAccountId, status: &BankAccountStatus) -> BankAccount {
        crate::support::eventually_async(&format!("{id} {status:?}"), || async {
            let read = self.read(id).await;
            if read.status == *status { Ok(read) } else { Err(read.status) }
        })
        .await
    }
}

#[tokio::test]
async fn approving_the_reconsent_makes_the_first_account_and_a_linked_candidate_active_together() {
    let session = session(config()).await;
    let (first, linked) = session.authorisation_of_two(EMULATOR_BANK).await;
    session.require_auth(&first).await;
    for id in [&first, &linked] {
        let account = session.read(id).await;
        assert_eq!(account.status, BankAccountStatus::AuthRequired, "{id}");
        assert_eq!(account.status_reason.as_deref(), Some(DEFAULT_AUTH_REQUIRED_REASON));
    }
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let reauthorisation = session.client.reauthorise(org, co, &linked, token).await.expect("a re-consent page");
    let banking = session.emulator.endpoints().banking;
    assert!(
        reauthorisation.redirect.starts_with(banking.origin().ascii_serialization().as_str()),
        "{} is not on {banking}",
        reauthorisation.redirect
    );
    let page = approve_consent(&reauthorisation.redirect).await;
    assert!(page.contains("re-authorised"), "{page}");
    for id in [&first, &linked] {
        assert_eq!(session.read(id).await.status, BankAccountStatus::Active, "{id}");
    }
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn denying_the_reconsent_keeps_every_account_auth_required() {
    let session = session(config()).await;
    let (first, linked) = session.authorisation_of_two(EMULATOR_BANK).await;
    session.require_auth(&linked).await;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let reauthorisation = session.client.reauthorise(org, co, &first, token).await.expect("a re-consent page");
    deny_consent(&reauthorisation.redirect).await;
    for id in [&first, &linked] {
        assert_eq!(session.read(id).await.status, BankAccountStatus::AuthRequired, "{id}");
    }
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn an_active_account_can_renew_its_consent_a_removed_one_is_409_and_an_unknown_one_404() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await.bank_account_id;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let renewal = session.client.reauthorise(org, co, &first, token).await.expect("302 for an active account");
    assert!(renewal.redirect.contains("/aggregator/consent/"), "{}", renewal.redirect);
    session.client.delete_bank_account(org, co, &first, token).await.expect("204");
    let error = session.client.reauthorise(org, co, &first, token).await.expect_err("409");
    assert_refused(&error, 409, codes::NOT_AUTH_REQUIRED, &[]);
    let unknown = BankAccountId::from("00000000-0000-4000-8000-000000000000");
    let error = session.client.reauthorise(org, co, &unknown, token).await.expect_err("404");
    assert_refused(&error, 404, codes::NOT_FOUND, &[]);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_deleted_account_reads_cancelled_and_a_second_delete_answers_204_too() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await.bank_account_id;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    session.client.delete_bank_account(org, co, &first, token).await.expect("204");
    assert_eq!(session.read(&first).await.status, BankAccountStatus::Cancelled);
    session.client.delete_bank_account(org, co, &first, token).await.expect("204 again");
    let unknown = BankAccountId::from("00000000-0000-4000-8000-000000000000");
    let error = session.client.delete_bank_account(org, co, &unknown, token).await.expect_err("404");
    assert_refused(&error, 404, codes::NOT_FOUND, &[]);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn every_jwt_answers_401_after_the_admin_expires_them() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await.bank_account_id;
    let (status, body) = session.admin("/emulator/admin/jwts/expire").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let error = session.client.bank_account(org, co, &first, token).await.expect_err("401");
    assert_refused(&error, 401, codes::TOKEN_EXPIRED, &[]);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_expiring_banks_accounts_turn_auth_required_after_the_configured_delay() {
    let session = session(EmulatorConfig { expiring_bank_after: Duration::from_secs(1), ..config() }).await;
    let (first, linked) = session.authorisation_of_two(EXPIRING_BANK).await;
    for id in [&first, &linked] {
        let account = session.wait_for(id, &BankAccountStatus::AuthRequired).await;
        assert!(account.status_reason.is_some_and(|reason| !reason.is_empty()), "{id} says why");
    }
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let reauthorisation = session.client.reauthorise(org, co, &first, token).await.expect("a re-consent page");
    approve_consent(&reauthorisation.redirect).await;
    for id in [&first, &linked] {
        assert_eq!(session.read(id).await.status, BankAccountStatus::Active, "{id}");
    }
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_admin_endpoint_is_not_served_when_the_emulator_listens_beyond_loopback() {
    let listen = "0.0.0.0:0".parse().expect("address");
    let emulator = bankfeeds_onboard::emulator::start(listen, config()).await.expect("the emulator starts");
    let url = emulator.endpoints().banking.join("/emulator/admin/jwts/expire").expect("an admin URL");
    let response = reqwest::Client::new().post(url).send().await.expect("an answer");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    emulator.shutdown().await;
}
