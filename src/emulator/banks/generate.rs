//! Generated banks: realistic names from word lists (building societies, community and national banks, credit
//! unions, a few accented European names for accent-insensitive search), drawn from an RNG with a fixed seed so the
//! list is the same at every start. Pure.

use std::collections::HashSet;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::Country;
use super::named::form_mechanism;
use super::words::{self, ACCENTED, ADJECTIVES, Local, MEMBERS, SURNAMES};
use crate::api::ids::BankId;
use crate::api::models::{Bank, BankFlags, DataProvider};

/// The seed of every country's list (mixed with the country's name).
const SEED: u64 = 0x5a6e_b4f0_2026_0001;
/// How many generated banks in a country are popular.
const POPULAR: usize = 30;

/// `count` generated banks for `country`, each name unique.
pub(super) fn banks(country: &Country, count: usize) -> Vec<Bank> {
    let mut rng = StdRng::seed_from_u64(SEED ^ country.alpha3.bytes().fold(0, |acc, b| (acc << 8) | u64::from(b)));
    let local = words::local(country.alpha3);
    let mut names = HashSet::new();
    let popular_every = (count / POPULAR).max(1);
    (0..count)
        .map(|index| {
            let name = unique_name(&mut rng, &local, &mut names);
            bank(&mut rng, country, index, name, index % popular_every == popular_every / 2)
        })
        .collect()
}

/// A name not in `taken` (then taken); a counter distinguishes the rare name drawn too often.
fn unique_name(rng: &mut StdRng, local: &Local, taken: &mut HashSet<String>) -> String {
    let mut name = draw_name(rng, local);
    let mut attempt = 1;
    while taken.contains(&name) {
        attempt += 1;
        name = if attempt < 20 { draw_name(rng, local) } else { format!("{} No. {attempt}", draw_name(rng, local)) };
    }
    taken.insert(name.clone());
    name
}

/// One name from a random template.
fn draw_name(rng: &mut StdRng, local: &Local) -> String {
    let town = pick(rng, local.towns);
    match rng.random_range(0..100) {
        0..20 => format!("{town} {}", pick(rng, local.suffixes)),
        20..40 => format!("First {} Bank of {town}", pick(rng, ADJECTIVES)),
        40..55 => {
            let first = pick(rng, SURNAMES);
            let second = pick(rng, SURNAMES);
            if first == second { format!("{first} Brothers Bank") } else { format!("{first} & {second} Bank") }
        }
        55..67 => format!("{town} {} Credit Union", pick(rng, MEMBERS)),
        67..95 => format!("{} {town} {}", pick(rng, ADJECTIVES), pick(rng, local.suffixes)),
        _ => format!("{} {town}", pick(rng, ACCENTED)),
    }
}

fn pick<'a>(rng: &mut StdRng, words: &[&'a str]) -> &'a str {
    words[rng.random_range(0..words.len())]
}

/// A generated bank: mostly indirect, about one in twelve direct with its authorisation form.
fn bank(rng: &mut StdRng, country: &Country, index: usize, name: String, popular: bool) -> Bank {
    let slug = slug(&name);
    let direct = rng.random_ratio(1, 12);
    let mut account_types = vec!["checking".to_owned(), "savings".to_owned()];
    if rng.random_bool(0.4) {
        account_types.push("creditCard".to_owned());
    }
    Bank {
        bank_id: BankId(format!("{}-bank-{:05}", country.alpha3.to_ascii_lowercase(), index + 1)),
        name,
        primary_country: country.alpha3.to_owned(),
        data_provider: if direct { DataProvider::Direct } else { DataProvider::Indirect },
        account_types,
        status: "active".to_owned(),
        popular_bank: popular,
        logo: None,
        flags: BankFlags { oauth: rng.random_bool(0.4) },
        authorisation_mechanism: direct.then(|| form_mechanism(&slug)),
        bank_url: Some(format!("https://www.{slug}.example")),
    }
}

/// A name as a host label: lower-case ASCII letters and digits joined by single hyphens, accents folded.
pub(super) fn slug(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        };
        if folded.is_ascii_alphanumeric() {
            slug.push(folded);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_punctuation() {
        assert_eq!(slug("Crédit Agricole Besançon"), "credit-agricole-besancon");
        assert_eq!(slug("Banco Ñandú  Española"), "banco-nandu-espanola");
        assert_eq!(slug("Caisse d'Épargne & Co."), "caisse-d-epargne-co");
    }

    #[test]
    fn ids_are_numbered_per_country() {
        let banks = banks(&crate::emulator::banks::COUNTRIES[0], 3);
        let ids: Vec<&str> = banks.iter().map(|bank| bank.bank_id.as_str()).collect();
        assert_eq!(ids, ["gbr-bank-00001", "gbr-bank-00002", "gbr-bank-00003"]);
    }
}
