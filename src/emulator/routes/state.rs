//! What every handler shares (`AppState`): the world behind its lock, the identity served, whether the admin API is
//! served, and where changes are committed. A change is run under the lock; in a durable emulator it is committed
//! before it is answered, and one that cannot be committed is undone (the world comes back to its checkpoint) and
//! answered 503 `stateNotSaved`. Each request there takes its turn, from its change to the end of its commit, so that
//! nothing is read or done on a change that may be taken back.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::api::{Fault, FaultEndpoint};
use crate::config::AppIdentity;
use crate::emulator::durable::Committer;
use crate::emulator::refusal::Refusal;
use crate::emulator::world::World;

/// What every handler shares: the world behind its lock, the identity it serves, whether the admin API is served
/// and where changes are committed (none: the world lives in memory only).
#[derive(Clone)]
pub struct AppState {
    world: Arc<Mutex<World>>,
    pub(super) identity: Arc<AppIdentity>,
    pub(super) admin: bool,
    commits: Option<Arc<Committer>>,
}

impl AppState {
    /// State serving `world` for the product and provider of `identity`.
    #[must_use]
    pub fn new(world: World, identity: AppIdentity) -> Self {
        let world = Arc::new(Mutex::new(world));
        Self { world, identity: Arc::new(identity), admin: false, commits: None }
    }

    /// The same state, committing every change of the world's durable part to `committer` before answering.
    #[must_use]
    pub fn with_commits(self, committer: Arc<Committer>) -> Self {
        Self { commits: Some(committer), ..self }
    }

    /// The same state, serving the admin endpoint (`/emulator/admin/…`) when `admin` is true: for a loopback
    /// emulator only.
    #[must_use]
    pub fn with_admin(self, admin: bool) -> Self {
        Self { admin, ..self }
    }

    /// The world, locked. A handler that panicked leaves it usable: the emulator keeps serving.
    fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The world for a request that changes nothing durable: locked, and in a durable emulator only once the change
    /// being committed is on disk or undone, so that nothing is read or done on a change that may be taken back.
    pub(super) async fn world(&self) -> Turn<'_> {
        let turn = match &self.commits {
            Some(commits) => Some(commits.turn().await),
            None => None,
        };
        Turn { world: self.lock(), _turn: turn }
    }

    /// The scenario's fault for a request to `endpoint`, spending one of its `times`; `None` when none is in force
    /// for it.
    pub(in crate::emulator) async fn take_fault(&self, endpoint: FaultEndpoint) -> Option<Fault> {
        self.world().await.take_fault(endpoint)
    }

    /// Runs `change` on the locked world. In a durable emulator, when it changed the durable part, takes the snapshot
    /// under the lock and writes it after releasing the lock, before the result is returned to be answered; if that
    /// fails, the world comes back to where it was before `change` (nothing of the request is left) and the answer
    /// is 503 `stateNotSaved`. The request keeps its turn until then.
    pub(super) async fn change<T>(&self, change: impl FnOnce(&mut World) -> T) -> Result<T, Refusal> {
        let Some(commits) = &self.commits else {
            return Ok(change(&mut self.lock()));
        };
        let _turn = commits.turn().await;
        let (result, checkpoint, commit) = {
            let mut world = self.lock();
            let checkpoint = world.checkpoint();
            let result = change(&mut world);
            (result, checkpoint, commits.take(&world))
        };
        let saved = match commit {
            Ok(Some(commit)) => commit.write().await,
            Ok(None) => Ok(()),
            Err(error) => Err(error),
        };
        match saved {
            Ok(()) => Ok(result),
            Err(error) => {
                self.lock().roll_back(checkpoint);
                commits.forget_failed();
                tracing::warn!(
                    path = %commits.file().path().display(), %error,
                    "the emulator could not save a change, so it undid it and answered 503 stateNotSaved"
                );
                Err(Refusal::state_not_saved())
            }
        }
    }
}

/// The world locked for one request, holding the request's turn in a durable emulator.
pub(super) struct Turn<'a> {
    world: MutexGuard<'a, World>,
    _turn: Option<tokio::sync::MutexGuard<'a, ()>>,
}

impl Deref for Turn<'_> {
    type Target = World;

    fn deref(&self) -> &World {
        &self.world
    }
}

impl DerefMut for Turn<'_> {
    fn deref_mut(&mut self) -> &mut World {
        &mut self.world
    }
}
