//! The world's side of indirect linking (CONTRACT §6): bearer checks scoped to the path's organisation and company,
//! starting a link for an indirect bank, the consent page's decision, and each poll. Pure: time comes in as a value.

use jiff::Timestamp;
use rand::Rng;

use super::World;
use super::links::{Link, PollReply};
use crate::api::ids::{BankId, CompanyId, OrganisationId};
use crate::api::models::{DataProvider, LinkedAccount};
use crate::emulator::banks::{self, COUNTRIES};
use crate::emulator::jwt::Claims;
use crate::emulator::random;
use crate::emulator::refusal::Refusal;

/// The path of a link's consent page, on the emulator's origin.
pub const CONSENT_PREFIX: &str = "/aggregator/consent";

/// A link just started: where the person consents and where the client polls (paths on the same origin).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartedLink {
    /// The consent page's path.
    pub consent_path: String,
    /// The first poll route's path and query.
    pub poll_route: String,
    /// How long to wait before polling, in milliseconds.
    pub poll_period_ms: u64,
}

impl World {
    /// The claims of `bearer` when it is alive at `now` and issued for this organisation and company.
    pub fn authorise(
        &self,
        bearer: Option<&str>,
        organisation: &OrganisationId,
        company: &CompanyId,
        now: Timestamp,
    ) -> Result<Claims, Refusal> {
        let claims = self.verify_bearer(bearer.ok_or_else(Refusal::token_invalid)?, now)?;
        if claims.org != *organisation {
            return Err(Refusal::outside_token("organisation", organisation.as_str()));
        }
        if claims.company != *company {
            return Err(Refusal::outside_token("company", company.as_str()));
        }
        Ok(claims)
    }

    /// `GET …/indirectlinkaccount?bankId=…`: starts a link to an indirect bank for the token's company.
    pub fn indirect_link(
        &mut self,
        claims: &Claims,
        bank_id: Option<&str>,
        now: Timestamp,
    ) -> Result<StartedLink, Refusal> {
        let bank_id = bank_id.map(str::trim).filter(|id| !id.is_empty()).ok_or_else(|| {
            Refusal::invalid_query("bankId", "name the bank to link, as GET banks lists it (bankId=…)")
        })?;
        let bank = banks::catalogue().bank(&BankId::from(bank_id)).ok_or_else(|| Refusal::bank_not_found(bank_id))?;
        if bank.data_provider == DataProvider::Direct {
            return Err(Refusal::bank_is_direct(&bank.name));
        }
        let id = random::uuid(&mut self.rng);
        let account = self.draw_account(&bank.name, &bank.primary_country);
        let link = Link::new(claims.org.clone(), claims.company.clone(), bank, account, now);
        let poll_route = self.links.start(&id, link, self.config.link_memory, &mut self.rng);
        Ok(StartedLink {
            consent_path: format!("{CONSENT_PREFIX}/{id}"),
            poll_route,
            poll_period_ms: self.poll_period_ms(),
        })
    }

    /// The `pollPeriod` clients are asked to wait, in milliseconds.
    #[must_use]
    pub fn poll_period_ms(&self) -> u64 {
        u64::try_from(self.config.poll_period.as_millis()).unwrap_or(u64::MAX)
    }

    /// One poll of route `n` of link `link_id`, signed `sig`, at `now`, unless the scenario refuses it first (then
    /// the route stays usable).
    pub fn poll(&mut self, link_id: &str, n: u32, sig: Option<&str>, now: Timestamp) -> Result<PollReply, Refusal> {
        self.scenario.admit_poll()?;
        let rules = self.scenario.poll_rules(self.config.slow_bank_polls);
        self.links.poll(&mut self.rng, (link_id, n, sig), rules, now)
    }

    /// The link behind a consent page.
    #[must_use]
    pub fn consent(&self, link_id: &str) -> Option<&Link> {
        self.links.get(link_id)
    }

    /// The account a person shares at `bank_name`: a current account with a number and a bank identifier in the
    /// country's format (a sort code, a routing number).
    fn draw_account(&mut self, bank_name: &str, country: &str) -> LinkedAccount {
        let currency = COUNTRIES.iter().find(|served| served.alpha3 == country).map_or("GBP", |c| c.currency);
        let rng = &mut self.rng;
        let (account_identifier, bank_identifier) = if country == "USA" {
            (digits(rng, 10), digits(rng, 9))
        } else {
            let sort = digits(rng, 6);
            (digits(rng, 8), format!("{}-{}-{}", &sort[..2], &sort[2..4], &sort[4..]))
        };
        LinkedAccount {
            account_name: format!("{bank_name} business current account"),
            account_key: random::uuid(rng),
            account_identifier,
            bank_identifier: Some(bank_identifier),
            account_type: Some("checking".to_owned()),
            default_currency: Some(currency.to_owned()),
        }
    }
}

/// `count` random decimal digits.
fn digits(rng: &mut impl Rng, count: usize) -> String {
    (0..count).map(|_| char::from(b'0' + rng.random_range(0..10_u8))).collect()
}

#[cfg(test)]
mod tests;
