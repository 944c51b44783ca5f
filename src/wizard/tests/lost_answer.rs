//! POST organisation whose answer was lost after Sage may have acted: offered again (never sent by itself), and a
//! 409 that follows names the lost attempt with a reference for Sage support; a plain 409 names none.

use super::*;

/// The step's problem.
fn problem(wizard: &Wizard) -> Option<&CreateProblem> {
    match wizard.step() {
        Step::Create(CreateStep { phase: CreatePhase::Failed(problem), .. }) => Some(problem),
        _ => None,
    }
}

#[test]
fn a_lost_answer_then_a_409_names_the_lost_attempt_with_a_support_reference() {
    for lost in [
        Failure::TimedOut { seconds: 30 },
        Failure::Unreachable { detail: "connection closed before message completed".into() },
        Failure::Unreadable { status: 200, detail: "EOF while parsing".into() },
    ] {
        let mut wizard = at_captcha_in(Environment::Local(Profile::Production));
        let effects = create_answered(&mut wizard, Err(lost.clone()));
        assert!(nothing_sent(&effects), "never sent again by itself: {effects:?}");
        assert_matches!(problem(&wizard), Some(CreateProblem::Transient(_)), "{lost:?}: a Retry is offered");

        let effects = wizard.update(CaptchaIntent::SendOrganisationAgain);
        let request = request_of(only(&effects));
        let at: Timestamp = "2026-11-22T03:50:12Z".parse().expect("a time");
        let refused = Err(status(409, codes::ORGANISATION_LIMIT));
        wizard.update(Answer::OrganisationCreated { request, at, result: refused });
        let Some(CreateProblem::LimitReached { lost_answer: Some(lost_answer), .. }) = problem(&wizard) else {
            panic!("{lost:?}: expected a 409 naming the lost attempt, got {:?}", wizard.step());
        };
        let first = LostAnswer { crm_id: "CRM-1".into(), at: Some(Timestamp::UNIX_EPOCH) };
        assert_eq!(lost_answer, &first, "the first attempt's CRM ID and time");
        assert_eq!(wizard.session().organisation.company_name, "Acme Widgets", "what was typed is kept");
    }
}

#[test]
fn a_409_with_no_lost_answer_before_it_names_none_and_a_created_organisation_forgets_it() {
    let mut wizard = at_captcha_in(Environment::Local(Profile::Production));
    create_answered(&mut wizard, Err(status(409, codes::ORGANISATION_LIMIT)));
    assert_matches!(problem(&wizard), Some(CreateProblem::LimitReached { lost_answer: None, .. }));

    let mut wizard = at_captcha_in(Environment::Local(Profile::Qa));
    create_answered(&mut wizard, Err(Failure::TimedOut { seconds: 30 }));
    assert!(wizard.session().lost_organisation_answer.is_some());
    let effects = wizard.update(CaptchaIntent::SendOrganisationAgain);
    let request = request_of(only(&effects));
    wizard.update(Answer::OrganisationCreated { request, at: Timestamp::UNIX_EPOCH, result: Ok(created()) });
    assert_eq!(wizard.session().lost_organisation_answer, None, "created: nothing lost to name any more");
}

/// At the account's details, Create pressed and answered with `lost`: the wizard and its search's request.
fn create_lost(lost: &Failure) -> (Wizard, RequestId) {
    let mut wizard = super::link::at_details();
    let effects = wizard.update(AccountIntent::Create);
    let request = request_of(&effects[1]);
    let effects = wizard.update(Answer::BankAccountCreated { request, result: Err(lost.clone()) });
    let Effect::FindBankAccount { request: find, account_key, .. } = only(&effects) else {
        panic!("{lost:?}: looked for, got {effects:?}")
    };
    assert_eq!(account_key, "key-1");
    (wizard, *find)
}

#[test]
fn a_lost_bank_account_answer_is_looked_for_by_its_key_before_anything_is_sent_again() {
    for lost in [
        Failure::TimedOut { seconds: 30 },
        Failure::Unreachable { detail: "connection reset".into() },
        Failure::Unreadable { status: 201, detail: "EOF while parsing".into() },
    ] {
        let (mut found, find) = create_lost(&lost);
        let account = super::link::pending_account();
        let effects = found.update(Answer::BankAccountFound { request: find, result: Ok(Some(account)) });
        assert!(effects.iter().any(|e| matches!(e, Effect::WatchBankAccount { .. })), "{lost:?}: followed");
        assert!(!effects.iter().any(|e| matches!(e, Effect::CreateBankAccount { .. })), "{lost:?}: never made twice");

        let (mut missing, find) = create_lost(&lost);
        missing.update(Answer::BankAccountFound { request: find, result: Ok(None) });
        let Step::Account(AccountStep { phase: AccountPhase::Details { problem, .. }, .. }) = missing.step() else {
            panic!("{lost:?}: not found, back to the details")
        };
        assert_eq!(problem.as_ref(), Some(&lost), "the failure shows, and Create sends it for the first time");
    }
}
