//! The inspector's list as helpdesk staff use it: a click anywhere on a row (its text included) selects it; the list
//! is one Tab stop where the arrow keys, Home and End move the selection; the divider between the list and the details
//! is dragged and the split is kept for the next start; in a short window the details are a second page with a way
//! back.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::DetailsShare;

use crate::onboarding_ui::{create_and_verify, walk_to_captcha};
use crate::support;

/// The keyring and the progress folder of an app under test.
type Kept = (std::sync::Arc<bankfeeds_onboard::secrets::KeyringStore>, tempfile::TempDir);

/// The app onboarded in a window of `size`, with the inspector open; its keyring and progress folder.
fn onboarded_with_the_inspector(size: [f32; 2]) -> (Harness<'static, WizardApp>, Kept) {
    let support::TestApp { app, secrets, data_dir } = support::test_app();
    let rest = (secrets, data_dir);
    let mut harness = Harness::builder().with_size(size).build_ui_state(|ui, app: &mut WizardApp| app.draw(ui), app);
    harness.step();
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    create_and_verify(&mut harness);
    harness.state_mut().inspector_mut().open = true;
    harness.step();
    harness.step();
    (harness, rest)
}

/// True when the inspector shows a request in full.
fn shown_in_full(harness: &Harness<'_, WizardApp>) -> bool {
    harness.query_by_label("Copy the request's URL").is_some()
}

/// The labels of the list's path cells, top to bottom.
fn paths(harness: &Harness<'_, WizardApp>) -> Vec<String> {
    let list = harness.get_by_label_contains("Requests, ").rect();
    let mut cells: Vec<(f32, String)> = harness
        .query_all_by_label_contains("/v1/")
        .filter(|node| list.contains_rect(node.rect()))
        .filter_map(|node| Some((node.rect().top(), node.accesskit_node().value().or(node.accesskit_node().label())?)))
        .collect();
    cells.sort_by(|a, b| a.0.total_cmp(&b.0));
    cells.into_iter().map(|(_, path)| path).collect()
}

fn selected(harness: &Harness<'_, WizardApp>) -> Option<u64> {
    harness.state().inspector().selected()
}

#[test]
fn a_click_on_a_rows_text_selects_it_and_the_arrow_keys_move_the_selection() {
    let (mut harness, _test) = onboarded_with_the_inspector([1920.0, 1080.0]);
    let rows = paths(&harness);
    assert!(rows.len() >= 4, "onboarding made several requests: {rows:?}");
    assert_eq!(selected(&harness), None);
    harness.get_all_by_label(&rows[1]).next().expect("the second row's path").click();
    harness.step();
    let second = selected(&harness).expect("a click on the path's text selects the row");

    harness.key_press(egui::Key::ArrowDown);
    harness.step();
    let third = selected(&harness).expect("still one selected");
    assert_eq!(third, second + 1, "Down selects the next row");
    harness.key_press(egui::Key::ArrowUp);
    harness.step();
    assert_eq!(selected(&harness), Some(second), "Up the one before");
    harness.key_press(egui::Key::End);
    harness.step();
    let last = harness.state().exchanges().exchanges().last().map(|exchange| exchange.id);
    assert_eq!(selected(&harness), last, "End the last");
    harness.key_press(egui::Key::Home);
    harness.step();
    let first = harness.state().exchanges().exchanges().first().map(|exchange| exchange.id);
    assert_eq!(selected(&harness), first, "Home the first");
    support::assert_controls_named_once(&harness, "onboarded, with the inspector");
    harness.into_state().shutdown();
}

#[test]
fn the_divider_dragged_is_kept_for_the_next_start() {
    let (mut harness, test) = onboarded_with_the_inspector([1920.0, 1080.0]);
    assert_eq!(harness.state().wizard().session().inspector_details, DetailsShare::DEFAULT);
    // The divider lies between the list and the details, just below the list.
    let list = harness.get_by_label_contains("Requests, ").rect();
    let grab = egui::pos2(list.center().x, list.bottom() + 3.0);
    let event = |harness: &mut Harness<'_, WizardApp>, event: egui::Event| {
        harness.event(event);
        harness.step();
    };
    event(&mut harness, egui::Event::PointerMoved(grab));
    let press = |pressed| egui::Event::PointerButton {
        pos: grab + egui::vec2(0.0, if pressed { 0.0 } else { -200.0 }),
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    event(&mut harness, press(true));
    for step in 1..=10 {
        #[expect(clippy::cast_precision_loss, reason = "small numbers")]
        let moved = grab + egui::vec2(0.0, -20.0 * step as f32);
        event(&mut harness, egui::Event::PointerMoved(moved));
    }
    event(&mut harness, press(false));
    harness.step();
    let kept = harness.state().wizard().session().inspector_details;
    assert!(kept > DetailsShare::DEFAULT, "the details grew as the divider went up: {}%", kept.percent());

    let (secrets, data_dir) = test;
    harness.into_state().shutdown();
    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app);
    support::run_until(&mut harness, "the progress read", |w| w.session().inspector_details == kept);
    harness.into_state().shutdown();
}

#[test]
fn in_a_short_window_the_details_are_a_second_page_with_a_way_back() {
    let (mut harness, _test) = onboarded_with_the_inspector([800.0, 600.0]);
    let rows = paths(&harness);
    assert!(!rows.is_empty());
    assert!(harness.query_by_label("Back to all requests").is_none(), "the list first");
    harness.get_all_by_label(&rows[0]).next().expect("a row").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label_contains("Requests, ").is_none(), "the details in place of the list");
    assert!(shown_in_full(&harness), "the request in full");
    harness.get_by_label("Back to all requests").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label_contains("Requests, ").is_some(), "back to the list");
    harness.into_state().shutdown();
}
