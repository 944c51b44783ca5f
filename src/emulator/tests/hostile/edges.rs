//! The hostile table's edges: wrong headers, each aimed at the check that must refuse it, and absurd query
//! parameters and path segments (10,000 characters, 1,000 IDs, control and bidirectional characters, broken
//! percent-encoding) on the routes that read them.

use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::{Case, Target, header};
use crate::api::assumed::codes;
use crate::api::headers::{X_APPLICATION, X_NONCE, X_SIGNATURE};
use crate::config::TEST_PRODUCT_ID;
use crate::emulator::tests::url;

/// Wrong headers, each aimed at the check that must refuse it.
pub(super) fn header_cases(t: &Target) -> Vec<Case> {
    let app = header(X_APPLICATION, TEST_PRODUCT_ID.as_bytes());
    let long = "n".repeat(10_000);
    let organisations = url(&t.banking, "organisations").to_string();
    let accounts = url(&t.banking, &format!("{}/bankaccounts", t.company)).to_string();
    let case = |name: &str, url: &str, headers: Vec<(HeaderName, HeaderValue)>, code| Case {
        name: name.to_owned(),
        method: Method::POST,
        url: url.to_owned(),
        headers,
        body: Some(b"{}".to_vec()),
        html: false,
        code: Some(code),
    };
    vec![
        case("organisations: no X-Application", &organisations, vec![], codes::APPLICATION_MISSING),
        case(
            "organisations: X-Application of 10,000 characters",
            &organisations,
            vec![header(X_APPLICATION, long.as_bytes())],
            codes::APPLICATION_UNKNOWN,
        ),
        case(
            "organisations: X-Application not ASCII",
            &organisations,
            vec![header(X_APPLICATION, b"sage.\xe2\x80\xae\xff")],
            codes::APPLICATION_UNKNOWN,
        ),
        case(
            "organisations: garbage X-Signature",
            &organisations,
            vec![app.clone(), header(X_SIGNATURE, b"!!not base64!!"), header(X_NONCE, b"n-1")],
            codes::SIGNATURE_INVALID,
        ),
        case(
            "organisations: X-Nonce of 10,000 characters",
            &organisations,
            vec![app.clone(), header(X_SIGNATURE, b"AAAAAAAAAAAAAAAAAAAAAAAAAAA="), header(X_NONCE, long.as_bytes())],
            codes::NONCE_INVALID,
        ),
        case(
            "organisations: X-Signature without X-Nonce",
            &organisations,
            vec![app.clone(), header(X_SIGNATURE, b"AAAAAAAAAAAAAAAAAAAAAAAAAAA=")],
            codes::SIGNATURE_MISSING,
        ),
        case("bankaccounts: no X-Application", &accounts, vec![], codes::APPLICATION_MISSING),
        case("bankaccounts: no bearer", &accounts, vec![app.clone()], codes::TOKEN_INVALID),
        case(
            "bankaccounts: garbage bearer",
            &accounts,
            vec![app.clone(), header(AUTHORIZATION.as_str(), format!("Bearer {long}").as_bytes())],
            codes::TOKEN_INVALID,
        ),
        case(
            "requestToken: no X-Application",
            url(&t.token_service, "requestToken").as_str(),
            vec![],
            codes::APPLICATION_MISSING,
        ),
        case(
            "requestToken: no x-provider",
            url(&t.token_service, "requestToken").as_str(),
            vec![app],
            codes::PROVIDER_UNKNOWN,
        ),
    ]
}

/// Absurd query parameters and path segments on the routes that read them.
pub(super) fn query_cases(t: &Target) -> Vec<Case> {
    let app = header(X_APPLICATION, TEST_PRODUCT_ID.as_bytes());
    let bearer = header(AUTHORIZATION.as_str(), format!("Bearer {}", t.jwt).as_bytes());
    let long = "x".repeat(10_000);
    let thousand = (0..1_000).map(|i| format!("ba-{i}")).collect::<Vec<_>>().join(",");
    let available = url(&t.banking, &format!("{}/availablebankaccounts", t.company)).to_string();
    let link = url(&t.banking, &format!("{}/indirectlinkaccount", t.company)).to_string();
    let weird = ["%00%07%0D%0A", "%E2%80%AE%F0%9F%92%A5e%CC%81", "%FF%FE%C3%28", "%", "%%%", "a=b=c&&&="];
    let mut queries: Vec<(String, String, Option<&'static str>)> = vec![
        (format!("{available}?bankAccountIds={thousand}"), "1,000 bankAccountIds".into(), None),
        (format!("{available}?bankAccountIds={long}"), "a 10,000-character ID".into(), None),
        (format!("{available}?bankAccountIds=a&filterConnected={long}"), "filterConnected of 10,000".into(), None),
        (format!("{link}?bankId={long}&web=true"), "bankId of 10,000 characters".into(), None),
        (format!("{link}?web=true"), "no bankId".into(), None),
        (url(&t.banking, &format!("banks/{long}")).to_string(), "bank ID of 10,000 characters".into(), None),
        (url(&t.banking, "banks?primaryCountry=%20%0A%09").to_string(), "a blank country".into(), None),
        (url(&t.banking, "banks").to_string(), "no country".into(), Some(codes::INVALID_QUERY)),
    ];
    for value in weird {
        queries.push((format!("{available}?bankAccountIds={value}&filterConnected={value}"), value.into(), None));
        queries.push((format!("{link}?bankId={value}&web={value}"), value.into(), None));
    }
    queries
        .into_iter()
        .map(|(url, what, code)| Case {
            name: format!(
                "GET {}: {what}",
                url.split('?').next().unwrap_or_default().rsplit('/').next().unwrap_or_default()
            ),
            method: Method::GET,
            url,
            headers: vec![app.clone(), bearer.clone()],
            body: None,
            html: false,
            code,
        })
        .collect()
}
