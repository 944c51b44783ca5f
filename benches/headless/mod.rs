//! Headless egui frames for the benches: one frame laid out (`Context::run_ui` on a 1280×800 screen) and tessellated
//! on the CPU, with no GPU and no window, as eframe does before it hands the triangles to the GPU.

pub mod reactive;

use std::hint::black_box;
use std::time::Duration;

use egui::{Context, Pos2, RawInput, Rect, Ui, Vec2, ViewportId};

/// The window's size in points.
pub const SCREEN: Vec2 = Vec2::new(1280.0, 800.0);

/// One frame at `time` seconds: layout of `draw`, then tessellation. Returns the delay egui asked for before the next
/// frame (`Duration::MAX` when it asked for none).
pub fn frame(ctx: &Context, time: f64, draw: impl FnMut(&mut Ui)) -> Duration {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        time: Some(time),
        ..RawInput::default()
    };
    let mut output = ctx.run_ui(input, draw);
    let shapes = std::mem::take(&mut output.shapes);
    black_box(ctx.tessellate(shapes, output.pixels_per_point));
    // No GPU takes the font atlas: drop its updates rather than let the output complain of them.
    output.textures_delta.clear();
    output.viewport_output.get(&ViewportId::ROOT).map_or(Duration::MAX, |viewport| viewport.repaint_delay)
}
