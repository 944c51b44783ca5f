//! Single use under races, over real HTTP: two concurrent GETs of one poll route, and two concurrent copies of one
//! signed `GET accesstoken` (the same nonce and X-Signature), each raced [`ROUNDS`] times on a fresh route or nonce.
//! Every round exactly one of the pair wins and the other is refused with the single-use code; a world that checked
//! and spent in two steps would let both through some round. Pairs run [`PAIRS_IN_FLIGHT`] at a time on a
//! multi-threaded runtime, so the emulator's handlers really run side by side.

use std::sync::Arc;

use bankfeeds_onboard::api::assumed::{ErrorBody, codes};
use bankfeeds_onboard::api::headers::{X_APPLICATION, X_COMPANY_ID, X_NONCE, X_ORGANISATION_ID, X_SIGNATURE};
use bankfeeds_onboard::api::signing::SignedParts;
use bankfeeds_onboard::config::TEST_PRODUCT_ID;
use bankfeeds_onboard::emulator::fixtures::ACTIVE;
use reqwest::{RequestBuilder, StatusCode};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::session::Session;
use super::{client, config, emulator, onboard};

/// How many times each race is run, each time on a fresh poll route or nonce.
const ROUNDS: usize = 1_000;
/// How many pairs are raced at once.
const PAIRS_IN_FLIGHT: usize = 16;
/// The bank whose links stay pending until approved: every first poll answers 202.
const BANK: &str = "emulator-bank-gbr";

/// What one side of a race got: its status and, for a refusal, the body's `code`.
type Outcome = (StatusCode, Option<String>);

/// Sends both copies of `request` at once and returns what each got.
async fn race(request: RequestBuilder) -> [Outcome; 2] {
    let twin = request.try_clone().expect("a request without a streamed body");
    let (first, second) = tokio::join!(outcome(request), outcome(twin));
    [first, second]
}

/// Sends `request`; its status and, when it is not a success, the `code` of its JSON refusal.
async fn outcome(request: RequestBuilder) -> Outcome {
    let response = request.send().await.expect("an answer");
    let status = response.status();
    let code =
        if status.is_success() { None } else { Some(response.json::<ErrorBody>().await.expect("a JSON refusal").code) };
    (status, code)
}

/// Runs `rounds` pairs, at most [`PAIRS_IN_FLIGHT`] at once, each pair from `make(round)`; every pair's outcomes.
async fn race_all<F, Fut>(rounds: usize, make: F) -> Vec<[Outcome; 2]>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = [Outcome; 2]> + Send,
{
    let (make, gate) = (Arc::new(make), Arc::new(Semaphore::new(PAIRS_IN_FLIGHT)));
    let mut pairs = JoinSet::new();
    for round in 0..rounds {
        let (make, gate) = (Arc::clone(&make), Arc::clone(&gate));
        pairs.spawn(async move {
            let _turn = gate.acquire_owned().await.expect("the gate stays open");
            make(round).await
        });
    }
    pairs.join_all().await
}

/// Asserts that in every pair exactly one side got a status in `won` and the other `refused` with `code`.
#[track_caller]
fn assert_one_winner_each(pairs: &[[Outcome; 2]], won: &[StatusCode], refused: StatusCode, code: &str) {
    let is_win = |(status, _): &Outcome| won.contains(status);
    let is_refusal = |(status, got): &Outcome| *status == refused && got.as_deref() == Some(code);
    let winners = pairs.iter().flatten().filter(|side| is_win(side)).count();
    let refusals = pairs.iter().flatten().filter(|side| is_refusal(side)).count();
    let odd: Vec<&[Outcome; 2]> =
        pairs.iter().filter(|[a, b]| !((is_win(a) && is_refusal(b)) || (is_refusal(a) && is_win(b)))).collect();
    assert!(odd.is_empty(), "{} of {} pairs without exactly one winner, e.g. {:?}", odd.len(), pairs.len(), odd[0]);
    assert_eq!((winners, refusals), (pairs.len(), pairs.len()), "one winner and one {code} a pair");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_polls_of_one_route_at_once_one_is_answered_and_the_other_is_410() {
    let session = Arc::new(Session::new(config()).await);
    let http = reqwest::Client::new();
    let shared = Arc::clone(&session);
    let pairs = race_all(ROUNDS, move |_| {
        let (session, http) = (Arc::clone(&shared), http.clone());
        async move {
            let link = session.link(BANK).await.expect("a link");
            race(http.get(&link.poll_route).header(X_APPLICATION, TEST_PRODUCT_ID)).await
        }
    })
    .await;
    let accepted = [StatusCode::OK, StatusCode::ACCEPTED];
    assert_one_winner_each(&pairs, &accepted, StatusCode::GONE, codes::POLL_ROUTE_USED);
    assert!(pairs.iter().flatten().any(|(status, _)| *status == StatusCode::ACCEPTED), "pending links answer 202");
    let session = Arc::into_inner(session).expect("every race has ended");
    session.emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_requests_with_one_nonce_at_once_one_is_answered_and_the_other_is_401() {
    let emulator = emulator(bankfeeds_onboard::config::Profile::Qa).await;
    let created = onboard(&client(&emulator), ACTIVE).await;
    let url = emulator.endpoints().banking.join("accesstoken").expect("the accesstoken URL");
    let (organisation, company) =
        (created.organisation_id.as_str().to_owned(), created.companies[0].as_str().to_owned());
    let (key, http) = (created.token.clone(), reqwest::Client::new());
    let pairs = race_all(ROUNDS, move |round| {
        let nonce = format!("race-{round}-{}", uuid::Uuid::new_v4());
        let signature = SignedParts { method: "GET", url: &url, body: &[], nonce: &nonce }.signature(&key);
        let request = http
            .get(url.clone())
            .header(X_APPLICATION, TEST_PRODUCT_ID)
            .header(X_ORGANISATION_ID, &organisation)
            .header(X_COMPANY_ID, &company)
            .header(X_NONCE, nonce)
            .header(X_SIGNATURE, signature.expect("a signature"));
        race(request)
    })
    .await;
    assert_one_winner_each(&pairs, &[StatusCode::OK], StatusCode::UNAUTHORIZED, codes::NONCE_REPLAYED);
    emulator.shutdown().await;
}
