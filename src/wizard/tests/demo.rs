//! Demo mode: Reset demo deletes the local organisations' keys (and only theirs), starts again on the first step,
//! keeps other environments' organisations and what was typed, and is refused while a step is in the middle of
//! something or off the local emulator.

use super::*;

/// A wizard restarted with a local organisation and a sandbox one, on the overview of the local one.
fn with_two_environments() -> Wizard {
    let (mut wizard, _) = restored_with_key();
    let sandbox = Environment::Sandbox(Region::Eu);
    wizard.session_mut().organisations.push(organisation(sandbox, "org-remote"));
    wizard
}

#[test]
fn reset_demo_deletes_only_the_local_keys_then_starts_again_keeping_the_rest() {
    let mut wizard = with_two_environments();
    wizard.session_mut().licence.fields[0].value = "ACTIVE".into();
    let effects = wizard.update(Intent::ResetDemo);
    let Some(Effect::ResetDemo { request, keys }) = effects.iter().find(|e| matches!(e, Effect::ResetDemo { .. }))
    else {
        panic!("no reset in {effects:?}")
    };
    let local = Environment::Local(Profile::Qa);
    assert_eq!(keys, &vec![crate::secrets::KeySlot::customer(&local, &"org-9".into())]);
    assert_eq!(wizard.demo_reset_blocked(), Some(DemoResetBlocked::Resetting), "a second reset waits for the first");

    let cleared = DemoCleared { state_files: 1, keys: 1, organisations: 0 };
    let effects = wizard.update(Answer::DemoReset { request: *request, result: Ok(cleared) });
    assert_matches!(wizard.step(), Step::Environment(_));
    let Some(Effect::SaveProgress(saved)) = effects.first() else { panic!("saved first: {effects:?}") };
    let left: Vec<&str> = saved.organisations.iter().map(|o| o.organisation_id.as_str()).collect();
    assert_eq!(left, ["org-remote"], "the sandbox organisation stays");
    assert_eq!(wizard.session().licence.fields[0].value, "ACTIVE", "what was typed stays");
    assert_eq!(wizard.session().connection, None, "the next Continue connects to a fresh emulator");
    let outcome = wizard.session().demo.outcome.clone();
    assert_eq!(outcome, Some(Ok(DemoCleared { state_files: 1, keys: 1, organisations: 1 })));
}

#[test]
fn a_failed_reset_says_why_forgets_nothing_and_connects_anew() {
    let mut wizard = with_two_environments();
    let effects = wizard.update(Intent::ResetDemo);
    let request = effects.iter().find_map(Effect::request).expect("a reset");
    assert!(wizard.update(OverviewIntent::Refresh).is_empty(), "nothing starts while the reset runs");
    assert!(wizard.update(Intent::Continue).is_empty());
    wizard.update(Answer::DemoReset {
        request,
        result: Err(DemoResetProblem::KeyringUnavailable(KeyringProblem::Locked {
            detail: "the keyring is locked".into(),
        })),
    });
    assert_eq!(wizard.session().organisations.len(), 2);
    assert_eq!(
        wizard.session().demo.outcome,
        Some(Err(DemoResetProblem::KeyringUnavailable(KeyringProblem::Locked {
            detail: "the keyring is locked".into()
        })))
    );
    assert!(wizard.demo_reset_blocked().is_none(), "it can be tried again");
    assert!(matches!(wizard.step(), Step::Environment(_)) && wizard.session().connection.is_none());
}

#[test]
fn reset_is_refused_off_the_emulator_and_while_a_step_is_busy() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(Environment::Sandbox(Region::Eu)));
    assert!(wizard.update(Intent::ResetDemo).is_empty());
    assert_eq!(wizard.demo_reset_blocked(), Some(DemoResetBlocked::NotLocal));

    let mut wizard = at_captcha();
    let effects = wizard.update(CaptchaIntent::CreateOrganisation);
    assert_matches!(only(&effects), Effect::CreateOrganisation { .. });
    assert!(wizard.update(Intent::ResetDemo).is_empty(), "never while POST organisation is under way");
    assert_eq!(wizard.demo_reset_blocked(), Some(DemoResetBlocked::StepBusy));
}

#[test]
fn a_stale_reset_answer_is_dropped() {
    let mut wizard = with_two_environments();
    wizard.update(Answer::DemoReset { request: RequestId(999), result: Ok(DemoCleared::default()) });
    assert_eq!(wizard.session().organisations.len(), 2);
    assert!(!matches!(wizard.step(), Step::Environment(_)));
}
