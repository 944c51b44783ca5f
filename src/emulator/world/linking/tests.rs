//! Indirect linking and bank accounts in the world, with a seeded RNG and a fake clock: each named test bank's
//! story, single-use and signed poll routes, one decision per consent, token scope, activation and duplicates.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::api::assumed::{UnlinkedReason, codes};
use crate::api::models::{BankAccountStatus, PollFinished};
use crate::emulator::EmulatorConfig;
use crate::emulator::banks::TestBank;
use crate::emulator::jwt;
use crate::emulator::world::{Decision, LINK_LIFETIME, LINK_MEMORY, Outcome};

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn world() -> World {
    let config = EmulatorConfig {
        poll_period: Duration::from_millis(1500),
        slow_bank_polls: 3,
        activation_delay: Duration::from_secs(5),
        jwt_lifetime: Duration::from_mins(1),
        ..EmulatorConfig::default()
    };
    World::new(config, StdRng::seed_from_u64(7))
}

fn claims() -> Claims {
    Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(60).as_second() }
}

fn gbr(test: TestBank) -> String {
    test.bank_id(&COUNTRIES[0]).0
}

fn code<T: std::fmt::Debug>(result: Result<T, Refusal>) -> (u16, &'static str) {
    let refusal = result.expect_err("refused");
    (refusal.status, refusal.code)
}

/// A route's link ID, number and signature.
fn parts(route: &str) -> (String, u32, String) {
    let rest = route.strip_prefix("/api/v1/linkpolls/").expect("a poll route");
    let (path, sig) = rest.split_once("?sig=").expect("signed");
    let (link, n) = path.split_once('/').expect("link/n");
    (link.to_owned(), n.parse().expect("a number"), sig.to_owned())
}

fn poll(world: &mut World, route: &str) -> Result<PollReply, Refusal> {
    poll_at(world, route, at(20))
}

fn poll_at(world: &mut World, route: &str, now: Timestamp) -> Result<PollReply, Refusal> {
    let (link, n, sig) = parts(route);
    world.poll(&link, n, Some(&sig), now)
}

/// Polls `route`, expecting a 202, and returns the next route.
#[track_caller]
fn pending(world: &mut World, route: &str) -> String {
    match poll(world, route) {
        Ok(PollReply::Pending(next)) => next,
        other => panic!("expected 202, got {other:?}"),
    }
}

/// Starts a link to `bank` and returns its ID and first route.
fn start(world: &mut World, bank: &str) -> (String, String) {
    let started = world.indirect_link(&claims(), Some(bank), at(0)).expect("started");
    let link = started.consent_path.strip_prefix("/aggregator/consent/").expect("a consent path").to_owned();
    assert_eq!(parts(&started.poll_route).0, link);
    assert_eq!(started.poll_period_ms, 1500);
    (link, started.poll_route)
}

fn decide(world: &mut World, link: &str, decision: Decision) -> (Outcome, bool) {
    let (decided, fresh) = world.decide(link, decision, at(10)).expect("a known link");
    (decided.decided.expect("decided").0, fresh)
}

const APPROVE: Decision = Decision::Approve { share: true };

#[test]
fn emulator_bank_links_at_the_first_poll_after_approval_and_every_route_is_single_use() {
    let mut world = world();
    let (link, first) = start(&mut world, &gbr(TestBank::Emulator));
    let second = pending(&mut world, &first);
    assert_eq!(parts(&second).1, 2);
    assert_eq!(code(poll(&mut world, &first)), (410, codes::POLL_ROUTE_USED));
    assert_eq!(decide(&mut world, &link, APPROVE), (Outcome::Linked, true));
    let Ok(PollReply::Finished(PollFinished { account: Some(account), success: true, .. })) = poll(&mut world, &second)
    else {
        panic!("expected the linked account");
    };
    assert_eq!(account.default_currency.as_deref(), Some("GBP"));
    assert_eq!(account.account_identifier.len(), 8);
    assert_eq!(code(poll(&mut world, &second)), (410, codes::POLL_ROUTE_USED));
}

#[test]
fn deny_and_an_unticked_account_end_without_an_account() {
    for decision in [Decision::Deny, Decision::Approve { share: false }] {
        let mut world = world();
        let (link, first) = start(&mut world, &gbr(TestBank::Emulator));
        decide(&mut world, &link, decision);
        let finished = poll(&mut world, &first).expect("answered");
        assert_eq!(
            finished,
            PollReply::Finished(PollFinished { account: None, success: false, reason: None }),
            "{decision:?}"
        );
    }
}

#[test]
fn the_declining_bank_declines_even_an_approval() {
    let mut world = world();
    let (link, first) = start(&mut world, &gbr(TestBank::Declining));
    assert_eq!(decide(&mut world, &link, APPROVE), (Outcome::Declined, true));
    assert_eq!(
        poll(&mut world, &first),
        Ok(PollReply::Finished(PollFinished { account: None, success: false, reason: None }))
    );
}

#[test]
fn a_consent_is_decided_once() {
    let mut world = world();
    let (link, _) = start(&mut world, &gbr(TestBank::Emulator));
    assert_eq!(decide(&mut world, &link, APPROVE), (Outcome::Linked, true));
    assert_eq!(decide(&mut world, &link, Decision::Deny), (Outcome::Linked, false));
    assert!(world.decide("no-such-link", APPROVE, at(0)).is_none());
}

#[test]
fn a_consent_left_undecided_for_its_lifetime_expires_and_old_links_are_forgotten() {
    let mut world = world();
    let (link, first) = start(&mut world, &gbr(TestBank::Emulator));
    let lifetime = i64::try_from(LINK_LIFETIME.as_secs()).expect("seconds");
    let second = match poll_at(&mut world, &first, at(lifetime - 1)) {
        Ok(PollReply::Pending(next)) => next,
        other => panic!("expected 202, got {other:?}"),
    };
    assert_eq!(world.consent(&link).and_then(|link| link.outcome_at(at(lifetime))), Some(Outcome::Expired));
    let expired = poll_at(&mut world, &second, at(lifetime));
    let over = PollFinished { account: None, success: false, reason: Some(UnlinkedReason::Expired) };
    assert_eq!(expired, Ok(PollReply::Finished(over)), "the 200 says why nothing was linked");
    let (decided, fresh) = world.decide(&link, APPROVE, at(lifetime + 1)).expect("known");
    assert_eq!((decided.decided.map(|(outcome, _)| outcome), fresh), (Some(Outcome::Expired), false));

    let memory = i64::try_from(LINK_MEMORY.as_secs()).expect("seconds");
    world.indirect_link(&claims(), Some(&gbr(TestBank::Emulator)), at(memory)).expect("started");
    assert!(world.consent(&link).is_none(), "forgotten a day after it started");
}

#[test]
fn the_slow_bank_answers_the_configured_202s_after_approval() {
    let mut world = world();
    let (link, mut route) = start(&mut world, &gbr(TestBank::Slow));
    route = pending(&mut world, &route);
    decide(&mut world, &link, APPROVE);
    for _ in 0..3 {
        route = pending(&mut world, &route);
    }
    assert_matches!(poll(&mut world, &route), Ok(PollReply::Finished(PollFinished { success: true, .. })));
}

#[test]
fn the_flaky_bank_fails_every_second_poll_without_spending_the_route() {
    let mut world = world();
    let (link, first) = start(&mut world, &gbr(TestBank::Flaky));
    assert_eq!(code(poll(&mut world, &first)), (503, codes::INJECTED_FAULT));
    let second = pending(&mut world, &first);
    decide(&mut world, &link, APPROVE);
    assert_eq!(code(poll(&mut world, &second)), (503, codes::INJECTED_FAULT));
    assert_matches!(poll(&mut world, &second), Ok(PollReply::Finished(PollFinished { success: true, .. })));
}

#[test]
fn a_tampered_or_unsigned_route_is_refused_and_stays_usable_for_its_owner() {
    let mut world = world();
    let (link, first) = start(&mut world, &gbr(TestBank::Emulator));
    let (_, n, sig) = parts(&first);
    assert_eq!(code(world.poll(&link, n + 1, Some(&sig), at(1))), (403, codes::POLL_ROUTE_INVALID));
    assert_eq!(code(world.poll(&link, n, None, at(1))), (403, codes::POLL_ROUTE_INVALID));
    let mut forged = sig.clone();
    forged.replace_range(..1, if sig.starts_with('A') { "B" } else { "A" });
    assert_eq!(code(world.poll(&link, n, Some(&forged), at(1))), (403, codes::POLL_ROUTE_INVALID));
    assert_eq!(code(world.poll("another-link", n, Some(&sig), at(1))), (403, codes::POLL_ROUTE_INVALID));
    pending(&mut world, &first);
}

#[test]
fn only_indirect_banks_that_exist_are_linked() {
    let mut world = world();
    assert_eq!(code(world.indirect_link(&claims(), Some(&gbr(TestBank::Direct)), at(0))), (400, codes::BANK_IS_DIRECT));
    assert_eq!(code(world.indirect_link(&claims(), Some("no-such-bank"), at(0))), (404, codes::NOT_FOUND));
    assert_eq!(code(world.indirect_link(&claims(), Some(" "), at(0))), (400, codes::INVALID_QUERY));
    assert_eq!(code(world.indirect_link(&claims(), None, at(0))), (400, codes::INVALID_QUERY));
    let usa = world.indirect_link(&claims(), Some("emulator-bank-usa"), at(0)).expect("started");
    let (link, _, _) = parts(&usa.poll_route);
    assert_eq!(world.consent(&link).map(|link| link.account.account_identifier.len()), Some(10));
}

#[test]
fn a_bearer_token_only_reaches_its_own_organisation_and_company_while_alive() {
    let world = world();
    let token = jwt::issue(&world.jwt_key, &claims());
    let (org, co) = (OrganisationId::from("org-1"), CompanyId::from("co-1"));
    assert_eq!(world.authorise(Some(token.expose()), &org, &co, at(1)), Ok(claims()));
    let other = CompanyId::from("co-2");
    assert_eq!(code(world.authorise(Some(token.expose()), &org, &other, at(1))), (404, codes::NOT_FOUND));
    let other = OrganisationId::from("org-2");
    assert_eq!(code(world.authorise(Some(token.expose()), &other, &co, at(1))), (404, codes::NOT_FOUND));
    assert_eq!(code(world.authorise(Some(token.expose()), &org, &co, at(60))), (401, codes::TOKEN_EXPIRED));
    assert_eq!(code(world.authorise(None, &org, &co, at(1))), (401, codes::TOKEN_INVALID));
    assert_eq!(code(world.authorise(Some("x.y.z"), &org, &co, at(1))), (401, codes::TOKEN_INVALID));
}

fn account_body(key: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "bankId": gbr(TestBank::Emulator), "accountName": "Current", "accountKey": key,
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    }))
    .expect("JSON")
}

#[test]
fn a_bank_account_is_pending_until_the_activation_delay_has_passed() {
    let mut world = world();
    let created = world.create_bank_account(&claims(), &account_body("k1"), at(100)).expect("created");
    assert_eq!(created.status, BankAccountStatus::Pending);
    assert_eq!(created.requested_start_date.as_deref(), Some("2026-10-01T00:00:00Z"));
    assert_eq!(created.created_date, Some(at(100).to_string()));
    assert!(created.client_authorisation_token.as_ref().is_some_and(|token| token.expose().len() == 64));
    let id = created.bank_account_id.as_str();
    assert_eq!(world.bank_account(&claims(), id, at(104)).map(|a| a.status), Ok(BankAccountStatus::Pending));
    let active = world.bank_account(&claims(), id, at(105)).expect("found");
    assert_eq!(active.status, BankAccountStatus::Active);
    assert_eq!(active.status_modified_date, Some(at(105).to_string()));
    assert!(active.ledger_balance_amount.is_some());
    assert_eq!(world.bank_accounts(&claims(), at(105)), vec![active]);
}

#[test]
fn an_account_key_is_linked_once_per_company() {
    let mut world = world();
    let first = world.create_bank_account(&claims(), &account_body("k1"), at(0)).expect("created");
    let refusal = world.create_bank_account(&claims(), &account_body("k1"), at(1)).expect_err("409");
    assert_eq!((refusal.status, refusal.code), (409, codes::BANK_ACCOUNT_EXISTS));
    assert!(refusal.message.contains(first.bank_account_id.as_str()), "{}", refusal.message);
    let other = Claims { company: "co-2".into(), ..claims() };
    world.create_bank_account(&other, &account_body("k1"), at(2)).expect("another company may");
    assert_eq!(world.bank_accounts(&claims(), at(2)).len(), 1);
    let id = first.bank_account_id.as_str();
    assert_eq!(code(world.bank_account(&other, id, at(2))), (404, codes::NOT_FOUND));
}

#[test]
fn a_bad_account_body_is_400_invalid_body() {
    let mut world = world();
    assert_eq!(code(world.create_bank_account(&claims(), b"{}", at(0))), (400, codes::INVALID_BODY));
    assert_eq!(code(world.create_bank_account(&claims(), &account_body(" "), at(0))), (400, codes::INVALID_BODY));
    let unknown_bank = String::from_utf8(account_body("k")).expect("UTF-8").replace("emulator-bank-gbr", "nope");
    assert_eq!(code(world.create_bank_account(&claims(), unknown_bank.as_bytes(), at(0))), (400, codes::INVALID_BODY));
}
