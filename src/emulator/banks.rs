//! The emulator's bank list (CONTRACT §5): the named test banks that force linking outcomes, listed first and
//! popular in both countries, then thousands of generated banks. Each country is built on first use, with its JSON
//! answer serialised ahead so `GET /banks` is cheap: a wizard that lists British banks only never holds the 15,000
//! American ones. Pure data: no axum, no clock, no global RNG.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::api::ids::BankId;
use crate::api::models::Bank;

pub mod candidates;
mod generate;
mod logo;
mod named;
mod words;

pub use self::named::TestBank;

/// A country the emulator serves banks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-3, like `GBR`.
    pub alpha3: &'static str,
    /// How many banks it lists, named test banks included.
    pub bank_count: usize,
    /// Its accounts' ISO 4217 currency.
    pub currency: &'static str,
}

/// The countries served, in the order they are generated.
pub const COUNTRIES: [Country; 2] = [
    Country { alpha3: "GBR", bank_count: 5_000, currency: "GBP" },
    Country { alpha3: "USA", bank_count: 15_000, currency: "USD" },
];

/// One country's banks, an index of them by ID, and the JSON array that `GET /banks` answers for it.
struct CountryBanks {
    banks: Vec<Bank>,
    by_id: HashMap<BankId, usize>,
    json: Vec<u8>,
}

impl CountryBanks {
    /// The country's list: named test banks first, then generated ones.
    fn build(country: &Country) -> Self {
        let mut banks: Vec<Bank> = TestBank::ALL.iter().map(|test| test.bank(country)).collect();
        let generated = country.bank_count.saturating_sub(banks.len());
        banks.extend(generate::banks(country, generated));
        let by_id = banks.iter().enumerate().map(|(index, bank)| (bank.bank_id.clone(), index)).collect();
        // A list of plain structs serialises without fail; an empty answer would be caught by every client test.
        let json = serde_json::to_vec(&banks).unwrap_or_default();
        Self { banks, by_id, json }
    }
}

/// Every country's banks, each built on first use.
pub struct Catalogue {
    countries: [OnceLock<CountryBanks>; COUNTRIES.len()],
}

static CATALOGUE: Catalogue = Catalogue::empty();

/// The bank list, each country built on first use.
#[must_use]
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
}

impl Catalogue {
    /// A catalogue with no country built yet.
    const fn empty() -> Self {
        Self { countries: [const { OnceLock::new() }; COUNTRIES.len()] }
    }

    /// The country at `position` in [`COUNTRIES`], built now if it was not yet.
    fn served(&self, position: usize) -> Option<&CountryBanks> {
        let country = *COUNTRIES.get(position)?;
        Some(self.countries.get(position)?.get_or_init(|| CountryBanks::build(&country)))
    }

    /// The country of alpha-3 code `alpha3` (any case), if it is served.
    fn named(&self, alpha3: &str) -> Option<&CountryBanks> {
        self.served(COUNTRIES.iter().position(|country| country.alpha3.eq_ignore_ascii_case(alpha3.trim()))?)
    }

    /// The banks of a country (alpha-3, any case); none for a country not served.
    #[must_use]
    pub fn country(&self, alpha3: &str) -> &[Bank] {
        self.named(alpha3).map_or(&[], |country| country.banks.as_slice())
    }

    /// The JSON array `GET /banks?primaryCountry=…` answers: `[]` for a country not served.
    #[must_use]
    pub fn country_json(&self, alpha3: &str) -> &[u8] {
        self.named(alpha3).map_or(b"[]".as_slice(), |country| country.json.as_slice())
    }

    /// One bank by ID. Every ID names its country, first or last (`gbr-bank-00001`, `emulator-bank-gbr`), so only
    /// that country is built.
    #[must_use]
    pub fn bank(&self, id: &BankId) -> Option<&Bank> {
        let (first, _) = id.as_str().split_once('-')?;
        let (_, last) = id.as_str().rsplit_once('-')?;
        let position = COUNTRIES.iter().position(|country| {
            country.alpha3.eq_ignore_ascii_case(first) || country.alpha3.eq_ignore_ascii_case(last)
        })?;
        let country = self.served(position)?;
        country.banks.get(*country.by_id.get(id)?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::api::models::DataProvider;

    #[test]
    fn each_country_has_its_count_with_unique_ids_and_names() {
        for country in COUNTRIES {
            let banks = catalogue().country(country.alpha3);
            assert_eq!(banks.len(), country.bank_count, "{}", country.alpha3);
            let ids: HashSet<&BankId> = banks.iter().map(|bank| &bank.bank_id).collect();
            assert_eq!(ids.len(), banks.len());
            let names: HashSet<&str> = banks.iter().map(|bank| bank.name.as_str()).collect();
            assert_eq!(names.len(), banks.len(), "names repeat in {}", country.alpha3);
            assert!(banks.iter().all(|bank| bank.primary_country == country.alpha3 && bank.status == "active"));
        }
    }

    #[test]
    fn named_test_banks_come_first_popular_and_with_a_logo_in_both_countries() {
        for country in COUNTRIES {
            let banks = catalogue().country(country.alpha3);
            for (bank, test) in banks.iter().zip(TestBank::ALL) {
                assert_eq!(bank.name, test.name());
                assert_eq!(bank.bank_id, test.bank_id(&country));
                assert!(bank.popular_bank);
                assert!(bank.logo.as_deref().is_some_and(|logo| logo.starts_with("data:image/png;base64,")));
                assert_eq!(TestBank::of(&bank.bank_id), Some(test));
            }
        }
        assert_ne!(TestBank::Emulator.bank_id(&COUNTRIES[0]), TestBank::Emulator.bank_id(&COUNTRIES[1]));
    }

    #[test]
    fn a_few_dozen_popular_banks_some_direct_and_accented_names() {
        for country in COUNTRIES {
            let banks = catalogue().country(country.alpha3);
            let popular = banks.iter().filter(|bank| bank.popular_bank).count();
            assert!((20..=60).contains(&popular), "{popular} popular in {}", country.alpha3);
            let direct: Vec<&Bank> = banks.iter().filter(|bank| bank.data_provider == DataProvider::Direct).collect();
            assert!(direct.len() > 10 && direct.len() < banks.len() / 5, "{} direct", direct.len());
            for bank in direct {
                let form = bank.authorisation_mechanism.as_ref().and_then(|mechanism| mechanism.form_url());
                assert!(form.is_some_and(|url| url.starts_with("https://forms.")), "{bank:?}");
            }
            assert!(banks.iter().filter(|bank| bank.is_indirect()).all(|bank| bank.authorisation_mechanism.is_none()));
            assert!(banks.iter().any(|bank| bank.name.starts_with("Crédit Agricole")));
            assert!(banks.iter().any(|bank| bank.name.contains("Ñandú")));
        }
    }

    #[test]
    fn lookups_and_the_served_json_agree() {
        let country = COUNTRIES[0];
        let id = TestBank::Direct.bank_id(&country);
        assert_eq!(catalogue().bank(&id).map(|bank| bank.name.as_str()), Some("Emulator Direct Bank"));
        assert!(catalogue().bank(&BankId::from("no-such-bank")).is_none());
        assert_eq!(catalogue().country("gbr").len(), country.bank_count);
        assert_eq!(catalogue().country_json("FRA"), b"[]");
        let parsed: Vec<Bank> = serde_json::from_slice(catalogue().country_json("GBR")).expect("JSON banks");
        assert_eq!(parsed, catalogue().country("GBR"));
    }

    #[test]
    fn the_list_is_the_same_every_time_it_is_built() {
        let again = Catalogue::empty();
        assert_eq!(again.country("USA"), catalogue().country("USA"));
    }

    #[test]
    fn a_country_is_built_only_when_its_banks_are_asked_for() {
        let fresh = Catalogue::empty();
        let british = TestBank::Emulator.bank_id(&COUNTRIES[0]);
        assert_eq!(fresh.bank(&british).map(|bank| &bank.bank_id), Some(&british));
        assert!(fresh.bank(&BankId::from("gbr-bank-99999")).is_none());
        assert!(fresh.countries[0].get().is_some() && fresh.countries[1].get().is_none(), "only GBR was built");
        assert_eq!(fresh.country(" usa ").len(), COUNTRIES[1].bank_count);
    }
}
