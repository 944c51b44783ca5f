//! Exports saved off the UI thread: where each goes (the file chosen in the system's save dialog, or a folder typed in
//! the Export window, which is also where it goes when no dialog answers), the file built and written there, and that
//! file's folder shown in the file manager afterwards. Each call returns a [`Ticket`], as the other tools' work does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use super::{Runtime, Ticket};
use crate::diagnostics::export::{ExportKind, write_export, write_export_as};
use crate::folder_opener::{FolderError, FolderOpener, SystemFolderOpener};
use crate::save_dialog::{FileType, SaveAnswer, SaveDialog, SaveRequest};

/// Why the dialog is not asked where a platform has none.
const NO_DIALOG_HERE: &str = "this system has no save dialog the app can use";

/// The save dialog and the file manager the exports use.
pub(super) struct ExportPlaces {
    dialog: Option<Arc<dyn SaveDialog>>,
    folders: Arc<dyn FolderOpener>,
}

impl Default for ExportPlaces {
    /// No save dialog (exports go into the folder typed) and the system's file manager.
    fn default() -> Self {
        Self { dialog: None, folders: Arc::new(SystemFolderOpener) }
    }
}

/// Where an export is to go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportPlace {
    /// Wherever the person chooses in the save dialog, which opens in `folder`; when no dialog answers, into `folder`.
    Ask {
        /// The folder the dialog opens in, and the one used without a dialog.
        folder: PathBuf,
    },
    /// Into this folder, under a name no file has yet.
    Folder(PathBuf),
}

/// What became of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportOutcome {
    /// Saved as this file.
    Saved {
        /// The file.
        path: PathBuf,
        /// Why the save dialog was not used, when it was to be and could not (the typed folder was used instead).
        no_dialog: Option<String>,
    },
    /// The person closed the save dialog without choosing a file: nothing was written.
    NotSaved,
    /// Not saved; the sentence says why and what to do.
    Failed {
        /// What happened and what to do.
        problem: String,
        /// Why the save dialog was not used, when it was to be and could not.
        no_dialog: Option<String>,
    },
}

impl Runtime {
    /// Asks `dialog` where each export goes; `None` saves every export into the folder typed in the Export window.
    #[must_use]
    pub fn with_save_dialog(mut self, dialog: Option<Arc<dyn SaveDialog>>) -> Self {
        self.places.dialog = dialog;
        self
    }

    /// Shows the folders of saved exports with `opener` (the system's file manager unless given).
    #[must_use]
    pub fn with_folder_opener(mut self, opener: Arc<dyn FolderOpener>) -> Self {
        self.places.folders = opener;
        self
    }

    /// Whether exports can be placed with a save dialog.
    #[must_use]
    pub fn has_save_dialog(&self) -> bool {
        self.places.dialog.is_some()
    }

    /// Saves an export of `kind` made at `at` to `place`: asks the dialog first when `place` says so, then builds the
    /// file with `build` and writes it, all off the UI thread. Nothing is built when the dialog is cancelled.
    pub fn export(
        &self,
        place: ExportPlace,
        kind: ExportKind,
        at: Timestamp,
        build: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
    ) -> Ticket<ExportOutcome> {
        let dialog = self.places.dialog.clone();
        self.ticket(async move {
            let made = move || save(dialog.as_deref(), place, kind, at, build);
            tokio::task::spawn_blocking(made).await.unwrap_or_else(|join| ExportOutcome::Failed {
                problem: format!("Making the file stopped ({join}). Export again."),
                no_dialog: None,
            })
        })
    }

    /// Shows `folder` in the file manager, off the UI thread.
    pub fn open_folder(&self, folder: PathBuf) -> Ticket<Result<(), FolderError>> {
        let opener = Arc::clone(&self.places.folders);
        self.ticket(async move {
            let failed_folder = folder.clone();
            tokio::task::spawn_blocking(move || opener.open(&folder)).await.unwrap_or_else(|join| {
                Err(FolderError { folder: failed_folder, why: format!("the file manager could not be asked: {join}") })
            })
        })
    }
}

/// Saves an export (see [`Runtime::export`]); blocks while the dialog is open and while the file is written.
fn save(
    dialog: Option<&dyn SaveDialog>,
    place: ExportPlace,
    kind: ExportKind,
    at: Timestamp,
    build: impl FnOnce() -> Result<Vec<u8>, String>,
) -> ExportOutcome {
    let (folder, no_dialog) = match place {
        ExportPlace::Folder(folder) => (folder, None),
        ExportPlace::Ask { folder } => match dialog.map(|dialog| dialog.ask(&request(kind, at, &folder))) {
            Some(SaveAnswer::Chosen(path)) => {
                return match build().and_then(|bytes| write_export_as(&path, &bytes).map_err(|e| e.to_string())) {
                    Ok(path) => ExportOutcome::Saved { path, no_dialog: None },
                    Err(problem) => ExportOutcome::Failed { problem, no_dialog: None },
                };
            }
            Some(SaveAnswer::Cancelled) => return ExportOutcome::NotSaved,
            Some(SaveAnswer::Unavailable(why)) => (folder, Some(why)),
            None => (folder, Some(NO_DIALOG_HERE.to_owned())),
        },
    };
    match build().and_then(|bytes| write_export(&folder, kind, at, &bytes).map_err(|e| e.to_string())) {
        Ok(path) => ExportOutcome::Saved { path, no_dialog },
        Err(problem) => ExportOutcome::Failed { problem, no_dialog },
    }
}

/// What the save dialog is asked for an export of `kind` made at `at`, opening in `folder`.
fn request(kind: ExportKind, at: Timestamp, folder: &Path) -> SaveRequest {
    SaveRequest {
        title: format!("Save the {}", kind.label()),
        file_name: kind.file_name(at),
        folder: folder.to_owned(),
        file_type: FileType { name: kind.file_type_name().to_owned(), pattern: kind.file_pattern() },
    }
}

#[cfg(test)]
mod tests;
