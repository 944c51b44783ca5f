//! Every wire shape that Sage does not publish and we chose ([ASSUMED] in CONTRACT.md): the Token Service request and
//! answer, the captcha, a direct bank's authorisation mechanism, the error body and its codes (those of multi-account
//! link too: a stale candidate is 404, an already linked one 409, too many requests 429), and why a finished link
//! linked nothing (`reason` beside a poll's `success: false`). One place, so each can change when the real shape is
//! known.

use jiff::Timestamp;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{CaptchaId, TokenRequestId};
use super::redacted::CaptchaAnswer;

/// Licence details: a string map whose order is kept (the serial first), as the customer typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenceDetails(pub Vec<(String, String)>);

impl LicenceDetails {
    /// Licence details holding just a serial.
    #[must_use]
    pub fn with_serial(serial: &str) -> Self {
        Self(vec![("serial".to_owned(), serial.to_owned())])
    }

    /// The value of `serial`, if present.
    #[must_use]
    pub fn serial(&self) -> Option<&str> {
        self.get("serial")
    }

    /// The value of a field, if present.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

impl Serialize for LicenceDetails {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for LicenceDetails {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OrderedMap;
        impl<'de> Visitor<'de> for OrderedMap {
            type Value = LicenceDetails;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of licence fields to strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = access.next_entry::<String, String>()? {
                    fields.push(entry);
                }
                Ok(LicenceDetails(fields))
            }
        }
        deserializer.deserialize_map(OrderedMap)
    }
}

/// The body of `POST {sts}/requestToken`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequest {
    /// The customer's licence details.
    pub licence_details: LicenceDetails,
    /// Request format version; 0.
    pub version: u32,
    /// Where the request comes from; `Desktop`.
    pub origin: String,
}

/// The 200 answer of `requestToken`: the Banking Service may now validate these licence details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequestAccepted {
    /// The Token Service's ID of the request.
    pub request_id: TokenRequestId,
    /// When the Banking Service stops accepting it.
    pub expires_at: Timestamp,
}

/// The 200 answer of `GET {base}/captcha`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Captcha {
    /// The captcha's ID, sent back with the answer.
    pub captcha_id: CaptchaId,
    /// A PNG image, base64 (standard alphabet).
    pub image: String,
    /// When the captcha stops being accepted.
    pub expires_at: Timestamp,
}

/// A captcha and the answer typed for it, inside POST organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptchaSolution {
    /// The captcha answered.
    pub captcha_id: CaptchaId,
    /// What the person typed.
    pub answer: CaptchaAnswer,
}

/// How a direct bank is authorised (`authorisationMechanism`, [DOC] field, [ASSUMED] shape): an object naming the
/// kind and the bank's authorisation form, or a plain word; anything else is kept as it came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AuthorisationMechanism {
    /// `{"type": "authorisationForm", "formUrl": "https://..."}`.
    Form {
        /// The kind, like `authorisationForm`.
        #[serde(rename = "type")]
        kind: String,
        /// Where the bank's authorisation form is.
        #[serde(rename = "formUrl", default, skip_serializing_if = "Option::is_none")]
        form_url: Option<String>,
    },
    /// A plain word, like `authorisationForm`.
    Named(String),
    /// Any other shape.
    Other(serde_json::Value),
}

impl AuthorisationMechanism {
    /// The bank's authorisation form, when the mechanism names one.
    #[must_use]
    pub fn form_url(&self) -> Option<&str> {
        match self {
            Self::Form { form_url, .. } => form_url.as_deref(),
            Self::Named(_) | Self::Other(_) => None,
        }
    }
}

/// Why a finished link linked nothing: the `reason` a poll route's 200 may carry beside `success: false`, as in
/// `{"account": null, "success": false, "reason": "expired"}`. Read tolerantly ([`UnlinkedReason::read_tolerantly`]):
/// a service that sends no `reason`, or one this client does not know, reads as "could not link".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnlinkedReason {
    /// The consent page was left undecided until it expired.
    Expired,
}

impl UnlinkedReason {
    /// Reads an optional `reason`: anything but a known word (another word, a number, an object) is `None`.
    pub fn read_tolerantly<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(Self::deserialize(value).ok())
    }
}

/// The error body of every 4xx/5xx: a machine word and a sentence. Clients tolerate any other body too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A machine word from [`codes`].
    pub code: String,
    /// A human sentence.
    pub message: String,
}

/// The `code` values of [`ErrorBody`], shared by the emulator (which sends them) and the client (which maps them).
pub mod codes {
    /// 404 at POST organisation: no Token Service request was made for these licence details.
    pub const LICENCE_NOT_REQUESTED: &str = "licenceNotRequested";
    /// 400 at POST organisation: the licence is not that of a valid Sage customer.
    pub const NOT_A_CUSTOMER: &str = "notAValidCustomer";
    /// 400 at POST organisation: the captcha answer is wrong (the captcha is spent).
    pub const CAPTCHA_WRONG: &str = "captchaWrong";
    /// 400 at POST organisation: the captcha expired, was already used, or is unknown.
    pub const CAPTCHA_EXPIRED: &str = "captchaExpired";
    /// 409 at POST organisation: the customer's organisationLimit for this product is reached.
    pub const ORGANISATION_LIMIT: &str = "organisationLimitReached";
    /// 400: the body is not valid JSON of the expected shape, or a field is missing or invalid.
    pub const INVALID_BODY: &str = "invalidBody";
    /// 400: `X-Application` is missing.
    pub const APPLICATION_MISSING: &str = "applicationMissing";
    /// 403: `X-Application` names a product this service does not know.
    pub const APPLICATION_UNKNOWN: &str = "applicationUnknown";
    /// 401: `X-Signature` or `X-Nonce` is missing on a signed call.
    pub const SIGNATURE_MISSING: &str = "signatureMissing";
    /// 401: `X-Signature` does not match the request.
    pub const SIGNATURE_INVALID: &str = "signatureInvalid";
    /// 401: `X-Nonce` was already used.
    pub const NONCE_REPLAYED: &str = "nonceReplayed";
    /// 400: `X-Nonce` is empty or longer than 200 characters.
    pub const NONCE_INVALID: &str = "nonceInvalid";
    /// 401: the bearer token is missing, malformed or not ours.
    pub const TOKEN_INVALID: &str = "tokenInvalid";
    /// 401: the bearer token has expired.
    pub const TOKEN_EXPIRED: &str = "tokenExpired";
    /// 404: the organisation or company is unknown.
    pub const NOT_FOUND: &str = "notFound";
    /// 500/503: a fault the emulator was told to inject.
    pub const INJECTED_FAULT: &str = "injectedFault";
    /// 403 at the Token Service: `x-provider` is missing or names a provider this service does not know.
    pub const PROVIDER_UNKNOWN: &str = "providerUnknown";
    /// 400: a header the call needs (like `X-Organisation-Id`) is missing or empty.
    pub const HEADER_MISSING: &str = "headerMissing";
    /// 413: the body is larger than the service accepts.
    pub const BODY_TOO_LARGE: &str = "bodyTooLarge";
    /// 405: the path exists but not with this HTTP method.
    pub const METHOD_NOT_ALLOWED: &str = "methodNotAllowed";
    /// 500: the service failed on its own; not the caller's fault.
    pub const INTERNAL: &str = "internalError";
    /// 410 at a poll route: it was already used; poll the route of the last 202 instead.
    pub const POLL_ROUTE_USED: &str = "pollRouteUsed";
    /// 403 at a poll route: its signature does not match (the URL was changed).
    pub const POLL_ROUTE_INVALID: &str = "pollRouteInvalid";
    /// 400 at `indirectlinkaccount`: the bank is direct; it is arranged with the bank itself.
    pub const BANK_IS_DIRECT: &str = "bankIsDirect";
    /// 409 at POST bankaccounts: an account with this `accountKey` already exists in the company.
    pub const BANK_ACCOUNT_EXISTS: &str = "bankAccountExists";
    /// 400: a query parameter the call needs is missing or invalid.
    pub const INVALID_QUERY: &str = "invalidQuery";
    /// 400 at `availablebankaccounts`: more than 100 bank account IDs in one request; send them in batches.
    pub const TOO_MANY_BANK_ACCOUNT_IDS: &str = "tooManyBankAccountIds";
    /// 400 at `availablebankaccounts`: the bank account IDs are of more than one bank (institution).
    pub const MIXED_INSTITUTIONS: &str = "mixedInstitutions";
    /// 404 at `linkavailablebankaccount`: the candidate ID is unknown, or was replaced when the candidates were
    /// refreshed; list the candidates again and match by `accountKey`.
    pub const CANDIDATE_NOT_FOUND: &str = "candidateNotFound";
    /// 409 at `linkavailablebankaccount`: the candidate is already linked in this company.
    pub const CANDIDATE_ALREADY_LINKED: &str = "candidateAlreadyLinked";
    /// 429: too many requests; wait as `Retry-After` says, then send the same request again.
    pub const RATE_LIMITED: &str = "rateLimited";
    /// 409 at `indirectauth`: the bank account is not in `authRequired` (it is pending, active or cancelled), so
    /// there is nothing to re-authorise; read its status again.
    pub const NOT_AUTH_REQUIRED: &str = "bankAccountNotAuthRequired";
    /// 503 from the local emulator: it could not save the change the request made (its disk is full, or its folder
    /// cannot be written), so it undid it: nothing was done, and the same request may be sent again.
    pub const STATE_NOT_SAVED: &str = "stateNotSaved";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_details_keep_their_order_on_the_wire() {
        let details = LicenceDetails(vec![("serial".into(), "ACTIVE".into()), ("accountNumber".into(), "42".into())]);
        let json = serde_json::to_string(&details).expect("serialises");
        assert_eq!(json, r#"{"serial":"ACTIVE","accountNumber":"42"}"#);
        let back: LicenceDetails = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, details);
        assert_eq!(back.serial(), Some("ACTIVE"));
    }

    #[test]
    fn an_unlinked_reason_is_read_tolerantly_and_written_in_camel_case() {
        #[derive(Deserialize)]
        struct Body {
            #[serde(default, deserialize_with = "UnlinkedReason::read_tolerantly")]
            reason: Option<UnlinkedReason>,
        }
        let read = |json: &str| serde_json::from_str::<Body>(json).expect("always reads").reason;
        assert_eq!(read(r#"{"reason":"expired"}"#), Some(UnlinkedReason::Expired));
        for unknown in [r"{}", r#"{"reason":null}"#, r#"{"reason":"declined"}"#, r#"{"reason":7}"#, r#"{"reason":{}}"#]
        {
            assert_eq!(read(unknown), None, "{unknown}");
        }
        assert_eq!(serde_json::to_string(&UnlinkedReason::Expired).expect("writes"), r#""expired""#);
    }

    #[test]
    fn licence_details_refuse_non_string_values() {
        assert!(serde_json::from_str::<LicenceDetails>(r#"{"serial":1}"#).is_err());
    }
}
