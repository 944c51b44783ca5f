//! What a step may be left for, and what leaving it stops or loses: whether the overview (or a reset) may replace
//! it, the background tasks it runs, and what closing the app now would lose.

use crate::secrets::KeyringProblem;

use super::{
    AccountPhase, CandidateRow, Effect, KeyPhase, LinkPhase, OnboardedOrganisation, Reauth, Removal, Step, Wizard,
};
use crate::wizard::AccountStep;
use crate::wizard::CreatePhase;
use crate::wizard::CreateStep;

/// A new organisation whose signing key only this process holds: the keyring has not taken it (yet).
#[derive(Clone, Copy, Debug)]
pub struct KeyOnlyInMemory<'a> {
    /// The organisation the key is for.
    pub organisation: &'a OnboardedOrganisation,
    /// Why the keyring has not taken it; `None` while it is being written.
    pub problem: Option<&'a KeyringProblem>,
}

/// What closing the app now would lose.
#[derive(Clone, Copy, Debug)]
pub enum AtRisk<'a> {
    /// POST organisation is out: its answer, which carries the customer's signing key, comes only once.
    BeingCreated {
        /// The CRM ID the request carries, for Sage support.
        crm_id: &'a str,
    },
    /// The new organisation's key is held only in memory.
    KeyOnlyInMemory(KeyOnlyInMemory<'a>),
}

impl Wizard {
    /// What closing the app now would lose, if anything.
    #[must_use]
    pub fn at_risk_on_close(&self) -> Option<AtRisk<'_>> {
        if let Step::Create(CreateStep { phase: CreatePhase::Sending(_), .. }) = &self.step {
            return Some(AtRisk::BeingCreated { crm_id: self.session.organisation.crm_id.trim() });
        }
        self.key_only_in_memory().map(AtRisk::KeyOnlyInMemory)
    }

    /// The organisation whose key would be lost if the app closed now, if any.
    #[must_use]
    pub fn key_only_in_memory(&self) -> Option<KeyOnlyInMemory<'_>> {
        let Step::Onboarded(step) = &self.step else { return None };
        let problem = match &step.phase {
            KeyPhase::Storing { .. } => None,
            KeyPhase::NotStored { problem, .. } => Some(problem),
            KeyPhase::Checking(_)
            | KeyPhase::Stored
            | KeyPhase::Missing(_)
            | KeyPhase::Verifying(_)
            | KeyPhase::Verified
            | KeyPhase::VerifyFailed(_) => return None,
        };
        Some(KeyOnlyInMemory { organisation: &step.organisation, problem })
    }

    /// True when the current step may be left for the overview: nothing is under way that must not be dropped (an
    /// organisation being created, a key not yet in the keyring, a link at the bank, an account being created, a
    /// re-authorisation or a batch of links).
    #[must_use]
    pub fn can_leave_step(&self) -> bool {
        match &self.step {
            Step::Environment(step) => step.storing_key.is_none(),
            Step::Licence(step) => step.sending.is_none(),
            Step::Create(step) => !step.is_busy(),
            Step::Onboarded(step) => !matches!(step.phase, KeyPhase::Storing { .. } | KeyPhase::NotStored { .. }),
            Step::Link(step) => !matches!(step.phase, LinkPhase::Starting | LinkPhase::Waiting { .. }),
            Step::Account(step) => match &step.phase {
                AccountPhase::Creating { .. } | AccountPhase::Finding { .. } => false,
                AccountPhase::Following(following) => {
                    !following.reauth.as_ref().is_some_and(Reauth::is_under_way)
                        && !matches!(following.removal, Some(Removal::Removing(_)))
                }
                AccountPhase::Details { .. } => true,
            },
            Step::MoreAccounts(step) => step.batch.is_none() || step.batch_finished(),
            Step::Organisation(_) | Step::Captcha(_) | Step::Bank(_) | Step::Overview(_) => true,
        }
    }

    /// Stops what the current step runs in the background (a status watch, the watches of the accounts more accounts
    /// linked, the overview's reads), before another step replaces it.
    pub(super) fn stop_step_tasks(&mut self) -> Vec<Effect> {
        match &mut self.step {
            Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) => {
                following.stop_watching(None).map(Effect::Cancel).into_iter().collect()
            }
            Step::Overview(step) => {
                step.cards.iter_mut().filter_map(|card| card.loading.take()).map(Effect::Cancel).collect()
            }
            Step::MoreAccounts(step) => {
                step.rows.iter_mut().filter_map(CandidateRow::stop_watching).map(Effect::Cancel).collect()
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_) => Vec::new(),
        }
    }
}
