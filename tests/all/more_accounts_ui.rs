//! Multi-account link end to end in `egui_kittest`: link Emulator Many Accounts Bank's first account to `active`,
//! then open the more-accounts step (the emulator refreshes the list first), tick all 250 other accounts and link them in one
//! batch, with the real runtime and emulator; the filter with Select all on Emulator Bank's three; two linked
//! accounts followed on the checklist until active, then Done to the overview; and Link another bank from there opening
//! an empty search box that has the keyboard focus.

use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable as _};

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::ui::{WizardApp, words};
use bankfeeds_onboard::wizard::{
    AccountPhase, AccountStep, BankStep, LinkPhase, Listing, MoreAccountsStep, RowState, Step, Wizard,
};

use crate::consent;
use crate::linking_ui::{at_bank_search, link_phase, start_link};
use crate::support::{more_accounts, press, run_until, run_until_shown, type_into};

/// Links `bank`'s first account up to `active`, then opens the more-accounts step and waits for the list.
fn at_more_accounts(bank: &str) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let (mut harness, data_dir) = at_bank_search();
    let redirect = start_link(&mut harness, bank);
    consent::approve_blocking(&redirect);
    run_until(&mut harness, "the link", |w| matches!(link_phase(w), Some(LinkPhase::Linked(_))));
    press(&mut harness, "Continue");
    run_until(&mut harness, "the account's details", |w| matches!(w.step(), Step::Account(_)));
    press(&mut harness, "Create bank account");
    run_until(&mut harness, "an active first account", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
            if f.account.status == BankAccountStatus::Active && f.watching().is_none())
    });
    press(&mut harness, "Add more accounts from this bank");
    run_until(&mut harness, "the listed candidates", |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready));
    (harness, data_dir)
}

#[test]
fn all_250_candidates_of_the_many_accounts_bank_are_linked_in_one_batch() {
    let (mut harness, _data_dir) = at_more_accounts("Emulator Many Accounts Bank");
    let step = more_accounts(harness.state().wizard()).expect("on more accounts");
    assert_eq!(step.rows.len(), 250);
    assert!(harness.query_by_label("0 of 250 selected").is_some(), "nothing is ticked at first");
    press(&mut harness, "Select all");
    run_until(&mut harness, "all ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 250));
    assert!(harness.query_by_label("250 of 250 selected").is_some());
    press(&mut harness, "Link 250 accounts");
    run_until(&mut harness, "the whole batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let step = more_accounts(harness.state().wizard()).expect("on more accounts");
    let count = step.count();
    assert_eq!((count.total, count.linked, count.failed), (250, 250, 0), "{count:?}");
    assert!(step.rows.iter().all(|row| matches!(row.state, RowState::Linked(_))));
    assert!(harness.query_by_label("250 more accounts linked").is_some());
}

/// The checklist's accounts by the names a screen reader announces, top to bottom.
fn candidate_names(harness: &Harness<'_, WizardApp>) -> Vec<String> {
    let step = more_accounts(harness.state().wizard()).expect("more accounts");
    step.rows.iter().map(|row| words::candidate_name(row).into_owned()).collect()
}

#[test]
fn the_filter_narrows_select_all_and_one_account_is_linked() {
    let (mut harness, _data_dir) = at_more_accounts("Emulator Bank");
    let names = candidate_names(&harness);
    assert_eq!(names.len(), 3, "Emulator Bank shares three more accounts");
    // Each checkbox is found by the account's name, as a screen reader announces it.
    press(&mut harness, &names[2]);
    run_until(&mut harness, "one ticked by its label", |w| more_accounts(w).is_some_and(|s| s.rows[2].selected));
    press(&mut harness, &names[2]);
    run_until(&mut harness, "unticked again", |w| more_accounts(w).is_some_and(|s| s.selected() == 0));
    type_into(&mut harness, "Filter", &names[1]);
    press(&mut harness, "Select all");
    run_until(&mut harness, "one ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 1));
    assert!(harness.query_by_label("1 of 3 selected").is_some());
    press(&mut harness, "Link 1 account");
    run_until(&mut harness, "the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    let step = more_accounts(harness.state().wizard()).expect("more accounts");
    assert_matches!(step.rows[1].state, RowState::Linked(_));
    assert_eq!(step.rows[0].state, RowState::Available, "only the filtered one was ticked");
}

/// How many rows show an account linked and `active`.
fn active_rows(wizard: &Wizard) -> usize {
    more_accounts(wizard).map_or(0, |step| {
        step.rows
            .iter()
            .filter(|row| matches!(&row.state, RowState::Linked(a) if a.status == BankAccountStatus::Active))
            .count()
    })
}

#[test]
fn two_linked_accounts_turn_active_on_the_checklist_and_done_leads_to_the_overview() {
    let (mut harness, _data_dir) = at_more_accounts("Emulator Bank");
    let names = candidate_names(&harness);
    press(&mut harness, &names[0]);
    press(&mut harness, &names[1]);
    run_until(&mut harness, "two ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 2));
    press(&mut harness, "Link 2 accounts");
    run_until(&mut harness, "the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    // Nothing is pressed from here on: the checklist follows both accounts until the emulator makes them active.
    run_until(&mut harness, "both rows active", |w| active_rows(w) == 2);
    assert_eq!(harness.query_all_by_label("Linked: active").count(), 2, "both rows say so on screen");
    assert!(harness.query_by_label("Linked: pending…").is_none());
    assert!(harness.query_by_label("2 more accounts linked").is_some());
    press(&mut harness, "Done");
    run_until(&mut harness, "the overview with the three accounts", |w| match w.step() {
        Step::Overview(step) => {
            step.cards.iter().any(|card| card.loaded.as_ref().is_some_and(|l| l.accounts.len() == 3))
        }
        _ => false,
    });
}

#[test]
fn link_another_bank_from_the_overview_opens_an_empty_search_box_that_takes_what_is_typed() {
    let (mut harness, _data_dir) = at_more_accounts("Emulator Bank");
    assert_eq!(harness.state().wizard().session().bank_query, "Emulator Bank", "the first search is remembered");
    press(&mut harness, "Done");
    run_until(
        &mut harness,
        "the overview read",
        |w| matches!(w.step(), Step::Overview(step) if step.cards.iter().all(|card| card.loaded.is_some())),
    );
    let link = harness.query_all(By::new().label_contains("Link another bank to Acme Widgets")).next();
    link.expect("one per organisation, named for it").click_accesskit();
    harness.step();
    assert_matches!(harness.state().wizard().step(), Step::Bank(_));
    harness.step();
    assert_eq!(harness.state().wizard().session().bank_query, "", "a new search starts empty");
    // No click in the box: the keys go where the keyboard focus is, as a person's typing would.
    assert!(harness.get_by_label("Search banks").is_focused(), "the search box has the keyboard focus");
    harness.event(egui::Event::Text("Emulator Sl".to_owned()));
    harness.step();
    assert_eq!(harness.state().wizard().session().bank_query, "Emulator Sl");
    run_until(&mut harness, "the bank list", |w| {
        matches!(w.step(), Step::Bank(BankStep { list: bankfeeds_onboard::wizard::BankList::Ready(_), .. }))
    });
    run_until_shown(&mut harness, "Emulator Slow Bank");
}
