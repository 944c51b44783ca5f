//! The screenshot tour: the real window walks itself through every screen on the local emulator, the unhappy ones
//! included, and saves a PNG of each. It makes the README's screenshots and lets helpdesk show every screen in order.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::wizard::{Session, Wizard};

mod approve;
mod consent_picture;
mod stops;

use crate::wizard::Intent;
pub use consent_picture::{CHROMIUM_VAR, ConsentPicture, HEADLESS_FLAGS};
use stops::{STOPS, Stop};

/// The captcha answer the tour's emulator accepts.
pub const TOUR_CAPTCHA_TEXT: &str = "TOUR42";

/// Frames to wait on a settled screen before its picture is taken (layout and textures settle).
const SETTLE_FRAMES: u32 = 4;

/// Set to `off`, the tour walks every stop without saving its pictures: what a footprint measure wants, since the
/// pictures' PNG encoding is the tour's work, not the app's (`scripts/bench-footprint rss`).
pub const PICTURES_VAR: &str = "BANKFEEDS_TOUR_PICTURES";

/// How long one stop may take before the tour gives up and says where it stalled.
const STOP_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30);

/// What the app does for the tour this frame.
#[derive(Default)]
pub struct TourTurn {
    /// Type into the session before this frame is drawn.
    pub type_in: Option<fn(&mut Session)>,
    /// What the person does this frame.
    pub intents: Vec<Intent>,
    /// Open the request inspector on the newest refused exchange whose path ends with this.
    pub inspect: Option<&'static str>,
    /// The tour is over: close the window.
    pub finished: bool,
}

/// Where the tour is.
pub struct Tour {
    dir: PathBuf,
    stop: usize,
    settled_frames: u32,
    typed: bool,
    picture: Arc<Mutex<Option<Result<(), String>>>>,
    waiting_for_picture: bool,
    stop_started: std::time::Instant,
    /// False when [`PICTURES_VAR`] is `off`: the stops are walked, no picture is saved.
    pictures: bool,
}

impl Tour {
    /// A tour that saves its pictures in `dir`.
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self {
            dir,
            stop: 0,
            settled_frames: 0,
            typed: false,
            picture: Arc::default(),
            waiting_for_picture: false,
            stop_started: std::time::Instant::now(),
            pictures: !std::env::var(PICTURES_VAR).is_ok_and(|value| value == "off"),
        }
    }

    /// Decides this frame's part of the tour. Keeps frames coming while the tour runs.
    pub fn turn(&mut self, ctx: &egui::Context, wizard: &Wizard) -> TourTurn {
        ctx.request_repaint_after(std::time::Duration::from_millis(30));
        let Some(stop) = STOPS.get(self.stop) else { return TourTurn { finished: true, ..TourTurn::default() } };
        if self.stop_started.elapsed() > STOP_PATIENCE {
            tracing::error!(stop = self.stop + 1, step = ?wizard.step(), "the tour stalled; the pictures are incomplete");
            self.stop = STOPS.len();
            return TourTurn { finished: true, ..TourTurn::default() };
        }
        if self.waiting_for_picture {
            let taken = self.picture.lock().ok().and_then(|mut slot| slot.take());
            match taken {
                None => return TourTurn::default(),
                Some(result) => {
                    if let Err(problem) = result {
                        tracing::error!(%problem, "tour picture not saved");
                    }
                    self.waiting_for_picture = false;
                    return self.leave(stop, wizard);
                }
            }
        }
        let file_ready = stop.waits_for.is_none_or(|file| self.dir.join(file).exists());
        if !((stop.reached)(wizard) && file_ready) {
            self.settled_frames = 0;
            return TourTurn::default();
        }
        if !self.typed {
            self.typed = true;
            return TourTurn { type_in: Some(stop.type_in), inspect: stop.inspects, ..TourTurn::default() };
        }
        self.settled_frames += 1;
        if self.settled_frames < SETTLE_FRAMES {
            return TourTurn::default();
        }
        match stop.picture.filter(|_| self.pictures) {
            Some(name) => {
                self.take_picture(ctx, name);
                TourTurn::default()
            }
            None => self.leave(stop, wizard),
        }
    }

    fn leave(&mut self, stop: &Stop, wizard: &Wizard) -> TourTurn {
        if let Some(act) = stop.on_leaving {
            act(wizard);
        }
        self.stop += 1;
        self.stop_started = std::time::Instant::now();
        self.settled_frames = 0;
        self.typed = false;
        let finished = self.stop >= STOPS.len();
        if finished {
            tracing::info!(stops = STOPS.len(), pictures = self.pictures, "tour finished");
        }
        TourTurn { intents: (stop.then)(), finished, ..TourTurn::default() }
    }

    fn take_picture(&mut self, ctx: &egui::Context, name: &str) {
        self.waiting_for_picture = true;
        let path = self.dir.join(format!("{name}.png"));
        let slot = Arc::clone(&self.picture);
        let repaint = ctx.clone();
        ctx.request_screenshot(move |image| {
            let saved = std::thread::Builder::new().name("bankfeeds-tour-picture".into()).spawn(move || {
                let result = save_png(&path, &image);
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(result);
                }
                repaint.request_repaint();
            });
            if let Err(error) = saved {
                tracing::error!(%error, "tour picture thread did not start");
            }
        });
    }
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let [width, height] = image.size;
    let (width, height) =
        (u32::try_from(width).map_err(|e| e.to_string())?, u32::try_from(height).map_err(|e| e.to_string())?);
    // The window is opaque, so its premultiplied pixels are the plain RGBA ones: saved as they are, without a copy.
    // PNG named, not guessed from the path: a format chosen at run time links every encoder image has (AVIF's rav1e,
    // OpenEXR, TIFF, WebP…), megabytes of the binary.
    image::save_buffer_with_format(
        path,
        image.as_raw(),
        width,
        height,
        image::ExtendedColorType::Rgba8,
        image::ImageFormat::Png,
    )
    .map_err(|e| e.to_string())?;
    tracing::info!(path = %path.display(), "tour picture saved");
    Ok(())
}
