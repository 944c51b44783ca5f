//! The primary action of each onboarding step is in the window at 800×600 and at the default size drawn at scale 2,
//! and the forms go on with the keyboard alone: each step opens with its first field focused (typing goes there with
//! no click) and Enter presses the step's primary action.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{CaptchaFetch, KeyPhase, Step};

use crate::support::{self, CAPTCHA_TEXT, run_until, type_into};

/// The app in a window of `size` points drawn at `scale` pixels per point.
fn harness(size: [f32; 2], scale: f32) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let test = support::test_app();
    let harness = Harness::builder()
        .with_size(size)
        .with_pixels_per_point(scale)
        .build_ui_state(|ui, app: &mut WizardApp| app.draw(ui), test.app);
    (harness, test.data_dir)
}

/// Fails unless the button labelled `label` lies wholly inside the window.
fn in_window(harness: &Harness<'_, WizardApp>, label: &str, size: [f32; 2]) {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
    let button = harness.get_by_label(label).rect();
    assert!(window.contains_rect(button), "\"{label}\" at {button:?} is not inside the {size:?} window");
}

/// Types `text` wherever the keyboard focus is, as a keyboard does (no accessibility action).
fn type_here(harness: &mut Harness<'_, WizardApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.step();
}

/// Presses Enter and lets the frame run.
fn enter(harness: &mut Harness<'_, WizardApp>) {
    harness.key_press(egui::Key::Enter);
    harness.step();
}

/// The accessible name of the widget with the keyboard focus.
fn focused_name(harness: &Harness<'_, WizardApp>) -> Option<String> {
    use egui_kittest::kittest::{NodeT as _, by};
    let focused = harness.ctx.memory(egui::Memory::focused)?;
    harness
        .query_all(by().predicate(|_| true))
        .find(|node| node.accesskit_node().locate().0.0 == focused.value())
        .and_then(|node| node.accesskit_node().label())
}

/// Presses Tab until the widget named `label` has the focus; how many presses that took.
fn tabs_to(harness: &mut Harness<'_, WizardApp>, label: &str, step: &str) -> usize {
    for presses in 0..=40 {
        if focused_name(harness).as_deref() == Some(label) {
            eprintln!("{step}: {presses} Tab presses to \"{label}\"");
            return presses;
        }
        harness.key_press(egui::Key::Tab);
        harness.step();
    }
    panic!("{step}: Tab never reached \"{label}\" in 40 presses");
}

/// Walks onboarding in a window of `size` at `scale` with the keyboard, checking each primary action is in view.
fn walk(size: [f32; 2], scale: f32) {
    let (mut harness, _data_dir) = harness(size, scale);
    harness.step();
    in_window(&harness, "Continue", size);
    assert_eq!(tabs_to(&mut harness, "Continue", "environment"), 0, "the first step opens on Continue");
    enter(&mut harness);
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));

    in_window(&harness, "Check the licence with Sage", size);
    type_here(&mut harness, "ACTIVE");
    let serial = &harness.state().wizard().session().licence.fields[0].value;
    assert_eq!(serial, "ACTIVE", "the licence step opens with its serial field focused");
    assert!(tabs_to(&mut harness, "Check the licence with Sage", "licence") <= 3);
    enter(&mut harness);
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));

    in_window(&harness, "Continue", size);
    type_here(&mut harness, "Acme Widgets");
    let company = &harness.state().wizard().session().organisation.company_name;
    assert_eq!(company, "Acme Widgets", "the organisation step opens with the company name focused");
    for (label, text) in support::FORM_AFTER_COMPANY {
        type_into(&mut harness, label, text);
    }
    assert!(tabs_to(&mut harness, "Continue", "organisation") <= 3);
    enter(&mut harness);
    run_until(
        &mut harness,
        "a captcha image",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );

    in_window(&harness, "Create organisation", size);
    type_here(&mut harness, CAPTCHA_TEXT);
    assert_eq!(harness.state().wizard().session().captcha_answer.as_str(), CAPTCHA_TEXT, "the answer field is focused");
    assert!(tabs_to(&mut harness, "Create organisation", "captcha") <= 3);
    enter(&mut harness);
    run_until(
        &mut harness,
        "the organisation onboarded",
        |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified),
    );
    in_window(&harness, "Link a bank account", size);
    assert_eq!(tabs_to(&mut harness, "Link a bank account", "onboarded"), 0, "nothing to type: it opens on the action");
}

#[test]
fn at_800_by_600_every_onboarding_step_shows_its_primary_action_and_goes_on_by_keyboard() {
    walk([800.0, 600.0], 1.0);
}

#[test]
fn at_scale_2_every_onboarding_step_shows_its_primary_action_and_goes_on_by_keyboard() {
    // The default window of 1040×780 pixels, drawn at scale 2: 520×390 points.
    walk([520.0, 390.0], 2.0);
}
