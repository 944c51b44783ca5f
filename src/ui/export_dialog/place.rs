//! Where the Export window saves: in the system's save dialog (where there is one), or into the folder typed in the
//! window (the Downloads folder at first), which is also where the dialog opens and where files go when it is not
//! available. After the dialog failed, the window says so and saves into the folder until the dialog is chosen again.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::diagnostics::export::default_export_folder;
use crate::runtime::ExportPlace;
use crate::ui::theme;

/// The radio button that asks the save dialog.
pub const ASK_DIALOG: &str = "The system's save dialog";
/// The radio button that saves into the folder typed.
pub const INTO_FOLDER: &str = "The folder below";

/// The window's choice of where to save.
#[derive(Debug, Default)]
pub struct PlaceChoice {
    /// The folder as typed; the Downloads folder until the window first shows.
    folder: Option<String>,
    /// Saving into the folder although a dialog exists: chosen, or after the dialog was not available.
    into_folder: bool,
    /// Why the save dialog was not available the last time it was asked; said until it is chosen again.
    dialog_missing: Option<String>,
}

impl PlaceChoice {
    /// Draws the choice; `has_dialog` says whether this system has a save dialog to offer.
    pub fn show(&mut self, ui: &mut Ui, has_dialog: bool) {
        if has_dialog {
            ui.horizontal(|ui| {
                ui.label("Save with");
                if ui.radio(!self.into_folder, ASK_DIALOG).clicked() {
                    self.into_folder = false;
                    self.dialog_missing = None;
                }
                if ui.radio(self.into_folder, INTO_FOLDER).clicked() {
                    self.into_folder = true;
                }
            });
            if let Some(why) = &self.dialog_missing {
                let text = format!(
                    "The system's save dialog was not available: {why}. Files are saved into the folder below; choose \
                     \"{ASK_DIALOG}\" to try the dialog again."
                );
                ui.label(RichText::new(text).color(theme::warning(ui)));
            }
        }
        let folder = self.folder.get_or_insert_with(|| default_export_folder().display().to_string());
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            ui.add(egui::TextEdit::singleline(folder).desired_width(340.0)).labelled_by(label.id);
            if ui.small_button("Downloads").on_hover_text("Back to the Downloads folder").clicked() {
                *folder = default_export_folder().display().to_string();
            }
        });
        if self.asks(has_dialog) {
            let hint = "The dialog opens in this folder; if it is not available, files are saved here.";
            ui.label(RichText::new(hint).color(theme::muted(ui)).small());
        }
    }

    /// The folder typed, else the Downloads folder.
    #[must_use]
    pub fn folder(&self) -> PathBuf {
        self.folder.as_deref().map_or_else(default_export_folder, chosen_folder)
    }

    /// Whether a save asks the dialog.
    #[must_use]
    pub fn asks(&self, has_dialog: bool) -> bool {
        has_dialog && !self.into_folder
    }

    /// Where the next export goes.
    #[must_use]
    pub fn place(&self, has_dialog: bool) -> ExportPlace {
        let folder = chosen_folder(self.folder.as_deref().unwrap_or_default());
        if self.asks(has_dialog) { ExportPlace::Ask { folder } } else { ExportPlace::Folder(folder) }
    }

    /// The dialog was not available (`why`): saves go into the folder, and the window says why.
    pub fn dialog_missing(&mut self, why: &str) {
        self.into_folder = true;
        self.dialog_missing = Some(why.to_owned());
    }
}

/// The folder as typed, with a leading `~` meaning the home folder.
fn chosen_folder(typed: &str) -> PathBuf {
    let typed = typed.trim();
    let home = || directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
    match typed.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('\\') => match home() {
            Some(home) => home.join(rest.trim_start_matches(['/', '\\'])),
            None => PathBuf::from(typed),
        },
        _ => PathBuf::from(typed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_is_asked_where_there_is_one_until_it_was_missing() {
        let mut choice = PlaceChoice { folder: Some("/tmp/exports".into()), ..PlaceChoice::default() };
        assert_eq!(choice.place(true), ExportPlace::Ask { folder: PathBuf::from("/tmp/exports") });
        assert_eq!(choice.place(false), ExportPlace::Folder(PathBuf::from("/tmp/exports")), "no dialog here");
        choice.dialog_missing("no desktop portal answers");
        assert_eq!(choice.place(true), ExportPlace::Folder(PathBuf::from("/tmp/exports")));
    }

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = directories::BaseDirs::new().expect("a home").home_dir().to_path_buf();
        assert_eq!(chosen_folder(" ~/exports "), home.join("exports"));
        assert_eq!(chosen_folder("~"), home);
        assert_eq!(chosen_folder("~other/x"), PathBuf::from("~other/x"));
    }
}
