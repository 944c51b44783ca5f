//! Every route of CONTRACT §5–§7 called as the contract's text says, over real HTTP: only the headers it lists for the
//! route (`X-Application` on every call, a bearer token on organisation-scoped ones, nothing at all on a poll route),
//! the documented spelling of names, and the status and fields it promises. The contract's words are quoted beside
//! each call, so a change on either side shows here.

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Client, Response, StatusCode};
use serde_json::{Value, json};

use super::*;

/// The emulator for this walk: accounts active at once, so every section can be reached in one walk.
async fn contract_emulator() -> EmulatorHandle {
    let config = EmulatorConfig {
        captcha_text: Some(ANSWER.into()),
        activation_delay: Duration::ZERO,
        poll_period: Duration::from_millis(50),
        ..EmulatorConfig::default()
    };
    start("127.0.0.1:0".parse().expect("address"), config).await.expect("starts")
}

/// A client that reads a 302 instead of following it ("The client must not follow the redirect: it reads the body").
fn reading_redirects() -> Client {
    Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("a client")
}

/// The status and the JSON body of an answer.
async fn answered(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The fields `body` must have, by name.
fn assert_fields(body: &Value, fields: &[&str], what: &str) {
    for field in fields {
        assert!(body.get(field).is_some(), "{what} has no `{field}`: {body}");
    }
}

/// An onboarded organisation's calls, with the headers §2 lists for organisation-scoped ones.
struct Walk {
    client: Client,
    endpoints: Endpoints,
    org: CreatedOrganisation,
    bearer: String,
}

impl Walk {
    /// `path` under the organisation's company.
    fn scoped(&self, path: &str) -> Url {
        let (org, company) = (&self.org.organisation_id, &self.org.companies[0]);
        url(&self.endpoints.banking, &format!("organisations/{org}/companies/{company}/{path}"))
    }

    /// A bearer call: `X-Application` and `Authorization: Bearer`, nothing else.
    async fn call(&self, request: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let request = request.header(X_APPLICATION, TEST_PRODUCT_ID).header(AUTHORIZATION, &self.bearer);
        answered(request.send().await.expect("sent")).await
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.call(self.client.get(self.scoped(path))).await
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.call(self.client.post(self.scoped(path)).json(body)).await
    }
}

#[tokio::test]
async fn every_route_of_sections_5_to_7_answers_as_the_contract_says_to_the_headers_it_lists() {
    let emulator = contract_emulator().await;
    let (client, endpoints) = (reading_redirects(), emulator.endpoints());
    banks(&client, &endpoints).await;
    let org = onboard(&client, &endpoints).await;
    let token: AccessToken =
        access_token(&client, &endpoints, &org, org.token.expose(), "nonce-contract").await.json().await.expect("JWT");
    let walk = Walk { client, endpoints, org, bearer: format!("Bearer {}", token.jwt.expose()) };
    let account = link_and_poll(&walk).await;
    let id = create_and_read(&walk, &account).await;
    reauthorise_active(&walk, &id).await;
    link_a_candidate(&walk, &id).await;
    emulator.shutdown().await;
}

/// §5: "`GET {base}/banks?primaryCountry=GBR` (only `X-Application`): a JSON array of banks." and
/// "`GET {base}/banks/{bankId}`."
async fn banks(client: &Client, endpoints: &Endpoints) {
    let list = client.get(url(&endpoints.banking, "banks?primaryCountry=GBR")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let (status, banks) = answered(list.send().await.expect("sent")).await;
    assert_eq!(status, StatusCode::OK);
    let bank = banks.as_array().and_then(|banks| banks.first()).expect("a JSON array of banks").clone();
    assert_fields(&bank, &["bankId", "name", "primaryCountry", "dataProvider", "accountTypes", "status"], "a bank");
    let one = client.get(url(&endpoints.banking, "banks/emulator-bank-gbr")).header(X_APPLICATION, TEST_PRODUCT_ID);
    let (status, one) = answered(one.send().await.expect("sent")).await;
    assert_eq!((status, one["bankId"].as_str()), (StatusCode::OK, Some("emulator-bank-gbr")));
}

/// §6.1–§6.3: the link's 302 and its body, the consent approved, then the poll route followed with no header at all
/// to the linked account, which it returns.
async fn link_and_poll(walk: &Walk) -> Value {
    // "Answers **302**; with `web=true` the body is `{"redirect": "https://...", "pollRoute": "https://...",
    // "pollPeriod": 5000}`. The client must not follow the redirect: it reads the body."
    let (status, link) = walk.get("indirectlinkaccount?bankId=emulator-bank-gbr&web=true").await;
    assert_eq!(status, StatusCode::FOUND);
    assert_fields(&link, &["redirect", "pollRoute", "pollPeriod"], "the link's 302 body");
    let consent = link["redirect"].as_str().expect("redirect");
    let approve = walk.client.post(consent).header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    assert!(approve.body("decision=approve&account=x").send().await.expect("sent").status().is_success());
    // "polls `pollRoute`, a signed URL that can be used **once** (no auth headers needed)": 202 with a new route, or
    // 200 `{"account": {...}, "success": true}`.
    let mut route = link["pollRoute"].as_str().expect("pollRoute").to_owned();
    let linked = loop {
        let (status, body) = answered(Client::new().get(&route).send().await.expect("sent")).await;
        match status {
            StatusCode::ACCEPTED => {
                assert_fields(&body, &["pollRoute", "pollPeriod"], "a 202");
                route = body["pollRoute"].as_str().expect("a new route").to_owned();
            }
            StatusCode::OK => break body,
            other => panic!("a poll answered {other}: {body}"),
        }
    };
    assert_eq!(linked["success"], json!(true), "{linked}");
    assert_fields(&linked["account"], &["accountName", "accountKey", "accountIdentifier"], "the linked account");
    linked["account"].clone()
}

/// §6.4–§6.5 and §8: the bank account created (201, `pending`, the object's fields), then read `active`; its ID.
async fn create_and_read(walk: &Walk, account: &Value) -> String {
    let body = json!({
        "bankId": "emulator-bank-gbr", "accountName": account["accountName"], "accountKey": account["accountKey"],
        "accountIdentifier": account["accountIdentifier"], "bankIdentifier": "EMUL", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-01-01T00:00:00Z",
    });
    let (status, created) = walk.post("bankaccounts", &body).await;
    assert_eq!((status, created["status"].as_str()), (StatusCode::CREATED, Some("pending")), "{created}");
    let fields = ["bankAccountId", "bankId", "accountKey", "accountName", "status", "defaultCurrency"];
    assert_fields(&created, &fields, "a bank account");
    let id = created["bankAccountId"].as_str().expect("bankAccountId").to_owned();
    // "`GET .../bankaccounts/{bankAccountId}` shows `status`: `pending` → `active` once data flows".
    let (status, read) = walk.get(&format!("bankaccounts/{id}")).await;
    assert_eq!((status, read["status"].as_str()), (StatusCode::OK, Some("active")), "{read}");
    id
}

/// §6, re-authorisation: "`GET .../bankaccounts/{bankAccountId}/indirectauth?web=true` answers 302 with
/// `{"redirect": ...}`", "also … on an `active` account".
async fn reauthorise_active(walk: &Walk, id: &str) {
    let (status, reauth) = walk.get(&format!("bankaccounts/{id}/indirectauth?web=true")).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_fields(&reauth, &["redirect"], "the re-authorisation's 302 body");
}

/// §7: the candidates listed (asked again while `refreshing`), then one linked (201 with a bank account object).
async fn link_a_candidate(walk: &Walk, id: &str) {
    let listing = loop {
        let (status, listing) =
            walk.get(&format!("availablebankaccounts?bankAccountIds={id}&filterConnected=true")).await;
        assert_eq!(status, StatusCode::OK, "{listing}");
        assert_fields(&listing, &["refreshing", "availableAccounts"], "a listing");
        if listing["refreshing"] == json!(false) {
            break listing;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let candidate = listing["availableAccounts"].as_array().and_then(|c| c.first()).expect("a candidate").clone();
    assert_fields(
        &candidate,
        &["bankAccountCandidateId", "accountKey", "accountIdentifier", "metadata"],
        "a candidate",
    );
    let body = json!({
        "bankAccountCandidateId": candidate["bankAccountCandidateId"], "requestedStartDate": "2026-01-01T00:00:00Z",
    });
    let (status, linked) = walk.post("linkavailablebankaccount", &body).await;
    assert_eq!(status, StatusCode::CREATED, "{linked}");
    assert_fields(&linked, &["bankAccountId", "status"], "the candidate's bank account");
}
