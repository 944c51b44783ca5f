//! The progress the app saves between runs: settings, what was typed, and the organisations onboarded. Never a
//! secret: keys stay in the keyring, tokens in memory, captcha answers nowhere.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::api::ids::{CompanyId, OrganisationId};
use crate::config::Environment;
use crate::secrets::KeySlot;

use super::account::AccountDetails;
use super::link_record::LinkRecord;
use super::organisation::OrganisationForm;
use super::resume::Screen;
use super::session::Settings;

/// The progress file's format version.
pub const PROGRESS_VERSION: u32 = 1;

/// An organisation created from this machine.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardedOrganisation {
    /// Where it was created.
    pub environment: Environment,
    /// The product it was created for.
    pub product_id: String,
    /// Its ID.
    pub organisation_id: OrganisationId,
    /// Its companies, the first created with it.
    pub company_ids: Vec<CompanyId>,
    /// The company's name as typed.
    pub company_name: String,
    /// When the Banking Service answered.
    pub created_at: Timestamp,
}

impl OnboardedOrganisation {
    /// Where its customer signing key lives.
    #[must_use]
    pub fn key_slot(&self) -> KeySlot {
        KeySlot::customer(&self.environment, &self.organisation_id)
    }

    /// Its first company.
    #[must_use]
    pub fn first_company(&self) -> Option<&CompanyId> {
        self.company_ids.first()
    }
}

/// Everything saved between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Format version, [`PROGRESS_VERSION`].
    pub version: u32,
    /// Environment, identity, product kind.
    pub settings: Settings,
    /// The licence fields as typed, serial first.
    pub licence: Vec<(String, String)>,
    /// The organisation form as typed.
    pub organisation: OrganisationForm,
    /// Organisations onboarded from this machine, oldest first.
    pub organisations: Vec<OnboardedOrganisation>,
    /// The country whose banks were listed last.
    #[serde(default)]
    pub country: Option<crate::api::ids::CountryCode>,
    /// The bank link in progress, if any.
    #[serde(default)]
    pub link: Option<LinkRecord>,
    /// The new bank account's name and start date as chosen.
    #[serde(default)]
    pub account_details: Option<AccountDetails>,
    /// The link deadline setting, in minutes.
    #[serde(default)]
    pub link_deadline_minutes: Option<u32>,
    /// The multi-account link's concurrency setting.
    #[serde(default)]
    pub link_concurrency: Option<u32>,
    /// The theme chosen; `None` in files saved before it could be chosen, or holding one this version does not know.
    #[serde(default, deserialize_with = "super::appearance::known_theme")]
    pub theme: Option<super::ThemeChoice>,
    /// The text size chosen; `None` in files saved before it could be chosen.
    #[serde(default)]
    pub text_size: Option<super::TextSize>,
    /// The inspector's split, in percent for the details; `None` in files saved before it was remembered.
    #[serde(default)]
    pub inspector_details: Option<super::DetailsShare>,
    /// Where the person was; `None` in files saved before screens were remembered.
    #[serde(default)]
    pub screen: Option<Screen>,
}
