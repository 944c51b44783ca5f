//! Re-authorisation end to end in `egui_kittest`, with the real runtime and emulator: an active account is made
//! `authRequired` by the emulator's admin endpoint, the wizard sees it on Check again and offers Re-authorise; the
//! bank's page is approved, and the account is followed until it is `active` again. Then it is removed. An active
//! account's consent is renewed the same way, ended by the person's word since its status cannot show it.

use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::api::models::BankAccountStatus;
use bankfeeds_onboard::wizard::{AccountPhase, AccountStep, Following, Reauth, Removal, Step, Wizard};

use crate::consent;
use crate::linking_ui::{at_bank_search, link_to_active};
use crate::support::{press, run_until};

fn following(wizard: &Wizard) -> Option<&Following> {
    match wizard.step() {
        Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => Some(following),
        _ => None,
    }
}

fn status_is(wizard: &Wizard, status: &BankAccountStatus) -> bool {
    following(wizard).is_some_and(|f| f.account.status == *status && f.watching().is_none())
}

/// Asks the emulator to make `account` (and its authorisation's others) `authRequired` now.
pub(crate) fn make_auth_required(wizard: &Wizard, account: &str) {
    let banking = wizard.session().connection.as_ref().expect("connected").banking.clone();
    let admin = banking.join(&format!("/emulator/admin/bankaccounts/{account}/authrequired")).expect("admin URL");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let answer = runtime.block_on(reqwest::Client::new().post(admin).send()).expect("the admin endpoint answers");
    assert!(answer.status().is_success(), "admin answered {}", answer.status());
}

#[test]
fn an_account_that_needs_a_new_sign_in_is_reauthorised_then_removed() {
    let (mut harness, _data_dir) = at_bank_search();
    link_to_active(&mut harness, "Emulator Bank");
    run_until(&mut harness, "the watch ended", |w| status_is(w, &BankAccountStatus::Active));
    let id = following(harness.state().wizard()).expect("following").account.bank_account_id.to_string();

    make_auth_required(harness.state().wizard(), &id);
    press(&mut harness, "Check again");
    run_until(&mut harness, "the sign-in asked for", |w| status_is(w, &BankAccountStatus::AuthRequired));
    assert!(harness.query_by_label("The bank asks you to sign in again").is_some());
    press(&mut harness, "Sign in at the bank again");
    run_until(&mut harness, "the bank's page", |w| {
        following(w).is_some_and(|f| matches!(f.reauth, Some(Reauth::Waiting(_))))
    });
    assert!(harness.query_by_label("Signing in again at the bank").is_some());
    let Some(Reauth::Waiting(waiting)) = following(harness.state().wizard()).and_then(|f| f.reauth.clone()) else {
        unreachable!("waiting above")
    };
    consent::approve_blocking(waiting.redirect.as_str());
    run_until(&mut harness, "active again", |w| {
        following(w).is_some_and(|f| f.reauth == Some(Reauth::Done) && f.account.status == BankAccountStatus::Active)
    });
    assert!(harness.query_by_label("Signed in again: transactions flow again.").is_some());

    press(&mut harness, "Remove bank account");
    run_until(&mut harness, "the question", |w| following(w).is_some_and(|f| f.removal == Some(Removal::Confirming)));
    assert!(harness.query_by_label("Keep it").is_some(), "a confirmation comes first");
    press(&mut harness, "Remove");
    run_until(&mut harness, "removed", |w| status_is(w, &BankAccountStatus::Cancelled));
    assert!(harness.query_by_label("Cancelled").is_some());
}

#[test]
fn an_active_accounts_consent_is_renewed_at_the_bank_and_it_stays_active() {
    let (mut harness, _data_dir) = at_bank_search();
    link_to_active(&mut harness, "Emulator Bank");
    run_until(&mut harness, "the watch ended", |w| status_is(w, &BankAccountStatus::Active));
    assert!(harness.query_by_label("Sign in at the bank again").is_none(), "an active account needs no sign-in");
    press(&mut harness, "Renew the bank's consent");
    run_until(&mut harness, "the bank's page", |w| {
        following(w).is_some_and(|f| matches!(f.reauth, Some(Reauth::Renewing(_))))
    });
    assert!(harness.query_by_label("Renewing the bank's consent").is_some());
    let Some(Reauth::Renewing(waiting)) = following(harness.state().wizard()).and_then(|f| f.reauth.clone()) else {
        unreachable!("renewing above")
    };
    consent::approve_blocking(waiting.redirect.as_str());
    press(&mut harness, "I have finished at the bank");
    run_until(&mut harness, "renewed", |w| following(w).is_some_and(|f| f.reauth == Some(Reauth::Renewed)));
    assert!(harness.query_by_label("The bank's consent was renewed.").is_some());
    press(&mut harness, "Check again");
    run_until(&mut harness, "read again", |w| status_is(w, &BankAccountStatus::Active));
}
