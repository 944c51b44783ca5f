//! The Token Service (CONTRACT §4.1): `POST {sts}requestToken`, which registers the customer's licence details so
//! that the Banking Service can validate them at POST organisation. Thin: the client's pipeline does the rest.

use reqwest::Method;

use super::assumed::{LicenceDetails, TokenRequest, TokenRequestAccepted};
use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::headers::X_PROVIDER;

/// The request format version sent to the Token Service.
const TOKEN_REQUEST_VERSION: u32 = 0;
/// Where requests made by this program come from.
const ORIGIN_DESKTOP: &str = "Desktop";

impl Client {
    /// `POST {sts}requestToken` with `x-application` and `x-provider`: asks the Token Service to accept `licence`
    /// for validation. Must come before POST organisation, which answers 404 otherwise.
    pub async fn request_token(&self, licence: &LicenceDetails) -> Result<TokenRequestAccepted, ApiError> {
        let body = TokenRequest {
            licence_details: licence.clone(),
            version: TOKEN_REQUEST_VERSION,
            origin: ORIGIN_DESKTOP.to_owned(),
        };
        let call = Call::new(Method::POST, Service::TokenService, "requestToken")
            .header(X_PROVIDER, self.identity().provider_id.clone())
            .json(&body)?;
        self.send_json(call).await
    }
}
