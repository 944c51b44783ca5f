//! The start-up probe for benchmarks: with `BANKFEEDS_FIRST_FRAME=log` (or `exit`) in the environment, the app
//! writes to standard error how long after `main` began its first frame was built (the end of the first `ui` call)
//! and drawn (the start of the next frame, after the first was painted and swapped), and with `exit` ends the
//! process right there. Off unless asked for; no egui state, only a clock and one repaint request.

use std::time::{Duration, Instant};

/// The environment variable that turns the probe on: `log` or `exit`.
pub const FIRST_FRAME_VAR: &str = "BANKFEEDS_FIRST_FRAME";

/// Times the first frame from an instant taken first thing in `main`.
#[derive(Debug)]
pub struct FirstFrameProbe {
    started: Instant,
    exit: bool,
    built: Option<Duration>,
    reported: bool,
}

impl FirstFrameProbe {
    /// The probe asked for by [`FIRST_FRAME_VAR`], timing from `started`; `None` when the variable is unset or
    /// holds neither `log` nor `exit`.
    #[must_use]
    pub fn from_env(started: Instant) -> Option<Self> {
        let exit = match std::env::var(FIRST_FRAME_VAR).ok()?.as_str() {
            "log" => false,
            "exit" => true,
            _ => return None,
        };
        Some(Self { started, exit, built: None, reported: false })
    }

    /// Call at the start of every frame: the frame before, if it was the first, has been drawn by now.
    pub fn before_frame(&mut self) {
        let Some(built) = self.built else { return };
        if self.reported {
            return;
        }
        self.reported = true;
        let drawn = self.started.elapsed();
        eprintln!("first frame: built {:.1} ms, drawn {:.1} ms after main began", millis(built), millis(drawn));
        if self.exit {
            // For benchmarks only: skip the orderly shutdown, whose time is not start-up time.
            std::process::exit(0);
        }
    }

    /// Call at the end of every frame's `ui`: the first one is timed, and a next frame asked for to see it drawn.
    pub fn after_frame(&mut self, ctx: &egui::Context) {
        if self.built.is_none() {
            self.built = Some(self.started.elapsed());
            ctx.request_repaint();
        }
    }
}

/// A duration in milliseconds, with fractions.
fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
