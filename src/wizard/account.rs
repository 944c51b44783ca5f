//! The bank account step: its name and start date, `POST …/bankaccounts` (never twice: a lost answer is found by
//! its `accountKey` instead of sent again), then its status followed from `pending` to `active`.

use std::time::Duration;

use jiff::Timestamp;

use crate::api::assumed::codes;
use crate::api::error::Failure;
use crate::api::ids::BankAccountId;
use crate::api::models::{Bank, BankAccount, BankAccountStatus, LinkedAccount, NewBankAccount};

mod actions;
mod details;

pub use details::{
    AccountDetails, AccountNameProblem, StartDateProblem, default_start_date, details_for, details_for_account,
    start_date_problem, start_of_day,
};

use super::{Effect, Event, LinkStage, LinkTarget, RequestId, Step, Waiting, Wizard};

/// How often a new account's status is checked.
pub const ACCOUNT_CHECK_EVERY: Duration = Duration::from_secs(3);

/// The bank account: its name and start date, then its creation and status.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountStep {
    /// The organisation the account is for.
    pub target: LinkTarget,
    /// Where it is.
    pub phase: AccountPhase,
}

/// Where the bank account is.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum AccountPhase {
    /// The name and start date are being chosen; `problem` is why the last create failed.
    Details {
        /// Show every field's problem (after the first attempt to create).
        show_problems: bool,
        /// Why the last attempt failed.
        problem: Option<Failure>,
    },
    /// `POST …/bankaccounts` under way.
    Creating(RequestId),
    /// Looking for an account whose creation answer was lost (after a restart or a 409).
    Finding(RequestId),
    /// Created: its status is followed until `active`.
    Following(Following),
}

/// A created bank account whose status is followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Following {
    /// The status watch (its answers carry this ID); `None` once it stopped.
    pub watch: Option<RequestId>,
    /// The account as last read.
    pub account: BankAccount,
    /// When it was last read.
    pub checked_at: Option<Timestamp>,
    /// When the next check is due.
    pub next_check_at: Option<Timestamp>,
    /// Why the watch stopped before `active`, if it did.
    pub stopped: Option<WatchStop>,
    /// A re-authorisation at the bank, once asked for.
    pub reauth: Option<Reauth>,
    /// Removing the account, once asked for.
    pub removal: Option<Removal>,
}

impl Following {
    /// Following `account` under `watch`, nothing else asked for yet.
    #[must_use]
    pub fn new(account: BankAccount, watch: Option<RequestId>) -> Self {
        Self { watch, account, checked_at: None, next_check_at: None, stopped: None, reauth: None, removal: None }
    }
}

/// A re-authorisation of an `authRequired` account at its bank.
#[derive(Clone, Debug, PartialEq)]
pub enum Reauth {
    /// Asking the Banking Service for the bank's page.
    Starting(RequestId),
    /// The bank's page is open; the account's status is followed until it is `active` again.
    Waiting(Waiting),
    /// The account is `active` again.
    Done,
    /// It could not be started.
    Failed(Failure),
}

/// Removing a bank account (`DELETE`), after a confirmation that says what stops.
#[derive(Clone, Debug, PartialEq)]
pub enum Removal {
    /// Asking the person to confirm.
    Confirming,
    /// `DELETE` under way.
    Removing(RequestId),
    /// It failed; the account is as it was.
    Failed(Failure),
}

/// Why the status watch stopped before the account was `active`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatchStop {
    /// The person stopped it.
    Cancelled,
    /// The deadline passed.
    TimedOut,
    /// A failure that checking again cannot mend.
    Failed(Failure),
}

impl Wizard {
    pub(super) fn update_account(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::CreateBankAccount => self.create_bank_account(),
            Event::BankAccountCreated { request, result } => self.bank_account_created(request, result),
            Event::BankAccountFound { request, result } => self.bank_account_found(request, result),
            Event::AccountChecked { request, at, result, next_check_at } => {
                if let Some(following) = self.following(request) {
                    following.next_check_at = next_check_at;
                    let failure = match result {
                        Ok(account) => {
                            following.account = account;
                            following.checked_at = Some(at);
                            None
                        }
                        Err(failure) => Some(failure),
                    };
                    if next_check_at.is_none() {
                        following.watch = None;
                    }
                    let reading = failure.is_none();
                    actions::note_reauth_check(following, failure);
                    let active = following.account.status == BankAccountStatus::Active;
                    // Only the first reading after a restart decides whether the checklist comes back.
                    if reading && std::mem::take(&mut self.session.reopen_more_accounts) && active {
                        // The app closed on the checklist: back to it, now that the first account is known active.
                        return self.reopen_more_accounts();
                    }
                }
                Vec::new()
            }
            Event::WatchEnded { request, stop } => {
                if let Some(following) = self.following(request) {
                    following.watch = None;
                    following.reauth = None;
                    following.next_check_at = None;
                    following.stopped = Some(stop);
                }
                Vec::new()
            }
            Event::StopWatching => {
                let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = &mut self.step
                else {
                    return Vec::new();
                };
                let Some(watch) = following.watch.take() else { return Vec::new() };
                following.next_check_at = None;
                following.stopped = Some(WatchStop::Cancelled);
                vec![Effect::Cancel(watch)]
            }
            Event::CheckStatusAgain => self.watch_again(),
            _ => Vec::new(),
        }
    }

    /// The status being followed under `watch`, if it is still the one shown.
    fn following(&mut self, watch: RequestId) -> Option<&mut Following> {
        match &mut self.step {
            Step::Account(AccountStep { phase: AccountPhase::Following(following), .. })
                if following.watch == Some(watch) =>
            {
                Some(following)
            }
            _ => None,
        }
    }

    fn create_bank_account(&mut self) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        if !matches!(step.phase, AccountPhase::Details { .. }) {
            return Vec::new();
        }
        let (Some(details), Some(record)) = (&self.session.account_details, &mut self.session.link) else {
            return Vec::new();
        };
        if details.name_problem().is_some() || details.start_date_problem().is_some() {
            step.phase = AccountPhase::Details { show_problems: true, problem: None };
            return Vec::new();
        }
        let LinkStage::Linked { bank, account } = &record.stage else { return Vec::new() };
        let body = new_bank_account(bank, account, details);
        record.stage = LinkStage::Creating { bank: bank.clone(), account: account.clone() };
        let request = super::new_request(&mut self.last_request);
        step.phase = AccountPhase::Creating(request);
        let target = step.target.clone();
        // Saved first, so that a crash while the POST is out comes back to find the account, not to send it again.
        vec![self.save(), Effect::CreateBankAccount { request, target, body }]
    }

    fn bank_account_created(&mut self, request: RequestId, result: Result<BankAccount, Failure>) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        if step.phase != AccountPhase::Creating(request) {
            return Vec::new();
        }
        match result {
            Ok(account) => self.follow(account),
            Err(failure) if failure.code() == Some(codes::BANK_ACCOUNT_EXISTS) => self.find_account(),
            Err(failure) if failure.answer_may_be_lost() => {
                // It may exist: looked for by its key before anything is sent again; not found, the failure shows.
                self.session.lost_account_answer = Some(failure);
                self.find_account()
            }
            Err(failure) => {
                step.phase = AccountPhase::Details { show_problems: true, problem: Some(failure) };
                self.back_to_linked();
                vec![self.save()]
            }
        }
    }

    /// Asks for the company's account with the linked account's key (its creation answer was lost, or a 409 said it
    /// exists).
    pub(super) fn find_account(&mut self) -> Vec<Effect> {
        let Some(record) = &self.session.link else { return Vec::new() };
        let (LinkStage::Creating { account, .. } | LinkStage::Linked { account, .. }) = &record.stage else {
            return Vec::new();
        };
        let account_key = account.account_key.clone();
        let target = record.target.clone();
        let request = self.next_request();
        self.step = Step::Account(AccountStep { target: target.clone(), phase: AccountPhase::Finding(request) });
        vec![Effect::FindBankAccount { request, target, account_key }]
    }

    fn bank_account_found(&mut self, request: RequestId, result: Result<Option<BankAccount>, Failure>) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        if step.phase != AccountPhase::Finding(request) {
            return Vec::new();
        }
        let lost = self.session.lost_account_answer.take();
        match result {
            Ok(Some(account)) => self.follow(account),
            Ok(None) => {
                // The POST never arrived: the details are shown again and Create sends it for the first time.
                step.phase = AccountPhase::Details { show_problems: lost.is_some(), problem: lost };
                self.back_to_linked();
                vec![self.save()]
            }
            Err(failure) => {
                step.phase = AccountPhase::Details { show_problems: false, problem: Some(failure) };
                Vec::new()
            }
        }
    }

    /// The stage back to `Linked` after a create that did not happen.
    fn back_to_linked(&mut self) {
        if let Some(record) = &mut self.session.link
            && let LinkStage::Creating { bank, account } = &record.stage
        {
            record.stage = LinkStage::Linked { bank: bank.clone(), account: account.clone() };
        }
    }

    /// The account exists: remember it and follow its status.
    fn follow(&mut self, account: BankAccount) -> Vec<Effect> {
        let Some(record) = &mut self.session.link else { return Vec::new() };
        let bank = match &record.stage {
            LinkStage::Linked { bank, .. } | LinkStage::Creating { bank, .. } | LinkStage::Created { bank, .. } => {
                bank.clone()
            }
            LinkStage::ChoosingBank { .. } | LinkStage::Waiting { .. } => return Vec::new(),
        };
        record.stage = LinkStage::Created { bank, bank_account_id: account.bank_account_id.clone() };
        let target = record.target.clone();
        let mut effects = vec![self.save()];
        effects.extend(self.start_watch(target, account));
        effects
    }

    /// Shows `account` and starts following its status (unless it is already active).
    pub(super) fn start_watch(&mut self, target: LinkTarget, account: BankAccount) -> Vec<Effect> {
        let active = account.status == BankAccountStatus::Active;
        let watch = (!active).then(|| self.next_request());
        let account_id = account.bank_account_id.clone();
        self.step = Step::Account(AccountStep {
            target: target.clone(),
            phase: AccountPhase::Following(Following::new(account, watch)),
        });
        watch.map(|request| self.watch_effect(request, target, account_id, false)).into_iter().collect()
    }

    /// The status watch `request` of `account`: until it leaves `pending`, or with `until_active` until it is
    /// `active`.
    pub(super) fn watch_effect(
        &self,
        request: RequestId,
        target: LinkTarget,
        account: BankAccountId,
        until_active: bool,
    ) -> Effect {
        Effect::WatchBankAccount {
            request,
            target,
            account,
            every: ACCOUNT_CHECK_EVERY,
            policy: self.session.poll_policy(),
            until_active,
        }
    }

    fn watch_again(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { target, phase: AccountPhase::Following(following) }) = &self.step else {
            return Vec::new();
        };
        if following.watch.is_some() {
            return Vec::new();
        }
        let (target, account) = (target.clone(), following.account.clone());
        let mut effects = self.start_watch(target, account.clone());
        if effects.is_empty() {
            // Active already: check once more anyway, as the person asked.
            let request = self.next_request();
            if let Step::Account(AccountStep { target, phase: AccountPhase::Following(following) }) = &mut self.step {
                following.watch = Some(request);
                let target = target.clone();
                effects.push(self.watch_effect(request, target, account.bank_account_id, false));
            }
        }
        effects
    }
}

/// The body of `POST …/bankaccounts`: the linked account, the details chosen, and what the aggregator left out
/// filled from the bank (type) and its country (currency).
#[must_use]
pub fn new_bank_account(bank: &Bank, account: &LinkedAccount, details: &AccountDetails) -> NewBankAccount {
    let currency = match bank.primary_country.as_str() {
        "USA" => "USD",
        "CAN" => "CAD",
        "IRL" | "FRA" | "DEU" | "ESP" => "EUR",
        _ => "GBP",
    };
    NewBankAccount {
        bank_id: bank.bank_id.clone(),
        account_name: details.name.trim().to_owned(),
        account_key: account.account_key.clone(),
        account_identifier: account.account_identifier.clone(),
        bank_identifier: account.bank_identifier.clone().unwrap_or_else(|| bank.bank_id.to_string()),
        account_type: account
            .account_type
            .clone()
            .or_else(|| bank.account_types.first().cloned())
            .unwrap_or_else(|| "checking".to_owned()),
        default_currency: account.default_currency.clone().unwrap_or_else(|| currency.to_owned()),
        requested_start_date: start_of_day(details.start_date),
    }
}
