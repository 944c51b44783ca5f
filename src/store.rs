//! The progress file: saved progress (never a secret) as JSON in the platform's data directory, written atomically
//! (a temporary file in the same folder, flushed, then renamed over the old one) so a crash never leaves half a file.
//! [`write_atomically`] and [`set_aside`] are shared with the emulator's state file.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::wizard::{PROGRESS_VERSION, Progress};

mod problem;

pub use problem::{SaveCause, SaveProblem};

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
        let text = serde_json::to_vec_pretty(progress)
            .map_err(|e| StoreError::Unreadable { path: path.clone(), detail: e.to_string() })?;
        write_atomically(&self.dir, PROGRESS_FILE, &text).map_err(|cause| StoreError::Io {
            path,
            action: "written",
            cause,
        })
    }
}

impl ProgressStore {
    /// Moves an unreadable progress file aside (`progress.json.unreadable-<seconds>`), so that saving anew never
    /// destroys what it held; returns where it went.
    pub fn set_aside(&self, now_seconds: i64) -> Result<PathBuf, StoreError> {
        set_aside(&self.dir, PROGRESS_FILE, now_seconds).map_err(|cause| StoreError::Io {
            path: self.path(),
            action: "moved aside",
            cause,
        })
    }
}

/// Replaces `dir/file_name` with `bytes` atomically: creates `dir` when missing, writes a temporary file in the same
/// folder (readable by its owner only on unix), flushes it to disk, then renames it over the old file, so a crash or
/// a kill leaves either the old file or the new one, never half of one.
pub fn write_atomically(dir: &Path, file_name: &str, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let serial = WRITES.fetch_add(1, Ordering::Relaxed);
    let temporary = dir.join(format!(".{file_name}.{}.{serial}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = owner_only().open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, dir.join(file_name))?;
        sync_folder(dir)
    };
    write().inspect_err(|_| {
        // The temporary file is ours; failing to remove it leaves only a stray temporary file behind.
        if std::fs::remove_file(&temporary).is_err() {
            tracing::debug!("no temporary file to remove");
        }
    })
}

/// Flushes a folder's entries to disk, so a rename in it survives a power cut (unix; elsewhere the rename is
/// already durable or cannot be made so).
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Removes the temporary files that [`write_atomically`] left in `dir` for `file_name` when a process was killed
/// mid-write (`.<file_name>.<pid>.<serial>.tmp`); returns how many went. Call it at start, while holding the data
/// folder: no other writer can be mid-write then.
pub fn remove_leftover_temporaries(dir: &Path, file_name: &str) -> std::io::Result<usize> {
    let prefix = format!(".{file_name}.");
    let mut removed = 0;
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name.strip_prefix(&prefix).and_then(|rest| rest.strip_suffix(".tmp")).is_some();
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Why [`write_under_free_name`] wrote nothing.
#[derive(Debug)]
pub enum FreeNameError {
    /// Every name tried was taken.
    NoFreeName,
    /// A name could not be claimed.
    Claim {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The claimed name could not be written.
    Write {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// Writes `bytes` into `dir` under the first of `name(1)`, `name(2)`, … `name(tries)` that no file had yet, never
/// overwriting one: the name is claimed first as an empty owner-only file (so no other writer takes it), then
/// written atomically. Returns where.
pub fn write_under_free_name(
    dir: &Path,
    tries: u32,
    name: impl Fn(u32) -> String,
    bytes: &[u8],
) -> Result<PathBuf, FreeNameError> {
    let (path, file_name) = claim_free_name(dir, tries, name)?;
    write_atomically(dir, &file_name, bytes).map_err(|source| {
        // The claimed name is still an empty file of ours; failing to remove it leaves only that empty file behind.
        if std::fs::remove_file(&path).is_err() {
            tracing::debug!("a claimed file name could not be freed");
        }
        FreeNameError::Write { path: path.clone(), source }
    })?;
    Ok(path)
}

fn claim_free_name(dir: &Path, tries: u32, name: impl Fn(u32) -> String) -> Result<(PathBuf, String), FreeNameError> {
    for number in 1..=tries {
        let file_name = name(number);
        let path = dir.join(&file_name);
        let mut options = owner_only();
        options.create_new(true);
        match options.open(&path) {
            Ok(_) => return Ok((path, file_name)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(FreeNameError::Claim { path, source }),
        }
    }
    Err(FreeNameError::NoFreeName)
}

/// Moves `dir/file_name` aside as `<file_name>.unreadable-<now_seconds>`, so that writing anew never destroys what
/// it held; returns where it went.
pub fn set_aside(dir: &Path, file_name: &str, now_seconds: i64) -> std::io::Result<PathBuf> {
    let aside = dir.join(format!("{file_name}.unreadable-{now_seconds}"));
    std::fs::rename(dir.join(file_name), &aside)?;
    Ok(aside)
}

/// Options that create a new file (truncating an old one), readable and writable by its owner only on unix.
fn owner_only() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
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
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(store.path()).expect("metadata").permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "readable by its owner only");
        }
    }

    #[test]
    fn leftover_temporaries_of_one_file_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(".progress.json.4242.7.tmp"), "half").expect("writes");
        std::fs::write(dir.path().join(".progress.json.99.0.tmp"), "half").expect("writes");
        std::fs::write(dir.path().join(".emulator-qa.json.1.0.tmp"), "other file's").expect("writes");
        std::fs::write(dir.path().join("progress.json"), "{}").expect("writes");
        assert_eq!(remove_leftover_temporaries(dir.path(), PROGRESS_FILE).expect("removes"), 2);
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("lists")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".emulator-qa.json.1.0.tmp", "progress.json"]);
        assert_eq!(remove_leftover_temporaries(&dir.path().join("absent"), PROGRESS_FILE).expect("none"), 0);
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
