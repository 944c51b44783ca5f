//! Words for a service's clock that disagrees with this computer's: how far, and which way.

use jiff::SignedDuration;

/// How far apart the clocks must be before a person is told: under a minute changes no time a person reads.
const NOTICEABLE: SignedDuration = SignedDuration::from_mins(1);

/// "2 h 5 min ahead of" or "3 min behind", said of the service's clock against this computer's; `None` when the
/// difference is under a minute.
#[must_use]
pub fn service_clock_difference(service_ahead: SignedDuration) -> Option<String> {
    if service_ahead.abs() < NOTICEABLE {
        return None;
    }
    // To the nearest minute: a difference read from whole-second dates is a second or so either way.
    let minutes = (service_ahead.abs().as_secs() + 30) / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let amount = match (hours, minutes) {
        (0, minutes) => format!("{minutes} min"),
        (hours, 0) => format!("{hours} h"),
        (hours, minutes) => format!("{hours} h {minutes} min"),
    };
    let way = if service_ahead.is_positive() { "ahead of" } else { "behind" };
    Some(format!("{amount} {way}"))
}

/// The sentence for a captcha on a computer whose clock disagrees with the service's; `None` when they agree.
#[must_use]
pub fn captcha_clock_note(service_ahead: SignedDuration) -> Option<String> {
    service_clock_difference(service_ahead).map(|difference| {
        format!(
            "The service's clock is {difference} this computer's. Images expire by the service's clock; the time above is shown by this computer's. Check the date, time and time zone in the system settings."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_of_a_minute_or_more_are_said_in_hours_and_minutes_with_their_direction() {
        assert_eq!(service_clock_difference(SignedDuration::from_secs(59)), None);
        assert_eq!(service_clock_difference(SignedDuration::from_mins(-3)).as_deref(), Some("3 min behind"));
        assert_eq!(service_clock_difference(SignedDuration::from_hours(2)).as_deref(), Some("2 h ahead of"));
        assert_eq!(service_clock_difference(SignedDuration::from_mins(-125)).as_deref(), Some("2 h 5 min behind"));
        assert!(captcha_clock_note(SignedDuration::ZERO).is_none());
        let note = captcha_clock_note(SignedDuration::from_hours(-2)).expect("two hours apart");
        assert!(note.starts_with("The service's clock is 2 h behind this computer's."), "{note}");
    }
}
