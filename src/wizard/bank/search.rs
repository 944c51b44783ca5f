//! The bank search index: type-ahead over one country's banks, built once, answered in microseconds. Pure: must not
//! import egui, tokio, reqwest or a clock.
//!
//! A bank matches when every word of the query is the start of some word of its name, in any order, ignoring case
//! and accents (the folding rules are in `fold.rs`): "nat bank" finds "First National Bank of Leeds". A query word
//! may match the same name word as another query word. Matches are ranked:
//! 1. names whose first word starts with the query's first word;
//! 2. then popular banks before the others;
//! 3. then alphabetically by folded name.
//!
//! A blank query matches every bank: popular ones first, each group alphabetical.
//!
//! How: every distinct folded word of every name is kept once, sorted, with the banks that use it (their postings)
//! laid out one after another in word order. The words starting with a query word are then one contiguous range,
//! found by binary search, and so are their postings. Banks are numbered by their rank for a blank query, so a set
//! of matches kept as a bit set lists them in rank order.
//!
//! A search that finds nothing can ask for the nearest names instead ([`BankIndex::suggest`], in `suggest.rs`).

mod fold;
mod suggest;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::api::models::Bank;

/// The banks of one list, indexed for type-ahead search. Cheap to clone: the tables are shared.
#[derive(Clone)]
pub struct BankIndex {
    tables: Arc<Tables>,
}

/// What [`BankIndex::search`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// Positions in the index's bank list of the first matches, best first.
    positions: Vec<usize>,
    /// How many banks match in all, shown or not.
    total: usize,
}

impl SearchResult {
    /// Positions (as given to [`BankIndex::new`]) of the matches shown, best first; look them up with
    /// [`BankIndex::bank`].
    #[must_use]
    pub fn positions(&self) -> &[usize] {
        &self.positions
    }

    /// How many banks match in all, including those beyond the limit.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// True when no bank matches.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// The index's tables, built once.
struct Tables {
    /// The banks, in the order given.
    banks: Arc<[Bank]>,
    /// Position in `banks` of the bank of each rank.
    by_rank: Box<[usize]>,
    /// Every distinct folded word of every name, sorted.
    words: Box<[Box<str>]>,
    /// Where each word's postings start in `postings`; one more entry than `words`, the last being the end.
    posting_starts: Box<[usize]>,
    /// The ranks of the banks using each word, word after word, each word's ranks ascending.
    postings: Box<[usize]>,
    /// For each rank, the index in `words` of the name's first word; `usize::MAX` for a name without words.
    first_word: Box<[usize]>,
}

impl BankIndex {
    /// Indexes `banks` (one country's list): folds every name and sorts once.
    #[must_use]
    pub fn new(banks: impl Into<Arc<[Bank]>>) -> Self {
        let banks: Arc<[Bank]> = banks.into();
        let mut folded_names: Vec<Vec<String>> = banks.iter().map(|bank| fold::fold_words(&bank.name)).collect();
        let mut by_rank: Vec<usize> = (0..banks.len()).collect();
        by_rank.sort_by(|&a, &b| {
            let (bank_a, bank_b) = (&banks[a], &banks[b]);
            bank_b
                .popular_bank
                .cmp(&bank_a.popular_bank)
                .then_with(|| folded_names[a].cmp(&folded_names[b]))
                .then_with(|| bank_a.name.cmp(&bank_b.name))
                .then_with(|| bank_a.bank_id.cmp(&bank_b.bank_id))
        });

        let mut word_uses: Vec<(String, usize)> = Vec::new();
        let mut first_words: Vec<Option<String>> = Vec::with_capacity(banks.len());
        for (rank, &position) in by_rank.iter().enumerate() {
            let name_words = std::mem::take(&mut folded_names[position]);
            first_words.push(name_words.first().cloned());
            word_uses.extend(name_words.into_iter().map(|word| (word, rank)));
        }
        word_uses.sort_unstable();
        word_uses.dedup();

        let mut words: Vec<Box<str>> = Vec::new();
        let mut posting_starts = Vec::new();
        let mut postings = Vec::with_capacity(word_uses.len());
        for (word, rank) in word_uses {
            if words.last().is_none_or(|last| **last != *word) {
                posting_starts.push(postings.len());
                words.push(word.into_boxed_str());
            }
            postings.push(rank);
        }
        posting_starts.push(postings.len());
        let first_word = first_words
            .iter()
            .map(|first| first.as_ref().and_then(|w| words.binary_search_by(|x| (**x).cmp(w)).ok()))
            .map(|index| index.unwrap_or(usize::MAX))
            .collect();

        let tables = Tables {
            banks,
            by_rank: by_rank.into(),
            words: words.into(),
            posting_starts: posting_starts.into(),
            postings: postings.into(),
            first_word,
        };
        Self { tables: Arc::new(tables) }
    }

    /// The bank at `position` in the list given to [`BankIndex::new`].
    #[must_use]
    pub fn bank(&self, position: usize) -> Option<&Bank> {
        self.tables.banks.get(position)
    }

    /// All the banks, in the order given.
    #[must_use]
    pub fn banks(&self) -> &[Bank] {
        &self.tables.banks
    }

    /// How many banks are indexed.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tables.banks.len()
    }

    /// True when there are no banks.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tables.banks.is_empty()
    }

    /// The first `limit` banks matching `query`, best first, and how many match in all (see the module's rules).
    #[must_use]
    pub fn search(&self, query: &str, limit: usize) -> SearchResult {
        let tables = &*self.tables;
        let mut folded = String::with_capacity(query.len().min(256));
        fold::fold_words_into(query, &mut folded);
        let typed: Vec<&str> = folded.split_terminator(' ').collect();
        let Some(&lead) = typed.first() else {
            let positions = tables.by_rank.iter().take(limit).copied().collect();
            return SearchResult { positions, total: tables.banks.len() };
        };

        let mut matches = RankSet::empty(tables.banks.len());
        let mut scratch = RankSet::empty(tables.banks.len());
        for (i, word) in needed_words(typed).into_iter().enumerate() {
            let set = if i == 0 { &mut matches } else { &mut scratch };
            set.clear();
            for &rank in tables.postings_of(tables.words_starting_with(word)) {
                set.insert(rank);
            }
            if i > 0 {
                matches.intersect(&scratch);
            }
            if matches.is_empty() {
                return SearchResult::default();
            }
        }

        let leading = tables.words_starting_with(lead);
        let leads = |rank: &usize| tables.first_word.get(*rank).is_some_and(|w| leading.contains(w));
        let position_of = |rank: usize| tables.by_rank.get(rank).copied();
        let total = matches.len();
        let mut positions = Vec::with_capacity(limit.min(total));
        positions.extend(matches.iter().filter(leads).take(limit).filter_map(position_of));
        let rest = limit.saturating_sub(positions.len());
        positions.extend(matches.iter().filter(|rank| !leads(rank)).take(rest).filter_map(position_of));
        SearchResult { positions, total }
    }
}

/// The query words that narrow the search: each distinct word once, less any word that starts another (a name word
/// starting with "national" also starts with "nat").
fn needed_words(mut typed: Vec<&str>) -> Vec<&str> {
    typed.sort_unstable();
    typed.dedup();
    let mut needed = Vec::with_capacity(typed.len());
    for (i, word) in typed.iter().enumerate() {
        if typed.get(i + 1).is_none_or(|next| !next.starts_with(word)) {
            needed.push(*word);
        }
    }
    needed
}

impl Tables {
    /// The range of `words` that start with `prefix`.
    fn words_starting_with(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.words.partition_point(|word| **word < *prefix);
        let rest = self.words.get(start..).unwrap_or_default();
        start..start + rest.partition_point(|word| word.starts_with(prefix))
    }

    /// The postings of a range of words.
    fn postings_of(&self, words: std::ops::Range<usize>) -> &[usize] {
        let start = self.posting_starts.get(words.start).copied().unwrap_or(0);
        let end = self.posting_starts.get(words.end).copied().unwrap_or(start);
        self.postings.get(start..end).unwrap_or_default()
    }
}

/// A set of ranks as bits, listed in ascending order.
struct RankSet {
    blocks: Vec<u64>,
}

impl RankSet {
    fn empty(ranks: usize) -> Self {
        Self { blocks: vec![0; ranks.div_ceil(64)] }
    }

    fn clear(&mut self) {
        self.blocks.fill(0);
    }

    fn insert(&mut self, rank: usize) {
        if let Some(block) = self.blocks.get_mut(rank / 64) {
            *block |= 1 << (rank % 64);
        }
    }

    fn intersect(&mut self, other: &Self) {
        for (mine, theirs) in self.blocks.iter_mut().zip(&other.blocks) {
            *mine &= theirs;
        }
    }

    fn is_empty(&self) -> bool {
        self.blocks.iter().all(|&block| block == 0)
    }

    fn len(&self) -> usize {
        self.blocks.iter().map(|block| block.count_ones() as usize).sum()
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.blocks.iter().enumerate().flat_map(|(i, &block)| {
            let mut rest = block;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    i * 64 + bit
                })
            })
        })
    }
}

impl std::fmt::Debug for BankIndex {
    /// Counts rather than thousands of banks, so a wizard state stays readable in logs and test failures.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BankIndex")
            .field("banks", &self.tables.banks.len())
            .field("words", &self.tables.words.len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for BankIndex {
    /// Two indexes are equal when they index equal bank lists (the tables follow from the list).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.tables, &other.tables) || self.tables.banks == other.tables.banks
    }
}

impl Eq for BankIndex {}
