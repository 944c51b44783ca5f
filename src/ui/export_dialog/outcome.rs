//! What the Export window says after a save: the file with Copy and Open folder (which shows its folder in the file
//! manager, or says why not with the folder's path to copy), a quiet "Not saved" after a cancelled dialog, or why the
//! file could not be saved. Also the words the timeline notes.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::diagnostics::export::ExportKind;
use crate::folder_opener::FolderError;
use crate::runtime::{ExportOutcome, Runtime, Ticket};
use crate::ui::{theme, widgets};

/// The button that shows the saved file's folder.
pub const OPEN_FOLDER: &str = "Open folder";

/// Open folder's work: the file manager being asked, or why it could not show the folder.
#[derive(Debug, Default)]
pub struct FolderOpening {
    asked: Option<(PathBuf, Ticket<Result<(), FolderError>>)>,
    problem: Option<FolderError>,
}

impl FolderOpening {
    /// Takes the file manager's answer when it is in.
    pub fn poll(&mut self) {
        if let Some((folder, ticket)) = &mut self.asked
            && let Some(answer) = ticket.take()
        {
            self.problem = match answer {
                Ok(Ok(())) => None,
                Ok(Err(problem)) => Some(problem),
                Err(dropped) => Some(FolderError { folder: std::mem::take(folder), why: dropped.to_owned() }),
            };
            self.asked = None;
        }
    }

    /// Forgets the last folder's answer (a new export is on its way).
    pub fn forget(&mut self) {
        *self = Self::default();
    }

    fn open(&mut self, runtime: &Runtime, folder: &Path) {
        self.problem = None;
        self.asked = Some((folder.to_owned(), runtime.open_folder(folder.to_owned())));
    }
}

/// Draws what became of the export of `kind`, with Open folder after a save.
pub fn show(ui: &mut Ui, runtime: &Runtime, opening: &mut FolderOpening, kind: ExportKind, outcome: &ExportOutcome) {
    match outcome {
        ExportOutcome::Saved { path, .. } => {
            let folder = path.parent().unwrap_or(path).to_owned();
            let title = format!("The {} is saved", kind.label());
            widgets::callout_with(ui, widgets::Tone::Success, &title, "", |ui| {
                let hover = format!("Show {} in the file manager", folder.display());
                if ui.button(OPEN_FOLDER).on_hover_text(hover).clicked() {
                    opening.open(runtime, &folder);
                }
            });
            widgets::copyable(ui, "File", &path.display().to_string());
            if let Some(problem) = &opening.problem {
                widgets::callout(ui, widgets::Tone::Warning, "The folder could not be opened", &problem.to_string());
                widgets::copyable(ui, "Folder path", &problem.folder.display().to_string());
            }
        }
        ExportOutcome::NotSaved => {
            let text =
                format!("Not saved: the save dialog was closed without choosing a file for the {}", kind.label());
            ui.label(RichText::new(text).color(theme::muted(ui)));
        }
        ExportOutcome::Failed { problem, .. } => {
            let title = format!("The {} was not saved", kind.label());
            widgets::callout(ui, widgets::Tone::Danger, &title, problem);
        }
    }
}

/// What the timeline notes of the export of `kind`.
#[must_use]
pub fn note(kind: ExportKind, outcome: &ExportOutcome) -> String {
    let label = kind.label();
    let without_dialog = |no_dialog: &Option<String>| match no_dialog {
        Some(why) => format!(" (the system's save dialog was not available: {why})"),
        None => String::new(),
    };
    match outcome {
        ExportOutcome::Saved { path, no_dialog } => {
            format!("Saved the {label} as {}{}", path.display(), without_dialog(no_dialog))
        }
        ExportOutcome::NotSaved => format!("Did not save the {label}: the save dialog was closed without a choice"),
        ExportOutcome::Failed { problem, no_dialog } => {
            format!("The {label} was not saved{}: {problem}", without_dialog(no_dialog))
        }
    }
}
