//! Indirect (aggregator) linking (CONTRACT §6): `indirectlinkaccount`, read from its 302 body without following
//! it, and one poll of a single-use poll route. Thin: the client's pipeline does the rest.

use reqwest::Method;
use url::Url;

use super::banks::segment;
use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::ids::{BankId, CompanyId, OrganisationId};
use super::models::{IndirectLink, PollAnswer};
use super::redacted::Jwt;

impl Client {
    /// `GET …/indirectlinkaccount?bankId=…&web=true` (Bearer): the aggregator's page and the first poll route, read
    /// from the 302's body (200 is read the same way).
    pub async fn indirect_link(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        bank: &BankId,
        token: &Jwt,
    ) -> Result<IndirectLink, ApiError> {
        let path = format!(
            "organisations/{}/companies/{}/indirectlinkaccount",
            segment(organisation.as_str()),
            segment(company.as_str())
        );
        let call = Call::new(Method::GET, Service::Banking, &path)
            .query("bankId", bank.as_str())
            .query("web", "true")
            .bearer(token);
        self.exchange(call).await?.decode_redirect()
    }

    /// One `GET` of a poll route (no auth headers [OBS]); the route must be on the Banking Service's origin. A route
    /// is single use: the caller never sends it twice.
    pub async fn poll(&self, route: &Url) -> Result<PollAnswer, ApiError> {
        self.exchange(Call::route(Method::GET, route)).await?.poll_answer()
    }
}
