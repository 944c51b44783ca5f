//! The custom environment on the environment step: its roots checked on Continue with the problem shown under the
//! field, a connection to exactly the roots typed, the choice kept across Back and after another environment.

use super::*;
use crate::config::{CustomService, CustomServiceProblem, RootProblem};

const BANKING: &str = "https://bankdrive.example.com:8443/api/v1";
const TOKENS: &str = "https://tokens.example.com/api/v1/";

fn custom_chosen(wizard: &Wizard) -> bool {
    matches!(wizard.step(), Step::Environment(step) if step.custom_chosen)
}

#[test]
fn continue_checks_the_typed_roots_and_says_which_is_wrong_before_anything_is_sent() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::ChooseCustom);
    assert!(custom_chosen(&wizard));
    assert!(wizard.update(Intent::Continue).is_empty(), "nothing sent with nothing typed");
    assert_matches!(wizard.step(), Step::Environment(step)
        if step.custom_problem == Some(CustomServiceProblem::Banking(RootProblem::Empty)));
    wizard.session_mut().custom_service.banking = BANKING.into();
    wizard.session_mut().custom_service.token_service = "http://tokens.example.com/".into();
    assert!(wizard.update(Intent::Continue).is_empty(), "plain HTTP to another computer is refused");
    assert_matches!(wizard.step(), Step::Environment(step)
        if step.custom_problem == Some(CustomServiceProblem::TokenService(RootProblem::NotHttps)));
    assert_eq!(wizard.session().settings.environment, Environment::Local(Profile::Qa), "still the one before");
}

#[test]
fn valid_roots_connect_to_exactly_those_roots_and_are_saved_as_the_environment() {
    let mut wizard = Wizard::new();
    wizard.update(EnvironmentIntent::ChooseCustom);
    wizard.session_mut().custom_service.banking = BANKING.into();
    wizard.session_mut().custom_service.token_service = TOKENS.into();
    let effects = wizard.update(Intent::Continue);
    let Effect::Connect { settings, .. } = only(&effects) else { panic!("a connection: {effects:?}") };
    assert_eq!(settings.environment.banking_url().map(String::from).as_deref(), Some(format!("{BANKING}/").as_str()));
    assert_eq!(settings.environment.token_service_url().map(String::from).as_deref(), Some(TOKENS));
    assert_matches!(wizard.step(), Step::Environment(step) if step.custom_problem.is_none());
    assert_eq!(wizard.progress().settings.environment, settings.environment, "saved like the others");
}

#[test]
fn another_environment_keeps_what_was_typed_and_back_returns_to_the_custom_choice() {
    let mut wizard = Wizard::new();
    let service = CustomService::parse(BANKING, TOKENS).expect("valid");
    wizard.update(EnvironmentIntent::UseCustom(service.clone()));
    assert!(custom_chosen(&wizard));
    assert_eq!(wizard.session().custom_service.banking, format!("{BANKING}/"), "the roots are shown in the fields");
    wizard.update(EnvironmentIntent::Select(Environment::Qa(Region::Eu)));
    assert!(!custom_chosen(&wizard));
    assert_eq!(wizard.session().settings.environment, Environment::Qa(Region::Eu));
    wizard.update(EnvironmentIntent::ChooseCustom);
    assert_eq!(wizard.session().settings.environment, Environment::Custom(service), "typed roots kept");
    connect(&mut wizard);
    assert_matches!(wizard.step(), Step::Licence(_));
    wizard.update(Intent::Back);
    assert!(custom_chosen(&wizard), "Back shows the custom choice again");
}
