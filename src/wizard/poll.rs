//! The polling decisions, pure: what to do after each answer of a poll (the aggregator's poll routes, a bank
//! account's status). The runtime's loop asks [`Poller::next`] and only sleeps and sends. No clock here: elapsed time
//! comes in as a value, so tests drive a whole chain with a fake clock in no wall time.

use std::time::Duration;

use crate::api::error::Failure;

/// How a poll loop behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollPolicy {
    /// Give up when this much time has passed since the loop started.
    pub deadline: Duration,
    /// The first wait after a transient failure; doubled after each further one.
    pub backoff_start: Duration,
    /// The longest wait after transient failures.
    pub backoff_cap: Duration,
    /// The shortest wait between two polls, whatever the server says (a `pollPeriod` of 0 must not spin).
    pub shortest_wait: Duration,
    /// The longest wait between two polls, whatever the server says.
    pub longest_wait: Duration,
}

impl PollPolicy {
    /// The aggregator link: 15 minutes, backing off from 1 s to 30 s.
    pub const LINK: Self = Self {
        deadline: Duration::from_mins(15),
        backoff_start: Duration::from_secs(1),
        backoff_cap: Duration::from_secs(30),
        shortest_wait: Duration::from_millis(20),
        longest_wait: Duration::from_mins(1),
    };

    /// The same policy with another deadline.
    #[must_use]
    pub fn with_deadline(self, deadline: Duration) -> Self {
        Self { deadline, ..self }
    }
}

/// What one poll came back with, as far as the loop cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollOutcome {
    /// Not finished; the server says to wait `period` (before the new route, for link polls).
    NotYet {
        /// The server's wait.
        period: Duration,
    },
    /// Finished: the loop stops.
    Finished,
    /// The call failed.
    Failed(Failure),
}

/// What the loop does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollDecision {
    /// Wait, then poll again. `same_route` is true after a transient failure: the route was not answered, so it is
    /// still unused and is sent again; after a 202 the new route is used.
    Again {
        /// How long to wait.
        after: Duration,
        /// Poll the same route again (after a failure) rather than a new one.
        same_route: bool,
        /// Transient failures in a row so far (0 after a good answer).
        failures_in_a_row: u32,
    },
    /// Stop: the poll finished.
    Finished,
    /// Stop: the deadline would pass before the next poll.
    TimedOut,
    /// Stop: a failure that polling again cannot mend (a refused or spent route, an unreadable answer).
    GaveUp(Failure),
}

/// The state of one poll loop between answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Poller {
    failures_in_a_row: u32,
}

impl Poller {
    /// Decides what follows `outcome`, which arrived `elapsed` after the loop started.
    pub fn next(&mut self, policy: &PollPolicy, outcome: PollOutcome, elapsed: Duration) -> PollDecision {
        let (after, same_route) = match outcome {
            PollOutcome::Finished => return PollDecision::Finished,
            PollOutcome::NotYet { period } => {
                self.failures_in_a_row = 0;
                (period.clamp(policy.shortest_wait, policy.longest_wait), false)
            }
            PollOutcome::Failed(failure) if failure.is_transient() => {
                self.failures_in_a_row = self.failures_in_a_row.saturating_add(1);
                (self.backoff(policy, &failure), true)
            }
            PollOutcome::Failed(failure) => return PollDecision::GaveUp(failure),
        };
        if elapsed.saturating_add(after) >= policy.deadline {
            return PollDecision::TimedOut;
        }
        PollDecision::Again { after, same_route, failures_in_a_row: self.failures_in_a_row }
    }

    /// The wait after the latest transient failure: `Retry-After` when the server sent one (within the cap),
    /// else doubling from `backoff_start`, never above `backoff_cap`.
    fn backoff(&self, policy: &PollPolicy, failure: &Failure) -> Duration {
        if let Failure::Status { retry_after: Some(seconds), .. } = failure {
            return Duration::from_secs(*seconds).clamp(policy.shortest_wait, policy.backoff_cap);
        }
        let doublings = self.failures_in_a_row.saturating_sub(1).min(16);
        policy.backoff_start.saturating_mul(1 << doublings).min(policy.backoff_cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error() -> Failure {
        Failure::Status { status: 503, code: Some("injectedFault".into()), message: None, retry_after: None }
    }

    fn again(after: Duration, same_route: bool, failures_in_a_row: u32) -> PollDecision {
        PollDecision::Again { after, same_route, failures_in_a_row }
    }

    #[test]
    fn honours_the_servers_period_and_takes_the_new_route_each_time() {
        let policy = PollPolicy::LINK;
        let mut poller = Poller::default();
        let period = Duration::from_secs(5);
        assert_eq!(poller.next(&policy, PollOutcome::NotYet { period }, Duration::ZERO), again(period, false, 0));
        let period = Duration::from_millis(1_500);
        assert_eq!(
            poller.next(&policy, PollOutcome::NotYet { period }, Duration::from_secs(5)),
            again(period, false, 0)
        );
    }

    #[test]
    fn a_zero_or_huge_period_is_kept_within_bounds() {
        let policy = PollPolicy::LINK;
        let mut poller = Poller::default();
        let zero = poller.next(&policy, PollOutcome::NotYet { period: Duration::ZERO }, Duration::ZERO);
        assert_eq!(zero, again(policy.shortest_wait, false, 0));
        let huge = poller.next(&policy, PollOutcome::NotYet { period: Duration::from_hours(9) }, Duration::ZERO);
        assert_eq!(huge, again(policy.longest_wait, false, 0));
    }

    #[test]
    fn transient_failures_back_off_doubling_up_to_the_cap_on_the_same_route() {
        let policy = PollPolicy::LINK;
        let mut poller = Poller::default();
        let waits: Vec<PollDecision> =
            (0..7).map(|n| poller.next(&policy, PollOutcome::Failed(server_error()), Duration::from_secs(n))).collect();
        let expected: Vec<PollDecision> =
            [1, 2, 4, 8, 16, 30, 30].iter().zip(1..).map(|(s, n)| again(Duration::from_secs(*s), true, n)).collect();
        assert_eq!(waits, expected);
        let back = poller.next(&policy, PollOutcome::NotYet { period: Duration::from_secs(5) }, Duration::from_mins(1));
        assert_eq!(back, again(Duration::from_secs(5), false, 0), "a good answer resets the backoff");
    }

    #[test]
    fn network_trouble_is_transient_and_retry_after_is_honoured_within_the_cap() {
        let policy = PollPolicy::LINK;
        let mut poller = Poller::default();
        let unreachable = Failure::Unreachable { detail: "connection refused".into() };
        assert_eq!(
            poller.next(&policy, PollOutcome::Failed(unreachable), Duration::ZERO),
            again(Duration::from_secs(1), true, 1)
        );
        let busy = Failure::Status { status: 429, code: None, message: None, retry_after: Some(7) };
        assert_eq!(
            poller.next(&policy, PollOutcome::Failed(busy), Duration::ZERO),
            again(Duration::from_secs(7), true, 2)
        );
        let long = Failure::Status { status: 429, code: None, message: None, retry_after: Some(3_600) };
        assert_eq!(poller.next(&policy, PollOutcome::Failed(long), Duration::ZERO), again(policy.backoff_cap, true, 3));
    }

    #[test]
    fn stops_at_the_deadline_rather_than_sleeping_past_it() {
        let policy = PollPolicy::LINK.with_deadline(Duration::from_mins(1));
        let mut poller = Poller::default();
        let period = Duration::from_secs(5);
        assert_matches!(
            poller.next(&policy, PollOutcome::NotYet { period }, Duration::from_secs(54)),
            PollDecision::Again { .. }
        );
        assert_eq!(
            poller.next(&policy, PollOutcome::NotYet { period }, Duration::from_secs(55)),
            PollDecision::TimedOut
        );
        assert_eq!(
            poller.next(&policy, PollOutcome::Failed(server_error()), Duration::from_secs(59)),
            PollDecision::TimedOut
        );
    }

    #[test]
    fn a_spent_route_or_an_unreadable_answer_gives_up_and_finished_stops() {
        let policy = PollPolicy::LINK;
        let mut poller = Poller::default();
        let spent =
            Failure::Status { status: 410, code: Some("pollRouteUsed".into()), message: None, retry_after: None };
        assert_eq!(
            poller.next(&policy, PollOutcome::Failed(spent.clone()), Duration::ZERO),
            PollDecision::GaveUp(spent)
        );
        let unreadable = Failure::Unreadable { status: 200, detail: "x".into() };
        assert_eq!(
            poller.next(&policy, PollOutcome::Failed(unreadable.clone()), Duration::ZERO),
            PollDecision::GaveUp(unreadable)
        );
        assert_eq!(poller.next(&policy, PollOutcome::Finished, Duration::from_hours(2)), PollDecision::Finished);
    }
}
