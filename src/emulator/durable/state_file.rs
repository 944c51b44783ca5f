//! The in-process emulator's state file, `<data dir>/emulator-<profile>.json`: the world's durable snapshot and the
//! port it listened on, versioned. Written atomically and readable by its owner only (through `store`); a file that
//! cannot be read, or of another version, is moved aside and the emulator starts empty. Holds no key or token (see
//! `world::snapshot`). Blocking I/O: the caller runs it off the async threads.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::Profile;
use crate::emulator::world::WorldSnapshot;
use crate::store;

/// The version of the state file's format this build reads and writes.
pub const STATE_VERSION: u32 = 1;

/// What a state file holds.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedState {
    /// The format's version.
    pub version: u32,
    /// The port the emulator listened on, tried first at the next start.
    pub port: Option<u16>,
    /// The world's durable part.
    pub world: WorldSnapshot,
}

/// A state file as written, borrowing the snapshot.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SavingState<'a> {
    version: u32,
    port: Option<u16>,
    world: &'a WorldSnapshot,
}

/// Why a state file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StateFileError {
    /// The file exists but could not be read.
    #[error("the emulator's state file {path} could not be read: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: std::io::Error,
    },
    /// The file is not a state this version understands.
    #[error("the emulator's state file {path} could not be understood ({detail})")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        detail: String,
    },
}

/// The state file of one profile's emulator in a data folder.
#[derive(Clone, Debug)]
pub struct StateFile {
    dir: PathBuf,
    file_name: String,
}

impl StateFile {
    /// The state file of the emulator with `profile` in `dir`: `emulator-<profile cli name>.json`.
    #[must_use]
    pub fn for_profile(dir: impl Into<PathBuf>, profile: Profile) -> Self {
        Self { dir: dir.into(), file_name: format!("emulator-{}.json", profile.cli_name()) }
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> PathBuf {
        self.dir.join(&self.file_name)
    }

    /// The saved state; `None` when there is no file yet.
    pub fn load(&self) -> Result<Option<SavedState>, StateFileError> {
        let path = self.path();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(cause) => return Err(StateFileError::Io { path, cause }),
        };
        let version = serde_json::from_slice::<Version>(&bytes)
            .map_err(|error| StateFileError::Unreadable { path: path.clone(), detail: error.to_string() })?
            .version;
        if version != STATE_VERSION {
            let detail = format!("version {version} where {STATE_VERSION} was expected");
            return Err(StateFileError::Unreadable { path, detail });
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|error| StateFileError::Unreadable { path, detail: error.to_string() })
    }

    /// The saved state, or `None` when there is none or it could not be read; an unreadable file is moved aside
    /// (`<name>.unreadable-<now_seconds>`) and where it went logged at warn, so that the next write keeps it.
    #[must_use]
    pub fn load_or_set_aside(&self, now_seconds: i64) -> Option<SavedState> {
        match self.load() {
            Ok(saved) => saved,
            Err(error) => {
                match store::set_aside(&self.dir, &self.file_name, now_seconds) {
                    Ok(aside) => tracing::warn!(
                        %error, aside = %aside.display(),
                        "the emulator starts empty; its unreadable state file was moved aside"
                    ),
                    Err(cause) => tracing::warn!(
                        %error, %cause,
                        "the emulator starts empty; its unreadable state file could not be moved aside"
                    ),
                }
                None
            }
        }
    }

    /// Replaces the file with `bytes` atomically (owner-only on unix).
    pub fn write(&self, bytes: &[u8]) -> std::io::Result<()> {
        store::write_atomically(&self.dir, &self.file_name, bytes)
    }

    /// Removes the temporary files a write killed halfway left beside the file (`.<name>.<pid>.<n>.tmp`); returns
    /// how many went. Call it at start, before the first write.
    pub fn remove_leftover_temporaries(&self) -> std::io::Result<usize> {
        store::remove_leftover_temporaries(&self.dir, &self.file_name)
    }
}

/// Only the version, read first so that another version is reported as such.
#[derive(Deserialize)]
struct Version {
    version: u32,
}

/// The bytes of a state file holding `world` and `port`.
pub fn encode(port: Option<u16>, world: &WorldSnapshot) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&SavingState { version: STATE_VERSION, port, world })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &std::path::Path) -> StateFile {
        StateFile::for_profile(dir, Profile::PreProduction)
    }

    #[test]
    fn a_written_state_loads_with_its_port() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = file(dir.path());
        assert!(state.path().ends_with("emulator-preprod.json"), "{}", state.path().display());
        assert!(state.load().expect("no file is fine").is_none());
        state.write(&encode(Some(41_234), &WorldSnapshot::default()).expect("encodes")).expect("writes");
        let saved = state.load().expect("reads").expect("saved");
        assert_eq!((saved.version, saved.port), (STATE_VERSION, Some(41_234)));
    }

    #[test]
    fn a_damaged_or_other_version_file_is_moved_aside_and_kept() {
        for text in ["{ not json", r#"{"version": 2, "port": 1, "world": {}}"#] {
            let dir = tempfile::tempdir().expect("temp dir");
            let state = file(dir.path());
            std::fs::write(state.path(), text).expect("writes");
            assert!(state.load().is_err(), "{text}");
            assert!(state.load_or_set_aside(1_700_000_000).is_none());
            assert!(!state.path().exists(), "moved away");
            let aside = dir.path().join("emulator-preprod.json.unreadable-1700000000");
            assert_eq!(std::fs::read_to_string(aside).expect("kept"), text);
        }
    }
}
