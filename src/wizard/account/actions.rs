//! What can be done to a followed bank account besides watching it: re-authorise it at the bank when it is
//! `authRequired` (the bank's page in the browser, the same waiting as a link, and its status followed until it is
//! `active` again), and remove it (`DELETE`) after a confirmation that says what stops.

use jiff::Timestamp;

use crate::api::error::Failure;
use crate::api::models::BankAccountStatus;

use crate::wizard::{AccountPhase, AccountStep, Effect, Following, Reauth, Removal, RequestId, Step, Waiting, Wizard};

impl Wizard {
    pub(in crate::wizard) fn cancel_reauth(&mut self) -> Vec<Effect> {
        let Some(following) = self.followed() else { return Vec::new() };
        match following.reauth {
            Some(Reauth::Renewing(_)) => {
                // Nothing is watched for a renewal: only the waiting stops.
                following.reauth = None;
                Vec::new()
            }
            Some(Reauth::Starting(_) | Reauth::Waiting(_)) => {
                following.reauth = None;
                let stopped = following.stop_watching(Some(crate::wizard::WatchStop::Cancelled));
                stopped.map(Effect::Cancel).into_iter().collect()
            }
            Some(Reauth::Done | Reauth::Renewed | Reauth::Failed(_)) | None => Vec::new(),
        }
    }

    /// The person says the consent's renewal is finished at the bank.
    pub(in crate::wizard) fn renewal_finished(&mut self) -> Vec<Effect> {
        if let Some(following) = self.followed()
            && matches!(following.reauth, Some(Reauth::Renewing(_)))
        {
            following.reauth = Some(Reauth::Renewed);
        }
        Vec::new()
    }

    pub(in crate::wizard) fn ask_to_remove(&mut self) -> Vec<Effect> {
        if let Some(following) = self.followed()
            && following.account.status != BankAccountStatus::Cancelled
            && !matches!(following.removal, Some(Removal::Removing(_)))
        {
            following.removal = Some(Removal::Confirming);
        }
        Vec::new()
    }

    pub(in crate::wizard) fn keep_account(&mut self) -> Vec<Effect> {
        if let Some(following) = self.followed()
            && matches!(following.removal, Some(Removal::Confirming | Removal::Failed(_)))
        {
            following.removal = None;
        }
        Vec::new()
    }

    /// The `DELETE`'s answer for the account shown.
    pub(in crate::wizard) fn account_removed(
        &mut self,
        request: RequestId,
        result: Result<(), Failure>,
    ) -> Vec<Effect> {
        let Some(following) = self.followed() else { return Vec::new() };
        if following.removal != Some(Removal::Removing(request)) {
            return Vec::new();
        }
        match result {
            Ok(()) => {
                following.removal = None;
                following.reauth = None;
                following.account.status = BankAccountStatus::Cancelled;
                following.stop_watching(None).map(Effect::Cancel).into_iter().collect()
            }
            Err(failure) => {
                following.removal = Some(Removal::Failed(failure));
                Vec::new()
            }
        }
    }

    /// The followed account, when it is the step shown.
    fn followed(&mut self) -> Option<&mut Following> {
        match &mut self.step {
            Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => Some(following),
            _ => None,
        }
    }

    /// Asks for the bank's page for the followed account, when it is `from`: `authRequired` (sign in again) or
    /// `active` (renew the consent before the bank asks).
    pub(in crate::wizard) fn reauthorise(&mut self, from: &BankAccountStatus) -> Vec<Effect> {
        let request = self.next_request();
        let Step::Account(AccountStep { target, phase: AccountPhase::Following(following), .. }) = &mut self.step
        else {
            return Vec::new();
        };
        let running = following.reauth.as_ref().is_some_and(Reauth::is_under_way);
        if following.account.status != *from || running {
            return Vec::new();
        }
        following.reauth = Some(Reauth::Starting(request));
        let account = following.account.bank_account_id.clone();
        vec![Effect::Reauthorise { request, target: target.clone(), account }]
    }

    pub(in crate::wizard) fn reauth_started(
        &mut self,
        request: RequestId,
        at: Timestamp,
        result: Result<(url::Url, Result<(), crate::browser::BrowserError>), Failure>,
    ) -> Vec<Effect> {
        let watch = self.next_request();
        let Step::Account(AccountStep { target, phase: AccountPhase::Following(following), .. }) = &mut self.step
        else {
            return Vec::new();
        };
        if following.reauth != Some(Reauth::Starting(request)) {
            return Vec::new();
        }
        let (redirect, browser) = match result {
            Ok(page) => page,
            Err(failure) => {
                following.reauth = Some(Reauth::Failed(failure));
                return Vec::new();
            }
        };
        let waiting = Waiting { redirect, started_at: at, browser, next_check_at: None, checks: 0, last_failure: None };
        if following.account.status == BankAccountStatus::Active {
            // A renewal: the account stays active, so no watch can tell when it is done; the person says so.
            following.reauth = Some(Reauth::Renewing(waiting));
            return Vec::new();
        }
        following.reauth = Some(Reauth::Waiting(waiting));
        // One watch, until `active`: a watch already running stops only when the account leaves `pending`.
        let mut effects: Vec<Effect> = following.watch_with(watch).map(Effect::Cancel).into_iter().collect();
        let (target, account) = (target.clone(), following.account.bank_account_id.clone());
        effects.push(self.watch_effect(watch, target, account, true));
        effects
    }

    pub(in crate::wizard) fn confirm_remove(&mut self) -> Vec<Effect> {
        let request = self.next_request();
        let Step::Account(AccountStep { target, phase: AccountPhase::Following(following), .. }) = &mut self.step
        else {
            return Vec::new();
        };
        if !matches!(following.removal, Some(Removal::Confirming | Removal::Failed(_))) {
            return Vec::new();
        }
        following.removal = Some(Removal::Removing(request));
        let account = following.account.bank_account_id.clone();
        vec![Effect::RemoveBankAccount { request, target: target.clone(), account }]
    }
}

/// A status check answered during a re-authorisation: counted on its waiting screen, and `Done` once `active`.
pub(in crate::wizard) fn note_reauth_check(following: &mut Following, failure: Option<Failure>) {
    let active = following.account.status == BankAccountStatus::Active;
    let next_check_at = following.next_check_at();
    if let Some(Reauth::Waiting(waiting)) = &mut following.reauth {
        if active {
            following.reauth = Some(Reauth::Done);
        } else {
            waiting.checks += 1;
            waiting.next_check_at = next_check_at;
            waiting.last_failure = failure;
        }
    }
}
