//! What a person does, as the views send it: an [`Intent`] of the whole wizard (Continue, Back, the menus), or one of
//! the step shown. Each step's intents are declared in that step's module and matched there, exhaustively.

use url::Url;

use super::account::AccountIntent;
use super::bank::BankIntent;
use super::captcha::CaptchaIntent;
use super::environment::EnvironmentIntent;
use super::licence::LicenceIntent;
use super::link::LinkIntent;
use super::more_accounts::MoreAccountsIntent;
use super::onboarded::OnboardedIntent;
use super::overview::OverviewIntent;

/// Something the person did.
#[derive(Clone, Debug, PartialEq)]
pub enum Intent {
    /// Go on from the current step (its primary button).
    Continue,
    /// Go back one step; nothing typed is lost.
    Back,
    /// Make the connection again after it failed, from any step after the first.
    ConnectAgain,
    /// Open the bank's or the aggregator's page in the system browser (again).
    OpenInBrowser(Url),
    /// Begin a new onboarding from the environment step.
    StartOver,
    /// Link a bank account to the organisation shown (from the onboarded organisation, a bank account, or more
    /// accounts).
    LinkBank,
    /// Show the accounts overview (of the latest organisation's environment).
    ShowOverview,
    /// Reset the local emulator's demo (the person confirmed).
    ResetDemo,
    /// Reset the local emulator's demo, then start at this seed's step with its world (the person confirmed, or
    /// `--start-at`).
    StartAt(super::Seed),
    /// Use another theme or text size (View → Theme, View → Text size, Ctrl+plus/minus/0).
    SetAppearance(super::Appearance),
    /// Keep this split of the inspector's Requests tab (the divider was dragged).
    SetInspectorDetails(super::DetailsShare),
    /// On the environment step.
    Environment(EnvironmentIntent),
    /// On the licence step.
    Licence(LicenceIntent),
    /// On the captcha step (and while the organisation is created).
    Captcha(CaptchaIntent),
    /// On the onboarded organisation's step.
    Onboarded(OnboardedIntent),
    /// On the bank step.
    Bank(BankIntent),
    /// On the link step.
    Link(LinkIntent),
    /// On the bank account step.
    Account(AccountIntent),
    /// On the more-accounts step.
    MoreAccounts(MoreAccountsIntent),
    /// On the accounts overview.
    Overview(OverviewIntent),
}

impl Intent {
    /// True for an intent that would start work (a connection, a read) and so waits while the demo is being reset.
    #[must_use]
    pub fn starts_work(&self) -> bool {
        match self {
            Self::Continue
            | Self::ConnectAgain
            | Self::ShowOverview
            | Self::LinkBank
            | Self::Environment(
                EnvironmentIntent::Select(_) | EnvironmentIntent::ChooseCustom | EnvironmentIntent::UseCustom(_),
            ) => true,
            Self::MoreAccounts(intent) => *intent == MoreAccountsIntent::Done,
            Self::Overview(intent) => match intent {
                OverviewIntent::ShowEnvironment(_)
                | OverviewIntent::Refresh
                | OverviewIntent::StartOnboarding
                | OverviewIntent::LinkAnotherBank(_)
                | OverviewIntent::ActOnAccount { .. } => true,
                OverviewIntent::ContinueUnfinishedLink
                | OverviewIntent::ConfirmRemove
                | OverviewIntent::KeepAccount => false,
            },
            Self::Back
            | Self::OpenInBrowser(_)
            | Self::StartOver
            | Self::ResetDemo
            | Self::StartAt(_)
            | Self::SetAppearance(_)
            | Self::SetInspectorDetails(_)
            | Self::Environment(EnvironmentIntent::SelectProductKind(_) | EnvironmentIntent::StoreApplicationKey)
            | Self::Licence(_)
            | Self::Captcha(_)
            | Self::Onboarded(_)
            | Self::Bank(_)
            | Self::Link(_)
            | Self::Account(_) => false,
        }
    }
}

/// `From` each step's intents into [`Intent`] and [`super::Event`], so a view writes `CaptchaIntent::NewImage.into()`.
macro_rules! step_intents {
    ($($variant:ident($step:ty)),* $(,)?) => {$(
        impl From<$step> for Intent {
            fn from(intent: $step) -> Self {
                Self::$variant(intent)
            }
        }

        impl From<$step> for super::Event {
            fn from(intent: $step) -> Self {
                Self::Intent(Intent::$variant(intent))
            }
        }
    )*};
}

step_intents!(
    Environment(EnvironmentIntent),
    Licence(LicenceIntent),
    Captcha(CaptchaIntent),
    Onboarded(OnboardedIntent),
    Bank(BankIntent),
    Link(LinkIntent),
    Account(AccountIntent),
    MoreAccounts(MoreAccountsIntent),
    Overview(OverviewIntent),
);
