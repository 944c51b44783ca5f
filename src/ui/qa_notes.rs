//! View → QA notes: a tester marks the current step passed or failed, with a note and, if asked, a screenshot of the
//! window saved beside the exports. Each mark goes into the timeline (so into the transcript and the support bundle)
//! at its time, among the answers of the requests, and is listed in the window.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use egui::{RichText, Ui};
use jiff::Timestamp;

use super::{theme, widgets};

/// How the step went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// As expected.
    Passed,
    /// Not as expected.
    Failed,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "FAILED",
        }
    }
}

/// A tester's mark on a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// When it was made.
    pub at: Timestamp,
    /// The step's name, as the step list shows it.
    pub step: String,
    /// Passed or failed.
    pub verdict: Verdict,
    /// What the tester wrote; may be empty.
    pub note: String,
    /// Whether a screenshot of the window goes with it.
    pub with_screenshot: bool,
}

impl Mark {
    /// The mark as the timeline says it: `QA: Licence passed: "note"`.
    #[must_use]
    pub fn sentence(&self) -> String {
        let note = self.note.trim();
        let note = if note.is_empty() { String::new() } else { format!(": \"{note}\"") };
        format!("QA: {} {}{note}", self.step, self.verdict.word())
    }
}

/// A picture of the window taken for the mark made at its time.
type Shot = (Timestamp, Arc<egui::ColorImage>);

/// The QA notes window's state, and the marks of this session.
#[derive(Debug)]
pub struct QaNotes {
    /// Whether the window is shown.
    pub open: bool,
    /// Whether it was shown last frame: on opening, the note takes the keyboard.
    was_open: bool,
    note: String,
    with_screenshot: bool,
    marks: Vec<(Mark, Option<Result<PathBuf, String>>)>,
    /// Pictures of the window as the windowing side hands them over, a frame or so after they were asked for.
    shots: (mpsc::Sender<Shot>, mpsc::Receiver<Shot>),
}

impl Default for QaNotes {
    fn default() -> Self {
        Self {
            open: false,
            was_open: false,
            note: String::new(),
            with_screenshot: false,
            marks: Vec::new(),
            shots: mpsc::channel(),
        }
    }
}

impl QaNotes {
    /// Draws the window while open, on the step named `step`; the mark made, if one was.
    pub fn show(&mut self, ctx: &egui::Context, step: &str) -> Option<Mark> {
        let opening = self.open && !self.was_open;
        self.was_open = self.open;
        if !self.open {
            return None;
        }
        let mut open = self.open;
        let mut made = None;
        egui::Window::new("QA notes").open(&mut open).collapsible(false).default_width(460.0).show(ctx, |ui| {
            made = self.contents(ui, step, opening);
        });
        self.open = open;
        if let Some(mark) = &made {
            self.marks.push((mark.clone(), None));
            self.note.clear();
        }
        made
    }

    /// Asks for a picture of the window for the mark made at `at`; it comes back through [`Self::screenshots_taken`].
    pub fn ask_screenshot(&self, ctx: &egui::Context, at: Timestamp) {
        let (sender, repaint) = (self.shots.0.clone(), ctx.clone());
        ctx.request_screenshot(move |image| {
            // The window may be closing: a picture nobody waits for is dropped.
            if sender.send((at, image)).is_ok() {
                repaint.request_repaint();
            }
        });
    }

    /// The pictures taken since the last call, with the time of their mark.
    pub fn screenshots_taken(&self) -> Vec<Shot> {
        self.shots.1.try_iter().collect()
    }

    /// Notes where the screenshot of the mark made at `at` went, or why it was not saved.
    pub fn screenshot_saved(&mut self, at: Timestamp, outcome: Result<PathBuf, String>) {
        if let Some((_, picture)) = self.marks.iter_mut().find(|(mark, _)| mark.at == at) {
            *picture = Some(outcome);
        }
    }

    fn contents(&mut self, ui: &mut Ui, step: &str, opening: bool) -> Option<Mark> {
        ui.label(format!("Mark the step \"{step}\" as it went. Marks go into the timeline, the transcript and the support bundle, in order with the requests."));
        ui.add_space(theme::FIELD_GAP);
        let label = ui.label(RichText::new("Note").strong());
        let note = ui
            .add(
                egui::TextEdit::multiline(&mut self.note)
                    .id_salt("qa-note")
                    .hint_text("What was tried, what was seen")
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if opening {
            note.request_focus();
        }
        ui.checkbox(&mut self.with_screenshot, "With a screenshot of the window (saved beside the exports)");
        let mut verdict = None;
        ui.horizontal(|ui| {
            let passed = ui.button("Passed");
            widgets::name_button(&passed, &format!("Mark {step} passed"));
            if passed.clicked() {
                verdict = Some(Verdict::Passed);
            }
            let failed = ui.add(widgets::danger(ui, "Failed"));
            widgets::name_button(&failed, &format!("Mark {step} failed"));
            if failed.clicked() {
                verdict = Some(Verdict::Failed);
            }
        });
        self.list(ui);
        let note = self.note.trim().to_owned();
        verdict.map(|verdict| Mark {
            at: Timestamp::now(),
            step: step.to_owned(),
            verdict,
            note,
            with_screenshot: self.with_screenshot,
        })
    }

    fn list(&self, ui: &mut Ui) {
        if self.marks.is_empty() {
            return;
        }
        ui.separator();
        let zone = jiff::tz::TimeZone::system();
        egui::ScrollArea::vertical().id_salt("qa-marks").max_height(160.0).show(ui, |ui| {
            for (mark, picture) in self.marks.iter().rev() {
                let time = mark.at.to_zoned(zone.clone()).strftime("%H:%M:%S").to_string();
                ui.label(format!("{time}  {}", mark.sentence()));
                match picture {
                    Some(Ok(path)) => ui.label(
                        RichText::new(format!("Screenshot: {}", path.display())).small().color(theme::muted(ui)),
                    ),
                    Some(Err(problem)) => {
                        ui.label(RichText::new(format!("No screenshot: {problem}")).small().color(theme::danger(ui)))
                    }
                    None if mark.with_screenshot => {
                        ui.label(RichText::new("Taking the screenshot…").small().color(theme::muted(ui)))
                    }
                    None => continue,
                };
            }
        });
    }
}

/// The window's picture as PNG bytes.
pub fn png(image: &egui::ColorImage) -> Result<Vec<u8>, String> {
    let [width, height] = image.size;
    let pixels: Vec<u8> = image.pixels.iter().flat_map(egui::Color32::to_array).collect();
    let width = u32::try_from(width).map_err(|_| "the window is too wide".to_owned())?;
    let height = u32::try_from(height).map_err(|_| "the window is too tall".to_owned())?;
    let mut bytes = Vec::new();
    image::ImageEncoder::write_image(
        image::codecs::png::PngEncoder::new(&mut bytes),
        &pixels,
        width,
        height,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|error| format!("the picture could not be encoded: {error}"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_reads_step_verdict_and_note() {
        let mark = Mark {
            at: Timestamp::UNIX_EPOCH,
            step: "Licence".into(),
            verdict: Verdict::Failed,
            note: "  Serial field kept the old value ".into(),
            with_screenshot: false,
        };
        assert_eq!(mark.sentence(), "QA: Licence FAILED: \"Serial field kept the old value\"");
        let passed = Mark { verdict: Verdict::Passed, note: String::new(), ..mark };
        assert_eq!(passed.sentence(), "QA: Licence passed");
    }

    #[test]
    fn the_windows_picture_is_a_png_of_its_size() {
        let image = egui::ColorImage::new([3, 2], vec![egui::Color32::from_rgb(0, 126, 69); 6]);
        let bytes = png(&image).expect("encoded");
        let decoded = image::load_from_memory(&bytes).expect("a PNG");
        assert_eq!((decoded.width(), decoded.height()), (3, 2));
        assert_eq!(decoded.to_rgba8().get_pixel(2, 1).0, [0, 126, 69, 255]);
    }
}
