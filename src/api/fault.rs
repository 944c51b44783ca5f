//! A fault the local emulator injects into one endpoint's answers, part of its live test scenario (`fault` in
//! `PUT /emulator/admin/scenario`, or `--scenario-fault` at start): the wire type shared by the client, the emulator
//! and the command line. Sage has no such thing; it lets QA, helpdesk staff and the fault-matrix test make any call
//! the wizard makes fail in any of the ways a network and a server fail.

use serde::{Deserialize, Serialize};

/// A fault in force: which endpoint, how it fails, how many more times and, for a slow or held answer, how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// The endpoint whose requests fail.
    pub endpoint: FaultEndpoint,
    /// How they fail.
    pub kind: FaultKind,
    /// How many more requests fail (the count goes down as they do, and the fault ends at 0); absent: every one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// How long a `slow` answer is delayed or a `timeout` answer held, in milliseconds; absent: the kind's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
}

/// Every endpoint the wizard calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum FaultEndpoint {
    /// `POST /sts/api/v1/requestToken`.
    RequestToken,
    /// `GET /captcha`.
    Captcha,
    /// `POST /organisations`.
    CreateOrganisation,
    /// `GET /accesstoken`.
    AccessToken,
    /// `GET /banks`.
    Banks,
    /// `GET /banks/{bankId}`.
    Bank,
    /// `GET …/indirectlinkaccount`.
    IndirectLink,
    /// `GET` of a link's poll route.
    Poll,
    /// `POST …/bankaccounts`.
    CreateBankAccount,
    /// `GET …/bankaccounts/{bankAccountId}`.
    BankAccount,
    /// `GET …/bankaccounts`.
    BankAccounts,
    /// `GET …/availablebankaccounts`.
    AvailableBankAccounts,
    /// `POST …/linkavailablebankaccount`.
    LinkAvailableBankAccount,
    /// `GET …/bankaccounts/{bankAccountId}/indirectauth`.
    Reauthorise,
    /// `DELETE …/bankaccounts/{bankAccountId}`.
    DeleteBankAccount,
}

/// The ways a call fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// The connection closes before the request is handled: nothing done, no answer (as a refused connection).
    Refused,
    /// The request is handled, then the connection breaks halfway through the answer: done, answer lost.
    ResetMidResponse,
    /// The request is handled, then its answer is held past the client's timeout (`delayMs`, 60 s by default).
    Timeout,
    /// 500 with the service's JSON error body; nothing done.
    ServerError,
    /// 502 with an HTML body, as a proxy in front of the service answers; nothing done.
    BadGateway,
    /// 429 `rateLimited` with `Retry-After: 1`; nothing done.
    RateLimited,
    /// The request is handled; a successful answer's JSON is cut in half (an answer without JSON is left as it is).
    MalformedJson,
    /// The request is handled; a successful answer's JSON objects lose their fields.
    MissingFields,
    /// The request is handled and answered normally, late (`delayMs`, 3 s by default).
    Slow,
}

impl FaultEndpoint {
    /// Every endpoint, in the order the wizard first calls them.
    pub const ALL: [Self; 15] = [
        Self::RequestToken,
        Self::Captcha,
        Self::CreateOrganisation,
        Self::AccessToken,
        Self::Banks,
        Self::Bank,
        Self::IndirectLink,
        Self::Poll,
        Self::CreateBankAccount,
        Self::BankAccount,
        Self::BankAccounts,
        Self::AvailableBankAccounts,
        Self::LinkAvailableBankAccount,
        Self::Reauthorise,
        Self::DeleteBankAccount,
    ];

    /// The call as people read it (`POST organisations`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::RequestToken => "POST requestToken",
            Self::Captcha => "GET captcha",
            Self::CreateOrganisation => "POST organisations",
            Self::AccessToken => "GET accesstoken",
            Self::Banks => "GET banks",
            Self::Bank => "GET banks/{id}",
            Self::IndirectLink => "GET indirectlinkaccount",
            Self::Poll => "GET poll route",
            Self::CreateBankAccount => "POST bankaccounts",
            Self::BankAccount => "GET bankaccounts/{id}",
            Self::BankAccounts => "GET bankaccounts",
            Self::AvailableBankAccounts => "GET availablebankaccounts",
            Self::LinkAvailableBankAccount => "POST linkavailablebankaccount",
            Self::Reauthorise => "GET indirectauth",
            Self::DeleteBankAccount => "DELETE bankaccounts/{id}",
        }
    }

    /// Whether its successful answer has a JSON body to spoil (`DELETE` answers 204, which `malformedJson` and
    /// `missingFields` leave as it is).
    #[must_use]
    pub fn answers_json(self) -> bool {
        self != Self::DeleteBankAccount
    }
}

impl FaultKind {
    /// Every kind, the transport's first.
    pub const ALL: [Self; 9] = [
        Self::Refused,
        Self::ResetMidResponse,
        Self::Timeout,
        Self::ServerError,
        Self::BadGateway,
        Self::RateLimited,
        Self::MalformedJson,
        Self::MissingFields,
        Self::Slow,
    ];

    /// The kind as people read it (`reset mid-response`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Refused => "refused",
            Self::ResetMidResponse => "reset mid-response",
            Self::Timeout => "timeout",
            Self::ServerError => "500 JSON",
            Self::BadGateway => "502 HTML",
            Self::RateLimited => "429 Retry-After",
            Self::MalformedJson => "malformed JSON",
            Self::MissingFields => "200 missing fields",
            Self::Slow => "slow",
        }
    }

    /// Whether the emulator does what the request asks before the fault strikes (so a retry may meet its effect).
    #[must_use]
    pub fn handles_the_request(self) -> bool {
        !matches!(self, Self::Refused | Self::ServerError | Self::BadGateway | Self::RateLimited)
    }
}

impl Fault {
    /// `kind` on every request to `endpoint`.
    #[must_use]
    pub fn always(endpoint: FaultEndpoint, kind: FaultKind) -> Self {
        Self { endpoint, kind, times: None, delay_ms: None }
    }

    /// `kind` on the next `times` requests to `endpoint`.
    #[must_use]
    pub fn times(endpoint: FaultEndpoint, kind: FaultKind, times: u32) -> Self {
        Self { times: Some(times), ..Self::always(endpoint, kind) }
    }

    /// The fault in a line, for people (`POST organisations: reset mid-response, the next 1 request`).
    #[must_use]
    pub fn describe(&self) -> String {
        let how_often = match self.times {
            None => "every request".to_owned(),
            Some(1) => "the next request".to_owned(),
            Some(n) => format!("the next {n} requests"),
        };
        let delay = self.delay_ms.map(|ms| format!(", {ms} ms")).unwrap_or_default();
        format!("{}: {}{delay}, {how_often}", self.endpoint.label(), self.kind.label())
    }

    /// Reads `endpoint:kind[:times]` in the command line's kebab case (`create-organisation:reset-mid-response:1`).
    ///
    /// # Errors
    /// A sentence naming the part that is not understood.
    pub fn parse_flag(text: &str) -> Result<Self, String> {
        use clap::ValueEnum as _;
        let mut parts = text.split(':');
        let endpoint = parts.next().unwrap_or_default();
        let endpoint = FaultEndpoint::from_str(endpoint, true)
            .map_err(|_| format!("unknown endpoint \"{endpoint}\" (expected e.g. create-organisation)"))?;
        let kind = parts.next().ok_or("expected endpoint:kind[:times], e.g. poll:server-error:2")?;
        let kind = FaultKind::from_str(kind, true)
            .map_err(|_| format!("unknown fault \"{kind}\" (expected e.g. reset-mid-response)"))?;
        let times = match parts.next() {
            None => None,
            Some(times) => Some(
                times
                    .parse::<u32>()
                    .ok()
                    .filter(|times| *times > 0)
                    .ok_or_else(|| format!("\"{times}\" is not a number of requests from 1 up"))?,
            ),
        };
        if parts.next().is_some() {
            return Err("expected endpoint:kind[:times], with at most three parts".to_owned());
        }
        Ok(Self { endpoint, kind, times, delay_ms: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_reads_endpoint_kind_and_times() {
        assert_eq!(
            Fault::parse_flag("create-organisation:reset-mid-response:1"),
            Ok(Fault::times(FaultEndpoint::CreateOrganisation, FaultKind::ResetMidResponse, 1))
        );
        assert_eq!(Fault::parse_flag("poll:slow"), Ok(Fault::always(FaultEndpoint::Poll, FaultKind::Slow)));
        for bad in ["", "poll", "polls:slow", "poll:late", "poll:slow:0", "poll:slow:x", "poll:slow:1:2"] {
            assert!(Fault::parse_flag(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_wire_form_is_camel_case_and_refuses_unknown_fields() {
        let fault = Fault { delay_ms: Some(500), ..Fault::times(FaultEndpoint::BankAccount, FaultKind::Timeout, 2) };
        let json = serde_json::to_value(fault).expect("serialises");
        assert_eq!(json, serde_json::json!({"endpoint": "bankAccount", "kind": "timeout", "times": 2, "delayMs": 500}));
        assert_eq!(serde_json::from_value::<Fault>(json).expect("reads back"), fault);
        let unknown = serde_json::json!({"endpoint": "poll", "kind": "slow", "often": 1});
        assert!(serde_json::from_value::<Fault>(unknown).is_err());
    }

    #[test]
    fn only_the_answers_that_come_before_any_work_leave_the_request_undone() {
        let undone: Vec<_> = FaultKind::ALL.into_iter().filter(|kind| !kind.handles_the_request()).collect();
        assert_eq!(undone, [FaultKind::Refused, FaultKind::ServerError, FaultKind::BadGateway, FaultKind::RateLimited]);
        assert_eq!(
            Fault::times(FaultEndpoint::Poll, FaultKind::Slow, 3).describe(),
            "GET poll route: slow, the next 3 requests"
        );
    }
}
