//! The properties every answer's reading must keep, whatever the bytes: checked by the fuzz targets (`fuzz/`) and by
//! the replay of their corpus in the ordinary tests, so both run exactly the client's decoders. Never panics itself:
//! a broken property comes back as a [`Violation`] for the caller to report.

use std::fmt::Debug;

mod secrets;

use self::secrets::must_hide;
use super::{RawAnswer, available_accounts, json, no_content, poll, redirect};
use crate::api::assumed::{Captcha, TokenRequestAccepted};
use crate::api::error::{ApiError, RAW_BODY_LIMIT};
use crate::api::models::{
    AccessToken, Amount, AvailableAccounts, Bank, BankAccount, Candidate, CreatedOrganisation, IndirectLink,
    LastTransaction, Reauthorisation,
};
use crate::api::scenario::Scenario;

/// The longest raw body an error keeps, in characters, its `…` included.
const MAX_KEPT_CHARS: usize = RAW_BODY_LIMIT + 1;
/// Separates the answers to the batches of one candidate listing in an input of [`Decoder::AvailableBankAccounts`].
pub(crate) const BATCH_SEPARATOR: u8 = 0x1e;

/// One decoder of the client, named as its fuzz target and its corpus directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// `POST requestToken` → `TokenRequestAccepted`.
    TokenRequest,
    /// `GET captcha` → `Captcha`.
    Captcha,
    /// `POST organisations` → `CreatedOrganisation` (the customer's key in `token`).
    CreatedOrganisation,
    /// `GET accesstoken` → `AccessToken` (a JWT).
    AccessToken,
    /// `GET banks` → `Vec<Bank>`.
    BankList,
    /// `GET banks/{id}` → `Bank`.
    Bank,
    /// `GET …/indirectlinkaccount` (302) → `IndirectLink`.
    IndirectLink,
    /// `GET` a poll route (200 or 202) → `PollAnswer`.
    Poll,
    /// `POST`/`GET …/bankaccounts[/{id}]` → `BankAccount`.
    BankAccount,
    /// `GET …/bankaccounts` → `Vec<BankAccount>`.
    BankAccountList,
    /// `GET …/availablebankaccounts`, in batches, merged → `AvailableAccounts`.
    AvailableBankAccounts,
    /// `POST …/linkavailablebankaccount` → `BankAccount`.
    LinkCandidate,
    /// `GET …/indirectauth` (302) → `Reauthorisation`.
    Reauthorisation,
    /// `DELETE …/bankaccounts/{id}` and the emulator's reset: a status and an error body only.
    ErrorBody,
    /// `GET`/`PUT emulator/admin/scenario` → `Scenario`.
    Scenario,
}

impl Decoder {
    /// Every decoder, in the order of their fuzz targets.
    pub const ALL: [Self; 15] = [
        Self::TokenRequest,
        Self::Captcha,
        Self::CreatedOrganisation,
        Self::AccessToken,
        Self::BankList,
        Self::Bank,
        Self::IndirectLink,
        Self::Poll,
        Self::BankAccount,
        Self::BankAccountList,
        Self::AvailableBankAccounts,
        Self::LinkCandidate,
        Self::Reauthorisation,
        Self::ErrorBody,
        Self::Scenario,
    ];

    /// The fuzz target's name, which is also its corpus directory (`decode_token_request`).
    #[must_use]
    pub fn target(self) -> &'static str {
        match self {
            Self::TokenRequest => "decode_token_request",
            Self::Captcha => "decode_captcha",
            Self::CreatedOrganisation => "decode_created_organisation",
            Self::AccessToken => "decode_access_token",
            Self::BankList => "decode_bank_list",
            Self::Bank => "decode_bank",
            Self::IndirectLink => "decode_indirect_link",
            Self::Poll => "decode_poll",
            Self::BankAccount => "decode_bank_account",
            Self::BankAccountList => "decode_bank_account_list",
            Self::AvailableBankAccounts => "decode_available_bank_accounts",
            Self::LinkCandidate => "decode_link_candidate",
            Self::Reauthorisation => "decode_reauthorisation",
            Self::ErrorBody => "decode_error_body",
            Self::Scenario => "decode_scenario",
        }
    }

    /// The decoder whose fuzz target is named `target`.
    #[must_use]
    pub fn from_target(target: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|decoder| decoder.target() == target)
    }

    /// The call's name, as the client gives it to errors.
    fn endpoint(self) -> &'static str {
        match self {
            Self::TokenRequest => "POST requestToken",
            Self::Captcha => "GET captcha",
            Self::CreatedOrganisation => "POST organisations",
            Self::AccessToken => "GET accesstoken",
            Self::BankList => "GET banks",
            Self::Bank => "GET banks/b",
            Self::IndirectLink => "GET organisations/o/companies/c/indirectlinkaccount",
            Self::Poll => "GET /poll/r",
            Self::BankAccount | Self::BankAccountList => "GET organisations/o/companies/c/bankaccounts",
            Self::AvailableBankAccounts => "GET organisations/o/companies/c/availablebankaccounts",
            Self::LinkCandidate => "POST organisations/o/companies/c/linkavailablebankaccount",
            Self::Reauthorisation => "GET organisations/o/companies/c/bankaccounts/a/indirectauth",
            Self::ErrorBody => "DELETE organisations/o/companies/c/bankaccounts/a",
            Self::Scenario => "GET scenario",
        }
    }
}

/// A property the reading of an answer broke, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Violation(pub String);

/// An input's answer to `endpoint`: a first line `STATUS[ RETRY-AFTER]` then the body (`429 7\n{"code":…}`); an
/// input whose first line is not that is a 200 whose body is the whole input.
#[must_use]
pub(crate) fn framed<'a>(endpoint: &'a str, data: &'a [u8]) -> RawAnswer<'a> {
    let whole = RawAnswer { endpoint, status: 200, retry_after: None, body: data };
    let Some(end) = data.iter().position(|&byte| byte == b'\n') else { return whole };
    let (line, body) = (&data[..end], &data[end + 1..]);
    let (status, retry_after) = match line.iter().position(|&byte| byte == b' ') {
        Some(space) => (&line[..space], Some(&line[space + 1..])),
        None => (line, None),
    };
    match std::str::from_utf8(status).ok().filter(|text| text.len() == 3).and_then(|text| text.parse().ok()) {
        Some(status) => RawAnswer { endpoint, status, retry_after, body },
        None => whole,
    }
}

/// Reads `data` (see [`framed`]) with `decoder`, exactly as the client does, and checks what must hold of any answer:
/// no panic; a status outside 2xx (302 too, but for the indirect calls) is an [`ApiError::Status`] with that status
/// and the `Retry-After` seconds sent; no secret field's value (`token`, `jwt`, …) appears in an error's text or in
/// a decoded value's `Debug`; a kept body is cut to length; a decoded [`Amount`] is a plain decimal.
pub fn check(decoder: Decoder, data: &[u8]) -> Result<(), Violation> {
    let answer = framed(decoder.endpoint(), data);
    match decoder {
        Decoder::TokenRequest => checked::<TokenRequestAccepted>(answer, &json(answer)),
        Decoder::Captcha => checked::<Captcha>(answer, &json(answer)),
        Decoder::CreatedOrganisation => checked::<CreatedOrganisation>(answer, &json(answer)),
        Decoder::AccessToken => checked::<AccessToken>(answer, &json(answer)),
        Decoder::BankList => checked::<Vec<Bank>>(answer, &json(answer)),
        Decoder::Bank => checked::<Bank>(answer, &json(answer)),
        Decoder::IndirectLink => checked::<IndirectLink>(answer, &redirect(answer)),
        Decoder::Poll => checked(answer, &poll(answer)),
        Decoder::BankAccount | Decoder::LinkCandidate => checked::<BankAccount>(answer, &json(answer)),
        Decoder::BankAccountList => checked::<Vec<BankAccount>>(answer, &json(answer)),
        Decoder::Reauthorisation => checked::<Reauthorisation>(answer, &redirect(answer)),
        Decoder::ErrorBody => checked(answer, &no_content(answer)),
        Decoder::Scenario => checked::<Scenario>(answer, &json(answer)),
        Decoder::AvailableBankAccounts => {
            let answers: Vec<RawAnswer<'_>> =
                data.split(|&byte| byte == BATCH_SEPARATOR).map(|part| framed(decoder.endpoint(), part)).collect();
            for answer in &answers {
                checked::<AvailableAccounts>(*answer, &json(*answer))?;
            }
            checked_listing(&answers, available_accounts(&answers))
        }
    }
}

/// The checks of one answer's outcome.
fn checked<T: Debug>(answer: RawAnswer<'_>, outcome: &Result<T, ApiError>) -> Result<(), Violation> {
    match outcome {
        Ok(value) => {
            let printed = format!("{value:?}");
            must_hide(&printed, answer.body, false, "a decoded value's Debug")?;
            let success = (200..300).contains(&answer.status) || (answer.status == 302 && is_redirect(answer.endpoint));
            if !success {
                return Err(Violation(format!("HTTP {} was read as a success: {printed}", answer.status)));
            }
            Ok(())
        }
        Err(error) => checked_error(answer, error),
    }
}

/// True for the endpoints whose 302 is their answer.
fn is_redirect(endpoint: &str) -> bool {
    endpoint.ends_with("/indirectlinkaccount") || endpoint.ends_with("/indirectauth")
}

/// The checks of an error.
fn checked_error(answer: RawAnswer<'_>, error: &ApiError) -> Result<(), Violation> {
    must_hide(&error.to_string(), answer.body, true, "an error's text")?;
    must_hide(&format!("{error:?}"), answer.body, true, "an error's Debug")?;
    let _failure = error.failure();
    match error {
        ApiError::Status { status, raw_body, retry_after, .. } => {
            // A header value is read only when it is visible ASCII (spaces and tabs too), as `HeaderValue::to_str`.
            let sent = answer.retry_after.and_then(|bytes| std::str::from_utf8(bytes).ok());
            let readable = sent.filter(|text| text.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)));
            let expected = readable.and_then(|text| text.trim().parse::<u64>().ok());
            if *status != answer.status || *retry_after != expected {
                return Err(Violation(format!("{error:?} does not match HTTP {} {sent:?}", answer.status)));
            }
            if (200..300).contains(status) {
                return Err(Violation(format!("a success was read as a failed status: {error}")));
            }
            kept_short(raw_body)
        }
        ApiError::Decode { raw_body, .. } => kept_short(raw_body),
        ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::NotSent { .. } | ApiError::Untrusted { .. } => {
            Err(Violation(format!("no network, yet {error}")))
        }
    }
}

/// The merged listing: each candidate ID once, in the order first listed, `refreshing` when any batch said so, and
/// every amount a plain decimal.
fn checked_listing(answers: &[RawAnswer<'_>], merged: Result<AvailableAccounts, ApiError>) -> Result<(), Violation> {
    let Ok(merged) = merged else { return Ok(()) };
    let listings: Vec<AvailableAccounts> = answers.iter().filter_map(|answer| json(*answer).ok()).collect();
    if listings.len() != answers.len() {
        return Err(Violation("the merged listing succeeded though a batch failed".to_owned()));
    }
    let mut expected: Vec<&Candidate> = Vec::new();
    for candidate in listings.iter().flat_map(|listing| &listing.available_accounts) {
        if !expected.iter().any(|seen| seen.bank_account_candidate_id == candidate.bank_account_candidate_id) {
            expected.push(candidate);
        }
    }
    let refreshing = listings.iter().any(|listing| listing.refreshing);
    if merged.refreshing != refreshing || merged.available_accounts.iter().ne(expected.iter().copied()) {
        return Err(Violation(format!("the merged listing is not the batches' union in order: {merged:?}")));
    }
    for candidate in &merged.available_accounts {
        let _day = candidate.last_transaction.as_ref().and_then(LastTransaction::day);
        let metadata = candidate.metadata.iter();
        let amounts = metadata.flat_map(|m| [&m.available_balance, &m.current_balance]).flatten();
        for amount in amounts.chain(candidate.last_transaction.iter().filter_map(|last| last.amount.as_ref())) {
            if Amount::parse(amount.as_str()).as_ref() != Some(amount) {
                return Err(Violation(format!("{amount:?} is not a plain decimal")));
            }
        }
    }
    Ok(())
}

/// A kept body is cut to [`MAX_KEPT_CHARS`].
fn kept_short(raw_body: &str) -> Result<(), Violation> {
    let chars = raw_body.chars().count();
    if chars > MAX_KEPT_CHARS {
        return Err(Violation(format!("a kept body of {chars} characters was not cut")));
    }
    Ok(())
}
