//! What the saved progress remembers of a bank link, so a restart comes back to the bank step or to the account's
//! status and never creates the same bank account twice: the organisation it is for, and its stage.

use serde::{Deserialize, Serialize};

use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{Bank, LinkedAccount};
use crate::api::redacted::PollRoute;
use crate::config::Environment;
use crate::secrets::KeySlot;

use super::progress::OnboardedOrganisation;

/// The organisation and company a link is for, and where its key is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkTarget {
    /// Where it was onboarded.
    pub environment: Environment,
    /// The organisation.
    pub organisation_id: OrganisationId,
    /// The company the accounts go to.
    pub company_id: CompanyId,
    /// The company's name, for people.
    pub company_name: String,
}

impl LinkTarget {
    /// The target for an onboarded organisation's first company, if it has one.
    #[must_use]
    pub fn for_organisation(organisation: &OnboardedOrganisation) -> Option<Self> {
        Some(Self {
            environment: organisation.environment,
            organisation_id: organisation.organisation_id.clone(),
            company_id: organisation.first_company()?.clone(),
            company_name: organisation.company_name.clone(),
        })
    }

    /// Where the customer's signing key is.
    #[must_use]
    pub fn key_slot(&self) -> KeySlot {
        KeySlot::customer(self.environment, &self.organisation_id)
    }
}

/// A link in progress, as saved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkRecord {
    /// Who it is for.
    pub target: LinkTarget,
    /// How far it got.
    pub stage: LinkStage,
}

/// How far a link got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LinkStage {
    /// Choosing the bank (or the link starting, before the aggregator's page was handed out: the bank step again).
    ChoosingBank {
        /// The bank whose link was starting when the app closed, if one was.
        interrupted: Option<String>,
    },
    /// The aggregator's page was handed out and the link is polled; a restart polls `route` to learn how it ended.
    Waiting {
        /// The bank.
        bank: Bank,
        /// The aggregator's page.
        redirect: String,
        /// The poll route to use next: single use; its signature is the Banking Service's, no key of ours.
        route: PollRoute,
        /// When the page was handed out (the deadline counts from here).
        started_at: jiff::Timestamp,
    },
    /// Linked at the aggregator; the account is not created yet.
    Linked {
        /// The bank.
        bank: Bank,
        /// The linked account.
        account: LinkedAccount,
    },
    /// `POST …/bankaccounts` was sent; whether it arrived is unknown until the account is found or refused.
    Creating {
        /// The bank.
        bank: Bank,
        /// The linked account.
        account: LinkedAccount,
    },
    /// The bank account exists.
    Created {
        /// The bank.
        bank: Bank,
        /// Its ID.
        bank_account_id: BankAccountId,
    },
}
