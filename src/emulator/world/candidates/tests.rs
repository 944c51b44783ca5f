//! Multi-account link in the world, with a seeded RNG and a fake clock: candidates per bank, every field, the first
//! listing still refreshing, `filterConnected`, the 100-ID limit, token scope, linking (201, then connected, then
//! 409), stale IDs after a forced refresh, and the rate limit.

use std::collections::HashSet;
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::api::assumed::codes;
use crate::api::models::{Amount, Candidate};
use crate::api::models::{BankAccountStatus, DataProvider};
use crate::emulator::EmulatorConfig;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn world_with(config: EmulatorConfig) -> World {
    World::new(EmulatorConfig { activation_delay: Duration::from_secs(5), ..config }, StdRng::seed_from_u64(11))
}

fn world() -> World {
    world_with(EmulatorConfig::default())
}

fn claims() -> Claims {
    Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(600).as_second() }
}

fn code<T: std::fmt::Debug>(result: Result<T, Refusal>) -> (u16, &'static str) {
    let refusal = result.expect_err("refused");
    (refusal.status, refusal.code)
}

/// Creates the first account of an authorisation at `bank` (as POST bankaccounts after a link) and returns its ID.
fn first_account(world: &mut World, claims: &Claims, bank: &str) -> String {
    let body = serde_json::to_vec(&serde_json::json!({
        "bankId": bank, "accountName": "Business current account", "accountKey": format!("first-{bank}"),
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    }))
    .expect("JSON");
    world.create_bank_account(claims, &body, at(0)).expect("created").bank_account_id.0
}

fn query(ids: &[&str], filter_connected: bool) -> ListingQuery {
    ListingQuery { bank_account_ids: ids.iter().map(|&id| id.to_owned()).collect(), filter_connected }
}

fn list(world: &mut World, ids: &[&str], filter_connected: bool) -> AvailableAccounts {
    world.available_bank_accounts(&claims(), &query(ids, filter_connected)).expect("listed")
}

fn link(world: &mut World, candidate: &CandidateId, now: Timestamp) -> Result<BankAccount, Refusal> {
    let body = serde_json::json!({ "bankAccountCandidateId": candidate, "requestedStartDate": "2026-09-01T00:00:00Z" });
    world.link_available_bank_account(&claims(), &serde_json::to_vec(&body).expect("JSON"), now)
}

fn ids(listed: &AvailableAccounts) -> Vec<CandidateId> {
    listed.available_accounts.iter().map(|c| c.bank_account_candidate_id.clone()).collect()
}

#[test]
fn emulator_bank_offers_three_more_candidates_with_every_field() {
    let mut world = world();
    let first = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let listed = list(&mut world, &[&first], true);
    assert!(!listed.refreshing);
    assert_eq!(listed.available_accounts.len(), 3);
    for candidate in &listed.available_accounts {
        assert_eq!(candidate.bank_identifier.as_deref(), Some("40-47-84"));
        assert_eq!(candidate.default_currency.as_deref(), Some("GBP"));
        assert_eq!(candidate.data_provider, Some(DataProvider::Indirect));
        assert_eq!(candidate.aggregator_name.as_deref(), Some("Emulator Aggregator"));
        assert_eq!(candidate.auth_always_required, Some(false));
        let metadata = candidate.metadata.as_ref().expect("metadata");
        let number = candidate.account_identifier.as_deref().expect("a number");
        assert_eq!(metadata.masked_account_number, Some(format!("****{}", &number[number.len() - 4..])));
        assert_eq!((metadata.connected, metadata.refreshing), (Some(false), Some(false)));
        assert!(metadata.available_balance.is_some() && metadata.current_balance.is_some());
        assert!(metadata.account_sub_type.is_some() && candidate.account_key.is_some());
    }
    let card = &listed.available_accounts[1];
    assert_eq!(card.account_type.as_deref(), Some("creditCard"));
    let balance = card.metadata.as_ref().and_then(|m| m.current_balance.as_ref()).expect("a balance");
    assert!(balance.is_negative(), "{balance}");
    let last = listed.available_accounts[0].last_transaction.as_ref().expect("a last transaction");
    assert!(last.day().is_some_and(|day| day <= jiff::civil::date(2023, 11, 14)), "{last:?}");
    assert_eq!(listed.available_accounts[2].last_transaction, None);
    let keys: HashSet<_> = listed.available_accounts.iter().map(|c| c.account_key.clone()).collect();
    assert_eq!(keys.len(), 3);

    let all = list(&mut world, &[&first], false);
    assert_eq!(all.available_accounts.len(), 4);
    let own = &all.available_accounts[0];
    assert!(own.is_connected());
    assert_eq!(own.connected_bank_account_id().map(BankAccountId::as_str), Some(first.as_str()));
    assert_eq!(own.account_key.as_deref(), Some("first-emulator-bank-gbr"));
}

#[test]
fn many_accounts_bank_lists_20_while_refreshing_then_all_250() {
    let mut world = world();
    let first = first_account(&mut world, &claims(), "emulator-many-accounts-bank-usa");
    let partial = list(&mut world, &[&first], true);
    assert!(partial.refreshing);
    assert_eq!(partial.available_accounts.len(), PARTIAL_LISTING);
    assert!(partial.available_accounts.iter().all(|c| c.metadata.as_ref().and_then(|m| m.refreshing) == Some(true)));
    let full = list(&mut world, &[&first], true);
    assert!(!full.refreshing);
    assert_eq!(full.available_accounts.len(), 250);
    assert_eq!(ids(&full)[..PARTIAL_LISTING], ids(&partial), "refreshing does not change IDs");
    assert_eq!(ids(&full).into_iter().collect::<HashSet<_>>().len(), 250);
    assert!(full.available_accounts.iter().all(|c| c.default_currency.as_deref() == Some("USD")));

    let other = first_account(&mut world, &claims(), "gbr-bank-00001");
    let few = list(&mut world, &[&other], true);
    assert!(!few.refreshing && (1..=2).contains(&few.available_accounts.len()), "{few:?}");
}

#[test]
fn a_listing_takes_at_most_100_ids_of_the_company_at_one_bank() {
    let many: Vec<String> = (0..101).map(|n| format!("id-{n}")).collect();
    assert_eq!(code(ListingQuery::parse(&[many.join(",")], Some("true"))), (400, codes::TOO_MANY_BANK_ACCOUNT_IDS));
    let hundred = ListingQuery::parse(&[many[..100].join(",")], None).expect("100 is the limit");
    assert_eq!((hundred.bank_account_ids.len(), hundred.filter_connected), (100, false));
    let split = ListingQuery::parse(&["a, b,".into(), "c".into()], Some("TRUE")).expect("read");
    assert_eq!(split, query(&["a", "b", "c"], true));
    assert_eq!(code(ListingQuery::parse(&[" , ".into()], None)), (400, codes::INVALID_QUERY));
    assert_eq!(code(ListingQuery::parse(&["a".into()], Some("yes"))), (400, codes::INVALID_QUERY));

    let mut world = world();
    let emulator = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let slow = first_account(&mut world, &claims(), "emulator-slow-bank-gbr");
    let refused = world.available_bank_accounts(&claims(), &query(&[&emulator, &slow], true));
    assert_eq!(code(refused), (400, codes::MIXED_INSTITUTIONS));
    let unknown = world.available_bank_accounts(&claims(), &query(&[&emulator, "no-such-account"], true));
    assert_eq!(code(unknown), (404, codes::NOT_FOUND));
    let elsewhere = Claims { company: "co-2".into(), ..claims() };
    assert_eq!(code(world.available_bank_accounts(&elsewhere, &query(&[&emulator], true))), (404, codes::NOT_FOUND));
}

#[test]
fn a_linked_candidate_is_a_pending_account_then_connected_and_409_after() {
    let mut world = world();
    let first = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let listed = list(&mut world, &[&first], true);
    let chosen = &listed.available_accounts[1];
    let created = link(&mut world, &chosen.bank_account_candidate_id, at(100)).expect("201");
    assert_eq!(created.status, BankAccountStatus::Pending);
    assert_eq!(created.account_key, chosen.account_key);
    assert_eq!((&created.account_name, &created.account_type), (&chosen.account_name, &chosen.account_type));
    assert_eq!(created.account_types.map(|types| types.is_credit_card), Some(true));
    assert_eq!(created.requested_start_date.as_deref(), Some("2026-09-01T00:00:00Z"));
    let active = world.bank_account(&claims(), created.bank_account_id.as_str(), at(105)).expect("found");
    assert_eq!(active.status, BankAccountStatus::Active);
    let metadata = chosen.metadata.as_ref().expect("metadata");
    let ledger = active.ledger_balance_amount.map(|amount| format!("{amount:.2}"));
    assert_eq!(ledger.as_deref(), metadata.current_balance.as_ref().map(Amount::as_str));

    assert_eq!(list(&mut world, &[&first], true).available_accounts.len(), 2);
    let all = list(&mut world, &[&first, created.bank_account_id.as_str()], false);
    assert_eq!(all.available_accounts.len(), 4, "one authorisation, listed once");
    let shown = all.available_accounts.iter().find(|c| c.bank_account_candidate_id == chosen.bank_account_candidate_id);
    assert_eq!(shown.and_then(Candidate::connected_bank_account_id), Some(&created.bank_account_id));

    let again = link(&mut world, &chosen.bank_account_candidate_id, at(101));
    let refusal = again.expect_err("409");
    assert_eq!((refusal.status, refusal.code), (409, codes::CANDIDATE_ALREADY_LINKED));
    assert!(refusal.message.contains(created.bank_account_id.as_str()), "{}", refusal.message);
    let own = &all.available_accounts[0].bank_account_candidate_id;
    assert_eq!(code(link(&mut world, own, at(102))), (409, codes::CANDIDATE_ALREADY_LINKED));
}

#[test]
fn without_a_start_date_transactions_start_90_days_back_at_midnight() {
    let mut world = world();
    let first = first_account(&mut world, &claims(), "emulator-bank-usa");
    let candidate = ids(&list(&mut world, &[&first], true))[0].clone();
    let body = serde_json::to_vec(&serde_json::json!({ "bankAccountCandidateId": candidate })).expect("JSON");
    let created = world.link_available_bank_account(&claims(), &body, at(0)).expect("201");
    assert_eq!(created.requested_start_date.as_deref(), Some("2023-08-16T00:00:00Z"));
    assert_eq!(code(world.link_available_bank_account(&claims(), b"{}", at(0))), (400, codes::INVALID_BODY));
    let dated = br#"{"bankAccountCandidateId": "x", "requestedStartDate": "2026-01-01"}"#;
    assert_eq!(code(world.link_available_bank_account(&claims(), dated, at(0))), (400, codes::INVALID_BODY));
}

#[test]
fn a_forced_refresh_makes_listed_ids_stale_and_keeps_the_keys() {
    let config = EmulatorConfig { refresh_candidates_after_links: Some(2), ..EmulatorConfig::default() };
    let mut world = world_with(config);
    let first = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let before = list(&mut world, &[&first], false);
    let [own, a, b, c] = &ids(&before)[..] else { panic!("four candidates: {before:?}") };
    link(&mut world, a, at(1)).expect("the first link");
    let unchanged = list(&mut world, &[&first], false);
    assert_eq!(ids(&unchanged), ids(&before), "one link is not yet a refresh");
    link(&mut world, b, at(2)).expect("the second link refreshes");

    let refusal = link(&mut world, c, at(3)).expect_err("stale");
    assert_eq!((refusal.status, refusal.code), (404, codes::CANDIDATE_NOT_FOUND));
    assert!(refusal.message.contains("refreshed"), "{}", refusal.message);
    let after = list(&mut world, &[&first], false);
    let keys = |listed: &AvailableAccounts| -> Vec<Option<String>> {
        listed.available_accounts.iter().map(|c| c.account_key.clone()).collect()
    };
    assert_eq!(keys(&after), keys(&before));
    let fresh = ids(&after);
    assert_eq!((&fresh[0], &fresh[1], &fresh[2]), (own, a, b), "connected candidates keep their IDs");
    assert_ne!(&fresh[3], c);
    link(&mut world, &fresh[3], at(4)).expect("the fresh ID links");

    let unknown = CandidateId::from("00000000-0000-4000-8000-000000000000");
    let refusal = link(&mut world, &unknown, at(5)).expect_err("unknown");
    assert_eq!((refusal.status, refusal.code), (404, codes::CANDIDATE_NOT_FOUND));
    assert!(!refusal.message.contains("refreshed"), "{}", refusal.message);
}

#[test]
fn another_companys_candidates_are_unknown_even_when_stale() {
    let config = EmulatorConfig { refresh_candidates_after_links: Some(1), ..EmulatorConfig::default() };
    let mut world = world_with(config);
    let first = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let listed = ids(&list(&mut world, &[&first], true));
    let elsewhere = Claims { company: "co-2".into(), ..claims() };
    let body =
        |id: &CandidateId| serde_json::to_vec(&serde_json::json!({ "bankAccountCandidateId": id })).expect("JSON");
    let refusal = world.link_available_bank_account(&elsewhere, &body(&listed[0]), at(1)).expect_err("404");
    assert_eq!((refusal.status, refusal.code), (404, codes::CANDIDATE_NOT_FOUND));
    link(&mut world, &listed[0], at(2)).expect("linked, which refreshes");
    let refusal = world.link_available_bank_account(&elsewhere, &body(&listed[1]), at(3)).expect_err("404");
    assert!(!refusal.message.contains("refreshed"), "{}", refusal.message);
}

#[test]
fn the_rate_limit_answers_429_with_retry_after_and_counts_per_second() {
    let mut world = world_with(EmulatorConfig { link_rate_limit: Some(2), ..EmulatorConfig::default() });
    let first = first_account(&mut world, &claims(), "emulator-bank-gbr");
    let listed = ids(&list(&mut world, &[&first], true));
    link(&mut world, &listed[0], at(10)).expect("the first");
    link(&mut world, &listed[1], at(10)).expect("the second");
    let refusal = link(&mut world, &listed[2], at(10)).expect_err("429");
    assert_eq!((refusal.status, refusal.code, refusal.retry_after), (429, codes::RATE_LIMITED, Some(1)));
    link(&mut world, &listed[2], at(11)).expect("a second later");
}
