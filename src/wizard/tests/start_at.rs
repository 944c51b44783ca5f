//! Start at any step: the wizard asks the runtime to reset the demo and walk to the seed from the progress with no
//! local organisation, keeps other environments' organisations, takes the walk's progress as after a restart, drops a
//! stale answer, says why when it fails, and refuses off the emulator and, for a desktop-only step, on a web product.

use super::*;

/// A wizard restarted with local organisation `org-9` and a sandbox one.
fn with_a_sandbox_organisation() -> Wizard {
    let (mut wizard, _) = restored_with_key();
    wizard.session_mut().organisations.push(organisation(Environment::Sandbox(Region::Eu), "org-remote"));
    wizard
}

/// Asks to start at `seed`; the effect that resets and walks.
fn start(wizard: &mut Wizard, seed: Seed) -> (RequestId, Vec<crate::secrets::KeySlot>, Progress) {
    let effects = wizard.update(Intent::StartAt(seed));
    match effects.into_iter().find(|effect| matches!(effect, Effect::StartAt { .. })) {
        Some(Effect::StartAt { request, seed: asked, keys, from }) => {
            assert_eq!(asked, seed);
            (request, keys, from)
        }
        other => panic!("no start at {seed:?}: {other:?}"),
    }
}

#[test]
fn starting_at_a_step_walks_from_the_first_step_without_the_local_organisations_and_deletes_their_keys() {
    let mut wizard = with_a_sandbox_organisation();
    wizard.session_mut().licence.fields[0].value = "TYPED".into();
    let (_, keys, from) = start(&mut wizard, Seed::Overview);
    let local = Environment::Local(Profile::Qa);
    assert_eq!(keys, vec![crate::secrets::KeySlot::customer(&local, &"org-9".into())], "only the local key goes");
    let kept: Vec<&str> = from.organisations.iter().map(|o| o.organisation_id.as_str()).collect();
    assert_eq!(kept, ["org-remote"], "the sandbox organisation is walked with, never reset");
    assert_eq!((from.screen, from.link), (Some(Screen::Environment), None));
    assert_eq!(from.licence[0].1, "TYPED", "what was typed stays");
    assert_eq!(wizard.session().demo.seeding, Some(Seed::Overview), "the strip says what is being set up");
    assert_eq!(wizard.start_at_blocked(Seed::Bank), Some(StartAtBlocked::Demo(DemoResetBlocked::Resetting)));
    assert!(wizard.update(Intent::Continue).is_empty(), "nothing starts while the demo is set up");
}

#[test]
fn the_walks_progress_is_taken_as_after_a_restart_and_saved_first() {
    let mut wizard = with_a_sandbox_organisation();
    let (request, _, mut walked) = start(&mut wizard, Seed::Licence);
    walked.screen = Some(Screen::Licence);
    let effects = wizard.update(Answer::StartedAt { request, seed: Seed::Licence, result: Ok(walked) });
    assert_matches!(wizard.step(), Step::Licence(_));
    assert_matches!(effects.first(), Some(Effect::SaveProgress(saved)) if saved.screen == Some(Screen::Licence));
    assert!(effects.iter().any(|effect| matches!(effect, Effect::Connect { .. })), "the emulator is connected anew");
    let left: Vec<&str> = wizard.session().organisations.iter().map(|o| o.organisation_id.as_str()).collect();
    assert_eq!(left, ["org-remote"]);
    assert_eq!(wizard.session().demo.started, Some(Ok(Seed::Licence)));
    assert_eq!(wizard.session().demo.seeding, None);
    assert!(wizard.start_at_blocked(Seed::Bank).is_none(), "another start can be made");
}

#[test]
fn an_answer_to_another_start_is_dropped() {
    let mut wizard = with_a_sandbox_organisation();
    let (request, _, walked) = start(&mut wizard, Seed::Bank);
    let stale = RequestId(request.0 + 100);
    assert!(wizard.update(Answer::StartedAt { request: stale, seed: Seed::Bank, result: Ok(walked) }).is_empty());
    assert_eq!(wizard.session().demo.seeding, Some(Seed::Bank), "still waiting for its own answer");
}

#[test]
fn a_walk_that_stopped_forgets_the_local_demo_and_says_why() {
    let mut wizard = with_a_sandbox_organisation();
    let (request, _, _) = start(&mut wizard, Seed::Reauth);
    let problem = StartAtProblem::NotBuilt { detail: "the walk stopped".into() };
    let effects = wizard.update(Answer::StartedAt { request, seed: Seed::Reauth, result: Err(problem.clone()) });
    assert_matches!(effects.first(), Some(Effect::SaveProgress(_)));
    assert_matches!(wizard.step(), Step::Environment(_));
    assert_eq!(wizard.session().organisations.len(), 1, "the local organisation was reset; the sandbox one stays");
    assert_eq!(wizard.session().demo.started, Some(Err(problem)));
}

#[test]
fn a_reset_that_failed_or_no_data_folder_forgets_nothing() {
    let failed = StartAtProblem::NotReset(DemoResetProblem::Stopped { detail: "stopped".into() });
    for problem in [failed, StartAtProblem::NoDataFolder] {
        let mut wizard = with_a_sandbox_organisation();
        let (request, _, _) = start(&mut wizard, Seed::Bank);
        wizard.update(Answer::StartedAt { request, seed: Seed::Bank, result: Err(problem.clone()) });
        assert_eq!(
            wizard.session().organisations.len(),
            2,
            "{problem:?}: nothing was deleted, so nothing is forgotten"
        );
        assert!(wizard.session().connection.is_none(), "the next step connects anew");
    }
}

#[test]
fn start_at_is_refused_off_the_emulator_and_a_desktop_step_on_a_web_product() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::Select(Environment::Sandbox(Region::Eu)));
    assert!(wizard.update(Intent::StartAt(Seed::Bank)).is_empty());
    assert_eq!(wizard.start_at_blocked(Seed::Bank), Some(StartAtBlocked::Demo(DemoResetBlocked::NotLocal)));

    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::SelectProductKind(ProductKind::Web));
    for seed in Seed::ALL {
        let expected = seed.desktop_only().then_some(StartAtBlocked::WebProduct);
        assert_eq!(wizard.start_at_blocked(seed), expected, "{seed:?}");
    }
    assert!(wizard.update(Intent::StartAt(Seed::Licence)).is_empty());
    assert_eq!(Seed::ALL.iter().filter(|seed| seed.desktop_only()).count(), 2, "licence and captcha");
}

#[test]
fn every_seed_has_its_own_command_line_name() {
    let names: std::collections::HashSet<&str> = Seed::ALL.into_iter().map(Seed::cli_name).collect();
    assert_eq!(names.len(), Seed::ALL.len());
    assert!(names.iter().all(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '-')), "{names:?}");
}
