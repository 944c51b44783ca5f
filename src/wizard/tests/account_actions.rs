//! Re-authorising an `authRequired` account (the bank's page, its status followed until `active` again, cancel) and
//! removing an account after a confirmation.

use super::link::{at_details, pending_account};
use super::*;
use crate::api::ids::BankAccountId;
use crate::api::models::{BankAccount, BankAccountStatus};
use crate::browser::BrowserError;

fn account(status: BankAccountStatus) -> BankAccount {
    BankAccount::bare(BankAccountId::from("ba-1"), status)
}

fn following(wizard: &Wizard) -> &Following {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => following,
        other => panic!("not following: {other:#?}"),
    }
}

pub(super) fn at() -> Timestamp {
    Timestamp::from_second(2_000).expect("time")
}

/// Following the created account, whose first check found it `status` (which ends the first watch).
pub(super) fn followed(status: BankAccountStatus) -> Wizard {
    let mut wizard = at_details();
    let effects = wizard.update(AccountIntent::Create);
    let effects =
        wizard.update(Answer::BankAccountCreated { request: request_of(&effects[1]), result: Ok(pending_account()) });
    let watch = request_of(&effects[1]);
    wizard.update(Answer::AccountChecked {
        request: watch,
        at: at(),
        result: Ok(account(status)),
        next_check_at: None,
    });
    wizard
}

#[test]
fn reauthorising_opens_the_banks_page_and_follows_the_account_until_active_again() {
    let mut wizard = followed(BankAccountStatus::Active);
    assert!(wizard.update(AccountIntent::Reauthorise).is_empty(), "an active account needs no sign-in");
    let mut wizard = followed(BankAccountStatus::AuthRequired);
    let effects = wizard.update(AccountIntent::Reauthorise);
    let Some(Effect::Reauthorise { request, account: asked, .. }) = effects.first() else {
        panic!("reauthorise: {effects:?}")
    };
    assert_eq!(asked.as_str(), "ba-1");
    let request = *request;
    assert!(wizard.update(AccountIntent::Reauthorise).is_empty(), "not twice");
    let page = url::Url::parse("http://127.0.0.1:1/aggregator/consent/x").expect("an address");
    let effects = wizard.update(Answer::ReauthStarted { request, at: at(), result: Ok((page.clone(), Ok(()))) });
    let Some(Effect::WatchBankAccount { request: watch, until_active: true, .. }) = effects.last() else {
        panic!("a watch until active: {effects:?}")
    };
    let watch = *watch;
    assert_matches!(&following(&wizard).reauth, Some(Reauth::Waiting(w)) if w.redirect == page);
    let next = Some(at());
    let still = Ok(account(BankAccountStatus::AuthRequired));
    wizard.update(Answer::AccountChecked { request: watch, at: at(), result: still, next_check_at: next });
    assert_matches!(&following(&wizard).reauth, Some(Reauth::Waiting(w)) if w.checks == 1);
    let active = Ok(account(BankAccountStatus::Active));
    wizard.update(Answer::AccountChecked { request: watch, at: at(), result: active, next_check_at: None });
    assert_eq!(following(&wizard).reauth, Some(Reauth::Done));
    assert_eq!(following(&wizard).account.status, BankAccountStatus::Active);
}

#[test]
fn a_reauthorisation_can_be_cancelled_and_a_refusal_is_shown_with_a_way_to_try_again() {
    let mut wizard = followed(BankAccountStatus::AuthRequired);
    let request = request_of(&wizard.update(AccountIntent::Reauthorise)[0]);
    let refused = Failure::Status { status: 409, code: Some("x".into()), message: None, retry_after: None };
    wizard.update(Answer::ReauthStarted { request, at: at(), result: Err(refused) });
    assert_matches!(following(&wizard).reauth, Some(Reauth::Failed(_)));
    let request = request_of(&wizard.update(AccountIntent::Reauthorise)[0]);
    let effects = wizard.update(Answer::ReauthStarted {
        request,
        at: at(),
        result: Ok((
            url::Url::parse("http://127.0.0.1:1/p").expect("an address"),
            Err(BrowserError::NoBrowser("none".into())),
        )),
    });
    let watch = request_of(effects.last().expect("a watch"));
    assert_eq!(wizard.update(AccountIntent::CancelReauth), vec![Effect::Cancel(watch)]);
    assert_eq!(following(&wizard).reauth, None);
    assert_eq!(following(&wizard).stopped(), Some(&WatchStop::Cancelled));
}

#[test]
fn removing_asks_first_then_deletes_and_shows_the_account_cancelled() {
    let mut wizard = followed(BankAccountStatus::Active);
    assert!(wizard.update(AccountIntent::ConfirmRemove).is_empty(), "nothing is removed without the question");
    wizard.update(AccountIntent::AskToRemove);
    assert_eq!(following(&wizard).removal, Some(Removal::Confirming));
    wizard.update(AccountIntent::KeepAccount);
    assert_eq!(following(&wizard).removal, None);
    wizard.update(AccountIntent::AskToRemove);
    let effects = wizard.update(AccountIntent::ConfirmRemove);
    let Some(Effect::RemoveBankAccount { request, account: removed, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(removed.as_str(), "ba-1");
    let request = *request;
    let failure = Failure::TimedOut { seconds: 30 };
    wizard.update(Answer::BankAccountRemoved { request, result: Err(failure) });
    assert_matches!(following(&wizard).removal, Some(Removal::Failed(_)), "the account is as it was");
    let request = request_of(&wizard.update(AccountIntent::ConfirmRemove)[0]);
    wizard.update(Answer::BankAccountRemoved { request, result: Ok(()) });
    assert_eq!(following(&wizard).account.status, BankAccountStatus::Cancelled);
    assert!(wizard.update(AccountIntent::AskToRemove).is_empty() && following(&wizard).removal.is_none());
}

#[test]
fn an_active_accounts_consent_is_renewed_at_the_bank_without_a_watch_and_ends_when_the_person_says_so() {
    let mut wizard = followed(BankAccountStatus::AuthRequired);
    assert!(wizard.update(AccountIntent::RenewConsent).is_empty(), "an account that needs a sign-in re-authorises");
    let mut wizard = followed(BankAccountStatus::Active);
    let effects = wizard.update(AccountIntent::RenewConsent);
    let Some(Effect::Reauthorise { request, .. }) = effects.first() else { panic!("the bank's page: {effects:?}") };
    let request = *request;
    assert!(wizard.update(AccountIntent::RenewConsent).is_empty(), "not twice");
    assert!(!wizard.can_leave_step(), "a renewal under way is not dropped by leaving");
    let page = url::Url::parse("http://127.0.0.1:1/aggregator/consent/r").expect("an address");
    let effects = wizard.update(Answer::ReauthStarted { request, at: at(), result: Ok((page.clone(), Ok(()))) });
    assert!(effects.is_empty(), "no watch: an active account cannot show when its consent is renewed: {effects:?}");
    assert_matches!(&following(&wizard).reauth, Some(Reauth::Renewing(w)) if w.redirect == page);
    assert_eq!(following(&wizard).watching(), None);
    wizard.update(AccountIntent::RenewalFinished);
    assert_eq!(following(&wizard).reauth, Some(Reauth::Renewed));
    assert!(wizard.can_leave_step());
    assert_eq!(following(&wizard).stopped(), None, "checking was never stopped: nothing was checking");

    let effects = wizard.update(AccountIntent::RenewConsent);
    let Some(Effect::Reauthorise { request, .. }) = effects.first() else { panic!("renewed again: {effects:?}") };
    let request = *request;
    wizard.update(Answer::ReauthStarted { request, at: at(), result: Ok((page, Ok(()))) });
    assert!(wizard.update(AccountIntent::CancelReauth).is_empty(), "nothing to cancel but the waiting");
    assert_eq!((following(&wizard).reauth.clone(), following(&wizard).stopped()), (None, None));
}
