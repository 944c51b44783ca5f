//! Re-authorisation (CONTRACT §6): `…/bankaccounts/{id}/indirectauth?web=true` for an account in `authRequired`,
//! read from its 302 body without following it. Thin: the client's pipeline does the rest.

use reqwest::Method;

use super::banks::segment;
use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::ids::{BankAccountId, CompanyId, OrganisationId};
use super::models::Reauthorisation;
use super::redacted::Jwt;

impl Client {
    /// `GET …/bankaccounts/{bankAccountId}/indirectauth?web=true` (Bearer): the aggregator's re-consent page, read
    /// from the 302's body (200 is read the same way). An account not in `authRequired` is refused (409
    /// `bankAccountNotAuthRequired` from the emulator).
    pub async fn reauthorise(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        account: &BankAccountId,
        token: &Jwt,
    ) -> Result<Reauthorisation, ApiError> {
        let path = format!(
            "organisations/{}/companies/{}/bankaccounts/{}/indirectauth",
            segment(organisation.as_str()),
            segment(company.as_str()),
            segment(account.as_str())
        );
        let call = Call::new(Method::GET, Service::Banking, &path).query("web", "true").bearer(token);
        self.exchange(call).await?.decode_redirect()
    }
}
