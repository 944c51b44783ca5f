//! Asking the person where to save a file in the system's own save dialog: the [`SaveDialog`] trait, what is asked
//! ([`SaveRequest`]) and answered ([`SaveAnswer`]), the dialog of this platform ([`system`]) and a scripted dialog for
//! tests. Must not import egui, tokio or the wizard.
//!
//! On Linux the dialog is the XDG desktop portal's file chooser (`portal`), which GNOME, KDE and other desktops
//! serve, inside a Flatpak too. Elsewhere there is none yet: the Export window then saves into the folder typed in
//! it.

#[cfg(target_os = "linux")]
pub mod portal;
#[cfg(target_os = "linux")]
pub mod portal_response;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

/// What the save dialog is asked: its title, the file name it suggests and the folder it opens in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveRequest {
    /// The dialog's title, like "Save the HAR file".
    pub title: String,
    /// The file name suggested, which the person may change.
    pub file_name: String,
    /// The folder the dialog opens in.
    pub folder: PathBuf,
    /// The kind of file, offered as the dialog's filter.
    pub file_type: FileType,
}

/// A kind of file, as a dialog's filter shows it: "HAR files" for `*.har`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileType {
    /// Its name in words.
    pub name: String,
    /// The pattern of its file names, like `*.har`.
    pub pattern: String,
}

/// What the save dialog answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveAnswer {
    /// The person chose this file (the dialog has asked already whether to replace one that exists).
    Chosen(PathBuf),
    /// The person closed the dialog without choosing: nothing is to be saved.
    Cancelled,
    /// No dialog could be shown, or it failed; why, as the end of a sentence ("no desktop portal answers").
    Unavailable(String),
}

/// Something that asks the person where to save a file. Implementations block until the person has answered (which
/// may take minutes): call them off the UI thread.
pub trait SaveDialog: Send + Sync {
    /// Shows the dialog for `request` and waits for its answer.
    fn ask(&self, request: &SaveRequest) -> SaveAnswer;
}

/// The save dialog of this platform: on Linux the desktop portal's, on the session bus; elsewhere none.
#[must_use]
pub fn system() -> Option<Arc<dyn SaveDialog>> {
    #[cfg(target_os = "linux")]
    {
        Some(Arc::new(portal::PortalSaveDialog::session()))
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// A dialog for tests: gives one scripted answer to every request and records the requests.
#[derive(Clone, Debug)]
pub struct ScriptedSaveDialog {
    answer: SaveAnswer,
    asked: Arc<Mutex<Vec<SaveRequest>>>,
}

impl ScriptedSaveDialog {
    /// A dialog that answers `answer` every time.
    #[must_use]
    pub fn answering(answer: SaveAnswer) -> Self {
        Self { answer, asked: Arc::default() }
    }

    /// The requests so far, first first. Clones share the record.
    #[must_use]
    pub fn asked(&self) -> Vec<SaveRequest> {
        self.asked.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl SaveDialog for ScriptedSaveDialog {
    fn ask(&self, request: &SaveRequest) -> SaveAnswer {
        self.asked.lock().unwrap_or_else(PoisonError::into_inner).push(request.clone());
        self.answer.clone()
    }
}
