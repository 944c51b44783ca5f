//! The progress file: saved progress (never a secret) as JSON in the platform's data directory, written atomically
//! (a temporary file in the same folder, flushed, then renamed over the old one) so a crash never leaves half a file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::wizard::{PROGRESS_VERSION, Progress};

/// Counts writes, so two writers (the saver and the exit flush) never share a temporary file.
static WRITES: AtomicU64 = AtomicU64::new(0);

/// The progress file's name inside the data directory.
pub const PROGRESS_FILE: &str = "progress.json";

/// Why progress could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file or its folder could not be read or written.
    #[error("the progress file {path} could not be {action}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// "read", "written" or "created".
        action: &'static str,
        /// The cause.
        cause: std::io::Error,
    },
    /// The file is not progress this version understands.
    #[error("the progress file {path} could not be understood ({detail})")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
}

/// Reads and writes the progress file in one folder.
#[derive(Clone, Debug)]
pub struct ProgressStore {
    dir: PathBuf,
}

impl ProgressStore {
    /// A store in `dir` (created on first save).
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The platform's data directory for this app (`~/.local/share/bankfeeds-onboard` on Linux), or
    /// `$BANKFEEDS_DATA_DIR` when set.
    #[must_use]
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("BANKFEEDS_DATA_DIR") {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "bankfeeds-onboard").map(|dirs| dirs.data_dir().to_path_buf())
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> PathBuf {
        self.dir.join(PROGRESS_FILE)
    }

    /// The saved progress; `None` when nothing was saved yet.
    pub fn load(&self) -> Result<Option<Progress>, StoreError> {
        let path = self.path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(cause) => return Err(StoreError::Io { path, action: "read", cause }),
        };
        let progress: Progress = serde_json::from_str(&text)
            .map_err(|e| StoreError::Unreadable { path: path.clone(), detail: e.to_string() })?;
        if progress.version != PROGRESS_VERSION {
            let detail = format!("version {} where {PROGRESS_VERSION} was expected", progress.version);
            return Err(StoreError::Unreadable { path, detail });
        }
        Ok(Some(progress))
    }

    /// Saves `progress`, replacing the file atomically.
    pub fn save(&self, progress: &Progress) -> Result<(), StoreError> {
        let path = self.path();
        std::fs::create_dir_all(&self.dir).map_err(|cause| StoreError::Io {
            path: self.dir.clone(),
            action: "created",
            cause,
        })?;
        let text = serde_json::to_vec_pretty(progress)
            .map_err(|e| StoreError::Unreadable { path: path.clone(), detail: e.to_string() })?;
        let serial = WRITES.fetch_add(1, Ordering::Relaxed);
        let temporary = self.dir.join(format!(".{PROGRESS_FILE}.{}.{serial}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(&text)?;
            file.sync_all()?;
            std::fs::rename(&temporary, &path)
        };
        write().map_err(|cause| {
            // The temporary file is ours; failing to remove it leaves only a stray temporary file behind.
            if std::fs::remove_file(&temporary).is_err() {
                tracing::debug!("no temporary progress file to remove");
            }
            StoreError::Io { path: path.clone(), action: "written", cause }
        })
    }
}

impl ProgressStore {
    /// Moves an unreadable progress file aside (`progress.json.unreadable-<seconds>`), so that saving anew never
    /// destroys what it held; returns where it went.
    pub fn set_aside(&self, now_seconds: i64) -> Result<PathBuf, StoreError> {
        let path = self.path();
        let aside = self.dir.join(format!("{PROGRESS_FILE}.unreadable-{now_seconds}"));
        std::fs::rename(&path, &aside).map_err(|cause| StoreError::Io { path, action: "moved aside", cause })?;
        Ok(aside)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::Wizard;

    #[test]
    fn saves_and_loads_progress_atomically() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ProgressStore::new(dir.path().join("nested"));
        assert!(store.load().expect("empty is fine").is_none());
        let mut progress = Wizard::new().progress();
        progress.organisation.company_name = "Acme".into();
        store.save(&progress).expect("saves");
        store.save(&progress).expect("saves over");
        assert_eq!(store.load().expect("loads"), Some(progress));
        let leftovers: Vec<_> = std::fs::read_dir(store.dir()).expect("lists").collect();
        assert_eq!(leftovers.len(), 1, "only the progress file remains");
    }

    #[test]
    fn a_damaged_file_is_reported_not_overwritten_on_load() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = ProgressStore::new(dir.path());
        std::fs::write(store.path(), "{ not json").expect("writes");
        let error = store.load().expect_err("damaged");
        assert!(error.to_string().contains("could not be understood"));
        assert_eq!(std::fs::read_to_string(store.path()).expect("reads"), "{ not json");
        let aside = store.set_aside(1_700_000_000).expect("moved aside");
        assert_eq!(std::fs::read_to_string(&aside).expect("kept"), "{ not json");
        assert!(store.load().expect("nothing saved now").is_none());
    }
}
