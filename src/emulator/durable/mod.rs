//! The in-process emulator that behaves like a real server that commits its data: it starts from its state file
//! (`state_file`), with the customers' keys given back by the caller from the OS keyring, listens on the port it had
//! when it can, and writes every change of its durable world before answering it (`commits`); a change it cannot write
//! is undone and answered 503 `stateNotSaved` (`routes`). At start it removes the temporary files a write killed
//! halfway left behind. The file never holds a key: an organisation whose key was not given back stays (it counts
//! toward the organisationLimit) but can never be signed for. The standalone `emulator` command does not use this:
//! it has no keyring of its customers, so after a restart every organisation it saved could never be signed for.

mod commits;
mod state_file;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::net::TcpListener;

pub use self::commits::{Commit, CommitError, Committer};
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
    remove_leftover_temporaries(&file).await;
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
    if restored {
        // Records the port now in use, should it have changed; the world itself is what the file already holds.
        let recorded = match committer.take(&world) {
            Ok(Some(commit)) => commit.write().await,
            Ok(None) => Ok(()),
            Err(error) => Err(error),
        };
        if let Err(error) = recorded {
            committer.forget_failed();
            let path = committer.file().path();
            tracing::warn!(path = %path.display(), %error, "the local emulator's port was not saved");
        }
    }
    super::serve(listener, routes::AppState::new(world, identity).with_commits(committer), application_key)
}

/// Removes what writes killed halfway left beside the state file (off the async threads), logging how many went; a
/// folder that cannot be listed is only logged: the emulator starts anyway.
async fn remove_leftover_temporaries(file: &StateFile) {
    let listing = file.clone();
    match tokio::task::spawn_blocking(move || listing.remove_leftover_temporaries()).await {
        Ok(Ok(0)) => {
            tracing::debug!(path = %file.path().display(), "no temporary file was left by an interrupted save");
        }
        Ok(Ok(removed)) => tracing::info!(
            removed, path = %file.path().display(),
            "the local emulator removed the temporary files left by interrupted saves"
        ),
        Ok(Err(error)) => tracing::warn!(
            %error, path = %file.path().display(),
            "the local emulator could not remove the temporary files left by interrupted saves"
        ),
        Err(error) => tracing::warn!(%error, "removing the local emulator's leftover temporary files stopped"),
    }
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
mod tests;
