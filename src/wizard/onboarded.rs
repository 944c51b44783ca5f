//! After POST organisation: the customer's key goes to the keyring, an access token proves it works, and a restart
//! comes back here from the saved progress.

use crate::secrets::KeyringProblem;

use super::{
    AccessProblem, Effect, EnvironmentStep, OnboardedOrganisation, OrganisationForm, RequestId, Step, Wizard,
    new_request,
};
use crate::api::models::CreatedOrganisation;
use crate::api::redacted::SigningKey;

/// What the person does on the onboarded organisation's step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnboardedIntent {
    /// Get an access token with the stored key.
    VerifyConnection,
    /// Try writing the customer's key to the keyring again.
    StoreKeyAgain,
}

/// The organisation exists.
#[derive(Clone, Debug, PartialEq)]
pub struct OnboardedStep {
    /// The organisation shown.
    pub organisation: OnboardedOrganisation,
    /// The state of its signing key and connection.
    pub phase: KeyPhase,
    /// Fetch an access token as soon as the connection being made is ready.
    pub verify_when_connected: bool,
}

/// The customer's signing key and the proof that it works.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyPhase {
    /// Being written to the keyring; the key is held in memory until the keyring has it.
    Storing {
        /// The keyring write.
        request: RequestId,
        /// The key, kept only so a failed write can be tried again.
        key: SigningKey,
        /// The organisation is in the saved progress already (this is Try again after the keyring refused).
        organisation_saved: bool,
    },
    /// The keyring refused it. The key is held in memory only: closing the app now would lose it.
    NotStored {
        /// The key, kept only in memory.
        key: SigningKey,
        /// Why the keyring refused.
        problem: KeyringProblem,
    },
    /// Checking that the keyring still holds the key (after a restart).
    Checking(RequestId),
    /// The keyring holds the key; no token fetched yet in this run.
    Stored,
    /// The keyring holds no usable key for this organisation.
    Missing(KeyringProblem),
    /// Getting an access token with the stored key.
    Verifying(RequestId),
    /// An access token was issued with the stored key: onboarding is complete.
    Verified,
    /// No access token could be had.
    VerifyFailed(AccessProblem),
}

impl OnboardedStep {
    /// A step for an organisation just created, whose key is being stored.
    #[must_use]
    pub fn storing(organisation: OnboardedOrganisation, request: RequestId, created: &CreatedOrganisation) -> Self {
        Self {
            organisation,
            phase: KeyPhase::Storing { request, key: created.token.clone(), organisation_saved: false },
            verify_when_connected: false,
        }
    }
}

impl Wizard {
    /// What the person does on the onboarded organisation's step.
    pub(super) fn on_onboarded(&mut self, intent: OnboardedIntent) -> Vec<Effect> {
        match intent {
            OnboardedIntent::VerifyConnection => self.verify(),
            OnboardedIntent::StoreKeyAgain => self.store_key_again(),
        }
    }

    /// The keyring's answer to the check of a restored organisation's key.
    pub(super) fn key_checked(&mut self, request: RequestId, result: Result<(), KeyringProblem>) -> Vec<Effect> {
        if let Step::Onboarded(step) = &mut self.step
            && step.phase == KeyPhase::Checking(request)
        {
            step.phase = match result {
                Ok(()) => KeyPhase::Stored,
                Err(problem) => KeyPhase::Missing(problem),
            };
        }
        Vec::new()
    }

    /// Whether an access token was issued with the stored key.
    pub(super) fn access_token_fetched(
        &mut self,
        request: RequestId,
        result: Result<(), AccessProblem>,
    ) -> Vec<Effect> {
        if let Step::Onboarded(step) = &mut self.step
            && step.phase == KeyPhase::Verifying(request)
        {
            step.phase = match result {
                Ok(()) => KeyPhase::Verified,
                Err(problem) => KeyPhase::VerifyFailed(problem),
            };
        }
        Vec::new()
    }

    /// Begins another onboarding; from the onboarded screen the organisation form starts empty.
    pub(super) fn start_over(&mut self) -> Vec<Effect> {
        match &self.step {
            Step::Onboarded(step) if !matches!(step.phase, KeyPhase::Storing { .. } | KeyPhase::NotStored { .. }) => {
                self.session.organisation = OrganisationForm::default();
            }
            Step::Create(step) if !step.is_busy() => {}
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => return Vec::new(),
        }
        self.session.connecting = None;
        self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
        Vec::new()
    }

    fn verify(&mut self) -> Vec<Effect> {
        let connected = self.session.connection.is_some();
        let connecting = self.session.connecting.is_some();
        let Step::Onboarded(step) = &mut self.step else { return Vec::new() };
        if !matches!(step.phase, KeyPhase::Stored | KeyPhase::Verified | KeyPhase::VerifyFailed(_)) {
            return Vec::new();
        }
        if connected {
            return self.fetch_access_token();
        }
        step.verify_when_connected = true;
        if connecting { Vec::new() } else { self.connect(false) }
    }

    pub(super) fn connected_while_onboarded(&mut self) -> Vec<Effect> {
        match &mut self.step {
            Step::Onboarded(step) if step.verify_when_connected => {
                step.verify_when_connected = false;
                self.fetch_access_token()
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => Vec::new(),
        }
    }

    fn fetch_access_token(&mut self) -> Vec<Effect> {
        let Step::Onboarded(step) = &mut self.step else { return Vec::new() };
        let Some(company) = step.organisation.first_company().cloned() else {
            step.phase = KeyPhase::VerifyFailed(AccessProblem::NoCompany);
            return Vec::new();
        };
        let request = new_request(&mut self.last_request);
        step.phase = KeyPhase::Verifying(request);
        vec![Effect::FetchAccessToken {
            request,
            organisation: step.organisation.organisation_id.clone(),
            company,
            slot: step.organisation.key_slot(),
        }]
    }

    fn store_key_again(&mut self) -> Vec<Effect> {
        let Step::Onboarded(step) = &mut self.step else { return Vec::new() };
        let KeyPhase::NotStored { key, .. } = &step.phase else { return Vec::new() };
        let key = key.clone();
        let request = new_request(&mut self.last_request);
        step.phase = KeyPhase::Storing { request, key: key.clone(), organisation_saved: true };
        vec![Effect::StoreKey { request, slot: step.organisation.key_slot(), key }]
    }

    pub(super) fn key_stored(&mut self, request: RequestId, result: Result<(), KeyringProblem>) -> Vec<Effect> {
        match &mut self.step {
            Step::Environment(step) if step.storing_key == Some(request) => {
                step.storing_key = None;
                if result.is_ok() {
                    self.session.application_key_input = zeroize::Zeroizing::new(String::new());
                    self.session.connect_problem = None;
                }
                step.key_result = Some(result);
                Vec::new()
            }
            Step::Onboarded(step) => {
                let KeyPhase::Storing { request: storing, key, .. } = &step.phase else { return Vec::new() };
                if *storing != request {
                    return Vec::new();
                }
                let organisation = step.organisation.clone();
                match result {
                    Ok(()) => {
                        step.phase = KeyPhase::Stored;
                        self.remember(organisation);
                        let mut effects = vec![self.save()];
                        effects.extend(self.fetch_access_token());
                        effects
                    }
                    Err(problem) => {
                        step.phase = KeyPhase::NotStored { key: key.clone(), problem };
                        self.remember(organisation);
                        vec![self.save()]
                    }
                }
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => Vec::new(),
        }
    }

    /// Adds an organisation to the onboarded list once.
    fn remember(&mut self, organisation: OnboardedOrganisation) {
        if !self.session.organisations.iter().any(|known| known.organisation_id == organisation.organisation_id) {
            self.session.organisations.push(organisation);
        }
    }
}
