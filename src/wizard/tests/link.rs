//! Linking transitions: the bank list, direct and indirect banks, the link's endings, the account's creation
//! (never twice) and its status, and restarts at each stage.

use std::time::Duration;

use super::*;
use crate::api::ids::BankAccountId;
use crate::api::ids::CountryCode;
use crate::api::models::{Bank, BankAccount, BankAccountStatus, DataProvider, LinkedAccount};
use crate::api::redacted::PollRoute;

fn bank(id: &str, name: &str, provider: DataProvider) -> Bank {
    serde_json::from_value::<Bank>(serde_json::json!({"bankId": id, "name": name, "primaryCountry": "GBR"}))
        .map(|bank| Bank { data_provider: provider, ..bank })
        .expect("bank")
}

fn index() -> BankIndex {
    BankIndex::new(vec![
        bank("b-1", "Emulator Bank", DataProvider::Indirect),
        bank("b-2", "Emulator Direct Bank", DataProvider::Direct),
    ])
}

fn linked_account() -> LinkedAccount {
    LinkedAccount {
        account_name: "Business current".into(),
        account_key: "key-1".into(),
        account_identifier: "12345678".into(),
        bank_identifier: Some("40-47-84".into()),
        account_type: None,
        default_currency: None,
    }
}

pub(super) fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 21)
}

/// An onboarded, connected wizard on the bank step with the list ready.
pub(super) fn at_bank_step() -> Wizard {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    let effects = wizard.update(Intent::LinkBank);
    assert_matches!(wizard.step(), Step::Bank(BankStep { list: BankList::Loading(_), .. }));
    let fetch =
        effects.iter().find(|e| matches!(e, Effect::FetchBanks { country, .. } if *country == CountryCode::GBR));
    let request = request_of(fetch.expect("the bank list is fetched"));
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveProgress(p) if p.link.is_some())));
    wizard.update(Answer::BanksFetched { request, result: Ok(index()) });
    wizard
}

/// On the link step for Emulator Bank; returns the link task's ID.
fn linking() -> (Wizard, RequestId) {
    let mut wizard = at_bank_step();
    let effects = wizard.update(BankIntent::Choose("b-1".into()));
    let Some(Effect::StartLink { request, policy, target, .. }) = effects.first() else {
        panic!("expected the link to start, got {effects:?}")
    };
    assert_eq!(policy.deadline, Duration::from_mins(15));
    assert_eq!(target.organisation_id.as_str(), "org-9");
    (wizard, *request)
}

/// Linked and on the account's details.
pub(super) fn at_details() -> Wizard {
    let (mut wizard, request) = linking();
    wizard.update(Answer::LinkEnded { request, today: today(), end: LinkEnd::Linked(linked_account()) });
    wizard.update(Intent::Continue);
    assert_matches!(wizard.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }));
    wizard
}

pub(super) fn pending_account() -> BankAccount {
    BankAccount::bare(BankAccountId::from("ba-1"), BankAccountStatus::Pending)
}

#[test]
fn a_direct_bank_shows_its_instructions_instead_of_linking() {
    let mut wizard = at_bank_step();
    assert!(wizard.update(BankIntent::Choose("b-2".into())).is_empty());
    assert_matches!(wizard.step(), Step::Bank(BankStep { direct: Some(bank), .. }) if bank.name == "Emulator Direct Bank"
    );
    wizard.update(BankIntent::CloseDirectBank);
    assert_matches!(wizard.step(), Step::Bank(BankStep { direct: None, .. }));
}

#[test]
fn a_failed_bank_list_can_be_fetched_again_and_a_country_change_refetches() {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    let effects = wizard.update(Intent::LinkBank);
    let request = request_of(effects.iter().find(|e| matches!(e, Effect::FetchBanks { .. })).expect("fetch"));
    wizard.update(Answer::BanksFetched { request, result: Err(status(503, "injectedFault")) });
    assert_matches!(wizard.step(), Step::Bank(BankStep { list: BankList::Failed(_), .. }));
    let effects = wizard.update(BankIntent::LoadAgain);
    assert_matches!(only(&effects), Effect::FetchBanks { .. });
    let effects = wizard.update(BankIntent::SelectCountry(CountryCode::USA));
    assert!(effects.iter().any(|e| matches!(e, Effect::FetchBanks { country, .. } if *country == CountryCode::USA)));
    assert!(
        wizard.update(BankIntent::SelectCountry("XXX".parse().expect("a code"))).is_empty(),
        "an unknown country is ignored"
    );
}

#[test]
fn waiting_shows_each_check_and_drops_answers_of_another_link() {
    let (mut wizard, request) = linking();
    let at = Timestamp::from_second(1_000).expect("time");
    let next = Timestamp::from_second(1_005).expect("time");
    wizard.update(Answer::LinkStarted {
        request,
        at,
        redirect: consent_page(),
        browser: Ok(()),
        next_check_at: next,
        route: PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/1?sig=a"),
    });
    let failure = Some(status(503, "injectedFault"));
    let route = PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/1?sig=a");
    let effects = wizard.update(Answer::LinkChecked { request, at, next_check_at: next, failure, route });
    assert!(effects.is_empty(), "a failed poll keeps its route: nothing new to save");
    let route = PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/2?sig=b");
    wizard.update(Answer::LinkChecked { request: RequestId(999), at, next_check_at: at, failure: None, route });
    let Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) = wizard.step() else {
        panic!("waiting")
    };
    assert_eq!((waiting.checks, waiting.started_at, waiting.next_check_at), (1, at, Some(next)));
    assert!(waiting.last_failure.is_some());
}

#[test]
fn a_restart_while_waiting_polls_the_saved_route_and_never_starts_another_link() {
    let (mut wizard, request) = linking();
    let at = Timestamp::from_second(1_000).expect("time");
    let first = PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/1?sig=a");
    let effects = wizard.update(Answer::LinkStarted {
        request,
        at,
        redirect: consent_page(),
        browser: Ok(()),
        next_check_at: at,
        route: first,
    });
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p)] if matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::Waiting { .. }))
    );
    let second = PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/2?sig=b");
    let effects =
        wizard.update(Answer::LinkChecked { request, at, next_check_at: at, failure: None, route: second.clone() });
    let [Effect::SaveProgress(saved)] = effects.as_slice() else { panic!("{effects:?}") };
    let saved = saved.clone();
    assert!(serde_json::to_string(&saved).expect("json").contains("sig=b"), "the route is saved for a restart");
    assert!(!format!("{saved:?}").contains("sig=b"), "but never printed");

    let mut again = Wizard::new();
    let effects = again.update(Answer::Restored(Some(saved)));
    assert_matches!(again.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting: w, .. }, .. }) if w.redirect == consent_page()
    );
    assert!(!effects.iter().any(|e| matches!(e, Effect::StartLink { .. })));
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects");
    let connected = again
        .update(Answer::Connected { request: request_of(connect), result: Ok(Connection { endpoints: endpoints() }) });
    let Effect::ResumeLink { route, started_at, request: resumed, .. } = only(&connected) else {
        panic!("{connected:?}")
    };
    assert_eq!((route, *started_at), (&second, at));
    let ended =
        again.update(Answer::LinkEnded { request: *resumed, today: today(), end: LinkEnd::Linked(linked_account()) });
    assert_matches!(again.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. }));
    assert_matches!(ended.as_slice(), [Effect::SaveProgress(p)] if matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::Linked { .. }))
    );
}

#[test]
fn a_saved_route_already_used_sends_the_person_back_to_the_bank_with_the_reason() {
    let (mut wizard, request) = linking();
    let at = Timestamp::from_second(1_000).expect("time");
    let route = PollRoute::new("http://127.0.0.1:9/api/v1/linkpolls/l/1?sig=a");
    let redirect = consent_page();
    wizard.update(Answer::LinkStarted { request, at, redirect, browser: Ok(()), next_check_at: at, route });
    let spent =
        || Failure::Status { status: 410, code: Some("pollRouteUsed".into()), message: None, retry_after: None };

    let mut again = Wizard::new();
    let effects = again.update(Answer::Restored(Some(wizard.progress())));
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects");
    let resumed = again
        .update(Answer::Connected { request: request_of(connect), result: Ok(Connection { endpoints: endpoints() }) });
    let end = LinkEnd::Failed { failure: spent(), while_polling: true };
    let effects = again.update(Answer::LinkEnded { request: request_of(only(&resumed)), today: today(), end });
    assert_matches!(again.step(), Step::Bank(BankStep { notice: Some(BankNotice::LinkLost { bank_name }), .. }) if bank_name == "Emulator Bank"
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveProgress(p) if matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::ChoosingBank { .. })))));
    assert!(!effects.iter().any(|e| matches!(e, Effect::StartLink { .. })), "the person chooses the bank again");

    // Without a restart, a 410 is a failure like another, told on the link's screen.
    let end = LinkEnd::Failed { failure: spent(), while_polling: true };
    wizard.update(Answer::LinkEnded { request, today: today(), end });
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::Failed { .. }, .. }));
}

#[test]
fn cancel_stops_the_task_and_a_late_answer_changes_nothing() {
    let (mut wizard, request) = linking();
    let effects = wizard.update(LinkIntent::Cancel);
    assert_matches!(effects.as_slice(), [Effect::Cancel(r), Effect::SaveProgress(p)] if *r == request && matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::ChoosingBank { interrupted: None }))
    );
    wizard.update(Answer::LinkEnded { request, today: today(), end: LinkEnd::Linked(linked_account()) });
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::Cancelled, .. }));
    let effects = wizard.update(LinkIntent::StartAgain);
    assert_matches!(&effects[0], Effect::StartLink { request: again, .. } if *again != request);
}

#[test]
fn a_decline_and_a_timeout_are_told_apart_and_offer_another_bank() {
    let (mut wizard, request) = linking();
    wizard.update(Answer::LinkEnded { request, today: today(), end: LinkEnd::Declined });
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::Declined, .. }));
    let effects = wizard.update(LinkIntent::StartAgain);
    let request = request_of(&effects[0]);
    wizard.update(Answer::LinkEnded { request, today: today(), end: LinkEnd::TimedOut });
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::TimedOut { .. }, .. }));
    let effects = wizard.update(LinkIntent::ChooseAnotherBank);
    assert_matches!(wizard.step(), Step::Bank(_));
    assert!(effects.iter().any(|e| matches!(e, Effect::FetchBanks { .. })));
}

#[test]
fn an_expired_page_is_its_own_ending_saved_as_over_and_started_again_with_a_new_link() {
    let (mut wizard, request) = linking();
    let effects = wizard.update(Answer::LinkEnded { request, today: today(), end: LinkEnd::Expired });
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::Expired, .. }), "not declined");
    let saved_over = |p: &Progress| matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::ChoosingBank { .. }));
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p)] if saved_over(p),
        "a restart offers the bank step, not the dead page: {effects:?}"
    );
    let effects = wizard.update(LinkIntent::StartAgain);
    assert_matches!(&effects[0], Effect::StartLink { request: again, .. } if *again != request);
    assert_matches!(wizard.step(), Step::Link(LinkStep { phase: LinkPhase::Starting, .. }));
}

#[test]
fn linked_shows_the_account_and_defaults_the_start_date() {
    let wizard = at_details();
    let details = wizard.session().account_details.as_ref().expect("details");
    assert_eq!(details.name, "Business current");
    assert_eq!(details.start_date, jiff::civil::date(2026, 9, 1));
    assert_matches!(wizard.session().link.as_ref().map(|r| &r.stage), Some(LinkStage::Linked { .. }));
}

#[test]
fn create_is_saved_before_it_is_sent_and_carries_the_chosen_details() {
    let mut wizard = at_details();
    wizard.session_mut().account_details.as_mut().expect("details").name = " ".into();
    assert!(wizard.update(AccountIntent::Create).is_empty(), "a blank name sends nothing");
    let details = wizard.session_mut().account_details.as_mut().expect("details");
    details.name = "Main account".into();
    details.start_date = jiff::civil::date(2026, 10, 1);
    let effects = wizard.update(AccountIntent::Create);
    assert_matches!(&effects[0], Effect::SaveProgress(p) if matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::Creating { .. }))
    );
    let Effect::CreateBankAccount { body, .. } = &effects[1] else { panic!("create, got {effects:?}") };
    assert_eq!(body.account_name, "Main account");
    assert_eq!(body.requested_start_date.to_string(), "2026-10-01T00:00:00Z");
    assert_eq!((body.bank_identifier.as_str(), body.default_currency.as_str()), ("40-47-84", "GBP"));
    assert!(wizard.update(AccountIntent::Create).is_empty(), "no second POST while one is out");
}

#[test]
fn a_created_account_is_followed_until_active() {
    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    let request = request_of(&effects[1]);
    let effects = wizard.update(Answer::BankAccountCreated { request, result: Ok(pending_account()) });
    assert_matches!(&effects[0], Effect::SaveProgress(p) if matches!(p.link.as_ref().map(|r| &r.stage), Some(LinkStage::Created { .. }))
    );
    let Effect::WatchBankAccount { request: watch, every, .. } = &effects[1] else { panic!("watch, got {effects:?}") };
    assert_eq!(*every, ACCOUNT_CHECK_EVERY);
    let at = Timestamp::from_second(2_000).expect("time");
    let active = BankAccount::bare(BankAccountId::from("ba-1"), BankAccountStatus::Active);
    wizard.update(Answer::AccountChecked { request: *watch, at, result: Ok(active), next_check_at: None });
    let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = wizard.step() else {
        panic!("following")
    };
    assert_eq!((following.account.status.clone(), following.watching()), (BankAccountStatus::Active, None));
}

#[test]
fn a_409_finds_the_existing_account_instead_of_creating_another() {
    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    let request = request_of(&effects[1]);
    let effects =
        wizard.update(Answer::BankAccountCreated { request, result: Err(status(409, codes::BANK_ACCOUNT_EXISTS)) });
    let Effect::FindBankAccount { request, account_key, .. } = only(&effects) else { panic!("find, got {effects:?}") };
    assert_eq!(account_key, "key-1");
    let effects = wizard.update(Answer::BankAccountFound { request: *request, result: Ok(Some(pending_account())) });
    assert!(effects.iter().any(|e| matches!(e, Effect::WatchBankAccount { .. })));
    assert!(!effects.iter().any(|e| matches!(e, Effect::CreateBankAccount { .. })));
}

#[test]
fn a_refused_create_keeps_the_details_and_can_be_sent_again() {
    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    let request = request_of(&effects[1]);
    wizard.update(Answer::BankAccountCreated { request, result: Err(status(400, codes::INVALID_BODY)) });
    assert_matches!(
        wizard.step(),
        Step::Account(AccountStep { phase: AccountPhase::Details { problem: Some(_), .. }, .. })
    );
    assert_eq!(wizard.session().account_details.as_ref().map(|d| d.name.as_str()), Some("Business current"));
    assert!(wizard.update(AccountIntent::Create).iter().any(|e| matches!(e, Effect::CreateBankAccount { .. })));
}

/// A fresh wizard restored from `wizard`'s progress, connected; returns it and the effects sent on connecting.
fn restart(wizard: &Wizard) -> (Wizard, Vec<Effect>) {
    let mut again = Wizard::new();
    let effects = again.update(Answer::Restored(Some(wizard.progress())));
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects on restore");
    let request = request_of(connect);
    let effects = again.update(Answer::Connected { request, result: Ok(Connection { endpoints: endpoints() }) });
    (again, effects)
}

#[test]
fn a_restart_while_the_create_was_out_looks_for_the_account_and_never_posts_again() {
    let mut wizard = at_details();
    wizard.update(AccountIntent::Create);
    let (mut again, effects) = restart(&wizard);
    let Effect::FindBankAccount { request, .. } = only(&effects) else { panic!("find, got {effects:?}") };
    let effects = again.update(Answer::BankAccountFound { request: *request, result: Ok(None) });
    assert_matches!(again.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }));
    assert!(!effects.iter().any(|e| matches!(e, Effect::CreateBankAccount { .. })), "only the person sends it");
}

#[test]
fn restarts_come_back_to_the_bank_step_or_to_the_accounts_status() {
    let (wizard, _) = linking();
    let (again, effects) = restart(&wizard);
    assert_matches!(again.step(), Step::Bank(BankStep { notice: Some(BankNotice::LinkInterrupted { .. }), .. }));
    assert_matches!(only(&effects), Effect::FetchBanks { .. });

    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    wizard.update(Answer::BankAccountCreated { request: request_of(&effects[1]), result: Ok(pending_account()) });
    let (again, effects) = restart(&wizard);
    assert_matches!(again.step(), Step::Account(AccountStep { phase: AccountPhase::Following(_), .. }));
    assert_matches!(only(&effects), Effect::WatchBankAccount { account, .. } if account.as_str() == "ba-1");

    let wizard = at_details();
    let (again, effects) = restart(&wizard);
    assert_matches!(again.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }));
    assert!(effects.is_empty());
    assert_eq!(again.session().account_details, wizard.session().account_details);
}

/// The aggregator's page the tests' links hand out.
fn consent_page() -> url::Url {
    url::Url::parse("http://127.0.0.1:9/c").expect("an address")
}
