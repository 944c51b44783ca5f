//! Multi-account link through the typed `Client` against a real emulator: candidates of Emulator Bank (3) and of
//! Emulator Many Accounts Bank (250, refreshing first), `filterConnected` both ways, more than 100 IDs refused when
//! sent raw and batched by the client, a link's 201 then connected then 409, a stale ID after a forced refresh and its
//! fresh ID found by `accountKey`, the rate limit's 429 with `Retry-After`, concurrent links, and added latency.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use bankfeeds_onboard::api::assumed::{ErrorBody, codes};
use bankfeeds_onboard::api::error::ApiError;
use bankfeeds_onboard::api::headers::X_APPLICATION;
use bankfeeds_onboard::api::ids::{BankAccountId, CandidateId};
use bankfeeds_onboard::api::models::{AvailableAccounts, BankAccount, BankAccountStatus, Candidate};
use bankfeeds_onboard::api::{LinkRefusal, MAX_IDS_PER_LISTING, Scenario};
use bankfeeds_onboard::config::TEST_PRODUCT_ID;
use reqwest::StatusCode;

use super::session::Session;
use super::{EmulatorConfig, assert_refused, config};

/// Emulator Bank in the UK, with 3 candidates beyond the first account.
const EMULATOR_BANK: &str = "emulator-bank-gbr";
/// Emulator Many Accounts Bank in the US, with 250.
const MANY_ACCOUNTS_BANK: &str = "emulator-many-accounts-bank-usa";

/// A session whose new bank accounts turn active at once.
async fn session(config: EmulatorConfig) -> Session {
    Session::new(EmulatorConfig { activation_delay: Duration::ZERO, ..config }).await
}

impl Session {
    /// The candidates under the authorisations of `connected`.
    async fn candidates(&self, connected: &[BankAccountId], filter: bool) -> Result<AvailableAccounts, ApiError> {
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        self.client.available_bank_accounts(org, co, connected, filter, token).await
    }

    /// Lists until the list is no longer refreshing (at most a few times).
    async fn settled_candidates(&self, connected: &[BankAccountId], filter: bool) -> AvailableAccounts {
        for _ in 0..5 {
            let listed = self.candidates(connected, filter).await.expect("the candidates");
            if !listed.refreshing {
                return listed;
            }
        }
        panic!("the candidates kept refreshing");
    }

    /// Links one candidate, asking for a start date.
    async fn link_candidate(&self, candidate: &CandidateId) -> Result<BankAccount, ApiError> {
        let start = Some("2026-09-01T00:00:00Z".parse().expect("an instant"));
        let (org, co, token) = (&self.organisation, &self.company, &self.token);
        self.client.link_available_bank_account(org, co, candidate, start, token).await
    }
}

/// The IDs of a listing's candidates.
fn ids(listed: &AvailableAccounts) -> Vec<CandidateId> {
    listed.available_accounts.iter().map(|candidate| candidate.bank_account_candidate_id.clone()).collect()
}

/// The ID of a bank account, alone in a slice.
fn one(account: &BankAccount) -> Vec<BankAccountId> {
    vec![account.bank_account_id.clone()]
}

#[tokio::test]
async fn emulator_bank_lists_three_candidates_with_every_field() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let listed = session.candidates(&one(&first), true).await.expect("the candidates");
    assert!(!listed.refreshing);
    assert_eq!(listed.available_accounts.len(), 3);
    for candidate in &listed.available_accounts {
        let Candidate { bank_identifier, account_identifier, account_key, account_type, default_currency, .. } =
            candidate;
        assert!(bank_identifier.is_some() && account_identifier.is_some() && account_key.is_some(), "{candidate:?}");
        assert!(account_type.is_some() && candidate.account_name.is_some(), "{candidate:?}");
        assert_eq!(default_currency.as_deref(), Some("GBP"));
        assert!(candidate.data_provider.is_some() && candidate.aggregator_id.is_some(), "{candidate:?}");
        assert!(candidate.aggregator_name.is_some() && candidate.auth_always_required.is_some(), "{candidate:?}");
        let metadata = candidate.metadata.as_ref().expect("metadata");
        assert!(metadata.masked_account_number.as_deref().is_some_and(|masked| masked.starts_with("****")));
        assert!(metadata.account_name.is_some() && metadata.account_type.is_some(), "{metadata:?}");
        assert!(metadata.account_sub_type.is_some() && metadata.refreshing == Some(false), "{metadata:?}");
        assert!(metadata.available_balance.is_some() && metadata.current_balance.is_some(), "{metadata:?}");
        assert!(!candidate.is_connected() && candidate.connected_bank_account_id().is_none());
    }
    let with_names = listed
        .available_accounts
        .iter()
        .filter(|c| c.metadata.as_ref().is_some_and(|m| m.alternative_account_name.is_some()));
    assert_eq!(with_names.count(), 2, "one has no alternative name");
    let with_transactions = listed.available_accounts.iter().filter(|c| c.last_transaction.is_some());
    assert_eq!(with_transactions.count(), 2, "one has no last transaction");
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn many_accounts_bank_answers_refreshing_first_then_all_250() {
    let session = session(config()).await;
    let first = session.active_first_account(MANY_ACCOUNTS_BANK).await;
    let partial = session.candidates(&one(&first), true).await.expect("the first listing");
    assert!(partial.refreshing);
    assert!(partial.available_accounts.len() < 250, "{} while refreshing", partial.available_accounts.len());
    let full = session.candidates(&one(&first), true).await.expect("the second listing");
    assert!(!full.refreshing);
    assert_eq!(full.available_accounts.len(), 250);
    assert_eq!(ids(&full).into_iter().collect::<HashSet<_>>().len(), 250);
    assert!(full.available_accounts.iter().all(|c| c.default_currency.as_deref() == Some("USD")));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn filter_connected_leaves_out_or_marks_what_is_linked() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let all = session.candidates(&one(&first), false).await.expect("every candidate");
    assert_eq!(all.available_accounts.len(), 4);
    let connected: Vec<&Candidate> = all.available_accounts.iter().filter(|c| c.is_connected()).collect();
    assert_eq!(connected.len(), 1);
    assert_eq!(connected[0].connected_bank_account_id(), Some(&first.bank_account_id));
    assert_eq!(connected[0].account_key, first.account_key);
    let unconnected = session.candidates(&one(&first), true).await.expect("the unconnected");
    assert_eq!(unconnected.available_accounts.len(), 3);
    assert!(unconnected.available_accounts.iter().all(|c| !c.is_connected()));
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn more_than_100_ids_sent_raw_are_400_and_unknown_ids_404() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let url = session
        .emulator
        .endpoints()
        .banking
        .join(&format!("organisations/{}/companies/{}/availablebankaccounts", session.organisation, session.company))
        .expect("a URL");
    let raw = |count: usize| {
        let ids: Vec<String> = (0..count).map(|_| first.bank_account_id.to_string()).collect();
        let mut url = url.clone();
        url.query_pairs_mut().append_pair("bankAccountIds", &ids.join(",")).append_pair("filterConnected", "true");
        reqwest::Client::new()
            .get(url)
            .header(X_APPLICATION, TEST_PRODUCT_ID)
            .bearer_auth(session.token.expose())
            .send()
    };
    let refused = raw(MAX_IDS_PER_LISTING + 1).await.expect("answered");
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let body: ErrorBody = refused.json().await.expect("a JSON error");
    assert_eq!(body.code, codes::TOO_MANY_BANK_ACCOUNT_IDS);
    assert_eq!(raw(MAX_IDS_PER_LISTING).await.expect("answered").status(), StatusCode::OK, "100 is the limit");

    let unknown = [first.bank_account_id.clone(), BankAccountId::from("no-such-account")];
    let error = session.candidates(&unknown, true).await.expect_err("404");
    assert_refused(&error, 404, codes::NOT_FOUND, &[]);
    assert!(error.to_string().contains("no-such-account"), "{error}");
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn over_raw_http_a_link_answers_201_and_a_bad_filter_400() {
    let session = session(config()).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let candidate = ids(&session.candidates(&one(&first), true).await.expect("the candidates"))[0].clone();
    let company = session
        .emulator
        .endpoints()
        .banking
        .join(&format!("organisations/{}/companies/{}/", session.organisation, session.company))
        .expect("a URL");
    let http = reqwest::Client::new();
    let response = http
        .post(company.join("linkavailablebankaccount").expect("a URL"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .bearer_auth(session.token.expose())
        .json(&serde_json::json!({ "bankAccountCandidateId": candidate }))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: serde_json::Value = response.json().await.expect("a JSON account");
    assert_eq!(created["status"], "pending");
    assert!(created["requestedStartDate"].as_str().is_some_and(|date| date.ends_with("T00:00:00Z")), "{created}");

    let mut listing = company.join("availablebankaccounts").expect("a URL");
    listing
        .query_pairs_mut()
        .append_pair("bankAccountIds", first.bank_account_id.as_str())
        .append_pair("filterConnected", "maybe");
    let response =
        http.get(listing).header(X_APPLICATION, TEST_PRODUCT_ID).bearer_auth(session.token.expose()).send().await;
    let response = response.expect("answered");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.json::<ErrorBody>().await.expect("a JSON error").code, codes::INVALID_QUERY);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_client_lists_more_than_100_accounts_in_batches_and_merges_them() {
    let session = session(config()).await;
    let first = session.active_first_account(MANY_ACCOUNTS_BANK).await;
    let listed = session.settled_candidates(&one(&first), true).await;
    let mut connected = one(&first);
    for candidate in ids(&listed).iter().take(MAX_IDS_PER_LISTING) {
        connected.push(session.link_candidate(candidate).await.expect("linked").bank_account_id);
    }
    assert_eq!(connected.len(), MAX_IDS_PER_LISTING + 1, "more than one batch");
    let rest = session.candidates(&connected, true).await.expect("listed in two batches");
    assert_eq!(rest.available_accounts.len(), 250 - MAX_IDS_PER_LISTING);
    assert_eq!(ids(&rest)[..], ids(&listed)[MAX_IDS_PER_LISTING..]);
    let all = session.candidates(&connected, false).await.expect("listed in two batches");
    assert_eq!(all.available_accounts.len(), 251, "each candidate once");
    assert_eq!(all.available_accounts.iter().filter(|c| c.is_connected()).count(), MAX_IDS_PER_LISTING + 1);
    assert!(session.candidates(&[], true).await.expect("nothing to ask").available_accounts.is_empty());
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_linked_candidate_is_201_pending_then_connected_and_409_when_linked_again() {
    let session = session(EmulatorConfig { activation_delay: Duration::from_hours(1), ..config() }).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let listed = session.candidates(&one(&first), true).await.expect("the candidates");
    let chosen = &listed.available_accounts[0];
    let created = session.link_candidate(&chosen.bank_account_candidate_id).await.expect("201");
    assert_eq!(created.status, BankAccountStatus::Pending);
    assert_eq!((&created.account_key, &created.account_name), (&chosen.account_key, &chosen.account_name));
    assert_eq!(created.requested_start_date.as_deref(), Some("2026-09-01T00:00:00Z"));
    let (org, co, token) = (&session.organisation, &session.company, &session.token);
    let read = session.client.bank_account(org, co, &created.bank_account_id, token).await.expect("the account");
    assert_eq!(read.bank_account_id, created.bank_account_id);

    let all = session.candidates(&one(&first), false).await.expect("every candidate");
    let shown = all.available_accounts.iter().find(|c| c.bank_account_candidate_id == chosen.bank_account_candidate_id);
    assert_eq!(shown.and_then(Candidate::connected_bank_account_id), Some(&created.bank_account_id));
    assert_eq!(session.candidates(&one(&first), true).await.expect("listed").available_accounts.len(), 2);

    let error = session.link_candidate(&chosen.bank_account_candidate_id).await.expect_err("409");
    assert_refused(&error, 409, codes::CANDIDATE_ALREADY_LINKED, &[]);
    assert_eq!(LinkRefusal::of(&error.failure()), LinkRefusal::AlreadyLinked);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn a_stale_candidate_is_404_after_a_refresh_and_its_fresh_id_found_by_account_key_links() {
    let session = session(EmulatorConfig { refresh_candidates_after_links: Some(1), ..config() }).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let listed = session.candidates(&one(&first), true).await.expect("the candidates");
    let (linked, stale) = (&listed.available_accounts[0], &listed.available_accounts[1]);
    session.link_candidate(&linked.bank_account_candidate_id).await.expect("the link that refreshes");

    let error = session.link_candidate(&stale.bank_account_candidate_id).await.expect_err("404");
    assert_refused(&error, 404, codes::CANDIDATE_NOT_FOUND, &[]);
    assert_eq!(LinkRefusal::of(&error.failure()), LinkRefusal::Stale);
    let again = session.candidates(&one(&first), true).await.expect("listed again");
    assert_eq!(again.available_accounts.len(), 2);
    let fresh = again.available_accounts.iter().find(|c| c.account_key == stale.account_key).expect("the same key");
    assert_ne!(fresh.bank_account_candidate_id, stale.bank_account_candidate_id);
    let created = session.link_candidate(&fresh.bank_account_candidate_id).await.expect("the fresh ID links");
    assert_eq!(created.account_key, stale.account_key);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn over_the_rate_limit_a_link_is_429_with_retry_after() {
    let session = session(EmulatorConfig { link_rate_limit: Some(1), ..config() }).await;
    let first = session.active_first_account(EMULATOR_BANK).await;
    let listed = ids(&session.candidates(&one(&first), true).await.expect("the candidates"));
    let (a, b, c) = tokio::join!(
        session.link_candidate(&listed[0]),
        session.link_candidate(&listed[1]),
        session.link_candidate(&listed[2])
    );
    let outcomes = [a, b, c];
    assert!(outcomes.iter().any(Result::is_ok), "one is admitted: {outcomes:?}");
    let error = outcomes.iter().find_map(|outcome| outcome.as_ref().err()).expect("one is refused");
    assert_refused(error, 429, codes::RATE_LIMITED, &[]);
    assert_matches!(error, ApiError::Status { retry_after: Some(1), .. }, "{error:?}");
    assert_eq!(LinkRefusal::of(&error.failure()), LinkRefusal::RateLimited { retry_after: Some(1) });
    assert!(error.failure().is_transient());
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn concurrent_links_are_each_served_once() {
    let session = session(config()).await;
    let first = session.active_first_account(MANY_ACCOUNTS_BANK).await;
    let listed = ids(&session.settled_candidates(&one(&first), true).await);
    let mut links = tokio::task::JoinSet::new();
    for candidate in listed.into_iter().take(24) {
        let (client, org, co, token) =
            (session.client.clone(), session.organisation.clone(), session.company.clone(), session.token.clone());
        links.spawn(async move { client.link_available_bank_account(&org, &co, &candidate, None, &token).await });
    }
    let created: HashSet<BankAccountId> =
        links.join_all().await.into_iter().map(|linked| linked.expect("201").bank_account_id).collect();
    assert_eq!(created.len(), 24);
    let rest = session.candidates(&one(&first), true).await.expect("listed");
    assert_eq!(rest.available_accounts.len(), 250 - 24);
    session.emulator.shutdown().await;
}

#[tokio::test]
async fn the_configured_latency_delays_each_banking_answer() {
    let scenario = Scenario { latency_ms: 300, ..Scenario::default() };
    let session = session(EmulatorConfig { scenario, ..config() }).await;
    let started = Instant::now();
    let bank = session.client.bank(&"emulator-bank-gbr".into()).await.expect("the bank");
    assert_eq!(bank.name, "Emulator Bank");
    assert!(started.elapsed() >= Duration::from_millis(300), "answered after {:?}", started.elapsed());
    session.emulator.shutdown().await;
}
