//! Coming back after the app was closed or killed: the saved [`Screen`] says where the person was, the saved drafts
//! what they had typed. Each screen resumes from what the server may have changed meanwhile, never by repeating what
//! the server already did: an organisation interrupted mid-creation is explained before anything is sent again, a
//! link resumes through `resume_link` (the saved poll route, or the bank account found by its `accountKey`).

use serde::{Deserialize, Serialize};

use super::{
    CaptchaFetch, CaptchaStep, CreateProblem, CreateStep, Effect, KeyPhase, LicenceForm, OnboardedStep, ProductKind,
    Progress, Session, Step, Wizard,
};
use crate::api::models::BankAccount;
use crate::api::models::BankAccountStatus;
use crate::wizard::AccountPhase;
use crate::wizard::AccountStep;
use crate::wizard::CreatePhase;
use crate::wizard::LinkPhase;
use crate::wizard::LinkStage;
use crate::wizard::LinkStep;
use crate::wizard::Waiting;
use crate::wizard::{Following, Watch};

/// Where the person was when progress was last saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Screen {
    /// Choosing the environment.
    Environment,
    /// Typing the licence details.
    Licence,
    /// Filling in the organisation form.
    Organisation,
    /// Reading the captcha.
    Captcha,
    /// POST organisation was sent and not answered yet.
    Creating,
    /// Looking at the organisation just onboarded.
    Onboarded,
    /// Choosing a bank, linking it, or following its account (the saved link says which).
    Linking,
    /// Ticking more accounts to link under the same authorisation (saved as `Checklist` before it had this name).
    #[serde(alias = "Checklist")]
    MoreAccounts,
    /// The accounts overview.
    Overview,
}

impl Screen {
    /// The screen of `step` for a product of `kind`.
    #[must_use]
    pub fn of(step: &Step, kind: ProductKind) -> Self {
        match step {
            Step::Environment(_) => Self::Environment,
            Step::Licence(_) => Self::Licence,
            Step::Organisation(_) => Self::Organisation,
            Step::Create(CreateStep { phase: CreatePhase::Sending(_), .. }) => Self::Creating,
            Step::Create(_) if kind == ProductKind::Web => Self::Organisation,
            Step::Captcha(_) | Step::Create(_) => Self::Captcha,
            // While the key is on its way to the keyring the organisation is not saved yet: as if still creating. Once
            // the keyring refused it, the organisation is saved: a restart then checks the keyring for its key and
            // says it is missing, rather than offering to create another.
            Step::Onboarded(OnboardedStep { phase: KeyPhase::Storing { organisation_saved: false, .. }, .. }) => {
                Self::Creating
            }
            Step::Onboarded(_) => Self::Onboarded,
            Step::Bank(_) | Step::Link(_) | Step::Account(_) => Self::Linking,
            Step::MoreAccounts(_) => Self::MoreAccounts,
            Step::Overview(_) => Self::Overview,
        }
    }
}

impl Wizard {
    /// Takes the saved progress at start-up: the settings and drafts come back, then the screen the person was on.
    /// With nothing saved, the wizard starts at its first step.
    pub(super) fn restore(&mut self, progress: Option<Progress>) -> Vec<Effect> {
        let Some(progress) = progress else { return Vec::new() };
        let screen = progress.screen;
        self.restore_session(progress);
        match screen {
            Some(Screen::Environment) => Vec::new(),
            Some(Screen::Licence) => {
                self.go_to_licence(None);
                self.connect(false)
            }
            Some(Screen::Organisation) => {
                self.go_to_organisation(false);
                self.connect(false)
            }
            Some(Screen::Captcha) => {
                let request = self.next_request();
                let captcha = CaptchaFetch::Loading(request);
                self.step = Step::Captcha(CaptchaStep { captcha, notice: None, answer_missing: false });
                // The image is fetched once the connection is made.
                self.connect(false)
            }
            Some(Screen::Creating) => {
                self.session.remember_lost_organisation_answer(None);
                let phase = CreatePhase::Failed(CreateProblem::Interrupted);
                self.step = Step::Create(CreateStep { phase, captcha: None });
                self.connect(false)
            }
            Some(Screen::Overview) => {
                // The environment it showed (saved in the settings), else the latest organisation's.
                let shown = &self.session.settings.environment;
                let mut onboarded = self.onboarded_environments();
                let at = onboarded.iter().position(|environment| environment == shown);
                let chosen = match at {
                    Some(at) => Some(onboarded.swap_remove(at)),
                    None => onboarded.pop(),
                };
                match chosen {
                    Some(environment) => self.open_overview(environment),
                    None => Vec::new(),
                }
            }
            Some(Screen::Onboarded) => self.resume_onboarded(),
            Some(Screen::Linking | Screen::MoreAccounts) | None => {
                if self.session.organisations.is_empty() {
                    return Vec::new();
                }
                self.take_latest_settings();
                self.session.reopen_more_accounts = screen == Some(Screen::MoreAccounts);
                match self.resume_link() {
                    Some(effects) => effects,
                    None => self.resume_onboarded(),
                }
            }
        }
    }

    fn restore_session(&mut self, progress: Progress) {
        self.session.settings = progress.settings;
        self.session.licence = LicenceForm::from_pairs(&progress.licence);
        self.session.organisation = progress.organisation;
        self.session.organisations = progress.organisations;
        if let Some(country) = progress.country.filter(Session::is_known_country) {
            self.session.country = country;
        }
        if let Some(concurrency) = progress.link_concurrency {
            self.session.link_concurrency = concurrency.clamp(1, super::MAX_LINK_CONCURRENCY);
        }
        if let Some(minutes) = progress.link_deadline_minutes {
            self.session.link_deadline_minutes = minutes.max(1);
        }
        if let Some(theme) = progress.theme {
            self.session.appearance.theme = theme;
        }
        if let Some(size) = progress.text_size {
            self.session.appearance.text_size = size;
        }
        if let Some(share) = progress.inspector_details {
            self.session.inspector_details = share;
        }
        self.session.account_details = progress.account_details;
        self.session.link = progress.link;
    }

    /// Uses the latest organisation's environment and product.
    fn take_latest_settings(&mut self) {
        if let Some(latest) = self.session.organisations.last().cloned() {
            self.session.set_environment(latest.environment);
            self.session.settings.identity.product_id = latest.product_id;
        }
    }

    /// The latest organisation's screen: its key checked in the keyring, and a connection made.
    fn resume_onboarded(&mut self) -> Vec<Effect> {
        self.take_latest_settings();
        let Some(latest) = self.session.organisations.last().cloned() else { return Vec::new() };
        let request = self.next_request();
        let slot = latest.key_slot();
        self.step = Step::Onboarded(OnboardedStep {
            organisation: latest,
            phase: KeyPhase::Checking(request),
            verify_when_connected: false,
        });
        let mut effects = vec![Effect::CheckKey { request, slot }];
        effects.extend(self.connect(false));
        effects
    }

    /// After a connection is made on a resumed captcha step: fetch the image it waits for.
    pub(super) fn fetch_captcha_if_waiting(&self) -> Vec<Effect> {
        match &self.step {
            Step::Captcha(CaptchaStep { captcha: CaptchaFetch::Loading(request), .. }) => {
                vec![Effect::FetchCaptcha { request: *request }]
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Organisation(_)
            | Step::Captcha(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => Vec::new(),
        }
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
                self.session.set_environment(target.environment.clone());
                let notice = interrupted.map(|bank_name| super::BankNotice::LinkInterrupted { bank_name });
                return Some(self.enter_bank_step(target, notice));
            }
            LinkStage::Waiting { bank, redirect, started_at, route } => {
                let request = self.next_request();
                let waiting = Waiting {
                    redirect,
                    started_at,
                    browser: Ok(()),
                    next_check_at: None,
                    checks: 0,
                    last_failure: None,
                };
                let phase = LinkPhase::Waiting { waiting, route };
                self.step = Step::Link(LinkStep { target, bank, request, phase, resumed: true });
                Vec::new()
            }
            LinkStage::Linked { bank, account: linked } => {
                self.session.account_details.as_ref()?;
                let phase = AccountPhase::Details { linked, maybe_created: false, show_problems: false, problem: None };
                self.step = Step::Account(AccountStep { target, bank, phase });
                Vec::new()
            }
            LinkStage::Creating { bank, account: linked } => {
                let request = self.next_request();
                self.step =
                    Step::Account(AccountStep { target, bank, phase: AccountPhase::Finding { request, linked } });
                Vec::new()
            }
            LinkStage::Created { bank, bank_account_id } => {
                let request = self.next_request();
                self.step = Step::Account(AccountStep {
                    target,
                    bank,
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

    /// More accounts again after a restart, its first account's watch stopped.
    pub(super) fn reopen_more_accounts(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { phase: AccountPhase::Following(following), .. }) = &mut self.step else {
            return Vec::new();
        };
        let mut effects: Vec<Effect> = following.stop_watching(None).map(Effect::Cancel).into_iter().collect();
        effects.extend(self.add_more_accounts());
        effects
    }

    /// After a connection is made on the account step: send what a resumed step was waiting for.
    pub(super) fn resume_account_after_connect(&mut self) -> Vec<Effect> {
        let Step::Account(AccountStep { target, phase, .. }) = &self.step else { return Vec::new() };
        match phase {
            AccountPhase::Finding { request, linked } => vec![Effect::FindBankAccount {
                request: *request,
                target: target.clone(),
                account_key: linked.account_key.clone(),
            }],
            AccountPhase::Following(Following {
                watch: Watch::Running { request, .. },
                account,
                checked_at: None,
                ..
            }) => {
                vec![self.watch_effect(*request, target.clone(), account.bank_account_id.clone(), false)]
            }
            AccountPhase::Details { .. } | AccountPhase::Creating { .. } | AccountPhase::Following(_) => Vec::new(),
        }
    }
}
