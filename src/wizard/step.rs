//! The wizard's steps, each with only the data it needs, so an impossible combination cannot be written down.

use crate::api::error::Failure;
use crate::api::models::CreatedOrganisation;
use crate::api::redacted::SigningKey;
use crate::secrets::KeyringProblem;

use super::checklist::ChecklistStep;
use super::effect::RequestId;
use super::event::{AccessProblem, CaptchaImage};
use super::link_steps::{AccountStep, BankStep, LinkStep};
use super::overview_step::OverviewStep;
use super::progress::OnboardedOrganisation;

/// Where the wizard is.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Choose the environment, identity and product kind.
    Environment(EnvironmentStep),
    /// Type the licence details and send them to the Token Service.
    Licence(LicenceStep),
    /// Fill in the organisation form.
    Organisation(OrganisationStep),
    /// Read the captcha and create the organisation.
    Captcha(CaptchaStep),
    /// POST organisation is under way, or failed.
    Create(CreateStep),
    /// The organisation exists.
    Onboarded(OnboardedStep),
    /// Choose the bank.
    Bank(BankStep),
    /// Link it through the aggregator in the system browser.
    Link(LinkStep),
    /// Name the account, choose its start date, create it and follow it to `active`.
    Account(AccountStep),
    /// Tick the other accounts under the same authorisation and link them in one batch.
    Checklist(ChecklistStep),
    /// What is onboarded in one environment, with live statuses and actions; outside the numbered steps.
    Overview(OverviewStep),
}

/// The ordered names of the steps, for the progress list.
pub const STEP_TITLES: [&str; 9] =
    ["Environment", "Licence", "Organisation", "Captcha", "Onboarded", "Bank", "Link", "Bank account", "More accounts"];

impl Step {
    /// The position of this step in [`STEP_TITLES`]; `None` for the overview, which is not one of them.
    #[must_use]
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Environment(_) => Some(0),
            Self::Licence(_) => Some(1),
            Self::Organisation(_) => Some(2),
            Self::Captcha(_) | Self::Create(_) => Some(3),
            Self::Onboarded(_) => Some(4),
            Self::Bank(_) => Some(5),
            Self::Link(_) => Some(6),
            Self::Account(_) => Some(7),
            Self::Checklist(_) => Some(8),
            Self::Overview(_) => None,
        }
    }
}

/// The environment step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvironmentStep {
    /// The application key being written to the keyring.
    pub storing_key: Option<RequestId>,
    /// What happened to the last application key written.
    pub key_result: Option<Result<(), KeyringProblem>>,
    /// True when the person pressed Continue on Production without confirming.
    pub live_unconfirmed: bool,
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

/// The organisation form step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganisationStep {
    /// Show every field's problem (after the first attempt to go on).
    pub show_problems: bool,
}

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

/// POST organisation under way or failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateStep {
    /// The POST under way.
    pub pending: Option<RequestId>,
    /// Why it failed.
    pub problem: Option<CreateProblem>,
    /// The captcha the POST carried, for a retry (desktop products).
    pub captcha: Option<CaptchaImage>,
    /// A Token Service request sent from here after a 404.
    pub sending_licence: Option<RequestId>,
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
/// arrived readable: what Sage support needs to find that organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostAnswer {
    /// The CRM ID the attempt carried.
    pub crm_id: String,
    /// When the attempt failed; unknown when the app closed while it was under way.
    pub at: Option<jiff::Timestamp>,
}

impl LostAnswer {
    /// The reference to give Sage support: the CRM ID and, when known, the attempt's time in UTC to the second.
    #[must_use]
    pub fn reference(&self) -> String {
        match self.at {
            Some(at) => format!("CRM ID {} · {} UTC", self.crm_id, at.strftime("%Y-%m-%d %H:%M:%S")),
            None => format!("CRM ID {}", self.crm_id),
        }
    }
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
