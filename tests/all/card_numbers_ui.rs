//! A card number seen only by its last four digits, end to end in `egui_kittest` with the real runtime and emulator:
//! Emulator Bank's candidates (a business card among them, its number 16 digits as the emulator draws it) linked from
//! more accounts, then the overview on screen, the exchanges the inspector shows, and the HAR file, transcript and
//! support bundle saved through the Export window. The first account's number and sort code stay whole.

use std::io::Read as _;

use egui_kittest::kittest::{By, Queryable as _};

use bankfeeds_onboard::api::card_number;
use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::diagnostics::BUNDLE_FILES;
use bankfeeds_onboard::wizard::{AccountPhase, AccountStep, Listing, MoreAccountsStep, Step};

use crate::exports_ui::save;
use crate::linking_ui::{at_bank_search_with_keyring, link_to_active};
use crate::support::{more_accounts, press, run_until};

#[test]
fn a_linked_card_shows_only_its_last_four_digits_on_screen_in_the_inspector_and_in_every_export() {
    let (mut harness, _secrets, _data_dir) = at_bank_search_with_keyring();
    link_to_active(&mut harness, "Emulator Bank");
    let Step::Account(AccountStep { phase: AccountPhase::Following(first), .. }) = harness.state().wizard().step()
    else {
        panic!("following the first account")
    };
    let first_number = first.account.account_identifier.clone().expect("the first account's number");
    let sort_code = first.account.bank_identifier.clone().expect("its sort code");
    run_until(
        &mut harness,
        "the first watch ended",
        |w| matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if f.watching().is_none()),
    );
    press(&mut harness, "Add more accounts from this bank");
    run_until(&mut harness, "the candidates", |w| more_accounts(w).is_some_and(|s| s.listing == Listing::Ready));
    let card = more_accounts(harness.state().wizard())
        .expect("more accounts")
        .rows
        .iter()
        .find_map(|row| row.candidate.account_identifier.clone().filter(|n| card_number::is_card_number(n)))
        .expect("Emulator Bank offers a card");
    let masked = format!("****{}", &card[card.len() - 4..]);
    assert!(harness.query_all(By::new().label_contains(&card)).next().is_none(), "the checklist shows it whole");
    press(&mut harness, "Select all");
    run_until(&mut harness, "all three ticked", |w| more_accounts(w).is_some_and(|s| s.selected() == 3));
    press(&mut harness, "Link 3 accounts");
    run_until(&mut harness, "the batch", |w| more_accounts(w).is_some_and(MoreAccountsStep::batch_finished));
    press(&mut harness, "Done");
    run_until(&mut harness, "the overview with the card", |w| match w.step() {
        Step::Overview(step) => step.cards.iter().any(|card| {
            card.loaded.as_ref().is_some_and(|l| {
                l.accounts.len() == 4 && l.accounts.iter().all(|a| a.status == BankAccountStatus::Active)
            })
        }),
        _ => false,
    });
    assert!(harness.query_all(By::new().label_contains(&card)).next().is_none(), "the overview shows it whole");
    // Its row's line, and its buttons' accessible names ("Open Travel Card at … ****9003"): masked in each.
    let texts = harness.query_all(By::new().label_contains(&masked).role(egui::accesskit::Role::Label)).count();
    assert_eq!(texts, 1, "the card's row ends in {masked}");
    let buttons = harness.query_all(By::new().label_contains(&masked).role(egui::accesskit::Role::Button)).count();
    assert!(buttons >= 2, "its Open and Remove buttons name it masked: {buttons}");
    assert!(harness.query_all(By::new().label_contains(&first_number)).next().is_some(), "an account number is whole");

    let exchanges = harness.state().exchanges().exchanges();
    let bodies: Vec<&str> = exchanges
        .iter()
        .flat_map(|e| [Some(e.request_body.text.as_str()), e.response.as_ref().map(|r| r.body.text.as_str())])
        .flatten()
        .collect();
    assert!(bodies.iter().all(|body| !body.contains(&card)), "the inspector would show it whole");
    assert!(bodies.iter().any(|body| body.contains(&masked)), "the listing and the accounts read show {masked}");

    let folder = tempfile::tempdir().expect("temp dir");
    crate::exports_ui::open_export_window_on(&mut harness, folder.path());
    let har = std::fs::read_to_string(save(&mut harness, "Save HAR file", folder.path(), "har")).expect("the HAR");
    let transcript =
        std::fs::read_to_string(save(&mut harness, "Save transcript", folder.path(), "md")).expect("the transcript");
    let bundle_path = save(&mut harness, "Save support bundle", folder.path(), "zip");
    let mut bundle = zip::ZipArchive::new(std::fs::File::open(&bundle_path).expect("the bundle")).expect("a zip");
    let mut files = vec![("HAR file".to_owned(), har.clone()), ("transcript".to_owned(), transcript)];
    for name in BUNDLE_FILES {
        let mut text = String::new();
        bundle.by_name(name).expect("in the bundle").read_to_string(&mut text).expect("text");
        files.push((format!("bundle's {name}"), text));
    }
    for (name, text) in &files {
        assert!(!text.contains(&card), "the whole card number is in the {name}");
    }
    assert!(har.contains(&masked), "the HAR shows the card as {masked}");
    assert!(har.contains(&format!("\\\"accountIdentifier\\\":\\\"{first_number}\\\"")), "the account number is whole");
    assert!(har.contains(&sort_code), "the sort code {sort_code} is whole");
    harness.state().finish();
}
