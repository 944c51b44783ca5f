//! The environment step: the environment, the product's identity and kind, and (for web products) its application
//! key in the keyring. Continue connects to the environment, then goes on.

use crate::api::redacted::SigningKey;
use crate::secrets::KeyringProblem;

use crate::config::{CustomService, CustomServiceProblem, Environment};

use super::{Effect, ProductKind, RequestId, Step, Wizard};

/// What the person does on the environment step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnvironmentIntent {
    /// Chose one of the listed environments.
    Select(Environment),
    /// Chose "Custom Banking Service…": its roots are typed below it, and checked on Continue.
    ChooseCustom,
    /// Uses a custom environment whose roots are already checked (given on the command line).
    UseCustom(CustomService),
    /// Chose how the product onboards.
    SelectProductKind(ProductKind),
    /// Store the application key typed (web products).
    StoreApplicationKey,
}

/// The environment step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvironmentStep {
    /// The application key being written to the keyring.
    pub storing_key: Option<RequestId>,
    /// What happened to the last application key written.
    pub key_result: Option<Result<(), KeyringProblem>>,
    /// Continue on Production asked the person to tick the confirmation first (shown until they do, or choose another
    /// environment); whether they ticked it is `Session::live_confirmed`.
    pub confirmation_asked: bool,
    /// "Custom Banking Service…" is chosen, and its typed roots are used on Continue.
    pub custom_chosen: bool,
    /// Why the typed roots could not be used at the last Continue (shown under their fields until they are fixed).
    pub custom_problem: Option<CustomServiceProblem>,
}

/// What is wrong with the product identity; the UI words it beside the field it is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityProblem {
    /// The product ID is empty, or has spaces or control characters.
    ProductId,
    /// The provider ID is empty, or has spaces or control characters.
    ProviderId,
    /// The documented test product ID, on Production, where it is never valid.
    TestProductIdOnProduction,
}

impl EnvironmentStep {
    /// The step as it opens on `environment`: "Custom Banking Service…" chosen when it is a custom one.
    #[must_use]
    pub fn for_environment(environment: &Environment) -> Self {
        Self { custom_chosen: matches!(environment, Environment::Custom(_)), ..Self::default() }
    }
}

impl Wizard {
    /// What the person does on the environment step. Nothing changes while an application key is being stored.
    pub(super) fn on_environment(&mut self, intent: EnvironmentIntent) -> Vec<Effect> {
        let Step::Environment(step) = &mut self.step else { return Vec::new() };
        if step.storing_key.is_some() {
            return Vec::new();
        }
        match intent {
            EnvironmentIntent::Select(environment) => {
                step.custom_chosen = false;
                step.custom_problem = None;
                self.choose_environment(environment);
                Vec::new()
            }
            EnvironmentIntent::ChooseCustom => {
                step.custom_chosen = true;
                step.confirmation_asked = false;
                if let Ok(service) = self.session.custom_service.parse() {
                    self.choose_environment(Environment::Custom(service));
                }
                Vec::new()
            }
            EnvironmentIntent::UseCustom(service) => {
                step.custom_chosen = true;
                step.custom_problem = None;
                self.choose_environment(Environment::Custom(service));
                Vec::new()
            }
            EnvironmentIntent::SelectProductKind(kind) => {
                if self.session.settings.product_kind != kind {
                    self.session.connecting = None;
                }
                self.session.settings.product_kind = kind;
                self.session.connect_problem = None;
                step.key_result = None;
                Vec::new()
            }
            EnvironmentIntent::StoreApplicationKey => {
                let typed = self.session.application_key_input.trim().to_owned();
                if typed.is_empty() {
                    return Vec::new();
                }
                let request = super::new_request(&mut self.last_request);
                step.storing_key = Some(request);
                step.key_result = None;
                let slot = self.session.settings.application_key_slot();
                vec![Effect::StoreKey { request, slot, key: SigningKey::new(typed) }]
            }
        }
    }

    /// Uses `environment` from now on; a change drops the connection made (or being made) to the previous one.
    fn choose_environment(&mut self, environment: Environment) {
        let Step::Environment(step) = &mut self.step else { return };
        if self.session.settings.environment != environment {
            self.session.connecting = None;
            self.session.connection = None;
            self.session.connect_problem = None;
            self.session.live_confirmed = false;
            step.key_result = None;
            self.session.set_environment(environment);
        }
        step.confirmation_asked = false;
    }

    /// With "Custom Banking Service…" chosen, its typed roots become the environment; false (the problem shown under
    /// the fields) when they cannot be used.
    fn take_custom_roots(&mut self) -> bool {
        let Step::Environment(step) = &mut self.step else { return false };
        if !step.custom_chosen {
            return true;
        }
        match self.session.custom_service.parse() {
            Ok(service) => {
                step.custom_problem = None;
                self.choose_environment(Environment::Custom(service));
                true
            }
            Err(problem) => {
                step.custom_problem = Some(problem);
                false
            }
        }
    }

    /// What is wrong with the product identity, if anything.
    #[must_use]
    pub fn identity_problem(&self) -> Option<IdentityProblem> {
        let identity = &self.session.settings.identity;
        let bad = |text: &str| text.trim().is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad(&identity.product_id) {
            Some(IdentityProblem::ProductId)
        } else if bad(&identity.provider_id) {
            Some(IdentityProblem::ProviderId)
        } else if self.session.settings.environment.is_live()
            && identity.product_id.trim() == crate::config::TEST_PRODUCT_ID
        {
            Some(IdentityProblem::TestProductIdOnProduction)
        } else {
            None
        }
    }

    pub(super) fn connect_and_continue(&mut self) -> Vec<Effect> {
        if self.session.connecting.is_some() || self.identity_problem().is_some() {
            return Vec::new();
        }
        let Step::Environment(step) = &mut self.step else { return Vec::new() };
        if step.storing_key.is_some() || !self.take_custom_roots() {
            return Vec::new();
        }
        let Step::Environment(step) = &mut self.step else { return Vec::new() };
        if self.session.settings.environment.is_live() && !self.session.live_confirmed {
            step.confirmation_asked = true;
            return Vec::new();
        }
        step.confirmation_asked = false;
        self.session.settings.identity.product_id = self.session.settings.identity.product_id.trim().to_owned();
        self.session.settings.identity.provider_id = self.session.settings.identity.provider_id.trim().to_owned();
        self.connect(true)
    }
}
