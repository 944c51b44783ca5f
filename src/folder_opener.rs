//! Showing a folder in the system's file manager (the Export window's Open folder): the [`FolderOpener`] trait, the
//! system's opener and a recorder for tests. Separate from the browser opener, which opens only web pages. Must not
//! import egui, tokio or the wizard.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};

/// Why a folder was not shown; the sentence gives its path, to open it by hand.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("The folder could not be opened in a file manager ({why}). Copy its path and open it yourself: {}", folder.display())]
pub struct FolderError {
    /// The folder.
    pub folder: PathBuf,
    /// What went wrong, as the middle of a sentence.
    pub why: String,
}

/// Something that shows a folder in a file manager. Implementations may block briefly (a program is started): call
/// them off the UI thread.
pub trait FolderOpener: Send + Sync {
    /// Shows `folder`.
    fn open(&self, folder: &Path) -> Result<(), FolderError>;
}

/// The system's file manager: `xdg-open` on Linux and the BSDs (inside a Flatpak it asks the desktop portal), `open`
/// on macOS, Explorer on Windows.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemFolderOpener;

impl FolderOpener for SystemFolderOpener {
    fn open(&self, folder: &Path) -> Result<(), FolderError> {
        let fail = |why: String| FolderError { folder: folder.to_owned(), why };
        if !folder.is_dir() {
            return Err(fail("it is not a folder any more".to_owned()));
        }
        let program = if cfg!(target_os = "windows") {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        let mut command = Command::new(program);
        command.arg(folder).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
        if cfg!(target_os = "windows") {
            // Explorer's exit status says nothing of success: started is opened.
            return command.spawn().map(drop).map_err(|error| fail(format!("{program} could not start: {error}")));
        }
        match command.status() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(fail(format!("{program} ended with {status}"))),
            Err(error) => Err(fail(format!("{program} could not start: {error}"))),
        }
    }
}

/// An opener for tests: records each folder instead of showing it, and can act as a computer without a file manager.
#[derive(Clone, Debug, Default)]
pub struct RecordingFolderOpener {
    opened: Arc<Mutex<Vec<PathBuf>>>,
    failing: Option<String>,
}

impl RecordingFolderOpener {
    /// A recorder that only records.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A recorder that records each folder, then fails with `why`.
    #[must_use]
    pub fn failing(why: &str) -> Self {
        Self { failing: Some(why.to_owned()), ..Self::default() }
    }

    /// The folders asked for so far, first first. Clones share the record.
    #[must_use]
    pub fn opened(&self) -> Vec<PathBuf> {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl FolderOpener for RecordingFolderOpener {
    fn open(&self, folder: &Path) -> Result<(), FolderError> {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).push(folder.to_owned());
        match &self.failing {
            Some(why) => Err(FolderError { folder: folder.to_owned(), why: why.clone() }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_says_what_went_wrong_and_gives_the_path_to_copy() {
        let error = FolderError { folder: PathBuf::from("/home/ada/Downloads"), why: "xdg-open was not found".into() };
        let sentence = error.to_string();
        assert!(sentence.contains("xdg-open was not found"), "{sentence}");
        assert!(sentence.ends_with("open it yourself: /home/ada/Downloads"), "{sentence}");
    }

    #[test]
    fn the_system_opener_refuses_what_is_not_a_folder_before_starting_anything() {
        let file = tempfile::NamedTempFile::new().expect("a file");
        let error = SystemFolderOpener.open(file.path()).expect_err("a file is not a folder");
        assert_eq!(error.folder, file.path());
        assert!(error.why.contains("not a folder"), "{error}");
    }

    #[test]
    fn the_recorder_records_and_fails_when_told() {
        let opener = RecordingFolderOpener::failing("no file manager");
        let error = opener.open(Path::new("/tmp")).expect_err("told to fail");
        assert_eq!(error.why, "no file manager");
        assert_eq!(opener.clone().opened(), vec![PathBuf::from("/tmp")]);
    }
}
