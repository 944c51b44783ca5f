//! Placeholder of the bank search index until its branch lands.

use std::sync::Arc;

use crate::api::models::Bank;

/// The banks of one country, indexed for search.
#[derive(Clone, Debug, PartialEq)]
pub struct BankIndex {
    banks: Arc<[Bank]>,
}

/// The first matches and how many there are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// Indices of the first matches, best first.
    pub indices: Vec<usize>,
    /// How many banks match in all.
    pub total: usize,
}

impl BankIndex {
    /// Indexes `banks`.
    #[must_use]
    pub fn new(banks: Vec<Bank>) -> Self {
        Self { banks: banks.into() }
    }

    /// Matches of `query`.
    #[must_use]
    pub fn search(&self, query: &str, limit: usize) -> SearchResult {
        let q = query.to_lowercase();
        let all: Vec<usize> =
            (0..self.banks.len()).filter(|&i| self.banks[i].name.to_lowercase().contains(&q)).collect();
        SearchResult { total: all.len(), indices: all.into_iter().take(limit).collect() }
    }

    /// One bank.
    #[must_use]
    pub fn bank(&self, index: usize) -> &Bank {
        &self.banks[index]
    }

    /// How many banks.
    #[must_use]
    pub fn len(&self) -> usize {
        self.banks.len()
    }

    /// True when there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.banks.is_empty()
    }
}
