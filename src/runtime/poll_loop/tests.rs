//! The poll loops on tokio's paused clock: scripted answers, the routes and waits they lead to, and silence after
//! the task is aborted.
#![allow(clippy::unnecessary_wraps, reason = "scripted answers are Results, whichever they hold")]

use std::sync::{Arc, Mutex};

use super::*;
use crate::api::models::PollPending;

fn route(n: u32) -> Url {
    Url::parse(&format!("http://127.0.0.1:9/api/v1/linkpolls/l/{n}?sig=s{n}")).expect("url")
}

fn pending(n: u32, period_ms: u64) -> Result<PollAnswer, Failure> {
    Ok(PollAnswer::Pending(PollPending { poll_route: route(n).to_string(), poll_period: period_ms }))
}

fn linked() -> Result<PollAnswer, Failure> {
    Ok(PollAnswer::Linked(LinkedAccount {
        account_name: "Current".into(),
        account_key: "k".into(),
        account_identifier: "12345678".into(),
        bank_identifier: None,
        account_type: None,
        default_currency: None,
    }))
}

fn unavailable() -> Result<PollAnswer, Failure> {
    Err(Failure::Status { status: 503, code: Some("injectedFault".into()), message: None, retry_after: None })
}

/// Runs `poll_link` over `script`, returning the end, the routes polled with the time each was polled at (ms since
/// the start), and the reported waits.
async fn run(
    policy: PollPolicy,
    script: Vec<Result<PollAnswer, Failure>>,
) -> (LinkPollEnd, Vec<(u128, Url)>, Vec<Duration>) {
    let start = Instant::now();
    let polled = Arc::new(Mutex::new(Vec::new()));
    let script = Arc::new(Mutex::new(script.into_iter()));
    let mut waits = Vec::new();
    let end = {
        let polled = Arc::clone(&polled);
        poll_link(
            policy,
            Duration::from_millis(500),
            route(0),
            Duration::ZERO,
            move |url: Url| {
                polled.lock().expect("lock").push((start.elapsed().as_millis(), url));
                let next = script.lock().expect("lock").next().unwrap_or_else(unavailable);
                async move { next }
            },
            |wait, _, _| {
                waits.push(wait);
                async {}
            },
        )
        .await
    };
    let polled = polled.lock().expect("lock").clone();
    (end, polled, waits)
}

#[tokio::test(start_paused = true)]
async fn follows_the_202_chain_with_each_route_once_and_each_period() {
    let (end, polled, waits) = run(PollPolicy::LINK, vec![pending(1, 5_000), pending(2, 2_000), linked()]).await;
    assert_matches!(end, LinkPollEnd::Linked(account) if account.account_name == "Current");
    let times: Vec<u128> = polled.iter().map(|(t, _)| *t).collect();
    let routes: Vec<Url> = polled.into_iter().map(|(_, u)| u).collect();
    assert_eq!(routes, vec![route(0), route(1), route(2)], "each route once, in the chain's order");
    assert_eq!(times, vec![500, 5_500, 7_500], "each poll after the period the last answer gave");
    assert_eq!(waits, vec![Duration::from_secs(5), Duration::from_secs(2)]);
}

#[tokio::test(start_paused = true)]
async fn a_5xx_backs_off_and_polls_the_same_unanswered_route_again() {
    let (end, polled, waits) =
        run(PollPolicy::LINK, vec![pending(1, 1_000), unavailable(), unavailable(), linked()]).await;
    assert_matches!(end, LinkPollEnd::Linked(_));
    let routes: Vec<Url> = polled.into_iter().map(|(_, u)| u).collect();
    assert_eq!(routes, vec![route(0), route(1), route(1), route(1)]);
    assert_eq!(waits, vec![Duration::from_secs(1), Duration::from_secs(1), Duration::from_secs(2)]);
}

#[tokio::test(start_paused = true)]
async fn a_refused_route_gives_up_and_a_decline_is_not_a_failure() {
    let spent =
        Err(Failure::Status { status: 410, code: Some("pollRouteUsed".into()), message: None, retry_after: None });
    let (end, polled, _) = run(PollPolicy::LINK, vec![spent]).await;
    assert_matches!(end, LinkPollEnd::Failed(f) if f.status() == Some(410));
    assert_eq!(polled.len(), 1);
    let (end, _, _) = run(PollPolicy::LINK, vec![Ok(PollAnswer::NotLinked)]).await;
    assert_eq!(end, LinkPollEnd::Declined);
    let (end, _, _) = run(PollPolicy::LINK, vec![Ok(PollAnswer::Expired)]).await;
    assert_eq!(end, LinkPollEnd::Expired);
}

#[tokio::test(start_paused = true)]
async fn stops_at_the_deadline() {
    let policy = PollPolicy::LINK.with_deadline(Duration::from_secs(12));
    let script = (1..100).map(|n| pending(n, 5_000)).collect();
    let (end, polled, _) = run(policy, script).await;
    assert_eq!(end, LinkPollEnd::TimedOut);
    let times: Vec<u128> = polled.iter().map(|(t, _)| *t).collect();
    assert_eq!(times, vec![500, 5_500, 10_500], "no wait that would end past the 12 s deadline");
}

#[tokio::test(start_paused = true)]
async fn no_poll_goes_out_after_the_task_is_aborted() {
    let polls = Arc::new(Mutex::new(0_u32));
    let counted = Arc::clone(&polls);
    let task = tokio::spawn(poll_link(
        PollPolicy::LINK,
        Duration::from_secs(1),
        route(0),
        Duration::ZERO,
        move |_url: Url| {
            *counted.lock().expect("lock") += 1;
            async { pending(9, 1_000) }
        },
        |_, _, _| async {},
    ));
    tokio::time::sleep(Duration::from_millis(3_500)).await;
    let before = *polls.lock().expect("lock");
    assert_eq!(before, 3, "polled at 1, 2 and 3 s");
    task.abort();
    tokio::time::sleep(Duration::from_mins(1)).await;
    assert_eq!(*polls.lock().expect("lock"), before, "nothing after cancel");
}

#[tokio::test(start_paused = true)]
async fn a_watch_checks_at_once_then_every_period_until_done() {
    let answers = Arc::new(Mutex::new(vec!["active", "pending", "pending"]));
    let start = Instant::now();
    let mut seen = Vec::new();
    let end = watch(
        PollPolicy::LINK,
        Duration::from_secs(3),
        || {
            let next = answers.lock().expect("lock").pop().unwrap_or("pending");
            async move { Ok::<_, Failure>(next) }
        },
        |status| *status == "active",
        |answer, wait| seen.push((start.elapsed().as_secs(), answer.ok(), wait)),
    )
    .await;
    assert_eq!(end, WatchEnd::Done("active"));
    assert_eq!(seen, vec![(0, Some("pending"), Duration::from_secs(3)), (3, Some("pending"), Duration::from_secs(3))]);
}

#[tokio::test(start_paused = true)]
async fn a_resumed_chain_reports_each_unused_route_and_keeps_the_deadline_of_its_start() {
    let policy = PollPolicy::LINK.with_deadline(Duration::from_secs(10));
    let reported = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&reported);
    let end = poll_link(
        policy,
        Duration::from_secs(1),
        route(4),
        Duration::from_secs(7),
        |url: Url| {
            let n: u32 = url.path().rsplit('/').next().and_then(|n| n.parse().ok()).unwrap_or(0);
            async move { pending(n + 1, 1_000) }
        },
        move |_, _, next: &Url| {
            seen.lock().expect("lock").push(next.clone());
            async {}
        },
    )
    .await;
    assert_eq!(end, LinkPollEnd::TimedOut, "7 s had passed before the restart; the deadline is 10 s");
    let reported = reported.lock().expect("lock").clone();
    assert_eq!(reported.first(), Some(&route(5)), "the route to poll next, not the one just spent");
    assert!(reported.len() <= 3, "about 3 s were left: {reported:?}");
}

#[tokio::test(start_paused = true)]
async fn a_resumed_chain_past_its_deadline_still_asks_once_how_it_ended() {
    let policy = PollPolicy::LINK.with_deadline(Duration::from_secs(10));
    let end = poll_link(
        policy,
        Duration::ZERO,
        route(4),
        Duration::from_mins(1),
        |_url: Url| async { linked() },
        |_, _, _| async {},
    )
    .await;
    assert_matches!(end, LinkPollEnd::Linked(_), "approved while the app was closed: {end:?}");
    let end = poll_link(
        policy,
        Duration::ZERO,
        route(4),
        Duration::from_mins(1),
        |_url: Url| async { pending(5, 1_000) },
        |_, _, _| async {},
    )
    .await;
    assert_eq!(end, LinkPollEnd::TimedOut, "not finished and past the deadline");
}
