//! The services' own clock, read from the `Date` header of their answers: what the wizard needs to show a time the
//! service set (a captcha's expiry) by this computer's clock, and to say so when the two clocks disagree.

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use reqwest::header::{DATE, HeaderMap};

/// The service's time as its last answer gave it, and when that answer arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerTime {
    /// The answer's `Date` (whole seconds, the service's clock).
    pub date: Timestamp,
    /// When the answer arrived, on this process's monotonic clock.
    pub received: Instant,
}

impl ServerTime {
    /// The service's time in `headers`, received now; `None` without a readable `Date` header.
    #[must_use]
    pub fn of(headers: &HeaderMap) -> Option<Self> {
        let text = headers.get(DATE)?.to_str().ok()?;
        let date = jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(text).ok()?;
        Some(Self { date, received: Instant::now() })
    }

    /// How far the service's clock is ahead of this computer's (negative: behind), to the second, given what this
    /// computer's clock reads now. `Date` has whole seconds only, so a difference under two seconds is no difference.
    #[must_use]
    pub fn ahead_of(&self, here_now: Timestamp) -> SignedDuration {
        let elapsed = SignedDuration::try_from(self.received.elapsed()).unwrap_or(SignedDuration::ZERO);
        let here_at_arrival = here_now.checked_sub(elapsed).unwrap_or(here_now);
        let ahead = self.date.duration_since(here_at_arrival);
        if ahead.abs() < SignedDuration::from_secs(2) {
            SignedDuration::ZERO
        } else {
            ahead.round(jiff::Unit::Second).unwrap_or(ahead)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(date: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, date.parse().expect("a header value"));
        headers
    }

    #[test]
    fn the_date_header_gives_the_services_clock_and_how_far_it_is_from_this_computers() {
        let server = ServerTime::of(&headers("Mon, 07 Dec 2026 10:00:00 GMT")).expect("an HTTP date");
        assert_eq!(server.date.to_string(), "2026-12-07T10:00:00Z");
        let here_two_hours_ahead: Timestamp = "2026-12-07T12:00:00Z".parse().expect("time");
        assert_eq!(server.ahead_of(here_two_hours_ahead), SignedDuration::from_hours(-2));
        let here_the_same: Timestamp = "2026-12-07T10:00:01Z".parse().expect("time");
        assert_eq!(server.ahead_of(here_the_same), SignedDuration::ZERO, "a second's rounding is no difference");
        assert_eq!(ServerTime::of(&headers("yesterday")), None);
        assert_eq!(ServerTime::of(&HeaderMap::new()), None);
    }
}
