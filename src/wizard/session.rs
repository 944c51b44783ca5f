//! Everything the person has chosen and typed, kept across steps so Back loses nothing. The UI edits the text
//! buffers here directly; every other change goes through `Wizard::update`.

use serde::{Deserialize, Serialize};

use crate::api::ids::CountryCode;
use crate::config::{AppIdentity, Endpoints, Environment};
use crate::secrets::KeySlot;

use super::account::AccountDetails;
use super::answer::ConnectProblem;
use super::effect::RequestId;
use super::licence::LicenceForm;
use super::link_record::{LinkRecord, LinkStage};
use super::organisation::OrganisationForm;
use super::progress::OnboardedOrganisation;

/// How the product onboards its customers (CONTRACT §4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductKind {
    /// An on-premise desktop product: licence details go to the Token Service, then a captcha.
    #[default]
    Desktop,
    /// A web (trusted) product: POST organisation is signed with the application signing key.
    Web,
}

/// Where and as what the wizard onboards.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The environment.
    pub environment: Environment,
    /// Product ID and provider ID.
    pub identity: AppIdentity,
    /// Desktop or web product.
    pub product_kind: ProductKind,
}

impl Settings {
    /// The keyring slot of the application key for these settings.
    #[must_use]
    pub fn application_key_slot(&self) -> KeySlot {
        KeySlot::application(&self.environment, &self.identity.product_id)
    }
}

/// The custom environment's two roots as typed (text buffers the UI edits), kept when another environment is chosen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomServiceInput {
    /// The Banking Service root.
    pub banking: String,
    /// The Token Service root.
    pub token_service: String,
}

impl CustomServiceInput {
    /// The typed roots, checked.
    pub fn parse(&self) -> Result<crate::config::CustomService, crate::config::CustomServiceProblem> {
        crate::config::CustomService::parse(&self.banking, &self.token_service)
    }
}

/// A connection being made, and what its answer is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingConnect {
    /// The `Effect::Connect` answered.
    pub request: RequestId,
    /// The settings it was made for: an answer for other settings is dropped.
    pub settings: Settings,
    /// Go on from the environment step when it is ready (only when the person pressed Continue).
    pub advance: bool,
}

/// How long a link waits for the person at the bank before it stops, unless changed.
pub const DEFAULT_LINK_DEADLINE_MINUTES: u32 = 15;

/// The wizard's memory of this session.
#[derive(Debug)]
pub struct Session {
    /// Environment, identity, product kind.
    pub settings: Settings,
    /// The custom environment's roots as typed.
    pub custom_service: CustomServiceInput,
    /// Ticked by the person to go on to the live service.
    pub live_confirmed: bool,
    /// The application key being typed (web products); cleared once stored.
    pub application_key_input: zeroize::Zeroizing<String>,
    /// The licence details being typed.
    pub licence: LicenceForm,
    /// The organisation form.
    pub organisation: OrganisationForm,
    /// The captcha answer being typed.
    pub captcha_answer: zeroize::Zeroizing<String>,
    /// The connection in use, once made.
    pub connection: Option<Endpoints>,
    /// A connection being made.
    pub connecting: Option<PendingConnect>,
    /// Why the last connection attempt failed.
    pub connect_problem: Option<ConnectProblem>,
    /// Organisations onboarded from this machine.
    pub organisations: Vec<OnboardedOrganisation>,
    /// Why progress could not be saved, if it could not.
    pub save_problem: Option<super::ProgressProblem>,
    /// The country whose banks are listed.
    pub country: CountryCode,
    /// The bank search box.
    pub bank_query: String,
    /// The bank link in progress.
    pub link: Option<LinkRecord>,
    /// The new bank account's name and start date.
    pub account_details: Option<AccountDetails>,
    /// How long a link or a status watch waits before it stops, in minutes (a setting).
    pub link_deadline_minutes: u32,
    /// More accounts's filter box.
    pub candidate_filter: String,
    /// How many candidate links may be in flight at once (a setting).
    pub link_concurrency: u32,
    /// Open more accounts again once the resumed account reads `active` (the app closed on more accounts).
    pub reopen_more_accounts: bool,
    /// Demo mode's reset, under way or done.
    pub demo: super::demo::DemoState,
    /// The theme and text size chosen (a setting).
    pub appearance: super::Appearance,
    /// How much of the inspector's Requests tab the details take (a setting).
    pub inspector_details: super::DetailsShare,
    /// The first POST organisation of this onboarding whose answer was lost (it may have created the organisation);
    /// cleared when one is created.
    pub lost_organisation_answer: Option<super::LostAnswer>,
    /// The failure of a POST bank account whose answer was lost, while the account is looked for by its key.
    pub lost_account_answer: Option<crate::api::error::Failure>,
}

impl Session {
    /// Uses `environment`; a custom one's roots are shown in the custom fields, where the person can change them.
    pub(super) fn set_environment(&mut self, environment: Environment) {
        if let Environment::Custom(service) = &environment {
            self.custom_service = CustomServiceInput {
                banking: service.banking().to_string(),
                token_service: service.token_service().to_string(),
            };
        }
        self.settings.environment = environment;
    }

    /// Remembers the first POST organisation of this onboarding whose answer was lost, with the CRM ID it carried and,
    /// when known, when it failed; a later one changes nothing.
    pub(super) fn remember_lost_organisation_answer(&mut self, at: Option<jiff::Timestamp>) {
        let crm_id = self.organisation.crm_id.trim().to_owned();
        self.lost_organisation_answer.get_or_insert(super::LostAnswer { crm_id, at });
    }

    /// The polling policy of links and status watches, with the deadline the person set.
    #[must_use]
    pub fn poll_policy(&self) -> super::poll::PollPolicy {
        super::poll::PollPolicy::LINK
            .with_deadline(std::time::Duration::from_mins(u64::from(self.link_deadline_minutes.max(1))))
    }

    /// The link in progress when it holds something a new link would lose: the bank's page handed out, an account
    /// linked at the aggregator, or its creation sent.
    #[must_use]
    pub fn unfinished_link(&self) -> Option<&LinkRecord> {
        self.link.as_ref().filter(|record| {
            matches!(record.stage, LinkStage::Waiting { .. } | LinkStage::Linked { .. } | LinkStage::Creating { .. })
        })
    }

    /// True for a country whose banks can be listed.
    #[must_use]
    pub fn is_known_country(country: &CountryCode) -> bool {
        super::bank::COUNTRIES.contains(country)
    }
}

impl Default for Session {
    fn default() -> Self {
        Self {
            settings: Settings::default(),
            custom_service: CustomServiceInput::default(),
            live_confirmed: false,
            application_key_input: zeroize::Zeroizing::default(),
            licence: LicenceForm::default(),
            organisation: OrganisationForm::default(),
            captcha_answer: zeroize::Zeroizing::default(),
            connection: None,
            connecting: None,
            connect_problem: None,
            organisations: Vec::new(),
            save_problem: None,
            demo: super::demo::DemoState::default(),
            appearance: super::Appearance::default(),
            inspector_details: super::DetailsShare::DEFAULT,
            lost_organisation_answer: None,
            lost_account_answer: None,
            country: CountryCode::GBR,
            bank_query: String::new(),
            link: None,
            account_details: None,
            link_deadline_minutes: DEFAULT_LINK_DEADLINE_MINUTES,
            candidate_filter: String::new(),
            link_concurrency: super::more_accounts::DEFAULT_LINK_CONCURRENCY,
            reopen_more_accounts: false,
        }
    }
}
