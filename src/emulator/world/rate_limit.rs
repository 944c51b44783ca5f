//! The optional rate limit of `linkavailablebankaccount`: at most N requests admitted per company in any one-second
//! window; a request over it is refused with how long to wait (whole seconds, at least 1, for `Retry-After`).
//! Refused requests do not count. Pure: time comes in as a value.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use jiff::Timestamp;

use super::authorisations::CompanyKey;
use super::later;

/// The window the limit counts in.
const WINDOW: Duration = Duration::from_secs(1);

/// The requests each company was admitted within the last window.
#[derive(Clone, Default)]
pub(super) struct RateLimit {
    admitted: HashMap<CompanyKey, VecDeque<Timestamp>>,
}

impl RateLimit {
    /// Admits a request of `company` at `now` when fewer than `limit` were admitted in the window before it;
    /// otherwise the whole seconds to wait.
    pub(super) fn admit(&mut self, company: &CompanyKey, limit: u32, now: Timestamp) -> Result<(), u64> {
        let admitted = self.admitted.entry(company.clone()).or_default();
        while admitted.front().is_some_and(|at| later(*at, WINDOW) <= now) {
            admitted.pop_front();
        }
        if admitted.len() < usize::try_from(limit).unwrap_or(usize::MAX) {
            admitted.push_back(now);
            return Ok(());
        }
        let frees_at = admitted.front().map_or(now, |oldest| later(*oldest, WINDOW));
        let wait_ms = frees_at.duration_since(now).as_millis().max(0);
        Err(u64::try_from((wait_ms + 999) / 1_000).unwrap_or(u64::MAX).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(millis: i64) -> Timestamp {
        Timestamp::from_millisecond(1_700_000_000_000 + millis).expect("valid time")
    }

    fn company(name: &str) -> CompanyKey {
        ("org-1".into(), name.into())
    }

    #[test]
    fn the_limit_counts_per_company_within_one_second() {
        let mut limit = RateLimit::default();
        for millis in [0, 100, 200] {
            assert_eq!(limit.admit(&company("a"), 3, at(millis)), Ok(()));
        }
        assert_eq!(limit.admit(&company("a"), 3, at(300)), Err(1));
        assert_eq!(limit.admit(&company("b"), 3, at(300)), Ok(()), "another company has its own");
        assert_eq!(limit.admit(&company("a"), 3, at(999)), Err(1), "refused requests do not count");
        assert_eq!(limit.admit(&company("a"), 3, at(1_000)), Ok(()), "the first one left the window");
        assert_eq!(limit.admit(&company("a"), 3, at(1_001)), Err(1));
    }

    #[test]
    fn a_limit_of_zero_refuses_everything_and_a_wait_is_at_least_a_second() {
        let mut limit = RateLimit::default();
        assert_eq!(limit.admit(&company("a"), 0, at(0)), Err(1));
        assert_eq!(limit.admit(&company("b"), 1, at(0)), Ok(()));
        assert_eq!(limit.admit(&company("b"), 1, at(0)), Err(1));
    }
}
