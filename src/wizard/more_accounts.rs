//! The more-accounts step (multi-account link): once the first account is `active`, the other candidate accounts
//! under the same authorisation are listed (asked again while the bank refreshes them), ticked, and linked in one
//! batch, a bounded number at a time. A 429 waits as `Retry-After` says; a stale candidate (404) is found again by
//! `accountKey` in a fresh listing and linked once more; an already linked one (409) counts as linked. Cancel stops
//! what has not started. Each account linked is followed until it settles (`watch.rs`); Done leads to the overview.

use std::time::Duration;

use crate::api::LinkRefusal;
use crate::api::error::Failure;
use crate::api::models::{AvailableAccounts, BankAccount, BankAccountStatus};

mod state;
mod watch;

pub use state::{
    Batch, BatchCount, CandidateRow, Listing, MoreAccountsStep, RATE_LIMIT_LONGEST_WAIT, RATE_LIMIT_TRIES,
    RATE_LIMIT_WAIT, REFRESH_ASKS, REFRESH_WAIT, RowProblem, RowState,
};

use super::account::start_of_day;
use super::{AccountPhase, AccountStep, Effect, RequestId, Step, Wizard, new_request};

/// What the person does on the more-accounts step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoreAccountsIntent {
    /// List the candidates again (after a failure, or when the bank took long to refresh them).
    ListAgain,
    /// Tick or untick the candidate at this position.
    Toggle(usize),
    /// Tick (`true`) or untick every selectable candidate the filter shows.
    SelectShown(bool),
    /// The batch's start date was picked.
    SetStartDate(jiff::civil::Date),
    /// How many links may be in flight at once (a setting, 1 to 16).
    SetLinkConcurrency(u32),
    /// Link every ticked candidate.
    LinkSelected,
    /// Stop the batch: what has not started does not start.
    CancelBatch,
    /// Link a candidate that failed again (its position).
    LinkAgain(usize),
    /// Finished here: on to the accounts overview (once no batch runs).
    Done,
}

/// How many links may be in flight at once by default.
pub const DEFAULT_LINK_CONCURRENCY: u32 = 4;

/// The most links in flight at once the setting allows.
pub const MAX_LINK_CONCURRENCY: u32 = 16;

impl Wizard {
    /// What the person does on the more-accounts step.
    pub(super) fn on_more_accounts(&mut self, intent: MoreAccountsIntent) -> Vec<Effect> {
        match intent {
            MoreAccountsIntent::ListAgain => self.list_candidates_again(),
            MoreAccountsIntent::Toggle(position) => {
                if let Some(row) = self.more_accounts().and_then(|step| step.rows.get_mut(position))
                    && row.selectable()
                {
                    row.selected = !row.selected;
                }
                Vec::new()
            }
            MoreAccountsIntent::SelectShown(selected) => self.select_shown(selected),
            MoreAccountsIntent::SetStartDate(date) => {
                if let Some(step) = self.more_accounts() {
                    step.start_date = date;
                }
                Vec::new()
            }
            MoreAccountsIntent::SetLinkConcurrency(concurrency) => {
                self.session.link_concurrency = concurrency.clamp(1, MAX_LINK_CONCURRENCY);
                let mut effects = self.schedule();
                effects.push(self.save());
                effects
            }
            MoreAccountsIntent::LinkSelected => self.link_selected(),
            MoreAccountsIntent::CancelBatch => self.cancel_batch(),
            MoreAccountsIntent::LinkAgain(position) => self.retry_candidate(position),
            MoreAccountsIntent::Done if matches!(self.step, Step::MoreAccounts(_)) => self.show_overview(),
            MoreAccountsIntent::Done => Vec::new(),
        }
    }

    /// The more-accounts step, when it is the step shown.
    fn more_accounts(&mut self) -> Option<&mut MoreAccountsStep> {
        match &mut self.step {
            Step::MoreAccounts(step) => Some(step),
            _ => None,
        }
    }

    /// From an `active` first account to the more-accounts step: lists the candidates under its authorisation.
    pub(super) fn add_more_accounts(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { target, bank, phase: AccountPhase::Following(following) }) = &self.step else {
            return Vec::new();
        };
        if following.account.status != BankAccountStatus::Active {
            return Vec::new();
        }
        let Some(details) = &self.session.account_details else { return Vec::new() };
        let request = new_request(&mut self.last_request);
        let step = MoreAccountsStep {
            target: target.clone(),
            bank: bank.clone(),
            first: following.account.clone(),
            listing: Listing::Loading(request),
            rows: Vec::new(),
            start_date: details.start_date,
            today: details.today,
            show_problems: false,
            batch: None,
        };
        self.session.candidate_filter.clear();
        let effect = list_effect(&step, request, true, Duration::ZERO);
        self.step = Step::MoreAccounts(step);
        vec![effect]
    }

    fn list_candidates_again(&mut self) -> Vec<Effect> {
        let request = new_request(&mut self.last_request);
        let Some(step) = self.more_accounts() else { return Vec::new() };
        if !matches!(step.listing, Listing::Failed(_) | Listing::StillRefreshing | Listing::Ready) {
            return Vec::new();
        }
        step.listing = Listing::Loading(request);
        vec![list_effect(step, request, true, Duration::ZERO)]
    }

    pub(super) fn candidates_listed(
        &mut self,
        request: RequestId,
        result: Result<AvailableAccounts, Failure>,
    ) -> Vec<Effect> {
        let next = new_request(&mut self.last_request);
        let Some(step) = self.more_accounts() else { return Vec::new() };
        let (asks, finding_again) = match step.listing {
            Listing::Loading(current) if current == request => (0, false),
            Listing::Refreshing { request: current, asks } if current == request => (asks, false),
            Listing::FindingAgain(current) if current == request => (0, true),
            Listing::Loading(_)
            | Listing::Refreshing { .. }
            | Listing::FindingAgain(_)
            | Listing::Ready
            | Listing::StillRefreshing
            | Listing::Failed(_) => return Vec::new(),
        };
        let listed = match result {
            Ok(listed) => listed,
            Err(failure) if finding_again => {
                step.listing = Listing::Ready;
                fail_finding_again(step, &RowProblem::Refused(failure));
                return self.schedule();
            }
            Err(failure) => {
                step.listing = Listing::Failed(failure);
                return Vec::new();
            }
        };
        if finding_again {
            step.listing = Listing::Ready;
            find_again(step, &listed);
            return self.schedule();
        }
        step.rows = listed.available_accounts.into_iter().map(CandidateRow::new).collect();
        if !listed.refreshing {
            step.listing = Listing::Ready;
            return Vec::new();
        }
        if asks + 1 >= REFRESH_ASKS {
            step.listing = Listing::StillRefreshing;
            return Vec::new();
        }
        step.listing = Listing::Refreshing { request: next, asks: asks + 1 };
        vec![list_effect(step, next, true, REFRESH_WAIT)]
    }

    /// Ticks or unticks every selectable row the filter shows.
    fn select_shown(&mut self, selected: bool) -> Vec<Effect> {
        let filter = self.session.candidate_filter.clone();
        let Some(step) = self.more_accounts() else { return Vec::new() };
        for position in step.visible(&filter) {
            let row = &mut step.rows[position];
            if row.selectable() {
                row.selected = selected;
            }
        }
        Vec::new()
    }

    fn link_selected(&mut self) -> Vec<Effect> {
        let concurrency = self.session.link_concurrency;
        let Some(step) = self.more_accounts() else { return Vec::new() };
        if step.listing != Listing::Ready || step.selected() == 0 || step.batch.is_some_and(|b| !b.cancelled) {
            return Vec::new();
        }
        if step.start_date_problem().is_some() {
            step.show_problems = true;
            return Vec::new();
        }
        step.show_problems = false;
        for row in step.rows.iter_mut().filter(|row| row.selected && row.selectable()) {
            *row = CandidateRow { state: RowState::Queued, in_batch: true, ..row.clone() };
        }
        step.batch = Some(Batch { concurrency: concurrency_of(concurrency), cancelled: false });
        self.schedule()
    }

    pub(super) fn candidate_linked(&mut self, request: RequestId, result: Result<BankAccount, Failure>) -> Vec<Effect> {
        let next = new_request(&mut self.last_request);
        let relist = new_request(&mut self.last_request);
        let Some(step) = self.more_accounts() else { return Vec::new() };
        let Some(position) = step.rows.iter().position(|row| slot_request(&row.state) == Some(request)) else {
            return Vec::new();
        };
        let failure = match result {
            Ok(account) => {
                step.rows[position].state = RowState::Linked(account);
                let mut effects = self.schedule();
                effects.extend(self.follow_linked(position));
                return effects;
            }
            Err(failure) => failure,
        };
        let row = &mut step.rows[position];
        match LinkRefusal::of(&failure) {
            LinkRefusal::AlreadyLinked => row.state = RowState::AlreadyLinked,
            LinkRefusal::Stale if row.found_again => row.state = RowState::Failed(RowProblem::StillStale),
            LinkRefusal::Stale => {
                row.state = RowState::FindingAgain;
                if !matches!(step.listing, Listing::FindingAgain(_)) {
                    step.listing = Listing::FindingAgain(relist);
                    return vec![list_effect(step, relist, false, Duration::ZERO)];
                }
            }
            LinkRefusal::RateLimited { .. } if row.rate_limited + 1 >= RATE_LIMIT_TRIES => {
                row.state = RowState::Failed(RowProblem::TooManyWaits);
            }
            LinkRefusal::RateLimited { retry_after } => {
                row.rate_limited += 1;
                let wait = retry_after.map_or(RATE_LIMIT_WAIT, Duration::from_secs).min(RATE_LIMIT_LONGEST_WAIT);
                row.state = RowState::Waiting { request: next, wait };
                return vec![link_effect(step, &step.rows[position], next, wait)];
            }
            LinkRefusal::Other => row.state = RowState::Failed(RowProblem::Refused(failure)),
        }
        self.schedule()
    }

    /// Stops what has not started: queued rows go back to the list (still ticked), delayed calls are cancelled;
    /// calls in flight finish and are shown.
    fn cancel_batch(&mut self) -> Vec<Effect> {
        let Some(step) = self.more_accounts() else { return Vec::new() };
        let Some(batch) = &mut step.batch else { return Vec::new() };
        batch.cancelled = true;
        let mut effects = Vec::new();
        for row in &mut step.rows {
            match row.state {
                RowState::Waiting { request, .. } => effects.push(Effect::Cancel(request)),
                RowState::Queued | RowState::FindingAgain => {}
                _ => continue,
            }
            row.state = RowState::Available;
            row.in_batch = false;
        }
        effects
    }

    fn retry_candidate(&mut self, position: usize) -> Vec<Effect> {
        let Some(step) = self.more_accounts() else { return Vec::new() };
        let Some(row) = step.rows.get_mut(position) else { return Vec::new() };
        if !matches!(row.state, RowState::Failed(_)) {
            return Vec::new();
        }
        *row = CandidateRow {
            state: RowState::Queued,
            in_batch: true,
            found_again: false,
            rate_limited: 0,
            ..row.clone()
        };
        if let Some(batch) = &mut step.batch {
            batch.cancelled = false;
        }
        self.schedule()
    }

    /// Starts queued rows while the batch has free slots (none while candidates are being found again: their IDs
    /// may be stale too).
    fn schedule(&mut self) -> Vec<Effect> {
        let concurrency = concurrency_of(self.session.link_concurrency);
        let mut effects = Vec::new();
        loop {
            let request = RequestId(self.last_request + 1);
            let Some(step) = self.more_accounts() else { break };
            let Some(batch) = &mut step.batch else { break };
            batch.concurrency = concurrency;
            if batch.cancelled || matches!(step.listing, Listing::FindingAgain(_)) {
                break;
            }
            let busy = step.rows.iter().filter(|row| row.state.takes_a_slot()).count();
            let queued = step.rows.iter().position(|row| row.state == RowState::Queued);
            let (true, Some(position)) = (busy < concurrency, queued) else { break };
            step.rows[position].state = RowState::Linking(request);
            effects.push(link_effect(step, &step.rows[position], request, Duration::ZERO));
            self.last_request += 1;
        }
        effects
    }
}

/// The concurrency setting as a count of slots.
fn concurrency_of(setting: u32) -> usize {
    usize::try_from(setting.clamp(1, MAX_LINK_CONCURRENCY)).unwrap_or(1)
}

/// The call a row's slot is held by, if it holds one.
fn slot_request(state: &RowState) -> Option<RequestId> {
    match state {
        RowState::Linking(request) | RowState::Waiting { request, .. } => Some(*request),
        _ => None,
    }
}

fn list_effect(step: &MoreAccountsStep, request: RequestId, filter_connected: bool, after: Duration) -> Effect {
    Effect::ListCandidates {
        request,
        target: step.target.clone(),
        connected: vec![step.first.bank_account_id.clone()],
        filter_connected,
        after,
    }
}

fn link_effect(step: &MoreAccountsStep, row: &CandidateRow, request: RequestId, after: Duration) -> Effect {
    Effect::LinkCandidate {
        request,
        target: step.target.clone(),
        candidate: row.candidate.bank_account_candidate_id.clone(),
        start: start_of_day(step.start_date),
        after,
    }
}

/// A fresh listing (connected ones included) after a stale ID: every row gets its candidate's fresh data by
/// `accountKey`; rows being found again go back to the queue once, count as linked when connected meanwhile, or
/// fail when the bank no longer offers them.
fn find_again(step: &mut MoreAccountsStep, listed: &AvailableAccounts) {
    for row in &mut step.rows {
        let key = row.candidate.account_key.clone();
        let fresh = listed.available_accounts.iter().find(|c| key.is_some() && c.account_key == key);
        let finding = row.state == RowState::FindingAgain;
        match fresh {
            Some(fresh) if finding && fresh.is_connected() => row.state = RowState::AlreadyLinked,
            Some(fresh) => {
                row.candidate = fresh.clone();
                if finding {
                    row.state = RowState::Queued;
                    row.found_again = true;
                }
            }
            None if finding => row.state = RowState::Failed(RowProblem::NoLongerOffered),
            None => {}
        }
    }
}

/// The fresh listing failed: every row being found again fails with `problem`.
fn fail_finding_again(step: &mut MoreAccountsStep, problem: &RowProblem) {
    for row in step.rows.iter_mut().filter(|row| row.state == RowState::FindingAgain) {
        row.state = RowState::Failed(problem.clone());
    }
}
