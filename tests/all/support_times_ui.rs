//! Times you can quote: a failure that asks the person to contact support says when it happened, in local time with
//! UTC beside it, and gives a reference to copy that names what failed, its exact terms and the UTC time.

use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::api::{Fault, FaultEndpoint, FaultKind, Scenario};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::wizard::{CreatePhase, CreateProblem, Step};

use crate::onboarding_ui::walk_to_captcha;
use crate::support::{self, press, run_until};

#[test]
fn a_failure_that_asks_for_support_says_when_it_happened_and_gives_a_reference_to_copy() {
    let fault = Fault::always(FaultEndpoint::CreateOrganisation, FaultKind::ServerError);
    let config =
        EmulatorConfig { scenario: Scenario { fault: Some(fault), ..Scenario::default() }, ..support::test_emulator() };
    let test = support::test_app_with(config);
    let mut harness = support::harness(test.app);
    harness.step();
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    let before = jiff::Timestamp::now();
    press(&mut harness, "Create organisation");
    run_until(
        &mut harness,
        "the service's failure",
        |w| matches!(w.step(), Step::Create(s) if matches!(s.phase, CreatePhase::Failed(CreateProblem::Transient(_)))),
    );
    harness.step();
    let label = |node: egui_kittest::Node<'_>| {
        let node = node.accesskit_node();
        node.label().or_else(|| node.value()).expect("a text")
    };
    let when = label(harness.get_by_label_contains("Happened at"));
    assert!(when.contains("your time (") && when.ends_with(" UTC)"), "local time, then UTC: {when}");
    let utc = before.strftime("%Y-%m-%d").to_string();
    assert!(when.contains(&utc), "today's UTC date: {when}");
    let reference = label(harness.get_by_label_contains("has a problem on its side ·"));
    assert!(reference.contains("HTTP 500") && reference.ends_with(" UTC"), "{reference}");
    assert!(harness.query_by_label("Copy support reference").is_some(), "with Copy");
    support::assert_controls_named_once(&harness, "a failure asking for support");
    harness.into_state().shutdown();
}
