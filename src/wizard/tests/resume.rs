//! Resume: for each screen, the progress saved there builds a new wizard on the same screen with the same data, and
//! what it sends first only re-checks (a connection, the key, a search by `accountKey`, a status), never a creation.

use super::account_actions::{at, followed};
use super::link::{at_bank_step, at_details, pending_account};
use super::*;
use crate::api::models::{BankAccount, BankAccountStatus};

/// A new wizard built from what `wizard` would save now, and the effects of its start.
fn restarted(wizard: &Wizard) -> (Wizard, Vec<Effect>) {
    let mut again = Wizard::new();
    let effects = again.update(Answer::Restored(Some(wizard.progress())));
    (again, effects)
}

/// True when no effect creates anything at a server.
fn creates_nothing(effects: &[Effect]) -> bool {
    !effects.iter().any(|effect| {
        matches!(
            effect,
            Effect::CreateOrganisation { .. }
                | Effect::CreateBankAccount { .. }
                | Effect::StartLink { .. }
                | Effect::LinkCandidate { .. }
                | Effect::RemoveBankAccount { .. }
        )
    })
}

#[test]
fn a_first_run_with_nothing_saved_starts_the_wizard() {
    let mut wizard = Wizard::new();
    assert!(wizard.update(Answer::Restored(None)).is_empty());
    assert_matches!(wizard.step(), Step::Environment(_));
}

#[test]
fn the_environment_step_comes_back_with_the_choice() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(Environment::Local(Profile::PreProduction)));
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Environment(_));
    assert_eq!(again.session().settings.environment, Environment::Local(Profile::PreProduction));
    assert!(effects.is_empty());
}

#[test]
fn the_licence_and_organisation_steps_come_back_with_what_was_typed() {
    let mut wizard = Wizard::new();
    connect(&mut wizard);
    wizard.session_mut().licence.fields[0].value = "SERIAL-77".into();
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Licence(_));
    assert_eq!(again.session().licence.fields[0].value, "SERIAL-77");
    assert_matches!(effects.as_slice(), [Effect::Connect { .. }]);

    let effects = wizard.update(LicenceIntent::Send);
    wizard.update(Answer::TokenRequested { request: request_of(only(&effects)), result: Ok(accepted()) });
    fill_form(&mut wizard);
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Organisation(_));
    assert_eq!(again.session().organisation.company_name, "Acme Widgets");
    assert_eq!(again.session().organisation.email, "ada@acme.test");
    assert_matches!(effects.as_slice(), [Effect::Connect { .. }]);
}

#[test]
fn the_captcha_step_comes_back_with_a_new_image_fetched_once_connected() {
    let wizard = at_captcha();
    let (mut again, effects) = restarted(&wizard);
    let Step::Captcha(CaptchaStep { captcha: CaptchaFetch::Loading(waiting), .. }) = again.step().clone() else {
        panic!("{:?}", again.step())
    };
    assert!(again.session().captcha_answer.is_empty(), "an answer is never saved");
    let connected = again.update(Answer::Connected {
        request: request_of(only(&effects)),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    assert_matches!(only(&connected), Effect::FetchCaptcha { request } if *request == waiting);
}

#[test]
fn an_organisation_being_created_is_explained_and_never_sent_again_by_itself() {
    let mut wizard = at_captcha();
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p), Effect::CreateOrganisation { .. }] if p.screen == Some(Screen::Creating),
        "the screen is saved before the POST goes out: {effects:?}"
    );
    let (mut again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Create(step) if step.phase == CreatePhase::Failed(CreateProblem::Interrupted));
    assert!(creates_nothing(&effects));
    assert_eq!(again.session().organisation.company_name, "Acme Widgets");
    let retried = again.update(CaptchaIntent::SendOrganisationAgain);
    assert_matches!(
        retried.first(),
        Some(Effect::FetchCaptcha { .. }),
        "a desktop product answers a new image first: {retried:?}"
    );
}

#[test]
fn the_bank_step_and_the_account_details_come_back() {
    let wizard = at_bank_step();
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Bank(_));
    assert!(creates_nothing(&effects));

    let mut wizard = at_details();
    wizard.session_mut().account_details.as_mut().expect("details").name = "Takings".into();
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Account(AccountStep { phase: AccountPhase::Details { .. }, .. }));
    assert_eq!(again.session().account_details.as_ref().map(|d| d.name.as_str()), Some("Takings"));
    assert!(creates_nothing(&effects));
}

#[test]
fn a_followed_account_comes_back_and_is_checked_again() {
    let wizard = followed(BankAccountStatus::Pending);
    let (mut again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Account(AccountStep { phase: AccountPhase::Following(_), .. }));
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects");
    let connected = again
        .update(Answer::Connected { request: request_of(connect), result: Ok(Connection { endpoints: endpoints() }) });
    assert_matches!(only(&connected), Effect::WatchBankAccount { account, .. } if account.as_str() == "ba-1");
}

#[test]
fn the_more_accounts_comes_back_once_its_first_account_reads_active() {
    let mut wizard = followed(BankAccountStatus::Active);
    wizard.update(AccountIntent::AddMoreAccounts);
    assert_matches!(wizard.step(), Step::MoreAccounts(_));
    let (mut again, effects) = restarted(&wizard);
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects");
    let connected = again
        .update(Answer::Connected { request: request_of(connect), result: Ok(Connection { endpoints: endpoints() }) });
    let watch = request_of(only(&connected));
    let active = BankAccount { status: BankAccountStatus::Active, ..pending_account() };
    let effects =
        again.update(Answer::AccountChecked { request: watch, at: at(), result: Ok(active), next_check_at: None });
    assert_matches!(again.step(), Step::MoreAccounts(_), "{:?}", again.step());
    assert!(effects.iter().any(|e| matches!(e, Effect::ListCandidates { .. })));
}

#[test]
fn the_overview_comes_back_and_reads_every_organisation_again() {
    let (mut wizard, effects) = restored_with_key();
    wizard.update(Answer::Connected {
        request: request_of(&effects[1]),
        result: Ok(Connection { endpoints: endpoints() }),
    });
    let effects = wizard.update(Intent::ShowOverview);
    assert_matches!(wizard.step(), Step::Overview(_));
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p), Effect::LoadOrganisation { .. }] if p.screen == Some(Screen::Overview)
    );
    let (mut again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Overview(step) if step.cards.len() == 1);
    let connect = effects.iter().find(|e| matches!(e, Effect::Connect { .. })).expect("connects");
    let connected = again
        .update(Answer::Connected { request: request_of(connect), result: Ok(Connection { endpoints: endpoints() }) });
    assert_matches!(only(&connected), Effect::LoadOrganisation { target, .. } if target.organisation_id.as_str() == "org-9"
    );
}

#[test]
fn a_web_products_organisation_being_created_is_saved_as_such_before_the_post() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::SelectProductKind(ProductKind::Web));
    connect(&mut wizard);
    fill_form(&mut wizard);
    let effects = wizard.update(Intent::Continue);
    assert_matches!(effects.as_slice(), [Effect::SaveProgress(p), Effect::CreateOrganisation { .. }] if p.screen == Some(Screen::Creating),
        "{effects:?}"
    );
    let (again, effects) = restarted(&wizard);
    assert_matches!(again.step(), Step::Create(step) if step.phase == CreatePhase::Failed(CreateProblem::Interrupted));
    assert!(creates_nothing(&effects));
}

/// A wizard whose POST organisation was answered: the key is on its way to the keyring (the effects say so).
fn created_and_storing_the_key() -> (Wizard, Vec<Effect>) {
    let mut wizard = at_captcha();
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    let effects = wizard.update(Answer::OrganisationCreated {
        request: request_of(only(&effects)),
        at: at(),
        result: Ok(created()),
    });
    (wizard, effects)
}

#[test]
fn a_key_not_yet_in_the_keyring_is_saved_as_still_creating() {
    let (wizard, effects) = created_and_storing_the_key();
    assert_matches!(effects.as_slice(), [Effect::StoreKey { .. }], "the keyring first and alone: {effects:?}");
    assert_eq!(wizard.progress().screen, Some(Screen::Creating), "typing now saves nothing that says onboarded");
}

#[test]
fn a_key_the_keyring_refused_is_checked_again_after_a_restart_not_created_again() {
    let (mut wizard, effects) = created_and_storing_the_key();
    let refused = KeyringProblem::Locked { detail: "locked".into() };
    let effects = wizard.update(Answer::KeyStored { request: request_of(only(&effects)), result: Err(refused) });
    let [Effect::SaveProgress(saved)] = effects.as_slice() else { panic!("saved: {effects:?}") };
    assert_eq!(saved.screen, Some(Screen::Onboarded), "the organisation is known, its key is not");

    // The app closed anyway, the key lost with it: the restart looks for the key instead of creating anew.
    let mut again = Wizard::new();
    let effects = again.update(Answer::Restored(Some(saved.clone())));
    let Some(Effect::CheckKey { request, slot }) = effects.first() else { panic!("the key checked: {effects:?}") };
    assert_eq!(slot, &saved.organisations[0].key_slot());
    assert!(creates_nothing(&effects));
    again.update(Answer::KeyChecked { request: *request, result: Err(KeyringProblem::Missing) });
    assert_matches!(again.step(), Step::Onboarded(s) if s.phase == KeyPhase::Missing(KeyringProblem::Missing),
        "{:?}",
        again.step()
    );
}
