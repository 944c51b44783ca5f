//! Room for the window's chrome (the banner with the menus and the demo strip, the step list, the status line) kept
//! before the step is drawn and filled after it. Panels lay out in the order they are added, and egui's Tab follows
//! the order widgets are drawn in: this way the chrome keeps its place on screen while Tab reaches the step's fields
//! and actions first. The banner's and the status line's heights are those their contents took last frame.

use egui::{Rect, Ui};

use super::theme;

/// Where a piece of chrome goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// The banner across the top: the title, the menus, the demo strip.
    Banner,
    /// The step list down the left.
    Steps,
    /// The status line across the bottom.
    Status,
}

/// The width of the step list.
const STEPS_WIDTH: f32 = 190.0;

/// The heights the banner and the status line took last frame (a guess before the first).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct ChromeRoom {
    banner: f32,
    status: f32,
}

impl Default for ChromeRoom {
    fn default() -> Self {
        Self { banner: 64.0, status: 22.0 }
    }
}

/// The room kept for one piece of chrome: the rectangle its contents go in, and the panel's own margins around it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reserved {
    place: Place,
    inner: Rect,
    margin: f32,
}

impl ChromeRoom {
    /// Keeps the room for `place` (an empty panel of its size), to be filled by [`ChromeRoom::fill`].
    pub(super) fn reserve(self, ui: &mut Ui, place: Place) -> Reserved {
        let panel = match place {
            Place::Banner => egui::Panel::top("banner").resizable(false).exact_size(self.banner),
            Place::Steps => {
                egui::Panel::left("steps").resizable(false).exact_size(STEPS_WIDTH).frame(theme::side_panel_frame(ui))
            }
            Place::Status => egui::Panel::bottom("status").resizable(false).exact_size(self.status),
        };
        let shown = panel.show(ui, |ui| ui.max_rect());
        let (outer, inner) = (shown.response.rect, shown.inner);
        let margin = match place {
            Place::Banner | Place::Status => (outer.height() - inner.height()).max(0.0),
            Place::Steps => 0.0,
        };
        Reserved { place, inner, margin }
    }

    /// Draws `add` into the room kept for it; remembers the height it took, and asks for another frame when that
    /// differs from the room it had.
    pub(super) fn fill<R>(&mut self, ui: &mut Ui, reserved: Reserved, add: impl FnOnce(&mut Ui) -> R) -> R {
        let drawn = ui.scope_builder(egui::UiBuilder::new().max_rect(reserved.inner), |ui| {
            ui.set_clip_rect(reserved.inner.expand(reserved.margin));
            add(ui)
        });
        let needed = drawn.response.rect.height() + reserved.margin;
        let kept = match reserved.place {
            Place::Banner => &mut self.banner,
            Place::Status => &mut self.status,
            Place::Steps => return drawn.inner,
        };
        if (needed - *kept).abs() > 0.5 {
            *kept = needed;
            ui.ctx().request_repaint();
        }
        drawn.inner
    }
}
