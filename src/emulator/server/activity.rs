//! What one connection of the emulator's server is doing, as its watchdog and the connection cap read it: how many
//! requests are in flight, when a byte last went either way, and when the head of a request started to arrive while
//! none was in flight. Fed by the connection's reads and writes (`watched`) and by its service (a request begins when
//! its head is complete and ends when its answer is ready). No I/O; time is tokio's, so tests can pause it.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::Notify;
use tokio::time::Instant;

use super::Limits;

/// Why a connection's time is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Expiry {
    /// A request's head started to arrive and was not complete within [`Limits::header_read_timeout`].
    HeadTooSlow,
    /// No request came within [`Limits::idle_timeout`] of the last byte.
    Idle,
}

/// One connection's activity, shared by its task, its reads and writes, its service and the server's list of open
/// connections.
#[derive(Debug)]
pub(super) struct Activity {
    state: Mutex<State>,
    /// Woken when a request's head starts or a request ends, so the watchdog looks at its deadline again.
    pub(super) changed: Notify,
    /// Woken when the server asks this connection to close (shed at the cap, or the server stopping).
    pub(super) stop: Notify,
    /// The server's, woken when a request ends: the connection may be shed now, should the server wait for room.
    room: Arc<Notify>,
}

#[derive(Debug)]
struct State {
    in_flight: u32,
    last_byte: Instant,
    head_started: Option<Instant>,
    shed: bool,
}

impl Activity {
    /// A connection just accepted at `now`: idle since then. `room` is woken each time one of its requests ends.
    pub(super) fn new(now: Instant, room: Arc<Notify>) -> Self {
        Self {
            state: Mutex::new(State { in_flight: 0, last_byte: now, head_started: None, shed: false }),
            changed: Notify::new(),
            stop: Notify::new(),
            room,
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Bytes arrived at `now`. With no request in flight they are the start of the next request's head.
    pub(super) fn read(&self, now: Instant) {
        let mut state = self.state();
        state.last_byte = now;
        if state.in_flight == 0 && state.head_started.is_none() {
            state.head_started = Some(now);
            drop(state);
            self.changed.notify_one();
        }
    }

    /// A TLS handshake finished at `now`: the bytes it read were no request's head, so the connection waits for its
    /// first request from now, idle.
    pub(super) fn secured(&self, now: Instant) {
        let mut state = self.state();
        state.head_started = None;
        state.last_byte = now;
    }

    /// Bytes went out at `now`.
    pub(super) fn wrote(&self, now: Instant) {
        self.state().last_byte = now;
    }

    /// A request's head is complete at `now` and its handler starts.
    pub(super) fn begin_request(&self, now: Instant) {
        let mut state = self.state();
        state.in_flight += 1;
        state.head_started = None;
        state.last_byte = now;
    }

    /// A request's answer is ready at `now`.
    pub(super) fn end_request(&self, now: Instant) {
        let mut state = self.state();
        state.in_flight = state.in_flight.saturating_sub(1);
        state.last_byte = now;
        drop(state);
        self.changed.notify_one();
        self.room.notify_one();
    }

    /// When the watchdog must look again, and what ends the connection then if nothing happened: a started head's
    /// limit, else (no request in flight) the idle limit. A busy connection has no limit; it is looked at again one
    /// idle limit from `now`, the earliest it could have been idle that long.
    pub(super) fn deadline(&self, limits: &Limits, now: Instant) -> Instant {
        let state = self.state();
        match (state.head_started, state.in_flight) {
            (Some(started), _) => started + limits.header_read_timeout,
            (None, 0) => state.last_byte + limits.idle_timeout,
            (None, _) => now + limits.idle_timeout,
        }
    }

    /// Whether the connection's time is up at `now`, and why.
    pub(super) fn expired(&self, limits: &Limits, now: Instant) -> Option<Expiry> {
        let state = self.state();
        match (state.head_started, state.in_flight) {
            (Some(started), _) if now >= started + limits.header_read_timeout => Some(Expiry::HeadTooSlow),
            (None, 0) if now >= state.last_byte + limits.idle_timeout => Some(Expiry::Idle),
            _ => None,
        }
    }

    /// True when no request is in flight: the connection waits for its client, and closing it loses no answer.
    pub(super) fn is_waiting(&self) -> bool {
        self.state().in_flight == 0
    }

    /// Since when a waiting connection has seen nothing; `None` while a request is in flight or once it was shed.
    pub(super) fn waiting_since(&self) -> Option<Instant> {
        let state = self.state();
        (state.in_flight == 0 && !state.shed).then_some(state.last_byte)
    }

    /// Marks the connection as shed and asks it to close.
    pub(super) fn shed(&self) {
        self.state().shed = true;
        self.stop.notify_one();
    }

    /// True once it was asked to close to make room.
    pub(super) fn is_shed(&self) -> bool {
        self.state().shed
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn limits() -> Limits {
        Limits {
            header_read_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(30),
            max_connections: 4,
        }
    }

    #[test]
    fn a_fresh_connection_expires_idle_one_idle_limit_after_it_was_accepted() {
        let start = Instant::now();
        let activity = Activity::new(start, Arc::default());
        assert_eq!(activity.deadline(&limits(), start), start + Duration::from_secs(30));
        assert_eq!(activity.expired(&limits(), start + Duration::from_secs(29)), None);
        assert_eq!(activity.expired(&limits(), start + Duration::from_secs(30)), Some(Expiry::Idle));
    }

    #[test]
    fn a_started_head_has_the_header_limit_and_a_complete_one_clears_it() {
        let start = Instant::now();
        let activity = Activity::new(start, Arc::default());
        activity.read(start + Duration::from_secs(10));
        activity.read(start + Duration::from_secs(12));
        assert_eq!(activity.deadline(&limits(), start), start + Duration::from_secs(15), "from the first byte");
        assert_eq!(activity.expired(&limits(), start + Duration::from_secs(15)), Some(Expiry::HeadTooSlow));
        activity.begin_request(start + Duration::from_secs(13));
        assert_eq!(activity.expired(&limits(), start + Duration::from_secs(100)), None, "busy: no limit");
        assert!(!activity.is_waiting());
        activity.end_request(start + Duration::from_secs(20));
        assert_eq!(activity.deadline(&limits(), start), start + Duration::from_secs(50), "idle from the answer");
        assert!(activity.is_waiting());
    }

    #[test]
    fn bytes_read_while_a_request_is_in_flight_start_no_head() {
        let start = Instant::now();
        let activity = Activity::new(start, Arc::default());
        activity.begin_request(start);
        activity.read(start + Duration::from_secs(1));
        activity.wrote(start + Duration::from_secs(2));
        assert_eq!(activity.waiting_since(), None);
        activity.end_request(start + Duration::from_secs(3));
        assert_eq!(activity.waiting_since(), Some(start + Duration::from_secs(3)));
        assert_eq!(activity.expired(&limits(), start + Duration::from_secs(10)), None, "not a slow head");
    }

    #[test]
    fn a_shed_connection_is_no_longer_offered_for_shedding() {
        let activity = Activity::new(Instant::now(), Arc::default());
        assert!(activity.waiting_since().is_some());
        activity.shed();
        assert!(activity.is_shed());
        assert_eq!(activity.waiting_since(), None);
    }
}
