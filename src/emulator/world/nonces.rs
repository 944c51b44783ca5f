//! The nonces already spent, each remembered for [`NONCE_MEMORY`] after it was spent, so that a long-running
//! emulator does not keep every nonce it ever saw. Pure: time comes in as a value.

use std::collections::HashMap;
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
    spent_at: HashMap<String, Timestamp>,
}

impl SpentNonces {
    /// Spends `nonce` at `now`: refused when it was spent less than [`NONCE_MEMORY`] before `now`. Forgets the
    /// nonces spent longer ago than that first.
    pub(super) fn spend(&mut self, nonce: &str, now: Timestamp) -> Result<(), Refusal> {
        self.spent_at.retain(|_, spent_at| later(*spent_at, NONCE_MEMORY) > now);
        if self.spent_at.contains_key(nonce) {
            return Err(Refusal::nonce_replayed());
        }
        self.spent_at.insert(nonce.to_owned(), now);
        Ok(())
    }

    /// How many nonces are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.spent_at.len()
    }
}
