//! What each concurrent session of the bench does over HTTP, through the typed `Client`: an onboarding
//! (`requestToken`, a captcha, POST organisation, an access token) and a link session (`indirectlinkaccount`, its
//! single-use poll routes polled every `pollPeriod`, the consent approved as a browser would after
//! [`POLLS_BEFORE_APPROVAL`] pending answers, then polled until linked). Each counts the requests it sent; the first
//! failure ends the session and is counted as its error.

use std::time::Duration;

use bankfeeds_onboard::api::Client;
use bankfeeds_onboard::api::assumed::{CaptchaSolution, LicenceDetails};
use bankfeeds_onboard::api::ids::{BankId, CompanyId, OrganisationId};
use bankfeeds_onboard::api::models::{Company, NewOrganisation, PollAnswer, User};
use bankfeeds_onboard::api::redacted::{CaptchaAnswer, Jwt};
use url::Url;

/// Every captcha's answer (`--captcha-text`), so the sessions can onboard.
pub const CAPTCHA_TEXT: &str = "BENCH";
/// The bank every link is made at: pending until its consent is approved, then linked at the next poll.
const BANK: &str = "emulator-bank-gbr";
/// How many 202 answers a link session reads before the person presses Approve.
pub const POLLS_BEFORE_APPROVAL: usize = 3;
/// The most polls a link session sends before it gives up and counts an error.
const MOST_POLLS: usize = 100;

/// An onboarded organisation's first company, with a live access token.
pub struct Onboarded {
    organisation: OrganisationId,
    company: CompanyId,
    token: Jwt,
}

/// How one session ended: the requests it sent and, when it failed, why.
pub struct Ending<T> {
    /// Requests sent, whether answered as hoped or not.
    pub requests: usize,
    /// What the session produced, or the failure that ended it.
    pub result: Result<T, String>,
}

/// One onboarding, numbered `index`: licence `ACTIVE`, a captcha, POST organisation, `GET accesstoken`.
pub async fn onboard(client: &Client, index: usize) -> Ending<Onboarded> {
    let mut requests = 0;
    let result = async {
        let licence = LicenceDetails::with_serial("ACTIVE");
        requests += 1;
        client.request_token(&licence).await.map_err(|error| format!("requestToken: {error}"))?;
        requests += 1;
        let captcha = client.captcha().await.map_err(|error| format!("captcha: {error}"))?;
        let body = NewOrganisation {
            company: Company {
                name: format!("Bench {index} Ltd"),
                postal_code: "NE13 9AA".into(),
                standard_industrial_code: "62012".into(),
                vat_number: "GB123456789".into(),
                language_code: "en-GB".into(),
            },
            crm_id: format!("bench-{index}"),
            user: User { email_address: format!("bench{index}@example.test"), identity: "1001".into() },
            licence_details: Some(licence),
            captcha: Some(CaptchaSolution { captcha_id: captcha.captcha_id, answer: CaptchaAnswer::new(CAPTCHA_TEXT) }),
        };
        requests += 1;
        let created =
            client.create_organisation(&body, None).await.map_err(|error| format!("POST organisation: {error}"))?;
        let (organisation, company) = (created.organisation_id, created.companies[0].clone());
        requests += 1;
        let token = client.access_token(&organisation, &company, &created.token).await;
        let token = token.map_err(|error| format!("accesstoken: {error}"))?.jwt;
        Ok(Onboarded { organisation, company, token })
    }
    .await;
    Ending { requests, result }
}

/// One link session for `at`: `indirectlinkaccount`, polls every `pollPeriod` (each on the route the last answer
/// gave), Approve on the consent page after [`POLLS_BEFORE_APPROVAL`] pending answers, then polls until linked.
pub async fn link(client: &Client, browser: &reqwest::Client, at: &Onboarded) -> Ending<()> {
    let mut requests = 0;
    let result = async {
        requests += 1;
        let link = client.indirect_link(&at.organisation, &at.company, &BankId::from(BANK), &at.token).await;
        let link = link.map_err(|error| format!("indirectlinkaccount: {error}"))?;
        let mut route = link.poll_route;
        for poll in 0..MOST_POLLS {
            requests += 1;
            let url = Url::parse(&route).map_err(|error| format!("a poll route: {error}"))?;
            match client.poll(&url).await.map_err(|error| format!("poll: {error}"))? {
                PollAnswer::Linked(_) => return Ok(()),
                PollAnswer::NotLinked | PollAnswer::Expired => return Err("the link ended not linked".to_owned()),
                PollAnswer::Pending(next) => {
                    if poll + 1 == POLLS_BEFORE_APPROVAL {
                        requests += 1;
                        approve(browser, &link.redirect).await?;
                    }
                    tokio::time::sleep(Duration::from_millis(next.poll_period)).await;
                    route = next.poll_route;
                }
            }
        }
        Err(format!("still pending after {MOST_POLLS} polls"))
    }
    .await;
    Ending { requests, result }
}

/// Presses Approve on the consent page at `redirect` (sharing the ticked account), as `approve_consent` does.
async fn approve(browser: &reqwest::Client, redirect: &str) -> Result<(), String> {
    let response = browser
        .post(redirect)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("decision=approve&account=ticked")
        .send()
        .await
        .map_err(|error| format!("the consent page: {error}"))?;
    match response.status().as_u16() {
        200 => Ok(()),
        status => Err(format!("the consent page answered {status}")),
    }
}
