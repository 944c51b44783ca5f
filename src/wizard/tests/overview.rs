//! The accounts overview: live reads per organisation, a keyring problem per card, and each action (re-authorise,
//! add more, remove after a confirmation, link another bank), each leading where the person expects.

use super::account_actions::at;
use super::*;
use crate::api::ids::BankAccountId;
use crate::api::models::{Bank, BankAccount, BankAccountStatus};

fn account(id: &str, status: BankAccountStatus) -> BankAccount {
    BankAccount {
        bank_id: Some("b-1".into()),
        account_name: Some(format!("Account {id}")),
        ..BankAccount::bare(BankAccountId::from(id), status)
    }
}

fn bank() -> Bank {
    serde_json::from_value(serde_json::json!({"bankId": "b-1", "name": "Emulator Bank"})).expect("bank")
}

/// On the overview of organisation `org-9`, whose read found `accounts`.
fn overview_with(accounts: Vec<BankAccount>) -> Wizard {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    let effects = wizard.update(Intent::ShowOverview);
    let load = request_of(only(&effects));
    let read = OrganisationAccounts { accounts, banks: vec![bank()] };
    wizard.update(Answer::OrganisationLoaded {
        request: load,
        at: at(),
        today: super::link::today(),
        result: Ok(read),
    });
    wizard
}

fn card(wizard: &Wizard) -> &OrganisationCard {
    match wizard.step() {
        Step::Overview(step) => &step.cards[0],
        other => panic!("not the overview: {other:?}"),
    }
}

fn act(organisation: &str, id: &str, action: AccountAction) -> Event {
    OverviewIntent::ActOnAccount { organisation: organisation.into(), account: BankAccountId::from(id), action }.into()
}

#[test]
fn the_overview_shows_each_organisations_accounts_as_read_and_keeps_them_while_reading_again() {
    let mut wizard = overview_with(vec![
        account("ba-1", BankAccountStatus::Active),
        account("ba-2", BankAccountStatus::AuthRequired),
    ]);
    let loaded = card(&wizard).loaded.clone().expect("read");
    assert_eq!(loaded.count(&BankAccountStatus::Active), 1);
    assert_eq!(loaded.count(&BankAccountStatus::AuthRequired), 1);
    let effects = wizard.update(OverviewIntent::Refresh);
    assert_matches!(only(&effects), Effect::LoadOrganisation { .. });
    assert!(card(&wizard).loading.is_some() && card(&wizard).loaded.is_some(), "the last read stays on screen");
    let stale = wizard.update(Answer::OrganisationLoaded {
        request: RequestId(9_999),
        at: at(),
        today: super::link::today(),
        result: Ok(OrganisationAccounts { accounts: Vec::new(), banks: Vec::new() }),
    });
    assert!(stale.is_empty());
    assert_eq!(card(&wizard).loaded.as_ref().map(|l| l.accounts.len()), Some(2), "a stale answer changes nothing");
}

#[test]
fn a_missing_key_is_told_on_its_card_and_blocks_nothing_else() {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    let effects = wizard.update(Intent::ShowOverview);
    let problem = AccessProblem::Keyring(KeyringProblem::Missing);
    wizard.update(Answer::OrganisationLoaded {
        request: request_of(only(&effects)),
        at: at(),
        today: super::link::today(),
        result: Err(problem.clone()),
    });
    assert_eq!(card(&wizard).problem, Some(problem));
    wizard.session_mut().organisation.company_name = "Acme".into();
    assert!(wizard.update(OverviewIntent::StartOnboarding).iter().all(|e| matches!(e, Effect::SaveProgress(_))));
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().organisation.company_name, "", "the finished onboarding's form starts empty");
    wizard.session_mut().organisation.company_name = "Half Typed Ltd".into();
    wizard.update(Intent::ShowOverview);
    wizard.update(OverviewIntent::StartOnboarding);
    assert_eq!(wizard.session().organisation.company_name, "Half Typed Ltd", "a form never sent is kept");
}

#[test]
fn re_authorise_opens_the_account_and_asks_for_the_banks_page() {
    let mut wizard = overview_with(vec![account("ba-2", BankAccountStatus::AuthRequired)]);
    let effects = wizard.update(act("org-9", "ba-2", AccountAction::Reauthorise));
    assert_matches!(wizard.step(), Step::Account(AccountStep { phase: AccountPhase::Following(f), .. }) if matches!(f.reauth, Some(Reauth::Starting(_)))
    );
    assert!(effects.iter().any(|e| matches!(e, Effect::Reauthorise { account, .. } if account.as_str() == "ba-2")));
    assert!(!wizard.can_leave_step(), "the re-authorisation must be finished or cancelled first");
    assert!(wizard.update(Intent::ShowOverview).is_empty());
}

#[test]
fn add_more_opens_the_more_accounts_of_the_active_account() {
    let mut wizard = overview_with(vec![account("ba-1", BankAccountStatus::Active)]);
    let effects = wizard.update(act("org-9", "ba-1", AccountAction::AddMore));
    let Step::MoreAccounts(step) = wizard.step() else { panic!("{:?}", wizard.step()) };
    assert_eq!(step.bank.name, "Emulator Bank");
    assert_eq!(step.start_date, default_start_date(super::link::today()));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::ListCandidates { connected, .. } if connected[0].as_str() == "ba-1"))
    );
    assert!(wizard.update(act("org-9", "ba-1", AccountAction::AddMore)).is_empty(), "only from the overview");
}

#[test]
fn remove_asks_first_then_deletes_and_reads_the_organisation_again() {
    let mut wizard = overview_with(vec![account("ba-1", BankAccountStatus::Active)]);
    assert!(
        wizard.update(act("org-9", "ba-1", AccountAction::Remove)).is_empty(),
        "nothing is sent before the confirmation"
    );
    assert_matches!(wizard.step(), Step::Overview(OverviewStep { removal: Some(r), .. }) if r.phase == Removal::Confirming
    );
    wizard.update(OverviewIntent::KeepAccount);
    assert_matches!(wizard.step(), Step::Overview(OverviewStep { removal: None, .. }));
    wizard.update(act("org-9", "ba-1", AccountAction::Remove));
    let effects = wizard.update(OverviewIntent::ConfirmRemove);
    let Effect::RemoveBankAccount { request, account, .. } = only(&effects) else { panic!("{effects:?}") };
    assert_eq!(account.as_str(), "ba-1");
    let failed = wizard.update(Answer::BankAccountRemoved { request: *request, result: Err(status(503, "x")) });
    assert!(failed.is_empty());
    assert_matches!(wizard.step(), Step::Overview(OverviewStep { removal: Some(r), .. }) if matches!(r.phase, Removal::Failed(_))
    );
    let effects = wizard.update(OverviewIntent::ConfirmRemove);
    let effects = wizard.update(Answer::BankAccountRemoved { request: request_of(only(&effects)), result: Ok(()) });
    assert_matches!(only(&effects), Effect::LoadOrganisation { .. }, "the card is read again: {effects:?}");
    assert_matches!(wizard.step(), Step::Overview(OverviewStep { removal: None, .. }));
}

#[test]
fn link_another_bank_goes_to_the_bank_step_for_that_organisation() {
    let mut wizard = overview_with(Vec::new());
    wizard.session_mut().bank_query = "Emulator Bank".into();
    let effects = wizard.update(OverviewIntent::LinkAnotherBank("org-9".into()));
    assert_matches!(wizard.step(), Step::Bank(step) if step.target.organisation_id.as_str() == "org-9");
    assert!(effects.iter().any(|e| matches!(e, Effect::FetchBanks { .. })));
    assert!(effects.iter().any(|e| matches!(e, Effect::SaveProgress(p) if p.screen == Some(Screen::Linking))));
    assert_eq!(wizard.session().bank_query, "", "a new bank is searched for from an empty box");
}

#[test]
fn an_unfinished_link_is_never_overwritten_from_the_overview() {
    let mut wizard = super::link::at_details();
    let shown = wizard.update(Intent::ShowOverview);
    let effects = wizard.update(Answer::OrganisationLoaded {
        request: request_of(shown.iter().find(|e| matches!(e, Effect::LoadOrganisation { .. })).expect("a read")),
        at: at(),
        today: super::link::today(),
        result: Ok(OrganisationAccounts {
            accounts: vec![account("ba-7", BankAccountStatus::Active)],
            banks: vec![bank()],
        }),
    });
    assert!(effects.is_empty());
    assert!(wizard.update(act("org-9", "ba-7", AccountAction::Open)).is_empty());
    assert!(wizard.update(OverviewIntent::LinkAnotherBank("org-9".into())).is_empty());
    assert_matches!(wizard.session().link.as_ref().map(|r| &r.stage), Some(LinkStage::Linked { .. }), "kept");
    wizard.update(OverviewIntent::ContinueUnfinishedLink);
    assert_matches!(wizard.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }));
}

#[test]
fn leaving_the_overview_cancels_its_reads() {
    let mut wizard = overview_with(vec![account("ba-1", BankAccountStatus::Pending)]);
    let Some(due) = card(&wizard).loading else { panic!("a pending account is read again") };
    let effects = wizard.update(OverviewIntent::StartOnboarding);
    assert!(effects.contains(&Effect::Cancel(due)), "{effects:?}");
}
