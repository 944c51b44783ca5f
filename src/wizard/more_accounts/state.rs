//! The more-accounts step's data (multi-account link): the candidate accounts under the first account's
//! authorisation, which are selected, each row's part in a batch link and the status watch of the account it was
//! linked as; with the pure questions the screen asks of it (what the filter shows, how many are selected, how far
//! the batch got).

use std::time::Duration;

use jiff::civil::Date;

use crate::api::error::Failure;
use crate::api::ids::BankAccountId;
use crate::api::models::{Bank, BankAccount, Candidate};

use crate::wizard::{LinkTarget, RequestId, Watch};

/// The more-accounts step: the first account's bank and authorisation, the candidates, and the batch, if one started.
#[derive(Clone, Debug, PartialEq)]
pub struct MoreAccountsStep {
    /// The organisation and company the accounts go to.
    pub target: LinkTarget,
    /// The bank.
    pub bank: Bank,
    /// The first account under the authorisation (`active`).
    pub first: BankAccount,
    /// Where the list of candidates is.
    pub listing: Listing,
    /// One row per candidate, in the service's order.
    pub rows: Vec<CandidateRow>,
    /// The start date for every account of the batch, and today (no start date after it).
    pub start_date: Date,
    /// Today, as the wizard last heard it.
    pub today: Date,
    /// Show the start date's problem (after an attempt to link).
    pub show_problems: bool,
    /// The batch, once "Link N accounts" was pressed.
    pub batch: Option<Batch>,
}

/// Where the list of candidates is.
#[derive(Clone, Debug, PartialEq)]
pub enum Listing {
    /// Being asked for.
    Loading(RequestId),
    /// The bank is still refreshing its list: asked again after a short wait (`asks` so far).
    Refreshing {
        /// The next listing's ID.
        request: RequestId,
        /// How many listings answered `refreshing` in a row.
        asks: u32,
    },
    /// Asked again to find stale candidates by `accountKey`.
    FindingAgain(RequestId),
    /// Listed.
    Ready,
    /// Still refreshing after [`REFRESH_ASKS`] listings: the person may ask again.
    StillRefreshing,
    /// The listing failed.
    Failed(Failure),
}

/// How many listings in a row may answer `refreshing` before the wizard stops asking by itself.
pub const REFRESH_ASKS: u32 = 30;

/// How long to wait before asking again for a list that is refreshing.
pub const REFRESH_WAIT: Duration = Duration::from_secs(2);

/// One candidate, whether it is selected, and where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateRow {
    /// The candidate as last listed.
    pub candidate: Candidate,
    /// Ticked.
    pub selected: bool,
    /// Where it is.
    pub state: RowState,
    /// Part of the batch (queued once, not cancelled).
    pub in_batch: bool,
    /// Its ID was found again after a 404 once; a second 404 fails it.
    pub found_again: bool,
    /// How many 429 answers it got in a row.
    pub rate_limited: u32,
    /// The status watch of the bank account it was linked as (from `pending` until it settles), as on the bank
    /// account step: running, or stopped (and why, when it stopped before the account settled).
    pub watch: Watch,
}

/// Where one candidate is.
#[allow(
    clippy::large_enum_variant,
    reason = "a few hundred rows at most; boxing the linked account would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum RowState {
    /// Not linked: it may be selected.
    Available,
    /// Already linked in this company, as the listing says: shown greyed, never selectable.
    Connected(Option<BankAccountId>),
    /// Waiting for a free slot in the batch.
    Queued,
    /// `linkavailablebankaccount` under way.
    Linking(RequestId),
    /// The service asked to wait (429): the same call goes out again after `wait`.
    Waiting {
        /// The delayed call's ID.
        request: RequestId,
        /// How long it waits.
        wait: Duration,
    },
    /// Its ID was stale (404): waiting for a fresh listing to find it by `accountKey`.
    FindingAgain,
    /// Linked now, as this bank account.
    Linked(BankAccount),
    /// Already linked (409): nothing more to do.
    AlreadyLinked,
    /// Not linked, and why; it may be retried.
    Failed(RowProblem),
}

/// Why a candidate was not linked.
#[derive(Clone, Debug, PartialEq)]
pub enum RowProblem {
    /// The service refused or could not be reached.
    Refused(Failure),
    /// A fresh listing no longer has an account with its key.
    NoLongerOffered,
    /// Its ID was stale again right after it was found afresh.
    StillStale,
    /// The service kept asking to wait.
    TooManyWaits,
}

/// How many 429 answers in a row one candidate may get before it fails.
pub const RATE_LIMIT_TRIES: u32 = 5;

/// The wait after a 429 without `Retry-After`.
pub const RATE_LIMIT_WAIT: Duration = Duration::from_secs(2);

/// The longest wait a 429's `Retry-After` is honoured for.
pub const RATE_LIMIT_LONGEST_WAIT: Duration = Duration::from_mins(1);

/// A batch link under way or finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Batch {
    /// How many calls may be in flight at once.
    pub concurrency: usize,
    /// Cancel was pressed: nothing more starts.
    pub cancelled: bool,
}

/// How far a batch got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchCount {
    /// Rows in the batch.
    pub total: usize,
    /// Linked now, or found already linked.
    pub linked: usize,
    /// Failed.
    pub failed: usize,
    /// Not finished yet (queued, linking, waiting, being found again).
    pub open: usize,
}

impl RowState {
    /// True while the batch still has work for this row.
    #[must_use]
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Queued | Self::Linking(_) | Self::Waiting { .. } | Self::FindingAgain)
    }

    /// True while a call for this row is in flight or scheduled (it takes a slot of the batch).
    #[must_use]
    pub fn takes_a_slot(&self) -> bool {
        matches!(self, Self::Linking(_) | Self::Waiting { .. })
    }
}

impl CandidateRow {
    /// A row for a freshly listed candidate: unselected, greyed when the listing says it is connected.
    #[must_use]
    pub fn new(candidate: Candidate) -> Self {
        let state = if candidate.is_connected() {
            RowState::Connected(candidate.connected_bank_account_id().cloned())
        } else {
            RowState::Available
        };
        Self {
            candidate,
            selected: false,
            state,
            in_batch: false,
            found_again: false,
            rate_limited: 0,
            watch: Watch::Stopped(None),
        }
    }

    /// The status watch running for the account it was linked as, if one is.
    #[must_use]
    pub fn watching(&self) -> Option<RequestId> {
        match self.watch {
            Watch::Running { request, .. } => Some(request),
            Watch::Stopped(_) => None,
        }
    }

    /// Stops following the account it was linked as; the watch that ran, if one did, is returned to be cancelled.
    pub fn stop_watching(&mut self) -> Option<RequestId> {
        let running = self.watching();
        self.watch = Watch::Stopped(None);
        running
    }

    /// True when the person may tick it.
    #[must_use]
    pub fn selectable(&self) -> bool {
        matches!(self.state, RowState::Available)
    }

    /// The name people know the account by: its own, or its metadata's; `None` when the bank gave it none (the UI
    /// then words it as unnamed).
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        let metadata_name = self.candidate.metadata.as_ref().and_then(|m| m.account_name.as_deref());
        self.candidate.account_name.as_deref().or(metadata_name)
    }

    /// True when `filter` (already lower-cased and trimmed) is found in its name, alternative name, masked number,
    /// type, subtype or currency.
    #[must_use]
    pub fn matches(&self, filter: &str) -> bool {
        if filter.is_empty() {
            return true;
        }
        let metadata = self.candidate.metadata.as_ref();
        let texts = [
            self.name(),
            metadata.and_then(|m| m.alternative_account_name.as_deref()),
            metadata.and_then(|m| m.masked_account_number.as_deref()),
            metadata.and_then(|m| m.account_sub_type.as_deref()),
            self.candidate.account_type.as_deref(),
            self.candidate.default_currency.as_deref(),
        ];
        texts.into_iter().flatten().any(|text| text.to_lowercase().contains(filter))
    }
}

impl MoreAccountsStep {
    /// The positions of the rows the filter shows.
    #[must_use]
    pub fn visible(&self, filter: &str) -> Vec<usize> {
        let filter = filter.trim().to_lowercase();
        self.rows.iter().enumerate().filter(|(_, row)| row.matches(&filter)).map(|(position, _)| position).collect()
    }

    /// How many selectable rows are ticked.
    #[must_use]
    pub fn selected(&self) -> usize {
        self.rows.iter().filter(|row| row.selected && row.selectable()).count()
    }

    /// How far the batch got.
    #[must_use]
    pub fn count(&self) -> BatchCount {
        let mut count = BatchCount::default();
        for row in self.rows.iter().filter(|row| row.in_batch) {
            count.total += 1;
            match &row.state {
                RowState::Linked(_) | RowState::AlreadyLinked | RowState::Connected(_) => count.linked += 1,
                RowState::Failed(_) => count.failed += 1,
                state if state.is_open() => count.open += 1,
                _ => {}
            }
        }
        count
    }

    /// True once a batch started and nothing of it is left to do.
    #[must_use]
    pub fn batch_finished(&self) -> bool {
        self.batch.is_some() && self.count().open == 0
    }

    /// What is wrong with the start date, if anything.
    #[must_use]
    pub fn start_date_problem(&self) -> Option<crate::wizard::StartDateProblem> {
        crate::wizard::account::start_date_problem(self.start_date, self.today)
    }
}
