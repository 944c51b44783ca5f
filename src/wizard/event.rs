//! What happens to the wizard: a person's intents from the UI, and the runtime's answers to effects.

use std::sync::Arc;

use jiff::Timestamp;

use crate::api::assumed::TokenRequestAccepted;
use crate::api::error::Failure;
use crate::api::ids::CaptchaId;
use crate::api::models::CreatedOrganisation;
use crate::config::{Endpoints, Environment};
use crate::secrets::KeyringProblem;

use super::effect::RequestId;
use super::progress::Progress;
use super::session::ProductKind;

/// An event for [`super::Wizard::update`].
#[derive(Clone, Debug)]
pub enum Event {
    /// The app started; the saved progress, if any.
    Restored(Option<Progress>),

    /// The person chose an environment.
    SelectEnvironment(Environment),
    /// The person chose how the product onboards.
    SelectProductKind(ProductKind),
    /// Store the application key typed on the environment step.
    StoreApplicationKey,
    /// Go on from the current step.
    Continue,
    /// Go back one step; nothing typed is lost.
    Back,
    /// Add an empty licence field.
    AddLicenceField,
    /// Remove a licence field (never the serial).
    RemoveLicenceField(usize),
    /// Send the licence details to the Token Service.
    SendLicence,
    /// Fetch a new captcha image.
    NewCaptcha,
    /// Create the organisation with the captcha answer typed.
    CreateOrganisation,
    /// Send the same POST organisation again after a transient failure.
    Retry,
    /// After a 404, send the licence details to the Token Service now.
    SendLicenceNow,
    /// Go to the licence step to change the details.
    EditLicence,
    /// Go to the organisation form.
    ReviewOrganisation,
    /// Begin a new onboarding from the environment step.
    StartOver,
    /// Get an access token with the stored key.
    VerifyConnection,
    /// Try writing the customer's key to the keyring again.
    RetryKeyStore,

    /// Answer to `Effect::Connect`.
    Connected {
        /// The effect answered.
        request: RequestId,
        /// The connection, or why there is none.
        result: Result<Connection, ConnectProblem>,
    },
    /// Answer to `Effect::RequestToken`.
    TokenRequested {
        /// The effect answered.
        request: RequestId,
        /// The Token Service's answer.
        result: Result<TokenRequestAccepted, Failure>,
    },
    /// Answer to `Effect::FetchCaptcha`.
    CaptchaFetched {
        /// The effect answered.
        request: RequestId,
        /// The captcha, decoded.
        result: Result<CaptchaImage, Failure>,
    },
    /// Answer to `Effect::CreateOrganisation`.
    OrganisationCreated {
        /// The effect answered.
        request: RequestId,
        /// When the answer came.
        at: Timestamp,
        /// The new organisation (with the customer's key), or the failure.
        result: Result<CreatedOrganisation, Failure>,
    },
    /// Answer to `Effect::StoreKey`.
    KeyStored {
        /// The effect answered.
        request: RequestId,
        /// Whether the keyring kept the key.
        result: Result<(), KeyringProblem>,
    },
    /// Answer to `Effect::CheckKey`.
    KeyChecked {
        /// The effect answered.
        request: RequestId,
        /// Whether the keyring holds the key.
        result: Result<(), KeyringProblem>,
    },
    /// Answer to `Effect::FetchAccessToken`.
    AccessTokenFetched {
        /// The effect answered.
        request: RequestId,
        /// Whether a token was issued.
        result: Result<(), AccessProblem>,
    },
    /// Answer to `Effect::SaveProgress`.
    ProgressSaved(Result<(), String>),
}

/// A ready connection to an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The service roots in use (for the local emulator, with the port it got).
    pub endpoints: Endpoints,
}

/// Why an environment could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectProblem {
    /// The local emulator could not start.
    EmulatorDidNotStart(String),
    /// The keyring cannot be used, so a customer's key could not be kept: nothing is sent until it can.
    Keyring(KeyringProblem),
    /// A web product has no application key in the keyring for this environment.
    NoApplicationKey,
    /// The client could not be built.
    Client(String),
}

/// Why an access token could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessProblem {
    /// The key could not be read from the keyring.
    Keyring(KeyringProblem),
    /// The Banking Service refused or could not be reached.
    Service(Failure),
}

/// A captcha ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptchaImage {
    /// The captcha's ID.
    pub id: CaptchaId,
    /// The PNG image's bytes.
    pub png: Arc<[u8]>,
    /// When it stops being accepted.
    pub expires_at: Timestamp,
}
