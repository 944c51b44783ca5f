//! The licence step: the licence details (an ordered list of name/value pairs whose first field is always `serial`)
//! sent to the Token Service.

use crate::api::assumed::{LicenceDetails, TokenRequestAccepted};
use crate::api::error::Failure;

use super::text_checks::{TextProblem, text_problem};
use super::{CaptchaNotice, CreatePhase, CreateProblem, Effect, RequestId, Step, Wizard};

/// What the person does on the licence step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceIntent {
    /// Add an empty field.
    AddField,
    /// Remove the field at this position (never the serial).
    RemoveField(usize),
    /// Send the details to the Token Service.
    Send,
}

/// The licence step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenceStep {
    /// The Token Service request under way.
    pub sending: Option<RequestId>,
    /// Why the last request failed.
    pub failure: Option<Failure>,
    /// Show every field's problem (after the first attempt to send).
    pub show_problems: bool,
    /// Why the wizard came back here, if it did.
    pub reason: Option<LicenceReason>,
}

/// Why the wizard sent the person back to the licence step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LicenceReason {
    /// The Banking Service says these details are not a valid Sage customer's.
    NotACustomer {
        /// The service's sentence, if it gave one.
        message: Option<String>,
    },
}

/// The name of the field every licence has.
pub const SERIAL: &str = "serial";

/// One licence field being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenceField {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// What is wrong with one licence field; the UI words it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LicenceFieldProblem {
    /// An added field has no name.
    Unnamed,
    /// An earlier field has the same name.
    DuplicateName {
        /// The name, trimmed.
        name: String,
    },
    /// The serial is empty.
    SerialMissing,
    /// An added field has no value.
    ValueMissing {
        /// The field's name, trimmed.
        name: String,
    },
    /// The value has control characters, or is too long.
    Text(TextProblem),
}

/// The longest licence value accepted.
const VALUE_LIMIT: usize = 200;

/// The licence details being typed; the serial first and always present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LicenceForm {
    /// The fields, `serial` first.
    pub fields: Vec<LicenceField>,
}

impl Default for LicenceForm {
    fn default() -> Self {
        Self { fields: vec![LicenceField { name: SERIAL.to_owned(), value: String::new() }] }
    }
}

impl LicenceForm {
    /// Builds the form from saved pairs, putting the serial first whatever order they came in.
    #[must_use]
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            if name == SERIAL {
                form.fields[0].value.clone_from(value);
            } else {
                form.fields.push(LicenceField { name: name.clone(), value: value.clone() });
            }
        }
        form
    }

    /// The fields as trimmed pairs, for saving.
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.fields.iter().map(|f| (f.name.trim().to_owned(), f.value.trim().to_owned())).collect()
    }

    /// Adds an empty field.
    pub fn add_field(&mut self) {
        self.fields.push(LicenceField::default());
    }

    /// Removes a field; the serial (index 0) stays.
    pub fn remove_field(&mut self, index: usize) {
        if index > 0 && index < self.fields.len() {
            self.fields.remove(index);
        }
    }

    /// What is wrong with each field, by index; empty when the details can be sent.
    #[must_use]
    pub fn problems(&self) -> Vec<(usize, LicenceFieldProblem)> {
        let mut problems = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            let name = field.name.trim();
            let value = field.value.trim();
            if index > 0 && name.is_empty() {
                problems.push((index, LicenceFieldProblem::Unnamed));
            } else if index > 0 && self.fields[..index].iter().any(|f| f.name.trim() == name) {
                problems.push((index, LicenceFieldProblem::DuplicateName { name: name.to_owned() }));
            } else if value.is_empty() && index == 0 {
                problems.push((index, LicenceFieldProblem::SerialMissing));
            } else if value.is_empty() {
                problems.push((index, LicenceFieldProblem::ValueMissing { name: name.to_owned() }));
            } else if let Some(problem) = text_problem(value, VALUE_LIMIT) {
                problems.push((index, LicenceFieldProblem::Text(problem)));
            }
        }
        problems
    }

    /// The licence details to send, when the form has no problems.
    #[must_use]
    pub fn details(&self) -> Option<LicenceDetails> {
        self.problems().is_empty().then(|| LicenceDetails(self.pairs()))
    }
}

impl Wizard {
    /// What the person does on the licence step.
    pub(super) fn on_licence(&mut self, intent: LicenceIntent) -> Vec<Effect> {
        match intent {
            LicenceIntent::AddField => {
                self.session.licence.add_field();
                Vec::new()
            }
            LicenceIntent::RemoveField(index) => {
                self.session.licence.remove_field(index);
                Vec::new()
            }
            LicenceIntent::Send => self.send_licence(),
        }
    }

    /// Sends the licence details to the Token Service, once every field is filled in.
    pub(super) fn send_licence(&mut self) -> Vec<Effect> {
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
            Step::Create(step) if step.phase == CreatePhase::SendingLicence(request) => match result {
                Ok(accepted) => {
                    log_accepted(&accepted);
                    self.enter_captcha(Some(CaptchaNotice::LicenceSent))
                }
                Err(error) => {
                    step.phase = CreatePhase::Failed(CreateProblem::LicenceSendFailed(error));
                    Vec::new()
                }
            },
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
}

/// The Token Service's request ID helps support find the request; it is no secret.
fn log_accepted(accepted: &TokenRequestAccepted) {
    tracing::info!(request_id = %accepted.request_id, expires_at = %accepted.expires_at, "licence details accepted");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_is_required_and_first() {
        let mut form = LicenceForm::default();
        assert_eq!(form.problems(), vec![(0, LicenceFieldProblem::SerialMissing)]);
        form.fields[0].value = " ACTIVE ".into();
        form.add_field();
        form.fields[1] = LicenceField { name: "site".into(), value: "north".into() };
        let details = form.details().expect("valid");
        assert_eq!(details.0, vec![("serial".into(), "ACTIVE".into()), ("site".into(), "north".into())]);
        form.remove_field(0);
        assert_eq!(form.fields[0].name, SERIAL);
    }

    #[test]
    fn duplicate_and_unnamed_fields_are_explained() {
        let mut form = LicenceForm::from_pairs(&[("x".into(), "1".into()), ("serial".into(), "S".into())]);
        assert_eq!(form.fields[0].value, "S");
        form.add_field();
        form.fields[2].value = "v".into();
        form.add_field();
        form.fields[3] = LicenceField { name: "x".into(), value: "2".into() };
        assert_eq!(
            form.problems(),
            vec![(2, LicenceFieldProblem::Unnamed), (3, LicenceFieldProblem::DuplicateName { name: "x".into() })]
        );
        assert!(form.details().is_none());
        form.fields[2].name = "site".into();
        form.fields[3] = LicenceField { name: " region ".into(), value: " ".into() };
        assert_eq!(form.problems(), vec![(3, LicenceFieldProblem::ValueMissing { name: "region".into() })]);
        form.fields[3].value = "x".repeat(201);
        let too_long = LicenceFieldProblem::Text(TextProblem::TooLong { max: 200 });
        assert_eq!(form.problems(), vec![(3, too_long)]);
        form.fields[3].value = "north\tsouth".into();
        assert_eq!(form.problems(), vec![(3, LicenceFieldProblem::Text(TextProblem::HiddenControl))]);
    }
}
