//! The candidate accounts a bank offers under one authorisation (multi-account link, CONTRACT §7): how many, whether
//! its first listing is still refreshing, and each one's profile (names, types, balances, last transaction), the same
//! for a bank at every start. Pure data: no clock (a last transaction is so many days before the authorisation), no
//! global RNG.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use super::words;
use super::{COUNTRIES, TestBank};
use jiff::Timestamp;

use crate::api::card_number::{luhn_check_digit, mask};
use crate::api::ids::{BankAccountId, CandidateId};
use crate::api::models::{Amount, Bank, Candidate, CandidateMetadata, DataProvider, LastTransaction};

/// The seed of every bank's candidates (mixed with the bank's ID).
const SEED: u64 = 0xc0a1_d1da_7e5a_2026;

/// How many candidates of a bank that refreshes first are in its first, partial, listing.
pub const PARTIAL_LISTING: usize = 20;

/// What an account is, on both sides of the wire: the Banking Service's type, the aggregator's type and subtype.
/// Kept (in the emulator's state file) as its subtype, which names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    /// The Banking Service's `accountType`: `checking`, `savings` or `creditCard`.
    pub account_type: &'static str,
    /// The aggregator's `metadata.accountType`: `depository` or `credit`.
    pub aggregator_type: &'static str,
    /// The aggregator's `metadata.accountSubType`.
    pub sub_type: &'static str,
}

const CHECKING: Kind = Kind { account_type: "checking", aggregator_type: "depository", sub_type: "checking" };
const SAVINGS: Kind = Kind { account_type: "savings", aggregator_type: "depository", sub_type: "savings" };
const MONEY_MARKET: Kind = Kind { account_type: "savings", aggregator_type: "depository", sub_type: "money market" };
const CREDIT_CARD: Kind = Kind { account_type: "creditCard", aggregator_type: "credit", sub_type: "credit card" };

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.sub_type)
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let sub_type = String::deserialize(deserializer)?;
        [CHECKING, SAVINGS, MONEY_MARKET, CREDIT_CARD].into_iter().find(|kind| kind.sub_type == sub_type).ok_or_else(
            || serde::de::Error::custom(format!("\"{sub_type}\" is not a kind of account the emulator offers")),
        )
    }
}

impl Kind {
    /// The kind of an account of the Banking Service's type `account_type`; any other type reads as checking.
    #[must_use]
    pub fn of(account_type: &str) -> Self {
        match account_type {
            "savings" => SAVINGS,
            "creditCard" => CREDIT_CARD,
            _ => CHECKING,
        }
    }
}

/// A kind of account with its name, its alternative name and whether it has transactions yet.
struct Template {
    kind: Kind,
    name: &'static str,
    alternative: Option<&'static str>,
    has_transactions: bool,
}

/// The accounts a business keeps at a bank, in the order they are offered.
#[rustfmt::skip]
const TEMPLATES: [Template; 8] = [
    Template { kind: SAVINGS, name: "Business reserve account", alternative: Some("Rainy day fund"), has_transactions: true },
    Template { kind: CREDIT_CARD, name: "Business credit card", alternative: None, has_transactions: true },
    Template { kind: CHECKING, name: "Payroll account", alternative: Some("Wages"), has_transactions: false },
    Template { kind: MONEY_MARKET, name: "Tax reserve", alternative: Some("VAT and corporation tax"), has_transactions: false },
    Template { kind: CHECKING, name: "Client account", alternative: None, has_transactions: true },
    Template { kind: CREDIT_CARD, name: "Corporate card", alternative: Some("Travel and expenses"), has_transactions: true },
    Template { kind: CHECKING, name: "Operating account", alternative: Some("Day to day"), has_transactions: true },
    Template { kind: SAVINGS, name: "Deposit account", alternative: None, has_transactions: true },
];

/// One candidate account as the aggregator describes it; its ID and `accountKey` are drawn by the world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateProfile {
    /// Its name.
    pub name: String,
    /// Another name the person gave it.
    pub alternative_name: Option<String>,
    /// What it is.
    pub kind: Kind,
    /// The account number (16 digits for a card).
    pub account_identifier: String,
    /// ISO 4217 currency: the bank's country's.
    pub currency: String,
    /// What may be spent now, in minor units.
    pub available_cents: i64,
    /// The booked balance, in minor units; negative on a card that is owed or an overdrawn account.
    pub current_cents: i64,
    /// The latest transaction: its amount in minor units, and how many days before the authorisation it was.
    pub last_transaction: Option<(i64, u32)>,
}

impl CandidateProfile {
    /// The account number with all but its last four digits hidden.
    #[must_use]
    pub fn masked_account_number(&self) -> String {
        mask(&self.account_identifier)
    }

    /// This account as a listing of `bank`'s candidates shows it (CONTRACT §7), with every field.
    #[must_use]
    pub fn listed(&self, bank: &Bank, listing: &Listing<'_>) -> Candidate {
        let amount = |cents: i64| Some(Amount::from_minor_units(cents, 2));
        let last_transaction = self.last_transaction.map(|(cents, days_ago)| LastTransaction {
            amount: amount(cents),
            date: days_before(listing.started, days_ago).map(|day| day.to_string()),
        });
        Candidate {
            bank_account_candidate_id: listing.id.clone(),
            bank_identifier: Some(listing.bank_identifier.to_owned()),
            account_identifier: Some(self.account_identifier.clone()),
            account_key: Some(listing.account_key.to_owned()),
            account_type: Some(self.kind.account_type.to_owned()),
            default_currency: Some(self.currency.clone()),
            account_name: Some(self.name.clone()),
            data_provider: Some(bank.data_provider.clone()),
            aggregator_id: Some(AGGREGATOR.0.to_owned()),
            aggregator_name: Some(AGGREGATOR.1.to_owned()),
            auth_always_required: Some(false),
            metadata: Some(CandidateMetadata {
                masked_account_number: Some(self.masked_account_number()),
                account_name: Some(self.name.clone()),
                alternative_account_name: self.alternative_name.clone(),
                account_type: Some(self.kind.aggregator_type.to_owned()),
                account_sub_type: Some(self.kind.sub_type.to_owned()),
                available_balance: amount(self.available_cents),
                current_balance: amount(self.current_cents),
                connected: Some(listing.linked.is_some()),
                connected_bank_account_id: listing.linked.cloned(),
                refreshing: Some(listing.refreshing),
            }),
            last_transaction,
        }
    }
}

/// Where a candidate stands when it is listed: its current ID and stable key, its bank's identifier, when its
/// authorisation started (its last transaction is dated before that), the bank account it is linked as, if any, and
/// whether the listing is still refreshing.
pub struct Listing<'a> {
    /// Its ID until the next refresh.
    pub id: &'a CandidateId,
    /// The aggregator's key of the account.
    pub account_key: &'a str,
    /// The bank's identifier of its accounts (a sort code, a routing number).
    pub bank_identifier: &'a str,
    /// When the authorisation started.
    pub started: Timestamp,
    /// The bank account it is linked as.
    pub linked: Option<&'a BankAccountId>,
    /// The listing is still being refreshed.
    pub refreshing: bool,
}

/// The aggregator the emulator's candidates come through.
const AGGREGATOR: (&str, &str) = ("emulator-aggregator", "Emulator Aggregator");

/// The day `days` days before `at`'s day (UTC).
fn days_before(at: Timestamp, days: u32) -> Option<jiff::civil::Date> {
    at.to_zoned(jiff::tz::TimeZone::UTC).date().checked_sub(jiff::Span::new().days(i64::from(days))).ok()
}

/// For tests: the card number among Emulator Bank's candidates in the United Kingdom (its second), a number the
/// screens, the exchanges kept and the exports show only the last four digits of.
#[cfg(test)]
#[must_use]
pub(crate) fn emulator_bank_card_number() -> String {
    let bank = super::catalogue().bank(&TestBank::Emulator.bank_id(&COUNTRIES[0])).expect("Emulator Bank");
    profiles(bank).into_iter().find(|p| p.kind == CREDIT_CARD).expect("a card").account_identifier
}

/// How many more accounts than the first one an authorisation at `bank` offers: Emulator Bank 3, Emulator Many
/// Accounts Bank 250, the other named indirect banks 2 (Declining 1), other indirect banks 1 or 2, direct banks none.
#[must_use]
pub fn candidate_count(bank: &Bank) -> usize {
    if bank.data_provider == DataProvider::Direct {
        return 0;
    }
    match TestBank::of(&bank.bank_id) {
        Some(TestBank::Emulator) => 3,
        Some(TestBank::ManyAccounts) => 250,
        Some(TestBank::Slow | TestBank::Flaky | TestBank::Expiring) => 2,
        Some(TestBank::Declining) => 1,
        Some(TestBank::Direct) => 0,
        None => 1 + usize::from(seed(bank) % 2 == 1),
    }
}

/// True for the banks whose first listing under an authorisation answers `refreshing: true` with only the first
/// [`PARTIAL_LISTING`] candidates: Emulator Many Accounts Bank and Emulator Slow Bank.
#[must_use]
pub fn refreshes_first(bank: &Bank) -> bool {
    matches!(TestBank::of(&bank.bank_id), Some(TestBank::ManyAccounts | TestBank::Slow))
}

/// The candidates an authorisation at `bank` offers beyond the first account, the same at every start: the bank's
/// kinds of account only (no cards at a bank without them), in its country's currency and number format.
#[must_use]
pub fn profiles(bank: &Bank) -> Vec<CandidateProfile> {
    let mut rng = StdRng::seed_from_u64(seed(bank));
    let offered: Vec<&Template> = TEMPLATES
        .iter()
        .filter(|template| bank.account_types.iter().any(|t| t == template.kind.account_type))
        .collect();
    let offered = if offered.is_empty() { TEMPLATES.iter().collect() } else { offered };
    let country = COUNTRIES.iter().find(|country| country.alpha3 == bank.primary_country).unwrap_or(&COUNTRIES[0]);
    let towns = words::local(country.alpha3).towns;
    (0..candidate_count(bank))
        .map(|index| {
            let template = offered[index % offered.len()];
            let round = index / offered.len();
            let name = match round {
                0 => template.name.to_owned(),
                _ => format!("{}, {}", template.name, towns[(round - 1) % towns.len()]),
            };
            let digits = match (template.kind.account_type, country.alpha3) {
                ("creditCard", _) => 16,
                (_, "USA") => 10,
                _ => 8,
            };
            let (available_cents, current_cents) = balances(&mut rng, template.kind);
            let last_transaction = template.has_transactions.then(|| last_transaction(&mut rng, template.kind));
            CandidateProfile {
                name,
                alternative_name: template.alternative.filter(|_| round % 2 == 0).map(str::to_owned),
                kind: template.kind,
                account_identifier: number(&mut rng, digits, template.kind == CREDIT_CARD),
                currency: country.currency.to_owned(),
                available_cents,
                current_cents,
                last_transaction,
            }
        })
        .collect()
}

/// A bank's own seed, stable across starts and Rust versions (FNV-1a of its ID).
fn seed(bank: &Bank) -> u64 {
    bank.bank_id
        .as_str()
        .bytes()
        .fold(SEED ^ 0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// Available and current balances, in minor units: a card owes (negative current) within its limit; one account in
/// eight is overdrawn within its overdraft; savings are all available.
fn balances(rng: &mut StdRng, kind: Kind) -> (i64, i64) {
    match kind.account_type {
        "creditCard" => {
            let limit = [500_000, 1_000_000, 2_500_000][rng.random_range(0..3)];
            let owed = rng.random_range(0..limit / 2);
            (limit - owed, -owed)
        }
        "checking" if rng.random_ratio(1, 8) => {
            let current = -rng.random_range(100..150_000);
            (250_000 + current, current)
        }
        "checking" => {
            let current = rng.random_range(5_000..8_500_000);
            (current - rng.random_range(0..current.min(50_000)), current)
        }
        _ => {
            let current = rng.random_range(10_000..25_000_000);
            (current, current)
        }
    }
}

/// A last transaction: mostly money out, money in on savings and one in three elsewhere; up to 30 days old.
fn last_transaction(rng: &mut StdRng, kind: Kind) -> (i64, u32) {
    let amount = rng.random_range(100..250_000);
    let incoming = kind.account_type == "savings" || rng.random_ratio(1, 3);
    (if incoming { amount } else { -amount }, rng.random_range(0..30))
}

/// `count` digits; a card's begins with 4 or 5 and ends with its Luhn check digit, as a real card number does (the
/// same draws either way, so that the accounts after it do not change).
fn number(rng: &mut StdRng, count: usize, card: bool) -> String {
    let mut digits: String = (0..count)
        .map(|at| {
            let digit = if card && at == 0 { rng.random_range(4..6_u8) } else { rng.random_range(0..10_u8) };
            char::from(b'0' + digit)
        })
        .collect();
    if card && digits.pop().is_some() {
        let check = luhn_check_digit(&digits);
        digits.push(char::from(b'0' + check));
    }
    digits
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::emulator::banks::catalogue;

    fn bank(test: TestBank, country: usize) -> &'static Bank {
        catalogue().bank(&test.bank_id(&COUNTRIES[country])).expect("a named bank")
    }

    #[test]
    fn counts_follow_the_bank() {
        assert_eq!(profiles(bank(TestBank::Emulator, 0)).len(), 3);
        assert_eq!(profiles(bank(TestBank::ManyAccounts, 1)).len(), 250);
        assert_eq!(candidate_count(bank(TestBank::Direct, 0)), 0);
        let generated = catalogue().country("GBR").iter().filter(|bank| TestBank::of(&bank.bank_id).is_none());
        let counts: HashSet<usize> = generated.filter(|bank| bank.is_indirect()).map(candidate_count).collect();
        assert_eq!(counts, HashSet::from([1, 2]));
        assert!(refreshes_first(bank(TestBank::ManyAccounts, 0)) && refreshes_first(bank(TestBank::Slow, 1)));
        assert!(!refreshes_first(bank(TestBank::Emulator, 0)));
    }

    #[test]
    fn emulator_bank_offers_a_saving_a_card_and_a_payroll_account() {
        let profiles = profiles(bank(TestBank::Emulator, 0));
        let kinds: Vec<&str> = profiles.iter().map(|p| p.kind.account_type).collect();
        assert_eq!(kinds, ["savings", "creditCard", "checking"]);
        let card = &profiles[1];
        assert!(card.current_cents < 0 && card.available_cents > 0, "{card:?}");
        assert_eq!((card.account_identifier.len(), card.alternative_name.as_ref()), (16, None));
        assert_eq!(card.masked_account_number(), format!("****{}", &card.account_identifier[12..]));
        assert!(crate::api::card_number::is_card_number(&card.account_identifier), "a card number, Luhn and all");
        assert!(!crate::api::card_number::is_card_number(&profiles[0].account_identifier), "an account number");
        assert_eq!(profiles[2].last_transaction, None);
        assert!(profiles.iter().all(|p| p.currency == "GBP"));
        assert!(
            profiles.iter().filter(|p| p.kind.account_type != "creditCard").all(|p| p.account_identifier.len() == 8)
        );
    }

    #[test]
    fn many_accounts_are_varied_named_apart_and_the_same_every_time() {
        let many = profiles(bank(TestBank::ManyAccounts, 1));
        assert_eq!(many, profiles(bank(TestBank::ManyAccounts, 1)));
        let names: HashSet<&str> = many.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names.len(), 250);
        assert!(many.iter().all(|p| p.currency == "USD"));
        let kinds: HashSet<&str> = many.iter().map(|p| p.kind.sub_type).collect();
        assert_eq!(kinds.len(), 4);
        assert!(many.iter().any(|p| p.kind.account_type == "checking" && p.current_cents < 0), "an overdrawn one");
        assert!(many.iter().any(|p| p.alternative_name.is_none()) && many.iter().any(|p| p.alternative_name.is_some()));
        assert!(many.iter().any(|p| p.last_transaction.is_none()));
        assert!(many.iter().any(|p| p.current_cents % 100 != 0), "cents");
    }

    #[test]
    fn a_bank_without_cards_offers_none() {
        let plain = catalogue()
            .country("USA")
            .iter()
            .find(|bank| bank.is_indirect() && !bank.account_types.iter().any(|t| t == "creditCard"))
            .expect("a bank without cards");
        assert!(profiles(plain).iter().all(|p| p.kind.account_type != "creditCard"));
        assert_eq!(mask("12"), "****12");
    }
}
