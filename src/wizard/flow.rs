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

/// The ordered names of the steps, for the progress list.
pub const STEP_TITLES: [&str; 9] =
    ["Environment", "Licence", "Organisation", "Captcha", "Onboarded", "Bank", "Link", "Bank account", "More accounts"];

impl Step {
    /// The position of this step in [`STEP_TITLES`]; `None` for the overview, which is not one of them.
    #[must_use]
    pub fn index(&self) -> Option<usize> {
        match self {
            Self::Environment(_) => Some(0),
            Self::Licence(_) => Some(1),
            Self::Organisation(_) => Some(2),
            Self::Captcha(_) | Self::Create(_) => Some(3),
            Self::Onboarded(_) => Some(4),
            Self::Bank(_) => Some(5),
            Self::Link(_) => Some(6),
            Self::Account(_) => Some(7),
            Self::MoreAccounts(_) => Some(8),
            Self::Overview(_) => None,
        }
    }
}
