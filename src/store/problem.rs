//! What kept something from the data folder, as a person can act on it: the folder, what was wrong with it (full,
//! read-only, not a folder) and the way on. Pure data: the wizard holds it, the start-up check and the UI word it.

use std::io::ErrorKind;
use std::path::PathBuf;

/// A save that did not reach the disk.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nothing could be saved in {}: {cause} ({detail})", folder.display())]
pub struct SaveProblem {
    /// The data folder.
    pub folder: PathBuf,
    /// What was wrong.
    pub cause: SaveCause,
    /// What the system said.
    pub detail: String,
}

/// What is wrong with a data folder that cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveCause {
    /// The disk (or the user's quota) is full.
    #[error("the disk is full")]
    Full,
    /// The folder, or the disk it is on, cannot be written by this user.
    #[error("it is read-only for this user")]
    ReadOnly,
    /// The path, or a folder on it, is a file.
    #[error("it, or a folder on its path, is a file")]
    NotAFolder,
    /// Anything else the system refused.
    #[error("the system refused")]
    Other,
}

impl SaveCause {
    /// The kind of problem `error` shows.
    #[must_use]
    pub fn of(error: &std::io::Error) -> Self {
        match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Self::Full,
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => Self::ReadOnly,
            // `create_dir_all` through a file answers "already exists".
            ErrorKind::NotADirectory | ErrorKind::AlreadyExists => Self::NotAFolder,
            _ => Self::Other,
        }
    }

    /// What to do about it.
    #[must_use]
    pub fn way_on(self) -> &'static str {
        match self {
            Self::Full => "free some space on that disk, or choose a folder on another disk with --data-dir",
            Self::ReadOnly => {
                "make the folder writable for this user, or choose a folder you can write to with --data-dir"
            }
            Self::NotAFolder => "move that file away, or choose a folder with --data-dir",
            Self::Other => "check the folder and the disk, or choose another folder with --data-dir",
        }
    }
}

impl SaveProblem {
    /// Classifies an I/O error met while saving in `folder`.
    #[must_use]
    pub fn from_io(folder: impl Into<PathBuf>, error: &std::io::Error) -> Self {
        Self { folder: folder.into(), cause: SaveCause::of(error), detail: error.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Linux's error numbers.
    #[cfg(target_os = "linux")]
    #[test]
    fn io_errors_are_told_by_what_a_person_can_do_about_them() {
        let cases = [
            (28, SaveCause::Full),       // ENOSPC
            (122, SaveCause::Full),      // EDQUOT
            (30, SaveCause::ReadOnly),   // EROFS
            (13, SaveCause::ReadOnly),   // EACCES
            (20, SaveCause::NotAFolder), // ENOTDIR
            (17, SaveCause::NotAFolder), // EEXIST, from create_dir_all through a file
            (5, SaveCause::Other),       // EIO
        ];
        for (code, cause) in cases {
            assert_eq!(SaveCause::of(&std::io::Error::from_raw_os_error(code)), cause, "errno {code}");
        }
    }

    #[test]
    fn a_real_file_in_the_way_reads_as_not_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").expect("writes");
        let error = crate::store::write_atomically(&file, "progress.json", b"{}").expect_err("a file is no folder");
        let problem = SaveProblem::from_io(&file, &error);
        assert_eq!(problem.cause, SaveCause::NotAFolder, "{error}");
        assert!(problem.to_string().contains("a-file"), "{problem}");
    }
}
