//! Banks, linking and the consent page over real HTTP: the edges the world cannot see (the 302's `Location`, HTML
//! answers and their headers, query and bearer parsing, absolute URLs on the origin the client reached).

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode};

use super::*;
use crate::api::models::IndirectLink;

/// An onboarded organisation's JWT, and the organisation.
async fn session(client: &Client, endpoints: &Endpoints) -> (CreatedOrganisation, String) {
    let org = onboard(client, endpoints).await;
    let token: AccessToken =
        access_token(client, endpoints, &org, org.token.expose(), "nonce-link").await.json().await.expect("a JWT");
    (org, token.jwt.expose().to_owned())
}

/// A client that reads a 302 instead of following it, as the app's does.
fn no_redirects() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

fn link_url(endpoints: &Endpoints, org: &CreatedOrganisation, bank: &str) -> Url {
    url(
        &endpoints.banking,
        &format!(
            "organisations/{}/companies/{}/indirectlinkaccount?bankId={bank}&web=true",
            org.organisation_id, org.companies[0]
        ),
    )
}

#[tokio::test]
async fn indirect_link_answers_302_to_the_consent_page_which_decides_once() {
    let emulator = emulator().await;
    let (client, endpoints) = (no_redirects(), emulator.endpoints());
    let (org, jwt) = session(&client, &endpoints).await;
    let response = client
        .get(link_url(&endpoints, &org, "emulator-bank-gbr"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .bearer_auth(&jwt)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[LOCATION].to_str().expect("text").to_owned();
    let link: IndirectLink = response.json().await.expect("the JSON body");
    assert_eq!(location, link.redirect);

    let page = client.get(&link.redirect).send().await.expect("sent");
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()[CONTENT_TYPE].to_str().expect("text").starts_with("text/html"));
    let html = page.text().await.expect("HTML");
    for expected in ["<title>Emulator Bank: share an account</title>", "sandbox", "value=\"sandbox-user\"", "checked"] {
        assert!(html.contains(expected), "missing {expected} in {html}");
    }
    assert!(html.contains("value=\"approve\">Approve</button>") && html.contains("value=\"deny\">Deny</button>"));
    assert!(!html.contains("<script"));

    let post = |body: &'static str| {
        client.post(&link.redirect).header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(body).send()
    };
    let nothing = post("username=x").await.expect("sent");
    assert_eq!(nothing.status(), StatusCode::BAD_REQUEST);
    let approved = post("decision=approve&account=k").await.expect("sent").text().await.expect("HTML");
    assert!(approved.contains("is linked") && approved.contains("close this tab"), "{approved}");
    let again = post("decision=deny").await.expect("sent").text().await.expect("HTML");
    assert!(again.contains("already finished") && again.contains("is linked"), "{again}");
    let reopened = client.get(&link.redirect).send().await.expect("sent").text().await.expect("HTML");
    assert!(reopened.contains("already finished"), "{reopened}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_unknown_consent_is_an_html_404() {
    let emulator = emulator().await;
    let url = format!("http://{}/aggregator/consent/nope", emulator.local_addr());
    let response = Client::new().get(&url).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.text().await.expect("HTML").contains("Consent not found"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn banks_need_a_country_and_linking_needs_the_token_of_the_path() {
    let emulator = emulator().await;
    let (client, endpoints) = (Client::new(), emulator.endpoints());
    let response = client.get(url(&endpoints.banking, "banks")).header(X_APPLICATION, TEST_PRODUCT_ID).send().await;
    let (status, body) = refusal(response.expect("sent")).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::BAD_REQUEST, codes::INVALID_QUERY));
    assert!(body.message.contains("primaryCountry"), "{}", body.message);

    let (org, jwt) = session(&client, &endpoints).await;
    let unsigned = client.get(link_url(&endpoints, &org, "emulator-bank-gbr")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let (status, body) = refusal(unsigned.send().await.expect("sent")).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::UNAUTHORIZED, codes::TOKEN_INVALID));
    let other = CreatedOrganisation { organisation_id: "another-org".into(), ..org.clone() };
    let foreign = client.get(link_url(&endpoints, &other, "emulator-bank-gbr")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let (status, body) = refusal(foreign.bearer_auth(&jwt).send().await.expect("sent")).await;
    assert_eq!((status, body.code.as_str()), (StatusCode::NOT_FOUND, codes::NOT_FOUND));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_poll_route_with_a_changed_number_or_signature_is_403() {
    let emulator = emulator().await;
    let (client, endpoints) = (no_redirects(), emulator.endpoints());
    let (org, jwt) = session(&client, &endpoints).await;
    let redirecting =
        client.get(link_url(&endpoints, &org, "emulator-bank-gbr")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let link: IndirectLink = redirecting.bearer_auth(&jwt).send().await.expect("sent").json().await.expect("JSON");
    let route = link.poll_route.clone();
    for tampered in [route.replace("/1?sig=", "/2?sig="), route.replace("/1?sig=", "/x?sig="), format!("{route}x")] {
        let response = client.get(&tampered).header(X_APPLICATION, TEST_PRODUCT_ID).send().await.expect("sent");
        let (status, body) = refusal(response).await;
        assert_eq!((status, body.code.as_str()), (StatusCode::FORBIDDEN, codes::POLL_ROUTE_INVALID), "{tampered}");
    }
    let response = client.get(&route).header(X_APPLICATION, TEST_PRODUCT_ID).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::ACCEPTED, "the real route still works");
    emulator.shutdown().await;
}

#[tokio::test]
async fn linking_logs_paths_but_no_poll_signature_token_or_form() {
    let logs = LogCapture::start();
    let emulator = emulator().await;
    let (client, endpoints) = (no_redirects(), emulator.endpoints());
    let (org, jwt) = session(&client, &endpoints).await;
    let redirecting =
        client.get(link_url(&endpoints, &org, "emulator-bank-gbr")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let link: IndirectLink = redirecting.bearer_auth(&jwt).send().await.expect("sent").json().await.expect("JSON");
    let form = "username=sandbox-user&password=sandbox-password&account=k&decision=approve";
    let consent = client.post(&link.redirect).header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(form);
    assert_eq!(consent.send().await.expect("sent").status(), StatusCode::OK);
    let polled = client.get(&link.poll_route).header(X_APPLICATION, TEST_PRODUCT_ID).send().await.expect("sent");
    let finished: serde_json::Value = polled.json().await.expect("JSON");
    let mut body = finished["account"].clone();
    body["bankId"] = "emulator-bank-gbr".into();
    body["requestedStartDate"] = "2026-10-01T00:00:00Z".into();
    let accounts = url(
        &endpoints.banking,
        &format!("organisations/{}/companies/{}/bankaccounts", org.organisation_id, org.companies[0]),
    );
    let created = client.post(accounts).header(X_APPLICATION, TEST_PRODUCT_ID).bearer_auth(&jwt).json(&body).send();
    let created: serde_json::Value = created.await.expect("sent").json().await.expect("JSON");
    emulator.shutdown().await;

    let log = logs.text();
    assert!(log.contains("/api/v1/linkpolls/") && log.contains("/aggregator/consent/"), "{log}");
    let sig = link.poll_route.split_once("?sig=").map(|(_, sig)| sig).expect("signed");
    let token = created["clientAuthorisationToken"].as_str().expect("a token");
    for secret in [sig, token, &jwt, "sandbox-password", "decision=approve", "2026-10-01"] {
        assert!(!log.contains(secret), "the log shows {secret}: {log}");
    }
}

#[tokio::test]
async fn a_lower_case_bankid_starts_a_link_whose_poll_route_needs_no_header_at_all() {
    let emulator = emulator().await;
    let (client, endpoints) = (no_redirects(), emulator.endpoints());
    let (org, jwt) = session(&client, &endpoints).await;
    let lower_case = url(
        &endpoints.banking,
        &format!(
            "organisations/{}/companies/{}/indirectlinkaccount?bankid=emulator-bank-gbr&web=true",
            org.organisation_id, org.companies[0]
        ),
    );
    let response =
        client.get(lower_case).header(X_APPLICATION, TEST_PRODUCT_ID).bearer_auth(&jwt).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::FOUND, "query parameter names match whatever their case");
    let link: IndirectLink = response.json().await.expect("the JSON body");

    // A bare client: no application headers, no bearer token, nothing but what HTTP itself sends.
    let poll = Client::new().get(&link.poll_route).send().await.expect("sent");
    assert_eq!(poll.status(), StatusCode::ACCEPTED, "a poll route needs no header at all");
    emulator.shutdown().await;
}
