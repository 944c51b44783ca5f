//! The named test banks: like a payment sandbox's test cards, each forces one linking outcome (CONTRACT §10). They
//! exist in every country under distinct, stable IDs (`emulator-bank-gbr`, `emulator-bank-usa`, …). Pure data.

use super::logo;
use super::{Country, generate};
use crate::api::assumed::AuthorisationMechanism;
use crate::api::ids::BankId;
use crate::api::models::{Bank, BankFlags, DataProvider};

/// A named test bank and the outcome it forces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TestBank {
    /// Links as soon as the person approves: the next poll answers 200 with the account; 3 more candidate accounts.
    Emulator,
    /// Links like [`TestBank::Emulator`]; 250 more candidate accounts, whose first listing is still refreshing.
    ManyAccounts,
    /// The person takes a while: after approval, `slow_bank_polls` more polls answer 202 before the 200; its first
    /// listing of candidates is still refreshing.
    Slow,
    /// The bank declines the consent: the link ends with `success: false`, even when the person approves.
    Declining,
    /// Every second poll request (the 1st, 3rd, …) answers 503 `injectedFault`, which does not spend the route.
    Flaky,
    /// A direct bank, arranged through its authorisation form: `indirectlinkaccount` answers 400 `bankIsDirect`.
    Direct,
    /// Links like [`TestBank::Emulator`] (2 more candidate accounts), but every account of it turns `authRequired`
    /// `expiring_bank_after` (30 seconds by default) after its creation, for re-authorisation.
    Expiring,
}

impl TestBank {
    /// Every named test bank, in the order they are listed.
    pub const ALL: [Self; 7] =
        [Self::Emulator, Self::ManyAccounts, Self::Slow, Self::Declining, Self::Flaky, Self::Direct, Self::Expiring];

    /// Its name, the same in every country.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Emulator => "Emulator Bank",
            Self::ManyAccounts => "Emulator Many Accounts Bank",
            Self::Slow => "Emulator Slow Bank",
            Self::Declining => "Emulator Declining Bank",
            Self::Flaky => "Emulator Flaky Bank",
            Self::Direct => "Emulator Direct Bank",
            Self::Expiring => "Emulator Expiring Bank",
        }
    }

    /// Its ID's stem; the ID adds the country (`emulator-slow-bank-gbr`).
    #[must_use]
    fn stem(self) -> &'static str {
        match self {
            Self::Emulator => "emulator-bank",
            Self::ManyAccounts => "emulator-many-accounts-bank",
            Self::Slow => "emulator-slow-bank",
            Self::Declining => "emulator-declining-bank",
            Self::Flaky => "emulator-flaky-bank",
            Self::Direct => "emulator-direct-bank",
            Self::Expiring => "emulator-expiring-bank",
        }
    }

    /// What it forces, for the command line's banner.
    #[must_use]
    pub fn effect(self) -> &'static str {
        match self {
            Self::Emulator => "links as soon as the person approves; 3 more candidate accounts",
            Self::ManyAccounts => {
                "links like Emulator Bank; 250 candidate accounts, the first listing refreshing: true (20 of them)"
            }
            Self::Slow => "after approval, a few more polls answer 202 before the link; first listing refreshing",
            Self::Declining => "the link ends with success: false, even on approve",
            Self::Flaky => "every second poll answers 503 injectedFault (poll the same route again)",
            Self::Direct => "a direct bank: indirectlinkaccount answers 400 bankIsDirect",
            Self::Expiring => "links like Emulator Bank; its accounts turn authRequired after --expiring-bank-after",
        }
    }

    /// Its ID in `country`.
    #[must_use]
    pub fn bank_id(self, country: &Country) -> BankId {
        BankId(format!("{}-{}", self.stem(), country.alpha3.to_ascii_lowercase()))
    }

    /// The named test bank with this ID, in any country.
    #[must_use]
    pub fn of(id: &BankId) -> Option<Self> {
        let (stem, country) = id.as_str().rsplit_once('-')?;
        let served = super::COUNTRIES.iter().any(|served| served.alpha3.eq_ignore_ascii_case(country));
        Self::ALL.into_iter().find(|test| served && test.stem() == stem)
    }

    /// Its logo's colour (RGB).
    fn colour(self) -> [u8; 3] {
        match self {
            Self::Emulator => [0x00, 0x7a, 0x5e],
            Self::ManyAccounts => [0x2b, 0x59, 0xc3],
            Self::Slow => [0xc2, 0x7c, 0x0e],
            Self::Declining => [0xb0, 0x2a, 0x37],
            Self::Flaky => [0x7b, 0x3f, 0xa0],
            Self::Direct => [0x33, 0x41, 0x55],
            Self::Expiring => [0x8a, 0x5a, 0x00],
        }
    }

    /// Its entry in `country`'s list: popular, with a logo; indirect but for [`TestBank::Direct`].
    pub(super) fn bank(self, country: &Country) -> Bank {
        let slug = generate::slug(self.name());
        let direct = self == Self::Direct;
        Bank {
            bank_id: self.bank_id(country),
            name: self.name().to_owned(),
            primary_country: country.alpha3.to_owned(),
            data_provider: if direct { DataProvider::Direct } else { DataProvider::Indirect },
            account_types: vec!["checking".to_owned(), "savings".to_owned(), "creditCard".to_owned()],
            status: "active".to_owned(),
            popular_bank: true,
            logo: logo::data_uri(self.colour()),
            flags: BankFlags { oauth: !direct },
            authorisation_mechanism: direct.then(|| form_mechanism(&slug)),
            bank_url: Some(format!("https://www.{slug}.example")),
        }
    }
}

/// A direct bank's authorisation form [ASSUMED shape]: `https://forms.{slug}.example/authorise`.
pub(super) fn form_mechanism(slug: &str) -> AuthorisationMechanism {
    AuthorisationMechanism::Form {
        kind: "authorisationForm".to_owned(),
        form_url: Some(format!("https://forms.{slug}.example/authorise")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::banks::COUNTRIES;

    #[test]
    fn ids_name_the_bank_and_the_country_and_read_back() {
        assert_eq!(TestBank::Slow.bank_id(&COUNTRIES[0]).as_str(), "emulator-slow-bank-gbr");
        assert_eq!(TestBank::Emulator.bank_id(&COUNTRIES[1]).as_str(), "emulator-bank-usa");
        assert_eq!(TestBank::Expiring.bank_id(&COUNTRIES[1]).as_str(), "emulator-expiring-bank-usa");
        for test in TestBank::ALL {
            for country in COUNTRIES {
                assert_eq!(TestBank::of(&test.bank_id(&country)), Some(test));
            }
        }
        assert_eq!(TestBank::of(&BankId::from("emulator-bank-fra")), None);
        assert_eq!(TestBank::of(&BankId::from("gbr-bank-00042")), None);
    }
}
