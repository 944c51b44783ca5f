//! The primary action of each onboarding step is in the window at 800×600 and at the default size drawn at scale 2,
//! and the wizard goes on with the keyboard alone (Tab, Space, Enter and typing; no click, no accessibility action):
//! each step opens with its first field focused, or its primary action when there is nothing to type, and Enter
//! presses the step's primary action; from the first screen to an active account, more accounts linked, and Done to
//! the overview; an account signed in again and removed. The Tab presses to each primary action are printed.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{AccountPhase, CaptchaFetch, KeyPhase, Reauth, Removal, Step};

use crate::support::{self, CAPTCHA_TEXT, run_until};

/// The app in a window of `size` points drawn at `scale` pixels per point.
fn harness(size: [f32; 2], scale: f32) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    // Links polled and accounts activated quickly, for the walks that go on to a bank.
    let test = support::test_app_with(bankfeeds_onboard::emulator::EmulatorConfig {
        poll_period: std::time::Duration::from_millis(100),
        activation_delay: std::time::Duration::from_millis(300),
        ..support::test_emulator()
    });
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
pub(crate) fn type_here(harness: &mut Harness<'_, WizardApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.step();
}

/// Presses Tab and lets the frame run.
fn tab(harness: &mut Harness<'_, WizardApp>) {
    harness.key_press(egui::Key::Tab);
    harness.step();
}

/// Presses Enter and lets the frame run.
fn enter(harness: &mut Harness<'_, WizardApp>) {
    harness.key_press(egui::Key::Enter);
    harness.step();
}

/// The accessible name of the widget with the keyboard focus.
pub(crate) fn focused_name(harness: &Harness<'_, WizardApp>) -> Option<String> {
    use egui_kittest::kittest::{NodeT as _, by};
    let focused = harness.ctx.memory(egui::Memory::focused)?;
    harness
        .query_all(by().predicate(|_| true))
        .find(|node| node.accesskit_node().locate().0.0 == focused.value())
        .and_then(|node| node.accesskit_node().label())
}

/// Presses Tab until the widget named `label` has the focus; how many presses that took.
fn tabs_to(harness: &mut Harness<'_, WizardApp>, label: &str, step: &str) -> usize {
    tabs_to_one(harness, |name| name == label, label, step)
}

/// Presses Tab until a widget whose name `matches` (`what`, in words) has the focus; how many presses that took.
fn tabs_to_one(harness: &mut Harness<'_, WizardApp>, matches: impl Fn(&str) -> bool, what: &str, step: &str) -> usize {
    support::assert_controls_named_once(harness, step);
    for presses in 0..=40 {
        if focused_name(harness).is_some_and(|name| matches(&name)) {
            eprintln!("{step}: {presses} Tab presses to \"{what}\"");
            return presses;
        }
        harness.key_press(egui::Key::Tab);
        harness.step();
    }
    panic!("{step}: Tab never reached \"{what}\" in 40 presses");
}

/// Walks onboarding in a window of `size` at `scale` with the keyboard, checking each primary action is in view.
pub(crate) fn walk(size: [f32; 2], scale: f32) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let (mut harness, data_dir) = harness(size, scale);
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
    // Tab from field to field, as a person does; the language list between the VAT number and the CRM ID keeps its
    // default, so one more Tab passes it.
    for (label, text) in support::FORM_AFTER_COMPANY {
        tab(&mut harness);
        if label == "CRM ID" {
            tab(&mut harness);
        }
        type_here(&mut harness, text);
    }
    let form = &harness.state().wizard().session().organisation;
    let typed = [&form.postal_code, &form.industrial_code, &form.vat_number, &form.crm_id, &form.email, &form.identity];
    let expected: Vec<&str> = support::FORM_AFTER_COMPANY.iter().map(|(_, text)| *text).collect();
    assert_eq!(typed.map(String::as_str).to_vec(), expected, "each field took what was typed after its Tab");
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
    (harness, data_dir)
}

#[test]
fn at_800_by_600_every_onboarding_step_shows_its_primary_action_and_goes_on_by_keyboard() {
    let (harness, _data_dir) = walk([800.0, 600.0], 1.0);
    harness.into_state().shutdown();
}

#[test]
fn at_scale_2_every_onboarding_step_shows_its_primary_action_and_goes_on_by_keyboard() {
    // The default window of 1040×780 pixels, drawn at scale 2: 520×390 points.
    let (harness, _data_dir) = walk([520.0, 390.0], 2.0);
    harness.into_state().shutdown();
}

/// From the first screen, by keyboard: onboarded, a bank linked, its account created and followed to `active`.
fn keyboard_to_an_active_account() -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    use bankfeeds_onboard::wizard::{BankList, LinkPhase};
    let (mut harness, data_dir) = walk([1040.0, 780.0], 1.0);
    enter(&mut harness);
    run_until(
        &mut harness,
        "the bank list",
        |w| matches!(w.step(), Step::Bank(s) if matches!(s.list, BankList::Ready(_))),
    );
    // The search box has the focus: typing and Enter choose the first bank found.
    type_here(&mut harness, "Emulator Bank");
    enter(&mut harness);
    run_until(
        &mut harness,
        "the bank's page",
        |w| matches!(w.step(), Step::Link(s) if matches!(s.phase, LinkPhase::Waiting { .. })),
    );
    let Step::Link(link) = harness.state().wizard().step() else { unreachable!("checked above") };
    let LinkPhase::Waiting { waiting, .. } = &link.phase else { unreachable!("checked above") };
    crate::consent::approve_blocking(waiting.redirect.as_ref());
    run_until(
        &mut harness,
        "the link",
        |w| matches!(w.step(), Step::Link(s) if matches!(s.phase, LinkPhase::Linked(_))),
    );
    assert_eq!(tabs_to(&mut harness, "Continue", "linked"), 0, "nothing to type: it opens on Continue");
    enter(&mut harness);
    run_until(&mut harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    type_here(&mut harness, " (main)");
    let name = harness.state().wizard().session().account_details.as_ref().map(|d| d.name.clone()).unwrap_or_default();
    assert!(name.ends_with(" (main)"), "the account's name field opens focused: {name}");
    assert!(tabs_to(&mut harness, "Create bank account", "bank account") <= 3);
    enter(&mut harness);
    run_until(&mut harness, "an active account", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::Active && f.watching().is_none())
    });
    (harness, data_dir)
}

/// The account the account step follows, if it is there.
fn following(wizard: &bankfeeds_onboard::wizard::Wizard) -> Option<&bankfeeds_onboard::wizard::Following> {
    match wizard.step() {
        Step::Account(step) => match &step.phase {
            AccountPhase::Following(following) => Some(following),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn by_keyboard_alone_a_bank_is_linked_its_account_followed_to_active_and_more_accounts_linked_then_done() {
    let (mut harness, _data_dir) = keyboard_to_an_active_account();
    // Once the account is active, its screen's primary action has the focus: more accounts.
    assert_eq!(tabs_to(&mut harness, "Add more accounts from this bank", "account active"), 0);
    enter(&mut harness);
    run_until(
        &mut harness,
        "the listed accounts",
        |w| matches!(w.step(), Step::MoreAccounts(s) if s.listing == bankfeeds_onboard::wizard::Listing::Ready),
    );
    let select_all = tabs_to(&mut harness, "Select all", "more accounts");
    assert!(select_all <= 3, "Select all is near the top: {select_all}");
    harness.key_press(egui::Key::Space);
    harness.step();
    let Step::MoreAccounts(step) = harness.state().wizard().step() else { unreachable!("checked above") };
    let label = format!("Link {} accounts", step.selected());
    assert!(step.selected() >= 2, "Space pressed Select all: {} selected", step.selected());
    let to_link = tabs_to(&mut harness, &label, "more accounts, after Select all");
    assert_eq!(to_link, 0, "Select all hands the focus on to {label}");
    enter(&mut harness);
    run_until(
        &mut harness,
        "Done as the primary action",
        |w| matches!(w.step(), Step::MoreAccounts(s) if s.selected() == 0 && s.listing == bankfeeds_onboard::wizard::Listing::Ready),
    );
    support::run_until_shown(&mut harness, "Done");
    enter(&mut harness);
    run_until(&mut harness, "the overview", |w| matches!(w.step(), Step::Overview(_)));
    support::run_until_shown(&mut harness, "Refresh statuses");
    // The overview's own controls by keyboard: an account opened from its row.
    tabs_to_one(&mut harness, |name| name.starts_with("Open "), "Open <an account>", "the overview of four accounts");
    enter(&mut harness);
    run_until(&mut harness, "an account opened from the overview", |w| matches!(w.step(), Step::Account(_)));
    harness.into_state().shutdown();
}

#[test]
fn by_keyboard_alone_an_account_is_signed_in_again_at_the_bank_then_removed() {
    let (mut harness, _data_dir) = keyboard_to_an_active_account();
    let id = following(harness.state().wizard()).expect("following").account.bank_account_id.to_string();
    crate::reauth_ui::make_auth_required(harness.state().wizard(), &id);
    tabs_to(&mut harness, "Check again", "account active");
    enter(&mut harness);
    run_until(&mut harness, "the sign-in asked for", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::AuthRequired)
    });
    assert_eq!(tabs_to(&mut harness, "Sign in at the bank again", "sign-in needed"), 0, "the new screen opens on it");
    enter(&mut harness);
    run_until(&mut harness, "the bank's page", |w| {
        following(w).is_some_and(|f| matches!(f.reauth, Some(Reauth::Waiting(_))))
    });
    let Some(Reauth::Waiting(waiting)) = following(harness.state().wizard()).and_then(|f| f.reauth.clone()) else {
        unreachable!("waiting above")
    };
    crate::consent::approve_blocking(waiting.redirect.as_str());
    run_until(&mut harness, "active again", |w| {
        following(w).is_some_and(|f| f.reauth == Some(Reauth::Done) && f.account.status == BankAccountStatus::Active)
    });
    tabs_to(&mut harness, "Remove bank account", "signed in again");
    enter(&mut harness);
    run_until(&mut harness, "the question", |w| following(w).is_some_and(|f| f.removal == Some(Removal::Confirming)));
    tabs_to(&mut harness, "Remove", "removal asked");
    enter(&mut harness);
    run_until(&mut harness, "removed", |w| {
        following(w).is_some_and(|f| f.account.status == BankAccountStatus::Cancelled)
    });
    harness.into_state().shutdown();
}
