//! The nonces already spent, each remembered for [`NONCE_MEMORY`] after it was spent, so that a long-running
//! emulator does not keep every nonce it ever saw. Spending one costs the same however many are remembered: they are
//! forgotten oldest first, from a queue in the order they were spent. Pure: time comes in as a value.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use jiff::Timestamp;

use super::later;
use crate::emulator::refusal::Refusal;

/// How long a spent nonce is remembered, and so how long a replay of it is refused: one hour.
///
/// [ASSUMED] The contract says only that a nonce is fresh and unique per request (CONTRACT §2). Real services bound
/// what they remember the same way, with a timestamp window; this contract sends no timestamp, so here a replay
/// older than the window is accepted. The assumption is that nobody replays a request that old against the emulator:
/// an hour is far longer than any client's retry or any test run.
pub const NONCE_MEMORY: Duration = Duration::from_hours(1);

/// The nonces spent within the last [`NONCE_MEMORY`], with when each was spent.
#[derive(Debug, Default)]
pub(super) struct SpentNonces {
    /// When each remembered nonce was spent.
    spent_at: HashMap<String, Timestamp>,
    /// The same nonces in the order they were spent, oldest first, to forget them without a scan of them all.
    in_order: VecDeque<(String, Timestamp)>,
}

impl SpentNonces {
    /// Spends `nonce` at `now`: refused when it was spent less than [`NONCE_MEMORY`] before `now`. Forgets the
    /// nonces spent longer ago than that first (oldest first: after the clock went back, a few may be remembered a
    /// little longer, never shorter).
    pub(super) fn spend(&mut self, nonce: &str, now: Timestamp) -> Result<(), Refusal> {
        self.forget_before(now);
        if self.spent_at.get(nonce).is_some_and(|spent_at| remembered(*spent_at, now)) {
            return Err(Refusal::nonce_replayed());
        }
        self.spent_at.insert(nonce.to_owned(), now);
        self.in_order.push_back((nonce.to_owned(), now));
        Ok(())
    }

    /// Forgets the oldest nonces while they were spent [`NONCE_MEMORY`] or longer before `now`.
    fn forget_before(&mut self, now: Timestamp) {
        while let Some((nonce, spent_at)) = self.in_order.front() {
            if remembered(*spent_at, now) {
                break;
            }
            // A nonce spent again since (possible only after the clock went back) keeps its later time.
            if self.spent_at.get(nonce) == Some(spent_at) {
                self.spent_at.remove(nonce);
            }
            self.in_order.pop_front();
        }
    }

    /// How many nonces are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.spent_at.len()
    }
}

/// Whether a nonce spent at `spent_at` is still remembered at `now`.
fn remembered(spent_at: Timestamp, now: Timestamp) -> bool {
    later(spent_at, NONCE_MEMORY) > now
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
}
