//! Multi-account link transitions: the listing (refreshing, filtered), selection, the bounded batch, and the 429,
//! stale (404), already linked (409), cancel and retry paths.

use std::time::Duration;

use super::link::{at_details, pending_account};
use super::*;
use crate::api::assumed::codes;
use crate::api::ids::{BankAccountId, CandidateId};
use crate::api::models::{AvailableAccounts, BankAccount, BankAccountStatus, Candidate};

/// A candidate `n` (key `key-n`, ID `c-n`), a savings account when `n` is even.
fn candidate(n: usize, id_suffix: &str) -> Candidate {
    let subtype = if n.is_multiple_of(2) { "savings" } else { "checking" };
    serde_json::from_value(serde_json::json!({
        "bankAccountCandidateId": format!("c-{n}{id_suffix}"), "accountKey": format!("key-{n}"),
        "accountName": format!("Account {n}"), "defaultCurrency": "GBP",
        "metadata": {"accountSubType": subtype, "maskedAccountNumber": format!("****{n:04}")}
    }))
    .expect("candidate")
}

fn connected(n: usize) -> Candidate {
    let mut candidate = candidate(n, "");
    let metadata = candidate.metadata.as_mut().expect("metadata");
    (metadata.connected, metadata.connected_bank_account_id) = (Some(true), Some(BankAccountId::from("ba-other")));
    candidate
}

fn listed(candidates: Vec<Candidate>, refreshing: bool) -> AvailableAccounts {
    AvailableAccounts { refreshing, available_accounts: candidates }
}

fn more_accounts(wizard: &Wizard) -> &MoreAccountsStep {
    match wizard.step() {
        Step::MoreAccounts(step) => step,
        other => panic!("not on more accounts: {other:#?}"),
    }
}

fn states(wizard: &Wizard) -> Vec<&RowState> {
    more_accounts(wizard).rows.iter().map(|row| &row.state).collect()
}

fn links(effects: &[Effect]) -> Vec<(RequestId, String, Duration)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::LinkCandidate { request, candidate, after, .. } => Some((*request, candidate.to_string(), *after)),
            _ => None,
        })
        .collect()
}

fn failure(status: u16, code: &str, retry_after: Option<u64>) -> Failure {
    Failure::Status { status, code: Some(code.to_owned()), message: None, retry_after }
}

/// The first account `active`, and more accounts asked for; returns the listing's request.
fn at_more_accounts() -> (Wizard, RequestId) {
    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    let effects =
        wizard.update(Answer::BankAccountCreated { request: request_of(&effects[1]), result: Ok(pending_account()) });
    let watch = request_of(&effects[1]);
    assert!(wizard.update(AccountIntent::AddMoreAccounts).is_empty(), "nothing to add while the account is pending");
    let active = BankAccount::bare(BankAccountId::from("ba-1"), BankAccountStatus::Active);
    let at = Timestamp::from_second(2_000).expect("time");
    wizard.update(Answer::AccountChecked { request: watch, at, result: Ok(active), next_check_at: None });
    let effects = wizard.update(AccountIntent::AddMoreAccounts);
    let listing = effects.iter().find(|e| matches!(e, Effect::ListCandidates { .. }));
    let Some(Effect::ListCandidates { request, connected, filter_connected: true, after, .. }) = listing else {
        panic!("expected a filtered listing, got {effects:?}")
    };
    assert_eq!((connected.as_slice(), *after), ([BankAccountId::from("ba-1")].as_slice(), Duration::ZERO));
    (wizard, *request)
}

/// On more accounts with `n` candidates listed (and one connected elsewhere, last), `ticked` of them ticked.
fn listed_and_ticked(n: usize, ticked: usize, concurrency: u32) -> Wizard {
    let (mut wizard, request) = at_more_accounts();
    let mut candidates: Vec<Candidate> = (1..=n).map(|i| candidate(i, "")).collect();
    candidates.push(connected(n + 1));
    wizard.update(Answer::CandidatesListed { request, result: Ok(listed(candidates, false)) });
    wizard.update(MoreAccountsIntent::SetLinkConcurrency(concurrency));
    for position in 0..ticked {
        wizard.update(MoreAccountsIntent::Toggle(position));
    }
    wizard
}

#[test]
fn a_refreshing_list_is_asked_again_then_shown_with_nothing_ticked_and_connected_ones_greyed() {
    let (mut wizard, request) = at_more_accounts();
    let effects = wizard.update(Answer::CandidatesListed { request, result: Ok(listed(vec![candidate(1, "")], true)) });
    let Some(Effect::ListCandidates { request: again, after, .. }) = effects.first() else {
        panic!("asked again, got {effects:?}")
    };
    assert_eq!(*after, REFRESH_WAIT);
    assert_matches!(more_accounts(&wizard).listing, Listing::Refreshing { asks: 1, .. });
    wizard.update(Answer::CandidatesListed {
        request: *again,
        result: Ok(listed(vec![candidate(1, ""), candidate(2, ""), connected(3)], false)),
    });
    let step = more_accounts(&wizard);
    assert_eq!(step.listing, Listing::Ready);
    assert_eq!(step.selected(), 0, "nothing is ticked until the person chooses");
    assert_eq!(step.rows[2].state, RowState::Connected(Some(BankAccountId::from("ba-other"))));
    wizard.update(MoreAccountsIntent::Toggle(2));
    assert!(!more_accounts(&wizard).rows[2].selected, "a connected account cannot be ticked");
}

#[test]
fn a_list_that_keeps_refreshing_stops_asking_and_a_failed_one_can_be_asked_again() {
    let (mut wizard, mut request) = at_more_accounts();
    for _ in 1..REFRESH_ASKS {
        let effects = wizard.update(Answer::CandidatesListed { request, result: Ok(listed(Vec::new(), true)) });
        request = request_of(&effects[0]);
    }
    let effects = wizard.update(Answer::CandidatesListed { request, result: Ok(listed(Vec::new(), true)) });
    assert!(effects.is_empty());
    assert_eq!(more_accounts(&wizard).listing, Listing::StillRefreshing);
    let effects = wizard.update(MoreAccountsIntent::ListAgain);
    let request = request_of(&effects[0]);
    wizard.update(Answer::CandidatesListed { request, result: Err(failure(503, codes::INJECTED_FAULT, None)) });
    assert_matches!(more_accounts(&wizard).listing, Listing::Failed(_));
    assert_eq!(wizard.update(MoreAccountsIntent::ListAgain).len(), 1, "asked again");
}

#[test]
fn select_all_and_none_act_on_what_the_filter_shows() {
    let mut wizard = listed_and_ticked(6, 0, 4);
    wizard.session_mut().candidate_filter = " SAVINGS ".into();
    wizard.update(MoreAccountsIntent::SelectShown(true));
    assert_eq!(more_accounts(&wizard).selected(), 3, "the three savings accounts");
    wizard.session_mut().candidate_filter.clear();
    wizard.update(MoreAccountsIntent::SelectShown(true));
    assert_eq!(more_accounts(&wizard).selected(), 6, "every selectable one; the connected one is not");
    wizard.session_mut().candidate_filter = "****0003".into();
    wizard.update(MoreAccountsIntent::SelectShown(false));
    assert_eq!(more_accounts(&wizard).selected(), 5);
}

#[test]
fn the_batch_keeps_at_most_the_setting_in_flight_and_fills_each_free_slot() {
    let mut wizard = listed_and_ticked(7, 5, 2);
    let effects = wizard.update(MoreAccountsIntent::LinkSelected);
    let started = links(&effects);
    assert_eq!(started.iter().map(|(_, id, _)| id.as_str()).collect::<Vec<_>>(), ["c-1", "c-2"]);
    assert!(wizard.update(MoreAccountsIntent::LinkSelected).is_empty(), "no second batch while one runs");
    let account = BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::CandidateLinked { request: started[0].0, result: Ok(account) });
    assert_eq!(links(&effects).iter().map(|(_, id, _)| id.as_str()).collect::<Vec<_>>(), ["c-3"]);
    let count = more_accounts(&wizard).count();
    assert_eq!((count.total, count.linked, count.open), (5, 1, 4));
    let Effect::LinkCandidate { start, .. } = &effects[0] else { unreachable!("a link") };
    assert_eq!(start.to_string(), "2026-09-01T00:00:00Z", "the first account's start date by default");
}

#[test]
fn a_429_waits_as_retry_after_says_and_gives_up_after_some_tries() {
    let mut wizard = listed_and_ticked(1, 1, 4);
    let (mut request, ..) = links(&wizard.update(MoreAccountsIntent::LinkSelected))[0];
    let effects =
        wizard.update(Answer::CandidateLinked { request, result: Err(failure(429, codes::RATE_LIMITED, Some(7))) });
    let (again, id, after) = links(&effects)[0].clone();
    assert_eq!((id.as_str(), after), ("c-1", Duration::from_secs(7)));
    assert_matches!(states(&wizard)[0], RowState::Waiting { .. });
    request = again;
    for attempt in 1..RATE_LIMIT_TRIES {
        let effects =
            wizard.update(Answer::CandidateLinked { request, result: Err(failure(429, codes::RATE_LIMITED, None)) });
        // Every 429 but the last waits and tries again; the last gives up and sends nothing.
        let last = attempt + 1 == RATE_LIMIT_TRIES;
        match links(&effects).first() {
            Some((next, _, after)) if !last => {
                assert_eq!(*after, RATE_LIMIT_WAIT, "the default wait without Retry-After");
                request = *next;
            }
            None if last => {}
            other => panic!("429 number {} of {RATE_LIMIT_TRIES}: {other:?}", attempt + 1),
        }
    }
    assert_eq!(states(&wizard)[0], &RowState::Failed(RowProblem::TooManyWaits));
}

#[test]
fn a_stale_candidate_is_found_again_by_its_key_and_linked_once_more() {
    let mut wizard = listed_and_ticked(3, 3, 4);
    let started = links(&wizard.update(MoreAccountsIntent::LinkSelected));
    let stale = || Err(failure(404, codes::CANDIDATE_NOT_FOUND, None));
    let effects = wizard.update(Answer::CandidateLinked { request: started[0].0, result: stale() });
    let Some(Effect::ListCandidates { request: relist, filter_connected: false, .. }) = effects.first() else {
        panic!("a listing with the connected ones, got {effects:?}")
    };
    let relist = *relist;
    assert!(
        wizard.update(Answer::CandidateLinked { request: started[1].0, result: stale() }).is_empty(),
        "one listing"
    );
    wizard.update(Answer::CandidateLinked { request: started[2].0, result: Err(failure(409, "x", None)) });
    assert_eq!(states(&wizard)[2], &RowState::AlreadyLinked, "a 409 counts as linked");
    // The fresh list: account 1 under a new ID, account 2 gone.
    let effects = wizard.update(Answer::CandidatesListed {
        request: relist,
        result: Ok(listed(vec![candidate(1, "-fresh"), connected(3)], false)),
    });
    assert_eq!(links(&effects).iter().map(|(_, id, _)| id.as_str()).collect::<Vec<_>>(), ["c-1-fresh"]);
    assert_eq!(states(&wizard)[1], &RowState::Failed(RowProblem::NoLongerOffered));
    let again = links(&effects)[0].0;
    wizard.update(Answer::CandidateLinked { request: again, result: stale() });
    assert_eq!(states(&wizard)[0], &RowState::Failed(RowProblem::StillStale), "found again once, not forever");
    assert!(more_accounts(&wizard).batch_finished());
    assert_eq!(more_accounts(&wizard).rows[0].candidate.bank_account_candidate_id, CandidateId::from("c-1-fresh"));
}

#[test]
fn cancel_stops_what_has_not_started_and_a_failed_row_can_be_retried() {
    let mut wizard = listed_and_ticked(5, 5, 2);
    let started = links(&wizard.update(MoreAccountsIntent::LinkSelected));
    let effects = wizard.update(Answer::CandidateLinked {
        request: started[0].0,
        result: Err(failure(429, codes::RATE_LIMITED, Some(3))),
    });
    let waiting = links(&effects)[0].0;
    let effects = wizard.update(MoreAccountsIntent::CancelBatch);
    assert_eq!(effects, vec![Effect::Cancel(waiting)], "the delayed call is stopped");
    let account = BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::CandidateLinked { request: started[1].0, result: Ok(account) });
    assert!(links(&effects).is_empty(), "nothing starts after Cancel");
    assert_matches!(states(&wizard)[1], RowState::Linked(_), "the call in flight finished and is shown");
    assert_eq!(states(&wizard)[3], &RowState::Available);
    assert!(more_accounts(&wizard).rows[3].selected, "still ticked, to link later");
    assert!(more_accounts(&wizard).batch_finished());

    let effects = wizard.update(MoreAccountsIntent::LinkSelected);
    let restarted = links(&effects);
    assert_eq!(restarted.len(), 2, "a new batch for what is still ticked");
    wizard.update(Answer::CandidateLinked { request: restarted[0].0, result: Err(failure(500, "boom", None)) });
    assert_matches!(states(&wizard)[0], RowState::Failed(RowProblem::Refused(_)));
    wizard.update(MoreAccountsIntent::LinkAgain(0));
    assert_eq!(states(&wizard)[0], &RowState::Queued, "Retry queues it again, behind the calls in flight");
    let account = BankAccount::bare(BankAccountId::from("ba-3"), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::CandidateLinked { request: restarted[1].0, result: Ok(account) });
    assert!(links(&effects).iter().any(|(_, id, _)| id == "c-1"), "and sends it when a slot frees");
}

#[test]
fn a_future_start_date_blocks_the_batch_with_a_reason() {
    let mut wizard = listed_and_ticked(2, 2, 4);
    wizard.update(MoreAccountsIntent::SetStartDate(jiff::civil::date(2026, 11, 22)));
    assert!(wizard.update(MoreAccountsIntent::LinkSelected).is_empty());
    let step = more_accounts(&wizard);
    assert!(step.show_problems);
    let today = jiff::civil::date(2026, 11, 21);
    assert_eq!(step.start_date_problem(), Some(StartDateProblem::AfterToday { today }));
    wizard.update(MoreAccountsIntent::SetStartDate(jiff::civil::date(2026, 11, 21)));
    assert_eq!(links(&wizard.update(MoreAccountsIntent::LinkSelected)).len(), 2);
}

#[test]
fn a_row_is_named_by_its_own_name_then_its_metadata_name_and_otherwise_by_none() {
    let row = |json| CandidateRow::new(serde_json::from_value(json).expect("candidate"));
    let own = row(serde_json::json!({"bankAccountCandidateId": "c-1", "accountName": "Main",
        "metadata": {"accountName": "Main at the bank"}}));
    assert_eq!(own.name(), Some("Main"));
    let metadata = row(serde_json::json!({"bankAccountCandidateId": "c-2", "metadata": {"accountName": "Savings"}}));
    assert_eq!(metadata.name(), Some("Savings"));
    let nameless = row(serde_json::json!({"bankAccountCandidateId": "c-3", "defaultCurrency": "GBP"}));
    assert_eq!(nameless.name(), None);
    assert!(nameless.matches("gbp") && !nameless.matches("main"), "found by what it has");
}

/// The status watches among `effects`: (request, account, until active).
fn watches(effects: &[Effect]) -> Vec<(RequestId, String, bool)> {
    effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::WatchBankAccount { request, account, until_active, .. } => {
                Some((*request, account.to_string(), *until_active))
            }
            _ => None,
        })
        .collect()
}

fn status_of(wizard: &Wizard, position: usize) -> Option<BankAccountStatus> {
    match &more_accounts(wizard).rows[position].state {
        RowState::Linked(account) => Some(account.status.clone()),
        _ => None,
    }
}

/// Two candidates linked as `ba-2` and `ba-3`, both `pending`; returns their watches' requests.
fn two_linked_pending() -> (Wizard, RequestId, RequestId) {
    let mut wizard = listed_and_ticked(2, 2, 4);
    let started = links(&wizard.update(MoreAccountsIntent::LinkSelected));
    let mut followed = Vec::new();
    for (n, (request, ..)) in started.iter().enumerate() {
        let account =
            BankAccount::bare(BankAccountId::from(format!("ba-{}", n + 2).as_str()), BankAccountStatus::Pending);
        let effects = wizard.update(Answer::CandidateLinked { request: *request, result: Ok(account) });
        followed.extend(watches(&effects));
    }
    let accounts: Vec<(&str, bool)> = followed.iter().map(|(_, id, until)| (id.as_str(), *until)).collect();
    assert_eq!(accounts, [("ba-2", false), ("ba-3", false)], "each pending account is followed until it settles");
    (wizard, followed[0].0, followed[1].0)
}

#[test]
fn each_account_linked_is_followed_and_its_row_turns_active_with_no_press() {
    let (mut wizard, first, second) = two_linked_pending();
    let at = Timestamp::from_second(3_000).expect("time");
    let next = Some(Timestamp::from_second(3_003).expect("time"));
    let still = BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Pending);
    assert!(
        wizard.update(Answer::AccountChecked { request: first, at, result: Ok(still), next_check_at: next }).is_empty()
    );
    assert_eq!(more_accounts(&wizard).rows[0].watching(), Some(first), "still followed");
    let failed = Err(failure(503, codes::INJECTED_FAULT, None));
    wizard.update(Answer::AccountChecked { request: first, at, result: failed, next_check_at: next });
    assert_eq!(status_of(&wizard, 0), Some(BankAccountStatus::Pending), "a failed check keeps what was read");
    let active = |id: &str| Ok(BankAccount::bare(BankAccountId::from(id), BankAccountStatus::Active));
    wizard.update(Answer::AccountChecked { request: first, at, result: active("ba-2"), next_check_at: None });
    assert_eq!(status_of(&wizard, 0), Some(BankAccountStatus::Active));
    assert_eq!(status_of(&wizard, 1), Some(BankAccountStatus::Pending), "each row follows its own account");
    assert_eq!(more_accounts(&wizard).rows[0].watch, Watch::Stopped(None), "nothing more to wait for");
    wizard.update(Answer::AccountChecked { request: second, at, result: active("ba-3"), next_check_at: None });
    assert_eq!(status_of(&wizard, 1), Some(BankAccountStatus::Active));
    let late = wizard.update(Answer::AccountChecked {
        request: first,
        at,
        result: Ok(BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Cancelled)),
        next_check_at: None,
    });
    assert!(late.is_empty());
    assert_eq!(status_of(&wizard, 0), Some(BankAccountStatus::Active), "an answer of a finished watch is dropped");
}

#[test]
fn an_account_linked_active_is_not_followed_and_one_that_settles_elsewhere_shows_where() {
    let mut wizard = listed_and_ticked(2, 2, 4);
    let started = links(&wizard.update(MoreAccountsIntent::LinkSelected));
    let active = BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Active);
    let effects = wizard.update(Answer::CandidateLinked { request: started[0].0, result: Ok(active) });
    assert!(watches(&effects).is_empty(), "active at once: nothing to follow");
    let pending = BankAccount::bare(BankAccountId::from("ba-3"), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::CandidateLinked { request: started[1].0, result: Ok(pending) });
    let (watch, ..) = watches(&effects)[0];
    let at = Timestamp::from_second(3_000).expect("time");
    let needs_sign_in = BankAccount::bare(BankAccountId::from("ba-3"), BankAccountStatus::AuthRequired);
    wizard.update(Answer::AccountChecked { request: watch, at, result: Ok(needs_sign_in), next_check_at: None });
    assert_eq!(status_of(&wizard, 1), Some(BankAccountStatus::AuthRequired));
}

#[test]
fn a_watch_that_stops_early_says_why_on_its_row() {
    let (mut wizard, first, second) = two_linked_pending();
    wizard.update(Answer::WatchEnded { request: first, stop: WatchStop::TimedOut });
    assert_eq!(more_accounts(&wizard).rows[0].watch, Watch::Stopped(Some(WatchStop::TimedOut)));
    assert_eq!(more_accounts(&wizard).rows[1].watching(), Some(second), "the other one is still followed");
}

#[test]
fn done_leads_to_the_overview_and_stops_following_the_accounts() {
    let (mut wizard, first, second) = two_linked_pending();
    let effects = wizard.update(MoreAccountsIntent::Done);
    assert_matches!(wizard.step(), Step::Overview(_));
    assert!(effects.contains(&Effect::Cancel(first)) && effects.contains(&Effect::Cancel(second)), "{effects:?}");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::SaveProgress(p) if p.screen == Some(Screen::Overview))),
        "{effects:?}"
    );
}

#[test]
fn done_waits_for_the_batch_and_link_another_bank_stops_the_watches_too() {
    let mut wizard = listed_and_ticked(3, 3, 1);
    let started = links(&wizard.update(MoreAccountsIntent::LinkSelected));
    assert!(wizard.update(MoreAccountsIntent::Done).is_empty(), "not while the batch runs");
    assert_matches!(wizard.step(), Step::MoreAccounts(_));
    let pending = BankAccount::bare(BankAccountId::from("ba-2"), BankAccountStatus::Pending);
    let effects = wizard.update(Answer::CandidateLinked { request: started[0].0, result: Ok(pending) });
    let (watch, ..) = watches(&effects)[0];
    let (in_flight, ..) = links(&effects)[0];
    wizard.update(MoreAccountsIntent::CancelBatch);
    assert!(wizard.update(MoreAccountsIntent::Done).is_empty(), "not while a call is still out");
    let active = BankAccount::bare(BankAccountId::from("ba-3"), BankAccountStatus::Active);
    wizard.update(Answer::CandidateLinked { request: in_flight, result: Ok(active) });
    let effects = wizard.update(Intent::LinkBank);
    assert_matches!(wizard.step(), Step::Bank(_));
    assert!(effects.contains(&Effect::Cancel(watch)), "{effects:?}");
}
