//! Hostile input over real HTTP: every route that takes a body or parameters fed malformed JSON, wrong types, missing
//! and unknown fields, an oversized body, invalid UTF-8, absurd query parameters and wrong headers, from one table.
//! Each must answer a 4xx with a JSON `code` and `message` (the consent page's form answers HTML), never a 5xx, and
//! the emulator must still answer a normal request afterwards.

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Client, Method, StatusCode};

use self::edges::{header_cases, query_cases};
use super::*;
use crate::api::models::IndirectLink;

mod edges;

/// One hostile request and what must come back.
struct Case {
    /// What the case tries, for the failure message.
    name: String,
    method: Method,
    url: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Vec<u8>>,
    /// The consent page answers HTML, not JSON.
    html: bool,
    /// The refusal's code when the case targets one check (a header), else any code.
    code: Option<&'static str>,
}

/// The parts of an onboarded organisation the cases need.
struct Target {
    banking: Url,
    token_service: Url,
    company: String,
    jwt: String,
    consent: String,
    admin: String,
}

/// A client that reads a 302 instead of following it, as the app's does.
fn no_redirects() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

fn header(name: &str, value: &[u8]) -> (HeaderName, HeaderValue) {
    (HeaderName::from_bytes(name.as_bytes()).expect("name"), HeaderValue::from_bytes(value).expect("value"))
}

/// Onboards an organisation, gets its JWT and opens a consent that stays undecided.
async fn target(emulator: &EmulatorHandle) -> Target {
    let (client, endpoints) = (no_redirects(), emulator.endpoints());
    let org = onboard(&client, &endpoints).await;
    let token: AccessToken =
        access_token(&client, &endpoints, &org, org.token.expose(), "nonce-h").await.json().await.expect("a JWT");
    let jwt = token.jwt.expose().to_owned();
    let company = format!("organisations/{}/companies/{}", org.organisation_id, org.companies[0]);
    let link_url = url(&endpoints.banking, &format!("{company}/indirectlinkaccount?bankId=emulator-bank-gbr&web=true"));
    let response =
        client.get(link_url).header(X_APPLICATION, TEST_PRODUCT_ID).bearer_auth(&jwt).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::FOUND);
    let link: IndirectLink = response.json().await.expect("the link");
    let admin = format!("http://{}{}/scenario", emulator.local_addr(), routes::ADMIN_PREFIX);
    Target {
        banking: endpoints.banking.clone(),
        token_service: endpoints.token_service.clone(),
        company,
        jwt,
        consent: link.redirect,
        admin,
    }
}

/// Bodies every JSON route must refuse, by name: `wrong` is the route's own body with a field of the wrong type.
fn bad_bodies(wrong: &str) -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let oversized = format!("{{\"x\":\"{}\"}}", "a".repeat(routes::BODY_LIMIT + 1));
    vec![
        ("empty", Vec::new()),
        ("invalid JSON", b"{not json".to_vec()),
        ("truncated JSON", b"{\"licenceDetails\": {\"serial\": \"AC".to_vec()),
        ("null", b"null".to_vec()),
        ("a number", b"42".to_vec()),
        ("a string", b"\"text\"".to_vec()),
        ("an array where an object is expected", b"[{\"a\": 1}]".to_vec()),
        ("missing required fields", b"{}".to_vec()),
        ("only unknown fields", b"{\"unknownField\": {\"nested\": [1, 2, 3]}}".to_vec()),
        ("wrong types", wrong.as_bytes().to_vec()),
        ("an absurd number", b"{\"version\": 1e999, \"requestedStartDate\": 1e999}".to_vec()),
        ("invalid UTF-8", b"{\"name\": \"\xff\xfe\xc3\x28\"}".to_vec()),
        ("control characters", b"{\"name\": \"\x00\x07\r\n\"}".to_vec()),
        ("10,000 levels of nesting", deep.into_bytes()),
        ("over the body limit", oversized.into_bytes()),
        ("binary", (0..=255u8).cycle().take(4096).collect()),
    ]
}

/// The routes with a body: (name, method, URL, the route's own body with wrong types, its headers, answers HTML).
type BodyRoute = (&'static str, Method, String, &'static str, Vec<(HeaderName, HeaderValue)>, bool);

fn body_routes(t: &Target) -> Vec<BodyRoute> {
    let app = header(X_APPLICATION, TEST_PRODUCT_ID.as_bytes());
    let bearer = header(AUTHORIZATION.as_str(), format!("Bearer {}", t.jwt).as_bytes());
    let provider = header(X_PROVIDER, TEST_PROVIDER_ID.as_bytes());
    let json = header(CONTENT_TYPE.as_str(), b"application/json");
    let form = header(CONTENT_TYPE.as_str(), b"application/x-www-form-urlencoded");
    let requests = [
        ("requestToken", url(&t.token_service, "requestToken"), vec![app.clone(), provider]),
        ("organisations", url(&t.banking, "organisations"), vec![app.clone()]),
        (
            "bankaccounts POST",
            url(&t.banking, &format!("{}/bankaccounts", t.company)),
            vec![app.clone(), bearer.clone()],
        ),
        (
            "linkavailablebankaccount",
            url(&t.banking, &format!("{}/linkavailablebankaccount", t.company)),
            vec![app, bearer],
        ),
    ];
    let wrong = [
        r#"{"licenceDetails": "ACTIVE", "version": "zero", "origin": 7}"#,
        r#"{"company": [], "crmId": 5, "user": "someone", "captcha": {"captchaId": 1, "answer": true}}"#,
        r#"{"bankId": 1, "accountName": ["a"], "accountKey": {}, "accountIdentifier": null}"#,
        r#"{"bankAccountCandidateId": 12, "requestedStartDate": "not a date"}"#,
    ];
    let mut routes: Vec<BodyRoute> = requests
        .into_iter()
        .zip(wrong)
        .map(|((name, url, mut headers), wrong)| {
            headers.push(json.clone());
            (name, Method::POST, url.to_string(), wrong, headers, false)
        })
        .collect();
    routes.push((
        "admin scenario PUT",
        Method::PUT,
        t.admin.clone(),
        r#"{"latencyMs": "slow", "licence": 3}"#,
        vec![json],
        false,
    ));
    routes.push(("consent POST", Method::POST, t.consent.clone(), "decision=", vec![form], true));
    routes
}

/// Every case of the table.
fn cases(t: &Target) -> Vec<Case> {
    let mut cases = Vec::new();
    for (route, method, url, wrong, headers, html) in body_routes(t) {
        for (what, body) in bad_bodies(wrong) {
            // Every scenario field is optional: `{}` is the normal scenario, rightly accepted.
            if route.starts_with("admin") && what == "missing required fields" {
                continue;
            }
            let (name, method, url, headers, body) =
                (format!("{route}: {what}"), method.clone(), url.clone(), headers.clone(), Some(body));
            cases.push(Case { name, method, url, headers, body, html, code: None });
        }
    }
    cases.extend(header_cases(t));
    cases.extend(query_cases(t));
    cases
}

/// Sends one case: its status when the answer is a proper refusal, else what was wrong.
async fn check(client: &Client, case: Case) -> Result<StatusCode, String> {
    let mut request = client.request(case.method, &case.url);
    for (name, value) in case.headers {
        request = request.header(name, value);
    }
    if let Some(body) = case.body {
        request = request.body(body);
    }
    let response = request.send().await.map_err(|error| format!("{}: not answered: {error}", case.name))?;
    let status = response.status();
    let text = response.text().await.map_err(|error| format!("{}: body unread: {error}", case.name))?;
    if !status.is_client_error() {
        return Err(format!("{}: {status} {text}", case.name));
    }
    if case.html {
        return if text.contains("<html") { Ok(status) } else { Err(format!("{}: not HTML: {text}", case.name)) };
    }
    let body: ErrorBody =
        serde_json::from_str(&text).map_err(|_| format!("{}: not a JSON error: {text}", case.name))?;
    if body.code.is_empty() || body.message.is_empty() || case.code.is_some_and(|code| code != body.code) {
        return Err(format!("{}: {status} {} {}", case.name, body.code, body.message));
    }
    Ok(status)
}

/// The emulator still serves an ordinary request.
async fn still_answers(client: &Client, t: &Target) -> bool {
    let banks = client.get(url(&t.banking, "banks?primaryCountry=GBR")).header(X_APPLICATION, TEST_PRODUCT_ID).send();
    banks.await.is_ok_and(|response| response.status() == StatusCode::OK)
}

#[tokio::test]
async fn every_malformed_request_is_a_4xx_with_a_code_and_the_emulator_keeps_serving() {
    let emulator = emulator().await;
    let target = target(&emulator).await;
    let client = no_redirects();
    let (mut sent, mut refused, mut failures) = (0, 0, Vec::new());
    for case in cases(&target) {
        let name = case.name.clone();
        sent += 1;
        match check(&client, case).await {
            Ok(_) => refused += 1,
            Err(failure) => failures.push(failure),
        }
        if !still_answers(&client, &target).await {
            failures.push(format!("{name}: the emulator no longer answers GET banks"));
        }
    }
    eprintln!("hostile requests: {sent} sent, {refused} answered 4xx as they should, {} failed", failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(sent > 100, "the table is not empty: {sent}");
    emulator.shutdown().await;
}
