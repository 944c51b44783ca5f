//! The bank account step: its name and start date, `POST …/bankaccounts` (never twice: a lost answer is found by
//! its `accountKey` instead of sent again), then its status followed from `pending` to `active`.

use std::time::Duration;

use crate::api::assumed::codes;
use crate::api::error::Failure;
use crate::api::ids::BankAccountId;
use crate::api::models::{Bank, BankAccount, BankAccountStatus, LinkedAccount, NewBankAccount};

use super::{
    AccountDetails, AccountPhase, AccountStep, Effect, Event, Following, LinkPhase, LinkStage, LinkStep, LinkTarget,
    RequestId, Step, Waiting, WatchStop, Wizard,
};

/// How often a new account's status is checked.
pub const ACCOUNT_CHECK_EVERY: Duration = Duration::from_secs(3);

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
                    super::account_actions::note_reauth_check(following, failure);
                    let active = following.account.status == BankAccountStatus::Active;
                    // Only the first reading after a restart decides whether the checklist comes back.
                    if reading && std::mem::take(&mut self.session.reopen_checklist) && active {
                        // The app closed on the checklist: back to it, now that the first account is known active.
                        return self.reopen_checklist();
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
        requested_start_date: super::linking::start_of_day(details.start_date),
    }
}

impl Wizard {
    /// At start-up, the saved link's step: the bank step, the account's details, or the account's status (found
    /// first when its creation answer was lost). `None` when there is no link to resume.
    pub(super) fn resume_link(&mut self) -> Option<Vec<Effect>> {
        let record = self.session.link.clone()?;
        let known = self.session.organisations.iter().any(|org| org.organisation_id == record.target.organisation_id);
        if !known {
            self.session.link = None;
            return None;
        }
        let target = record.target;
        let mut effects = match record.stage {
            LinkStage::ChoosingBank { interrupted } => {
                self.session.settings.environment = target.environment;
                return Some(
                    self.enter_bank_step(interrupted.map(|bank_name| super::BankNotice::LinkInterrupted { bank_name })),
                );
            }
            LinkStage::Waiting { bank, redirect, started_at, .. } => {
                let request = self.next_request();
                let waiting = Waiting {
                    redirect,
                    started_at,
                    browser: Ok(()),
                    next_check_at: None,
                    checks: 0,
                    last_failure: None,
                };
                let phase = LinkPhase::Waiting(waiting);
                self.step = Step::Link(LinkStep { target, bank, request, phase, resumed: true });
                Vec::new()
            }
            LinkStage::Linked { .. } => {
                self.session.account_details.as_ref()?;
                self.step = Step::Account(AccountStep {
                    target,
                    phase: AccountPhase::Details { show_problems: false, problem: None },
                });
                Vec::new()
            }
            LinkStage::Creating { .. } => {
                let request = self.next_request();
                self.step = Step::Account(AccountStep { target, phase: AccountPhase::Finding(request) });
                Vec::new()
            }
            LinkStage::Created { bank_account_id, .. } => {
                let request = self.next_request();
                self.step = Step::Account(AccountStep {
                    target,
                    phase: AccountPhase::Following(Following::new(
                        BankAccount::bare(bank_account_id, BankAccountStatus::Pending),
                        Some(request),
                    )),
                });
                Vec::new()
            }
        };
        effects.extend(self.connect(false));
        Some(effects)
    }

    /// The checklist again after a restart, its first account's watch stopped.
    fn reopen_checklist(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = &mut self.step else {
            return Vec::new();
        };
        let mut effects: Vec<Effect> = following.watch.take().map(Effect::Cancel).into_iter().collect();
        effects.extend(self.update_checklist(Event::AddMoreAccounts));
        effects
    }

    /// After a connection is made on the account step: send what a resumed step was waiting for.
    pub(super) fn resume_account_after_connect(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { target, phase }) = &self.step else { return Vec::new() };
        match phase {
            AccountPhase::Finding(request) => {
                let Some(record) = &self.session.link else { return Vec::new() };
                let LinkStage::Creating { account, .. } = &record.stage else { return Vec::new() };
                vec![Effect::FindBankAccount {
                    request: *request,
                    target: target.clone(),
                    account_key: account.account_key.clone(),
                }]
            }
            AccountPhase::Following(Following { watch: Some(request), account, checked_at: None, .. }) => {
                vec![self.watch_effect(*request, target.clone(), account.bank_account_id.clone(), false)]
            }
            _ => Vec::new(),
        }
    }
}
