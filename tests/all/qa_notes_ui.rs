//! View → QA notes as a tester uses it: the current step marked passed with a note and a screenshot, then failed;
//! the marks in the timeline at their time, the screenshot saved as a PNG in the Export window's folder, and the
//! marks in the transcript.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::ui::WizardApp;

use crate::exports_ui::save;
use crate::support::{self, eventually, press};

/// Completes the screenshot the app asked for in its last frame with a small picture, as the window system would.
fn take_the_screenshot_asked_for(harness: &Harness<'_, WizardApp>) -> usize {
    let picture = std::sync::Arc::new(egui::ColorImage::new([4, 3], vec![egui::Color32::from_rgb(0, 126, 69); 12]));
    let mut taken = 0;
    for viewport in harness.output().viewport_output.values() {
        for command in &viewport.commands {
            if let egui::ViewportCommand::Screenshot(callback) = command {
                callback.clone().complete(std::sync::Arc::clone(&picture));
                taken += 1;
            }
        }
    }
    taken
}

fn timeline_text(harness: &Harness<'_, WizardApp>) -> String {
    harness.state().timeline().entries().map(|entry| entry.text.clone()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_step_marked_passed_with_a_screenshot_then_failed_is_in_the_timeline_the_folder_and_the_transcript() {
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.step();
    let folder = tempfile::tempdir().expect("temp dir");
    crate::exports_ui::open_export_window_on(&mut harness, folder.path());
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);

    press(&mut harness, "View");
    harness.run_steps(2);
    press(&mut harness, "QA notes…");
    harness.run_steps(2);
    support::type_into(&mut harness, "Note", "Continue is in view at 800×600");
    press(&mut harness, "With a screenshot of the window (saved beside the exports)");
    press(&mut harness, "Mark Environment passed");
    assert_eq!(take_the_screenshot_asked_for(&harness), 1, "one picture asked for with the mark");
    let harness = std::cell::RefCell::new(harness);
    let saved = eventually(
        "the screenshot saved",
        || {
            harness.borrow_mut().step();
            let timeline = timeline_text(&harness.borrow());
            timeline.lines().find_map(|line| line.strip_prefix("QA screenshot saved as ").map(std::path::PathBuf::from))
        },
        || timeline_text(&harness.borrow()),
    );
    let mut harness = harness.into_inner();
    let picture = std::fs::read_dir(folder.path())
        .expect("the folder")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "png"))
        .expect("a PNG in the Export window's folder");
    assert_eq!(saved, picture, "the timeline says where it went");
    let decoded = image::open(&picture).expect("a PNG");
    assert_eq!((decoded.width(), decoded.height()), (4, 3), "the window's picture as taken");
    harness.run_steps(2);
    let timeline = timeline_text(&harness);
    assert!(timeline.contains("QA: Environment passed: \"Continue is in view at 800×600\""), "{timeline}");
    assert!(timeline.contains(&format!("QA screenshot saved as {}", picture.display())), "{timeline}");

    press(&mut harness, "With a screenshot of the window (saved beside the exports)");
    press(&mut harness, "Mark Environment failed");
    assert_eq!(take_the_screenshot_asked_for(&harness), 0, "no picture asked for without the box ticked");
    harness.run_steps(2);
    let timeline = timeline_text(&harness);
    assert!(timeline.contains("QA: Environment FAILED"), "{timeline}");
    assert!(harness.query_by_label_contains("QA: Environment FAILED").is_some(), "the window lists the marks");

    press(&mut harness, "Export");
    harness.run_steps(2);
    press(&mut harness, "HAR file, transcript or support bundle…");
    harness.run_steps(2);
    let transcript = save(&mut harness, "Save transcript", folder.path(), "md");
    let transcript = std::fs::read_to_string(transcript).expect("the transcript");
    let passed = transcript.find("QA: Environment passed").expect("the passed mark in the transcript");
    let failed = transcript.find("QA: Environment FAILED").expect("the failed mark in the transcript");
    assert!(passed < failed, "in the order they were made");
    harness.into_state().shutdown();
}
