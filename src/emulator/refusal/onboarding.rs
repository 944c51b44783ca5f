//! The refusals of the onboarding rules (CONTRACT §4), in the order the emulator checks them: the product and
//! provider headers, the Token Service, the captcha, the licence, the customer, the organisationLimit, the lookup.

use super::{Refusal, quote};
use crate::api::assumed::codes;

/// Refusals of the onboarding rules (CONTRACT §4), in the order the emulator checks them.
impl Refusal {
    /// 400 applicationMissing.
    #[must_use]
    pub fn application_missing(expected: &str) -> Self {
        Self::new(
            400,
            codes::APPLICATION_MISSING,
            format!(
                "The X-Application header is missing; send your product ID in it (the emulator serves {expected})."
            ),
        )
    }

    /// 403 applicationUnknown.
    #[must_use]
    pub fn application_unknown(received: &str, expected: &str) -> Self {
        Self::new(
            403,
            codes::APPLICATION_UNKNOWN,
            format!(
                "X-Application {} is not a product this service knows; send the product ID {expected}.",
                quote(received)
            ),
        )
    }

    /// 403 providerUnknown: `x-provider` missing or wrong.
    #[must_use]
    pub fn provider_unknown(received: Option<&str>, expected: &str) -> Self {
        let what = match received {
            Some(received) => format!("x-provider {} is not a provider this service knows", quote(received)),
            None => "The x-provider header is missing".to_owned(),
        };
        Self::new(403, codes::PROVIDER_UNKNOWN, format!("{what}; send the provider ID {expected}."))
    }

    /// 503 injectedFault: the Token Service is "down" for this licence.
    #[must_use]
    pub fn token_service_down(serial: &str) -> Self {
        Self::new(
            503,
            codes::INJECTED_FAULT,
            format!(
                "The Token Service is unavailable (forced by the test serial {}); try again later, or use another serial.",
                quote(serial)
            ),
        )
    }

    /// 400 captchaExpired: unknown, expired or already answered.
    #[must_use]
    pub fn captcha_expired() -> Self {
        Self::new(
            400,
            codes::CAPTCHA_EXPIRED,
            "The captcha is unknown, expired or already answered; fetch a new captcha and answer it.",
        )
    }

    /// 400 captchaWrong.
    #[must_use]
    pub fn captcha_wrong() -> Self {
        Self::new(
            400,
            codes::CAPTCHA_WRONG,
            "The captcha answer is wrong, and that captcha is now used up; fetch a new captcha and answer it.",
        )
    }

    /// 404 licenceNotRequested.
    #[must_use]
    pub fn licence_not_requested(serial: &str) -> Self {
        Self::new(
            404,
            codes::LICENCE_NOT_REQUESTED,
            format!(
                "No unexpired Token Service request was made for the licence serial {}; call requestToken with \
                 these licence details first, then create the organisation.",
                quote(serial)
            ),
        )
    }

    /// 400 notAValidCustomer.
    #[must_use]
    pub fn not_a_customer(serial: &str) -> Self {
        Self::new(
            400,
            codes::NOT_A_CUSTOMER,
            format!(
                "The licence serial {} is not that of a valid Sage customer; check the licence details.",
                quote(serial)
            ),
        )
    }

    /// 409 organisationLimitReached.
    #[must_use]
    pub fn organisation_limit(limit: u32, profile: &str) -> Self {
        let plural = if limit == 1 { "" } else { "s" };
        Self::new(
            409,
            codes::ORGANISATION_LIMIT,
            format!(
                "This customer already has the {limit} organisation{plural} the {profile} profile allows per \
                 customer and product; use the organisation already onboarded, or another customer."
            ),
        )
    }

    /// 409 organisationLimitReached forced by the test serial `LIMIT-REACHED`.
    #[must_use]
    pub fn organisation_limit_forced(serial: &str) -> Self {
        Self::new(
            409,
            codes::ORGANISATION_LIMIT,
            format!(
                "The customer with licence serial {} has reached its organisation limit for this product (this test \
                 serial forces it on every profile); use another serial.",
                quote(serial)
            ),
        )
    }

    /// 404 notFound for an organisation or a company.
    #[must_use]
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            format!("There is no {what} {} here; check X-Organisation-Id and X-Company-Id.", quote(id)),
        )
    }
}
