//! Creating the organisation (CONTRACT §4.3): `POST {banking}organisations`, signed with the application key for web
//! products and unsigned for desktop products (which send licence details and a captcha answer instead).

use reqwest::Method;

use super::client::{Call, Client, Service};
use super::error::ApiError;
use super::models::{CreatedOrganisation, NewOrganisation};
use super::redacted::SigningKey;

impl Client {
    /// `POST {banking}organisations`: creates the organisation and its first company, and returns the customer's
    /// signing key, shown once. With `Some(application_key)` (web and trusted products) the call is signed
    /// (`X-Nonce`, `X-Signature`); with `None` (desktop products) it is not.
    ///
    /// Never retried automatically, by this method or the client: on Production a customer may own one organisation,
    /// so a second attempt after a lost answer would be refused with 409 (CONTRACT §9).
    pub async fn create_organisation(
        &self,
        body: &NewOrganisation,
        application_key: Option<&SigningKey>,
    ) -> Result<CreatedOrganisation, ApiError> {
        let call = Call::new(Method::POST, Service::Banking, "organisations").json(body)?.signed_with(application_key);
        self.send_json(call).await
    }
}
