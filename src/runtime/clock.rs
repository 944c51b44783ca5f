//! The runtime's clock: the computer's, which may be hours off the services' (a desktop's clock is often wrong). Tests
//! shift it to play such a computer; nothing that must agree with the services' clock is decided by comparing their
//! times with it.

use jiff::{SignedDuration, Timestamp};

/// This computer's time, as the runtime reads it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    /// How far this computer's clock is off the true time (positive: ahead).
    offset: SignedDuration,
}

impl Clock {
    /// The computer's own clock.
    #[must_use]
    pub fn system() -> Self {
        Self::default()
    }

    /// A computer whose clock is `offset` off the true time (positive: ahead), for tests.
    #[must_use]
    pub fn off_by(offset: SignedDuration) -> Self {
        Self { offset }
    }

    /// The time now, as this computer reads it.
    #[must_use]
    pub fn now(&self) -> Timestamp {
        let now = Timestamp::now();
        now.checked_add(self.offset).unwrap_or(now)
    }
}
