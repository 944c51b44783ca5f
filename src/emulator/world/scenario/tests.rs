//! Each scenario value's decision in the world, with a seeded RNG and a fake clock: switched on, it forces its
//! outcome; switched back to normal, the same request works. Also the reset, and that no snapshot holds a scenario.

use std::collections::HashMap;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::api::assumed::{CaptchaSolution, LicenceDetails, TokenRequest, codes};
use crate::api::models::{Company, NewOrganisation, PollFinished, User};
use crate::api::redacted::CaptchaAnswer;
use crate::emulator::EmulatorConfig;
use crate::emulator::banks::{COUNTRIES, TestBank};
use crate::emulator::jwt::{self, Claims};
use crate::emulator::world::{Caller, Decision, LINK_LIFETIME, Outcome, PollReply};

const PRODUCT: &str = crate::config::TEST_PRODUCT_ID;
const ANSWER: &str = "K7PXR";
const APPROVE: Decision = Decision::Approve { share: true };

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn world() -> World {
    let config = EmulatorConfig {
        captcha_text: Some(ANSWER.into()),
        activation_delay: Duration::from_secs(5),
        expiring_bank_after: Duration::from_secs(30),
        slow_bank_polls: 2,
        ..EmulatorConfig::default()
    };
    World::new(config, StdRng::seed_from_u64(5))
}

fn switch(world: &mut World, scenario: Scenario) {
    assert_eq!(world.set_scenario(scenario, at(0)), scenario);
}

fn code<T: std::fmt::Debug>(result: Result<T, Refusal>) -> (u16, &'static str) {
    let refusal = result.expect_err("refused");
    (refusal.status, refusal.code)
}

fn claims() -> Claims {
    Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(600).as_second() }
}

/// requestToken for ACTIVE, then POST organisation answering a fresh captcha with `answer`.
fn onboard(world: &mut World, answer: &str) -> Result<(), Refusal> {
    let licence = LicenceDetails::with_serial("ACTIVE");
    let request = TokenRequest { licence_details: licence.clone(), version: 0, origin: "Desktop".into() };
    world.request_token(PRODUCT, &request, at(1))?;
    let captcha = world.issue_captcha(at(1));
    let body = NewOrganisation {
        company: Company { name: "TestCompany".into(), ..Company::default() },
        crm_id: "crm-1".into(),
        user: User::default(),
        licence_details: Some(licence),
        captcha: Some(CaptchaSolution { captcha_id: captcha.id, answer: CaptchaAnswer::new(answer) }),
    };
    world.create_organisation(PRODUCT, &body, Caller::Desktop, at(2)).map(|_| ())
}

/// Starts a link to Emulator Bank (GBR) and returns its ID and first route.
fn start_link(world: &mut World) -> (String, String) {
    let bank = TestBank::Emulator.bank_id(&COUNTRIES[0]).0;
    let started = world.indirect_link(&claims(), Some(&bank), at(0)).expect("started");
    let link = started.consent_path.rsplit('/').next().expect("an ID").to_owned();
    (link, started.poll_route)
}

fn poll_at(world: &mut World, route: &str, now: Timestamp) -> Result<PollReply, Refusal> {
    let rest = route.strip_prefix("/api/v1/linkpolls/").expect("a poll route");
    let (path, sig) = rest.split_once("?sig=").expect("signed");
    let (link, n) = path.split_once('/').expect("link/n");
    world.poll(link, n.parse().expect("a number"), Some(sig), now)
}

/// Polls `route` expecting a 202 and returns the next route.
#[track_caller]
fn pending(world: &mut World, route: &str) -> String {
    match poll_at(world, route, at(20)) {
        Ok(PollReply::Pending(next)) => next,
        other => panic!("expected 202, got {other:?}"),
    }
}

/// Polls `route` expecting the final 200.
#[track_caller]
fn finished(world: &mut World, route: &str, now: Timestamp) -> PollFinished {
    match poll_at(world, route, now) {
        Ok(PollReply::Finished(finished)) => finished,
        other => panic!("expected 200, got {other:?}"),
    }
}

/// Creates a bank account at Emulator Bank at `now` and returns its ID.
fn create_account(world: &mut World, key: &str, now: Timestamp) -> String {
    let body = serde_json::json!({
        "bankId": TestBank::Emulator.bank_id(&COUNTRIES[0]).0, "accountName": "Current", "accountKey": key,
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    });
    let body = serde_json::to_vec(&body).expect("JSON");
    world.create_bank_account(&claims(), &body, now).expect("created").bank_account_id.0
}

fn status(world: &World, id: &str, now: Timestamp) -> BankAccountStatus {
    world.bank_account(&claims(), id, now).expect("the account").status
}

#[test]
fn never_requested_forgets_the_token_request_so_post_organisation_is_404() {
    let mut world = world();
    switch(&mut world, Scenario { licence: LicenceScenario::NeverRequested, ..Scenario::default() });
    assert_eq!(code(onboard(&mut world, ANSWER)), (404, codes::LICENCE_NOT_REQUESTED));
    switch(&mut world, Scenario::default());
    assert_eq!(onboard(&mut world, ANSWER), Ok(()));
}

#[test]
fn not_a_customer_and_limit_reached_refuse_any_serial() {
    let mut world = world();
    switch(&mut world, Scenario { licence: LicenceScenario::NotACustomer, ..Scenario::default() });
    assert_eq!(code(onboard(&mut world, ANSWER)), (400, codes::NOT_A_CUSTOMER));
    switch(&mut world, Scenario { licence: LicenceScenario::LimitReached, ..Scenario::default() });
    assert_eq!(code(onboard(&mut world, ANSWER)), (409, codes::ORGANISATION_LIMIT));
    assert!(world.organisations.is_empty());
}

#[test]
fn always_wrong_refuses_the_right_answer_and_spends_the_captcha() {
    let mut world = world();
    switch(&mut world, Scenario { captcha: CaptchaScenario::AlwaysWrong, ..Scenario::default() });
    assert_eq!(code(onboard(&mut world, ANSWER)), (400, codes::CAPTCHA_WRONG));
    assert_eq!(world.captchas.len(), 0, "spent");
    switch(&mut world, Scenario::default());
    assert_eq!(onboard(&mut world, ANSWER), Ok(()));
}

#[test]
fn declined_ends_an_approved_consent_declined() {
    let mut world = world();
    switch(&mut world, Scenario { consent: ConsentScenario::Declined, ..Scenario::default() });
    let (link, route) = start_link(&mut world);
    let (decided, _) = world.decide(&link, APPROVE, at(10)).expect("a known link");
    assert_eq!(decided.decided.map(|(outcome, _)| outcome), Some(Outcome::Declined));
    assert_eq!(finished(&mut world, &route, at(20)), PollFinished { account: None, success: false, reason: None });
}

#[test]
fn slow_answers_the_configured_extra_202s_after_the_decision_for_any_bank() {
    let mut world = world();
    switch(&mut world, Scenario { consent: ConsentScenario::Slow, ..Scenario::default() });
    let (link, route) = start_link(&mut world);
    world.decide(&link, APPROVE, at(10));
    let route = pending(&mut world, &route);
    let route = pending(&mut world, &route);
    assert!(finished(&mut world, &route, at(20)).success);
}

#[test]
fn never_finished_answers_202_after_approval_until_switched_back() {
    let mut world = world();
    switch(&mut world, Scenario { consent: ConsentScenario::NeverFinished, ..Scenario::default() });
    let (link, mut route) = start_link(&mut world);
    world.decide(&link, APPROVE, at(10));
    for _ in 0..10 {
        route = pending(&mut world, &route);
    }
    switch(&mut world, Scenario::default());
    assert!(finished(&mut world, &route, at(20)).success);
}

#[test]
fn never_finished_still_ends_an_undecided_consent_at_its_lifetime() {
    let mut world = world();
    switch(&mut world, Scenario { consent: ConsentScenario::NeverFinished, ..Scenario::default() });
    let (_, route) = start_link(&mut world);
    let route = pending(&mut world, &route);
    let after_lifetime = at(i64::try_from(LINK_LIFETIME.as_secs()).expect("seconds") + 1);
    assert!(!finished(&mut world, &route, after_lifetime).success);
}

#[test]
fn server_errors_refuse_every_poll_without_spending_the_route() {
    let mut world = world();
    let (link, route) = start_link(&mut world);
    world.decide(&link, APPROVE, at(10));
    switch(&mut world, Scenario { polls: PollScenario::ServerErrors, ..Scenario::default() });
    for _ in 0..3 {
        assert_eq!(code(poll_at(&mut world, &route, at(20))), (503, codes::INJECTED_FAULT));
    }
    switch(&mut world, Scenario::default());
    assert!(finished(&mut world, &route, at(20)).success);
}

#[test]
fn a_storm_refuses_every_second_request_with_retry_after_one_without_spending_the_route() {
    let mut world = world();
    switch(&mut world, Scenario { rate_limit: RateLimitScenario::Storm, ..Scenario::default() });
    let (_, route) = start_link(&mut world);
    let route = pending(&mut world, &route);
    let refusal = poll_at(&mut world, &route, at(20)).expect_err("429");
    assert_eq!((refusal.status, refusal.code, refusal.retry_after), (429, codes::RATE_LIMITED, Some(1)));
    let route = pending(&mut world, &route);
    assert_eq!(code(poll_at(&mut world, &route, at(20))), (429, codes::RATE_LIMITED));
    let mut calm = LiveScenario::default();
    assert!((0..5).all(|_| calm.admit_in_storm().is_ok()), "no storm, no refusal");
}

#[test]
fn stale_gives_unlinked_candidates_new_ids_after_each_link() {
    let mut world = world();
    let first = create_account(&mut world, "first", at(0));
    switch(&mut world, Scenario { candidates: CandidateScenario::Stale, ..Scenario::default() });
    let query = crate::emulator::world::ListingQuery { bank_account_ids: vec![first], filter_connected: true };
    let listed = world.available_bank_accounts(&claims(), &query).expect("listed").available_accounts;
    assert!(listed.len() >= 2, "Emulator Bank offers more candidates");
    let link = |world: &mut World, candidate: &crate::api::ids::CandidateId| {
        let body = serde_json::json!({ "bankAccountCandidateId": candidate });
        world.link_available_bank_account(&claims(), &serde_json::to_vec(&body).expect("JSON"), at(1))
    };
    link(&mut world, &listed[0].bank_account_candidate_id).expect("the first link");
    assert_eq!(code(link(&mut world, &listed[1].bank_account_candidate_id)), (404, codes::CANDIDATE_NOT_FOUND));
}

#[test]
fn auth_required_turns_active_accounts_now_and_new_ones_later() {
    let mut world = world();
    let old = create_account(&mut world, "old", at(0));
    let pending_one = create_account(&mut world, "pending", at(8));
    assert_eq!(status(&world, &old, at(10)), BankAccountStatus::Active);
    let on = Scenario { accounts: AccountScenario::AuthRequired, ..Scenario::default() };
    assert_eq!(
        world.set_scenario(on, at(10)),
        Scenario { accounts: AccountScenario::AuthRequired, ..Scenario::default() }
    );
    assert_eq!(status(&world, &old, at(10)), BankAccountStatus::AuthRequired);
    assert_eq!(status(&world, &pending_one, at(20)), BankAccountStatus::Active, "only active ones turn at once");
    let new = create_account(&mut world, "new", at(20));
    assert_eq!(status(&world, &new, at(49)), BankAccountStatus::Active);
    assert_eq!(status(&world, &new, at(50)), BankAccountStatus::AuthRequired, "expiring_bank_after later");
}

#[test]
fn expiring_expires_every_token_held_and_shortens_new_ones() {
    let mut world = world();
    let held = jwt::issue(&world.jwt_key, &claims());
    switch(&mut world, Scenario { tokens: TokenScenario::Expiring, ..Scenario::default() });
    assert_eq!(code(world.verify_bearer(held.expose(), at(1))), (401, codes::TOKEN_EXPIRED));
    assert_eq!(world.scenario.jwt_lifetime(Duration::from_mins(20)), EXPIRING_TOKEN_LIFETIME);
    assert_eq!(world.scenario.jwt_lifetime(Duration::from_secs(5)), Duration::from_secs(5), "never longer");
    let fresh = jwt::issue(&world.jwt_key, &claims());
    switch(&mut world, Scenario { tokens: TokenScenario::Expiring, latency_ms: 200, ..Scenario::default() });
    assert!(world.verify_bearer(fresh.expose(), at(1)).is_ok(), "staying on expires nothing more");
    assert_eq!(world.latency(), Duration::from_millis(200));
}

#[test]
fn reset_forgets_everything_and_the_scenario_is_normal_again() {
    let mut world = world();
    onboard(&mut world, ANSWER).expect("onboarded");
    create_account(&mut world, "kept?", at(3));
    switch(&mut world, Scenario { consent: ConsentScenario::Declined, latency_ms: 100, ..Scenario::default() });
    world.reset();
    assert!(world.organisations.is_empty() && world.token_requests.is_empty());
    assert!(world.bank_accounts.by_company.is_empty() && world.authorisations.all.is_empty());
    assert!(world.scenario().is_normal());
    assert_eq!(world.config.captcha_text.as_deref(), Some(ANSWER), "the same configuration");
}

#[test]
fn a_snapshot_never_holds_the_scenario_and_a_restore_starts_from_the_configured_one() {
    let mut world = world();
    switch(&mut world, Scenario { polls: PollScenario::ServerErrors, ..Scenario::default() });
    let snapshot = world.snapshot();
    assert!(!serde_json::to_string(&snapshot).expect("JSON").contains("serverErrors"));
    let configured = Scenario { tokens: TokenScenario::Expiring, ..Scenario::default() };
    let config = EmulatorConfig { scenario: configured, ..EmulatorConfig::default() };
    let (restored, _) = World::restore(config, StdRng::seed_from_u64(6), snapshot, &HashMap::new());
    assert_eq!(restored.scenario(), &configured);
}
