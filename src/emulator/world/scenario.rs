//! The live test scenario in the world (`api::Scenario`): what is in force, what switching a part on does at once
//! (`accounts: authRequired` turns every active account `authRequired`, `tokens: expiring` expires every JWT), the
//! decisions each step asks of it, and the reset that forgets everything. Starts from `EmulatorConfig::scenario`;
//! never in a snapshot. The named test serials and banks keep working beside it. Pure: time comes in as a value.

use std::time::Duration;

use jiff::Timestamp;
use rand::SeedableRng;
use rand::rngs::StdRng;

use super::World;
use super::links::PollRules;
use crate::api::models::BankAccountStatus;
use crate::api::{
    AccountScenario, CandidateScenario, CaptchaScenario, ConsentScenario, Fault, FaultEndpoint, LicenceScenario,
    PollScenario, RateLimitScenario, Scenario, TokenScenario,
};
use crate::emulator::refusal::Refusal;

/// How long an access token issued while `tokens` is `expiring` lives.
pub const EXPIRING_TOKEN_LIFETIME: Duration = Duration::from_secs(15);

/// Why an account made `authRequired` by the `accounts` scenario needs the person.
pub const SCENARIO_AUTH_REQUIRED_REASON: &str = "The bank needs you to sign in again (the emulator's scenario)";

/// The scenario in force, and how many requests its rate-limit storm has counted since it began.
#[derive(Clone, Debug, Default)]
pub(super) struct LiveScenario {
    scenario: Scenario,
    storm_requests: u64,
}

impl LiveScenario {
    /// `scenario` in force, its storm counting from nothing.
    pub(super) fn new(scenario: Scenario) -> Self {
        Self { scenario, storm_requests: 0 }
    }

    /// Whether `requestToken` records the request (not under `licence: neverRequested`).
    pub(super) fn remembers_token_requests(&self) -> bool {
        self.scenario.licence != LicenceScenario::NeverRequested
    }

    /// The refusal a desktop customer gets whatever its serial, once its captcha and its Token Service request
    /// passed; `None` lets the named serials decide.
    pub(super) fn licence_refusal(&self) -> Option<Refusal> {
        match self.scenario.licence {
            LicenceScenario::NotACustomer => Some(Refusal::not_a_customer_by_scenario()),
            LicenceScenario::LimitReached => Some(Refusal::organisation_limit_by_scenario()),
            LicenceScenario::Normal | LicenceScenario::NeverRequested => None,
        }
    }

    /// Whether every captcha answer is refused as wrong.
    pub(super) fn refuses_every_captcha(&self) -> bool {
        self.scenario.captcha == CaptchaScenario::AlwaysWrong
    }

    /// Whether every consent ends declined, whatever the person pressed.
    pub(super) fn declines_every_consent(&self) -> bool {
        self.scenario.consent == ConsentScenario::Declined
    }

    /// How polls behave after the decision, with `slow_bank_polls` more 202s for a slow consent.
    pub(super) fn poll_rules(&self, slow_bank_polls: u32) -> PollRules {
        PollRules {
            slow_bank_polls,
            every_bank_slow: self.scenario.consent == ConsentScenario::Slow,
            never_finish: self.scenario.consent == ConsentScenario::NeverFinished,
        }
    }

    /// Lets a poll through, or refuses it without spending its route: 503 under `polls: serverErrors`, 429 for every
    /// second request under `rateLimit: storm`.
    pub(super) fn admit_poll(&mut self) -> Result<(), Refusal> {
        if self.scenario.polls == PollScenario::ServerErrors {
            return Err(Refusal::poll_fault_by_scenario());
        }
        self.admit_in_storm()
    }

    /// Lets a request through, or refuses every second one with 429 while `rateLimit` is `storm`.
    pub(super) fn admit_in_storm(&mut self) -> Result<(), Refusal> {
        if self.scenario.rate_limit != RateLimitScenario::Storm {
            return Ok(());
        }
        self.storm_requests += 1;
        if self.storm_requests.is_multiple_of(2) { Err(Refusal::rate_limited_by_scenario()) } else { Ok(()) }
    }

    /// Whether every link under an authorisation gives its unlinked candidates new IDs.
    pub(super) fn refreshes_after_every_link(&self) -> bool {
        self.scenario.candidates == CandidateScenario::Stale
    }

    /// Whether a new bank account turns `authRequired` some time after its creation.
    pub(super) fn accounts_expire(&self) -> bool {
        self.scenario.accounts == AccountScenario::AuthRequired
    }

    /// How long a new access token lives, when `configured` is the usual lifetime.
    pub(super) fn jwt_lifetime(&self, configured: Duration) -> Duration {
        match self.scenario.tokens {
            TokenScenario::Expiring => configured.min(EXPIRING_TOKEN_LIFETIME),
            TokenScenario::Normal => configured,
        }
    }
}

impl World {
    /// The scenario in force.
    #[must_use]
    pub fn scenario(&self) -> &Scenario {
        &self.scenario.scenario
    }

    /// Puts `scenario` in force at `now` and returns it. A part switched on from another value acts at once:
    /// `accounts: authRequired` makes every active account `authRequired`, `tokens: expiring` expires every access
    /// token issued so far, and a storm switched on starts counting anew.
    pub fn set_scenario(&mut self, scenario: Scenario, now: Timestamp) -> Scenario {
        let previous = std::mem::replace(&mut self.scenario, LiveScenario::new(scenario));
        let (before, after) = (&previous.scenario, self.scenario.scenario);
        if after.accounts == AccountScenario::AuthRequired && before.accounts != AccountScenario::AuthRequired {
            self.require_auth_of_active_accounts(now);
        }
        if after.tokens == TokenScenario::Expiring && before.tokens != TokenScenario::Expiring {
            self.expire_access_tokens();
        }
        if after.rate_limit == before.rate_limit {
            self.scenario.storm_requests = previous.storm_requests;
        }
        after
    }

    /// Forgets everything (token requests, captchas, organisations, nonces, links, bank accounts, authorisations and
    /// candidates, access tokens) as at a fresh start with the same configuration, and puts the normal scenario in
    /// force.
    pub fn reset(&mut self) {
        let rng = StdRng::from_rng(&mut self.rng);
        *self = World::new(self.config.clone(), rng);
        self.scenario = LiveScenario::default();
    }

    /// The fault in force for a request to `endpoint`, if any; a fault with a count is spent by one, and ends when
    /// none is left.
    pub fn take_fault(&mut self, endpoint: FaultEndpoint) -> Option<Fault> {
        let scenario = &mut self.scenario.scenario;
        let fault = scenario.fault.filter(|fault| fault.endpoint == endpoint)?;
        if let Some(times) = fault.times {
            scenario.fault = (times > 1).then_some(Fault { times: Some(times - 1), ..fault });
        }
        Some(fault)
    }

    /// The delay added before answering each Banking Service API request: the scenario's `latencyMs`.
    #[must_use]
    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.scenario.scenario.latency_ms)
    }

    /// Makes every account not deleted that reads `active` at `now`, in every company, `authRequired` from `now`.
    fn require_auth_of_active_accounts(&mut self, now: Timestamp) {
        for stored in self.bank_accounts.by_company.values_mut().flatten() {
            if stored.at(now).status == BankAccountStatus::Active {
                stored.auth_required = Some((now, SCENARIO_AUTH_REQUIRED_REASON.to_owned()));
            }
        }
    }
}

#[cfg(test)]
mod tests;
