//! Closing the window while a new organisation's key is held only in memory: the close is cancelled and a
//! confirmation says what would be lost, with the sentence for Sage support (organisation ID and time); Try again
//! stores the key, and Close anyway lets the window close.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::secrets::SecretStore;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{CreatePhase, KeyPhase, Step};

use crate::onboarding_ui::walk_to_captcha;
use crate::support::{self, LockableKeyring, press, run_until};

/// Asks the window to close, as its ✕ or the desktop would; returns whether the app cancelled the close.
fn ask_to_close(harness: &mut Harness<'_, WizardApp>) -> bool {
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    harness.step();
    commands_sent(harness).contains(&egui::ViewportCommand::CancelClose)
}

fn commands_sent(harness: &Harness<'_, WizardApp>) -> Vec<egui::ViewportCommand> {
    harness.output().viewport_output.get(&egui::ViewportId::ROOT).map(|out| out.commands.clone()).unwrap_or_default()
}

fn onboarded_with_key_refused() -> (Harness<'static, WizardApp>, std::sync::Arc<LockableKeyring>, tempfile::TempDir) {
    let keyring = LockableKeyring::refusing_after_the_probe();
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store = std::sync::Arc::clone(&keyring) as std::sync::Arc<dyn SecretStore>;
    let mut harness = support::harness(WizardApp::new(support::runtime_on(store, data_dir.path())));
    harness.step();
    walk_to_captcha(&mut harness, Some("CLOSE-GUARD"), "Acme Close");
    keyring.set_locked(true);
    press(&mut harness, "Create organisation");
    run_until(
        &mut harness,
        "the key refused",
        |w| matches!(w.step(), Step::Onboarded(s) if matches!(s.phase, KeyPhase::NotStored { .. })),
    );
    (harness, keyring, data_dir)
}

#[test]
fn closing_with_the_key_only_in_memory_asks_first_and_tells_what_to_say_to_support() {
    let (mut harness, keyring, _data_dir) = onboarded_with_key_refused();
    let Step::Onboarded(step) = harness.state().wizard().step().clone() else { unreachable!("settled above") };
    let organisation = step.organisation.organisation_id.as_str().to_owned();

    assert!(ask_to_close(&mut harness), "the close is held back");
    harness.step();
    assert!(harness.query_by_label("Close and lose the signing key?").is_some(), "the confirmation is open");
    let note = harness
        .query_all_by_role(egui::accesskit::Role::Label)
        .filter_map(|node| node.accesskit_node().value())
        .find(|text| text.contains("was lost when the app was closed"))
        .expect("the sentence for support is on screen");
    assert!(note.contains(&organisation), "it names the organisation: {note}");
    assert!(note.contains(&step.organisation.created_at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()), "{note}");

    // Try again from the confirmation: the keyring works now, the key is stored, and closing is no longer held back.
    keyring.set_locked(false);
    press(&mut harness, "Try the keyring again");
    run_until(&mut harness, "the key stored", |w| w.key_only_in_memory().is_none());
    assert!(harness.query_by_label("Close and lose the signing key?").is_none(), "the confirmation is gone");
    assert!(!ask_to_close(&mut harness), "a close goes through once the keyring has the key");
    assert_eq!(keyring.load(&step.organisation.key_slot()).map(|key| key.expose().len()), Ok(64));
    harness.into_state().shutdown();
}

#[test]
fn close_anyway_closes_the_window_after_the_confirmation() {
    let (mut harness, _keyring, _data_dir) = onboarded_with_key_refused();
    assert!(ask_to_close(&mut harness), "the close is held back");
    harness.step();
    press(&mut harness, "Close anyway");
    assert!(commands_sent(&harness).contains(&egui::ViewportCommand::Close), "the window is closed on request");
    assert!(!ask_to_close(&mut harness), "and the close that follows is not held back");
    harness.into_state().shutdown();
}

#[test]
fn closing_while_post_organisation_is_under_way_is_held_back_until_its_answer_is_in() {
    let mut emulator = support::test_emulator();
    // Every Banking Service answer comes 2 s late: POST organisation is under way long enough to ask.
    emulator.scenario.latency_ms = 2_000;
    let data_dir = tempfile::tempdir().expect("temp dir");
    let keyring = std::sync::Arc::new(bankfeeds_onboard::secrets::KeyringStore::in_memory().expect("mock keyring"));
    let store = std::sync::Arc::clone(&keyring) as std::sync::Arc<dyn SecretStore>;
    let mut harness = support::harness(WizardApp::new(support::runtime_with(store, data_dir.path(), emulator)));
    harness.step();
    walk_to_captcha(&mut harness, Some("CLOSE-WHILE-CREATING"), "Acme Waiting");
    press(&mut harness, "Create organisation");
    assert_matches!(harness.state().wizard().step(), Step::Create(s) if matches!(s.phase, CreatePhase::Sending(_)), "under way");

    assert!(ask_to_close(&mut harness), "the close is held back while the answer may still carry the key");
    harness.step();
    assert!(harness.query_by_label("Close while the organisation is being created?").is_some());
    let note = harness
        .query_all_by_role(egui::accesskit::Role::Label)
        .filter_map(|node| node.accesskit_node().value())
        .find(|text| text.contains("while an organisation was being created"))
        .expect("the sentence for support is on screen");
    assert!(note.contains("CRM ID CRM-1001"), "it names the attempt by its CRM ID: {note}");

    run_until(&mut harness, "the key stored", |w| w.at_risk_on_close().is_none());
    assert!(harness.query_by_label("Close while the organisation is being created?").is_none());
    assert!(!ask_to_close(&mut harness), "a close goes through once the keyring has the key");
    harness.into_state().shutdown();
}
