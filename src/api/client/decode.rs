//! The client's reading of an answer, without a network: the same [`Reply`] pipeline every endpoint goes through
//! (status check, the service's error body, `Retry-After`, decoding into the wire types, the 302 of the indirect
//! calls, a poll's 200 and 202, the merged candidate listings), fed with a status, a `Retry-After` value and body
//! bytes. For fuzzing and for tests that need an answer's exact reading; the client itself never calls it. Must not
//! import the wizard, the UI or the emulator.

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use serde::de::DeserializeOwned;

use super::Reply;
use crate::api::error::ApiError;
use crate::api::models::{AvailableAccounts, PollAnswer};

pub mod checks;

/// An answer as it arrived: the call's name, the HTTP status, the raw `Retry-After` value (if the header was sent)
/// and the body bytes.
#[derive(Clone, Copy, Debug)]
pub struct RawAnswer<'a> {
    /// `METHOD path`, as errors name the call (`GET captcha`).
    pub endpoint: &'a str,
    /// The HTTP status (any number: the pipeline judges it, as it does a live one).
    pub status: u16,
    /// The `Retry-After` header's bytes; a value no HTTP header could carry reads as absent, as it never arrives.
    pub retry_after: Option<&'a [u8]>,
    /// The body bytes.
    pub body: &'a [u8],
}

impl RawAnswer<'_> {
    /// The [`Reply`] the client would hold after reading this answer.
    fn reply(&self) -> Reply {
        let mut headers = HeaderMap::new();
        if let Some(value) = self.retry_after.and_then(|bytes| HeaderValue::from_bytes(bytes).ok()) {
            headers.insert(RETRY_AFTER, value);
        }
        Reply::of(self.endpoint.to_owned(), self.status, headers, self.body.to_vec())
    }
}

/// What an ordinary JSON endpoint (`Client::send_json`: Token Service request, captcha, POST organisation, access
/// token, banks, bank accounts, linking a candidate, the scenario) makes of `answer`: a 2xx body decoded as `T`,
/// else an [`ApiError::Status`] with the error body and `Retry-After`.
pub fn json<T: DeserializeOwned>(answer: RawAnswer<'_>) -> Result<T, ApiError> {
    answer.reply().success()?.decode()
}

/// What `indirect_link` and `reauthorise` make of `answer`: a 302's (or a 2xx's) JSON body decoded as `T`.
pub fn redirect<T: DeserializeOwned>(answer: RawAnswer<'_>) -> Result<T, ApiError> {
    answer.reply().decode_redirect()
}

/// What `Client::poll` makes of `answer`: pending (202), linked or not linked (another 2xx), or an error.
pub fn poll(answer: RawAnswer<'_>) -> Result<PollAnswer, ApiError> {
    answer.reply().poll_answer()
}

/// What a call without an answer body (DELETE of a bank account, the emulator's reset) makes of `answer`: `Ok` on
/// 2xx whatever the body, else the failed status with its error body.
pub fn no_content(answer: RawAnswer<'_>) -> Result<(), ApiError> {
    answer.reply().success().map(|_| ())
}

/// What `Client::available_bank_accounts` makes of the answers to its batches, in order: each decoded as
/// [`AvailableAccounts`], then merged; the first failing batch is the error.
pub fn available_accounts(answers: &[RawAnswer<'_>]) -> Result<AvailableAccounts, ApiError> {
    let listings: Vec<AvailableAccounts> = answers.iter().map(|answer| json(*answer)).collect::<Result<_, _>>()?;
    Ok(AvailableAccounts::merged(listings))
}

#[cfg(test)]
mod tests;
