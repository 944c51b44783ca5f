//! The in-process emulator that behaves like a real server that commits its data: it starts from its state file
//! (`state_file`), with the customers' keys given back by the caller from the OS keyring, listens on the port it had
//! when it can, and writes every change of its durable world before answering it (`commits`). The file never holds a
//! key: an organisation whose key was not given back stays (it counts toward the organisationLimit) but can never be
//! signed for. The standalone `emulator` command does not use this: it has no keyring of its customers.

mod commits;
mod state_file;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::net::TcpListener;

pub use self::commits::{Commit, Committer};
pub use self::state_file::{STATE_VERSION, SavedState, StateFile, StateFileError};

use super::world::{RestoreSummary, World};
use super::{EmulatorConfig, EmulatorHandle, routes};
use crate::api::ids::OrganisationId;
use crate::api::redacted::SigningKey;

/// What a durable emulator starts from.
pub struct DurableStart {
    /// Its state file, which every change is committed to.
    pub file: StateFile,
    /// What the file held (see [`StateFile::load_or_set_aside`]); `None` starts an empty world.
    pub saved: Option<SavedState>,
    /// The customers' signing keys by organisation, as the OS keyring gave them back.
    pub keys: HashMap<OrganisationId, SigningKey>,
}

impl std::fmt::Debug for DurableStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DurableStart")
            .field("file", &self.file.path())
            .field("saved", &self.saved.is_some())
            .field("keys", &self.keys.len())
            .finish()
    }
}

/// Starts an emulator on loopback whose world is restored from `start` and committed to its file: on the saved port
/// when it is free, else on a free one (logged either way). Spawns on the current tokio runtime.
pub async fn start(config: EmulatorConfig, start: DurableStart) -> std::io::Result<EmulatorHandle> {
    let DurableStart { file, saved, keys } = start;
    let listener = bind_loopback(saved.as_ref().and_then(|saved| saved.port)).await?;
    let port = listener.local_addr()?.port();
    let application_key = config.application_key.clone();
    let identity = config.identity.clone();
    let rng = StdRng::from_os_rng();
    let restored = saved.is_some();
    let world = match saved {
        Some(saved) => {
            let (world, summary) = World::restore(config, rng, saved.world, &keys);
            log_restored(&file, summary);
            world
        }
        None => World::new(config, rng),
    };
    let committer = Arc::new(Committer::new(file, Some(port)));
    if restored && let Some(commit) = committer.take(&world) {
        // Records the port now in use, should it have changed.
        commit.write().await;
    }
    super::serve(listener, routes::AppState::new(world, identity).with_commits(committer), application_key)
}

/// Binds `127.0.0.1:<saved>` when a port was saved and is free, else `127.0.0.1:0`.
async fn bind_loopback(saved: Option<u16>) -> std::io::Result<TcpListener> {
    if let Some(port) = saved.filter(|port| *port != 0) {
        match TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await {
            Ok(listener) => {
                tracing::info!(port, "the local emulator listens on its saved port");
                return Ok(listener);
            }
            Err(error) => tracing::warn!(
                port, %error,
                "the local emulator's saved port is taken; it listens on a free port, so poll routes and consent pages \
                 opened before the restart do not reach it"
            ),
        }
    }
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
}

/// Logs what was restored; never a key.
fn log_restored(file: &StateFile, summary: RestoreSummary) {
    tracing::info!(
        path = %file.path().display(),
        organisations = summary.organisations,
        bank_accounts = summary.bank_accounts,
        links = summary.links,
        "the local emulator restored its state"
    );
    if summary.keyless > 0 {
        tracing::info!(
            organisations = summary.keyless,
            "organisations whose key the keyring no longer has stay, but can no longer be signed for"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_saved_port_is_used_when_free_and_another_when_taken() {
        let taken = bind_loopback(None).await.expect("a free port");
        let port = taken.local_addr().expect("bound").port();
        let elsewhere = bind_loopback(Some(port)).await.expect("falls back");
        assert_ne!(elsewhere.local_addr().expect("bound").port(), port);
        drop(taken);
        let again = bind_loopback(Some(port)).await.expect("the saved port");
        assert_eq!(again.local_addr().expect("bound").port(), port);
    }
}
