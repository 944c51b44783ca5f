//! The emulator over HTTPS (`start_tls`) on 127.0.0.1:0 with its own test authority: a client that trusts the
//! authority is answered, one that does not is refused in the handshake while the server goes on serving, and a whole
//! onboarding and link works over it (signatures over the `https://` URL, poll routes and the consent page handed out
//! on `https://`).

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode};

use super::*;
use crate::api::models::IndirectLink;
use crate::emulator::tls::{Tls, Trust};

/// An emulator over HTTPS, and the PEM of the authority its certificate is signed by.
async fn https_emulator() -> (EmulatorHandle, String) {
    let tls = Tls::own_authority("127.0.0.1".parse().expect("address"), jiff::Timestamp::now()).expect("made");
    let Trust::OwnAuthority { certificate_pem } = tls.trust().clone() else { panic!("its own authority: {tls:?}") };
    let config = EmulatorConfig { captcha_text: Some(ANSWER.into()), ..EmulatorConfig::default() };
    let emulator = start_tls("127.0.0.1:0".parse().expect("address"), config, &tls).await.expect("starts");
    (emulator, certificate_pem)
}

/// A client that trusts only the authority in `pem`, and reads a 302 instead of following it.
fn trusting(pem: &str) -> Client {
    let authority = reqwest::Certificate::from_pem(pem.as_bytes()).expect("a PEM certificate");
    Client::builder().tls_certs_only([authority]).redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

/// `error` and its sources, one after the other.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(" / ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[tokio::test]
async fn a_client_that_trusts_the_authority_is_answered_and_one_that_does_not_is_refused_while_the_server_goes_on() {
    let (emulator, authority) = https_emulator().await;
    let endpoints = emulator.endpoints();
    let port = emulator.local_addr().port();
    assert_eq!(endpoints.banking.as_str(), format!("https://127.0.0.1:{port}/api/v1/"));
    assert_eq!(endpoints.token_service.as_str(), format!("https://127.0.0.1:{port}/sts/api/v1/"));
    let trusted = trusting(&authority);
    let banks = || {
        trusted.get(url(&endpoints.banking, "banks?primaryCountry=GBR")).header(X_APPLICATION, TEST_PRODUCT_ID).send()
    };
    assert_eq!(banks().await.expect("answered over HTTPS").status(), StatusCode::OK);

    let (other, other_authority) = https_emulator().await;
    let refused = trusting(&other_authority)
        .get(url(&endpoints.banking, "banks?primaryCountry=GBR"))
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .send()
        .await
        .expect_err("a client that trusts another authority is refused");
    let why = chain(&refused);
    assert!(why.contains("invalid peer certificate") && why.contains("UnknownIssuer"), "{why}");
    let plain = Client::new().get(format!("http://127.0.0.1:{port}/api/v1/banks?primaryCountry=GBR")).send().await;
    assert!(plain.is_err(), "plain HTTP gets no answer from an HTTPS emulator: {plain:?}");

    assert_eq!(banks().await.expect("the server goes on").status(), StatusCode::OK);
    let fresh = trusting(&authority);
    let page = fresh.get(format!("https://localhost:{port}/aggregator/consent/nope")).send().await.expect("answered");
    assert_eq!(page.status(), StatusCode::NOT_FOUND, "on localhost too, with a new connection");
    other.shutdown().await;
    emulator.shutdown().await;
}

#[tokio::test]
async fn over_https_requests_are_signed_over_the_https_url_and_links_hand_out_https_routes() {
    let (emulator, authority) = https_emulator().await;
    let (client, endpoints) = (trusting(&authority), emulator.endpoints());
    let org = onboard(&client, &endpoints).await;
    let token = access_token(&client, &endpoints, &org, org.token.expose(), "nonce-https").await;
    assert_eq!(token.status(), StatusCode::OK, "the signature over https://… verifies");
    let token: AccessToken = token.json().await.expect("a JWT");

    let link = url(
        &endpoints.banking,
        &format!(
            "organisations/{}/companies/{}/indirectlinkaccount?bankId=emulator-bank-gbr&web=true",
            org.organisation_id, org.companies[0]
        ),
    );
    let response = client
        .get(link)
        .header(X_APPLICATION, TEST_PRODUCT_ID)
        .bearer_auth(token.jwt.expose())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[LOCATION].to_str().expect("text").to_owned();
    let link: IndirectLink = response.json().await.expect("the JSON body");
    let origin = format!("https://{}/", emulator.local_addr());
    assert_eq!(location, link.redirect);
    assert!(link.redirect.starts_with(&origin), "{}", link.redirect);
    assert!(link.poll_route.starts_with(&origin), "{}", link.poll_route);

    assert_eq!(client.get(&link.redirect).send().await.expect("sent").status(), StatusCode::OK);
    let approved = client
        .post(&link.redirect)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("decision=approve&account=k")
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("HTML");
    assert!(approved.contains("is linked"), "{approved}");
    let polled = client.get(&link.poll_route).send().await.expect("sent");
    assert_eq!(polled.status(), StatusCode::OK, "a poll route with no header at all, over HTTPS");
    emulator.shutdown().await;
}
