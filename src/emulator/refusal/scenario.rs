//! The refusals a test scenario forces (`api::Scenario`, switched through `/emulator/admin/scenario`), each naming
//! the scenario so that nobody mistakes it for a real failure, and the admin API's own refusal of a bad scenario.

use super::Refusal;
use crate::api::assumed::codes;

/// How a message tells the reader to switch a forced outcome off.
const SWITCH_BACK: &str = "PUT /emulator/admin/scenario with the value normal";

/// Refusals forced by the emulator's test scenario.
impl Refusal {
    /// 400 notAValidCustomer forced by `licence: notACustomer`.
    #[must_use]
    pub fn not_a_customer_by_scenario() -> Self {
        Self::new(
            400,
            codes::NOT_A_CUSTOMER,
            format!(
                "The licence is not that of a valid Sage customer (forced by the emulator's scenario licence: \
                 notACustomer, whatever the serial); {SWITCH_BACK} for licence to stop it."
            ),
        )
    }

    /// 409 organisationLimitReached forced by `licence: limitReached`.
    #[must_use]
    pub fn organisation_limit_by_scenario() -> Self {
        Self::new(
            409,
            codes::ORGANISATION_LIMIT,
            format!(
                "This customer has reached its organisation limit for this product (forced by the emulator's \
                 scenario licence: limitReached); {SWITCH_BACK} for licence to stop it."
            ),
        )
    }

    /// 400 captchaWrong forced by `captcha: alwaysWrong`; the captcha is spent as by any answer.
    #[must_use]
    pub fn captcha_wrong_by_scenario() -> Self {
        Self::new(
            400,
            codes::CAPTCHA_WRONG,
            format!(
                "The captcha answer is wrong, and that captcha is now used up (every answer is, under the \
                 emulator's scenario captcha: alwaysWrong); fetch a new captcha, or {SWITCH_BACK} for captcha."
            ),
        )
    }

    /// 503 injectedFault forced on every poll by `polls: serverErrors`; the route stays usable.
    #[must_use]
    pub fn poll_fault_by_scenario() -> Self {
        Self::new(
            503,
            codes::INJECTED_FAULT,
            format!(
                "The aggregator is unavailable (forced on every poll by the emulator's scenario polls: \
                 serverErrors); poll the same route again later, once {SWITCH_BACK} for polls was sent."
            ),
        )
    }

    /// 429 rateLimited with `Retry-After: 1`, forced on every second poll or link by `rateLimit: storm`.
    #[must_use]
    pub fn rate_limited_by_scenario() -> Self {
        Self {
            retry_after: Some(1),
            ..Self::new(
                429,
                codes::RATE_LIMITED,
                "Too many requests (every second one is refused under the emulator's scenario rateLimit: storm); \
                 wait 1 s (Retry-After), then send the same request again.",
            )
        }
    }

    /// 500 injectedFault forced on one endpoint by the scenario's `fault: serverError`; nothing was done.
    #[must_use]
    pub fn server_error_by_fault() -> Self {
        Self::new(
            500,
            codes::INJECTED_FAULT,
            format!(
                "Internal server error (forced by the emulator's scenario fault: serverError; nothing was done); \
                 send the same request again, or {SWITCH_BACK} without a fault to stop it."
            ),
        )
    }

    /// 429 rateLimited with `Retry-After: 1` forced on one endpoint by the scenario's `fault: rateLimited`; nothing
    /// was done.
    #[must_use]
    pub fn rate_limited_by_fault() -> Self {
        Self {
            retry_after: Some(1),
            ..Self::new(
                429,
                codes::RATE_LIMITED,
                "Too many requests (forced by the emulator's scenario fault: rateLimited; nothing was done); wait 1 s \
                 (Retry-After), then send the same request again.",
            )
        }
    }

    /// 400 invalidBody: the body of `PUT /emulator/admin/scenario` is not a scenario.
    #[must_use]
    pub fn invalid_scenario(detail: &str) -> Self {
        Self::new(
            400,
            codes::INVALID_BODY,
            format!(
                "The body is not a scenario ({detail}); send a JSON object with any of licence, captcha, consent, \
                 polls, rateLimit, candidates, accounts, tokens (each \"normal\" or another of its values), \
                 latencyMs (milliseconds) and fault ({{\"endpoint\", \"kind\", \"times\", \"delayMs\"}}); what it \
                 leaves out is normal."
            ),
        )
    }
}
