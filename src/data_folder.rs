//! The data folder at start: one copy of the app per folder, and a folder that works before the first screen.
//! [`DataFolder::take`] checks that the folder is a folder, takes an exclusive lock on its `.lock` file (held as long
//! as the returned value lives; the kernel drops it when the process dies, even by `kill -9`), writes, flushes and
//! removes a small probe file, and removes what a killed writer of the progress file left. A folder another copy
//! holds is reported before anything in it is created, written or removed. Must not import egui, tokio or keyring.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use crate::store::{self, SaveCause};

/// The lock file's name in the data folder. Created when missing, never truncated and never deleted: its content
/// does not matter, only who holds its lock.
pub const LOCK_FILE: &str = ".lock";

/// The exit code of a start refused because another copy holds the data folder.
pub const IN_USE_EXIT_CODE: u8 = 3;

/// What the probe file holds: enough bytes to need a block on disk.
const PROBE_BYTES: &[u8] = &[0x5a; 4096];

/// A data folder this process holds: no other copy of the app can take it until this value is dropped.
#[derive(Debug)]
pub struct DataFolder {
    path: PathBuf,
    /// Held for its lock only.
    _lock: File,
}

/// Why a data folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DataFolderError {
    /// Another copy of the app holds the folder.
    #[error(
        "another copy of bankfeeds-onboard is already open on the data folder {folder}: switch to that copy, or close \
         it first and start again (or choose another folder with --data-dir)"
    )]
    InUse {
        /// The folder.
        folder: PathBuf,
    },
    /// The folder cannot be created, locked or written.
    #[error("the data folder {folder} cannot be used: {problem} ({cause}); {}", problem.way_on())]
    Unusable {
        /// The folder.
        folder: PathBuf,
        /// What is wrong, in words.
        problem: SaveCause,
        /// What the system said.
        cause: std::io::Error,
    },
}

impl DataFolderError {
    /// The folder concerned.
    #[must_use]
    pub fn folder(&self) -> &Path {
        match self {
            Self::InUse { folder } | Self::Unusable { folder, .. } => folder,
        }
    }

    /// True when another copy holds the folder (trying again cannot help until it is closed).
    #[must_use]
    pub fn is_in_use(&self) -> bool {
        matches!(self, Self::InUse { .. })
    }
}

impl DataFolder {
    /// Takes `folder` for this process: created when missing, locked, probed, cleared of the progress file's
    /// leftover temporary files. A folder another copy holds is reported as [`DataFolderError::InUse`] having touched
    /// nothing in it (its lock file is only opened to be tried).
    pub fn take(folder: &Path) -> Result<Self, DataFolderError> {
        let unusable = |cause: std::io::Error| DataFolderError::Unusable {
            folder: folder.to_path_buf(),
            problem: SaveCause::of(&cause),
            cause,
        };
        match std::fs::metadata(folder) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => return Err(unusable(std::io::Error::from(ErrorKind::NotADirectory))),
            Err(error) if error.kind() == ErrorKind::NotFound => std::fs::create_dir_all(folder).map_err(unusable)?,
            Err(error) => return Err(unusable(error)),
        }
        let lock = open_lock_file(&folder.join(LOCK_FILE)).map_err(unusable)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(DataFolderError::InUse { folder: folder.to_path_buf() }),
            Err(TryLockError::Error(error)) => return Err(unusable(error)),
        }
        probe(folder).map_err(unusable)?;
        match store::remove_leftover_temporaries(folder, store::PROGRESS_FILE) {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "temporary files a stopped copy left were removed"),
            Err(error) => return Err(unusable(error)),
        }
        Ok(Self { path: folder.to_path_buf(), _lock: lock })
    }

    /// The folder.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The lock file, opened read-only when it exists (so a refused start changes nothing), else created.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    match File::open(path) {
        Ok(file) => Ok(file),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)
        }
        Err(error) => Err(error),
    }
}

/// Writes a probe file, flushes it to disk and removes it: a full disk or a read-only folder shows here.
fn probe(folder: &Path) -> std::io::Result<()> {
    let path = folder.join(format!(".probe-{}", std::process::id()));
    let written = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .and_then(|mut file| file.write_all(PROBE_BYTES).and_then(|()| file.sync_all()));
    let removed = std::fs::remove_file(&path);
    match (written, removed) {
        (Err(error), _) => Err(error),
        (Ok(()), Err(error)) if error.kind() != ErrorKind::NotFound => Err(error),
        (Ok(()), _) => Ok(()),
    }
}

#[cfg(test)]
mod tests;
