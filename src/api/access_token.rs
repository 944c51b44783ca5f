//! The access token (CONTRACT §4.4): `GET {banking}accesstoken`, signed with the customer's key, exchanging it for a
//! JWT that lives 20 minutes. Thin: the client's pipeline does the rest.

use reqwest::Method;

use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::headers::{X_COMPANY_ID, X_ORGANISATION_ID};
use super::ids::{CompanyId, OrganisationId};
use super::models::AccessToken;
use super::redacted::SigningKey;

impl Client {
    /// `GET {banking}accesstoken` with `X-Organisation-Id` and `X-Company-Id`, signed (no body) with the customer's
    /// signing key: a JWT for the organisation- and company-scoped calls.
    pub async fn access_token(
        &self,
        organisation: &OrganisationId,
        company: &CompanyId,
        customer_key: &SigningKey,
    ) -> Result<AccessToken, ApiError> {
        let call = Call::new(Method::GET, Service::Banking, "accesstoken")
            .header(X_ORGANISATION_ID, organisation.as_str())
            .header(X_COMPANY_ID, company.as_str())
            .signed_with(Some(customer_key));
        self.send_json(call).await
    }
}
