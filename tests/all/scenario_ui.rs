//! The scenario switcher in `egui_kittest`: chosen from its menus, a scenario applies at once and the next link
//! reaches its intended outcome; one set by command-line flags shows in the demo strip as soon as the emulator runs.

use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::api::scenario::{ConsentScenario, Scenario};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::wizard::{LinkPhase, Step};

use crate::consent;
use crate::linking_ui::{at_bank_search, link_phase, start_link};
use crate::support::{self, press, run_until};

#[test]
fn a_consent_declined_from_the_menu_ends_the_next_link_declined_and_the_strip_says_so() {
    let (mut harness, _data_dir) = at_bank_search();
    press(&mut harness, "Scenarios…");
    support::run_until_shown(&mut harness, "In force");
    harness.get_by_label("Consent at the bank").click();
    harness.run_steps(2);
    harness.get_by_label("Declined, whatever is pressed").click();
    support::run_until_shown(&mut harness, "Scenario: consent: declined, whatever is pressed");
    let redirect = start_link(&mut harness, "Emulator Bank");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the decline", |w| matches!(link_phase(w), Some(LinkPhase::Declined)));
    assert!(harness.query_by_label("Emulator Bank did not link an account").is_some());
}

#[test]
fn a_fault_chosen_from_the_menu_fails_the_next_link_once_and_try_again_goes_on() {
    let (mut harness, _data_dir) = at_bank_search();
    press(&mut harness, "Scenarios…");
    support::run_until_shown(&mut harness, "In force");
    harness.get_by_label("Injected fault").click();
    harness.run_steps(2);
    harness.get_by_label("GET indirectlinkaccount").click_accesskit();
    support::run_until_shown(&mut harness, "Scenario: fault GET indirectlinkaccount: 500 JSON, the next request");
    harness.get_by_label("fails with").click();
    harness.run_steps(2);
    harness.get_by_label("502 HTML").click_accesskit();
    support::run_until_shown(&mut harness, "Scenario: fault GET indirectlinkaccount: 502 HTML, the next request");

    support::type_into(&mut harness, "Search banks", "Emulator Bank");
    press(&mut harness, "Emulator Bank");
    run_until(&mut harness, "the failed link", |w| matches!(link_phase(w), Some(LinkPhase::Failed { .. })));
    assert!(
        harness.query_by_label("Starting the link failed: the Banking Service has a problem on its side").is_some(),
        "the failure in words"
    );
    press(&mut harness, "Try again");
    run_until(&mut harness, "the bank's page", |w| matches!(link_phase(w), Some(LinkPhase::Waiting { .. })));
}

#[test]
fn a_scenario_from_the_command_line_shows_in_the_strip_once_connected() {
    let scenario = Scenario { consent: ConsentScenario::Slow, latency_ms: 50, ..Scenario::default() };
    let test = support::test_app_with(EmulatorConfig { scenario, ..support::test_emulator() });
    let mut harness = support::harness(test.app);
    harness.step();
    assert!(harness.query_by_label("Every step succeeds").is_some(), "nothing is known before the emulator runs");
    press(&mut harness, "Continue");
    run_until(&mut harness, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    let wanted = "Scenario: consent: slow: a few more polls after the decision; latency 50 ms";
    support::run_until_shown(&mut harness, wanted);
    harness.into_state().shutdown();
}
