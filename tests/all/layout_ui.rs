//! Every step's screen at 800×600, at the default 1040×780 and at 1920×1080, with and without the request inspector
//! open: nothing sticks out of the window's sides (the accessibility tree's rectangles), and no two widgets on view
//! are drawn over each other (egui's record of where it drew each one, clipped to its area).

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};

use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{CaptchaFetch, KeyPhase, Step};

use crate::linking_ui::start_link;
use crate::support::{self, CAPTCHA_TEXT, fill_organisation_form, press, run_until, type_into};

/// The size every screen is checked at.
const SMALL: egui::Vec2 = egui::vec2(800.0, 600.0);
/// The product's default size, which the walk returns to between checks.
const DEFAULT: egui::Vec2 = egui::vec2(1040.0, 780.0);
/// A large desktop screen.
const LARGE: egui::Vec2 = egui::vec2(1920.0, 1080.0);
/// How much two rectangles may share before they count as drawn over each other (rounding, focus rings).
const SLACK: f32 = 1.5;

/// What is wrong with the layout now: widgets beyond the window's sides (from the accessibility tree), and widgets
/// whose visible parts overlap (from egui's own record of where it drew each widget, clipped to its area: a control
/// scrolled under the action bar or a panel shows nothing there).
fn layout_problems(harness: &Harness<'_, WizardApp>, size: egui::Vec2) -> Vec<String> {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    let mut problems = Vec::new();
    let mut names = std::collections::HashMap::new();
    for node in harness.query_all(by().predicate(|_| true)) {
        let Some(rect) = rect_of(&node.accesskit_node()) else { continue };
        let name = node.accesskit_node().label().unwrap_or_default();
        names.insert(node.accesskit_node().locate().0.0, name.clone());
        if rect.is_positive() && (rect.left() < window.left() - SLACK || rect.right() > window.right() + SLACK) {
            problems.push(format!("\"{name}\" at {rect:?} sticks out of the {size:?} window"));
        }
    }
    let widgets = harness.ctx.viewport(|viewport| viewport.prev_pass.widgets.clone());
    let mut controls = Vec::new();
    for (_, layer) in widgets.layers() {
        for widget in layer {
            let shown = widget.interact_rect.intersect(window);
            let name = names.get(&widget.id.value()).cloned().unwrap_or_default();
            // A panel's resize handle lies across the panel's edge on purpose.
            if shown.is_positive() && !name.is_empty() && name != "Resize panel" {
                controls.push((name, shown));
            }
        }
    }
    for (index, (name, rect)) in controls.iter().enumerate() {
        for (other, other_rect) in &controls[index + 1..] {
            let shared = rect.intersect(*other_rect);
            if shared.width() > SLACK && shared.height() > SLACK {
                problems.push(format!("\"{name}\" at {rect:?} and \"{other}\" at {other_rect:?} overlap"));
            }
        }
    }
    problems
}

/// A node's rectangle in points (drawn at one pixel per point, so the tree's pixel box is in points); `None` for a
/// node that draws nothing.
fn rect_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<egui::Rect> {
    let bounds = node.bounding_box()?;
    #[expect(clippy::cast_possible_truncation, reason = "window coordinates fit an f32")]
    let rect = egui::Rect::from_min_max(
        egui::pos2(bounds.x0 as f32, bounds.y0 as f32),
        egui::pos2(bounds.x1 as f32, bounds.y1 as f32),
    );
    Some(rect)
}

/// Checks the current screen at 800×600 without and with the inspector open, then goes back to the default size.
pub(crate) fn check(harness: &mut Harness<'_, WizardApp>, screen: &str, failures: &mut Vec<String>) {
    for size in [SMALL, DEFAULT, LARGE] {
        harness.set_size(size);
        for inspector in [false, true] {
            harness.state_mut().inspector_mut().open = inspector;
            harness.step();
            harness.step();
            let with = if inspector { "with the inspector" } else { "alone" };
            let at = format!("{screen} at {}×{}, {with}", size.x, size.y);
            failures.extend(layout_problems(harness, size).into_iter().map(|problem| format!("{at}: {problem}")));
        }
    }
    harness.state_mut().inspector_mut().open = false;
    harness.set_size(DEFAULT);
    harness.step();
}

#[test]
fn every_step_fits_800_by_600_the_default_size_and_1920_by_1080_with_nothing_drawn_over_anything_else() {
    let test = support::test_app_with(bankfeeds_onboard::emulator::EmulatorConfig {
        poll_period: std::time::Duration::from_millis(100),
        activation_delay: std::time::Duration::from_millis(300),
        ..support::test_emulator()
    });
    let mut harness = support::harness(test.app);
    let mut failures = Vec::new();
    harness.step();
    check(&mut harness, "environment", &mut failures);
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    check(&mut harness, "licence", &mut failures);
    type_into(&mut harness, "Serial", "ACTIVE");
    press(&mut harness, "Check the licence with Sage");
    run_until(&mut harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    check(&mut harness, "organisation", &mut failures);
    fill_organisation_form(&mut harness, "Acme Widgets");
    press(&mut harness, "Continue");
    run_until(
        &mut harness,
        "a captcha",
        |w| matches!(w.step(), Step::Captcha(s) if matches!(s.captcha, CaptchaFetch::Ready(_))),
    );
    check(&mut harness, "captcha", &mut failures);
    type_into(&mut harness, "Characters in the image", CAPTCHA_TEXT);
    press(&mut harness, "Create organisation");
    run_until(&mut harness, "onboarded", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    check(&mut harness, "onboarded", &mut failures);
    press(&mut harness, "Link a bank account");
    run_until(
        &mut harness,
        "the bank list",
        |w| matches!(w.step(), Step::Bank(s) if matches!(s.list, bankfeeds_onboard::wizard::BankList::Ready(_))),
    );
    check(&mut harness, "bank", &mut failures);
    let redirect = start_link(&mut harness, "Emulator Bank");
    check(&mut harness, "link waiting", &mut failures);
    crate::consent::approve_blocking(&redirect);
    run_until(
        &mut harness,
        "linked",
        |w| matches!(w.step(), Step::Link(s) if matches!(s.phase, bankfeeds_onboard::wizard::LinkPhase::Linked(_))),
    );
    check(&mut harness, "linked", &mut failures);
    press(&mut harness, "Continue");
    run_until(&mut harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    check(&mut harness, "account details", &mut failures);
    press(&mut harness, "Create bank account");
    run_until(&mut harness, "an active account", |w| {
        matches!(w.step(), Step::Account(s) if matches!(&s.phase, bankfeeds_onboard::wizard::AccountPhase::Following(f)
            if f.account.status == bankfeeds_onboard::api::models::BankAccountStatus::Active))
    });
    check(&mut harness, "account active", &mut failures);
    press(&mut harness, "Add more accounts from this bank");
    run_until(&mut harness, "more accounts", |w| matches!(w.step(), Step::MoreAccounts(_)));
    check(&mut harness, "more accounts", &mut failures);
    harness.state_mut().dispatch(bankfeeds_onboard::wizard::Intent::ShowOverview);
    run_until(&mut harness, "the overview", |w| matches!(w.step(), Step::Overview(_)));
    crate::support::run_until_shown(&mut harness, "Refresh statuses");
    check(&mut harness, "overview", &mut failures);
    for failure in &failures {
        println!("{failure}");
    }
    assert!(failures.is_empty(), "{} layout problems:\n{}", failures.len(), failures.join("\n"));
    harness.into_state().shutdown();
}

#[test]
fn a_problem_told_after_continue_is_scrolled_into_view_of_a_small_window() {
    use bankfeeds_onboard::secrets::{KeyringProblem, SecretStore};
    let data_dir = tempfile::tempdir().expect("temp dir");
    let keyring = crate::keyring_trouble::FaultyKeyring::failing_with(KeyringProblem::Unavailable {
        detail: "no Secret Service on the bus".into(),
    });
    let runtime = support::runtime_on(std::sync::Arc::new(keyring) as std::sync::Arc<dyn SecretStore>, data_dir.path());
    let mut harness = support::harness(WizardApp::new(runtime));
    harness.set_size(SMALL);
    harness.step();
    press(&mut harness, "Continue");
    run_until(&mut harness, "the keyring's problem", |w| w.session().connect_problem.is_some());
    harness.step();
    let title = harness.get_by_label_contains("No keyring is available");
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, SMALL);
    let shown = rect_of(&title.accesskit_node()).expect("drawn");
    assert!(window.contains_rect(shown), "the problem at {shown:?} is outside the {SMALL:?} window");
    harness.into_state().shutdown();
}
