//! The customer's screens in a business owner's words, end to end in `egui_kittest`: onboarded, the bank search, the
//! bank's page, the linked account, the bank account, more accounts before and after a batch, and the overview each
//! hold none of the exact terms (aggregator, authorisation, candidate, JWT, an HTTP status, a bare organisation ID…),
//! which stay in the inspector, the timeline and the tooltips.

use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};

use bankfeeds_onboard::emulator::fixtures::NAMED_SERIALS;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{KeyPhase, LinkPhase, Listing, MoreAccountsStep, Step};

use crate::consent;
use crate::linking_ui::{at_bank_search, link_phase, start_link};
use crate::onboarding_ui::walk_to_captcha;
use crate::support::{self, more_accounts, press, run_until};

/// Words a customer's screen never shows (their exact meaning is for helpdesk).
const EXACT_TERMS: [&str; 14] = [
    "aggregator",
    "Aggregator",
    "authorisation",
    "Authorisation",
    "candidate",
    "Candidate",
    "JWT",
    "access token",
    "Token Service",
    "indirect link",
    "Links at once",
    "Last on",
    "Organisation ID",
    "HTTP ",
];

/// Fails when a text on screen holds one of the [`EXACT_TERMS`]. An address (the bank's page is the aggregator's URL)
/// and the local emulator's test serials (a QA aid, shown on the emulator only, that names what each forces) are
/// data, not words.
fn assert_plain(harness: &Harness<'_, WizardApp>, screen: &str) {
    let exempt = |text: &str| {
        text.contains("://") || NAMED_SERIALS.iter().any(|named| named.effect == text || named.serial == text)
    };
    let texts: Vec<String> = harness
        .query_all(By::new())
        .filter_map(|node| {
            let node = node.accesskit_node();
            node.value().or_else(|| node.label())
        })
        .filter(|text| !exempt(text))
        .collect();
    assert!(!texts.is_empty(), "nothing read on {screen}");
    for term in EXACT_TERMS {
        let found: Vec<&String> = texts.iter().filter(|text| text.contains(term)).collect();
        assert!(found.is_empty(), "{screen} says \"{term}\": {found:?}");
    }
}

#[test]
fn the_licence_and_onboarded_screens_speak_plainly() {
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.step();
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    assert_plain(&harness, "the licence step");
    press(&mut harness, "Back");
    run_until(&mut harness, "the first step", |w| matches!(w.step(), Step::Environment(_)));
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    assert_plain(&harness, "the captcha step");
    press(&mut harness, "Create organisation");
    run_until(&mut harness, "verified", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    assert_plain(&harness, "the onboarded step");
}

#[test]
fn linking_more_accounts_and_the_overview_speak_plainly() {
    let (mut harness, _data_dir) = at_bank_search();
    assert_plain(&harness, "the bank search");
    let redirect = start_link(&mut harness, "Emulator Bank");
    assert_plain(&harness, "the bank's page, waiting");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    assert_plain(&harness, "the linked account");
    press(&mut harness, "Continue");
    run_until(&mut harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    assert_plain(&harness, "the account's details");
    press(&mut harness, "Create bank account");
    support::run_until_shown(&mut harness, "Add more accounts from this bank");
    assert_plain(&harness, "the bank account");
    press(&mut harness, "Add more accounts from this bank");
    run_until(&mut harness, "the listed accounts", |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready));
    assert_plain(&harness, "more accounts");
    assert!(harness.query_by_label("How many at once").is_some());
    press(&mut harness, "Select all");
    run_until(&mut harness, "all ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 3));
    press(&mut harness, "Link 3 accounts");
    run_until(&mut harness, "the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    assert_plain(&harness, "more accounts, linked");
    assert!(harness.query_all(By::new().label_contains("Last transaction on")).next().is_some());
    press(&mut harness, "Done");
    run_until(
        &mut harness,
        "the overview read",
        |w| matches!(w.step(), Step::Overview(step) if step.cards.iter().all(|card| card.loaded.is_some())),
    );
    assert_plain(&harness, "the overview");
    assert!(
        harness.query_by_label("Organisation's reference for Sage support").is_some(),
        "the organisation ID, said what it is"
    );
}
