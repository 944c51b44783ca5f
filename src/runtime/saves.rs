//! Progress saves, one at a time and in order, and the check that comes before anything that changes the Banking
//! Service: [`Saver::durable`] writes what the wizard last asked to save and waits until it is on disk (written,
//! `fsync`ed, renamed), so no server action is sent that a restart would not know about, nor while the disk
//! refuses. A save that fails stops that action
//! before its request, with the folder and the cause; the progress stays in memory and is written when the disk works
//! again.

use std::sync::Arc;

use tokio::sync::watch;

use crate::store::{ProgressStore, SaveProblem, StoreError};
use crate::wizard::Progress;
use crate::wizard::ProgressProblem;

/// How long a request waits for its save before it is refused (a hung network or USB disk).
const DISK_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// The latest progress asked for, numbered: a higher number is newer.
#[derive(Clone, Debug, Default)]
struct Queued {
    generation: u64,
    progress: Option<Progress>,
}

/// The outcome of the newest save written (generation 0: none yet).
#[derive(Clone, Debug)]
struct Written {
    generation: u64,
    result: Result<(), SaveProblem>,
}

/// Saves progress in the background, keeping only the newest when saves come faster than the disk.
pub(super) struct Saver {
    store: ProgressStore,
    queued: watch::Sender<Queued>,
    written: watch::Sender<Written>,
}

impl Saver {
    /// A saver for `store`; nothing is written until [`Saver::run`] runs.
    pub(super) fn new(store: ProgressStore) -> Arc<Self> {
        Arc::new(Self {
            store,
            queued: watch::Sender::new(Queued::default()),
            written: watch::Sender::new(Written { generation: 0, result: Ok(()) }),
        })
    }

    /// Asks for `progress` to be saved; returns at once.
    pub(super) fn queue(&self, progress: Progress) {
        self.queued.send_modify(|queued| {
            queued.generation += 1;
            queued.progress = Some(progress);
        });
    }

    /// Writes what is queued, in order, until the runtime stops. Only a change of outcome is `told` (the runtime
    /// answers `Answer::ProgressSaved`): a save that works like the one before changes nothing on screen, and an
    /// answer would draw a frame for nothing.
    pub(super) async fn run<Fut: Future<Output = ()>>(
        self: Arc<Self>,
        told: impl Fn(Result<(), ProgressProblem>) -> Fut,
    ) {
        let mut queued = self.queued.subscribe();
        // Whatever was asked for before this loop started is written too.
        queued.mark_changed();
        let mut last: Option<Result<(), SaveProblem>> = None;
        while queued.changed().await.is_ok() {
            let Queued { generation, progress } = queued.borrow_and_update().clone();
            let Some(progress) = progress else { continue };
            let result = self.write(progress).await;
            if let Err(problem) = &result {
                tracing::warn!(%problem, "progress not saved");
            }
            self.written.send_replace(Written { generation, result: result.clone() });
            if last.as_ref() != Some(&result) {
                last = Some(result.clone());
                told(result.map_err(ProgressProblem::NotSaved)).await;
            }
        }
    }

    async fn write(&self, progress: Progress) -> Result<(), SaveProblem> {
        let store = self.store.clone();
        let folder = self.store.dir().to_path_buf();
        match tokio::task::spawn_blocking(move || store.save(&progress)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(StoreError::Io { cause, .. })) => Err(SaveProblem::from_io(folder, &cause)),
            Ok(Err(error @ StoreError::Unreadable { .. })) => {
                Err(SaveProblem::from_io(folder, &std::io::Error::other(error.to_string())))
            }
            Err(join) => Err(SaveProblem::from_io(folder, &std::io::Error::other(join.to_string()))),
        }
    }

    /// Writes the newest progress asked for once more and waits until the disk has it: so the request that follows
    /// is sent only when the disk works now, with the latest of what the wizard knows on it (several callers at once
    /// share one write). With nothing asked for yet there is nothing to keep.
    pub(super) async fn durable(&self) -> Result<(), SaveProblem> {
        let mut wanted = None;
        self.queued.send_if_modified(|queued| {
            if queued.progress.is_some() {
                queued.generation += 1;
                wanted = Some(queued.generation);
            }
            wanted.is_some()
        });
        let Some(wanted) = wanted else { return Ok(()) };
        let mut outcomes = self.written.subscribe();
        let written = tokio::time::timeout(DISK_PATIENCE, outcomes.wait_for(|written| written.generation >= wanted));
        match written.await {
            Ok(Ok(written)) => written.result.clone(),
            // Cannot happen while `self` (which holds the sender) lives; said as a failure all the same.
            Ok(Err(_)) => Err(self.problem("the app is closing")),
            Err(_) => Err(self.problem(&format!("the disk did not answer within {} seconds", DISK_PATIENCE.as_secs()))),
        }
    }

    fn problem(&self, detail: &str) -> SaveProblem {
        SaveProblem::from_io(self.store.dir(), &std::io::Error::other(detail))
    }
}

#[cfg(test)]
mod tests;
