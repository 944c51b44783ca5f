//! The helpdesk tools' work off the UI thread, outside the wizard (an export saved, see `exports.rs`; the emulator's
//! scenario read or switched): each call returns a [`Ticket`] that the UI checks once a frame; the runtime wakes the UI
//! when the answer is in. The wizard's own work goes through effects and events instead.

use std::sync::Arc;

use tokio::sync::oneshot;

use super::{Runtime, Shared};
use crate::api::Client;
use crate::api::scenario::Scenario;

/// An answer on its way.
#[derive(Debug)]
pub struct Ticket<T> {
    answer: oneshot::Receiver<T>,
}

/// Why a ticket will never be answered.
pub const TICKET_DROPPED: &str = "the work stopped before it answered (the app is closing)";

impl<T> Ticket<T> {
    /// The answer once it is in, or [`TICKET_DROPPED`] when it never will be; `None` while it is on its way.
    pub fn take(&mut self) -> Option<Result<T, &'static str>> {
        match self.answer.try_recv() {
            Ok(answer) => Some(Ok(answer)),
            Err(oneshot::error::TryRecvError::Empty) => None,
            Err(oneshot::error::TryRecvError::Closed) => Some(Err(TICKET_DROPPED)),
        }
    }
}

impl Runtime {
    /// Runs `work` on the runtime and hands its answer to the returned ticket, waking the UI.
    pub(super) fn ticket<T: Send + 'static>(
        &self,
        work: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Ticket<T> {
        let (sender, answer) = oneshot::channel();
        let notify = Arc::clone(&self.shared.notify);
        self.tokio.spawn(async move {
            if sender.send(work.await).is_ok() {
                notify();
            }
        });
        Ticket { answer }
    }

    /// The local emulator's scenario in force.
    pub fn read_scenario(&self) -> Ticket<Result<Scenario, String>> {
        let shared = Arc::clone(&self.shared);
        self.ticket(async move { scenario_call(&shared, None).await })
    }

    /// Switches the local emulator's scenario; the scenario now in force.
    pub fn apply_scenario(&self, scenario: Scenario) -> Ticket<Result<Scenario, String>> {
        let shared = Arc::clone(&self.shared);
        self.ticket(async move { scenario_call(&shared, Some(scenario)).await })
    }
}

/// Reads (`None`) or switches the scenario of the running local emulator, through a client of its own on the
/// emulator's loopback address: never the live client, which may be connected to a Sage environment.
async fn scenario_call(shared: &Shared, change: Option<Scenario>) -> Result<Scenario, String> {
    let (endpoints, identity) = {
        let live = shared.live.lock().await;
        let Some(running) = live.emulator.as_ref() else {
            return Err("the local emulator is not running: press Continue on the first step to start it".to_owned());
        };
        (running.handle.endpoints(), running.identity.clone())
    };
    let client = Client::new(endpoints, identity)
        .map_err(|error| error.to_string())?
        .with_exchange_log(shared.exchanges.clone());
    let answer = match change {
        Some(scenario) => client.set_scenario(&scenario).await,
        None => client.scenario().await,
    };
    answer.map_err(|error| format!("the emulator did not take it: {error}"))
}
