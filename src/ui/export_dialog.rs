//! The Export window: the session saved for a colleague or for Sage support, as a HAR file (the exchanges; it opens
//! in a browser's developer tools), a Markdown transcript of the timeline, or a support bundle (a zip of the facts,
//! the HAR, the transcript and the recent log), into a folder the person chooses (the Downloads folder at first).
//! The files are built and written by the runtime, off the UI thread; the window shows where each one went.

use std::path::PathBuf;
use std::sync::Arc;

use egui::{RichText, Ui};
use jiff::Timestamp;

use super::{theme, widgets};
use crate::api::exchange::Exchange;
use crate::diagnostics::export::{ExportKind, default_export_folder};
use crate::diagnostics::{SessionFacts, Timeline, bundle, har, transcript};
use crate::runtime::{Runtime, Ticket};

/// What an export is built from, gathered when a button is pressed.
pub struct ExportSources {
    /// The session's exchanges, already redacted.
    pub exchanges: Vec<Arc<Exchange>>,
    /// The timeline.
    pub timeline: Timeline,
    /// The session's facts, without secrets.
    pub facts: SessionFacts,
    /// The recent log lines.
    pub recent_log: String,
}

/// The Export window's state.
#[derive(Default)]
pub struct ExportDialog {
    /// Whether the window is shown.
    pub open: bool,
    folder: Option<String>,
    pending: Option<(ExportKind, Ticket<Result<PathBuf, String>>)>,
    outcome: Option<(ExportKind, Result<PathBuf, String>)>,
}

impl ExportDialog {
    /// The folder exports go to: the one typed in the window, else the Downloads folder.
    #[must_use]
    pub fn folder(&self) -> PathBuf {
        self.folder.as_deref().map_or_else(default_export_folder, chosen_folder)
    }

    /// Draws the window while open; `sources` is called only when a file is to be made. Returns what happened, for
    /// the timeline, when a file was saved or could not be.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        runtime: &Runtime,
        counts: (usize, usize),
        sources: impl FnOnce() -> ExportSources,
    ) -> Option<String> {
        let mut note = None;
        if let Some((kind, ticket)) = &mut self.pending
            && let Some(outcome) = ticket.take()
        {
            let outcome = outcome.map_err(str::to_owned).and_then(|saved| saved);
            note = Some(match &outcome {
                Ok(path) => format!("Saved the {} as {}", kind.label(), path.display()),
                Err(problem) => format!("The {} was not saved: {problem}", kind.label()),
            });
            self.outcome = Some((*kind, outcome));
            self.pending = None;
        }
        if !self.open {
            return note;
        }
        let mut open = self.open;
        let mut chosen = None;
        egui::Window::new("Export").open(&mut open).collapsible(false).resizable(false).default_width(520.0).show(
            ctx,
            |ui| {
                chosen = self.contents(ui, counts);
            },
        );
        self.open = open;
        if let Some(kind) = chosen {
            let folder = chosen_folder(self.folder.as_deref().unwrap_or_default());
            let sources = sources();
            let at = Timestamp::now();
            self.outcome = None;
            self.pending = Some((kind, runtime.export(folder, kind, at, move || build(kind, &sources))));
        }
        note
    }

    fn contents(&mut self, ui: &mut Ui, (exchanges, entries): (usize, usize)) -> Option<ExportKind> {
        ui.label(
            "Save this session for a colleague or for Sage support. Signing keys, JWTs, Authorization values, captcha \
             answers and route secrets are redacted in every file.",
        );
        ui.add_space(theme::FIELD_GAP);
        let folder = self.folder.get_or_insert_with(|| default_export_folder().display().to_string());
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            ui.add(egui::TextEdit::singleline(folder).desired_width(340.0)).labelled_by(label.id);
            if ui.small_button("Downloads").on_hover_text("Back to the Downloads folder").clicked() {
                *folder = default_export_folder().display().to_string();
            }
        });
        ui.add_space(theme::FIELD_GAP);
        let busy = self.pending.is_some();
        let mut chosen = None;
        egui::Grid::new("export-kinds").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
            let rows = [
                (
                    ExportKind::Har,
                    "Save HAR file",
                    format!("{exchanges} requests; opens in a browser's developer tools"),
                ),
                (ExportKind::Transcript, "Save transcript", format!("the timeline's {entries} entries as Markdown")),
                (
                    ExportKind::SupportBundle,
                    "Save support bundle",
                    "a zip: version, OS, environment and settings, the HAR, the transcript and the recent log"
                        .to_owned(),
                ),
            ];
            for (kind, button, what) in rows {
                if ui.add_enabled(!busy, egui::Button::new(button)).clicked() {
                    chosen = Some(kind);
                }
                ui.label(RichText::new(what).color(theme::muted(ui)));
                ui.end_row();
            }
        });
        ui.add_space(theme::FIELD_GAP);
        if let Some((kind, _)) = &self.pending {
            widgets::busy(ui, &format!("Saving the {}…", kind.label()));
        }
        match &self.outcome {
            Some((kind, Ok(path))) => {
                let title = format!("The {} is saved", kind.label());
                widgets::callout(ui, widgets::Tone::Success, &title, "");
                widgets::copyable(ui, "File", &path.display().to_string());
            }
            Some((kind, Err(problem))) => {
                let title = format!("The {} was not saved", kind.label());
                widgets::callout(ui, widgets::Tone::Danger, &title, problem);
            }
            None => {}
        }
        chosen
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

/// The bytes of an export of `kind`.
fn build(kind: ExportKind, sources: &ExportSources) -> Result<Vec<u8>, String> {
    match kind {
        ExportKind::Har => {
            har::har(&sources.exchanges).to_json().map_err(|error| format!("the HAR could not be written: {error}"))
        }
        ExportKind::Transcript => Ok(transcript::transcript(&sources.timeline, &sources.facts).into_bytes()),
        ExportKind::SupportBundle => {
            bundle::support_bundle(&sources.facts, &sources.exchanges, &sources.timeline, &sources.recent_log)
                .map_err(|error| error.to_string())
        }
        ExportKind::QaScreenshot => Err("a QA screenshot is made from View → QA notes".to_owned()),
    }
}
