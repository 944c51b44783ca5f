//! Type-ahead speed of the bank search index over 15,000 synthetic banks, the size of a large country's list.

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

criterion_group!(benches, bank_search);
criterion_main!(benches);
