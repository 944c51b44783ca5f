//! The bank search when nothing matches, in `egui_kittest` on the emulator's British list: the nearest names, each a
//! button named "Search for …" that puts the name in the search box (by keyboard: Tab, Enter, and Enter again links
//! it), what was typed kept, and what to do when a bank is not listed; nonsense gets no suggestion.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};

use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{LinkStep, Step};

use crate::action_bar_ui::{focused_name, type_here};
use crate::linking_ui::at_bank_search;
use crate::support::{self, run_until, type_into};

/// The names of the buttons that search for a suggested name, in the order drawn.
fn suggestions(harness: &Harness<'_, WizardApp>) -> Vec<String> {
    harness
        .query_all(by().predicate(|node| node.label().is_some_and(|name| name.starts_with("Search for "))))
        .filter_map(|node| node.accesskit_node().label())
        .collect()
}

fn query(harness: &Harness<'_, WizardApp>) -> String {
    harness.state().wizard().session().bank_query.clone()
}

/// The sentence that says what a bank missing from the list means.
const NOT_LISTED: &str = "ask your bank about a direct bank feed";

#[test]
fn a_misspelt_bank_suggests_the_nearest_name_and_the_keyboard_takes_it_and_links_it() {
    let (mut harness, _data_dir) = at_bank_search();
    type_here(&mut harness, "emulater slwo");
    harness.step();
    assert!(harness.query_by_label("No bank matches \"emulater slwo\"").is_some());
    assert_eq!(suggestions(&harness), ["Search for Emulator Slow Bank"]);
    assert!(harness.query_by_label_contains(NOT_LISTED).is_some(), "what to do when a bank is not listed");
    assert_eq!(query(&harness), "emulater slwo", "what was typed stays in the box");
    support::assert_controls_named_once(&harness, "bank search with a suggestion");

    harness.key_press(egui::Key::Tab);
    harness.step();
    assert_eq!(focused_name(&harness).as_deref(), Some("Search for Emulator Slow Bank"), "one Tab from the box");
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
    assert_eq!(query(&harness), "Emulator Slow Bank");
    assert_eq!(focused_name(&harness).as_deref(), Some("Search banks"), "the box has the focus back");
    assert!(suggestions(&harness).is_empty(), "a search that finds something suggests nothing");
    assert!(harness.query_by_label_contains(NOT_LISTED).is_none());

    harness.key_press(egui::Key::Enter);
    harness.step();
    run_until(
        &mut harness,
        "the link with the bank suggested",
        |w| matches!(w.step(), Step::Link(LinkStep { bank, .. }) if bank.name == "Emulator Slow Bank"),
    );
    harness.into_state().shutdown();
}

#[test]
fn a_name_taken_by_mouse_lists_its_bank_and_typing_goes_on_at_its_end() {
    let (mut harness, _data_dir) = at_bank_search();
    type_into(&mut harness, "Search banks", "Emulator Declinng");
    assert_eq!(suggestions(&harness), ["Search for Emulator Declining Bank"]);
    harness.get_by_label("Search for Emulator Declining Bank").click();
    harness.step();
    harness.step();
    assert!(harness.query_by_label("Emulator Declining Bank").is_some(), "the bank is listed");
    type_here(&mut harness, "!");
    assert_eq!(query(&harness), "Emulator Declining Bank!", "the cursor is after the name");
    harness.into_state().shutdown();
}

#[test]
fn nonsense_gets_no_suggestion_but_still_says_what_to_do() {
    let (mut harness, _data_dir) = at_bank_search();
    type_into(&mut harness, "Search banks", "qwertyuiop");
    harness.step();
    assert!(harness.query_by_label("No bank matches \"qwertyuiop\"").is_some());
    assert!(suggestions(&harness).is_empty());
    assert!(harness.query_by_label_contains(NOT_LISTED).is_some());
    assert_eq!(query(&harness), "qwertyuiop");
    harness.into_state().shutdown();
}
