//! A headless loop that draws frames when eframe's reactive mode would: when the delay egui asked for has passed, or
//! when the runtime's notify callback (the `Notify` given to `Runtime::new`, `request_repaint` in the real app) fired.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::Wizard;

use super::frame;

/// The runtime's doorbell: its notify callback rings it, the loop waits on it.
#[derive(Default)]
pub struct Doorbell {
    rung: Mutex<bool>,
    bell: Condvar,
}

impl Doorbell {
    /// Rings (called from the runtime's threads).
    pub fn ring(&self) {
        *self.rung.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.bell.notify_all();
    }

    /// Waits until rung or until `deadline`; true (and silenced) when it was rung.
    fn wait_until(&self, deadline: Instant) -> bool {
        let mut rung = self.rung.lock().unwrap_or_else(PoisonError::into_inner);
        while !*rung {
            let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|left| !left.is_zero()) else {
                return false;
            };
            rung = self.bell.wait_timeout(rung, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        *rung = false;
        true
    }
}

/// The app's window without a window: an egui context drawn only when eframe would draw it.
pub struct Reactive {
    ctx: egui::Context,
    start: Instant,
    doorbell: Arc<Doorbell>,
    /// When egui asked for the next frame; `None` when it asked for none.
    due: Option<Instant>,
    /// Frames drawn so far.
    pub frames: usize,
}

impl Reactive {
    /// A window whose first frame is due now.
    pub fn new(doorbell: Arc<Doorbell>) -> Self {
        let start = Instant::now();
        Self { ctx: egui::Context::default(), start, doorbell, due: Some(start), frames: 0 }
    }

    /// Waits for the next frame eframe would draw, but not past `until`, and draws it. The end of the frame, if drawn.
    pub fn step(&mut self, app: &mut WizardApp, until: Instant) -> Option<Instant> {
        let rung = self.doorbell.wait_until(self.due.map_or(until, |due| due.min(until)));
        if !rung && self.due.is_none_or(|due| Instant::now() < due) {
            return None;
        }
        let delay = frame(&self.ctx, self.start.elapsed().as_secs_f64(), |ui| app.draw(ui));
        let end = Instant::now();
        self.frames += 1;
        self.due = end.checked_add(delay);
        Some(end)
    }

    /// Frames drawn during `span`.
    pub fn frames_during(&mut self, app: &mut WizardApp, span: Duration) -> usize {
        let (before, until) = (self.frames, Instant::now() + span);
        while Instant::now() < until {
            self.step(app, until);
        }
        self.frames - before
    }

    /// Draws frames as they come until one ends with `done` true of the wizard; the end of that frame. Panics after a
    /// minute.
    pub fn until(&mut self, app: &mut WizardApp, what: &str, done: impl Fn(&Wizard) -> bool) -> Instant {
        let patience = Instant::now() + Duration::from_mins(1);
        if done(app.wizard()) {
            return Instant::now();
        }
        loop {
            assert!(Instant::now() < patience, "waited a minute for {what}; at {:#?}", app.wizard().step());
            if let Some(end) = self.step(app, patience)
                && done(app.wizard())
            {
                return end;
            }
        }
    }
}
