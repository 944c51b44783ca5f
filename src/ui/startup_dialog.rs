//! The small window shown at start, instead of the wizard, when the data folder cannot be used: another copy of the
//! app holds it (Close, or Escape), or it cannot be written (Try again, which checks it again and, when it works,
//! hands it to the wizard; Close). With `BANKFEEDS_FIRST_FRAME=exit` it closes itself once its first frame is drawn,
//! so a test can see it drew. Holds no runtime: nothing in the folder is touched but by [`DataFolder::take`].

use egui::{RichText, Ui};

use super::first_frame::FIRST_FRAME_VAR;
use super::{APP_TITLE, theme, widgets};
use crate::data_folder::{DataFolder, DataFolderError};

/// How the dialog ended.
#[derive(Debug)]
pub enum DialogEnd {
    /// Try again found the folder usable: it is held now, for the wizard.
    Taken(DataFolder),
    /// The person closed the dialog (or it closed itself after its first frame); the problem last shown.
    Closed(DataFolderError),
}

/// The dialog's state: the problem shown, and how it ended once it has.
#[derive(Debug)]
pub struct StartupDialog {
    problem: DataFolderError,
    taken: Option<DataFolder>,
    closing: bool,
    styled: bool,
}

impl StartupDialog {
    /// A dialog about `problem`.
    #[must_use]
    pub fn new(problem: DataFolderError) -> Self {
        Self { problem, taken: None, closing: false, styled: false }
    }

    /// The problem shown.
    #[must_use]
    pub fn problem(&self) -> &DataFolderError {
        &self.problem
    }

    /// True once Close, Escape or a successful Try again ended the dialog.
    #[must_use]
    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// How the dialog ended.
    #[must_use]
    pub fn end(self) -> DialogEnd {
        match self.taken {
            Some(folder) => DialogEnd::Taken(folder),
            None => DialogEnd::Closed(self.problem),
        }
    }

    /// Draws the dialog and acts on its buttons.
    pub fn draw(&mut self, ui: &mut Ui) {
        if !self.styled {
            theme::apply(ui.ctx(), crate::wizard::Appearance::default(), None);
            self.styled = true;
        }
        if ui.input(|input| input.key_pressed(egui::Key::Escape)) {
            self.closing = true;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(theme::FIELD_GAP);
            ui.label(RichText::new(title(&self.problem)).heading().color(theme::danger(ui)));
            ui.add_space(theme::FIELD_GAP);
            ui.label(sentence(&self.problem));
            ui.add_space(theme::SECTION_GAP);
            ui.horizontal(|ui| {
                if self.problem.is_in_use() {
                    if widgets::primary_button(ui, "Close", true) {
                        self.closing = true;
                    }
                } else {
                    if widgets::primary_button(ui, "Try again", true) {
                        self.try_again();
                    }
                    if widgets::button(ui, "Close", true) {
                        self.closing = true;
                    }
                }
            });
        });
    }

    /// Checks the folder again: held now, the dialog ends; else the new problem is shown.
    fn try_again(&mut self) {
        match DataFolder::take(self.problem.folder()) {
            Ok(folder) => {
                self.taken = Some(folder);
                self.closing = true;
            }
            Err(problem) => self.problem = problem,
        }
    }
}

/// The dialog's heading.
fn title(problem: &DataFolderError) -> &'static str {
    match problem {
        DataFolderError::InUse { .. } => "Another copy is already open",
        DataFolderError::Unusable { .. } => "The data folder cannot be used",
    }
}

/// The problem as a sentence: what happened, why, and what to do.
fn sentence(problem: &DataFolderError) -> String {
    format!("{}.", crate::ui::explain::capitalise(&problem.to_string()))
}

/// The eframe app around [`StartupDialog`].
struct DialogWindow<'a> {
    dialog: &'a mut StartupDialog,
    /// Close once the first frame is drawn (`BANKFEEDS_FIRST_FRAME=exit`).
    exit_after_first_frame: bool,
    frames: u32,
}

impl eframe::App for DialogWindow<'_> {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frames = self.frames.saturating_add(1);
        if self.exit_after_first_frame && self.frames == 2 {
            eprintln!("first frame: the data folder dialog was drawn");
            self.dialog.closing = true;
        }
        self.dialog.draw(ui);
        if self.frames == 1 {
            ui.ctx().request_repaint();
        }
        if self.dialog.closing {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Shows the dialog about `problem` in a small window of its own until it is dismissed or Try again works.
pub fn show(problem: DataFolderError) -> Result<DialogEnd, eframe::Error> {
    let mut dialog = StartupDialog::new(problem);
    let exit_after_first_frame = std::env::var(FIRST_FRAME_VAR).is_ok_and(|value| value == "exit");
    let options = eframe::NativeOptions {
        viewport: super::identity::viewport().with_inner_size([560.0, 230.0]).with_resizable(false),
        ..eframe::NativeOptions::default()
    };
    let window = DialogWindow { dialog: &mut dialog, exit_after_first_frame, frames: 0 };
    eframe::run_native(APP_TITLE, options, Box::new(move |_| Ok(Box::new(window))))?;
    Ok(dialog.end())
}

#[cfg(test)]
mod tests;
