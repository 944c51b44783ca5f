//! Where the wizard is: the [`Step`] the person is on, the numbered steps in order, and moving between them
//! (Continue, Back).

use super::account::AccountStep;
use super::bank::BankStep;
use super::captcha::{CaptchaStep, CreateStep};
use super::environment::EnvironmentStep;
use super::licence::LicenceStep;
use super::link::LinkStep;
use super::more_accounts::MoreAccountsStep;
use super::onboarded::OnboardedStep;
use super::organisation::OrganisationStep;
use super::overview::OverviewStep;
use crate::wizard::AccountIntent;
use crate::wizard::CaptchaIntent;
use crate::wizard::Effect;
use crate::wizard::LicenceReason;
use crate::wizard::ProductKind;
use crate::wizard::Wizard;

/// Where the wizard is.
#[allow(
    clippy::large_enum_variant,
    reason = "built and moved a few times per action; boxing would only obscure the matches"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Choose the environment, identity and product kind.
    Environment(EnvironmentStep),
    /// Type the licence details and send them to the Token Service.
    Licence(LicenceStep),
    /// Fill in the organisation form.
    Organisation(OrganisationStep),
    /// Read the captcha and create the organisation.
    Captcha(CaptchaStep),
    /// POST organisation is under way, or failed.
    Create(CreateStep),
    /// The organisation exists.
    Onboarded(OnboardedStep),
    /// Choose the bank.
    Bank(BankStep),
    /// Link it through the aggregator in the system browser.
    Link(LinkStep),
    /// Name the account, choose its start date, create it and follow it to `active`.
    Account(AccountStep),
    /// Tick the other accounts under the same authorisation and link them in one batch.
    MoreAccounts(MoreAccountsStep),
    /// What is onboarded in one environment, with live statuses and actions; outside the numbered steps.
    Overview(OverviewStep),
}

/// The numbered steps, in the order the person meets them (the overview is outside them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepName {
    /// Choose the environment.
    Environment,
    /// The licence details.
    Licence,
    /// The organisation form.
    Organisation,
    /// The captcha, and creating the organisation.
    Captcha,
    /// The organisation onboarded.
    Onboarded,
    /// Choose the bank.
    Bank,
    /// Link it at the aggregator.
    Link,
    /// The bank account.
    Account,
    /// More accounts under the same authorisation.
    MoreAccounts,
}

impl StepName {
    /// Every numbered step, in order: the one place the flow's order is written.
    pub const ALL: [Self; 9] = [
        Self::Environment,
        Self::Licence,
        Self::Organisation,
        Self::Captcha,
        Self::Onboarded,
        Self::Bank,
        Self::Link,
        Self::Account,
        Self::MoreAccounts,
    ];

    /// Its number for people, from 1.
    #[must_use]
    pub fn number(self) -> usize {
        Self::ALL.iter().position(|name| *name == self).map_or(0, |position| position + 1)
    }
}

impl Step {
    /// Which numbered step this is; `None` for the overview, which is not one of them.
    #[must_use]
    pub fn name(&self) -> Option<StepName> {
        Some(match self {
            Self::Environment(_) => StepName::Environment,
            Self::Licence(_) => StepName::Licence,
            Self::Organisation(_) => StepName::Organisation,
            Self::Captcha(_) | Self::Create(_) => StepName::Captcha,
            Self::Onboarded(_) => StepName::Onboarded,
            Self::Bank(_) => StepName::Bank,
            Self::Link(_) => StepName::Link,
            Self::Account(_) => StepName::Account,
            Self::MoreAccounts(_) => StepName::MoreAccounts,
            Self::Overview(_) => return None,
        })
    }
}

impl Wizard {
    /// Go on from the current step.
    pub(super) fn continue_on(&mut self) -> Vec<Effect> {
        match &self.step {
            Step::Environment(_) => self.connect_and_continue(),
            Step::Licence(_) => self.send_licence(),
            Step::Organisation(_) => self.submit_organisation_form(),
            Step::Captcha(_) => self.on_captcha(CaptchaIntent::CreateOrganisation),
            Step::Link(_) => self.continue_from_link(),
            Step::Account(_) => self.on_account(AccountIntent::Create),
            Step::Create(_) | Step::Onboarded(_) | Step::Bank(_) | Step::MoreAccounts(_) | Step::Overview(_) => {
                Vec::new()
            }
        }
    }

    /// Go back one step, keeping everything typed.
    pub(super) fn back(&mut self) -> Vec<Effect> {
        let web = self.session.settings.product_kind == ProductKind::Web;
        match &self.step {
            Step::Licence(step) if step.sending.is_none() => self.go_to_environment(),
            Step::Organisation(_) if web => self.go_to_environment(),
            Step::Organisation(_) => self.go_to_licence(None),
            Step::Captcha(_) => self.go_to_organisation(false),
            Step::Create(step) if !step.is_busy() => {
                if web {
                    self.go_to_organisation(false)
                } else {
                    self.enter_captcha(None)
                }
            }
            Step::Environment(_)
            | Step::Licence(_)
            | Step::Create(_)
            | Step::Onboarded(_)
            | Step::Bank(_)
            | Step::Link(_)
            | Step::Account(_)
            | Step::MoreAccounts(_)
            | Step::Overview(_) => Vec::new(),
        }
    }

    pub(super) fn go_to_environment(&mut self) -> Vec<Effect> {
        self.step = Step::Environment(EnvironmentStep::for_environment(&self.session.settings.environment));
        Vec::new()
    }

    pub(super) fn go_to_licence(&mut self, reason: Option<LicenceReason>) -> Vec<Effect> {
        self.step = Step::Licence(LicenceStep { reason, ..LicenceStep::default() });
        Vec::new()
    }

    pub(super) fn go_to_organisation(&mut self, show_problems: bool) -> Vec<Effect> {
        self.step = Step::Organisation(OrganisationStep { show_problems });
        Vec::new()
    }
}
