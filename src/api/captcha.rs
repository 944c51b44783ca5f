//! The captcha (CONTRACT §4.2, [ASSUMED] shape): `GET {banking}captcha`, fetched after the Token Service request and
//! answered inside POST organisation. One captcha, one answer. Thin: the client's pipeline does the rest.

use reqwest::Method;

use super::assumed::Captcha;
use super::client::{Call, Client, Service};
use super::error::ApiError;

impl Client {
    /// `GET {banking}captcha`: a fresh captcha (its ID, a base64 PNG and its expiry).
    pub async fn captcha(&self) -> Result<Captcha, ApiError> {
        self.send_json(Call::new(Method::GET, Service::Banking, "captcha")).await
    }
}
