//! Every scenario value through the real typed `Client` against a real emulator on 127.0.0.1:0, switched through the
//! admin API as QA would: each test shows the outcome the client gets, and, where it matters, that switching back to
//! normal lets the same request through. Also the reset (committed by a durable emulator), a bad scenario body, and
//! no admin API where it is not served.

mod faults;
mod session;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::rngs::StdRng;

use self::session::{ANSWER, Session, approve, create, emulator, refused, switch};
use crate::api::assumed::codes;
use crate::api::error::ApiError;
use crate::api::ids::BankId;
use crate::api::models::{BankAccountStatus, PollAnswer};
use crate::api::{
    AccountScenario, CandidateScenario, CaptchaScenario, Client, ConsentScenario, LicenceScenario, PollScenario,
    RateLimitScenario, Scenario, TokenScenario,
};
use crate::config::{AppIdentity, Profile};
use crate::emulator::EmulatorConfig;
use crate::emulator::durable::{self, DurableStart, StateFile};
use crate::emulator::routes::{self, AppState};
use crate::emulator::world::World;

/// A scenario with one part changed.
fn only(change: impl FnOnce(&mut Scenario)) -> Scenario {
    let mut scenario = Scenario::default();
    change(&mut scenario);
    scenario
}

#[tokio::test]
async fn licence_not_a_customer_refuses_post_organisation_with_400() {
    let (emulator, client) = emulator().await;
    switch(&client, only(|s| s.licence = LicenceScenario::NotACustomer)).await;
    assert_eq!(refused(create(&client, ANSWER).await), (Some(400), codes::NOT_A_CUSTOMER.to_owned()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn licence_never_requested_makes_post_organisation_404() {
    let (emulator, client) = emulator().await;
    switch(&client, only(|s| s.licence = LicenceScenario::NeverRequested)).await;
    assert_eq!(refused(create(&client, ANSWER).await), (Some(404), codes::LICENCE_NOT_REQUESTED.to_owned()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn licence_limit_reached_refuses_post_organisation_with_409() {
    let (emulator, client) = emulator().await;
    switch(&client, only(|s| s.licence = LicenceScenario::LimitReached)).await;
    assert_eq!(refused(create(&client, ANSWER).await), (Some(409), codes::ORGANISATION_LIMIT.to_owned()));
    emulator.shutdown().await;
}

#[tokio::test]
async fn captcha_always_wrong_refuses_even_the_right_answer() {
    let (emulator, client) = emulator().await;
    switch(&client, only(|s| s.captcha = CaptchaScenario::AlwaysWrong)).await;
    assert_eq!(refused(create(&client, ANSWER).await), (Some(400), codes::CAPTCHA_WRONG.to_owned()));
    switch(&client, Scenario::default()).await;
    assert!(create(&client, ANSWER).await.is_ok(), "normal again");
    emulator.shutdown().await;
}

#[tokio::test]
async fn consent_declined_ends_the_link_unlinked_after_approve() {
    let session = Session::new().await;
    switch(&session.client, only(|s| s.consent = ConsentScenario::Declined)).await;
    let link = session.link().await;
    approve(&link.redirect).await;
    assert_matches!(session.poll(&link.poll_route).await, Ok(PollAnswer::NotLinked));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn consent_slow_answers_three_more_202s_after_approve() {
    let session = Session::new().await;
    switch(&session.client, only(|s| s.consent = ConsentScenario::Slow)).await;
    let link = session.link().await;
    approve(&link.redirect).await;
    let mut route = link.poll_route;
    for _ in 0..3 {
        route = session.pending(&route).await;
    }
    assert_matches!(session.poll(&route).await, Ok(PollAnswer::Linked(_)));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn consent_never_finished_still_answers_202_after_approve() {
    let session = Session::new().await;
    switch(&session.client, only(|s| s.consent = ConsentScenario::NeverFinished)).await;
    let link = session.link().await;
    approve(&link.redirect).await;
    let mut route = link.poll_route;
    for _ in 0..8 {
        route = session.pending(&route).await;
    }
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn polls_server_errors_answer_503_and_the_same_route_works_once_normal() {
    let session = Session::new().await;
    let link = session.link().await;
    approve(&link.redirect).await;
    switch(&session.client, only(|s| s.polls = PollScenario::ServerErrors)).await;
    let failed = session.poll(&link.poll_route).await;
    assert!(failed.as_ref().is_err_and(|error| error.failure().is_transient()), "{failed:?}");
    assert_eq!(refused(failed), (Some(503), codes::INJECTED_FAULT.to_owned()));
    switch(&session.client, Scenario::default()).await;
    assert_matches!(session.poll(&link.poll_route).await, Ok(PollAnswer::Linked(_)));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn rate_limit_storm_answers_429_with_retry_after_1_then_the_same_route_works() {
    let session = Session::new().await;
    switch(&session.client, only(|s| s.rate_limit = RateLimitScenario::Storm)).await;
    let link = session.link().await;
    let second = session.pending(&link.poll_route).await;
    match session.poll(&second).await {
        Err(ApiError::Status { status: 429, retry_after: Some(1), .. }) => {}
        other => panic!("expected 429 with Retry-After 1, got {other:?}"),
    }
    session.pending(&second).await;
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn candidates_stale_makes_an_id_listed_before_a_link_404() {
    let session = Session::new().await;
    let first = session.first_account().await.bank_account_id;
    switch(&session.client, only(|s| s.candidates = CandidateScenario::Stale)).await;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let listed = session.client.available_bank_accounts(org, co, &[first], true, token).await.expect("listed");
    let ids: Vec<_> = listed.available_accounts.iter().map(|c| c.bank_account_candidate_id.clone()).collect();
    assert!(ids.len() >= 2, "Emulator Bank offers more candidates: {ids:?}");
    session.client.link_available_bank_account(org, co, &ids[0], None, token).await.expect("the first link");
    let stale = session.client.link_available_bank_account(org, co, &ids[1], None, token).await;
    assert_eq!(refused(stale), (Some(404), codes::CANDIDATE_NOT_FOUND.to_owned()));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn accounts_auth_required_turns_an_active_account_auth_required() {
    let session = Session::new().await;
    let account = session.first_account().await.bank_account_id;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    assert_eq!(
        session.client.bank_account(org, co, &account, token).await.expect("read").status,
        BankAccountStatus::Active
    );
    switch(&session.client, only(|s| s.accounts = AccountScenario::AuthRequired)).await;
    let read = session.client.bank_account(org, co, &account, token).await.expect("read");
    assert_eq!(read.status, BankAccountStatus::AuthRequired);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn tokens_expiring_expires_the_jwt_held() {
    let session = Session::new().await;
    switch(&session.client, only(|s| s.tokens = TokenScenario::Expiring)).await;
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let expired = session.client.bank_accounts(org, co, token).await;
    assert_eq!(refused(expired), (Some(401), codes::TOKEN_EXPIRED.to_owned()));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn latency_ms_delays_each_banking_answer_live() {
    let (emulator, client) = emulator().await;
    switch(&client, only(|s| s.latency_ms = 200)).await;
    let started = Instant::now();
    client.bank(&BankId::from("emulator-bank-gbr")).await.expect("the bank");
    assert!(started.elapsed() >= Duration::from_millis(200), "answered after {:?}", started.elapsed());
    assert_eq!(client.scenario().await.expect("the scenario").latency_ms, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn reset_forgets_the_organisations_and_puts_the_normal_scenario_back() {
    let (emulator, client) = emulator().await;
    let created = create(&client, ANSWER).await.expect("onboarded");
    switch(&client, only(|s| s.consent = ConsentScenario::Declined)).await;
    client.reset_emulator().await.expect("204");
    let forgotten = client.access_token(&created.organisation_id, &created.companies[0], &created.token).await;
    assert_eq!(refused(forgotten), (Some(404), codes::NOT_FOUND.to_owned()));
    assert!(client.scenario().await.expect("the scenario").is_normal());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_bad_scenario_body_is_a_400_saying_what_to_fix() {
    let (emulator, _) = emulator().await;
    let url = emulator.endpoints().banking.join("/emulator/admin/scenario").expect("a URL");
    let response = reqwest::Client::new().put(url).body(r#"{"consent":"maybe"}"#).send().await.expect("sent");
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
    let body: crate::api::assumed::ErrorBody = response.json().await.expect("a JSON error");
    assert_eq!(body.code, codes::INVALID_BODY);
    assert!(body.message.contains("maybe") && body.message.contains("neverFinished"), "{}", body.message);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_durable_emulator_commits_the_reset_before_answering() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = StateFile::for_profile(dir.path(), Profile::Qa);
    let start = DurableStart { file: file.clone(), saved: None, keys: HashMap::new() };
    let config = EmulatorConfig { captcha_text: Some(ANSWER.into()), ..EmulatorConfig::default() };
    let emulator = durable::start(config, start).await.expect("starts");
    let client = Client::new(emulator.endpoints(), AppIdentity::default()).expect("a client");
    let created = create(&client, ANSWER).await.expect("onboarded");
    let saved = || std::fs::read_to_string(file.path()).expect("the state file");
    assert!(saved().contains(created.organisation_id.as_str()), "committed when created");
    client.reset_emulator().await.expect("204");
    assert!(!saved().contains(created.organisation_id.as_str()), "committed when reset");
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_scenario_endpoints_are_404_when_the_admin_api_is_not_served() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("bound");
    let world = World::new(EmulatorConfig::default(), StdRng::seed_from_u64(1));
    let app = routes::router(AppState::new(world, AppIdentity::default()));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let http = reqwest::Client::new();
    let admin = |path: &str| format!("http://{address}/emulator/admin/{path}");
    let answers = [
        http.get(admin("scenario")).send().await.expect("sent").status(),
        http.put(admin("scenario")).body("{}").send().await.expect("sent").status(),
        http.post(admin("reset")).send().await.expect("sent").status(),
    ];
    assert!(answers.iter().all(|status| *status == reqwest::StatusCode::NOT_FOUND), "{answers:?}");
    server.abort();
}
