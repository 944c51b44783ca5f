//! The Export window: the session saved for a colleague or for Sage support, as a HAR file (the exchanges; it opens
//! in a browser's developer tools), a Markdown transcript of the timeline, or a support bundle (a zip of the facts,
//! the HAR, the transcript and the recent log). Where the system has a save dialog (the desktop portal's on Linux) each
//! save asks it where to put the file; otherwise, or by choice, the file goes into a folder typed in the window
//! (`place.rs`). The files are built and written by the runtime, off the UI thread; the window shows where each one
//! went, with Open folder (`outcome.rs`).

mod outcome;
mod place;

use std::sync::Arc;

use egui::{RichText, Ui};
use jiff::Timestamp;

use super::{theme, widgets};
use crate::api::exchange::Exchange;
use crate::diagnostics::export::ExportKind;
use crate::diagnostics::{SessionFacts, Timeline, bundle, har, transcript};
use crate::runtime::{ExportOutcome, ExportPlace, Runtime, Ticket};

pub use outcome::OPEN_FOLDER;
pub use place::{ASK_DIALOG, INTO_FOLDER};

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
    place: place::PlaceChoice,
    pending: Option<Pending>,
    outcome: Option<(ExportKind, ExportOutcome)>,
    opening: outcome::FolderOpening,
}

/// An export on its way.
struct Pending {
    kind: ExportKind,
    /// Whether it asks the save dialog first.
    asks_dialog: bool,
    ticket: Ticket<ExportOutcome>,
}

impl ExportDialog {
    /// The folder exports go to: the one typed in the window, else the Downloads folder.
    #[must_use]
    pub fn folder(&self) -> std::path::PathBuf {
        self.place.folder()
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
        let note = self.take_answers();
        if !self.open {
            return note;
        }
        let mut open = self.open;
        let mut chosen = None;
        egui::Window::new("Export").open(&mut open).collapsible(false).resizable(false).default_width(520.0).show(
            ctx,
            |ui| {
                chosen = self.contents(ui, runtime, counts);
            },
        );
        self.open = open;
        if let Some(kind) = chosen {
            let place = self.place.place(runtime.has_save_dialog());
            let sources = sources();
            let at = Timestamp::now();
            self.outcome = None;
            self.opening.forget();
            let asks_dialog = matches!(place, ExportPlace::Ask { .. });
            let ticket = runtime.export(place, kind, at, move || build(kind, &sources));
            self.pending = Some(Pending { kind, asks_dialog, ticket });
        }
        note
    }

    /// Takes the runtime's answers: the export's outcome (returning its note for the timeline) and Open folder's.
    fn take_answers(&mut self) -> Option<String> {
        self.opening.poll();
        let Pending { kind, ticket, .. } = self.pending.as_mut()?;
        let kind = *kind;
        let outcome = ticket.take()?.unwrap_or_else(|dropped| ExportOutcome::Failed {
            problem: format!("The file was not saved: {dropped}."),
            no_dialog: None,
        });
        self.pending = None;
        if let ExportOutcome::Saved { no_dialog: Some(why), .. } | ExportOutcome::Failed { no_dialog: Some(why), .. } =
            &outcome
        {
            self.place.dialog_missing(why);
        }
        let note = outcome::note(kind, &outcome);
        self.outcome = Some((kind, outcome));
        Some(note)
    }

    fn contents(&mut self, ui: &mut Ui, runtime: &Runtime, (exchanges, entries): (usize, usize)) -> Option<ExportKind> {
        ui.label(
            "Save this session for a colleague or for Sage support. Signing keys, JWTs, Authorization values, captcha \
             answers and route secrets are redacted in every file.",
        );
        ui.add_space(theme::FIELD_GAP);
        let has_dialog = runtime.has_save_dialog();
        self.place.show(ui, has_dialog);
        ui.add_space(theme::FIELD_GAP);
        // "…" when the button asks for more (the dialog).
        let more = if self.place.asks(has_dialog) { "…" } else { "" };
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
                if ui.add_enabled(!busy, egui::Button::new(format!("{button}{more}"))).clicked() {
                    chosen = Some(kind);
                }
                ui.label(RichText::new(what).color(theme::muted(ui)));
                ui.end_row();
            }
        });
        ui.add_space(theme::FIELD_GAP);
        if let Some(Pending { kind, asks_dialog, .. }) = &self.pending {
            let waiting = if *asks_dialog {
                format!("Saving the {}: choose where in the save dialog…", kind.label())
            } else {
                format!("Saving the {}…", kind.label())
            };
            widgets::busy(ui, &waiting);
        }
        if let Some((kind, outcome)) = &self.outcome {
            outcome::show(ui, runtime, &mut self.opening, *kind, outcome);
        }
        chosen
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
