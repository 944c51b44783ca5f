//! The thin loops around the pure polling decisions of `wizard::poll`: sleep, poll, ask [`Poller::next`], report.
//! Generic over the call and the report so tests run them on tokio's paused clock with scripted answers.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;
use url::Url;

use crate::api::error::Failure;
use crate::api::models::{LinkedAccount, PollAnswer};
use crate::wizard::poll::{PollDecision, PollOutcome, PollPolicy, Poller};

/// How a link's polling ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum LinkPollEnd {
    /// Linked.
    Linked(LinkedAccount),
    /// `success: false`.
    Declined,
    /// `success: false`, the consent page expired.
    Expired,
    /// The deadline passed.
    TimedOut,
    /// A failure polling again cannot mend.
    Failed(Failure),
}

/// Polls a link's chain of single-use routes: waits `first_wait`, polls `first_route`, then follows each 202's new
/// route after its period; after a transient failure the same (unanswered) route is polled again after a backoff.
/// `report(next_wait, failure, next_route)` is awaited before each wait but the first, with the route polled next
/// (never used yet, so a restart may poll it). Stops at the policy's deadline, counted from `already` ago; a chain
/// resumed after a restart (`already` > 0) polls its first route even past the deadline, to learn how it ended.
pub(super) async fn poll_link<P, Fut, R, Reported>(
    policy: PollPolicy,
    first_wait: Duration,
    first_route: Url,
    already: Duration,
    mut poll: P,
    mut report: R,
) -> LinkPollEnd
where
    P: FnMut(Url) -> Fut,
    Fut: Future<Output = Result<PollAnswer, Failure>>,
    R: FnMut(Duration, Option<Failure>, &Url) -> Reported,
    Reported: Future<Output = ()>,
{
    let started = Instant::now().checked_sub(already).unwrap_or_else(Instant::now);
    let mut poller = Poller::default();
    let mut route = first_route;
    let mut wait = first_wait.clamp(policy.shortest_wait, policy.longest_wait);
    if already.is_zero() && wait >= policy.deadline {
        return LinkPollEnd::TimedOut;
    }
    loop {
        tokio::time::sleep(wait).await;
        let mut next_route = None;
        let mut finished = None;
        let outcome = match poll(route.clone()).await {
            Ok(PollAnswer::Pending(pending)) => match Url::parse(&pending.poll_route) {
                Ok(url) => {
                    next_route = Some(url);
                    PollOutcome::NotYet { period: Duration::from_millis(pending.poll_period) }
                }
                Err(error) => PollOutcome::Failed(Failure::Unreadable {
                    status: 202,
                    detail: format!("the next poll route is not a URL ({error})"),
                }),
            },
            Ok(PollAnswer::Linked(account)) => {
                finished = Some(LinkPollEnd::Linked(account));
                PollOutcome::Finished
            }
            Ok(PollAnswer::NotLinked) => {
                finished = Some(LinkPollEnd::Declined);
                PollOutcome::Finished
            }
            Ok(PollAnswer::Expired) => {
                finished = Some(LinkPollEnd::Expired);
                PollOutcome::Finished
            }
            Err(failure) => PollOutcome::Failed(failure),
        };
        let failure = match &outcome {
            PollOutcome::Failed(failure) => Some(failure.clone()),
            _ => None,
        };
        match poller.next(&policy, outcome, started.elapsed()) {
            PollDecision::Again { after, same_route, .. } => {
                if !same_route && let Some(next) = next_route {
                    route = next;
                }
                wait = after;
                report(after, failure, &route).await;
            }
            PollDecision::Finished => return finished.unwrap_or(LinkPollEnd::Declined),
            PollDecision::TimedOut => return LinkPollEnd::TimedOut,
            PollDecision::GaveUp(failure) => return LinkPollEnd::Failed(failure),
        }
    }
}

/// How a status watch ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum WatchEnd<T> {
    /// `done` said yes to this answer.
    Done(T),
    /// The deadline passed.
    TimedOut,
    /// A failure checking again cannot mend.
    Failed(Failure),
}

/// Checks something every `every` (backing off after transient failures) until `done` accepts an answer.
/// `report(answer or failure, next_wait)` is called after each check that does not end the watch. The first check
/// is at once.
pub(super) async fn watch<T, C, Fut, D, R>(
    policy: PollPolicy,
    every: Duration,
    mut check: C,
    done: D,
    mut report: R,
) -> WatchEnd<T>
where
    T: Clone,
    C: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
    D: Fn(&T) -> bool,
    R: FnMut(Result<T, Failure>, Duration),
{
    let started = Instant::now();
    let mut poller = Poller::default();
    loop {
        let answer = check().await;
        let outcome = match &answer {
            Ok(value) if done(value) => return WatchEnd::Done(value.clone()),
            Ok(_) => PollOutcome::NotYet { period: every },
            Err(failure) => PollOutcome::Failed(failure.clone()),
        };
        match poller.next(&policy, outcome, started.elapsed()) {
            PollDecision::Again { after, .. } => {
                report(answer, after);
                tokio::time::sleep(after).await;
            }
            PollDecision::Finished | PollDecision::TimedOut => return WatchEnd::TimedOut,
            PollDecision::GaveUp(failure) => return WatchEnd::Failed(failure),
        }
    }
}

#[cfg(test)]
mod tests;
