//! Reading what the emulator's routes need from request headers: `X-Application`, `x-provider`, the signature
//! pair, other required headers, and the URL as the client signed it (on the [`Scheme`] the request came over). Turns
//! each missing or wrong value into a [`Refusal`]; decides nothing about the world. The header names are the client's,
//! from `api::headers`.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, HOST};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use url::Url;

use super::refusal::Refusal;
use crate::api::headers::{X_APPLICATION, X_NONCE, X_PROVIDER, X_SIGNATURE};
use crate::config::AppIdentity;

/// A header's text when present; a value that is not visible ASCII reads as `Err(())`.
fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<Result<&'a str, ()>> {
    headers.get(name).map(|value| value.to_str().map_err(|_| ()))
}

/// The product ID in `X-Application`, which must be the emulator's own.
pub fn require_application(headers: &HeaderMap, identity: &AppIdentity) -> Result<String, Refusal> {
    let expected = &identity.product_id;
    match text(headers, X_APPLICATION) {
        None => Err(Refusal::application_missing(expected)),
        Some(Ok(value)) if value.trim().is_empty() => Err(Refusal::application_missing(expected)),
        Some(Ok(value)) if value == expected => Ok(value.to_owned()),
        Some(Ok(value)) => Err(Refusal::application_unknown(value, expected)),
        Some(Err(())) => Err(Refusal::application_unknown("(not plain text)", expected)),
    }
}

/// Ok when `x-provider` is the emulator's provider ID.
pub fn require_provider(headers: &HeaderMap, identity: &AppIdentity) -> Result<(), Refusal> {
    let expected = &identity.provider_id;
    match text(headers, X_PROVIDER) {
        Some(Ok(value)) if value == expected => Ok(()),
        Some(Ok(value)) if !value.trim().is_empty() => Err(Refusal::provider_unknown(Some(value), expected)),
        Some(Ok(_)) | None => Err(Refusal::provider_unknown(None, expected)),
        Some(Err(())) => Err(Refusal::provider_unknown(Some("(not plain text)"), expected)),
    }
}

/// The `X-Signature` and `X-Nonce` of a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureHeaders {
    /// `X-Signature`.
    pub signature: String,
    /// `X-Nonce`.
    pub nonce: String,
}

/// The signature pair: `None` without `X-Signature`; refused when `X-Signature` comes without `X-Nonce`.
pub fn signature_headers(headers: &HeaderMap) -> Result<Option<SignatureHeaders>, Refusal> {
    let Some(signature) = text(headers, X_SIGNATURE) else {
        return Ok(None);
    };
    let signature = signature.map_err(|()| Refusal::signature_invalid("X-Signature is not plain text"))?;
    match text(headers, X_NONCE) {
        None => Err(Refusal::signature_missing("X-Signature came without X-Nonce")),
        Some(Err(())) => Err(Refusal::nonce_invalid()),
        Some(Ok(nonce)) => Ok(Some(SignatureHeaders { signature: signature.to_owned(), nonce: nonce.to_owned() })),
    }
}

/// The signature pair of a call that must be signed.
pub fn require_signature(headers: &HeaderMap) -> Result<SignatureHeaders, Refusal> {
    signature_headers(headers)?.ok_or_else(|| Refusal::signature_missing("This call must be signed"))
}

/// A header the call cannot do without.
pub fn require(headers: &HeaderMap, name: &str) -> Result<String, Refusal> {
    match text(headers, name) {
        Some(Ok(value)) if !value.trim().is_empty() => Ok(value.to_owned()),
        _ => Err(Refusal::header_missing(name)),
    }
}

/// How a request reached the emulator: plain HTTP, or HTTPS (`emulator --tls`), whose router marks every request
/// with [`Scheme::Https`] (an `axum::Extension`). A client signs the URL with its scheme, and the absolute URLs handed
/// out (poll routes, the consent page) must be reachable the same way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP: every request not marked otherwise.
    #[default]
    Http,
    /// HTTPS.
    Https,
}

impl Scheme {
    /// `http` or `https`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Scheme {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<Self>().copied().unwrap_or_default())
    }
}

/// The URL the client signed: `{scheme}://{Host}{path}{?query}`.
pub fn request_url(scheme: Scheme, headers: &HeaderMap, uri: &Uri) -> Result<Url, Refusal> {
    let host = match text(headers, HOST.as_str()) {
        Some(Ok(host)) if !host.is_empty() => host,
        _ => return Err(Refusal::header_missing("Host")),
    };
    let path = uri.path_and_query().map_or("/", |path| path.as_str());
    Url::parse(&format!("{}://{host}{path}", scheme.as_str()))
        .map_err(|error| Refusal::signature_invalid(&format!("the request URL could not be rebuilt: {error}")))
}

/// The token of `Authorization: Bearer <token>`, when the request carries one.
#[must_use]
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = text(headers, AUTHORIZATION.as_str())?.ok()?;
    let (scheme, token) = value.split_once(' ')?;
    Some(token.trim()).filter(|token| scheme.eq_ignore_ascii_case("bearer") && !token.is_empty())
}

/// The origin the client reached, `{scheme}://{Host}/`: absolute URLs handed out (poll routes, the consent page) are
/// on it.
pub fn origin(scheme: Scheme, headers: &HeaderMap) -> Result<Url, Refusal> {
    request_url(scheme, headers, &Uri::from_static("/"))
}

/// The value of query parameter `name` (URL-decoded), when present. Names match whatever their case (`bankId`,
/// `bankid`, `BANKID`), as the real service matches them and as header names match.
#[must_use]
pub fn query_param(uri: &Uri, name: &str) -> Option<String> {
    query_params(uri, name).into_iter().next()
}

/// Every value of query parameter `name` (URL-decoded, the name in any case), in order.
#[must_use]
pub fn query_params(uri: &Uri, name: &str) -> Vec<String> {
    url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;
    use crate::api::assumed::codes;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("header value"));
        }
        map
    }

    fn code<T>(result: Result<T, Refusal>) -> Result<T, (u16, &'static str)> {
        result.map_err(|refusal| (refusal.status, refusal.code))
    }

    #[test]
    fn x_application_must_be_present_and_known() {
        let identity = AppIdentity::default();
        assert_eq!(code(require_application(&headers(&[]), &identity)).err(), Some((400, codes::APPLICATION_MISSING)));
        let unknown = headers(&[(X_APPLICATION, "sage.other")]);
        assert_eq!(code(require_application(&unknown, &identity)).err(), Some((403, codes::APPLICATION_UNKNOWN)));
        let known = headers(&[(X_APPLICATION, &identity.product_id)]);
        assert_eq!(require_application(&known, &identity).ok(), Some(identity.product_id.clone()));
    }

    #[test]
    fn x_provider_must_be_the_configured_one() {
        let identity = AppIdentity::default();
        assert_eq!(code(require_provider(&headers(&[]), &identity)).err(), Some((403, codes::PROVIDER_UNKNOWN)));
        let wrong = headers(&[(X_PROVIDER, "someone.else")]);
        assert_eq!(code(require_provider(&wrong, &identity)).err(), Some((403, codes::PROVIDER_UNKNOWN)));
        assert!(require_provider(&headers(&[(X_PROVIDER, &identity.provider_id)]), &identity).is_ok());
    }

    #[test]
    fn a_signature_needs_its_nonce() {
        assert_eq!(signature_headers(&headers(&[(X_NONCE, "n")])), Ok(None));
        let lone = headers(&[(X_SIGNATURE, "sig")]);
        assert_eq!(code(signature_headers(&lone)).err(), Some((401, codes::SIGNATURE_MISSING)));
        assert_eq!(code(require_signature(&headers(&[]))).err(), Some((401, codes::SIGNATURE_MISSING)));
        let both = headers(&[(X_SIGNATURE, "sig"), (X_NONCE, "n")]);
        assert_eq!(require_signature(&both), Ok(SignatureHeaders { signature: "sig".into(), nonce: "n".into() }));
    }

    #[test]
    fn the_signed_url_is_rebuilt_from_host_path_and_query() {
        let uri: Uri = "/api/v1/accesstoken?b=2&a=1".parse().expect("uri");
        let url = request_url(Scheme::Http, &headers(&[("host", "127.0.0.1:8080")]), &uri).expect("url");
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/api/v1/accesstoken?b=2&a=1");
        assert_eq!(code(request_url(Scheme::Http, &headers(&[]), &uri)).err(), Some((400, codes::HEADER_MISSING)));
        let origin = origin(Scheme::Http, &headers(&[("host", "127.0.0.1:8080")])).expect("origin");
        assert_eq!(origin.as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn over_https_the_signed_url_and_the_origin_are_https() {
        let uri: Uri = "/api/v1/accesstoken?a=1".parse().expect("uri");
        let host = headers(&[("host", "localhost:8443")]);
        let url = request_url(Scheme::Https, &host, &uri).expect("url");
        assert_eq!(url.as_str(), "https://localhost:8443/api/v1/accesstoken?a=1");
        assert_eq!(origin(Scheme::Https, &host).expect("origin").as_str(), "https://localhost:8443/");
    }

    #[test]
    fn bearer_tokens_and_query_parameters_are_read() {
        assert_eq!(bearer(&headers(&[("authorization", "Bearer abc.def.ghi")])), Some("abc.def.ghi"));
        assert_eq!(bearer(&headers(&[("authorization", "Basic abc")])), None);
        assert_eq!(bearer(&headers(&[("authorization", "Bearer ")])), None);
        assert_eq!(bearer(&headers(&[])), None);
        let uri: Uri = "/banks?primaryCountry=GB%52&x=1".parse().expect("uri");
        assert_eq!(query_param(&uri, "primaryCountry").as_deref(), Some("GBR"));
        assert_eq!(query_param(&uri, "bankId"), None);
        let uri: Uri = "/x?ids=a%2Cb&other=1&ids=c".parse().expect("uri");
        assert_eq!(query_params(&uri, "ids"), ["a,b", "c"]);
        assert!(query_params(&uri, "none").is_empty());
    }

    #[test]
    fn query_parameter_names_match_whatever_their_case() {
        for query in ["bankId=b-1", "bankid=b-1", "BANKID=b-1", "BankId=b-1&web=true"] {
            let uri: Uri = format!("/indirectlinkaccount?{query}").parse().expect("uri");
            assert_eq!(query_param(&uri, "bankId").as_deref(), Some("b-1"), "{query}");
        }
        let uri: Uri = "/x?IDS=a&ids=b".parse().expect("uri");
        assert_eq!(query_params(&uri, "ids"), ["a", "b"]);
        let uri: Uri = "/x?bankIdx=b-1".parse().expect("uri");
        assert_eq!(query_param(&uri, "bankId"), None, "only the whole name matches");
    }
}
