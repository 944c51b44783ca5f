//! A world saved mid-story and restored, with a seeded RNG and a fake clock: it answers as before (statuses, the
//! candidate listing, stale candidate IDs, the newest poll route once, the organisationLimit), signs only for the keys
//! given back, and nothing it saved is a key or a token.

use std::time::Duration;

use rand::SeedableRng;
use url::Url;

use super::*;
use crate::api::assumed::{CaptchaSolution, LicenceDetails, TokenRequest, codes};
use crate::api::models::{AvailableAccounts, BankAccountStatus, Company, CreatedOrganisation, NewOrganisation, User};
use crate::api::redacted::CaptchaAnswer;
use crate::api::signing::SignedParts;
use crate::config::{Profile, TEST_PRODUCT_ID};
use crate::emulator::auth::SignedRequest;
use crate::emulator::fixtures::ACTIVE;
use crate::emulator::jwt::Claims;
use crate::emulator::refusal::Refusal;
use crate::emulator::world::{Caller, Decision, ListingQuery, PollReply};

const ANSWER: &str = "K7PXR";
const BANK: &str = "emulator-bank-gbr";

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn config() -> EmulatorConfig {
    EmulatorConfig {
        profile: Profile::Production,
        captcha_text: Some(ANSWER.to_owned()),
        activation_delay: Duration::from_secs(5),
        refresh_candidates_after_links: Some(1),
        ..EmulatorConfig::default()
    }
}

fn code<T: std::fmt::Debug>(result: Result<T, Refusal>) -> (u16, &'static str) {
    let refusal = result.expect_err("refused");
    (refusal.status, refusal.code)
}

/// Requests a token for `ACTIVE`, answers a captcha and creates an organisation.
fn onboard(world: &mut World, now: Timestamp) -> Result<CreatedOrganisation, Refusal> {
    let request = TokenRequest { licence_details: LicenceDetails::with_serial(ACTIVE), version: 0, origin: "x".into() };
    world.request_token(TEST_PRODUCT_ID, &request, now)?;
    let captcha = world.issue_captcha(now);
    let body = NewOrganisation {
        company: Company { name: "Acme".into(), ..Company::default() },
        crm_id: "crm-1".into(),
        user: User::default(),
        licence_details: Some(LicenceDetails::with_serial(ACTIVE)),
        captcha: Some(CaptchaSolution { captcha_id: captcha.id, answer: CaptchaAnswer::new(ANSWER) }),
    };
    world.create_organisation(TEST_PRODUCT_ID, &body, Caller::Desktop, now)
}

/// `GET accesstoken` for `org`, signed with `key`.
fn access_token(
    world: &mut World,
    org: &CreatedOrganisation,
    key: &SigningKey,
    nonce: &str,
) -> Result<Claims, Refusal> {
    let url = Url::parse("http://127.0.0.1/api/v1/accesstoken").expect("URL");
    let parts = SignedParts { method: "GET", url: &url, body: b"", nonce };
    let signature = parts.signature(key).expect("signs");
    let request =
        SignedRequest { parts: SignedParts { method: "GET", url: &url, body: b"", nonce }, signature: &signature };
    let jwt = world.access_token(TEST_PRODUCT_ID, &org.organisation_id, &org.companies[0], &request, at(50))?;
    world.verify_bearer(jwt.jwt.expose(), at(50))
}

/// A route's link ID, number and secret.
fn parts(route: &str) -> (String, u32, String) {
    let rest = route.strip_prefix("/api/v1/linkpolls/").expect("a poll route");
    let (path, sig) = rest.split_once("?sig=").expect("signed");
    let (link, n) = path.split_once('/').expect("link/n");
    (link.to_owned(), n.parse().expect("a number"), sig.to_owned())
}

fn poll(world: &mut World, route: &str, now: Timestamp) -> Result<PollReply, Refusal> {
    let (link, n, sig) = parts(route);
    world.poll(&link, n, Some(&sig), now)
}

fn list(world: &mut World, claims: &Claims, first: &str) -> AvailableAccounts {
    let query = ListingQuery { bank_account_ids: vec![first.to_owned()], filter_connected: false };
    world.available_bank_accounts(claims, &query).expect("listed")
}

/// The story saved: an organisation, a first account made `authRequired`, its candidates listed, one linked (which
/// refreshed the others' IDs), and a link polled once whose consent is still open.
struct Story {
    org: CreatedOrganisation,
    claims: Claims,
    first: String,
    stale: CandidateId,
    route: String,
    used_route: String,
    link: String,
}

fn story(world: &mut World) -> Story {
    let org = onboard(world, at(0)).expect("onboarded");
    let claims = access_token(world, &org, &org.token, "nonce-1").expect("a token");
    let body = serde_json::json!({
        "bankId": BANK, "accountName": "Business current account", "accountKey": "first-key",
        "accountIdentifier": "12345678", "bankIdentifier": "40-47-84", "accountType": "checking",
        "defaultCurrency": "GBP", "requestedStartDate": "2026-10-01T00:00:00Z"
    });
    let first = world.create_bank_account(&claims, &serde_json::to_vec(&body).expect("JSON"), at(1));
    let first = first.expect("created").bank_account_id.0;
    let listed = list(world, &claims, &first);
    let candidate = listed.available_accounts[1].bank_account_candidate_id.clone();
    let stale = listed.available_accounts[2].bank_account_candidate_id.clone();
    let body = serde_json::json!({ "bankAccountCandidateId": candidate });
    world.link_available_bank_account(&claims, &serde_json::to_vec(&body).expect("JSON"), at(2)).expect("linked");
    world.require_auth(&first, "MFA", at(20)).expect("authRequired");
    let started = world.indirect_link(&claims, Some(BANK), at(30)).expect("started");
    let Ok(PollReply::Pending(route)) = poll(world, &started.poll_route, at(31)) else { panic!("a 202") };
    let link = started.consent_path.rsplit('/').next().expect("an ID").to_owned();
    Story { org, claims, first, stale, route, used_route: started.poll_route, link }
}

/// `world` saved as JSON text and restored with `keys`.
fn restart(world: &World, keys: &HashMap<OrganisationId, SigningKey>) -> (World, String) {
    let text = serde_json::to_string(&world.snapshot()).expect("serialises");
    let snapshot: WorldSnapshot = serde_json::from_str(&text).expect("parses");
    let (restored, summary) = World::restore(config(), StdRng::seed_from_u64(99), snapshot, keys);
    assert_eq!((summary.organisations, summary.bank_accounts, summary.links), (1, 2, 1));
    assert_eq!(summary.keyless, usize::from(keys.is_empty()));
    (restored, text)
}

#[test]
fn a_restored_world_answers_as_before() {
    let mut world = World::new(config(), StdRng::seed_from_u64(7));
    let story = story(&mut world);
    let keys = HashMap::from([(story.org.organisation_id.clone(), story.org.token.clone())]);
    let (mut restored, text) = restart(&world, &keys);
    assert_eq!(serde_json::to_string(&restored.snapshot()).expect("serialises"), text, "the same durable world");

    let now = at(40);
    let before = world.bank_accounts(&story.claims, now);
    let after = restored.bank_accounts(&story.claims, now);
    let statuses = |accounts: &[crate::api::models::BankAccount]| {
        accounts
            .iter()
            .map(|a| (a.bank_account_id.clone(), a.status.clone(), a.status_reason.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses(&after), statuses(&before));
    assert!(after.iter().all(|account| account.status == BankAccountStatus::AuthRequired), "{after:?}");
    assert!(after.iter().all(|account| account.client_authorisation_token.is_some()), "a fresh token each");
    assert_eq!(list(&mut restored, &story.claims, &story.first), list(&mut world, &story.claims, &story.first));
    let body = serde_json::to_vec(&serde_json::json!({ "bankAccountCandidateId": story.stale })).expect("JSON");
    let stale = restored.link_available_bank_account(&story.claims, &body, now).expect_err("stale");
    assert!(stale.status == 404 && stale.message.contains("replaced"), "known as replaced: {stale:?}");

    // The link whose consent was open: approved after the restart, polled on the route handed out before it, once.
    assert_eq!(code(poll(&mut restored, &story.used_route, now)), (410, codes::POLL_ROUTE_USED));
    assert!(restored.decide(&story.link, Decision::Approve { share: true }, now).is_some_and(|(_, fresh)| fresh));
    assert_matches!(poll(&mut restored, &story.route, now), Ok(PollReply::Finished(finished)) if finished.success);
    assert_eq!(code(poll(&mut restored, &story.route, now)), (410, codes::POLL_ROUTE_USED));

    // The organisation still counts toward production's limit of one, and its key still signs.
    assert_eq!(code(onboard(&mut restored, now)), (409, codes::ORGANISATION_LIMIT));
    assert!(access_token(&mut restored, &story.org, &story.org.token, "nonce-2").is_ok());
}

#[test]
fn tokens_issued_before_and_keys_not_given_back_do_not_work() {
    let mut world = World::new(config(), StdRng::seed_from_u64(7));
    let story = story(&mut world);
    let old = crate::emulator::jwt::issue(&world.jwt_key, &story.claims);
    let (mut restored, text) = restart(&world, &HashMap::new());
    assert_eq!(code(restored.verify_bearer(old.expose(), at(40))), (401, codes::TOKEN_INVALID));
    let refusal = access_token(&mut restored, &story.org, &story.org.token, "nonce-2").expect_err("no key");
    assert_eq!((refusal.status, refusal.code), (401, codes::SIGNATURE_INVALID));
    assert_eq!(code(onboard(&mut restored, at(40))), (409, codes::ORGANISATION_LIMIT), "it still counts");
    assert!(!text.contains(story.org.token.expose()), "the customer key is not saved");
    assert!(!text.contains(old.expose()), "no token is saved");
    assert!(!text.contains(&parts(&story.route).2), "no poll route secret is saved");
}
