//! The accounts overview's transitions: opening it on an environment (connecting first when needed), reading every
//! organisation's accounts live, and the actions on them: link another bank, open an account, re-authorise it, add
//! the candidates under its authorisation, remove it after a confirmation, or continue an unfinished link.

use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::Date;

use crate::api::ids::{BankAccountId, OrganisationId};
use crate::api::models::{Bank, BankAccountStatus};
use crate::config::Environment;

use super::account::ACCOUNT_CHECK_EVERY;
use super::account::details_for_account;
use super::link_record::LinkTarget;
mod state;

use super::{AccountPhase, AccountStep, Effect, EnvironmentStep, Following, OrganisationForm, Removal, Step, Wizard};
use crate::api::error::Failure;
use crate::wizard::AccessProblem;
use crate::wizard::RequestId;
pub use state::{LoadedAccounts, OrganisationAccounts, OrganisationCard, OverviewRemoval, OverviewStep};

/// What the person does on the accounts overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OverviewIntent {
    /// Show another environment's organisations.
    ShowEnvironment(Environment),
    /// Read every shown organisation's accounts again.
    Refresh,
    /// Begin a new onboarding.
    StartOnboarding,
    /// Link another bank for one of the organisations.
    LinkAnotherBank(OrganisationId),
    /// Go back to the bank link that was left unfinished.
    ContinueUnfinishedLink,
    /// Act on one of the bank accounts.
    ActOnAccount {
        /// Whose account it is.
        organisation: OrganisationId,
        /// The account.
        account: BankAccountId,
        /// What to do.
        action: AccountAction,
    },
    /// Confirmed: remove the account asked about.
    ConfirmRemove,
    /// Not confirmed: keep it.
    KeepAccount,
}

/// What the overview can do with one bank account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountAction {
    /// Show it on the bank account screen.
    Open,
    /// Re-authorise it at its bank (it is `authRequired`).
    Reauthorise,
    /// Offer the other accounts under its authorisation (it is `active`).
    AddMore,
    /// Remove it, after a confirmation.
    Remove,
}

impl Wizard {
    /// What the person does on the accounts overview.
    pub(super) fn on_overview(&mut self, intent: OverviewIntent) -> Vec<Effect> {
        let on_overview = matches!(self.step, Step::Overview(_));
        match intent {
            OverviewIntent::ShowEnvironment(environment) if on_overview => self.open_overview(environment),
            OverviewIntent::Refresh => self.refresh_overview(),
            OverviewIntent::StartOnboarding if on_overview => {
                let effects = self.stop_step_tasks();
                // A form left from a finished onboarding starts empty; one typed and never sent is kept.
                let form = &self.session.organisation;
                if self.session.organisations.iter().any(|organisation| organisation.company_name == form.company_name)
                {
                    self.session.organisation = OrganisationForm::default();
                }
                self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
                effects
            }
            OverviewIntent::LinkAnotherBank(organisation) => self.link_another_bank(&organisation),
            OverviewIntent::ContinueUnfinishedLink if on_overview => {
                let mut effects = self.stop_step_tasks();
                effects.extend(self.resume_link().unwrap_or_default());
                effects
            }
            OverviewIntent::ActOnAccount { organisation, account, action } => {
                self.act_on_account(&organisation, account, action)
            }
            OverviewIntent::ConfirmRemove => self.confirm_overview_removal(),
            OverviewIntent::KeepAccount => self.keep_overview_account(),
            OverviewIntent::ShowEnvironment(_)
            | OverviewIntent::StartOnboarding
            | OverviewIntent::ContinueUnfinishedLink => Vec::new(),
        }
    }

    /// Opens the overview on the latest organisation's environment, when the current step may be left.
    pub(super) fn show_overview(&mut self) -> Vec<Effect> {
        match self.shown_environment() {
            Some(environment) if self.can_leave_step() => self.open_overview(environment),
            Some(_) | None => Vec::new(),
        }
    }

    /// One organisation's accounts were read (or could not be).
    pub(super) fn organisation_loaded(
        &mut self,
        request: RequestId,
        at: Timestamp,
        today: Date,
        result: Result<OrganisationAccounts, AccessProblem>,
    ) -> Vec<Effect> {
        let next = self.next_request();
        let Some(card) = self.overview_card(|card| card.loading == Some(request)) else { return Vec::new() };
        card.loading = None;
        match result {
            Ok(read) => {
                let pending = read.accounts.iter().any(|account| account.status == BankAccountStatus::Pending);
                card.loaded = Some(LoadedAccounts { accounts: read.accounts, banks: read.banks, at, today });
                card.problem = None;
                // Live: a pending account is read again until it settles.
                if pending && let Some(target) = LinkTarget::for_organisation(&card.organisation) {
                    card.loading = Some(next);
                    return vec![Effect::LoadOrganisation { request: next, target, after: ACCOUNT_CHECK_EVERY }];
                }
            }
            Err(problem) => card.problem = Some(problem),
        }
        Vec::new()
    }

    /// The environment the overview opens on: the latest organisation's, when any is onboarded.
    fn shown_environment(&self) -> Option<Environment> {
        self.session.organisations.last().map(|organisation| organisation.environment.clone())
    }

    /// The environments that have organisations, in the order they were first onboarded in.
    #[must_use]
    pub fn onboarded_environments(&self) -> Vec<Environment> {
        let mut environments = Vec::new();
        for organisation in &self.session.organisations {
            if !environments.contains(&organisation.environment) {
                environments.push(organisation.environment.clone());
            }
        }
        environments
    }

    /// Shows `environment`'s organisations and reads their accounts, connecting to it first when needed.
    pub(super) fn open_overview(&mut self, environment: Environment) -> Vec<Effect> {
        let mut effects = self.stop_step_tasks();
        let cards = self
            .session
            .organisations
            .iter()
            .filter(|organisation| organisation.environment == environment)
            .cloned()
            .map(OrganisationCard::new)
            .collect();
        self.step = Step::Overview(OverviewStep { environment: environment.clone(), cards, removal: None });
        let product = self.session.organisations.iter().rev().find(|org| org.environment == environment);
        let product = product.map(|org| org.product_id.clone()).unwrap_or_default();
        let same =
            self.session.settings.environment == environment && self.session.settings.identity.product_id == product;
        if same && self.session.connection.is_some() {
            effects.extend(self.refresh_overview());
        } else if !same || self.session.connecting.is_none() {
            self.session.set_environment(environment);
            self.session.settings.identity.product_id = product;
            self.session.connection = None;
            effects.extend(self.connect(false));
        }
        effects.push(self.save());
        effects
    }

    /// Reads every shown organisation's accounts again (after a connection is made, or on demand).
    pub(super) fn refresh_overview(&mut self) -> Vec<Effect> {
        if self.session.connection.is_none() {
            // Not connected (it failed, or is being made): connecting reads every card once it is made.
            return if self.session.connecting.is_some() { Vec::new() } else { self.connect(false) };
        }
        let Step::Overview(step) = &mut self.step else { return Vec::new() };
        let mut effects = Vec::new();
        for card in &mut step.cards {
            let Some(target) = LinkTarget::for_organisation(&card.organisation) else { continue };
            let request = super::new_request(&mut self.last_request);
            card.loading = Some(request);
            effects.push(Effect::LoadOrganisation { request, target, after: Duration::ZERO });
        }
        effects
    }

    fn overview_card(&mut self, pick: impl Fn(&OrganisationCard) -> bool) -> Option<&mut OrganisationCard> {
        let Step::Overview(step) = &mut self.step else { return None };
        step.cards.iter_mut().find(|card| pick(card))
    }

    fn link_another_bank(&mut self, organisation: &OrganisationId) -> Vec<Effect> {
        let Some(card) = self.overview_card(|card| card.organisation.organisation_id == *organisation) else {
            return Vec::new();
        };
        let Some(target) = LinkTarget::for_organisation(&card.organisation) else { return Vec::new() };
        if self.session.unfinished_link().is_some() {
            return Vec::new();
        }
        // A new bank is searched for from an empty box, not from the last search.
        self.session.bank_query.clear();
        let mut effects = self.stop_step_tasks();
        effects.extend(self.enter_bank_step(target, None));
        effects
    }

    fn act_on_account(
        &mut self,
        organisation: &OrganisationId,
        id: BankAccountId,
        action: AccountAction,
    ) -> Vec<Effect> {
        let Some(card) = self.overview_card(|card| card.organisation.organisation_id == *organisation) else {
            return Vec::new();
        };
        let Some(account) = card.account(&id).cloned() else { return Vec::new() };
        let Some(target) = LinkTarget::for_organisation(&card.organisation) else { return Vec::new() };
        let loaded = card.loaded.as_ref();
        let bank = account.bank_id.clone().map(|bank_id| {
            loaded.and_then(|loaded| loaded.bank(&bank_id)).cloned().unwrap_or_else(|| Bank::known_by_id(bank_id))
        });
        let today = loaded.map(|loaded| loaded.today);
        if action == AccountAction::Remove {
            if let Step::Overview(step) = &mut self.step
                && account.status != BankAccountStatus::Cancelled
                && !matches!(step.removal, Some(OverviewRemoval { phase: Removal::Removing(_), .. }))
            {
                step.removal = Some(OverviewRemoval {
                    organisation: organisation.clone(),
                    account: id,
                    phase: Removal::Confirming,
                });
            }
            return Vec::new();
        }
        let (Some(bank), Some(today)) = (bank, today) else { return Vec::new() };
        if self.session.unfinished_link().is_some() {
            // Opening another account would forget the link in progress: it is continued first.
            return Vec::new();
        }
        let mut effects = self.stop_step_tasks();
        self.session.account_details = Some(details_for_account(&account, today));
        let watch = self.next_request();
        let mut following = Following::new(account.clone(), None);
        if account.status == BankAccountStatus::Pending {
            following.watch_with(watch);
            effects.push(self.watch_effect(watch, target.clone(), id, false));
        }
        self.step = Step::Account(AccountStep { target, bank, phase: AccountPhase::Following(following) });
        effects.extend(match action {
            AccountAction::Reauthorise => self.reauthorise(&BankAccountStatus::AuthRequired),
            AccountAction::AddMore => self.add_more_accounts(),
            AccountAction::Open | AccountAction::Remove => Vec::new(),
        });
        effects
    }

    /// Answers to the overview's removal: confirm, keep, and the `DELETE`'s answer.
    fn keep_overview_account(&mut self) -> Vec<Effect> {
        if let Step::Overview(step) = &mut self.step
            && step.removal.as_ref().is_some_and(|removal| !matches!(removal.phase, Removal::Removing(_)))
        {
            step.removal = None;
        }
        Vec::new()
    }

    fn confirm_overview_removal(&mut self) -> Vec<Effect> {
        let request = self.next_request();
        let Step::Overview(step) = &mut self.step else { return Vec::new() };
        let Some(removal) = &mut step.removal else { return Vec::new() };
        if !matches!(removal.phase, Removal::Confirming | Removal::Failed(_)) {
            return Vec::new();
        }
        let card = step.cards.iter().find(|card| card.organisation.organisation_id == removal.organisation);
        let Some(target) = card.and_then(|card| LinkTarget::for_organisation(&card.organisation)) else {
            return Vec::new();
        };
        removal.phase = Removal::Removing(request);
        vec![Effect::RemoveBankAccount { request, target, account: removal.account.clone() }]
    }

    /// The `DELETE`'s answer for an account removed from the overview.
    pub(super) fn overview_account_removed(&mut self, request: RequestId, result: Result<(), Failure>) -> Vec<Effect> {
        let Step::Overview(step) = &mut self.step else { return Vec::new() };
        let Some(removal) = &mut step.removal else { return Vec::new() };
        if removal.phase != Removal::Removing(request) {
            return Vec::new();
        }
        match result {
            Ok(()) => {
                let organisation = removal.organisation.clone();
                step.removal = None;
                self.reload_card(&organisation)
            }
            Err(failure) => {
                removal.phase = Removal::Failed(failure);
                Vec::new()
            }
        }
    }
    fn reload_card(&mut self, organisation: &OrganisationId) -> Vec<Effect> {
        let request = self.next_request();
        let Some(card) = self.overview_card(|card| card.organisation.organisation_id == *organisation) else {
            return Vec::new();
        };
        let Some(target) = LinkTarget::for_organisation(&card.organisation) else { return Vec::new() };
        card.loading = Some(request);
        vec![Effect::LoadOrganisation { request, target, after: Duration::ZERO }]
    }
}
