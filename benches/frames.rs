//! CPU time of one frame of the real `WizardApp::draw` per screen, with realistic data: layout on a 1280×800 screen
//! plus tessellation, headless (no GPU), beside `egui_demo_lib`'s `DemoWindows` as an ordinary egui frame. The wizard is
//! put on each screen by feeding it events as the wizard tests do; no effect is ever executed. Prints each screen's
//! median, its ratio to the demo's, and whether it is within the 1 ms budget: `cargo bench --bench frames`.

#![allow(clippy::print_stdout, reason = "a bench command prints its figures")]

#[allow(dead_code, reason = "this bench draws frames only, never in the reactive loop")]
mod headless;
mod screens;

use std::cell::RefCell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bankfeeds_onboard::ui::WizardApp;
use criterion::Criterion;

/// The most one frame may take, by its median.
const BUDGET: Duration = Duration::from_millis(1);

/// What is measured: a name, and what draws it.
type Screen = (&'static str, Box<dyn FnMut(&mut egui::Ui)>);

fn main() {
    let mut screens: Vec<Screen> = vec![("egui demo (DemoWindows)", demo())];
    for (name, app) in screens::all() {
        screens.push((name, wizard_screen(app)));
    }
    let mut criterion = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let medians: Vec<(&str, Duration)> =
        screens.into_iter().map(|(name, draw)| (name, median_frame(&mut criterion, name, draw))).collect();
    print_table(&medians);
}

/// `egui_demo_lib`'s demo with its default windows open.
fn demo() -> Box<dyn FnMut(&mut egui::Ui)> {
    let mut demo = egui_demo_lib::DemoWindows::default();
    Box::new(move |ui| demo.ui(ui))
}

fn wizard_screen(mut app: WizardApp) -> Box<dyn FnMut(&mut egui::Ui)> {
    Box::new(move |ui| app.draw(ui))
}

/// The median time of one frame (layout and tessellation) of `draw` in its own context, as criterion sampled it.
fn median_frame(criterion: &mut Criterion, name: &str, mut draw: Box<dyn FnMut(&mut egui::Ui)>) -> Duration {
    let ctx = egui::Context::default();
    let start = Instant::now();
    // A few frames first: fonts, theme, textures and the sizing passes are a start-up cost, not a frame's.
    for _ in 0..5 {
        headless::frame(&ctx, start.elapsed().as_secs_f64(), &mut draw);
    }
    let samples = RefCell::new(Vec::new());
    criterion.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let began = Instant::now();
            for _ in 0..iters {
                black_box(headless::frame(&ctx, start.elapsed().as_secs_f64(), &mut draw));
            }
            let took = began.elapsed();
            samples.borrow_mut().push(took / u32::try_from(iters).unwrap_or(u32::MAX));
            took
        });
    });
    // Criterion warms up first, then takes `sample_size` samples: the last ones are the measurement.
    let mut samples = samples.into_inner();
    let measured = samples.split_off(samples.len().saturating_sub(30));
    median(measured)
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn print_table(medians: &[(&str, Duration)]) {
    let demo = medians.first().map_or(Duration::ZERO, |(_, median)| *median);
    println!();
    println!("One frame (layout + tessellation, 1280×800, release): cargo bench --bench frames");
    println!("| Screen | Median | × demo | Budget 1 ms |");
    println!("|---|---:|---:|---|");
    for (name, median) in medians {
        let verdict = if *median <= BUDGET { "met" } else { "MISSED" };
        let ratio = median.as_secs_f64() / demo.as_secs_f64();
        println!("| {name} | {:.0} µs | {ratio:.2} | {verdict} |", median.as_secs_f64() * 1e6);
    }
}
