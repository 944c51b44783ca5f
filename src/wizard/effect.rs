//! What the wizard asks the outside world to do. The runtime executes each effect and answers with an event that
//! carries the same [`RequestId`], so the wizard can drop answers it no longer waits for.

use crate::api::assumed::LicenceDetails;
use crate::api::ids::{CompanyId, OrganisationId};
use crate::api::models::NewOrganisation;
use crate::api::redacted::SigningKey;
use crate::secrets::KeySlot;

use super::progress::Progress;
use super::session::Settings;

/// Identifies one effect and the event that answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestId(pub u64);

/// Work for the runtime.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Prepare a client for these settings: start the local emulator if chosen, check the keyring can be used, and
    /// for web products make sure an application key is in the keyring. Answered by `Event::Connected`.
    Connect {
        /// The request's ID.
        request: RequestId,
        /// Environment, identity and product kind.
        settings: Settings,
    },
    /// `POST requestToken` at the Token Service. Answered by `Event::TokenRequested`.
    RequestToken {
        /// The request's ID.
        request: RequestId,
        /// The licence details typed.
        licence: LicenceDetails,
    },
    /// `GET captcha`. Answered by `Event::CaptchaFetched`.
    FetchCaptcha {
        /// The request's ID.
        request: RequestId,
    },
    /// `POST organisations`, signed with the application key in `application_key` for web products. Answered by
    /// `Event::OrganisationCreated`. Never retried without a person asking.
    CreateOrganisation {
        /// The request's ID.
        request: RequestId,
        /// The body to send.
        body: NewOrganisation,
        /// Where the application key is, for web (trusted) products.
        application_key: Option<KeySlot>,
    },
    /// Write a key to the keyring. Answered by `Event::KeyStored`.
    StoreKey {
        /// The request's ID.
        request: RequestId,
        /// Where.
        slot: KeySlot,
        /// The key.
        key: SigningKey,
    },
    /// Check that the keyring holds a key. Answered by `Event::KeyChecked`.
    CheckKey {
        /// The request's ID.
        request: RequestId,
        /// Where.
        slot: KeySlot,
    },
    /// Read the customer's key from the keyring and get an access token with it, proving the stored key works.
    /// Answered by `Event::AccessTokenFetched`.
    FetchAccessToken {
        /// The request's ID.
        request: RequestId,
        /// The organisation.
        organisation: OrganisationId,
        /// Its company.
        company: CompanyId,
        /// Where the customer's key is.
        slot: KeySlot,
    },
    /// Save progress (never a secret) to the progress file. Answered by `Event::ProgressSaved`.
    SaveProgress(Progress),
}
