//! The local emulator's live test scenario, shared by the client and the emulator: which outcome each step the
//! emulator serves gives, switched through its loopback-only admin API (`GET`/`PUT /emulator/admin/scenario`, and
//! `POST /emulator/admin/reset`, which forgets everything). Sage has no such thing; it exists for QA and helpdesk
//! staff to reproduce unhappy paths on purpose. A body names only what it changes: a missing field is normal.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::fault::Fault;

/// What the emulator does at each step; every field normal by default. Not saved: a restart starts normal unless
/// the emulator's command-line flags say otherwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// How POST organisation judges the licence (desktop products only).
    #[serde(default)]
    pub licence: LicenceScenario,
    /// How POST organisation judges the captcha's answer.
    #[serde(default)]
    pub captcha: CaptchaScenario,
    /// How an indirect link's consent ends.
    #[serde(default)]
    pub consent: ConsentScenario,
    /// Whether the poll routes fail.
    #[serde(default)]
    pub polls: PollScenario,
    /// Whether poll routes and `linkavailablebankaccount` are rate limited.
    #[serde(default)]
    pub rate_limit: RateLimitScenario,
    /// Whether candidate IDs go stale after each link.
    #[serde(default)]
    pub candidates: CandidateScenario,
    /// Whether bank accounts need the person to sign in again.
    #[serde(default)]
    pub accounts: AccountScenario,
    /// Whether access tokens expire early.
    #[serde(default)]
    pub tokens: TokenScenario,
    /// Milliseconds added before each Banking Service API answer.
    #[serde(default)]
    pub latency_ms: u64,
    /// A fault injected into one endpoint's answers, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
}

/// How POST organisation judges the licence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum LicenceScenario {
    /// As the Token Service and the named test serials say.
    #[default]
    Normal,
    /// 400 `notAValidCustomer`, whatever the serial.
    NotACustomer,
    /// `requestToken` answers as usual but remembers nothing, so POST organisation answers 404.
    NeverRequested,
    /// 409 `organisationLimitReached`, whatever the profile.
    LimitReached,
}

/// How POST organisation judges the captcha's answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum CaptchaScenario {
    /// The image's text is the answer.
    #[default]
    Normal,
    /// Every answer is wrong (400 `captchaWrong`), the right one too.
    AlwaysWrong,
}

/// How an indirect link's consent ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum ConsentScenario {
    /// As the person decides.
    #[default]
    Normal,
    /// Declined by the bank, whatever the person presses.
    Declined,
    /// Polls answer 202 a few more times after the decision, as Emulator Slow Bank's do.
    Slow,
    /// Polls answer 202 whatever is decided, until the consent's own lifetime ends if it has one.
    NeverFinished,
}

/// Whether the poll routes fail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum PollScenario {
    /// Poll routes answer.
    #[default]
    Normal,
    /// Every poll answers 503 `injectedFault`; the route stays usable.
    ServerErrors,
}

/// Whether poll routes and `linkavailablebankaccount` are rate limited.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum RateLimitScenario {
    /// Only the configured link rate limit, if any.
    #[default]
    Normal,
    /// Every second such request answers 429 `rateLimited` with `Retry-After: 1`, spending nothing.
    Storm,
}

/// Whether candidate IDs go stale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum CandidateScenario {
    /// Only as configured.
    #[default]
    Normal,
    /// After each link, the authorisation's unlinked candidates get new IDs.
    Stale,
}

/// Whether bank accounts need the person again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum AccountScenario {
    /// Accounts stay active (but Emulator Expiring Bank's).
    #[default]
    Normal,
    /// Active accounts turn `authRequired` when switched on; new ones some time after their creation.
    AuthRequired,
}

/// Whether access tokens expire early.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum TokenScenario {
    /// Tokens live as configured.
    #[default]
    Normal,
    /// Tokens issued so far expire when switched on; new ones live 15 seconds.
    Expiring,
}

impl Scenario {
    /// True when every step behaves normally and nothing is delayed.
    #[must_use]
    pub fn is_normal(&self) -> bool {
        *self == Self::default()
    }

    /// What is not normal, one line each, for people (`licence notACustomer: POST organisation answers 400 …`).
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let effects = [
            ("licence", name(&self.licence), licence_effect(self.licence)),
            ("captcha", name(&self.captcha), captcha_effect(self.captcha)),
            ("consent", name(&self.consent), consent_effect(self.consent)),
            ("polls", name(&self.polls), polls_effect(self.polls)),
            ("rateLimit", name(&self.rate_limit), rate_limit_effect(self.rate_limit)),
            ("candidates", name(&self.candidates), candidates_effect(self.candidates)),
            ("accounts", name(&self.accounts), accounts_effect(self.accounts)),
            ("tokens", name(&self.tokens), tokens_effect(self.tokens)),
        ];
        let mut lines: Vec<String> = effects
            .into_iter()
            .filter_map(|(field, value, effect)| Some(format!("{field} {value}: {}", effect?)))
            .collect();
        if self.latency_ms > 0 {
            lines.push(format!("latencyMs {0}: {0} ms added before each Banking Service answer", self.latency_ms));
        }
        if let Some(fault) = &self.fault {
            lines.push(format!("fault {}", fault.describe()));
        }
        lines
    }
}

/// A value's name on the wire (`notACustomer`).
fn name(value: &impl Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|json| json.as_str().map(str::to_owned)).unwrap_or_default()
}

fn licence_effect(value: LicenceScenario) -> Option<&'static str> {
    match value {
        LicenceScenario::Normal => None,
        LicenceScenario::NotACustomer => Some("POST organisation answers 400 notAValidCustomer whatever the serial"),
        LicenceScenario::NeverRequested => Some("requestToken remembers nothing, so POST organisation answers 404"),
        LicenceScenario::LimitReached => Some("POST organisation answers 409 organisationLimitReached"),
    }
}

fn captcha_effect(value: CaptchaScenario) -> Option<&'static str> {
    match value {
        CaptchaScenario::Normal => None,
        CaptchaScenario::AlwaysWrong => Some("every captcha answer is refused as wrong, the right one too"),
    }
}

fn consent_effect(value: ConsentScenario) -> Option<&'static str> {
    match value {
        ConsentScenario::Normal => None,
        ConsentScenario::Declined => Some("every consent ends declined, whatever the person presses"),
        ConsentScenario::Slow => Some("polls answer more 202s after the decision, as Emulator Slow Bank's do"),
        ConsentScenario::NeverFinished => Some("polls answer 202 whatever is decided"),
    }
}

fn polls_effect(value: PollScenario) -> Option<&'static str> {
    match value {
        PollScenario::Normal => None,
        PollScenario::ServerErrors => Some("every poll answers 503 injectedFault, the route still usable"),
    }
}

fn rate_limit_effect(value: RateLimitScenario) -> Option<&'static str> {
    match value {
        RateLimitScenario::Normal => None,
        RateLimitScenario::Storm => {
            Some("every second poll or linkavailablebankaccount answers 429 rateLimited, Retry-After 1")
        }
    }
}

fn candidates_effect(value: CandidateScenario) -> Option<&'static str> {
    match value {
        CandidateScenario::Normal => None,
        CandidateScenario::Stale => Some("after each link the unlinked candidates get new IDs"),
    }
}

fn accounts_effect(value: AccountScenario) -> Option<&'static str> {
    match value {
        AccountScenario::Normal => None,
        AccountScenario::AuthRequired => {
            Some("active accounts turned authRequired; new ones turn authRequired as Emulator Expiring Bank's do")
        }
    }
}

fn tokens_effect(value: TokenScenario) -> Option<&'static str> {
    match value {
        TokenScenario::Normal => None,
        TokenScenario::Expiring => Some("access tokens issued before were expired; new ones live 15 seconds"),
    }
}

impl Client {
    /// `GET /emulator/admin/scenario`: the scenario in force at the local emulator.
    pub async fn scenario(&self) -> Result<Scenario, ApiError> {
        self.send_json(Call::new(Method::GET, Service::EmulatorAdmin, "scenario")).await
    }

    /// `PUT /emulator/admin/scenario`: puts `scenario` in force (what it leaves normal becomes normal) and returns
    /// the scenario now in force.
    pub async fn set_scenario(&self, scenario: &Scenario) -> Result<Scenario, ApiError> {
        self.send_json(Call::new(Method::PUT, Service::EmulatorAdmin, "scenario").json(scenario)?).await
    }

    /// `POST /emulator/admin/reset` (204): the emulator forgets everything and its scenario is normal again.
    pub async fn reset_emulator(&self) -> Result<(), ApiError> {
        let call = Call::new(Method::POST, Service::EmulatorAdmin, "reset");
        self.exchange(call).await?.success().map(|_| ())
    }
}

#[cfg(test)]
mod tests;
