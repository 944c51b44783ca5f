//! The more-accounts step follows the accounts it linked, as the bank account step follows its one: each account a
//! candidate was linked as that is still `pending` gets a status watch (`Effect::WatchBankAccount`), and its row turns
//! `active`, or to the status it settles in, with no press. A watch that stops first (its deadline, a failure) leaves
//! its reason on the row. Leaving the step stops every watch (`Wizard::stop_step_tasks`).

use jiff::Timestamp;

use crate::api::error::Failure;
use crate::api::models::{BankAccount, BankAccountStatus};
use crate::wizard::{CandidateRow, Effect, RequestId, RowState, Step, Watch, WatchStop, Wizard};

impl Wizard {
    /// Starts following the account the row at `position` was linked as, when it is still `pending` and not followed
    /// yet.
    pub(super) fn follow_linked(&mut self, position: usize) -> Option<Effect> {
        let Step::MoreAccounts(step) = &self.step else { return None };
        let row = step.rows.get(position)?;
        let RowState::Linked(account) = &row.state else { return None };
        if account.status != BankAccountStatus::Pending || row.watching().is_some() {
            return None;
        }
        let (target, account) = (step.target.clone(), account.bank_account_id.clone());
        let request = self.next_request();
        let effect = self.watch_effect(request, target, account, false);
        let row = self.more_accounts()?.rows.get_mut(position)?;
        row.watch = Watch::Running { request, next_check_at: None };
        Some(effect)
    }

    /// One status check of a linked account's watch: its row shows the account as read.
    pub(in crate::wizard) fn linked_account_checked(
        &mut self,
        request: RequestId,
        result: Result<BankAccount, Failure>,
        next_check_at: Option<Timestamp>,
    ) -> Vec<Effect> {
        let Some(row) = self.watched_row(request) else { return Vec::new() };
        row.watch = match next_check_at {
            Some(at) => Watch::Running { request, next_check_at: Some(at) },
            None => Watch::Stopped(None),
        };
        // A failed check is tried again by the watch (or ends it, with a reason): the row keeps what was last read.
        if let (Ok(account), RowState::Linked(shown)) = (result, &mut row.state) {
            *shown = account;
        }
        Vec::new()
    }

    /// A linked account's watch stopped before the account settled: its row says why.
    pub(in crate::wizard) fn linked_watch_ended(&mut self, request: RequestId, stop: WatchStop) -> Vec<Effect> {
        if let Some(row) = self.watched_row(request) {
            row.watch = Watch::Stopped(Some(stop));
        }
        Vec::new()
    }

    /// The row whose account the watch `request` follows, while that watch is still the row's.
    fn watched_row(&mut self, request: RequestId) -> Option<&mut CandidateRow> {
        self.more_accounts()?.rows.iter_mut().find(|row| row.watching() == Some(request))
    }
}
