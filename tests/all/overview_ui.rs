//! The accounts overview end to end in `egui_kittest`, with the real runtime and emulator: two accounts of one
//! authorisation shown live; the emulator asks for a new sign-in and both turn red with the bank's reason; one
//! Re-authorise brings both back, and the overview shows it; Remove asks first, then the account reads cancelled.

use egui_kittest::kittest::{By, Queryable as _};

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::wizard::{
    AccountPhase, AccountStep, Listing, MoreAccountsIntent, MoreAccountsStep, OverviewStep, Reauth, Step, Wizard,
};

use crate::consent;
use crate::linking_ui::{at_bank_search_with_keyring, link_to_active};
use crate::reauth_ui::make_auth_required;
use crate::support::{self, more_accounts, press, run_until};

fn overview(wizard: &Wizard) -> Option<&OverviewStep> {
    match wizard.step() {
        Step::Overview(step) => Some(step),
        _ => None,
    }
}

/// The statuses the overview last read for its first organisation.
fn statuses(wizard: &Wizard) -> Option<Vec<BankAccountStatus>> {
    let card = overview(wizard)?.cards.first()?;
    Some(card.loaded.as_ref()?.accounts.iter().map(|account| account.status.clone()).collect())
}

fn all_are(wizard: &Wizard, count: usize, status: &BankAccountStatus) -> bool {
    statuses(wizard).is_some_and(|found| found.len() == count && found.iter().all(|s| s == status))
}

/// From the bank search: Emulator Bank's first account active and one of its candidates linked, two accounts under
/// one authorisation.
fn two_accounts_of_one_authorisation(harness: &mut egui_kittest::Harness<'_, WizardApp>) -> String {
    link_to_active(harness, "Emulator Bank");
    run_until(
        harness,
        "the watch ended",
        |w| matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if f.watching().is_none()),
    );
    let Step::Account(AccountStep { phase: AccountPhase::Following(first), .. }) = harness.state().wizard().step()
    else {
        unreachable!("following above")
    };
    let first = first.account.bank_account_id.to_string();
    press(harness, "Add more accounts from this bank");
    run_until(harness, "the candidates", |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready));
    harness.state_mut().dispatch(MoreAccountsIntent::Toggle(0));
    harness.state_mut().dispatch(MoreAccountsIntent::LinkSelected);
    run_until(harness, "the candidate linked", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let count = more_accounts(harness.state().wizard()).map(MoreAccountsStep::count);
    assert_eq!(
        count.map(|c| (c.linked, c.failed)),
        Some((1, 0)),
        "{:#?}",
        more_accounts(harness.state().wizard()).map(|s| &s.rows)
    );
    first
}

#[test]
fn the_overview_follows_an_authorisation_through_a_new_sign_in_and_a_removal() {
    let (mut harness, secrets, data_dir) = at_bank_search_with_keyring();
    let first = two_accounts_of_one_authorisation(&mut harness);

    press(&mut harness, "Accounts overview");
    run_until(&mut harness, "two active accounts", |w| all_are(w, 2, &BankAccountStatus::Active));
    assert!(harness.query_by_label("Acme Widgets").is_some(), "the organisation's company is named");
    assert!(harness.query_by_label("Start a new onboarding").is_some(), "a new onboarding is one click away");

    make_auth_required(harness.state().wizard(), &first);
    press(&mut harness, "Refresh statuses");
    run_until(&mut harness, "both asking for a sign-in", |w| all_are(w, 2, &BankAccountStatus::AuthRequired));
    assert_eq!(harness.query_all_by_label("Sign-in needed").count(), 2, "both accounts of the authorisation are red");
    let sign_in = || By::new().label_contains("Sign in at the bank again for ");
    assert_eq!(harness.query_all(sign_in()).count(), 2, "one button per account, each naming its account");

    harness.query_all(sign_in()).next().expect("a button").click_accesskit();
    harness.step();
    run_until(
        &mut harness,
        "the bank's page",
        |w| matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if matches!(f.reauth, Some(Reauth::Waiting(_)))),
    );
    let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = harness.state().wizard().step()
    else {
        unreachable!("waiting above")
    };
    let Some(Reauth::Waiting(waiting)) = &following.reauth else { unreachable!("waiting above") };
    consent::approve_blocking(waiting.redirect.as_str());
    run_until(
        &mut harness,
        "signed in again",
        |w| matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if f.reauth == Some(Reauth::Done)),
    );
    press(&mut harness, "Accounts overview");
    run_until(&mut harness, "both active again", |w| all_are(w, 2, &BankAccountStatus::Active));
    assert_eq!(harness.query_all_by_label("Active").count(), 2, "the overview shows both recovered");

    harness.query_all(By::new().label_contains("Remove ")).next().expect("a button").click_accesskit();
    run_until(&mut harness, "the question", |w| overview(w).is_some_and(|step| step.removal.is_some()));
    assert!(harness.query_by_label("Keep it").is_some(), "a confirmation that says what stops comes first");
    assert_eq!(statuses(harness.state().wizard()).map(|s| s.len()), Some(2), "nothing removed yet");
    press(&mut harness, "Remove");
    run_until(&mut harness, "one cancelled", |w| {
        statuses(w).is_some_and(|s| s.iter().filter(|status| **status == BankAccountStatus::Cancelled).count() == 1)
    });
    assert!(harness.query_by_label("Cancelled").is_some());

    // Closed on the overview and started again: it opens there, and the emulator still has every account.
    harness.state_mut().finish();
    drop(harness);
    let again = support::test_app_in(data_dir, secrets);
    let mut harness = support::harness(again.app);
    run_until(&mut harness, "the overview again", |w| {
        statuses(w).is_some_and(|s| s.len() == 2 && s.contains(&BankAccountStatus::Cancelled))
    });
    assert!(harness.query_by_label("Your bank feeds").is_some(), "it opens on the overview");
}

#[test]
fn two_organisations_of_one_company_have_every_control_named_for_its_own() {
    use crate::onboarding_ui::{create_and_verify, walk_to_captcha};
    let test = support::test_app();
    let mut harness = support::harness(test.app);
    harness.step();
    walk_to_captcha(&mut harness, Some("ACTIVE"), "Acme Widgets");
    create_and_verify(&mut harness);
    harness.state_mut().dispatch(bankfeeds_onboard::wizard::Intent::ShowOverview);
    run_until(&mut harness, "the overview", |w| overview(w).is_some());
    support::run_until_shown(&mut harness, "Start a new onboarding");
    press(&mut harness, "Start a new onboarding");
    run_until(&mut harness, "the first step again", |w| matches!(w.step(), Step::Environment(_)));
    walk_to_captcha(&mut harness, None, "Acme Widgets");
    create_and_verify(&mut harness);
    harness.state_mut().dispatch(bankfeeds_onboard::wizard::Intent::ShowOverview);
    run_until(&mut harness, "both organisations read", |w| {
        overview(w).is_some_and(|step| step.cards.len() == 2 && step.cards.iter().all(|card| card.loaded.is_some()))
    });
    harness.run_steps(2);
    let links = harness.query_all(By::new().label_contains("Link another bank to Acme Widgets (")).count();
    assert_eq!(links, 2, "one Link another bank per organisation, each naming it");
    support::assert_controls_named_once(&harness, "the overview of two organisations of one company");
    harness.into_state().shutdown();
}
