//! Every onboarding rule of the world, replayed with a seeded RNG and a fake clock.

use rand::SeedableRng;
use url::Url;

use super::*;
use crate::api::assumed::{CaptchaSolution, codes};
use crate::api::models::{Company, User};
use crate::api::signing::SignedParts;
use crate::config::Profile;
use crate::emulator::fixtures::{ACTIVE, LIMIT_REACHED, NOT_A_CUSTOMER, STS_DOWN};

const PRODUCT: &str = crate::config::TEST_PRODUCT_ID;
const ANSWER: &str = "K7PXR";
const APP_KEY: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("valid time")
}

fn world(profile: Profile) -> World {
    let config = EmulatorConfig {
        profile,
        captcha_text: Some(ANSWER.to_owned()),
        captcha_lifetime: Duration::from_mins(5),
        jwt_lifetime: Duration::from_mins(1),
        token_request_lifetime: Duration::from_hours(1),
        application_key: SigningKey::new(APP_KEY),
        ..EmulatorConfig::default()
    };
    World::new(config, StdRng::seed_from_u64(42))
}

fn token_request(serial: &str) -> TokenRequest {
    TokenRequest { licence_details: LicenceDetails::with_serial(serial), version: 0, origin: "Desktop".into() }
}

fn organisation(serial: Option<&str>, captcha: Option<(&CaptchaId, &str)>) -> NewOrganisation {
    NewOrganisation {
        company: Company { name: "TestCompany".into(), ..Company::default() },
        crm_id: "crm-1".into(),
        user: User::default(),
        licence_details: serial.map(LicenceDetails::with_serial),
        captcha: captcha
            .map(|(id, answer)| CaptchaSolution { captcha_id: id.clone(), answer: CaptchaAnswer::new(answer) }),
    }
}

/// Requests a token for `serial`, answers a fresh captcha rightly and creates an organisation.
fn onboard(world: &mut World, serial: &str, now: Timestamp) -> Result<CreatedOrganisation, Refusal> {
    world.request_token(PRODUCT, &token_request(serial), now)?;
    let captcha = world.issue_captcha(now);
    world.create_organisation(PRODUCT, &organisation(Some(serial), Some((&captcha.id, ANSWER))), Caller::Desktop, now)
}

fn code<T>(result: Result<T, Refusal>) -> Result<T, (u16, &'static str)> {
    result.map_err(|refusal| (refusal.status, refusal.code))
}

fn signed_call<T>(
    key: &str,
    method: &str,
    url: &str,
    body: &[u8],
    nonce: &str,
    call: impl FnOnce(&SignedRequest<'_>) -> T,
) -> T {
    let url = Url::parse(url).expect("URL");
    let signature = SignedParts { method, url: &url, body, nonce }.signature(&SigningKey::new(key)).expect("signs");
    call(&SignedRequest { parts: SignedParts { method, url: &url, body, nonce }, signature: &signature })
}

#[test]
fn request_token_answers_an_id_and_an_expiry_an_hour_later() {
    let mut world = world(Profile::Qa);
    let accepted = world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    assert_eq!(accepted.expires_at, at(3_600));
    assert_eq!(accepted.request_id.as_str().len(), 36);
}

#[test]
fn request_token_needs_a_serial_and_sts_down_is_a_503() {
    let mut world = world(Profile::Qa);
    let no_serial = TokenRequest { licence_details: LicenceDetails::default(), ..token_request(ACTIVE) };
    assert_eq!(code(world.request_token(PRODUCT, &no_serial, at(0))).err(), Some((400, codes::INVALID_BODY)));
    assert_eq!(
        code(world.request_token(PRODUCT, &token_request(STS_DOWN), at(0))).err(),
        Some((503, codes::INJECTED_FAULT))
    );
    assert_eq!(code(onboard(&mut world, STS_DOWN, at(1))).err(), Some((503, codes::INJECTED_FAULT)));
}

#[test]
fn captcha_answer_is_the_configured_text_or_random() {
    let mut fixed = world(Profile::Qa);
    let captcha = fixed.issue_captcha(at(0));
    assert_eq!(captcha.answer.expose(), ANSWER);
    assert_eq!(captcha.expires_at, at(300));

    let config = EmulatorConfig { captcha_text: None, ..EmulatorConfig::default() };
    let mut random = World::new(config, StdRng::seed_from_u64(1));
    let first = random.issue_captcha(at(0));
    let second = random.issue_captcha(at(0));
    assert_eq!(first.answer.expose().len(), 5);
    assert_ne!(first.answer, second.answer);
    assert_ne!(first.id, second.id);
}

#[test]
fn a_valid_customer_gets_an_organisation_a_company_and_a_hex_key() {
    let mut world = world(Profile::Qa);
    let created = onboard(&mut world, ACTIVE, at(0)).expect("created");
    assert_eq!(created.companies.len(), 1);
    assert_eq!(created.token.expose().len(), 64);
    assert!(created.token.expose().chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
}

#[test]
fn a_wrong_captcha_is_refused_and_spent() {
    let mut world = world(Profile::Qa);
    world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    let captcha = world.issue_captcha(at(0));
    let wrong = organisation(Some(ACTIVE), Some((&captcha.id, "WRONG")));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &wrong, Caller::Desktop, at(1))).err(),
        Some((400, codes::CAPTCHA_WRONG))
    );
    let right = organisation(Some(ACTIVE), Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &right, Caller::Desktop, at(2))).err(),
        Some((400, codes::CAPTCHA_EXPIRED))
    );
}

#[test]
fn an_expired_captcha_is_refused_with_captcha_expired() {
    let mut world = world(Profile::Qa);
    world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    let captcha = world.issue_captcha(at(0));
    let body = organisation(Some(ACTIVE), Some((&captcha.id, &ANSWER.to_lowercase())));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(300))).err(),
        Some((400, codes::CAPTCHA_EXPIRED))
    );
}

#[test]
fn the_captcha_is_checked_before_the_licence_and_spent_by_later_refusals() {
    let mut world = world(Profile::Qa);
    let captcha = world.issue_captcha(at(0));
    let body = organisation(Some("NEVER-REQUESTED"), Some((&captcha.id, "WRONG")));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(1))).err(),
        Some((400, codes::CAPTCHA_WRONG))
    );

    let captcha = world.issue_captcha(at(2));
    let body = organisation(Some("NEVER-REQUESTED"), Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(3))).err(),
        Some((404, codes::LICENCE_NOT_REQUESTED))
    );
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(4))).err(),
        Some((400, codes::CAPTCHA_EXPIRED))
    );
}

#[test]
fn a_licence_without_an_unexpired_token_request_is_404() {
    let mut world = world(Profile::Qa);
    let captcha = world.issue_captcha(at(0));
    let body = organisation(Some(ACTIVE), Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(1))).err(),
        Some((404, codes::LICENCE_NOT_REQUESTED))
    );

    world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    let captcha = world.issue_captcha(at(3_599));
    let body = organisation(Some(ACTIVE), Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(3_600))).err(),
        Some((404, codes::LICENCE_NOT_REQUESTED))
    );

    world.request_token("another.product", &token_request("OTHER"), at(3_600)).expect("accepted");
    assert_eq!(
        code(onboard_without_request(&mut world, "OTHER", at(3_601))).err(),
        Some((404, codes::LICENCE_NOT_REQUESTED))
    );
}

fn onboard_without_request(world: &mut World, serial: &str, now: Timestamp) -> Result<CreatedOrganisation, Refusal> {
    let captcha = world.issue_captcha(now);
    world.create_organisation(PRODUCT, &organisation(Some(serial), Some((&captcha.id, ANSWER))), Caller::Desktop, now)
}

#[test]
fn named_serials_force_400_and_409_even_on_qa() {
    let mut world = world(Profile::Qa);
    assert_eq!(code(onboard(&mut world, NOT_A_CUSTOMER, at(0))).err(), Some((400, codes::NOT_A_CUSTOMER)));
    assert_eq!(code(onboard(&mut world, LIMIT_REACHED, at(0))).err(), Some((409, codes::ORGANISATION_LIMIT)));
}

#[test]
fn a_desktop_body_without_licence_or_captcha_is_invalid_and_spends_nothing() {
    let mut world = world(Profile::Qa);
    world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    let captcha = world.issue_captcha(at(0));
    let no_licence = organisation(None, Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &no_licence, Caller::Desktop, at(1))).err(),
        Some((400, codes::INVALID_BODY))
    );
    let no_captcha = organisation(Some(ACTIVE), None);
    assert_eq!(
        code(world.create_organisation(PRODUCT, &no_captcha, Caller::Desktop, at(1))).err(),
        Some((400, codes::INVALID_BODY))
    );
    let good = organisation(Some(ACTIVE), Some((&captcha.id, ANSWER)));
    assert!(world.create_organisation(PRODUCT, &good, Caller::Desktop, at(2)).is_ok());
}

#[test]
fn production_allows_one_organisation_per_customer() {
    let mut world = world(Profile::Production);
    onboard(&mut world, ACTIVE, at(0)).expect("first");
    let refusal = onboard(&mut world, ACTIVE, at(1)).expect_err("second");
    assert_eq!((refusal.status, refusal.code), (409, codes::ORGANISATION_LIMIT));
    assert!(refusal.message.contains("the 1 organisation the prod profile allows"), "{}", refusal.message);
    onboard(&mut world, "ANOTHER-CUSTOMER", at(2)).expect("another customer has its own limit");
}

#[test]
fn preproduction_allows_fifteen_and_qa_is_unlimited() {
    let mut preprod = world(Profile::PreProduction);
    for i in 0..15 {
        onboard(&mut preprod, ACTIVE, at(i)).expect("within the limit");
    }
    let refusal = onboard(&mut preprod, ACTIVE, at(15)).expect_err("sixteenth");
    assert_eq!(refusal.code, codes::ORGANISATION_LIMIT);
    assert!(refusal.message.contains("15 organisations the preprod profile allows"), "{}", refusal.message);

    let mut qa = world(Profile::Qa);
    for i in 0..40 {
        onboard(&mut qa, ACTIVE, at(i)).expect("unlimited");
    }
}

#[test]
fn a_web_product_signs_with_the_application_key_and_is_limited_by_crm_id() {
    let mut world = world(Profile::Production);
    let url = "http://127.0.0.1:9/api/v1/organisations";
    let body = organisation(None, None);
    let bytes = serde_json::to_vec(&body).expect("json");
    let create = |world: &mut World, nonce: &str, body: &NewOrganisation| {
        signed_call(APP_KEY, "POST", url, &bytes, nonce, |request| world.authenticate_application(request, at(0)))
            .and_then(|signed| world.create_organisation(PRODUCT, body, Caller::Web(signed), at(0)))
    };
    create(&mut world, "n-1", &body).expect("created without licence or captcha");
    assert_eq!(code(create(&mut world, "n-2", &body)).err(), Some((409, codes::ORGANISATION_LIMIT)));
    let other = NewOrganisation { crm_id: "crm-2".into(), ..body.clone() };
    create(&mut world, "n-3", &other).expect("another crmId is another customer");
    assert_eq!(code(create(&mut world, "n-3", &other)).err(), Some((401, codes::NONCE_REPLAYED)));
    let blank = NewOrganisation { crm_id: " ".into(), ..body.clone() };
    assert_eq!(code(create(&mut world, "n-4", &blank)).err(), Some((400, codes::INVALID_BODY)));
}

#[test]
fn a_web_signature_with_another_key_is_invalid_and_spends_no_nonce() {
    let mut world = world(Profile::Qa);
    let url = "http://127.0.0.1:9/api/v1/organisations";
    let wrong =
        signed_call("not the key", "POST", url, b"{}", "n-1", |request| world.authenticate_application(request, at(0)));
    assert_eq!(code(wrong).err(), Some((401, codes::SIGNATURE_INVALID)));
    let right =
        signed_call(APP_KEY, "POST", url, b"{}", "n-1", |request| world.authenticate_application(request, at(0)));
    assert!(right.is_ok());
}

#[test]
fn an_access_token_needs_the_customer_key_and_a_fresh_nonce() {
    let mut world = world(Profile::Qa);
    let created = onboard(&mut world, ACTIVE, at(0)).expect("created");
    let (org, company) = (created.organisation_id.clone(), created.companies[0].clone());
    let key = created.token.expose().to_owned();
    let url = "http://127.0.0.1:9/api/v1/accesstoken";
    let mut call = |key: &str, org: &OrganisationId, company: &CompanyId, nonce: &str| {
        signed_call(key, "GET", url, b"", nonce, |request| world.access_token(PRODUCT, org, company, request, at(10)))
    };
    assert!(call(&key, &org, &company, "n-1").is_ok());
    assert_eq!(code(call(&key, &org, &company, "n-1")).err(), Some((401, codes::NONCE_REPLAYED)));
    assert_eq!(code(call(APP_KEY, &org, &company, "n-2")).err(), Some((401, codes::SIGNATURE_INVALID)));
    assert_eq!(code(call(&key, &"no-such-org".into(), &company, "n-3")).err(), Some((404, codes::NOT_FOUND)));
    assert_eq!(code(call(&key, &org, &"no-such-company".into(), "n-4")).err(), Some((404, codes::NOT_FOUND)));
    assert!(call(&key, &org, &company, "n-2").is_ok(), "refused nonces stay unspent");
}

#[test]
fn an_access_token_names_its_company_and_expires_after_jwt_lifetime() {
    let mut world = world(Profile::Qa);
    let created = onboard(&mut world, ACTIVE, at(0)).expect("created");
    let (org, company) = (created.organisation_id.clone(), created.companies[0].clone());
    let token = signed_call(created.token.expose(), "GET", "http://127.0.0.1:9/api/v1/accesstoken", b"", "n", |r| {
        world.access_token(PRODUCT, &org, &company, r, at(100))
    })
    .expect("issued");
    let claims = world.verify_bearer(token.jwt.expose(), at(159)).expect("alive");
    assert_eq!((claims.org, claims.company), (org, company));
    assert_eq!(code(world.verify_bearer(token.jwt.expose(), at(160))).err(), Some((401, codes::TOKEN_EXPIRED)));
    assert_eq!(code(world.verify_bearer("not.a.jwt", at(100))).err(), Some((401, codes::TOKEN_INVALID)));
}

#[test]
fn a_withdrawn_captcha_can_no_longer_be_answered() {
    let mut world = world(Profile::Qa);
    world.request_token(PRODUCT, &token_request(ACTIVE), at(0)).expect("accepted");
    let captcha = world.issue_captcha(at(0));
    world.withdraw_captcha(&captcha.id);
    let body = organisation(Some(ACTIVE), Some((&captcha.id, ANSWER)));
    assert_eq!(
        code(world.create_organisation(PRODUCT, &body, Caller::Desktop, at(1))).err(),
        Some((400, codes::CAPTCHA_EXPIRED))
    );
}

#[test]
fn a_request_as_received_is_web_when_signed_and_desktop_otherwise() {
    let mut world = world(Profile::Qa);
    let url = "http://127.0.0.1:9/api/v1/organisations";
    let web = serde_json::to_vec(&organisation(None, None)).expect("json");
    let signed = signed_call(APP_KEY, "POST", url, &web, "n-1", |request| {
        world.create_organisation_request(PRODUCT, &web, Some(*request), at(0))
    });
    assert!(signed.is_ok(), "a signed body needs no licence or captcha");
    assert_eq!(
        code(world.create_organisation_request(PRODUCT, &web, None, at(0))).err(),
        Some((400, codes::INVALID_BODY)),
        "unsigned, the same body is a desktop product's without licence and captcha"
    );
}

#[test]
fn a_signed_request_is_authenticated_before_its_body_is_read() {
    let mut world = world(Profile::Qa);
    let url = "http://127.0.0.1:9/api/v1/organisations";
    let wrong_key = signed_call("not the key", "POST", url, b"{not json", "n-1", |request| {
        world.create_organisation_request(PRODUCT, b"{not json", Some(*request), at(0))
    });
    assert_eq!(code(wrong_key).err(), Some((401, codes::SIGNATURE_INVALID)));
    let right_key = signed_call(APP_KEY, "POST", url, b"{not json", "n-1", |request| {
        world.create_organisation_request(PRODUCT, b"{not json", Some(*request), at(0))
    });
    assert_eq!(code(right_key).err(), Some((400, codes::INVALID_BODY)));
    let replayed = signed_call(APP_KEY, "POST", url, b"{not json", "n-1", |request| {
        world.create_organisation_request(PRODUCT, b"{not json", Some(*request), at(0))
    });
    assert_eq!(
        code(replayed).err(),
        Some((401, codes::NONCE_REPLAYED)),
        "the nonce was spent before the body was read"
    );
}

#[test]
fn a_spent_nonce_is_refused_within_the_memory_and_forgotten_after_it() {
    let mut world = world(Profile::Qa);
    let memory = i64::try_from(NONCE_MEMORY.as_secs()).expect("seconds");
    world.spend_nonce("n-1", at(0)).expect("fresh");
    world.spend_nonce("n-2", at(10)).expect("fresh");
    assert_eq!(code(world.spend_nonce("n-1", at(memory - 1))).err(), Some((401, codes::NONCE_REPLAYED)));
    assert_eq!(world.spent_nonces.len(), 2);

    world.spend_nonce("n-3", at(memory)).expect("fresh");
    assert_eq!(world.spent_nonces.len(), 2, "n-1 was forgotten when n-3 was spent");
    world.spend_nonce("n-1", at(memory + 1)).expect("a replay older than the memory is accepted");
    assert_eq!(code(world.spend_nonce("n-2", at(memory + 9))).err(), Some((401, codes::NONCE_REPLAYED)));
    world.spend_nonce("n-4", at(3 * memory)).expect("fresh");
    assert_eq!(world.spent_nonces.len(), 1, "only the nonce just spent is remembered");
}
