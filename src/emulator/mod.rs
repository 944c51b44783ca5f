//! The local emulator of the Sage Banking Service and Token Service (CONTRACT §10): a real axum server on loopback,
//! serving both on one port, over a pure in-memory `world`. Started in-process by the runtime or alone from the
//! command line. Imports nothing of the wizard or the UI; shares its wire types with the client through `api`.

use std::time::Duration;

use crate::api::redacted::SigningKey;
use crate::config::{AppIdentity, Profile};

pub mod auth;
pub mod captcha;
pub mod fixtures;
pub mod jwt;
pub mod random;
pub mod refusal;
pub mod world;


/// How the emulator behaves. `Default` is the QA profile, the documented test identity and a fresh random
/// application signing key.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// Sets the organisationLimit enforced per customer and product (QA unlimited, pre-production 15, production 1).
    pub profile: Profile,
    /// When set, every captcha's answer is this text (the image shows it); otherwise answers are random.
    pub captcha_text: Option<String>,
    /// How long a captcha may be answered.
    pub captcha_lifetime: Duration,
    /// How long an access token (JWT) lives.
    pub jwt_lifetime: Duration,
    /// How long a Token Service request stays valid for POST organisation.
    pub token_request_lifetime: Duration,
    /// The product ID (`X-Application`) and provider ID (`x-provider`) served.
    pub identity: AppIdentity,
    /// The application signing key that web products sign POST organisation with: the emulator's own, never real.
    pub application_key: SigningKey,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            profile: Profile::Qa,
            captcha_text: None,
            captcha_lifetime: Duration::from_mins(5),
            jwt_lifetime: Duration::from_mins(20),
            token_request_lifetime: Duration::from_hours(1),
            identity: AppIdentity::default(),
            application_key: random::signing_key(&mut rand::rng()),
        }
    }
}
