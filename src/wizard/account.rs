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

use super::{Effect, LinkTarget, RequestId, Step, Waiting, Wizard};

/// How often a new account's status is checked.
pub const ACCOUNT_CHECK_EVERY: Duration = Duration::from_secs(3);

/// What the person does on the bank account step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountIntent {
    /// Create the bank account with the name and start date chosen.
    Create,
    /// Stop following the account's status.
    StopWatching,
    /// Follow the account's status again after it stopped.
    CheckStatusAgain,
    /// Sign in at the bank again for an `authRequired` account.
    Reauthorise,
    /// Renew an `active` account's consent at the bank before the bank asks.
    RenewConsent,
    /// The person finished renewing the consent at the bank.
    RenewalFinished,
    /// Stop waiting for the re-authorisation.
    CancelReauth,
    /// Ask to remove the bank account (a confirmation comes first).
    AskToRemove,
    /// Confirmed: remove it.
    ConfirmRemove,
    /// Not confirmed: keep it.
    KeepAccount,
    /// Offer the other accounts under the `active` account's authorisation (more accounts).
    AddMoreAccounts,
}

/// The bank account: its name and start date, then its creation and status.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountStep {
    /// The organisation the account is for.
    pub target: LinkTarget,
    /// The bank it is at.
    pub bank: Bank,
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
        /// The account linked at the aggregator.
        linked: LinkedAccount,
        /// A POST was sent whose answer was lost and the look-up for it failed: it may exist, so Create looks for it
        /// again rather than send it twice.
        maybe_created: bool,
        /// Show every field's problem (after the first attempt to create).
        show_problems: bool,
        /// Why the last attempt failed.
        problem: Option<Failure>,
    },
    /// `POST …/bankaccounts` under way.
    Creating {
        /// The POST.
        request: RequestId,
        /// The account linked at the aggregator.
        linked: LinkedAccount,
    },
    /// Looking for an account whose creation answer was lost (after a restart or a 409).
    Finding {
        /// The look-up.
        request: RequestId,
        /// The account linked at the aggregator, looked for by its key.
        linked: LinkedAccount,
    },
    /// Created: its status is followed until `active`.
    Following(Following),
}

/// A created bank account whose status is followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Following {
    /// The account as last read.
    pub account: BankAccount,
    /// When it was last read.
    pub checked_at: Option<Timestamp>,
    /// Whether its status is being checked.
    pub watch: Watch,
    /// A re-authorisation at the bank, once asked for.
    pub reauth: Option<Reauth>,
    /// Removing the account, once asked for.
    pub removal: Option<Removal>,
}

/// Whether a followed account's status is being checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Watch {
    /// Checking, as the task `request` (its answers carry this ID).
    Running {
        /// The watch task.
        request: RequestId,
        /// When the next check is due, once known.
        next_check_at: Option<Timestamp>,
    },
    /// Not checking: why it stopped before `active`, or `None` when it ended because there was nothing left to wait
    /// for (the account is active, or removed).
    Stopped(Option<WatchStop>),
}

impl Following {
    /// Following `account`, checked by the task `watch` when there is one, nothing else asked for yet.
    #[must_use]
    pub fn new(account: BankAccount, watch: Option<RequestId>) -> Self {
        let watch = match watch {
            Some(request) => Watch::Running { request, next_check_at: None },
            None => Watch::Stopped(None),
        };
        Self { account, checked_at: None, watch, reauth: None, removal: None }
    }

    /// The watch task checking the status, while one runs.
    #[must_use]
    pub fn watching(&self) -> Option<RequestId> {
        match self.watch {
            Watch::Running { request, .. } => Some(request),
            Watch::Stopped(_) => None,
        }
    }

    /// When the next check is due, while one is.
    #[must_use]
    pub fn next_check_at(&self) -> Option<Timestamp> {
        match self.watch {
            Watch::Running { next_check_at, .. } => next_check_at,
            Watch::Stopped(_) => None,
        }
    }

    /// Why checking stopped before `active`, if it did.
    #[must_use]
    pub fn stopped(&self) -> Option<&WatchStop> {
        match &self.watch {
            Watch::Stopped(why) => why.as_ref(),
            Watch::Running { .. } => None,
        }
    }

    /// Checks with the task `request` from now on; the task it replaces, if one ran, is returned to be cancelled.
    pub fn watch_with(&mut self, request: RequestId) -> Option<RequestId> {
        let replaced = self.watching();
        self.watch = Watch::Running { request, next_check_at: None };
        replaced
    }

    /// Stops checking, for `why` (`None`: nothing is left to wait for); the task that ran, if one did, is returned to
    /// be cancelled.
    pub fn stop_watching(&mut self, why: Option<WatchStop>) -> Option<RequestId> {
        let running = self.watching();
        self.watch = Watch::Stopped(why);
        running
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
    /// Renewing an `active` account's consent before the bank asks: the bank's page is open. The account stays
    /// `active` throughout, so nothing shows when it is done: the person says so.
    Renewing(Waiting),
    /// The person finished renewing the consent at the bank.
    Renewed,
    /// It could not be started.
    Failed(Failure),
}

impl Reauth {
    /// True while it is under way (asking for the page, or the page open).
    #[must_use]
    pub fn is_under_way(&self) -> bool {
        match self {
            Self::Starting(_) | Self::Waiting(_) | Self::Renewing(_) => true,
            Self::Done | Self::Renewed | Self::Failed(_) => false,
        }
    }
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
    /// What the person does on the bank account step.
    pub(super) fn on_account(&mut self, intent: AccountIntent) -> Vec<Effect> {
        match intent {
            AccountIntent::Create => self.create_bank_account(),
            AccountIntent::StopWatching => self.stop_watching(),
            AccountIntent::CheckStatusAgain => self.watch_again(),
            AccountIntent::Reauthorise => self.reauthorise(&BankAccountStatus::AuthRequired),
            AccountIntent::RenewConsent => self.reauthorise(&BankAccountStatus::Active),
            AccountIntent::RenewalFinished => self.renewal_finished(),
            AccountIntent::CancelReauth => self.cancel_reauth(),
            AccountIntent::AskToRemove => self.ask_to_remove(),
            AccountIntent::ConfirmRemove => self.confirm_remove(),
            AccountIntent::KeepAccount => self.keep_account(),
            AccountIntent::AddMoreAccounts => self.add_more_accounts(),
        }
    }

    /// One status check of the account's watch.
    pub(super) fn account_checked(
        &mut self,
        request: RequestId,
        at: Timestamp,
        result: Result<BankAccount, Failure>,
        next_check_at: Option<Timestamp>,
    ) -> Vec<Effect> {
        let Some(following) = self.following(request) else { return Vec::new() };
        match next_check_at {
            Some(at) => following.watch = Watch::Running { request, next_check_at: Some(at) },
            None => following.watch = Watch::Stopped(None),
        }
        let failure = match result {
            Ok(account) => {
                following.account = account;
                following.checked_at = Some(at);
                None
            }
            Err(failure) => Some(failure),
        };
        let reading = failure.is_none();
        actions::note_reauth_check(following, failure);
        let active = following.account.status == BankAccountStatus::Active;
        // Only the first reading after a restart decides whether more accounts come back.
        if reading && std::mem::take(&mut self.session.reopen_more_accounts) && active {
            // The app closed on more accounts: back to it, now that the first account is known active.
            return self.reopen_more_accounts();
        }
        Vec::new()
    }

    /// The status watch stopped before the account was active.
    pub(super) fn watch_ended(&mut self, request: RequestId, stop: WatchStop) -> Vec<Effect> {
        if let Some(following) = self.following(request) {
            following.stop_watching(Some(stop));
            following.reauth = None;
        }
        Vec::new()
    }

    fn stop_watching(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = &mut self.step else {
            return Vec::new();
        };
        if following.watching().is_none() {
            return Vec::new();
        }
        following.stop_watching(Some(WatchStop::Cancelled)).map(Effect::Cancel).into_iter().collect()
    }

    /// The status being followed under `watch`, if it is still the one shown.
    fn following(&mut self, watch: RequestId) -> Option<&mut Following> {
        match &mut self.step {
            Step::Account(AccountStep { phase: AccountPhase::Following(following), .. })
                if following.watching() == Some(watch) =>
            {
                Some(following)
            }
            _ => None,
        }
    }

    fn create_bank_account(&mut self) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        let AccountPhase::Details { linked, maybe_created, .. } = &step.phase else { return Vec::new() };
        if *maybe_created {
            return self.find_account();
        }
        let linked = linked.clone();
        let Some(details) = &self.session.account_details else { return Vec::new() };
        if details.name_problem().is_some() || details.start_date_problem().is_some() {
            step.phase = AccountPhase::Details { linked, maybe_created: false, show_problems: true, problem: None };
            return Vec::new();
        }
        let body = new_bank_account(&step.bank, &linked, details);
        let request = super::new_request(&mut self.last_request);
        step.phase = AccountPhase::Creating { request, linked };
        let target = step.target.clone();
        // Saved first, so that a crash while the POST is out comes back to find the account, not to send it again.
        vec![self.save(), Effect::CreateBankAccount { request, target, body }]
    }

    pub(super) fn bank_account_created(
        &mut self,
        request: RequestId,
        result: Result<BankAccount, Failure>,
    ) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        let AccountPhase::Creating { request: creating, linked } = &step.phase else { return Vec::new() };
        if *creating != request {
            return Vec::new();
        }
        let linked = linked.clone();
        match result {
            Ok(account) => self.follow(account),
            Err(failure) if failure.code() == Some(codes::BANK_ACCOUNT_EXISTS) => self.find_account(),
            Err(failure) if failure.answer_may_be_lost() => {
                // It may exist: looked for by its key before anything is sent again; not found, the failure shows.
                self.session.lost_account_answer = Some(failure);
                self.find_account()
            }
            Err(failure) => {
                step.phase =
                    AccountPhase::Details { linked, maybe_created: false, show_problems: true, problem: Some(failure) };
                vec![self.save()]
            }
        }
    }

    /// Asks for the company's account with the linked account's key (its creation answer was lost, or a 409 said it
    /// exists).
    pub(super) fn find_account(&mut self) -> Vec<Effect> {
        let request = self.next_request();
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        let (AccountPhase::Creating { linked, .. } | AccountPhase::Details { linked, maybe_created: true, .. }) =
            &step.phase
        else {
            return Vec::new();
        };
        let linked = linked.clone();
        let account_key = linked.account_key.clone();
        step.phase = AccountPhase::Finding { request, linked };
        vec![Effect::FindBankAccount { request, target: step.target.clone(), account_key }]
    }

    pub(super) fn bank_account_found(
        &mut self,
        request: RequestId,
        result: Result<Option<BankAccount>, Failure>,
    ) -> Vec<Effect> {
        let Step::Account(step) = &mut self.step else { return Vec::new() };
        let AccountPhase::Finding { request: finding, linked } = &step.phase else { return Vec::new() };
        if *finding != request {
            return Vec::new();
        }
        let linked = linked.clone();
        let lost = self.session.lost_account_answer.take();
        match result {
            Ok(Some(account)) => self.follow(account),
            Ok(None) => {
                // The POST never arrived: the details are shown again and Create sends it for the first time.
                let show_problems = lost.is_some();
                step.phase = AccountPhase::Details { linked, maybe_created: false, show_problems, problem: lost };
                vec![self.save()]
            }
            Err(failure) => {
                // Still unknown whether it exists: Create (or a restart) looks for it again.
                step.phase =
                    AccountPhase::Details { linked, maybe_created: true, show_problems: false, problem: Some(failure) };
                Vec::new()
            }
        }
    }

    /// The account exists: follow its status, remembered from now on as created.
    fn follow(&mut self, account: BankAccount) -> Vec<Effect> {
        let Step::Account(step) = &self.step else { return Vec::new() };
        let (target, bank) = (step.target.clone(), step.bank.clone());
        let mut effects = self.start_watch(target, bank, account);
        effects.insert(0, self.save());
        effects
    }

    /// Shows `account` and starts following its status (unless it is already active).
    pub(super) fn start_watch(&mut self, target: LinkTarget, bank: Bank, account: BankAccount) -> Vec<Effect> {
        let active = account.status == BankAccountStatus::Active;
        let watch = (!active).then(|| self.next_request());
        let account_id = account.bank_account_id.clone();
        self.step = Step::Account(AccountStep {
            target: target.clone(),
            bank,
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
        let Step::Account(AccountStep { target, bank, phase: AccountPhase::Following(following) }) = &self.step else {
            return Vec::new();
        };
        if following.watching().is_some() {
            return Vec::new();
        }
        let (target, bank, account) = (target.clone(), bank.clone(), following.account.clone());
        let mut effects = self.start_watch(target, bank, account.clone());
        if effects.is_empty() {
            // Active already: check once more anyway, as the person asked.
            let request = self.next_request();
            if let Step::Account(AccountStep { target, phase: AccountPhase::Following(following), .. }) = &mut self.step
            {
                following.watch_with(request);
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
