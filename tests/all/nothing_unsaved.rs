//! No server action that cannot be saved: on a really full disk (a small tmpfs filled to the last byte), POST
//! organisation, POST bank account, a candidate's link and DELETE are each stopped before their request, with the
//! folder and the cause; once space returns, the same press sends each exactly once and nothing typed was lost.
//! Mounting the tmpfs needs root: ignored by a plain `cargo test`, run by `scripts/test` where mounting is allowed.

use std::sync::Arc;

use bankfeeds_onboard::api::error::Failure;
use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::store::{SaveCause, SaveProblem};
use bankfeeds_onboard::wizard::{
    AccountIntent, AccountPhase, AccountStep, BankIntent, BankList, BankStep, CaptchaIntent, Intent, KeyPhase,
    LinkPhase, LinkStep, MoreAccountsIntent, Removal, RowProblem, RowState, Step,
};

use crate::full_disk::SmallDisk;
use crate::support::{self, Driver};

/// Room for the progress file, the emulator's state and a few temporary files; filled by the test when it wants.
const DISK_KILOBYTES: u32 = 512;

fn driver_on(disk: &SmallDisk) -> Driver {
    let keyring = Arc::new(KeyringStore::in_memory().expect("mock keyring")) as Arc<dyn SecretStore>;
    let browser = Arc::new(support::approving_browser());
    Driver::new(support::runtime_with_browser(keyring, disk.path(), support::test_emulator(), browser))
}

fn is_full(failure: &Failure, disk: &SmallDisk) -> bool {
    matches!(failure, Failure::NotSaved(SaveProblem { folder, cause: SaveCause::Full, .. }) if folder == disk.path())
}

#[test]
#[ignore = "needs the right to mount a tmpfs (root); scripts/test runs it where mount is allowed"]
fn a_full_disk_stops_post_organisation_bank_account_and_delete_before_they_are_sent() {
    let disk = SmallDisk::mount(DISK_KILOBYTES);
    let mut driver = driver_on(&disk);
    driver.walk_to_captcha("DISK-FULL");

    disk.fill();
    let failure = driver.create_organisation_until_stopped("a full disk");
    assert!(is_full(&failure, &disk), "{failure:?}");
    assert_eq!(driver.sent("POST", "/organisations"), 0, "POST organisation was not sent");
    assert_eq!(driver.wizard.session().organisation.company_name, "Acme", "nothing typed is lost");

    disk.free();
    driver.send(CaptchaIntent::SendOrganisationAgain);
    driver.settle("the organisation", |w| matches!(w.step(), Step::Onboarded(s) if s.phase == KeyPhase::Verified));
    assert_eq!(driver.sent("POST", "/organisations"), 1, "sent once space returned");

    driver.send(Intent::LinkBank);
    driver.settle("the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
    driver.send(BankIntent::Choose("emulator-bank-gbr".into()));
    driver.settle("the link", |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. })));
    driver.send(Intent::Continue);
    disk.fill();
    driver.send(AccountIntent::Create);
    driver.settle("POST bank account stopped", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Details { problem: Some(_), .. }, .. }))
    });
    let Step::Account(AccountStep { phase: AccountPhase::Details { problem: Some(failure), .. }, .. }) =
        driver.wizard.step()
    else {
        unreachable!("matched above")
    };
    assert!(is_full(failure, &disk), "{failure:?}");
    assert_eq!(driver.sent("POST", "/bankaccounts"), 0, "POST bank account was not sent");

    disk.free();
    driver.send(AccountIntent::Create);
    driver.settle("an active account", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
            if f.account.status == BankAccountStatus::Active)
    });
    assert_eq!(driver.sent("POST", "/bankaccounts"), 1, "sent once space returned");

    driver.send(AccountIntent::AskToRemove);
    disk.fill();
    driver.send(AccountIntent::ConfirmRemove);
    let removal = |w: &bankfeeds_onboard::wizard::Wizard| match w.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) => f.removal.clone(),
        _ => None,
    };
    driver.settle("DELETE stopped", |w| matches!(removal(w), Some(Removal::Failed(_))));
    let Some(Removal::Failed(failure)) = removal(&driver.wizard) else { unreachable!("matched above") };
    assert!(is_full(&failure, &disk), "{failure:?}");
    assert_eq!(driver.sent("DELETE", ""), 0, "DELETE was not sent");

    disk.free();
    driver.send(AccountIntent::ConfirmRemove);
    driver.settle("the account removed", |w| {
        matches!(w.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. })
            if f.account.status == BankAccountStatus::Cancelled)
    });
    assert_eq!(driver.sent("DELETE", ""), 1, "sent once space returned");
    driver.drain();
    driver.runtime.shutdown();
}

#[test]
#[ignore = "needs the right to mount a tmpfs (root); scripts/test runs it where mount is allowed"]
fn a_full_disk_stops_a_candidate_link_before_it_is_sent_and_retry_links_it_once() {
    let disk = SmallDisk::mount(DISK_KILOBYTES);
    let mut driver = driver_on(&disk);
    driver.onboard("DISK-FULL-CANDIDATE");
    driver.link_first_account("emulator-bank-gbr");
    driver.open_more_accounts();
    driver.send(MoreAccountsIntent::Toggle(0));
    disk.fill();
    driver.send(MoreAccountsIntent::LinkSelected);
    let row = |w: &bankfeeds_onboard::wizard::Wizard| support::more_accounts(w).map(|s| s.rows[0].state.clone());
    driver.settle("the candidate stopped", |w| matches!(row(w), Some(RowState::Failed(_))));
    let Some(RowState::Failed(RowProblem::Refused(failure))) = row(&driver.wizard) else {
        panic!("the row says why: {:?}", row(&driver.wizard));
    };
    assert!(is_full(&failure, &disk), "{failure:?}");
    assert_eq!(driver.sent("POST", "/linkavailablebankaccount"), 0, "the candidate's link was not sent");

    disk.free();
    driver.send(MoreAccountsIntent::LinkAgain(0));
    driver.settle("the candidate linked", |w| matches!(row(w), Some(RowState::Linked(_))));
    assert_eq!(driver.sent("POST", "/linkavailablebankaccount"), 1, "sent once space returned");
    driver.drain();
    driver.runtime.shutdown();
}
