//! The typed client of the Banking Service and the Token Service (CONTRACT.md), and the wire types it shares with
//! the emulator. Knows nothing of the wizard or the UI.

mod access_token;
pub mod assumed;
mod bank_accounts;
mod banks;
mod candidates;
mod captcha;
pub mod card_number;
pub mod certificate;
mod client;
pub mod error;
pub mod exchange;
pub mod fault;
pub mod headers;
pub mod ids;
mod linking;
pub mod models;
mod organisations;
mod reauth;
pub mod redacted;
pub mod redaction;
pub mod scenario;
pub mod server_time;
pub mod signing;
mod token_service;

pub use candidates::{LinkRefusal, MAX_IDS_PER_LISTING};
pub use client::{Client, decode};
pub use fault::{Fault, FaultEndpoint, FaultKind};
pub use scenario::{
    AccountScenario, CandidateScenario, CaptchaScenario, ConsentScenario, LicenceScenario, PollScenario,
    RateLimitScenario, Scenario, TokenScenario,
};
