//! `Effect::ResetDemo`: the local emulator forgets everything. The in-process emulator is stopped (so nothing commits
//! after); its saved states are read for the organisations they name and deleted first (so a keyring failure later
//! leaves no world whose keys are gone), then those organisations' keys and the keys the progress knows are deleted
//! from the keyring. The next connection starts a fresh emulator. Other environments are not touched.

use std::collections::BTreeSet;

use crate::config::{Environment, Profile};
use crate::emulator::durable::StateFile;
use crate::secrets::{KeySlot, KeyringProblem};
use crate::wizard::{DemoCleared, DemoResetProblem};

use super::Shared;
use super::connect::{blocking, secrets, stop_emulator};

/// Every profile a local emulator can run with.
const PROFILES: [Profile; 3] = [Profile::Qa, Profile::PreProduction, Profile::Production];

/// Resets the demo; `keys` are the local organisations' slots the progress knows.
pub(super) async fn reset_demo(shared: &Shared, keys: Vec<KeySlot>) -> Result<DemoCleared, DemoResetProblem> {
    let running = {
        let mut live = shared.live.lock().await;
        live.client = None;
        live.emulator.take()
    };
    shared.tokens.clear().await;
    if let Some(running) = running {
        stop_emulator(running.handle).await;
    }
    let files: Vec<StateFile> = match &shared.data_dir {
        Some(dir) => PROFILES.iter().map(|profile| StateFile::for_profile(dir.clone(), *profile)).collect(),
        None => Vec::new(),
    };
    let mut slots: BTreeSet<(String, String)> = keys.into_iter().map(|slot| (slot.service, slot.account)).collect();
    for (file, profile) in files.iter().zip(PROFILES) {
        match file.load() {
            Ok(Some(state)) => {
                for organisation in state.world.organisations() {
                    let slot = KeySlot::customer(&Environment::Local(profile), organisation);
                    slots.insert((slot.service, slot.account));
                }
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "a saved emulator state could not be read; its keys stay"),
        }
    }
    let mut state_files = 0;
    for file in files {
        let path = file.path();
        match tokio::task::spawn_blocking(move || std::fs::remove_file(&path)).await {
            Ok(Ok(())) => state_files += 1,
            Ok(Err(error)) if error.kind() == std::io::ErrorKind::NotFound => {}
            Ok(Err(error)) => {
                return Err(DemoResetProblem::StateNotDeleted { path: file.path(), detail: error.to_string() });
            }
            Err(join) => return Err(DemoResetProblem::Stopped { detail: join.to_string() }),
        }
    }
    let store = secrets(shared).await.map_err(DemoResetProblem::KeyringUnavailable)?;
    let mut keys_deleted = 0;
    for (service, account) in slots {
        let slot = KeySlot { service, account };
        match blocking(&store, move |store| store.delete(&slot)).await {
            Ok(()) => keys_deleted += 1,
            Err(KeyringProblem::Missing) => {}
            Err(problem) => return Err(DemoResetProblem::KeyNotDeleted(problem)),
        }
    }
    tracing::info!(keys_deleted, state_files, "demo reset");
    Ok(DemoCleared { state_files, keys: keys_deleted, organisations: 0 })
}
