//! The wizard: a pure state machine. [`Wizard::update`] is the only place its state changes: it takes an
//! [`Event`] and returns the [`Effect`]s for the runtime. No egui, tokio, reqwest, keyring, filesystem or clock here:
//! time arrives on events.

mod account;
mod bank;
mod captcha;
mod connection;
mod demo;
mod effect;
mod environment;
mod event;
mod flow;
mod leaving;
mod licence;
mod link;
mod link_record;
mod more_accounts;
mod onboarded;
mod organisation;
mod overview;
pub mod poll;
mod progress;
mod resume;
mod session;
#[cfg(test)]
mod tests;
mod text_checks;

pub use account::{
    ACCOUNT_CHECK_EVERY, AccountDetails, AccountNameProblem, AccountPhase, AccountStep, Following, Reauth, Removal,
    StartDateProblem, WatchStop, default_start_date, new_bank_account, start_of_day,
};
pub use bank::{BankIndex, BankList, BankNotice, BankStep, COUNTRIES, SearchResult};
pub use captcha::{CaptchaFetch, CaptchaNotice, CaptchaStep, CreateProblem, CreateStep, LostAnswer};
pub use demo::{DemoCleared, DemoResetBlocked, DemoState};
pub use effect::{Effect, RequestId};
pub use environment::{EnvironmentStep, IdentityProblem};
pub use event::{AccessProblem, AccountAction, CaptchaImage, ConnectProblem, Connection, Event, LinkEnd};
pub use flow::{STEP_TITLES, Step};
pub use leaving::{AtRisk, KeyOnlyInMemory};
pub use licence::{LicenceField, LicenceFieldProblem, LicenceForm, LicenceReason, LicenceStep};
pub use link::{LinkPhase, LinkStep, Waiting};
pub use link_record::{LinkRecord, LinkStage, LinkTarget};
pub use more_accounts::{
    Batch, BatchCount, CandidateRow, DEFAULT_LINK_CONCURRENCY, Listing, MAX_LINK_CONCURRENCY, MoreAccountsStep,
    RATE_LIMIT_TRIES, RATE_LIMIT_WAIT, REFRESH_ASKS, REFRESH_WAIT, RowProblem, RowState,
};
pub use onboarded::{KeyPhase, OnboardedStep};
pub use organisation::{Field, FieldProblem, LANGUAGES, OrganisationForm, OrganisationStep};
pub use overview::{LoadedAccounts, OrganisationAccounts, OrganisationCard, OverviewRemoval, OverviewStep};
pub use progress::{OnboardedOrganisation, PROGRESS_VERSION, Progress};
pub use resume::Screen;
pub use session::{DEFAULT_LINK_DEADLINE_MINUTES, PendingConnect, ProductKind, Session, Settings};
pub use text_checks::TextProblem;

/// Counts one more request; a free function so a step can be borrowed while its ID is made.
fn new_request(last: &mut u64) -> RequestId {
    *last += 1;
    RequestId(*last)
}

/// The onboarding wizard's state.
#[derive(Debug)]
pub struct Wizard {
    step: Step,
    session: Session,
    last_request: u64,
}

impl Default for Wizard {
    fn default() -> Self {
        Self::new()
    }
}

impl Wizard {
    /// A wizard on its first step with nothing typed.
    #[must_use]
    pub fn new() -> Self {
        Self { step: Step::Environment(EnvironmentStep::default()), session: Session::default(), last_request: 0 }
    }

    /// The current step.
    #[must_use]
    pub fn step(&self) -> &Step {
        &self.step
    }

    /// What has been chosen and typed.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The session's text buffers, for the UI to edit in place.
    pub fn session_mut(&mut self) -> &mut Session {
        &mut self.session
    }

    /// Applies one event and returns what the runtime must do. Whenever the screen changes, progress is saved first,
    /// before any request goes out, so a restart comes back to the screen and knows what may have been sent.
    pub fn update(&mut self, event: Event) -> Vec<Effect> {
        if self.session.demo.resetting.is_some() && demo::waits_for_reset(&event) {
            return Vec::new();
        }
        let restoring = matches!(event, Event::Restored(_));
        let before = Screen::of(&self.step, self.session.settings.product_kind);
        let mut effects = self.apply(event);
        let after = Screen::of(&self.step, self.session.settings.product_kind);
        if before != after && !restoring {
            effects.retain(|effect| !matches!(effect, Effect::SaveProgress(_)));
            effects.insert(0, self.save());
        }
        effects
    }

    fn apply(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Restored(progress) => self.restore(progress),
            Event::SelectEnvironment(_)
            | Event::SelectProductKind(_)
            | Event::StoreApplicationKey
            | Event::ConnectAgain
            | Event::Connected { .. } => self.update_setup(event),
            Event::AddLicenceField | Event::RemoveLicenceField(_) | Event::SendLicence | Event::EditLicence => {
                self.update_licence(&event)
            }
            Event::TokenRequested { request, result } => self.token_requested(request, result),
            Event::Continue => self.continue_on(),
            Event::Back => self.back(),
            Event::NewCaptcha
            | Event::CreateOrganisation
            | Event::Retry
            | Event::SendLicenceNow
            | Event::ReviewOrganisation
            | Event::CaptchaFetched { .. }
            | Event::OrganisationCreated { .. } => self.update_create(event),
            Event::StartOver
            | Event::VerifyConnection
            | Event::RetryKeyStore
            | Event::KeyStored { .. }
            | Event::KeyChecked { .. }
            | Event::AccessTokenFetched { .. } => self.update_onboarded(event),
            Event::LinkBank
            | Event::SelectCountry(_)
            | Event::ReloadBanks
            | Event::ChooseBank(_)
            | Event::CloseDirectBank
            | Event::BanksFetched { .. } => self.update_bank(event),
            Event::OpenInBrowser(_)
            | Event::CancelLink
            | Event::RetryLink
            | Event::ChooseAnotherBank
            | Event::BrowserOpened { .. }
            | Event::LinkStarted { .. }
            | Event::LinkChecked { .. }
            | Event::LinkEnded { .. } => self.update_link(event),
            Event::CreateBankAccount
            | Event::StopWatching
            | Event::CheckStatusAgain
            | Event::BankAccountCreated { .. }
            | Event::BankAccountFound { .. }
            | Event::AccountChecked { .. }
            | Event::WatchEnded { .. } => self.update_account(event),
            Event::ConfirmRemove | Event::KeepBankAccount | Event::BankAccountRemoved { .. }
                if matches!(self.step, Step::Overview(_)) =>
            {
                self.update_overview_removal(event)
            }
            Event::Reauthorise
            | Event::CancelReauth
            | Event::RemoveBankAccount
            | Event::ConfirmRemove
            | Event::KeepBankAccount
            | Event::ReauthStarted { .. }
            | Event::BankAccountRemoved { .. } => self.update_account_actions(event),
            Event::ShowOverview
            | Event::ShowOverviewOf(_)
            | Event::RefreshOverview
            | Event::StartOnboarding
            | Event::LinkAnotherBank(_)
            | Event::ContinueUnfinishedLink
            | Event::ActOnAccount { .. }
            | Event::OrganisationLoaded { .. } => self.update_overview(event),
            Event::AddMoreAccounts
            | Event::ListCandidatesAgain
            | Event::ToggleCandidate(_)
            | Event::SelectShown(_)
            | Event::SetBatchStartDate(_)
            | Event::SetLinkConcurrency(_)
            | Event::LinkSelected
            | Event::CancelBatch
            | Event::RetryCandidate(_)
            | Event::CandidatesListed { .. }
            | Event::CandidateLinked { .. } => self.update_more_accounts(event),
            Event::ResetDemo | Event::DemoReset { .. } => self.update_demo(event),
            Event::ProgressSaved(result) => {
                self.session.save_problem = result.err();
                Vec::new()
            }
        }
    }

    /// A fresh request ID.
    fn next_request(&mut self) -> RequestId {
        new_request(&mut self.last_request)
    }

    /// What to save now.
    #[must_use]
    pub fn progress(&self) -> Progress {
        Progress {
            version: PROGRESS_VERSION,
            settings: self.session.settings.clone(),
            licence: self.session.licence.pairs(),
            organisation: self.session.organisation.clone(),
            organisations: self.session.organisations.clone(),
            country: Some(self.session.country.clone()),
            link: self.session.link.clone(),
            account_details: self.session.account_details.clone(),
            link_deadline_minutes: Some(self.session.link_deadline_minutes),
            link_concurrency: Some(self.session.link_concurrency),
            screen: Some(Screen::of(&self.step, self.session.settings.product_kind)),
        }
    }

    fn save(&self) -> Effect {
        Effect::SaveProgress(self.progress())
    }

    /// Go on from the current step.
    fn continue_on(&mut self) -> Vec<Effect> {
        match &self.step {
            Step::Environment(_) => self.connect_and_continue(),
            Step::Licence(_) => self.update_licence(&Event::SendLicence),
            Step::Organisation(_) => self.submit_organisation_form(),
            Step::Captcha(_) => self.update_create(Event::CreateOrganisation),
            Step::Link(_) => self.continue_from_link(),
            Step::Account(_) => self.update_account(Event::CreateBankAccount),
            Step::Create(_) | Step::Onboarded(_) | Step::Bank(_) | Step::MoreAccounts(_) | Step::Overview(_) => {
                Vec::new()
            }
        }
    }

    /// Go back one step, keeping everything typed.
    fn back(&mut self) -> Vec<Effect> {
        let web = self.session.settings.product_kind == ProductKind::Web;
        match &self.step {
            Step::Licence(step) if step.sending.is_none() => self.go_to_environment(),
            Step::Organisation(_) if web => self.go_to_environment(),
            Step::Organisation(_) => self.go_to_licence(None),
            Step::Captcha(_) => self.go_to_organisation(false),
            Step::Create(step) if step.pending.is_none() && step.sending_licence.is_none() => {
                if web {
                    self.go_to_organisation(false)
                } else {
                    self.enter_captcha(None)
                }
            }
            _ => Vec::new(),
        }
    }

    fn go_to_environment(&mut self) -> Vec<Effect> {
        self.step = Step::Environment(EnvironmentStep::default());
        Vec::new()
    }

    fn go_to_licence(&mut self, reason: Option<LicenceReason>) -> Vec<Effect> {
        self.step = Step::Licence(LicenceStep { reason, ..LicenceStep::default() });
        Vec::new()
    }

    fn go_to_organisation(&mut self, show_problems: bool) -> Vec<Effect> {
        self.step = Step::Organisation(OrganisationStep { show_problems });
        Vec::new()
    }
}
