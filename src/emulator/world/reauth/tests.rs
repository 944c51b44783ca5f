//! Re-authorisation in the world, with a seeded RNG and a fake clock: a re-consent only for an account in
//! `authRequired` (409 otherwise, 404 unknown), Approve recovering every account of the authorisation at once, Deny
//! changing nothing, a consent decided once, and `Emulator Expiring Bank` turning its accounts `authRequired`.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::api::assumed::codes;
use crate::api::ids::CandidateId;
use crate::emulator::EmulatorConfig;
use crate::emulator::world::{DEFAULT_AUTH_REQUIRED_REASON, ListingQuery};

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn world() -> World {
    let config = EmulatorConfig {
        activation_delay: Duration::from_secs(5),
        expiring_bank_after: Duration::from_secs(30),
        ..EmulatorConfig::default()
    };
    World::new(config, StdRng::seed_from_u64(5))
}

fn claims() -> Claims {
    Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(6_000).as_second() }
}

fn code<T: std::fmt::Debug>(result: Result<T, Refusal>) -> (u16, &'static str) {
    let refusal = result.expect_err("refused");
    (refusal.status, refusal.code)
}

/// The first account of an authorisation at `bank`, created at 0, and one of its candidates linked at 1.
fn authorisation(world: &mut World, bank: &str) -> (String, String) {
    let body = serde_json::json!({
        "bankId": bank, "accountName": "Business current account", "accountKey": "first-key",
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    });
    let first = world.create_bank_account(&claims(), &serde_json::to_vec(&body).expect("JSON"), at(0));
    let first = first.expect("created").bank_account_id.0;
    let query = ListingQuery { bank_account_ids: vec![first.clone()], filter_connected: true };
    let listed = world.available_bank_accounts(&claims(), &query).expect("listed");
    let candidate: &CandidateId = &listed.available_accounts[0].bank_account_candidate_id;
    let body = serde_json::json!({ "bankAccountCandidateId": candidate });
    let linked = world.link_available_bank_account(&claims(), &serde_json::to_vec(&body).expect("JSON"), at(1));
    (first, linked.expect("linked").bank_account_id.0)
}

fn status(world: &World, id: &str, now: Timestamp) -> BankAccountStatus {
    world.bank_account(&claims(), id, now).expect("the account").status
}

/// The link ID of a consent path.
fn link_id(path: &str) -> &str {
    path.rsplit('/').next().expect("an ID")
}

#[test]
fn an_account_in_auth_required_or_active_can_be_reauthorised_but_not_a_pending_one() {
    let mut world = world();
    let (first, _) = authorisation(&mut world, "emulator-bank-gbr");
    assert_eq!(status(&world, &first, at(2)), BankAccountStatus::Pending);
    assert_eq!(code(world.indirect_auth(&claims(), &first, at(2))), (409, codes::NOT_AUTH_REQUIRED));
    assert_eq!(status(&world, &first, at(10)), BankAccountStatus::Active);
    let renewal = world.indirect_auth(&claims(), &first, at(10)).expect("an active account's consent can be renewed");
    assert!(renewal.contains(CONSENT_PREFIX), "{renewal}");
    assert_eq!(code(world.indirect_auth(&claims(), "no-such-account", at(10))), (404, codes::NOT_FOUND));
    let other = Claims { company: "co-2".into(), ..claims() };
    assert_eq!(code(world.indirect_auth(&other, &first, at(10))), (404, codes::NOT_FOUND));
}

#[test]
fn approving_the_reconsent_makes_every_account_of_the_authorisation_active_at_once() {
    let mut world = world();
    let (first, linked) = authorisation(&mut world, "emulator-bank-gbr");
    let changed = world.require_auth(&linked, DEFAULT_AUTH_REQUIRED_REASON, at(10)).expect("changed");
    assert_eq!(changed.len(), 2, "the first account and the linked candidate");
    for id in [&first, &linked] {
        let account = world.bank_account(&claims(), id, at(11)).expect("the account");
        assert_eq!(account.status, BankAccountStatus::AuthRequired);
        assert_eq!(account.status_reason.as_deref(), Some(DEFAULT_AUTH_REQUIRED_REASON));
    }
    let path = world.indirect_auth(&claims(), &linked, at(12)).expect("a re-consent");
    assert!(path.starts_with(CONSENT_PREFIX), "{path}");
    assert!(world.consent(link_id(&path)).is_some_and(|link| link.reauthorises.is_some()));
    let (link, fresh) = world.decide(link_id(&path), Decision::Approve { share: false }, at(13)).expect("decided");
    assert_eq!((link.decided.map(|(outcome, _)| outcome), fresh), (Some(Outcome::Reauthorised), true));
    for id in [&first, &linked] {
        let account = world.bank_account(&claims(), id, at(13)).expect("the account");
        assert_eq!(account.status, BankAccountStatus::Active, "{id}");
        assert_eq!(account.status_modified_date, Some(at(13).to_string()));
    }
}

#[test]
fn denying_the_reconsent_leaves_the_accounts_auth_required_and_it_is_decided_once() {
    let mut world = world();
    let (first, linked) = authorisation(&mut world, "emulator-bank-gbr");
    world.require_auth(&first, "MFA", at(10)).expect("changed");
    let path = world.indirect_auth(&claims(), &first, at(11)).expect("a re-consent");
    let (link, _) = world.decide(link_id(&path), Decision::Deny, at(12)).expect("decided");
    assert_eq!(link.decided.map(|(outcome, _)| outcome), Some(Outcome::Denied));
    let (_, fresh) = world.decide(link_id(&path), Decision::Approve { share: false }, at(13)).expect("known");
    assert!(!fresh, "the denial stands");
    for id in [&first, &linked] {
        assert_eq!(status(&world, id, at(14)), BankAccountStatus::AuthRequired, "{id}");
    }
}

#[test]
fn the_expiring_bank_turns_its_accounts_auth_required_after_the_configured_delay() {
    let mut world = world();
    let (first, linked) = authorisation(&mut world, "emulator-expiring-bank-usa");
    assert_eq!(status(&world, &first, at(6)), BankAccountStatus::Active);
    assert_eq!(status(&world, &first, at(30)), BankAccountStatus::AuthRequired);
    assert_eq!(status(&world, &linked, at(30)), BankAccountStatus::Active, "created a second later");
    assert_eq!(status(&world, &linked, at(31)), BankAccountStatus::AuthRequired);
    let path = world.indirect_auth(&claims(), &first, at(40)).expect("a re-consent");
    world.decide(link_id(&path), Decision::Approve { share: true }, at(41)).expect("decided");
    for id in [&first, &linked] {
        assert_eq!(status(&world, id, at(10_000)), BankAccountStatus::Active, "re-authorised for good: {id}");
    }
}

#[test]
fn other_banks_never_turn_auth_required_on_their_own() {
    let mut world = world();
    let (first, _) = authorisation(&mut world, "emulator-bank-gbr");
    assert_eq!(status(&world, &first, at(100_000)), BankAccountStatus::Active);
}
