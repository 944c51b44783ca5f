//! The nonces already spent, each remembered for [`NONCE_MEMORY`] after it was spent, so that a long-running
//! emulator does not keep every nonce it ever saw. Spending one costs the same however many are remembered: they are
//! kept in an `ExpiringMap`, forgotten in the order their memory runs out. Pure: time comes in as a value.

use std::time::Duration;

use jiff::Timestamp;

use super::expiring::ExpiringMap;
use super::later;
use crate::emulator::refusal::Refusal;

/// How long a spent nonce is remembered, and so how long a replay of it is refused: one hour.
///
/// [ASSUMED] The contract says only that a nonce is fresh and unique per request (CONTRACT §2). Real services bound
/// what they remember the same way, with a timestamp window; this contract sends no timestamp, so here a replay
/// older than the window is accepted. The assumption is that nobody replays a request that old against the emulator:
/// an hour is far longer than any client's retry or any test run.
pub const NONCE_MEMORY: Duration = Duration::from_hours(1);

/// The nonces spent within the last [`NONCE_MEMORY`], each until its memory runs out.
#[derive(Clone, Debug, Default)]
pub(super) struct SpentNonces {
    spent: ExpiringMap<String, ()>,
}

impl SpentNonces {
    /// Spends `nonce` at `now`: refused when it was spent less than [`NONCE_MEMORY`] before `now`. Forgets the
    /// nonces spent that long ago or longer first (after the clock went back, a nonce is remembered its full memory
    /// from when it was spent, never shorter).
    pub(super) fn spend(&mut self, nonce: &str, now: Timestamp) -> Result<(), Refusal> {
        self.spent.forget_expired(now);
        if self.spent.get(nonce).is_some() {
            return Err(Refusal::nonce_replayed());
        }
        self.spent.insert(nonce.to_owned(), (), later(now, NONCE_MEMORY));
        Ok(())
    }

    /// How many nonces are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.spent.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(second).expect("a time")
    }

    #[test]
    fn after_the_clock_went_back_a_nonce_is_remembered_its_full_memory_and_spent_again_only_after_it() {
        let memory = i64::try_from(NONCE_MEMORY.as_secs()).expect("seconds");
        let mut spent = SpentNonces::default();
        spent.spend("late", at(1_000)).expect("fresh");
        spent.spend("early", at(10)).expect("fresh: the clock went back");
        assert!(spent.spend("early", at(memory + 9)).is_err(), "still remembered");
        spent.spend("early", at(memory + 11)).expect("its memory ran out, behind a later nonce in the queue");
        assert!(spent.spend("early", at(memory + 12)).is_err(), "spent again, remembered again");
        spent.spend("late", at(memory + 1_000)).expect("forgotten in order");
        assert!(spent.spend("early", at(memory + 1_001)).is_err(), "its first entry went, not its second");
        spent.spend("other", at(3 * memory)).expect("fresh");
        assert_eq!(spent.len(), 1);
    }

    #[test]
    fn a_nonce_replayed_within_the_window_is_refused_and_forgotten_after_it() {
        let memory = i64::try_from(NONCE_MEMORY.as_secs()).expect("seconds");
        let mut spent = SpentNonces::default();
        for n in 0..1_000 {
            spent.spend(&format!("nonce-{n}"), at(0)).expect("fresh");
        }
        spent.spend("kept", at(memory / 2)).expect("fresh");
        let refusal = spent.spend("nonce-7", at(memory - 1)).expect_err("replayed within the window");
        assert_eq!(refusal.code, crate::api::assumed::codes::NONCE_REPLAYED);
        spent.spend("next", at(memory)).expect("fresh");
        assert_eq!(spent.len(), 2, "the thousand spent an hour ago went; the one spent since stayed");
        assert!(spent.spend("kept", at(memory)).is_err(), "still within its own window");
        spent.spend("nonce-7", at(memory)).expect("forgotten: accepted again");
    }
}
