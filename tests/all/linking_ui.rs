//! The linking slice end to end in `egui_kittest`: onboard from the first screen, search the bank, link it at the
//! emulator's consent page (visited over HTTP and approved, as the browser would), choose the start date, and follow
//! the bank account to `active`; and the declining, slow and cancelled paths.

use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{AccountPhase, AccountStep, BankList, BankStep, LinkPhase, LinkStep, Step, Wizard};

use crate::consent;
use crate::onboarding_ui::{create_and_verify, walk_to_captcha};
use crate::support::{self, press, run_until, type_into};

/// An app whose emulator polls and activates quickly, onboarded and on the bank step with the list ready; and its
/// progress folder, kept while the test runs.
pub(crate) fn at_bank_search() -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let (harness, _secrets, data_dir) = at_bank_search_with_keyring();
    (harness, data_dir)
}

/// [`at_bank_search`], with the keyring the app writes to.
pub(crate) fn at_bank_search_with_keyring()
-> (Harness<'static, WizardApp>, std::sync::Arc<bankfeeds_onboard::secrets::KeyringStore>, tempfile::TempDir) {
    let test = support::test_app_with(quick_emulator());
    let (secrets, data_dir) = (test.secrets, test.data_dir);
    let harness = walk_to_bank_search(support::harness(test.app));
    (harness, secrets, data_dir)
}

/// [`at_bank_search`] with `browser` as the app's browser.
pub(crate) fn at_bank_search_with_browser(
    browser: std::sync::Arc<dyn bankfeeds_onboard::browser::BrowserOpener>,
) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let secrets = std::sync::Arc::new(bankfeeds_onboard::secrets::KeyringStore::in_memory().expect("mock keyring"));
    let runtime = support::runtime_with_browser(secrets, data_dir.path(), quick_emulator(), browser);
    (walk_to_bank_search(support::harness(WizardApp::new(runtime))), data_dir)
}

/// An emulator that polls every 100 ms and activates accounts after 300 ms.
fn quick_emulator() -> EmulatorConfig {
    EmulatorConfig {
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(300),
        ..support::test_emulator()
    }
}

/// Onboards from the first screen and opens the bank step, waiting for its list.
fn walk_to_bank_search(mut harness: Harness<'static, WizardApp>) -> Harness<'static, WizardApp> {
    harness.step();
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    create_and_verify(&mut harness);
    press(&mut harness, "Link a bank account");
    run_until(&mut harness, "the bank list", |w| {
        matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. }))
    });
    harness
}

/// From the bank search: `bank` linked at its consent page, the account created and followed until `active`.
pub(crate) fn link_to_active(harness: &mut Harness<'_, WizardApp>, bank: &str) {
    let redirect = start_link(harness, bank);
    consent::approve_blocking(&redirect);
    run_until(harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    press(harness, "Continue");
    run_until(harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    press(harness, "Create bank account");
    run_until(harness, "an active account", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
            if f.account.status == BankAccountStatus::Active)
    });
}

/// Searches `name`, picks it, and waits for the browser page; returns the consent page's address.
pub(crate) fn start_link(harness: &mut Harness<'_, WizardApp>, name: &str) -> String {
    type_into(harness, "Search banks", name);
    press(harness, name);
    run_until(harness, "the bank's page", |w| {
        matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. }))
    });
    assert!(harness.query_by_label(&format!("Finish at {name} in your browser")).is_some());
    waiting_redirect(harness.state().wizard())
}

fn waiting_redirect(wizard: &Wizard) -> String {
    match wizard.step() {
        Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) => waiting.redirect.to_string(),
        other => panic!("not waiting: {other:#?}"),
    }
}

pub(crate) fn link_phase(wizard: &Wizard) -> Option<&LinkPhase> {
    match wizard.step() {
        Step::Link(step) => Some(&step.phase),
        _ => None,
    }
}

#[test]
fn search_link_choose_the_start_date_and_reach_active() {
    let (mut harness, _data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, "Emulator Bank");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    assert!(harness.query_by_label("Emulator Bank is linked").is_some());
    press(&mut harness, "Continue");
    run_until(&mut harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    assert!(harness.query_by_label("Start date").is_some());
    let start = harness.state().wizard().session().account_details.as_ref().map(|d| d.start_date);
    press(&mut harness, "Create bank account");
    run_until(&mut harness, "an active account", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
            if f.account.status == BankAccountStatus::Active)
    });
    assert!(harness.query_by_label("Active").is_some());
    let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = harness.state().wizard().step()
    else {
        unreachable!("checked above")
    };
    let sent = following.account.requested_start_date.clone().unwrap_or_default();
    assert!(sent.starts_with(&start.expect("a start date").to_string()), "the chosen start date was sent: {sent}");
}

#[test]
fn a_declining_bank_says_so_and_offers_to_try_again() {
    let (mut harness, _data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, "Emulator Declining Bank");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the decline", |w| matches!(link_phase(w), Some(LinkPhase::Declined)));
    assert!(harness.query_by_label("Emulator Declining Bank did not link an account").is_some());
    assert!(harness.query_by_label("Try again").is_some());
}

#[test]
fn a_slow_bank_takes_several_checks_then_links() {
    let (mut harness, _data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, "Emulator Slow Bank");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
}

#[test]
fn a_flaky_bank_links_although_some_checks_fail() {
    let (mut harness, _data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, "Emulator Flaky Bank");
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    assert!(harness.query_by_label("Emulator Flaky Bank is linked").is_some());
}

#[test]
fn cancel_stops_the_link_and_a_later_approval_changes_nothing() {
    let (mut harness, _data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, "Emulator Bank");
    press(&mut harness, "Cancel");
    assert_matches!(link_phase(harness.state().wizard()), Some(LinkPhase::Cancelled));
    consent::approve_blocking(&redirect);
    for _ in 0..20 {
        harness.step();
        std::thread::sleep(Duration::from_millis(25));
    }
    assert_matches!(link_phase(harness.state().wizard()), Some(LinkPhase::Cancelled));
    assert!(harness.query_by_label("Link cancelled").is_some());
}

#[test]
fn keyboard_only_search_picks_the_highlighted_bank_with_enter() {
    let (mut harness, _data_dir) = at_bank_search();
    type_into(&mut harness, "Search banks", "emulator direct");
    harness.key_press(egui::Key::Enter);
    harness.step();
    harness.step();
    assert_matches!(harness.state().wizard().step(), Step::Bank(BankStep { direct: Some(bank), .. }) if bank.name == "Emulator Direct Bank",
        "at {:#?}",
        harness.state().wizard().step()
    );
    assert!(harness.query_by_label("Open the bank's form").is_some());
}
