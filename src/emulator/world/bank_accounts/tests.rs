//! Removing a bank account in the world: DELETE makes it `cancelled` (idempotently), it no longer counts as
//! connected, a re-authorisation neither needs nor revives it, and another company cannot remove it.

use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::*;
use crate::api::assumed::codes;
use crate::emulator::EmulatorConfig;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn claims() -> Claims {
    Claims { org: "org-1".into(), company: "co-1".into(), iat: at(0).as_second(), exp: at(6_000).as_second() }
}

fn world() -> World {
    let config = EmulatorConfig { activation_delay: Duration::from_secs(5), ..EmulatorConfig::default() };
    World::new(config, StdRng::seed_from_u64(3))
}

fn body() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "bankId": "emulator-bank-gbr", "accountName": "Current", "accountKey": "key-1",
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    }))
    .expect("JSON")
}

#[test]
fn a_deleted_account_reads_cancelled_and_a_second_delete_succeeds_too() {
    let mut world = world();
    let id = world.create_bank_account(&claims(), &body(), at(0)).expect("created").bank_account_id.0;
    assert_eq!(world.delete_bank_account(&claims(), &id, at(10)), Ok(()));
    let account = world.bank_account(&claims(), &id, at(11)).expect("still readable");
    assert_eq!(account.status, BankAccountStatus::Cancelled);
    assert_eq!(account.status_modified_date, Some(at(10).to_string()));
    assert_eq!(world.delete_bank_account(&claims(), &id, at(12)), Ok(()));
    let again = world.bank_account(&claims(), &id, at(13)).expect("still readable");
    assert_eq!(again.status_modified_date, Some(at(10).to_string()), "the first removal stands");
}

#[test]
fn a_deleted_account_no_longer_counts_as_connected_nor_needs_reauthorising() {
    let mut world = world();
    let id = world.create_bank_account(&claims(), &body(), at(0)).expect("created").bank_account_id.0;
    world.delete_bank_account(&claims(), &id, at(10)).expect("deleted");
    let company = (claims().org, claims().company);
    assert_eq!(world.bank_accounts.with_key(&company, "key-1"), None);
    assert!(world.bank_accounts.keys(&company).is_empty());
    assert_eq!(world.require_auth(&id, "MFA", at(11)).expect("known"), Vec::<BankAccountId>::new());
    assert_eq!(world.bank_account(&claims(), &id, at(12)).expect("readable").status, BankAccountStatus::Cancelled);
    let refusal = world.indirect_auth(&claims(), &id, at(12)).expect_err("409");
    assert_eq!((refusal.status, refusal.code), (409, codes::NOT_AUTH_REQUIRED));
}

#[test]
fn only_the_accounts_company_can_delete_it() {
    let mut world = world();
    let id = world.create_bank_account(&claims(), &body(), at(0)).expect("created").bank_account_id.0;
    let other = Claims { company: "co-2".into(), ..claims() };
    let refusal = world.delete_bank_account(&other, &id, at(1)).expect_err("404");
    assert_eq!((refusal.status, refusal.code), (404, codes::NOT_FOUND));
    assert_eq!(world.bank_account(&claims(), &id, at(6)).expect("readable").status, BankAccountStatus::Active);
}
