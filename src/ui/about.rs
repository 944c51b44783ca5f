//! Help → About: the program's version, the commit and the day it was built, and where it keeps things on this
//! computer (the data folder, the crash reports) and where its log goes, for a helpdesk call. A small window that
//! Escape or its title bar's cross closes, like the other tool windows.

use std::path::Path;

use egui::{RichText, Ui};

use super::{APP_TITLE, theme, widgets};
use crate::build_info;
use crate::diagnostics::LINES_KEPT;

/// The About window's title.
pub const ABOUT_TITLE: &str = "About";

/// The About window: whether it is open.
#[derive(Debug, Default)]
pub struct AboutWindow {
    /// It is shown.
    pub open: bool,
}

impl AboutWindow {
    /// Draws the window when it is open; `data_dir` is the data folder in use (`None`: nothing is kept).
    pub fn show(&mut self, ctx: &egui::Context, data_dir: Option<&Path>) {
        if !self.open {
            return;
        }
        egui::Window::new(ABOUT_TITLE)
            .open(&mut self.open)
            .collapsible(false)
            .resizable(false)
            .default_width(460.0)
            .show(ctx, |ui| contents(ui, data_dir));
    }
}

/// The window's text.
fn contents(ui: &mut Ui, data_dir: Option<&Path>) {
    ui.label(RichText::new(APP_TITLE).strong().size(16.0));
    ui.add_space(theme::FIELD_GAP);
    widgets::value_row(ui, "Version", build_info::VERSION);
    widgets::value_row(ui, "Commit", build_info::COMMIT);
    widgets::value_row(ui, "Built on", build_info::BUILD_DATE);
    ui.add_space(theme::FIELD_GAP);
    match data_dir {
        Some(dir) => widgets::copyable(ui, "Data folder", &dir.display().to_string()),
        None => widgets::value_row(ui, "Data folder", "none: nothing is kept between runs"),
    }
    ui.add_space(theme::FIELD_GAP);
    let crash_folder = data_dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
    let logs = format!(
        "Written to standard error (start the program from a terminal to see them). The last {LINES_KEPT} lines are \
         kept in memory and saved in a support bundle from the Export menu. A crash report is written to {}.",
        crash_folder.display()
    );
    ui.label(RichText::new("Logs").color(theme::muted(ui)));
    ui.add(egui::Label::new(logs).wrap_mode(egui::TextWrapMode::Wrap));
}
