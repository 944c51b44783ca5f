//! Banks, indirect linking and bank accounts through the typed `Client` against a real emulator: the bank list,
//! each named test bank's story from `indirectlinkaccount` through the consent page (visited over HTTP as a browser
//! would) to the last poll, single-use routes, routes on another origin, and bank accounts from pending to active.

use std::time::Duration;

use bankfeeds_onboard::api::assumed::codes;
use bankfeeds_onboard::api::error::ApiError;
use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::api::models::{BankAccountStatus, DataProvider, PollAnswer};
use url::Url;

use super::session::Session;
use super::{EmulatorConfig, assert_refused, config};
use crate::consent::{approve_consent, deny_consent};

#[tokio::test]
async fn banks_of_both_countries_list_the_named_test_banks_first() {
    let session = Session::new(config()).await;
    let gbr = session.client.banks("GBR").await.expect("GBR banks");
    assert_eq!(gbr.len(), 5_000);
    let names: Vec<&str> = gbr.iter().take(6).map(|bank| bank.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Emulator Bank",
            "Emulator Many Accounts Bank",
            "Emulator Slow Bank",
            "Emulator Declining Bank",
            "Emulator Flaky Bank",
            "Emulator Direct Bank"
        ]
    );
    assert!(gbr.iter().take(6).all(|bank| bank.popular_bank && bank.logo.is_some()));
    let usa = session.client.banks("USA").await.expect("USA banks");
    assert_eq!(usa.len(), 15_000);
    assert_eq!(usa[0].bank_id.as_str(), "emulator-bank-usa");
    assert!(session.client.banks("FRA").await.expect("an empty list").is_empty());
    let error = session.client.banks(" ").await.expect_err("400");
    assert_refused(&error, 400, codes::INVALID_QUERY, &[]);

    let direct = session.client.bank(&BankId::from("emulator-direct-bank-gbr")).await.expect("the bank");
    assert_eq!(direct.data_provider, DataProvider::Direct);
    assert!(direct.authorisation_mechanism.and_then(|m| m.form_url().map(str::to_owned)).is_some());
    let error = session.client.bank(&BankId::from("no-such-bank")).await.expect_err("404");
    assert_refused(&error, 404, codes::NOT_FOUND, &[]);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn emulator_bank_is_pending_until_approved_then_linked() {
    let session = Session::new(EmulatorConfig { poll_period: Duration::from_millis(750), ..config() }).await;
    let link = session.link("emulator-bank-gbr").await.expect("a link");
    let origin = session.emulator.endpoints().banking.origin().ascii_serialization();
    assert!(link.redirect.starts_with(&format!("{origin}/aggregator/consent/")), "{}", link.redirect);
    assert!(link.poll_route.starts_with(&format!("{origin}/api/v1/linkpolls/")));
    assert_eq!(link.poll_period, 750);
    let next = session.pending(&link.poll_route).await;
    let page = approve_consent(&link.redirect).await;
    assert!(page.contains("is linked") && page.contains("close this tab"), "{page}");
    let Ok(PollAnswer::Linked(account)) = session.poll(&next).await else { panic!("expected a link") };
    assert_eq!(account.default_currency.as_deref(), Some("GBP"));
    assert!(page.contains(&account.account_name), "{page}");
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn deny_and_the_declining_bank_end_not_linked() {
    let session = Session::new(config()).await;
    let link = session.link("emulator-bank-usa").await.expect("a link");
    assert!(deny_consent(&link.redirect).await.contains("You denied access"));
    assert_eq!(session.poll(&link.poll_route).await.expect("answered"), PollAnswer::NotLinked);

    let link = session.link("emulator-declining-bank-gbr").await.expect("a link");
    assert!(approve_consent(&link.redirect).await.contains("The bank declined"));
    assert_eq!(session.poll(&link.poll_route).await.expect("answered"), PollAnswer::NotLinked);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_slow_bank_answers_several_202s_after_approval_then_links() {
    let session = Session::new(EmulatorConfig { slow_bank_polls: 2, ..config() }).await;
    let link = session.link("emulator-slow-bank-gbr").await.expect("a link");
    approve_consent(&link.redirect).await;
    let mut route = link.poll_route;
    for _ in 0..2 {
        route = session.pending(&route).await;
    }
    assert_matches!(session.poll(&route).await, Ok(PollAnswer::Linked(_)));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_flaky_bank_answers_503_and_the_same_route_works_again() {
    let session = Session::new(config()).await;
    let link = session.link("emulator-flaky-bank-usa").await.expect("a link");
    approve_consent(&link.redirect).await;
    let error = session.poll(&link.poll_route).await.expect_err("503");
    assert_refused(&error, 503, codes::INJECTED_FAULT, &[]);
    assert!(error.failure().is_transient());
    assert_matches!(session.poll(&link.poll_route).await, Ok(PollAnswer::Linked(_)));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_direct_bank_is_refused_with_400_bank_is_direct() {
    let session = Session::new(config()).await;
    let error = session.link("emulator-direct-bank-gbr").await.expect_err("400");
    assert_refused(&error, 400, codes::BANK_IS_DIRECT, &[]);
    let error = session.link("no-such-bank").await.expect_err("404");
    assert_refused(&error, 404, codes::NOT_FOUND, &[]);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_poll_route_used_once_is_410_poll_route_used() {
    let session = Session::new(config()).await;
    let link = session.link("emulator-bank-gbr").await.expect("a link");
    session.pending(&link.poll_route).await;
    let error = session.poll(&link.poll_route).await.expect_err("410");
    assert_refused(&error, 410, codes::POLL_ROUTE_USED, &[]);
    assert!(error.to_string().contains("already used"), "{error}");
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_poll_route_on_another_origin_is_never_sent() {
    let session = Session::new(config()).await;
    let link = session.link("emulator-bank-gbr").await.expect("a link");
    let mut foreign = Url::parse(&link.poll_route).expect("a URL");
    foreign.set_host(Some("evil.example")).expect("a host");
    let error = session.client.poll(&foreign).await.expect_err("refused");
    assert_matches!(error, ApiError::NotSent { .. }, "{error:?}");
    session.pending(&link.poll_route).await;
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_bank_account_is_created_pending_turns_active_and_is_created_once() {
    let session = Session::new(EmulatorConfig { activation_delay: Duration::ZERO, ..config() }).await;
    let account = session.linked_account("emulator-bank-gbr").await;
    let created = session.create("emulator-bank-gbr", &account).await.expect("201");
    assert_eq!(created.status, BankAccountStatus::Pending);
    assert_eq!(created.account_key.as_deref(), Some(account.account_key.as_str()));
    assert_eq!(created.requested_start_date.as_deref(), Some("2026-10-01T00:00:00Z"));
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let read = session.client.bank_account(org, co, &created.bank_account_id, token).await.expect("the account");
    assert_eq!(read.status, BankAccountStatus::Active);
    let listed = session.client.bank_accounts(org, co, token).await.expect("the list");
    assert_eq!(listed, vec![read]);

    let error = session.create("emulator-bank-gbr", &account).await.expect_err("409");
    assert_refused(&error, 409, codes::BANK_ACCOUNT_EXISTS, &[]);
    assert!(error.to_string().contains(created.bank_account_id.as_str()), "{error}");
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_bank_account_stays_pending_before_the_activation_delay() {
    let session = Session::new(EmulatorConfig { activation_delay: Duration::from_hours(1), ..config() }).await;
    let account = session.linked_account("emulator-many-accounts-bank-usa").await;
    let created = session.create("emulator-many-accounts-bank-usa", &account).await.expect("201");
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let read = session.client.bank_account(org, co, &created.bank_account_id, token).await.expect("the account");
    assert_eq!(read.status, BankAccountStatus::Pending);
    session.emulator.shutdown().await;
}
