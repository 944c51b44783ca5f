//! The wizard: a pure state machine. [`Wizard::update`] is the only place its state changes: it takes an [`Intent`]
//! of the person or an [`Answer`] of the runtime and returns the [`Effect`]s for the runtime. One module per step,
//! named as its view in `ui/steps/`. No egui, tokio, reqwest, keyring, filesystem or clock here, and no sentence for
//! people: time arrives on answers, and problems are values the UI words.

mod account;
mod answer;
mod appearance;
mod bank;
mod captcha;
mod connection;
mod demo;
mod effect;
mod environment;
mod event;
mod flow;
mod intent;
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
mod start_at;
#[cfg(test)]
mod tests;
mod text_checks;

pub use account::{
    ACCOUNT_CHECK_EVERY, AccountDetails, AccountIntent, AccountNameProblem, AccountPhase, AccountStep, Following,
    Reauth, Removal, StartDateProblem, Watch, WatchStop, default_start_date, new_bank_account, start_of_day,
};
pub use answer::{
    AccessProblem, Answer, CaptchaImage, ConnectProblem, Connection, DemoResetProblem, LinkEnd, ProgressProblem,
};
pub use appearance::{Appearance, DetailsShare, TextSize, ThemeChoice};
pub use bank::{BankIndex, BankIntent, BankList, BankNotice, BankStep, COUNTRIES, SearchResult};
pub use captcha::{
    CaptchaFetch, CaptchaIntent, CaptchaNotice, CaptchaStep, CreatePhase, CreateProblem, CreateStep, LostAnswer,
};
pub use demo::{DemoCleared, DemoResetBlocked, DemoState};
pub use effect::{Effect, RequestId};
pub use environment::{EnvironmentIntent, EnvironmentStep, IdentityProblem};
pub use event::Event;
pub use flow::{Step, StepName};
pub use intent::Intent;
pub use leaving::{AtRisk, KeyOnlyInMemory};
pub use licence::{LicenceField, LicenceFieldProblem, LicenceForm, LicenceIntent, LicenceReason, LicenceStep};
pub use link::{LinkIntent, LinkPhase, LinkStep, Waiting};
pub use link_record::{LinkRecord, LinkStage, LinkTarget};
pub use more_accounts::{
    Batch, BatchCount, CandidateRow, DEFAULT_LINK_CONCURRENCY, Listing, MAX_LINK_CONCURRENCY, MoreAccountsIntent,
    MoreAccountsStep, RATE_LIMIT_LONGEST_WAIT, RATE_LIMIT_TRIES, RATE_LIMIT_WAIT, REFRESH_ASKS, REFRESH_WAIT,
    RowProblem, RowState,
};
pub use onboarded::{KeyPhase, OnboardedIntent, OnboardedStep};
pub use organisation::{Field, FieldProblem, LANGUAGES, OrganisationForm, OrganisationStep};
pub use overview::{
    AccountAction, LoadedAccounts, OrganisationAccounts, OrganisationCard, OverviewIntent, OverviewRemoval,
    OverviewStep,
};
pub use progress::{OnboardedOrganisation, PROGRESS_VERSION, Progress};
pub use resume::Screen;
pub use session::{DEFAULT_LINK_DEADLINE_MINUTES, PendingConnect, ProductKind, Session, Settings};
pub use start_at::{Seed, StartAtBlocked, StartAtProblem};
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

    /// Applies one intent or answer and returns what the runtime must do. Whenever the screen changes, progress is
    /// saved first, before any request goes out, so a restart comes back to the screen and knows what may have been
    /// sent.
    pub fn update(&mut self, event: impl Into<Event>) -> Vec<Effect> {
        let event = event.into();
        if self.session.demo.resetting.is_some() && matches!(&event, Event::Intent(intent) if intent.starts_work()) {
            return Vec::new();
        }
        let restoring = matches!(event, Event::Answer(Answer::Restored(_)));
        let before = Screen::of(&self.step, self.session.settings.product_kind);
        let mut effects = match event {
            Event::Intent(intent) => self.act(intent),
            Event::Answer(answer) => self.take(answer),
        };
        if let Some(record) = self.step.link_record() {
            self.session.link = Some(record);
        }
        let after = Screen::of(&self.step, self.session.settings.product_kind);
        if before != after && !restoring {
            effects.retain(|effect| !matches!(effect, Effect::SaveProgress(_)));
            effects.insert(0, self.save());
        }
        effects
    }

    /// What the person did: the wizard's own intents here, each step's in its module.
    fn act(&mut self, intent: Intent) -> Vec<Effect> {
        match intent {
            Intent::Continue => self.continue_on(),
            Intent::Back => self.back(),
            Intent::ConnectAgain => self.connect_again(),
            Intent::OpenInBrowser(url) => vec![Effect::OpenBrowser { url }],
            Intent::StartOver => self.start_over(),
            Intent::LinkBank => self.link_bank(),
            Intent::ShowOverview => self.show_overview(),
            Intent::ResetDemo => self.reset_demo(),
            Intent::StartAt(seed) => self.start_at(seed),
            Intent::SetAppearance(appearance) => self.set_appearance(appearance),
            Intent::SetInspectorDetails(share) => self.set_inspector_details(share),
            Intent::Environment(intent) => self.on_environment(intent),
            Intent::Licence(intent) => self.on_licence(intent),
            Intent::Captcha(intent) => self.on_captcha(intent),
            Intent::Onboarded(intent) => self.on_onboarded(intent),
            Intent::Bank(intent) => self.on_bank(intent),
            Intent::Link(intent) => self.on_link(intent),
            Intent::Account(intent) => self.on_account(intent),
            Intent::MoreAccounts(intent) => self.on_more_accounts(intent),
            Intent::Overview(intent) => self.on_overview(intent),
        }
    }

    /// What the runtime answered: each answer to the function of the step that waits for it, which drops it when its
    /// request is no longer awaited.
    fn take(&mut self, answer: Answer) -> Vec<Effect> {
        match answer {
            Answer::Restored(progress) => self.restore(progress),
            Answer::ProgressSaved(result) => {
                self.session.save_problem = result.err();
                Vec::new()
            }
            Answer::Connected { request, result } => self.connected(request, result),
            Answer::TokenRequested { request, result } => self.token_requested(request, result),
            Answer::CaptchaFetched { request, result } => self.captcha_fetched(request, result),
            Answer::OrganisationCreated { request, at, result } => self.organisation_created(request, at, result),
            Answer::KeyStored { request, result } => self.key_stored(request, result),
            Answer::KeyChecked { request, result } => self.key_checked(request, result),
            Answer::AccessTokenFetched { request, result } => self.access_token_fetched(request, result),
            Answer::BanksFetched { request, result } => self.banks_fetched(request, result),
            Answer::LinkStarted { request, at, redirect, browser, next_check_at, route } => {
                self.link_started(request, at, redirect, browser, next_check_at, route)
            }
            Answer::LinkChecked { request, next_check_at, failure, route, at: _ } => {
                self.link_checked(request, next_check_at, failure, route)
            }
            Answer::LinkEnded { request, today, end } => self.link_ended(request, today, end),
            Answer::BrowserOpened { url, result } => self.browser_opened(&url, result),
            Answer::BankAccountCreated { request, result } => self.bank_account_created(request, result),
            Answer::BankAccountFound { request, result } => self.bank_account_found(request, result),
            Answer::AccountChecked { request, at, result, next_check_at } => match self.step {
                Step::MoreAccounts(_) => self.linked_account_checked(request, result, next_check_at),
                _ => self.account_checked(request, at, result, next_check_at),
            },
            Answer::WatchEnded { request, stop } => match self.step {
                Step::MoreAccounts(_) => self.linked_watch_ended(request, stop),
                _ => self.watch_ended(request, stop),
            },
            Answer::ReauthStarted { request, at, result } => self.reauth_started(request, at, result),
            Answer::BankAccountRemoved { request, result } => match self.step {
                Step::Overview(_) => self.overview_account_removed(request, result),
                _ => self.account_removed(request, result),
            },
            Answer::OrganisationLoaded { request, at, today, result } => {
                self.organisation_loaded(request, at, today, result)
            }
            Answer::CandidatesListed { request, result } => self.candidates_listed(request, result),
            Answer::CandidateLinked { request, result } => self.candidate_linked(request, result),
            Answer::DemoReset { request, result } => self.demo_reset_answered(request, result),
            Answer::StartedAt { request, seed, result } => self.started_at(request, seed, result),
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
            country: Some(self.session.country),
            link: self.step.link_record().or_else(|| self.session.link.clone()),
            account_details: self.session.account_details.clone(),
            link_deadline_minutes: Some(self.session.link_deadline_minutes),
            link_concurrency: Some(self.session.link_concurrency),
            theme: Some(self.session.appearance.theme),
            text_size: Some(self.session.appearance.text_size),
            inspector_details: Some(self.session.inspector_details),
            screen: Some(Screen::of(&self.step, self.session.settings.product_kind)),
        }
    }

    fn save(&self) -> Effect {
        Effect::SaveProgress(self.progress())
    }
}
