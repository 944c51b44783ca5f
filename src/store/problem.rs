//! Why something could not be saved in the data folder, as a person can act on it: the folder and what was wrong
//! with it (full, read-only, not a folder). Pure data: the wizard holds it, the UI words it.

use std::path::PathBuf;

/// A save that did not reach the disk.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nothing could be saved in {}: {cause}", folder.display())]
pub struct SaveProblem {
    /// The data folder.
    pub folder: PathBuf,
    /// What was wrong.
    pub cause: SaveCause,
}

/// What kept a save from the disk.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SaveCause {
    /// The disk (or the user's quota) is full.
    #[error("the disk is full")]
    Full,
    /// The folder or its file system cannot be written (read-only, or no permission).
    #[error("the folder cannot be written ({detail})")]
    ReadOnly {
        /// What the system said.
        detail: String,
    },
    /// The path is a file, or runs through one.
    #[error("it is not a folder")]
    NotAFolder,
    /// Something else, as the system said it.
    #[error("{detail}")]
    Other {
        /// What the system said.
        detail: String,
    },
}

impl SaveProblem {
    /// Classifies an I/O error met while saving in `folder`.
    #[must_use]
    pub fn from_io(folder: impl Into<PathBuf>, error: &std::io::Error) -> Self {
        use std::io::ErrorKind;
        let detail = error.to_string();
        let cause = match error.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => SaveCause::Full,
            ErrorKind::ReadOnlyFilesystem | ErrorKind::PermissionDenied => SaveCause::ReadOnly { detail },
            ErrorKind::NotADirectory | ErrorKind::AlreadyExists => SaveCause::NotAFolder,
            _ => SaveCause::Other { detail },
        };
        Self { folder: folder.into(), cause }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_told_by_what_a_person_can_do_about_them() {
        let cause = |kind| SaveProblem::from_io("/data", &std::io::Error::from(kind)).cause;
        assert_eq!(cause(std::io::ErrorKind::StorageFull), SaveCause::Full);
        assert_eq!(cause(std::io::ErrorKind::QuotaExceeded), SaveCause::Full);
        assert!(matches!(cause(std::io::ErrorKind::ReadOnlyFilesystem), SaveCause::ReadOnly { .. }));
        assert!(matches!(cause(std::io::ErrorKind::PermissionDenied), SaveCause::ReadOnly { .. }));
        assert_eq!(cause(std::io::ErrorKind::NotADirectory), SaveCause::NotAFolder);
        assert!(matches!(cause(std::io::ErrorKind::Interrupted), SaveCause::Other { .. }));
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
