//! The nearest bank names to a search that found nothing ("barclys" → "Barclays"), by edit distance over the index's
//! words. Pure: must not import egui, tokio, reqwest or a clock.
//!
//! Each word typed is compared, folded as the search folds it, with every distinct word of the list's names: with the
//! whole word and, once five letters are typed, with its start as long as what was typed (someone still typing
//! "santnad" means "santander"; "test" is not taken for the start of "western"). Their
//! nearness is one less the optimal-string-alignment distance (an adjacent swap counts as one edit) over the longer
//! length, so one slip in five letters is 0.8. A name is suggested when every word typed is at least [`CUT_OFF`] near
//! one of its words; names are ranked by the mean nearness, then as a blank search ranks them (popular first). One
//! slip in a short word ("hsbx") is enough; nonsense is near nothing, so it gets no suggestion.
//!
//! Cost: one comparison per distinct word of the list and word typed, then one pass over the banks; the views ask
//! once per query that found nothing.

use super::{BankIndex, fold};

/// How near each word typed must be to a word of a name for the name to be suggested: 0.7 lets one slip through in
/// a word of four letters or more, two in one of seven or more.
pub const CUT_OFF: f64 = 0.7;

/// How many letters a word typed needs before it is also compared with the start of longer words: fewer say too
/// little ("amex" would be one slip from the start of "american").
const PREFIX_FROM: usize = 5;

/// The most words of a query compared; a longer query gets no suggestion (it is a sentence, not a name).
const MOST_WORDS: usize = 8;

impl BankIndex {
    /// Positions (as given to [`BankIndex::new`]) of up to `limit` banks whose names are nearest to `query`, nearest
    /// first, each name once; none for a blank query or one near no name (see the module's rules).
    #[must_use]
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<usize> {
        let tables = &*self.tables;
        let mut folded = String::with_capacity(query.len().min(256));
        fold::fold_words_into(query, &mut folded);
        let mut typed: Vec<&str> = folded.split_terminator(' ').collect();
        typed.sort_unstable();
        typed.dedup();
        if typed.is_empty() || typed.len() > MOST_WORDS || limit == 0 {
            return Vec::new();
        }
        let banks = tables.banks.len();
        let mut total = vec![0.0_f64; banks];
        let mut near_words = vec![0_usize; banks];
        let mut best = vec![0.0_f64; banks];
        for word in &typed {
            best.fill(0.0);
            for (index, name_word) in tables.words.iter().enumerate() {
                let near = nearness(word, name_word);
                if near >= CUT_OFF {
                    for &rank in tables.postings_of(index..index + 1) {
                        if let Some(kept) = best.get_mut(rank) {
                            *kept = kept.max(near);
                        }
                    }
                }
            }
            for ((kept, sum), count) in best.iter().zip(&mut total).zip(&mut near_words) {
                if *kept > 0.0 {
                    *sum += kept;
                    *count += 1;
                }
            }
        }
        let mut ranked: Vec<(f64, usize)> = (0..banks)
            .filter(|&rank| near_words.get(rank) == Some(&typed.len()))
            .filter_map(|rank| Some((*total.get(rank)?, rank)))
            .collect();
        ranked.sort_by(|(a, rank_a), (b, rank_b)| b.total_cmp(a).then(rank_a.cmp(rank_b)));
        let mut positions: Vec<usize> = Vec::with_capacity(limit);
        for (_, rank) in ranked {
            let Some(&position) = tables.by_rank.get(rank) else { continue };
            let name = tables.banks.get(position).map(|bank| bank.name.as_str());
            if positions.iter().all(|&kept| tables.banks.get(kept).map(|bank| bank.name.as_str()) != name) {
                positions.push(position);
            }
            if positions.len() == limit {
                break;
            }
        }
        positions
    }
}

/// How near a word typed is to a word of a name, from 0 to 1: the better of the whole word and, for a word typed of
/// [`PREFIX_FROM`] letters or more, its start as long as what was typed.
fn nearness(typed: &str, name_word: &str) -> f64 {
    let typed_len = typed.chars().count();
    let word_len = name_word.chars().count();
    // The distance is at least the difference in length: when that alone is too far, the whole word is not compared.
    let whole = if within_reach(typed_len, word_len) { similarity(typed, name_word) } else { 0.0 };
    if typed_len < PREFIX_FROM {
        return whole;
    }
    match name_word.char_indices().nth(typed_len) {
        Some((end, _)) => whole.max(similarity(typed, name_word.get(..end).unwrap_or(name_word))),
        None => whole,
    }
}

/// True when words of these lengths may be [`CUT_OFF`] near: their difference in length, the fewest edits between
/// them, leaves them near enough.
fn within_reach(a: usize, b: usize) -> bool {
    let (shorter, longer) = (a.min(b), a.max(b));
    #[expect(clippy::cast_precision_loss, reason = "word lengths are far below 2^52")]
    let best = if longer == 0 { 1.0 } else { shorter as f64 / longer as f64 };
    best >= CUT_OFF
}

/// One less the optimal-string-alignment distance over the longer length.
fn similarity(a: &str, b: &str) -> f64 {
    let longer = a.chars().count().max(b.chars().count());
    if longer == 0 {
        return 1.0;
    }
    let distance = strsim::osa_distance(a, b).min(longer);
    #[expect(clippy::cast_precision_loss, reason = "word lengths are far below 2^52")]
    let nearness = 1.0 - distance as f64 / longer as f64;
    nearness
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ids::BankId;
    use crate::api::models::{Bank, BankFlags, DataProvider};

    fn index_of(names: &[(&str, bool)]) -> BankIndex {
        let banks: Vec<Bank> = names
            .iter()
            .enumerate()
            .map(|(i, &(name, popular_bank))| Bank {
                bank_id: BankId(format!("b{i}")),
                name: name.to_owned(),
                primary_country: "GBR".to_owned(),
                data_provider: DataProvider::Indirect,
                account_types: Vec::new(),
                status: "active".to_owned(),
                popular_bank,
                logo: None,
                flags: BankFlags::default(),
                authorisation_mechanism: None,
                bank_url: None,
            })
            .collect();
        BankIndex::new(banks)
    }

    fn suggested(index: &BankIndex, query: &str) -> Vec<String> {
        let names = index.suggest(query, 3).into_iter().filter_map(|position| index.bank(position));
        names.map(|bank| bank.name.clone()).collect()
    }

    fn british() -> BankIndex {
        index_of(&[
            ("Barclays", true),
            ("Santander UK", true),
            ("Santander Corporate Banking", false),
            ("HSBC UK", true),
            ("Lloyds Bank", true),
            ("NatWest", true),
            ("Nationwide Building Society", true),
            ("Monzo", false),
            ("Starling Bank", false),
            ("First National Bank of Leeds", false),
            ("Crédit Agricole", false),
        ])
    }

    #[test]
    fn a_misspelt_name_suggests_the_bank_meant() {
        let index = british();
        assert_eq!(suggested(&index, "barclys"), ["Barclays"]);
        assert_eq!(suggested(&index, "santnader"), ["Santander UK", "Santander Corporate Banking"]);
        assert_eq!(suggested(&index, "natwset"), ["NatWest"]);
        assert_eq!(suggested(&index, "hsbx"), ["HSBC UK"]);
        assert_eq!(suggested(&index, "LLOYDDS"), ["Lloyds Bank"]);
        assert_eq!(suggested(&index, "credti agricole"), ["Crédit Agricole"], "accents fold on both sides");
    }

    #[test]
    fn a_name_still_being_typed_with_a_slip_suggests_the_bank_it_starts() {
        let index = british();
        assert_eq!(suggested(&index, "santnad"), ["Santander UK", "Santander Corporate Banking"]);
        assert_eq!(suggested(&index, "natinowide"), ["Nationwide Building Society"]);
    }

    #[test]
    fn every_word_typed_must_be_near_a_word_of_the_name() {
        let index = british();
        assert_eq!(suggested(&index, "frist national leeds"), ["First National Bank of Leeds"]);
        assert_eq!(suggested(&index, "starling qqqqqq"), Vec::<String>::new(), "one word near nothing");
    }

    #[test]
    fn nonsense_and_blank_queries_get_no_suggestion() {
        let index = british();
        for query in ["xyz", "qwerty", "zzzzzzzz", "1234", "", "  - & ", "bank of the moon and the stars"] {
            assert_eq!(suggested(&index, query), Vec::<String>::new(), "{query:?}");
        }
    }

    #[test]
    fn at_most_the_limit_nearest_first_then_popular_first_each_name_once() {
        let index = index_of(&[
            ("Barclay Bank", false),
            ("Barclays", false),
            ("Barclays", false),
            ("Barclay Trust", true),
            ("Barley Mow Bank", false),
        ]);
        assert_eq!(suggested(&index, "barclys"), ["Barclays", "Barclay Trust", "Barclay Bank"]);
        assert_eq!(index.suggest("barclys", 1).len(), 1);
        assert!(index.suggest("barclys", 0).is_empty());
    }

    #[test]
    fn nearness_counts_an_adjacent_swap_as_one_slip_and_reads_the_start_of_longer_words() {
        assert!((similarity("santnader", "santander") - (1.0 - 1.0 / 9.0)).abs() < 1e-9);
        assert!((similarity("abc", "abc") - 1.0).abs() < 1e-9);
        assert!(similarity("xyz", "abc") < 1e-9);
        assert!((nearness("natio", "nationwide") - 1.0).abs() < 1e-9, "a start is as near as can be");
        assert!(nearness("test", "western") < CUT_OFF, "four letters are compared with whole words only");
        assert!(nearness("tests", "western") < CUT_OFF);
        assert!(nearness("qq", "barclays") < CUT_OFF);
        assert!(within_reach(7, 10) && !within_reach(6, 10), "7 of 10 letters can be 0.7 near, 6 cannot");
        assert!((nearness("lloyds", "lloyd") - similarity("lloyds", "lloyd")).abs() < 1e-9);
    }
}
