//! `Effect::StartAt`: the demo reset as Reset demo does it, then the seed's world built by `crate::seeds` on a thread
//! of its own, while this runtime holds its connection so that no emulator of its own starts on the same data folder
//! meanwhile. A walk that stops early is reset again, so no half-built world or orphaned key is left.

use crate::secrets::KeySlot;
use crate::seeds::{self, SeedParts};
use crate::wizard::{Progress, Seed, StartAtProblem};

use super::Shared;
use super::connect::{secrets, stop_emulator};
use super::demo::reset_demo;

/// Resets the demo (`keys` are the local organisations' slots the progress knows), builds `seed` from `from`, and
/// returns the progress its walk ended with.
pub(super) async fn start_at(
    shared: &Shared,
    seed: Seed,
    keys: Vec<KeySlot>,
    from: Progress,
) -> Result<Progress, StartAtProblem> {
    let Some(data_dir) = shared.data_dir.clone() else { return Err(StartAtProblem::NoDataFolder) };
    reset_demo(shared, keys).await.map_err(StartAtProblem::NotReset)?;
    // The app's last save lands before the walk writes its own progress, never after.
    if let Some(saver) = &shared.saver {
        saver.durable().await.map_err(|problem| StartAtProblem::NotBuilt {
            detail: format!("the progress could not be saved before the walk: {problem}"),
        })?;
    }
    let store = secrets(shared).await.map_err(|problem| StartAtProblem::NotBuilt {
        detail: format!("the keyring could not be opened for the walk: {problem}"),
    })?;
    let mut live = shared.live.lock().await;
    live.client = None;
    if let Some(running) = live.emulator.take() {
        stop_emulator(running.handle).await;
    }
    let parts = SeedParts { secrets: store, data_dir, emulator: shared.emulator_template.clone(), clock: shared.clock };
    let (sent, built) = tokio::sync::oneshot::channel();
    let walking = std::thread::Builder::new().name("bankfeeds-seed".into()).spawn(move || {
        // The receiver is gone only when the app closed meanwhile: nobody waits for the answer.
        sent.send(seeds::build(seed, from, &parts)).ok();
    });
    let result = match walking {
        Ok(_) => built.await.unwrap_or_else(|_| {
            Err(StartAtProblem::NotBuilt { detail: "the walk that builds the seed stopped unexpectedly".to_owned() })
        }),
        Err(error) => Err(StartAtProblem::NotBuilt { detail: format!("the walk's thread did not start ({error})") }),
    };
    drop(live);
    if result.is_err()
        && let Err(problem) = reset_demo(shared, Vec::new()).await
    {
        tracing::warn!(?problem, "the half-built seed could not be reset");
    }
    match &result {
        Ok(_) => tracing::info!(seed = seed.cli_name(), "demo set up at a step"),
        Err(problem) => tracing::warn!(seed = seed.cli_name(), ?problem, "demo not set up at a step"),
    }
    result
}
