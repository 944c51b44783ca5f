//! The first steps: the environment (with the connection it needs) and the licence details sent to the Token Service.

use crate::api::assumed::TokenRequestAccepted;
use crate::api::error::Failure;
use crate::api::redacted::SigningKey;

use super::{
    CaptchaNotice, ConnectProblem, Connection, CreateStep, Effect, Event, LicenceStep, PendingConnect, ProductKind,
    RequestId, Step, Wizard,
};

impl Wizard {
    pub(super) fn update_setup(&mut self, event: Event) -> Vec<Effect> {
        match (event, &mut self.step) {
            // After a failed connection on a later step: the same settings again; the step resumes once connected.
            (Event::ConnectAgain, step) if !matches!(step, Step::Environment(_)) => {
                if self.session.connecting.is_some() { Vec::new() } else { self.connect(false) }
            }
            (Event::SelectEnvironment(environment), Step::Environment(step)) if step.storing_key.is_none() => {
                if self.session.settings.environment != environment {
                    self.session.connecting = None;
                    self.session.settings.environment = environment;
                    self.session.connection = None;
                    self.session.connect_problem = None;
                    self.session.live_confirmed = false;
                    step.key_result = None;
                }
                step.live_unconfirmed = false;
                Vec::new()
            }
            (Event::SelectProductKind(kind), Step::Environment(step)) if step.storing_key.is_none() => {
                if self.session.settings.product_kind != kind {
                    self.session.connecting = None;
                }
                self.session.settings.product_kind = kind;
                self.session.connect_problem = None;
                step.key_result = None;
                Vec::new()
            }
            (Event::StoreApplicationKey, Step::Environment(step)) if step.storing_key.is_none() => {
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
            (Event::Connected { request, result }, _) => self.connected(request, result),
            _ => Vec::new(),
        }
    }

    /// What is wrong with the product identity, if anything.
    #[must_use]
    pub fn identity_problem(&self) -> Option<String> {
        let identity = &self.session.settings.identity;
        let bad = |text: &str| text.trim().is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad(&identity.product_id) {
            Some("Enter the product ID, like sage.uk.myproduct (no spaces)".to_owned())
        } else if bad(&identity.provider_id) {
            Some("Enter the provider ID, like integrate.my.provider (no spaces)".to_owned())
        } else if self.session.settings.environment.is_live()
            && identity.product_id.trim() == crate::config::TEST_PRODUCT_ID
        {
            Some("The documented test product ID is never valid on Production: enter your product's own ID".to_owned())
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
            step.live_unconfirmed = true;
            return Vec::new();
        }
        step.live_unconfirmed = false;
        self.session.settings.identity.product_id = self.session.settings.identity.product_id.trim().to_owned();
        self.session.settings.identity.provider_id = self.session.settings.identity.provider_id.trim().to_owned();
        self.connect(true)
    }

    /// Asks the runtime for a connection with the current settings; `advance` goes on from the environment step once
    /// it is ready.
    pub(super) fn connect(&mut self, advance: bool) -> Vec<Effect> {
        let request = self.next_request();
        let settings = self.session.settings.clone();
        self.session.connecting = Some(PendingConnect { request, settings: settings.clone(), advance });
        self.session.connect_problem = None;
        vec![Effect::Connect { request, settings }]
    }

    fn connected(&mut self, request: RequestId, result: Result<Connection, ConnectProblem>) -> Vec<Effect> {
        let Some(pending) = self.session.connecting.take_if(|pending| pending.request == request) else {
            return Vec::new();
        };
        if pending.settings != self.session.settings {
            // The person changed the environment or the product meanwhile: this answer is for something else.
            return Vec::new();
        }
        match result {
            Ok(connection) => {
                self.session.connection = Some(connection.endpoints);
                match self.step {
                    Step::Onboarded(_) => return self.connected_while_onboarded(),
                    Step::Bank(_) => return self.fetch_banks_if_waiting(),
                    Step::Account(_) => return self.resume_account_after_connect(),
                    Step::Overview(_) => return self.refresh_overview(),
                    Step::Captcha(_) => return self.fetch_captcha_if_waiting(),
                    Step::Link(_) => return self.resume_link_after_connect(),
                    _ => {}
                }
                if !pending.advance || !matches!(self.step, Step::Environment(_)) {
                    return Vec::new();
                }
                self.session.application_key_input = zeroize::Zeroizing::new(String::new());
                if self.session.settings.product_kind == ProductKind::Web {
                    self.go_to_organisation(false);
                } else {
                    self.go_to_licence(None);
                }
                vec![self.save()]
            }
            Err(problem) => {
                self.session.connection = None;
                self.session.connect_problem = Some(problem);
                Vec::new()
            }
        }
    }

    pub(super) fn update_licence(&mut self, event: &Event) -> Vec<Effect> {
        match event {
            Event::EditLicence => match &self.step {
                Step::Create(CreateStep { pending: None, sending_licence: None, .. }) => self.go_to_licence(None),
                _ => Vec::new(),
            },
            Event::AddLicenceField => {
                self.session.licence.add_field();
                Vec::new()
            }
            Event::RemoveLicenceField(index) => {
                self.session.licence.remove_field(*index);
                Vec::new()
            }
            Event::SendLicence => {
                let Step::Licence(step) = &mut self.step else { return Vec::new() };
                if step.sending.is_some() {
                    return Vec::new();
                }
                step.show_problems = true;
                let Some(licence) = self.session.licence.details() else { return Vec::new() };
                let request = super::new_request(&mut self.last_request);
                step.sending = Some(request);
                step.failure = None;
                vec![Effect::RequestToken { request, licence }]
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn token_requested(
        &mut self,
        request: RequestId,
        result: Result<TokenRequestAccepted, Failure>,
    ) -> Vec<Effect> {
        match &mut self.step {
            Step::Licence(LicenceStep { sending, failure, .. }) if *sending == Some(request) => {
                *sending = None;
                match result {
                    Ok(accepted) => {
                        log_accepted(&accepted);
                        self.go_to_organisation(false);
                        vec![self.save()]
                    }
                    Err(error) => {
                        *failure = Some(error);
                        Vec::new()
                    }
                }
            }
            Step::Create(step) if step.sending_licence == Some(request) => {
                step.sending_licence = None;
                match result {
                    Ok(accepted) => {
                        log_accepted(&accepted);
                        self.enter_captcha(Some(CaptchaNotice::LicenceSent))
                    }
                    Err(error) => {
                        step.problem = Some(super::CreateProblem::LicenceSendFailed(error));
                        Vec::new()
                    }
                }
            }
            _ => Vec::new(),
        }
    }
}

/// The Token Service's request ID helps support find the request; it is no secret.
fn log_accepted(accepted: &TokenRequestAccepted) {
    tracing::info!(request_id = %accepted.request_id, expires_at = %accepted.expires_at, "licence details accepted");
}
