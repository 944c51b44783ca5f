//! The emulator's pure in-memory model: Token Service requests (`token_requests`), captchas, customers and their
//! organisations, spent nonces (for [`NONCE_MEMORY`]) and access tokens, with the rules of CONTRACT §4; what expires is
//! kept in `expiring` maps, forgotten in order of expiry, so that no request scans everything remembered; indirect
//! links and bank accounts (§6, §8) in `linking` and `bank_accounts`; multi-account link (§7) in `candidates`,
//! `authorisations` and `rate_limit`; re-authorisation in `reauth` and the admin's time controls in `time_controls`;
//! the live test scenario and the reset in `scenario`; its durable part as data, without keys, in `snapshot` (the
//! in-process emulator commits and restores it; the scenario is never in it), and a `Checkpoint` to come back to when a
//! commit failed. No axum, tokio or clock: time comes in as a `Timestamp` and randomness from the RNG it is given, so
//! tests replay any story in no wall time.

use std::collections::HashMap;
use std::time::Duration;

use jiff::Timestamp;
use rand::rngs::StdRng;
use serde::de::DeserializeOwned;

use self::authorisations::Authorisations;
use self::bank_accounts::BankAccounts;
use self::captchas::Captchas;
use self::links::Links;
use self::nonces::SpentNonces;
use self::rate_limit::RateLimit;
use self::scenario::LiveScenario;
use self::token_requests::TokenRequests;
use super::EmulatorConfig;
use super::auth::SignedRequest;
use super::fixtures::{LicenceOutcome, licence_outcome};
use super::jwt::{self, Claims, JwtKey};
use super::random;
use super::refusal::Refusal;
use crate::api::assumed::{LicenceDetails, TokenRequest, TokenRequestAccepted};
use crate::api::ids::{CaptchaId, CompanyId, OrganisationId, TokenRequestId};
use crate::api::models::{AccessToken, CreatedOrganisation, NewOrganisation};
use crate::api::redacted::{CaptchaAnswer, SigningKey};

mod authorisations;
mod bank_accounts;
mod candidates;
mod captchas;
mod expiring;
mod linking;
mod links;
mod nonces;
mod poll_routes;
mod rate_limit;
mod reauth;
mod scenario;
mod snapshot;
#[cfg(test)]
mod tests;
mod time_controls;
mod token_requests;

pub use self::candidates::{ListingQuery, MAX_LISTED_IDS};
pub use self::linking::{CONSENT_PREFIX, StartedLink};
pub use self::links::{Decision, LINK_LIFETIME, LINK_MEMORY, Link, Outcome, PollReply};
pub use self::nonces::NONCE_MEMORY;
pub use self::poll_routes::POLL_ROUTE_PREFIX;
pub use self::scenario::{EXPIRING_TOKEN_LIFETIME, SCENARIO_AUTH_REQUIRED_REASON};
pub use self::snapshot::{RestoreSummary, WorldSnapshot};
pub use self::time_controls::DEFAULT_AUTH_REQUIRED_REASON;

/// The longest captcha text the image can show: `--captcha-text` refuses a longer one, and a longer configured text
/// is cut to this.
pub const CAPTCHA_TEXT_LIMIT: usize = 32;

/// Whose organisations count together towards the organisationLimit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Customer {
    /// A desktop product's customer, known by the licence serial.
    Licence(String),
    /// A web product's customer, known by the `crmId` it sent.
    Crm(String),
}

/// Proof that a request was signed with the application key and its nonce spent; only the world makes one.
#[derive(Debug)]
pub struct ApplicationSigned(());

/// Who calls POST organisation, which decides the checks it passes.
#[derive(Debug)]
pub enum Caller {
    /// A desktop product: licence details and a captcha in the body.
    Desktop,
    /// A web (trusted) product whose signature was verified.
    Web(ApplicationSigned),
}

/// A captcha just issued; `answer` is what its image must show.
#[derive(Clone, Debug)]
pub struct IssuedCaptcha {
    /// Its ID.
    pub id: CaptchaId,
    /// The text to draw, and the answer expected.
    pub answer: CaptchaAnswer,
    /// When it stops being accepted.
    pub expires_at: Timestamp,
}

/// An onboarded organisation.
#[derive(Clone, Debug)]
struct Organisation {
    product: String,
    owner: Customer,
    companies: Vec<CompanyId>,
    key: SigningKey,
}

/// Everything the emulator remembers. Deliberately not `Debug`: it holds the RNG that every key comes from.
#[derive(Clone)]
pub struct World {
    config: EmulatorConfig,
    rng: StdRng,
    jwt_key: JwtKey,
    /// Keys retired by [`World::expire_access_tokens`], newest first: their tokens answer `tokenExpired`.
    retired_jwt_keys: Vec<JwtKey>,
    token_requests: TokenRequests,
    captchas: Captchas,
    organisations: HashMap<OrganisationId, Organisation>,
    spent_nonces: SpentNonces,
    links: Links,
    bank_accounts: BankAccounts,
    authorisations: Authorisations,
    link_rate: RateLimit,
    scenario: LiveScenario,
}

impl World {
    /// An empty world under `config`, drawing every ID and secret from `rng`.
    #[must_use]
    pub fn new(config: EmulatorConfig, mut rng: StdRng) -> Self {
        let jwt_key = JwtKey::random(&mut rng);
        let scenario = LiveScenario::new(config.scenario);
        Self {
            config,
            rng,
            jwt_key,
            retired_jwt_keys: Vec::new(),
            token_requests: TokenRequests::default(),
            captchas: Captchas::default(),
            organisations: HashMap::new(),
            spent_nonces: SpentNonces::default(),
            links: Links::default(),
            bank_accounts: BankAccounts::default(),
            authorisations: Authorisations::default(),
            link_rate: RateLimit::default(),
            scenario,
        }
    }

    /// `POST {sts}/requestToken`: records a Token Service request for the licence's serial under `product`.
    pub fn request_token(
        &mut self,
        product: &str,
        request: &TokenRequest,
        now: Timestamp,
    ) -> Result<TokenRequestAccepted, Refusal> {
        let serial = serial_of(&request.licence_details)?;
        if licence_outcome(serial) == LicenceOutcome::TokenServiceDown {
            return Err(Refusal::token_service_down(serial));
        }
        self.token_requests.forget_expired(now);
        let expires_at = later(now, self.config.token_request_lifetime);
        if self.scenario.remembers_token_requests() {
            self.token_requests.remember(product, serial, expires_at);
        }
        Ok(TokenRequestAccepted { request_id: TokenRequestId(random::uuid(&mut self.rng)), expires_at })
    }

    /// `GET captcha`: a new captcha whose answer is the configured text, or random.
    pub fn issue_captcha(&mut self, now: Timestamp) -> IssuedCaptcha {
        let fixed = self.config.captcha_text.as_deref().map(str::trim).filter(|text| !text.is_empty());
        let text = match fixed {
            Some(text) => text.chars().take(CAPTCHA_TEXT_LIMIT).collect(),
            None => random::captcha_text(&mut self.rng),
        };
        let issued = IssuedCaptcha {
            id: CaptchaId(random::uuid(&mut self.rng)),
            answer: CaptchaAnswer::new(text),
            expires_at: later(now, self.config.captcha_lifetime),
        };
        self.captchas.open(&issued, now);
        issued
    }

    /// Forgets a captcha just issued, so that it can no longer be answered: for one whose image could not be drawn,
    /// which the caller never saw.
    pub fn withdraw_captcha(&mut self, id: &CaptchaId) {
        self.captchas.forget(id);
    }

    /// `POST organisations` as received: `raw_body` is the exact bytes, and `signed` is present when the request
    /// carries `X-Signature` (then it covers `raw_body`). A signed request comes from a web product: its signature
    /// is checked against the application key and its nonce spent before anything else; an unsigned one comes from
    /// a desktop product. Then the body is parsed, then [`World::create_organisation`] applies the rules.
    pub fn create_organisation_request(
        &mut self,
        product: &str,
        raw_body: &[u8],
        signed: Option<SignedRequest<'_>>,
        now: Timestamp,
    ) -> Result<CreatedOrganisation, Refusal> {
        let caller = match signed {
            Some(request) => Caller::Web(self.authenticate_application(&request, now)?),
            None => Caller::Desktop,
        };
        let body: NewOrganisation = parse_body(raw_body)?;
        self.create_organisation(product, &body, caller, now)
    }

    /// Checks a web product's signature with the application key and spends its nonce at `now`.
    pub fn authenticate_application(
        &mut self,
        request: &SignedRequest<'_>,
        now: Timestamp,
    ) -> Result<ApplicationSigned, Refusal> {
        request.verify(&self.config.application_key)?;
        self.spend_nonce(request.nonce(), now)?;
        Ok(ApplicationSigned(()))
    }

    /// `POST organisations`: checks the caller's rules, then the organisationLimit, then creates the organisation
    /// and its first company with a fresh customer signing key.
    #[expect(clippy::needless_pass_by_value, reason = "a web caller's proof of signature is spent by the call")]
    pub fn create_organisation(
        &mut self,
        product: &str,
        body: &NewOrganisation,
        caller: Caller,
        now: Timestamp,
    ) -> Result<CreatedOrganisation, Refusal> {
        let owner = match caller {
            Caller::Web(ApplicationSigned(())) if body.crm_id.trim().is_empty() => {
                return Err(Refusal::invalid_body("crmId is empty; a web product's customer is known by its crmId"));
            }
            Caller::Web(ApplicationSigned(())) => Customer::Crm(body.crm_id.clone()),
            Caller::Desktop => self.admit_desktop_customer(product, body, now)?,
        };
        if let Some(limit) = self.config.profile.organisation_limit() {
            let already =
                self.organisations.values().filter(|org| org.product == product && org.owner == owner).count();
            if already >= usize::try_from(limit).unwrap_or(usize::MAX) {
                return Err(Refusal::organisation_limit(limit, self.config.profile.cli_name()));
            }
        }
        let organisation_id = OrganisationId(random::uuid(&mut self.rng));
        let companies = vec![CompanyId(random::uuid(&mut self.rng))];
        let key = random::signing_key(&mut self.rng);
        self.organisations.insert(
            organisation_id.clone(),
            Organisation { product: product.to_owned(), owner, companies: companies.clone(), key: key.clone() },
        );
        Ok(CreatedOrganisation { organisation_id, companies, token: key })
    }

    /// A desktop product's checks, in order: the captcha (spent either way), the Token Service request, the
    /// customer's validity. Returns the customer whose limit applies.
    fn admit_desktop_customer(
        &mut self,
        product: &str,
        body: &NewOrganisation,
        now: Timestamp,
    ) -> Result<Customer, Refusal> {
        let (Some(licence), Some(captcha)) = (&body.licence_details, &body.captcha) else {
            return Err(Refusal::invalid_body(
                "a desktop product must send licenceDetails and captcha (a web product signs the call with \
                 X-Signature and X-Nonce instead)",
            ));
        };
        let serial = serial_of(licence)?;
        if self.scenario.refuses_every_captcha() {
            self.captchas.forget(&captcha.captcha_id);
            return Err(Refusal::captcha_wrong_by_scenario());
        }
        self.captchas.redeem(&captcha.captcha_id, &captcha.answer, now)?;
        if !self.token_requests.is_alive(product, serial, now) {
            return Err(Refusal::licence_not_requested(serial));
        }
        if let Some(refusal) = self.scenario.licence_refusal() {
            return Err(refusal);
        }
        match licence_outcome(serial) {
            LicenceOutcome::NotACustomer => Err(Refusal::not_a_customer(serial)),
            LicenceOutcome::LimitReached => Err(Refusal::organisation_limit_forced(serial)),
            // A serial the Token Service was down for has no request, so it stopped at the 404 above.
            LicenceOutcome::ValidCustomer | LicenceOutcome::TokenServiceDown => {
                Ok(Customer::Licence(serial.to_owned()))
            }
        }
    }

    /// `GET accesstoken`: the organisation and company must exist under `product`, the request must be signed with
    /// the customer's key, and its nonce unused. Answers a JWT living `jwt_lifetime`.
    pub fn access_token(
        &mut self,
        product: &str,
        organisation_id: &OrganisationId,
        company_id: &CompanyId,
        request: &SignedRequest<'_>,
        now: Timestamp,
    ) -> Result<AccessToken, Refusal> {
        let organisation = self
            .organisations
            .get(organisation_id)
            .filter(|org| org.product == product)
            .ok_or_else(|| Refusal::not_found("organisation", organisation_id.as_str()))?;
        if !organisation.companies.contains(company_id) {
            return Err(Refusal::not_found("company in this organisation with the ID", company_id.as_str()));
        }
        request.verify(&organisation.key)?;
        self.spend_nonce(request.nonce(), now)?;
        let lifetime = self.scenario.jwt_lifetime(self.config.jwt_lifetime);
        let lifetime = i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            org: organisation_id.clone(),
            company: company_id.clone(),
            iat: now.as_second(),
            exp: now.as_second().saturating_add(lifetime),
        };
        Ok(AccessToken { jwt: jwt::issue(&self.jwt_key, &claims) })
    }

    /// The claims of a bearer token issued here, if it is still alive at `now`.
    pub fn verify_bearer(&self, token: &str, now: Timestamp) -> Result<Claims, Refusal> {
        jwt::verify(&self.jwt_key, token, now).map_err(|error| match error {
            jwt::JwtError::Invalid if self.retired_jwt_keys.iter().any(|key| jwt::verify(key, token, now).is_ok()) => {
                Refusal::token_expired()
            }
            jwt::JwtError::Invalid => Refusal::token_invalid(),
            jwt::JwtError::Expired => Refusal::token_expired(),
        })
    }

    /// Spends a nonce at `now`: each may be used once, whatever key signed it, within [`NONCE_MEMORY`]; nonces spent
    /// longer ago are forgotten here.
    pub fn spend_nonce(&mut self, nonce: &str, now: Timestamp) -> Result<(), Refusal> {
        self.spent_nonces.spend(nonce, now)
    }

    /// The world as it is now, to come back to with [`World::roll_back`] if what follows cannot be committed.
    #[must_use]
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint(Box::new(self.clone()))
    }

    /// Comes back to `checkpoint`: everything done since is undone (organisations, accounts and links made, captchas
    /// and nonces spent, faults taken), except the draws of the random generator, which go on from where they are,
    /// so that a secret drawn for an undone request is never drawn again.
    pub fn roll_back(&mut self, checkpoint: Checkpoint) {
        let Checkpoint(mut before) = checkpoint;
        std::mem::swap(&mut before.rng, &mut self.rng);
        *self = *before;
    }
}

/// The whole world at one moment, taken by [`World::checkpoint`]; only [`World::roll_back`] reads it.
pub struct Checkpoint(Box<World>);

/// A body as JSON of type `T`, or 400 `invalidBody` saying why.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(body)
        .map_err(|error| Refusal::invalid_body(&format!("it is not JSON of the expected shape ({error})")))
}

/// The serial of a licence, which must be present and not blank.
fn serial_of(licence: &LicenceDetails) -> Result<&str, Refusal> {
    licence
        .serial()
        .filter(|serial| !serial.trim().is_empty())
        .ok_or_else(|| Refusal::invalid_body("licenceDetails must hold a non-empty \"serial\""))
}

/// `now + lifetime`, saturating at the end of time.
fn later(now: Timestamp, lifetime: Duration) -> Timestamp {
    now.checked_add(lifetime).unwrap_or(Timestamp::MAX)
}
