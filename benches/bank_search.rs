//! Type-ahead speed of the bank search index over 15,000 synthetic banks, the size of a large country's list; and the
//! nearest names to a search that found nothing (`BankIndex::suggest`), on the same list, on the emulator's American
//! list, and on 15,000 names made of 15,000 distinct words (the most comparisons a list of that size can cost).

use std::hint::black_box;

use bankfeeds_onboard::api::ids::BankId;
use bankfeeds_onboard::api::models::{Bank, BankFlags, DataProvider};
use bankfeeds_onboard::wizard::BankIndex;
use criterion::{Criterion, criterion_group, criterion_main};

const BANKS: usize = 15_000;
const LIMIT: usize = 50;

const OPENERS: &[&str] = &[
    "First",
    "National",
    "Royal",
    "Crédit",
    "Banco",
    "Caisse",
    "Sparkasse",
    "Volksbank",
    "Raiffeisen",
    "Citizens",
    "Community",
    "Peoples",
    "Farmers",
    "Merchants",
    "Union",
    "Heritage",
    "Pioneer",
    "Summit",
    "Liberty",
    "Nordic",
];
const PLACES: &[&str] = &[
    "Leeds", "Lyon", "München", "Zaragoza", "Kraków", "Dublin", "Porto", "Bergen", "Graz", "Aarhus", "Nantes",
    "Sevilla", "Brno", "Turku", "Cork", "Gent", "Malmö", "Bremen", "Bilbao", "Poznań", "Nice", "Basel", "Split",
];
const KINDS: &[&str] = &[
    "Bank",
    "Savings Bank",
    "Credit Union",
    "Trust",
    "Bank & Trust",
    "Mutual",
    "Building Society",
    "Co-operative Bank",
];

/// A small deterministic generator (a linear congruential one), so every run benches the same names.
struct Lcg(u64);

impl Lcg {
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let index = usize::try_from((self.0 >> 33) % u64::try_from(words.len()).expect("small")).expect("small");
        words[index]
    }
}

fn synthetic_banks() -> Vec<Bank> {
    let mut random = Lcg(42);
    (0..BANKS)
        .map(|i| Bank {
            bank_id: BankId(format!("bank-{i:05}")),
            name: format!("{} {} {} {}", random.pick(OPENERS), random.pick(PLACES), random.pick(KINDS), i % 97),
            primary_country: "GBR".to_owned(),
            data_provider: DataProvider::Indirect,
            account_types: vec!["checking".to_owned()],
            status: "active".to_owned(),
            popular_bank: i % 150 == 0,
            logo: None,
            flags: BankFlags::default(),
            authorisation_mechanism: None,
            bank_url: None,
        })
        .collect()
}

/// A made-up word of 5 to 10 lower-case letters.
fn made_up_word(random: &mut Lcg) -> String {
    const LENGTHS: &[&str] = &["5", "6", "7", "8", "9", "10"];
    const LETTERS: &[&str] = &[
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v",
        "w", "x", "y", "z",
    ];
    let length: usize = random.pick(LENGTHS).parse().expect("a number");
    (0..length).map(|_| random.pick(LETTERS)).collect()
}

/// 15,000 banks named "<made-up word> Bank": as many distinct words as banks.
fn distinct_word_banks() -> Vec<Bank> {
    let mut random = Lcg(7);
    let mut banks = synthetic_banks();
    for bank in &mut banks {
        bank.name = format!("{} Bank", made_up_word(&mut random));
    }
    banks
}

fn bank_suggestions(c: &mut Criterion) {
    let mut group = c.benchmark_group("bank_suggest_15000");
    let synthetic = BankIndex::new(synthetic_banks());
    let american = BankIndex::new(bankfeeds_onboard::emulator::banks::catalogue().country("USA").to_vec());
    let distinct = BankIndex::new(distinct_word_banks());
    for (label, index, query) in [
        ("synthetic_misspelt", &synthetic, "natinal leds"),
        ("emulator_usa_misspelt", &american, "barclys"),
        ("emulator_usa_nonsense", &american, "qwertyuiop"),
        ("distinct_words_nonsense_two_words", &distinct, "qwertyuiop zxcvbnm"),
    ] {
        assert!(index.search(query, LIMIT).is_empty(), "{label}: {query:?} must find nothing");
        group.bench_function(label, |b| b.iter(|| index.suggest(black_box(query), black_box(3))));
    }
    group.finish();
}

fn bank_search(c: &mut Criterion) {
    let index = BankIndex::new(synthetic_banks());
    let mut group = c.benchmark_group("bank_search_15000");
    for (label, query) in [("one_letter", "n"), ("three_letters", "nat"), ("two_words", "nat leed"), ("empty", "")] {
        group.bench_function(label, |b| b.iter(|| index.search(black_box(query), black_box(LIMIT))));
    }
    group.finish();
    c.bench_function("bank_index_build_15000", |b| {
        let banks = synthetic_banks();
        b.iter(|| BankIndex::new(black_box(banks.clone())));
    });
}

criterion_group!(benches, bank_search, bank_suggestions);
criterion_main!(benches);
