//! The captcha step: the image, its answer, and POST organisation with what each of its answers means for the
//! person (web products come here from the organisation form, with no image).

use jiff::Timestamp;

use crate::api::assumed::{CaptchaSolution, codes};
use crate::api::error::Failure;
use crate::api::models::{CreatedOrganisation, NewOrganisation};
use crate::api::redacted::CaptchaAnswer;

use super::{
    CaptchaImage, Effect, LicenceReason, OnboardedOrganisation, OnboardedStep, ProductKind, RequestId, Step, Wizard,
    new_request,
};

/// The captcha step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptchaStep {
    /// The image, or its fetch.
    pub captcha: CaptchaFetch,
    /// Why a new image is shown, if one is.
    pub notice: Option<CaptchaNotice>,
    /// True after an attempt to create with no answer typed.
    pub answer_missing: bool,
}

/// The captcha image's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptchaFetch {
    /// Being fetched.
    Loading(RequestId),
    /// Ready to read.
    Ready(CaptchaImage),
    /// Could not be fetched.
    Failed(Failure),
}

/// Why the person sees a fresh captcha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptchaNotice {
    /// The last answer was wrong.
    WrongAnswer,
    /// The last captcha expired or was already used.
    Expired,
    /// The licence details were just sent again after a 404.
    LicenceSent,
}

/// What the person does on the captcha step, and while (or after) the organisation is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptchaIntent {
    /// Fetch a new image.
    NewImage,
    /// Create the organisation with the answer typed.
    CreateOrganisation,
    /// Send the same POST organisation again after a transient failure or an interruption.
    SendOrganisationAgain,
    /// After a 404, send the licence details to the Token Service now.
    SendLicenceNow,
    /// Go to the licence step to change the details.
    EditLicence,
    /// Go to the organisation form.
    ReviewOrganisation,
}

/// POST organisation under way, or failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateStep {
    /// Where the creation is.
    pub phase: CreatePhase,
    /// The captcha the POST carried, for sending it again (desktop products).
    pub captcha: Option<CaptchaImage>,
}

/// Where the creation of the organisation is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreatePhase {
    /// POST organisation under way.
    Sending(RequestId),
    /// It failed: why, in the terms the person acts on.
    Failed(CreateProblem),
    /// After a 404, the licence details are being sent to the Token Service from here.
    SendingLicence(RequestId),
}

impl CreateStep {
    /// True while a request of this step is out (POST organisation, or the licence sent after a 404).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        match self.phase {
            CreatePhase::Sending(_) | CreatePhase::SendingLicence(_) => true,
            CreatePhase::Failed(_) => false,
        }
    }
}

/// Why POST organisation failed, in the terms the person acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateProblem {
    /// 404: the licence details were never sent to the Token Service (or the request expired).
    LicenceNotRequested,
    /// 409: the customer has reached the organisation limit of this environment.
    LimitReached {
        /// The environment's limit, when it has one.
        limit: Option<u32>,
        /// The service's sentence, if it gave one.
        message: Option<String>,
        /// An earlier attempt of this onboarding whose answer was lost: most likely the organisation the limit counts.
        lost_answer: Option<LostAnswer>,
    },
    /// Network, timeout, 5xx, 429: the same request may work again.
    Transient(Failure),
    /// Anything else the service refused.
    Rejected(Failure),
    /// The licence could not be sent to the Token Service from here.
    LicenceSendFailed(Failure),
    /// The app was closed before POST organisation was answered: whether it was created cannot be known.
    Interrupted,
}

/// A POST organisation that may have created the organisation but whose answer (with its signing key) never
/// arrived readable: what Sage support needs to find that organisation (the UI writes it as a support reference).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostAnswer {
    /// The CRM ID the attempt carried.
    pub crm_id: String,
    /// When the attempt failed; unknown when the app closed while it was under way.
    pub at: Option<jiff::Timestamp>,
}

impl Wizard {
    /// What the person does on the captcha step and while the organisation is created.
    pub(super) fn on_captcha(&mut self, intent: CaptchaIntent) -> Vec<Effect> {
        match intent {
            CaptchaIntent::NewImage if matches!(self.step, Step::Captcha(_)) => self.enter_captcha(None),
            CaptchaIntent::NewImage => Vec::new(),
            CaptchaIntent::CreateOrganisation => self.create_from_captcha(),
            CaptchaIntent::SendOrganisationAgain => match &self.step {
                Step::Create(CreateStep {
                    phase: CreatePhase::Failed(CreateProblem::Transient(_) | CreateProblem::Interrupted),
                    captcha,
                }) => {
                    let captcha = captcha.clone();
                    self.create(captcha)
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
            },
            CaptchaIntent::SendLicenceNow => self.send_licence_from_create(),
            CaptchaIntent::EditLicence => match &self.step {
                Step::Create(step) if !step.is_busy() => self.go_to_licence(None),
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
            },
            CaptchaIntent::ReviewOrganisation => match &self.step {
                Step::Create(step) if !step.is_busy() => self.go_to_organisation(false),
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
            },
        }
    }

    /// Validates the form, then goes to the captcha (desktop) or creates the organisation (web).
    pub(super) fn submit_organisation_form(&mut self) -> Vec<Effect> {
        if self.session.organisation.to_wire().is_none() {
            return self.go_to_organisation(true);
        }
        let mut effects = vec![self.save()];
        if self.session.settings.product_kind == ProductKind::Web {
            effects.extend(self.create(None));
        } else {
            effects.extend(self.enter_captcha(None));
        }
        effects
    }

    /// Shows the captcha step with a fresh image; the typed answer is cleared, the form kept.
    pub(super) fn enter_captcha(&mut self, notice: Option<CaptchaNotice>) -> Vec<Effect> {
        let request = self.next_request();
        self.session.captcha_answer = zeroize::Zeroizing::new(String::new());
        self.step =
            Step::Captcha(CaptchaStep { captcha: CaptchaFetch::Loading(request), notice, answer_missing: false });
        vec![Effect::FetchCaptcha { request }]
    }

    pub(super) fn captcha_fetched(&mut self, request: RequestId, result: Result<CaptchaImage, Failure>) -> Vec<Effect> {
        if let Step::Captcha(step) = &mut self.step
            && step.captcha == CaptchaFetch::Loading(request)
        {
            step.captcha = match result {
                Ok(image) => CaptchaFetch::Ready(image),
                Err(failure) => CaptchaFetch::Failed(failure),
            };
        }
        Vec::new()
    }

    fn create_from_captcha(&mut self) -> Vec<Effect> {
        let Step::Captcha(step) = &mut self.step else { return Vec::new() };
        let CaptchaFetch::Ready(image) = &step.captcha else { return Vec::new() };
        if self.session.captcha_answer.trim().is_empty() {
            step.answer_missing = true;
            return Vec::new();
        }
        let image = image.clone();
        self.create(Some(image))
    }

    /// Sends POST organisation with what the session holds. `captcha` is `None` for web products.
    fn create(&mut self, captcha: Option<CaptchaImage>) -> Vec<Effect> {
        let Some((company, crm_id, user)) = self.session.organisation.to_wire() else {
            return self.go_to_organisation(true);
        };
        let web = self.session.settings.product_kind == ProductKind::Web;
        let (licence_details, solution) = if web {
            (None, None)
        } else {
            let Some(details) = self.session.licence.details() else { return self.go_to_licence(None) };
            let Some(image) = &captcha else { return self.enter_captcha(None) };
            let answer = CaptchaAnswer::new(self.session.captcha_answer.trim());
            (Some(details), Some(CaptchaSolution { captcha_id: image.id.clone(), answer }))
        };
        let request = self.next_request();
        self.step = Step::Create(CreateStep { phase: CreatePhase::Sending(request), captcha });
        let body = NewOrganisation { company, crm_id, user, licence_details, captcha: solution };
        let application_key = web.then(|| self.session.settings.application_key_slot());
        vec![Effect::CreateOrganisation { request, body, application_key }]
    }

    fn send_licence_from_create(&mut self) -> Vec<Effect> {
        let Step::Create(step) = &mut self.step else { return Vec::new() };
        let offered = matches!(
            step.phase,
            CreatePhase::Failed(CreateProblem::LicenceNotRequested | CreateProblem::LicenceSendFailed(_))
        );
        if !offered {
            return Vec::new();
        }
        let Some(licence) = self.session.licence.details() else { return self.go_to_licence(None) };
        let request = new_request(&mut self.last_request);
        step.phase = CreatePhase::SendingLicence(request);
        vec![Effect::RequestToken { request, licence }]
    }

    pub(super) fn organisation_created(
        &mut self,
        request: RequestId,
        at: Timestamp,
        result: Result<CreatedOrganisation, Failure>,
    ) -> Vec<Effect> {
        let Step::Create(CreateStep { phase: CreatePhase::Sending(sending), .. }) = &self.step else {
            return Vec::new();
        };
        if *sending != request {
            return Vec::new();
        }
        match result {
            Ok(created) => self.organisation_exists(at, &created),
            Err(failure) => self.organisation_refused(failure, at),
        }
    }

    /// The organisation exists: the key goes to the keyring before anything else happens.
    fn organisation_exists(&mut self, at: Timestamp, created: &CreatedOrganisation) -> Vec<Effect> {
        let settings = &self.session.settings;
        let organisation = OnboardedOrganisation {
            environment: settings.environment.clone(),
            product_id: settings.identity.product_id.clone(),
            organisation_id: created.organisation_id.clone(),
            company_ids: created.companies.clone(),
            company_name: self.session.organisation.company_name.trim().to_owned(),
            created_at: at,
        };
        self.session.captcha_answer = zeroize::Zeroizing::new(String::new());
        self.session.lost_organisation_answer = None;
        let request = self.next_request();
        let slot = organisation.key_slot();
        self.step = Step::Onboarded(OnboardedStep::storing(organisation, request, created));
        vec![Effect::StoreKey { request, slot, key: created.token.clone() }]
    }

    /// Turns a refusal into the step and words the person can act on. A failure that may hide a created organisation
    /// (no answer, or one that could not be read) is remembered, so that a later 409 can name it.
    fn organisation_refused(&mut self, failure: Failure, at: Timestamp) -> Vec<Effect> {
        let web = self.session.settings.product_kind == ProductKind::Web;
        let answer_lost =
            matches!(failure, Failure::Unreachable { .. } | Failure::TimedOut { .. } | Failure::Unreadable { .. });
        if answer_lost {
            self.session.remember_lost_organisation_answer(Some(at));
        }
        let problem = match (failure.status(), failure.code()) {
            (Some(400), Some(codes::CAPTCHA_WRONG)) if !web => {
                return self.enter_captcha(Some(CaptchaNotice::WrongAnswer));
            }
            (Some(400), Some(codes::CAPTCHA_EXPIRED)) if !web => {
                return self.enter_captcha(Some(CaptchaNotice::Expired));
            }
            // By code; a body without one (another service's format) falls back on the contract's status meaning.
            (Some(400), Some(codes::NOT_A_CUSTOMER) | None) if !web => {
                let message = failure_message(&failure);
                return self.go_to_licence(Some(LicenceReason::NotACustomer { message }));
            }
            (Some(404), Some(codes::LICENCE_NOT_REQUESTED) | None) if !web => CreateProblem::LicenceNotRequested,
            (Some(409), _) => CreateProblem::LimitReached {
                limit: self.session.settings.environment.organisation_limit(),
                message: failure_message(&failure),
                lost_answer: self.session.lost_organisation_answer.clone(),
            },
            _ if failure.is_transient() || answer_lost => CreateProblem::Transient(failure),
            _ => CreateProblem::Rejected(failure),
        };
        if let Step::Create(step) = &mut self.step {
            step.phase = CreatePhase::Failed(problem);
        }
        Vec::new()
    }
}

fn failure_message(failure: &Failure) -> Option<String> {
    match failure {
        Failure::Status { message, .. } => message.clone(),
        _ => None,
    }
}
