//! Why the emulator refuses a request: an HTTP status, a code from `api::assumed::codes` and a sentence that says
//! what to fix. Pure data, built by the world and the header checks; `routes` turns it into a JSON `ErrorBody`.

use crate::api::assumed::{ErrorBody, codes};

mod candidates;
mod linking;
mod onboarding;
mod reauth;
mod scenario;

/// The most characters of a signature base string shown in a message.
const BASE_STRING_LIMIT: usize = 2_000;

/// The longest slice of a caller's value quoted back in a message.
const QUOTE_LIMIT: usize = 80;

/// A refused request: what the caller sees as a 4xx/5xx with a JSON [`ErrorBody`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// A machine word from [`codes`].
    pub code: &'static str,
    /// A human sentence: what happened and what to do.
    pub message: String,
    /// `Retry-After` in seconds, for a 429.
    pub retry_after: Option<u64>,
}

impl Refusal {
    /// A refusal with any status, code and message.
    #[must_use]
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), retry_after: None }
    }

    /// 400 invalidBody: the body is not what the call expects.
    #[must_use]
    pub fn invalid_body(detail: &str) -> Self {
        Self::new(
            400,
            codes::INVALID_BODY,
            format!("The request body is not valid: {detail}. Fix the body and send it again."),
        )
    }

    /// 413 bodyTooLarge.
    #[must_use]
    pub fn body_too_large(limit: usize) -> Self {
        Self::new(
            413,
            codes::BODY_TOO_LARGE,
            format!(
                "The request body is larger than the {} KiB this service accepts; send a smaller body.",
                limit / 1024
            ),
        )
    }

    /// 400 headerMissing: a header the call needs is absent or empty.
    #[must_use]
    pub fn header_missing(name: &str) -> Self {
        Self::new(400, codes::HEADER_MISSING, format!("The {name} header is missing or empty; this call needs it."))
    }

    /// 401 signatureMissing.
    #[must_use]
    pub fn signature_missing(what: &str) -> Self {
        Self::new(
            401,
            codes::SIGNATURE_MISSING,
            format!("{what}: sign the request (CONTRACT §3) and send both X-Signature and X-Nonce."),
        )
    }

    /// 401 signatureInvalid.
    #[must_use]
    pub fn signature_invalid(detail: &str) -> Self {
        Self::new(
            401,
            codes::SIGNATURE_INVALID,
            format!(
                "X-Signature does not match this request ({detail}); check the signing key, the URL (scheme, host, \
                 port, path), the exact body bytes and the nonce that were signed."
            ),
        )
    }

    /// 401 signatureInvalid for a signature that does not match, stating the base string the emulator computed
    /// (`METHOD&enc(route)&enc(paramString)&enc(nonce)`: no secret in it), so that whoever compares it with the
    /// client's can see which part differs. A very long one (a large body) is cut.
    #[must_use]
    pub fn signature_invalid_over(detail: &str, base_string: &str) -> Self {
        let shown = match base_string.char_indices().nth(BASE_STRING_LIMIT) {
            Some((cut, _)) => format!("{}… (cut)", &base_string[..cut]),
            None => base_string.to_owned(),
        };
        Self::new(
            401,
            codes::SIGNATURE_INVALID,
            format!(
                "X-Signature does not match this request ({detail}). The emulator signed this base string (method \
                 & URL without its query, lower-cased & parameter string & nonce, each encoded as CONTRACT §3 \
                 says): {shown} ; compare it with the base string your client signed to see which part differs, \
                 and check the signing key."
            ),
        )
    }

    /// 401 nonceReplayed.
    #[must_use]
    pub fn nonce_replayed() -> Self {
        Self::new(
            401,
            codes::NONCE_REPLAYED,
            "This X-Nonce was already used; send every signed request with a fresh nonce (a new UUID) and a new signature.",
        )
    }

    /// 400 nonceInvalid.
    #[must_use]
    pub fn nonce_invalid() -> Self {
        Self::new(400, codes::NONCE_INVALID, "X-Nonce must be 1 to 200 characters long; send a fresh UUID.")
    }

    /// 404 notFound for a path this service does not serve.
    #[must_use]
    pub fn no_such_route(method: &str, path: &str) -> Self {
        Self::new(
            404,
            codes::NOT_FOUND,
            format!("There is no {method} {}; check the path against the contract.", quote(path)),
        )
    }

    /// 405 methodNotAllowed.
    #[must_use]
    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            405,
            codes::METHOD_NOT_ALLOWED,
            format!("{} does not accept {method}; check the HTTP method against the contract.", quote(path)),
        )
    }

    /// 500 internalError: the emulator itself failed.
    #[must_use]
    pub fn internal(what: &str) -> Self {
        Self::new(
            500,
            codes::INTERNAL,
            format!("The emulator failed to {what}; try again, and report it if it repeats."),
        )
    }

    /// 503 stateNotSaved: a durable emulator could not save what the request changed, and undid it.
    #[must_use]
    pub fn state_not_saved() -> Self {
        Self::new(
            503,
            codes::STATE_NOT_SAVED,
            "The emulator could not save this change to its state file (is the disk full, or the folder read-only?), \
             so nothing was done; free some space or fix the folder, then send the same request again.",
        )
    }

    /// 401 tokenInvalid.
    #[must_use]
    pub fn token_invalid() -> Self {
        Self::new(
            401,
            codes::TOKEN_INVALID,
            "The bearer token is missing, malformed or not issued by this service; get a new one from GET accesstoken.",
        )
    }

    /// 401 tokenExpired.
    #[must_use]
    pub fn token_expired() -> Self {
        Self::new(401, codes::TOKEN_EXPIRED, "The bearer token has expired; get a new one from GET accesstoken.")
    }
}

/// A caller's value, cut to a readable length and quoted, for a message.
#[must_use]
pub fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("\"{}…\"", &value[..cut]),
        None => format!("\"{value}\""),
    }
}

impl Refusal {
    /// The JSON body the caller receives.
    #[must_use]
    pub fn into_body(self) -> ErrorBody {
        ErrorBody { code: self.code.to_owned(), message: self.message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_when_quoted() {
        assert_eq!(quote("abc"), "\"abc\"");
        let long = "x".repeat(500);
        assert_eq!(quote(&long).chars().count(), QUOTE_LIMIT + 3);
    }

    #[test]
    fn every_message_is_one_clean_sentence_with_a_known_code() {
        let all = [
            Refusal::invalid_body("x"),
            Refusal::body_too_large(65_536),
            Refusal::header_missing(crate::api::headers::X_COMPANY_ID),
            Refusal::signature_missing("x"),
            Refusal::signature_invalid("x"),
            Refusal::nonce_replayed(),
            Refusal::nonce_invalid(),
            Refusal::no_such_route("GET", "/x"),
            Refusal::method_not_allowed("PUT", "/x"),
            Refusal::internal("x"),
            Refusal::token_invalid(),
            Refusal::token_expired(),
            Refusal::application_missing("p"),
            Refusal::application_unknown("q", "p"),
            Refusal::provider_unknown(None, "p"),
            Refusal::provider_unknown(Some("q"), "p"),
            Refusal::token_service_down("STS-DOWN"),
            Refusal::captcha_expired(),
            Refusal::captcha_wrong(),
            Refusal::licence_not_requested("S"),
            Refusal::not_a_customer("S"),
            Refusal::organisation_limit(15, "preprod"),
            Refusal::organisation_limit_forced("S"),
            Refusal::not_found("organisation", "o"),
            Refusal::invalid_query("bankId", "x"),
            Refusal::outside_token("company", "c"),
            Refusal::bank_not_found("b"),
            Refusal::bank_is_direct("B"),
            Refusal::poll_route_invalid(),
            Refusal::poll_route_used(),
            Refusal::link_not_found(),
            Refusal::poll_fault("B"),
            Refusal::bank_account_exists("a"),
            Refusal::bank_account_not_found("a"),
            Refusal::too_many_bank_account_ids(101, 100),
            Refusal::mixed_institutions("a", "b"),
            Refusal::candidate_stale("c"),
            Refusal::candidate_not_found("c"),
            Refusal::candidate_already_linked("a"),
            Refusal::rate_limited(5, 1),
            Refusal::signature_invalid_over("x", "GET&http%3A%2F%2Fh%2Fp&&n"),
            Refusal::not_a_customer_by_scenario(),
            Refusal::organisation_limit_by_scenario(),
            Refusal::captcha_wrong_by_scenario(),
            Refusal::poll_fault_by_scenario(),
            Refusal::rate_limited_by_scenario(),
            Refusal::invalid_scenario("x"),
        ];
        for refusal in all {
            assert!((400..600).contains(&refusal.status), "{refusal:?}");
            assert_eq!(refusal.retry_after.is_some(), refusal.status == 429, "{refusal:?}");
            assert!(!refusal.message.contains("  ") && refusal.message.ends_with('.'), "{refusal:?}");
            assert!(refusal.code.chars().all(|c| c.is_ascii_alphabetic()), "{refusal:?}");
        }
    }

    #[test]
    fn a_signature_refusal_states_the_base_string_and_cuts_a_long_one() {
        let base = "GET&http%3A%2F%2F127.0.0.1%3A1%2Fapi%2Fv1%2Faccesstoken&&nonce-1";
        let refusal = Refusal::signature_invalid_over("not made with the expected key", base);
        assert_eq!((refusal.status, refusal.code), (401, codes::SIGNATURE_INVALID));
        assert!(refusal.message.contains(&format!(": {base} ;")), "{}", refusal.message);
        let long = Refusal::signature_invalid_over("x", &"b".repeat(50_000));
        assert!(long.message.len() < BASE_STRING_LIMIT + 600 && long.message.contains("… (cut)"));
    }

    #[test]
    fn messages_say_what_to_fix() {
        let refusal = Refusal::body_too_large(64 * 1024);
        assert_eq!((refusal.status, refusal.code), (413, codes::BODY_TOO_LARGE));
        assert!(refusal.message.contains("64 KiB"));
        assert!(Refusal::nonce_replayed().message.contains("fresh nonce"));
    }
}
