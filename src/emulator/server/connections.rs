//! The connections the emulator's server has open, each with its `Activity`: how many there are, which waiting one has
//! waited longest (the one shed at the cap), whether one is already being shed, and asking them all to close when the
//! server stops. A connection leaves the list when its task ends, whatever ended it; that, and a request ending (which
//! makes a connection one that can be shed), wakes the accept loop when it waits for room.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;
use tokio::time::Instant;

use super::activity::Activity;

/// The open connections.
#[derive(Debug, Default)]
pub(super) struct Connections {
    open: Mutex<HashMap<u64, Arc<Activity>>>,
    next_id: AtomicU64,
    /// Woken (a permit kept when nobody waits) each time a connection closes or finishes a request.
    pub(super) room: Arc<Notify>,
}

/// A connection's place in the list: it leaves when this is dropped.
#[derive(Debug)]
pub(super) struct Open {
    id: u64,
    activity: Arc<Activity>,
    connections: Arc<Connections>,
}

impl Connections {
    fn open(&self) -> MutexGuard<'_, HashMap<u64, Arc<Activity>>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a connection accepted at `now`.
    pub(super) fn admit(self: &Arc<Self>, now: Instant) -> Open {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let activity = Arc::new(Activity::new(now, Arc::clone(&self.room)));
        self.open().insert(id, Arc::clone(&activity));
        Open { id, activity, connections: Arc::clone(self) }
    }

    /// How many are open.
    pub(super) fn len(&self) -> usize {
        self.open().len()
    }

    /// True while a connection asked to close to make room is still open and waiting, so about to close (one that
    /// took a request first finishes its answer before it closes, which may take long: another is shed then).
    pub(super) fn shedding(&self) -> bool {
        self.open().values().any(|activity| activity.is_shed() && activity.is_waiting())
    }

    /// Asks the connection that has waited longest for its client (no request in flight) to close. False when every
    /// connection has a request in flight or is already being shed.
    pub(super) fn shed_oldest_waiting(&self) -> bool {
        let oldest = self
            .open()
            .values()
            .filter_map(|activity| activity.waiting_since().map(|since| (since, Arc::clone(activity))))
            .min_by_key(|(since, _)| *since);
        match oldest {
            Some((_, activity)) => {
                activity.shed();
                true
            }
            None => false,
        }
    }

    /// Asks every open connection to close: waiting ones at once, busy ones after their answer.
    pub(super) fn close_all(&self) {
        for activity in self.open().values() {
            activity.stop.notify_one();
        }
    }
}

impl Open {
    /// The connection's activity.
    pub(super) fn activity(&self) -> &Arc<Activity> {
        &self.activity
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.connections.open().remove(&self.id);
        self.connections.room.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_connection_waiting_longest_is_shed_and_busy_ones_never() {
        let connections = Arc::new(Connections::default());
        let start = Instant::now();
        let busy = connections.admit(start);
        busy.activity().begin_request(start);
        let older = connections.admit(start + Duration::from_secs(1));
        let newer = connections.admit(start + Duration::from_secs(2));
        older.activity().wrote(start + Duration::from_secs(3));
        assert_eq!(connections.len(), 3);

        assert!(connections.shed_oldest_waiting());
        assert!(newer.activity().is_shed(), "the one whose last byte is oldest");
        assert!(connections.shedding());
        assert!(connections.shed_oldest_waiting());
        assert!(older.activity().is_shed());
        assert!(!connections.shed_oldest_waiting(), "only a busy one is left");
        assert!(!busy.activity().is_shed());

        drop(newer);
        drop(older);
        assert_eq!(connections.len(), 1);
        assert!(!connections.shedding());
    }
}
