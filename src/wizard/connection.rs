//! The connection to the chosen environment, shared by every step: made on Continue from the environment step, or
//! again after a restart or a failure; a step that waited for it resumes once it is made.

use super::{ConnectProblem, Connection, Effect, PendingConnect, ProductKind, RequestId, Step, Wizard};

impl Wizard {
    /// After a failed connection on a later step: the same settings again; the step resumes once connected. (On the
    /// environment step, Continue connects.)
    pub(super) fn connect_again(&mut self) -> Vec<Effect> {
        if matches!(self.step, Step::Environment(_)) || self.session.connecting.is_some() {
            return Vec::new();
        }
        self.connect(false)
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

    pub(super) fn connected(&mut self, request: RequestId, result: Result<Connection, ConnectProblem>) -> Vec<Effect> {
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
                    Step::Environment(_)
                    | Step::Licence(_)
                    | Step::Organisation(_)
                    | Step::Create(_)
                    | Step::MoreAccounts(_) => {}
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
}
