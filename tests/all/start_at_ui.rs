//! Start at any step in `egui_kittest`, with the real runtime, emulator and an in-memory keyring: for every seed the
//! app starts there (`--start-at`, as `WizardApp::with_start_at`), shows the step with the world the seed walked into
//! the emulator, and the flow goes on from it; Emulator → Start at, once confirmed, replaces what the emulator held.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::secrets::{KeyringProblem, KeyringStore, SecretStore as _};
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{
    AccountPhase, AccountStep, BankList, CaptchaFetch, Following, LinkPhase, LinkStep, Listing, MoreAccountsStep,
    OverviewStep, Reauth, RowState, Seed, Step, Wizard,
};

use crate::consent;
use crate::layout_ui;
use crate::linking_ui::{link_phase, start_link};
use crate::onboarding_ui::create_and_verify;
use crate::support::{self, CAPTCHA_TEXT, eventually_within, more_accounts, press, run_until, type_into};

/// How long a seed may take to be set up (the overview's walks two links and a restart).
const SEED_PATIENCE: std::time::Duration = std::time::Duration::from_secs(90);

/// An app started at a seed, with its keyring and data folder.
struct Started {
    harness: Harness<'static, WizardApp>,
    secrets: std::sync::Arc<KeyringStore>,
    data_dir: tempfile::TempDir,
}

/// Starts a fresh app at `seed` and waits until the seed is set up and `shown` holds.
fn started_at(seed: Seed, what: &str, shown: impl Fn(&Wizard) -> bool) -> Started {
    let test = support::test_app();
    let mut harness = support::harness(test.app.with_start_at(Some(seed)));
    until_set_up(&mut harness, seed, what, shown);
    Started { harness, secrets: test.secrets, data_dir: test.data_dir }
}

/// Steps until the demo strip says `seed` is set up and `shown` holds, for up to [`SEED_PATIENCE`].
fn until_set_up(harness: &mut Harness<'static, WizardApp>, seed: Seed, what: &str, shown: impl Fn(&Wizard) -> bool) {
    let harness = std::cell::RefCell::new(harness);
    eventually_within(
        SEED_PATIENCE,
        &format!("{seed:?} set up and {what}"),
        || {
            let mut harness = harness.borrow_mut();
            harness.step();
            let wizard = harness.state().wizard();
            let demo = &wizard.session().demo;
            if let Some(Err(problem)) = &demo.started {
                panic!("{seed:?} was not set up: {problem:?}");
            }
            // Connected again after the walk, so the step's buttons are live.
            let connected = wizard.session().connecting.is_none() && wizard.session().connection.is_some();
            (demo.started == Some(Ok(seed)) && connected && shown(wizard)).then_some(())
        },
        || format!("the wizard is at {:#?}", harness.borrow().state().wizard().step()),
    );
    harness.borrow_mut().step();
}

fn following(wizard: &Wizard) -> Option<&Following> {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => Some(following),
        _ => None,
    }
}

fn overview(wizard: &Wizard) -> Option<&OverviewStep> {
    match wizard.step() {
        Step::Overview(step) => Some(step),
        _ => None,
    }
}

/// The local organisations the progress knows, and that each one's key is in `secrets`.
fn onboarded_with_keys(wizard: &Wizard, secrets: &KeyringStore) -> usize {
    let organisations = &wizard.session().organisations;
    for organisation in organisations {
        assert!(
            secrets.load(&organisation.key_slot()).is_ok(),
            "the keyring holds {}'s key",
            organisation.company_name
        );
    }
    organisations.len()
}

#[test]
fn licence_starts_on_the_licence_step_with_nothing_onboarded_and_the_serial_is_checked() {
    let mut started = started_at(Seed::Licence, "the licence step", |w| matches!(w.step(), Step::Licence(_)));
    let harness = &mut started.harness;
    assert!(harness.query_by_label("Demo set up: Licence step").is_some(), "the demo strip says so");
    assert!(harness.state().wizard().session().organisations.is_empty());
    type_into(harness, "Serial", "ACTIVE");
    press(harness, "Check the licence with Sage");
    run_until(harness, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
}

#[test]
fn organisation_starts_on_the_form_with_the_licence_accepted_and_goes_on_to_the_captcha() {
    let mut started =
        started_at(Seed::Organisation, "the organisation step", |w| matches!(w.step(), Step::Organisation(_)));
    let harness = &mut started.harness;
    assert_eq!(harness.state().wizard().session().organisation.company_name, "", "the form waits to be typed");
    support::fill_organisation_form(harness, "Acme Widgets");
    press(harness, "Continue");
    run_until(
        harness,
        "a captcha",
        |w| matches!(w.step(), Step::Captcha(step) if matches!(step.captcha, CaptchaFetch::Ready(_))),
    );
}

#[test]
fn captcha_starts_with_an_image_to_read_and_the_organisation_is_created() {
    let mut started = started_at(
        Seed::Captcha,
        "a captcha",
        |w| matches!(w.step(), Step::Captcha(step) if matches!(step.captcha, CaptchaFetch::Ready(_))),
    );
    let harness = &mut started.harness;
    assert_eq!(harness.state().wizard().session().organisation.company_name, "Demo Widgets Ltd", "the form is filled");
    type_into(harness, "Characters in the image", CAPTCHA_TEXT);
    create_and_verify(harness);
    assert_eq!(onboarded_with_keys(harness.state().wizard(), &started.secrets), 1);
}

#[test]
fn bank_starts_on_the_bank_list_with_the_key_in_the_keyring_and_a_link_starts() {
    let mut started = started_at(
        Seed::Bank,
        "the bank list",
        |w| matches!(w.step(), Step::Bank(step) if matches!(step.list, BankList::Ready(_))),
    );
    let harness = &mut started.harness;
    assert_eq!(onboarded_with_keys(harness.state().wizard(), &started.secrets), 1, "one organisation, its key stored");
    let organisation = harness.state().wizard().session().organisations[0].clone();
    let key = started.secrets.load(&organisation.key_slot()).expect("the key");
    let files = support::files_text(started.data_dir.path());
    assert!(files.contains(organisation.organisation_id.as_str()), "the progress and the emulator's world are saved");
    assert!(!files.contains(key.expose()), "the key is in the keyring only, in no file of the data folder");
    let redirect = start_link(harness, "Emulator Bank");
    consent::approve_blocking(&redirect);
    run_until(harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
}

#[test]
fn link_waiting_starts_waiting_for_the_consent_and_an_approval_links_the_account() {
    let mut started = started_at(Seed::LinkWaiting, "the wait for the consent", |w| {
        matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. }))
    });
    let harness = &mut started.harness;
    assert!(harness.query_by_label("Finish at Emulator Bank in your browser").is_some());
    let Some(LinkPhase::Waiting { waiting, .. }) = link_phase(harness.state().wizard()) else {
        unreachable!("waiting above")
    };
    consent::approve_blocking(waiting.redirect.as_str());
    run_until(harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
}

#[test]
fn bank_account_starts_on_the_details_and_the_account_turns_active() {
    let mut started = started_at(Seed::BankAccount, "the account's details", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }))
    });
    let harness = &mut started.harness;
    press(harness, "Create bank account");
    run_until(harness, "an active account", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::Active)
    });
}

#[test]
fn more_accounts_lists_three_candidates_of_the_linked_account_and_select_all_links_them() {
    let mut started = started_at(Seed::MoreAccounts, "the checklist", |w| {
        more_accounts(w).is_some_and(|step| step.listing == Listing::Ready)
    });
    let harness = &mut started.harness;
    let step = more_accounts(harness.state().wizard()).expect("on more accounts");
    assert_eq!(step.rows.len(), 3, "three candidates: {:#?}", step.rows);
    assert!(step.rows.iter().all(|row| row.state == RowState::Available), "none linked from here yet");
    let first = step.first.account_name.clone().expect("the first account's name");
    let heading = format!("When you signed in at Emulator Bank for {first}, the bank also offered");
    assert!(harness.query_by_label_contains(&heading).is_some(), "the heading names the account already linked");
    let organisation = harness.state().wizard().session().organisations[0].clone();
    assert!(started.secrets.load(&organisation.key_slot()).is_ok(), "the organisation's key is in the keyring");
    press(harness, "Select all");
    run_until(harness, "three ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 3));
    press(harness, "Link 3 accounts");
    run_until(harness, "the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let count = more_accounts(harness.state().wizard()).expect("on more accounts").count();
    assert_eq!((count.linked, count.failed), (3, 0), "{count:?}");
}

#[test]
fn reauth_shows_an_account_needing_a_new_sign_in_which_signing_in_again_makes_active() {
    let mut started = started_at(Seed::Reauth, "the account needing a sign-in", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::AuthRequired)
    });
    let harness = &mut started.harness;
    assert!(harness.query_by_label("The bank asks you to sign in again").is_some());
    press(harness, "Sign in at the bank again");
    run_until(harness, "the bank's page", |w| {
        following(w).is_some_and(|f| matches!(f.reauth, Some(Reauth::Waiting(_))))
    });
    let Some(Reauth::Waiting(waiting)) = following(harness.state().wizard()).and_then(|f| f.reauth.clone()) else {
        unreachable!("waiting above")
    };
    consent::approve_blocking(waiting.redirect.as_str());
    run_until(harness, "active again", |w| {
        following(w).is_some_and(|f| f.reauth == Some(Reauth::Done) && f.account.status == BankAccountStatus::Active)
    });
}

#[test]
fn overview_shows_an_account_in_every_status_and_each_control_is_named_once() {
    let mut started = started_at(Seed::Overview, "the overview read", |w| {
        overview(w).is_some_and(|o| o.cards.iter().all(|card| card.loaded.is_some()))
    });
    let harness = &mut started.harness;
    let step = overview(harness.state().wizard()).expect("on the overview");
    let loaded = step.cards[0].loaded.as_ref().expect("read");
    let statuses: Vec<BankAccountStatus> = loaded.accounts.iter().map(|account| account.status.clone()).collect();
    for status in [
        BankAccountStatus::Active,
        BankAccountStatus::Pending,
        BankAccountStatus::AuthRequired,
        BankAccountStatus::Cancelled,
    ] {
        assert_eq!(loaded.count(&status), 1, "one account {status:?}: {statuses:?}");
    }
    for word in ["Active", "Pending", "Sign-in needed", "Cancelled"] {
        assert!(harness.query_by_label(word).is_some(), "the overview says {word}");
    }
    support::assert_controls_named_once(harness, "the seeded overview");
    assert_eq!(onboarded_with_keys(harness.state().wizard(), &started.secrets), 1);
}

/// Opens Emulator → Start at, clicks the seed titled `title` in it and waits for the confirmation.
fn choose_start_at(harness: &mut Harness<'static, WizardApp>, title: &str) {
    for label in ["Emulator", "Start at"] {
        harness.get_by_label(label).click();
        harness.run_steps(2);
    }
    harness.get_by_label(&format!("{title}…")).click();
    support::run_until_shown(harness, &format!("Start the demo at \"{title}\"?"));
}

#[test]
fn start_at_from_the_emulator_menu_asks_first_then_replaces_the_demo_and_its_key() {
    let mut started = started_at(Seed::Bank, "the bank list", |w| matches!(w.step(), Step::Bank(_)));
    let harness = &mut started.harness;
    let before = harness.state().wizard().session().organisations[0].clone();

    choose_start_at(harness, "Licence step");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(harness.query_by_label("Start the demo at \"Licence step\"?").is_none(), "Escape closes it");
    assert!(matches!(harness.state().wizard().step(), Step::Bank(_)), "nothing changed");

    choose_start_at(harness, "Overview with every status");
    press(harness, "Reset and start here");
    let mut failures = Vec::new();
    support::run_until_shown(harness, "Setting up the demo: Overview with every status…");
    layout_ui::check(harness, "the demo strip while a seed is set up", &mut failures);
    assert_eq!(harness.state().wizard().session().demo.seeding, Some(Seed::Overview), "checked while setting up");
    until_set_up(harness, Seed::Overview, "the overview", |w| overview(w).is_some());
    layout_ui::check(harness, "the seeded overview", &mut failures);
    assert!(failures.is_empty(), "{failures:#?}");
    let organisations = &harness.state().wizard().session().organisations;
    assert_eq!(organisations.len(), 1, "the seed's organisation only");
    assert_ne!(organisations[0].organisation_id, before.organisation_id, "a new one");
    assert_eq!(started.secrets.load(&before.key_slot()).err(), Some(KeyringProblem::Missing), "the old key is gone");
}

#[test]
fn a_web_product_starts_at_the_overview_too_and_its_menu_greys_out_the_licence_and_captcha() {
    use bankfeeds_onboard::wizard::{EnvironmentIntent, ProductKind};
    use egui_kittest::kittest::NodeT as _;

    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.run_steps(3);
    harness.state_mut().dispatch(EnvironmentIntent::SelectProductKind(ProductKind::Web));
    for label in ["Emulator", "Start at"] {
        harness.get_by_label(label).click();
        harness.run_steps(2);
    }
    for (item, disabled) in [("Licence step…", true), ("Captcha step…", true), ("Overview with every status…", false)]
    {
        assert_eq!(harness.get_by_label(item).accesskit_node().is_disabled(), disabled, "{item}");
    }
    harness.get_by_label("Overview with every status…").click();
    support::run_until_shown(&mut harness, "Start the demo at \"Overview with every status\"?");
    press(&mut harness, "Reset and start here");
    until_set_up(&mut harness, Seed::Overview, "the overview read", |w| {
        overview(w).is_some_and(|o| o.cards.iter().all(|card| card.loaded.is_some()))
    });
    assert_eq!(harness.state().wizard().session().settings.product_kind, ProductKind::Web, "still a web product");
    assert_eq!(onboarded_with_keys(harness.state().wizard(), &test.secrets), 1);
}
