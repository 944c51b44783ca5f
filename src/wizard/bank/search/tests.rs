//! Tests of the bank search index and its folding, against hand-written cases and a naive reference search.

use proptest::prelude::*;

use super::BankIndex;
use super::fold::fold_words;
use crate::api::ids::BankId;
use crate::api::models::{Bank, BankFlags, DataProvider};

fn bank(id: &str, name: &str, popular: bool) -> Bank {
    Bank {
        bank_id: BankId::from(id),
        name: name.to_owned(),
        primary_country: "GBR".to_owned(),
        data_provider: DataProvider::Indirect,
        account_types: Vec::new(),
        status: "active".to_owned(),
        popular_bank: popular,
        logo: None,
        flags: BankFlags::default(),
        authorisation_mechanism: None,
        bank_url: None,
    }
}

fn index_of(names: &[(&str, bool)]) -> BankIndex {
    let banks: Vec<Bank> =
        names.iter().enumerate().map(|(i, (name, popular))| bank(&format!("b{i}"), name, *popular)).collect();
    BankIndex::new(banks)
}

/// The names found for `query`, best first.
fn found(index: &BankIndex, query: &str) -> Vec<String> {
    let result = index.search(query, usize::MAX);
    result.positions().iter().map(|&p| index.bank(p).expect("a listed position").name.clone()).collect()
}

#[test]
fn folding_lowers_case_removes_accents_and_spells_out_ligatures() {
    assert_eq!(fold_words("Crédit Agricole"), ["credit", "agricole"]);
    assert_eq!(fold_words("ÑANDÚ"), ["nandu"]);
    assert_eq!(fold_words("Straße Æble Œuvre Þór"), ["strasse", "aeble", "oeuvre", "thor"]);
    assert_eq!(fold_words("Łódź Škoda Ĳssel İzmir ſ"), ["lodz", "skoda", "ijssel", "izmir", "s"]);
    assert_eq!(fold_words("Müller ÀÉÎÕÜÝ"), ["muller", "aeiouy"]);
    assert_eq!(fold_words("Cre\u{301}dit"), ["credit"], "a combining accent is dropped");
    assert_eq!(fold_words("ΑΛΦΑ Банк"), ["αλφα", "банк"], "other scripts keep their letters, in lower case");
}

#[test]
fn punctuation_separates_words_but_apostrophes_and_full_stops_join_them() {
    assert_eq!(fold_words("Lloyd's & Co-op"), ["lloyds", "co", "op"]);
    assert_eq!(fold_words("Lloyd\u{2019}s"), ["lloyds"]);
    assert_eq!(fold_words("U.S. Bank, N.A."), ["us", "bank", "na"]);
    assert_eq!(fold_words("a×b÷c\td\u{0}e"), ["a", "b", "c", "d", "e"]);
    assert!(fold_words(" - & ' ").is_empty());
}

#[test]
fn search_ignores_case_and_accents_on_both_sides() {
    let index = index_of(&[("Crédit Agricole", false), ("Banco Ñandú", false), ("Barclays", false)]);
    assert_eq!(found(&index, "CREDIT"), ["Crédit Agricole"]);
    assert_eq!(found(&index, "crédit"), ["Crédit Agricole"]);
    assert_eq!(found(&index, "nandu"), ["Banco Ñandú"]);
    assert_eq!(found(&index, "ÑAN"), ["Banco Ñandú"]);
}

#[test]
fn a_query_word_matches_the_start_of_any_word_of_the_name() {
    let index = index_of(&[("First National Bank of Leeds", false), ("Barclays", false)]);
    for query in ["first", "nat", "leed", "of", "NATIONAL"] {
        assert_eq!(found(&index, query), ["First National Bank of Leeds"], "query {query:?}");
    }
    assert!(found(&index, "ational").is_empty(), "the middle of a word is not a match");
}

#[test]
fn every_query_word_must_match_in_any_order() {
    let index = index_of(&[("First National Bank of Leeds", false), ("National Savings", false)]);
    assert_eq!(found(&index, "nat bank"), ["First National Bank of Leeds"]);
    assert_eq!(found(&index, "bank nat"), ["First National Bank of Leeds"]);
    assert_eq!(found(&index, "nat  savings "), ["National Savings"]);
    assert!(found(&index, "nat barclays").is_empty());
}

#[test]
fn lloyds_is_found_with_or_without_its_apostrophe() {
    let index = index_of(&[("Lloyd's Bank", false), ("Lloyds Bank", false), ("Bank of Scotland", false)]);
    for query in ["lloyd", "lloyds", "Lloyd's", "LLOYDS BANK"] {
        assert_eq!(found(&index, query), ["Lloyd's Bank", "Lloyds Bank"], "query {query:?}");
    }
    assert_eq!(found(&index, "s bank"), ["Bank of Scotland"], "the s of Lloyd's is not a word of its own");
}

#[test]
fn a_blank_query_lists_popular_banks_first_each_group_alphabetical() {
    let index = index_of(&[("Zeta", false), ("Monzo", true), ("Álpha", false), ("Barclays", true), ("beta", false)]);
    let expected = ["Barclays", "Monzo", "Álpha", "beta", "Zeta"];
    assert_eq!(found(&index, ""), expected);
    assert_eq!(found(&index, " \t - "), expected);
}

#[test]
fn names_starting_with_the_first_query_word_come_first_then_popular_then_alphabetical() {
    let index = index_of(&[
        ("The National Bank", true),
        ("Northern National", false),
        ("National Westminster", false),
        ("Nationwide", true),
        ("First National Bank", false),
        ("Natural Bank", false),
    ]);
    assert_eq!(
        found(&index, "nat"),
        [
            "Nationwide",           // first word matches, popular
            "National Westminster", // first word matches, alphabetical
            "Natural Bank",
            "The National Bank",   // another word matches, popular
            "First National Bank", // another word matches, alphabetical
            "Northern National",
        ]
    );
    assert_eq!(found(&index, "bank nat"), ["The National Bank", "First National Bank", "Natural Bank"]);
}

#[test]
fn the_total_counts_every_match_beyond_the_limit() {
    let names: Vec<(String, bool)> = (0..120).map(|i| (format!("Bank number {i:03}"), i % 7 == 0)).collect();
    let borrowed: Vec<(&str, bool)> = names.iter().map(|(n, p)| (n.as_str(), *p)).collect();
    let index = index_of(&borrowed);
    let result = index.search("bank", 50);
    assert_eq!(result.positions().len(), 50);
    assert_eq!(result.total(), 120);
    assert_eq!(index.search("number 01", 5).total(), 10);
    assert_eq!(index.search("", 3).total(), 120);
    assert_eq!(index.search("", 3).positions().len(), 3);
    assert_eq!(index.search("bank", 0).total(), 120, "a limit of 0 still counts");
    assert!(index.search("bank", 0).positions().is_empty());
}

#[test]
fn no_match_gives_an_empty_result_with_a_total_of_zero() {
    let index = index_of(&[("Barclays", true), ("Monzo", false)]);
    let result = index.search("zzz", 50);
    assert!(result.is_empty());
    assert_eq!(result.total(), 0);
    assert!(result.positions().is_empty());
    assert!(BankIndex::new(Vec::new()).search("", 50).is_empty());
}

#[test]
fn huge_queries_and_control_characters_do_not_panic() {
    let index = index_of(&[("Barclays", true), ("First National Bank of Leeds", false)]);
    let long_word = "a".repeat(10_000);
    assert!(index.search(&long_word, 50).is_empty());
    let many_words = "b ".repeat(5_000);
    assert_eq!(index.search(&many_words, 50).total(), 2);
    let many_different: String = (0..10_000).map(|i| char::from(b'a' + u8::try_from(i % 26).expect("small"))).collect();
    assert!(index.search(&many_different, 50).is_empty());
    assert_eq!(index.search("\u{0}\u{7}\u{1b}barc\u{8}\r\n\u{7f}", 50).total(), 1);
    assert!(index.search("\u{feff}\u{200b}\u{fffd}", 50).total() == 2, "symbols alone are a blank query");
}

#[test]
fn clones_share_the_tables_and_compare_equal() {
    let index = index_of(&[("Barclays", true)]);
    let copy = index.clone();
    assert_eq!(copy, index);
    assert_eq!(copy.len(), 1);
    assert_ne!(index, index_of(&[("Monzo", true)]));
    assert!(format!("{index:?}").contains("banks: 1"));
}

/// The search, written the slow and obvious way.
fn reference_search(banks: &[Bank], query: &str) -> Vec<usize> {
    let query_words = fold_words(query);
    let mut hits: Vec<usize> = (0..banks.len())
        .filter(|&i| {
            let name_words = fold_words(&banks[i].name);
            query_words.iter().all(|q| name_words.iter().any(|w| w.starts_with(q.as_str())))
        })
        .collect();
    hits.sort_by_key(|&i| {
        let name_words = fold_words(&banks[i].name);
        let leads = match (query_words.first(), name_words.first()) {
            (Some(q), Some(w)) => w.starts_with(q.as_str()),
            _ => false,
        };
        (!leads, !banks[i].popular_bank, name_words, banks[i].name.clone(), banks[i].bank_id.clone())
    });
    hits
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Bank",
        "bank",
        "Banco",
        "National",
        "Nationale",
        "Nat",
        "Crédit",
        "credit",
        "Lloyd's",
        "of",
        "&",
        "Co-op",
        "Ñandú",
        "Straße",
        "First",
        "Fürst",
        "Savings",
        "Sav",
        "U.S.",
        "Ærø",
    ])
    .prop_map(str::to_owned)
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..5).prop_map(|words| words.join(" "))
}

fn query() -> impl Strategy<Value = String> {
    let fragment = word().prop_flat_map(|w| {
        let chars: Vec<char> = w.chars().collect();
        (1..=chars.len()).prop_map(move |n| chars[..n].iter().collect::<String>())
    });
    prop::collection::vec(fragment, 0..4).prop_map(|words| words.join(" "))
}

proptest! {
    #[test]
    fn every_result_matches_and_the_order_and_total_agree_with_the_reference(
        names in prop::collection::vec((name(), any::<bool>()), 0..40),
        query in query(),
        limit in 0usize..50,
    ) {
        let banks: Vec<Bank> =
            names.iter().enumerate().map(|(i, (name, popular))| bank(&format!("b{i}"), name, *popular)).collect();
        let index = BankIndex::new(banks.clone());
        let result = index.search(&query, limit);
        let expected = reference_search(&banks, &query);
        prop_assert_eq!(result.total(), expected.len());
        prop_assert_eq!(result.positions(), &expected[..expected.len().min(limit)]);
    }
}
