//! Starting the wizard again from its progress file in the middle of linking, with the real runtime and emulator: it
//! comes back to the bank account's status, and after a POST whose answer was never saved it finds the account the
//! POST created instead of creating a second one.
//!
//! The wizard is rebuilt from the store while the runtime (and so the in-process emulator, whose world is in memory)
//! lives on, as a restart on a lasting service would; the runtime's tasks have ended before each restart.

use std::sync::Arc;
use std::time::Duration;

use bankfeeds_onboard::api::ids::{BankAccountId, BankId};
use bankfeeds_onboard::api::models::{BankAccountStatus, LinkedAccount};
use bankfeeds_onboard::emulator::EmulatorConfig;
use bankfeeds_onboard::secrets::{KeyringStore, SecretStore};
use bankfeeds_onboard::store::ProgressStore;
use bankfeeds_onboard::wizard::{
    AccountIntent, AccountPhase, AccountStep, BankIntent, BankList, BankStep, Effect, Intent, LinkPhase, LinkStage,
    LinkStep, Step, Wizard,
};

use crate::consent;
use crate::support::{self, Driver};

/// An account that is `active`, followed on the account step.
fn active_account(wizard: &Wizard) -> Option<&BankAccountId> {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. })
            if following.account.status == BankAccountStatus::Active && following.watching().is_none() =>
        {
            Some(&following.account.bank_account_id)
        }
        _ => None,
    }
}

/// Onboards, links Emulator Bank (approved at its consent page) and creates its bank account, up to `active` with
/// the watch ended; returns the linked account and the bank account's ID.
fn link_and_create(driver: &mut Driver) -> (LinkedAccount, BankAccountId) {
    driver.onboard("ACTIVE");
    driver.send(Intent::LinkBank);
    driver.settle("the bank list", |w| matches!(w.step(), Step::Bank(BankStep { list: BankList::Ready(_), .. })));
    driver.send(BankIntent::Choose(BankId::from("emulator-bank-gbr")));
    driver.settle("the waiting screen", |w| {
        matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Waiting { .. }, .. }))
    });
    let Step::Link(LinkStep { phase: LinkPhase::Waiting { waiting, .. }, .. }) = driver.wizard.step() else {
        unreachable!("settled above")
    };
    consent::approve_blocking(waiting.redirect.as_str());
    driver.settle("the link", |w| matches!(w.step(), Step::Link(LinkStep { phase: LinkPhase::Linked(_), .. })));
    let Step::Link(LinkStep { phase: LinkPhase::Linked(linked), .. }) = driver.wizard.step() else {
        unreachable!("settled above")
    };
    let linked = linked.clone();
    driver.send(Intent::Continue);
    driver.send(AccountIntent::Create);
    driver.settle("an active account", |w| active_account(w).is_some());
    let id = active_account(&driver.wizard).cloned().expect("settled above");
    driver.drain();
    (linked, id)
}

/// The wizard built again from the progress file, as at start-up, settled on a followed account; and whether it
/// sent a POST to create a bank account on the way.
fn restart(driver: &mut Driver) -> (BankAccountId, bool) {
    driver.wizard = Wizard::new();
    driver.executed.clear();
    driver.runtime.restore();
    driver.settle("the account after the restart", |w| active_account(w).is_some());
    let posted = driver.executed.iter().any(|effect| matches!(effect, Effect::CreateBankAccount { .. }));
    (active_account(&driver.wizard).cloned().expect("settled above"), posted)
}

#[test]
fn a_restart_comes_back_to_the_account_and_never_creates_it_twice() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let emulator = EmulatorConfig {
        poll_period: Duration::from_millis(100),
        activation_delay: Duration::from_millis(300),
        ..support::test_emulator()
    };
    let mut driver = Driver::new(support::runtime_with(store, data_dir.path(), emulator));
    let (linked, created) = link_and_create(&mut driver);

    // Closed with the account created: it comes back to the account's status.
    assert_eq!(restart(&mut driver), (created.clone(), false), "the same account is followed, nothing is created");

    // Closed after the POST was sent but before its answer was saved: the account is found by its key.
    let progress_store = ProgressStore::new(data_dir.path());
    let mut progress = progress_store.load().expect("readable").expect("saved");
    let record = progress.link.as_mut().expect("a link record");
    let LinkStage::Created { bank, .. } = record.stage.clone() else { panic!("not created: {:?}", record.stage) };
    record.stage = LinkStage::Creating { bank, account: linked };
    progress_store.save(&progress).expect("saved");
    let (found, posted) = restart(&mut driver);
    assert!(!posted, "no second POST after a restart in Creating");
    assert!(
        driver.executed.iter().any(|effect| matches!(effect, Effect::FindBankAccount { .. })),
        "the account was looked up by its key"
    );
    assert_eq!(found, created, "the account the lost answer created is found");
    driver.runtime.shutdown();
}
