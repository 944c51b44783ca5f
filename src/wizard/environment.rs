//! The environment step: the environment, the product's identity and kind, and (for web products) its application
//! key in the keyring. Continue connects to the environment, then goes on.

use crate::api::redacted::SigningKey;
use crate::secrets::KeyringProblem;

use crate::config::Environment;

use super::{Effect, ProductKind, RequestId, Step, Wizard};

/// What the person does on the environment step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvironmentIntent {
    /// Chose an environment.
    Select(Environment),
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

impl Wizard {
    /// What the person does on the environment step. Nothing changes while an application key is being stored.
    pub(super) fn on_environment(&mut self, intent: EnvironmentIntent) -> Vec<Effect> {
        let Step::Environment(step) = &mut self.step else { return Vec::new() };
        if step.storing_key.is_some() {
            return Vec::new();
        }
        match intent {
            EnvironmentIntent::Select(environment) => {
                if self.session.settings.environment != environment {
                    self.session.connecting = None;
                    self.session.settings.environment = environment;
                    self.session.connection = None;
                    self.session.connect_problem = None;
                    self.session.live_confirmed = false;
                    step.key_result = None;
                }
                step.confirmation_asked = false;
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
        if step.storing_key.is_some() {
            return Vec::new();
        }
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
