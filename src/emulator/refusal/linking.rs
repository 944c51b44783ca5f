//! The refusals of banks, indirect linking and bank accounts (CONTRACT §5, §6, §8): queries, token scope, banks,
//! poll routes, the injected poll fault and duplicate accounts.

use super::{Refusal, quote};
use crate::api::assumed::codes;

/// Refusals of banks, indirect linking and bank accounts.
impl Refusal {
    /// 400 invalidQuery: a query parameter the call needs is missing or blank.
    #[must_use]
    pub fn invalid_query(name: &str, what_to_do: &str) -> Self {
        Self::new(400, codes::INVALID_QUERY, format!("The query parameter {name} is missing or blank; {what_to_do}."))
    }

    /// 404 notFound: the path names an organisation or company the bearer token was not issued for.
    #[must_use]
    pub fn outside_token(what: &str, id: &str) -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            format!(
                "There is no {what} {} for this access token; use the organisation and company the token was \
                 issued for.",
                quote(id)
            ),
        )
    }

    /// 404 notFound: no bank with this ID.
    #[must_use]
    pub fn bank_not_found(id: &str) -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            format!("There is no bank with the ID {}; pick a bank from GET banks.", quote(id)),
        )
    }

    /// 400 bankIsDirect: a direct bank is not linked through the aggregator.
    #[must_use]
    pub fn bank_is_direct(name: &str) -> Self {
        Self::new(
            400,
            codes::BANK_IS_DIRECT,
            format!(
                "{} is a direct bank, arranged with the bank itself through its authorisation form, not through the \
                 aggregator; follow the bank's authorisationMechanism instead.",
                quote(name)
            ),
        )
    }

    /// 403 pollRouteInvalid: the route's signature is missing or does not match.
    #[must_use]
    pub fn poll_route_invalid() -> Self {
        Self::new(
            403,
            codes::POLL_ROUTE_INVALID,
            "This poll route's signature is missing or does not match; poll the route exactly as the service handed \
             it out.",
        )
    }

    /// 410 pollRouteUsed: a route is single use.
    #[must_use]
    pub fn poll_route_used() -> Self {
        Self::new(
            410,
            codes::POLL_ROUTE_USED,
            "This poll route was already used; poll the route of the last 202 answer (a finished link has none).",
        )
    }

    /// 404 notFound: the link behind a well signed route is unknown (the emulator restarted since).
    #[must_use]
    pub fn link_not_found() -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            "This link is unknown here (the emulator may have restarted); start the link again.",
        )
    }

    /// 503 injectedFault: `Emulator Flaky Bank` fails a poll; the route stays usable.
    #[must_use]
    pub fn poll_fault(bank: &str) -> Self {
        Self::new(
            503,
            codes::INJECTED_FAULT,
            format!(
                "The aggregator is unavailable (forced every second poll by {}); wait, then poll the same route again.",
                quote(bank)
            ),
        )
    }

    /// 409 bankAccountExists: the company already has an account with this `accountKey`.
    #[must_use]
    pub fn bank_account_exists(existing: &str) -> Self {
        Self::new(
            409,
            codes::BANK_ACCOUNT_EXISTS,
            format!(
                "This company already has a bank account with this accountKey: {}; use that account instead of \
                 creating another.",
                quote(existing)
            ),
        )
    }

    /// 404 notFound: no bank account with this ID in the token's company.
    #[must_use]
    pub fn bank_account_not_found(id: &str) -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            format!("There is no bank account {} in this company; list the company's bank accounts.", quote(id)),
        )
    }
}
