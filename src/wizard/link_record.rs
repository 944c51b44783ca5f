//! What the saved progress remembers of a bank link, so a restart comes back to the bank step or to the account's
//! status and never creates the same bank account twice: the organisation it is for, and its stage, which follows
//! from the step in one function ([`Step::link_record`]).

use serde::{Deserialize, Serialize};

use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{Bank, LinkedAccount};
use crate::api::redacted::PollRoute;
use crate::config::Environment;
use crate::secrets::KeySlot;

use super::progress::OnboardedOrganisation;
use super::{AccountPhase, AccountStep, BankNotice, LinkPhase, LinkStep, Step};

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
            environment: organisation.environment.clone(),
            organisation_id: organisation.organisation_id.clone(),
            company_id: organisation.first_company()?.clone(),
            company_name: organisation.company_name.clone(),
        })
    }

    /// Where the customer's signing key is.
    #[must_use]
    pub fn key_slot(&self) -> KeySlot {
        KeySlot::customer(&self.environment, &self.organisation_id)
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
        redirect: url::Url,
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

impl Step {
    /// The link record this step stands for: the one place a link's saved stage is decided. `None` on a step outside
    /// a link (the organisation's steps, the overview), where the last record is kept as it was.
    #[must_use]
    pub fn link_record(&self) -> Option<LinkRecord> {
        let (target, stage) = match self {
            Self::Bank(step) => {
                let interrupted = match &step.notice {
                    Some(BankNotice::LinkInterrupted { bank_name }) => Some(bank_name.clone()),
                    Some(BankNotice::LinkLost { .. }) | None => None,
                };
                (&step.target, LinkStage::ChoosingBank { interrupted })
            }
            Self::Link(step) => (&step.target, link_stage(step)),
            Self::Account(step) => (&step.target, account_stage(step)),
            Self::MoreAccounts(step) => {
                let stage =
                    LinkStage::Created { bank: step.bank.clone(), bank_account_id: step.first.bank_account_id.clone() };
                (&step.target, stage)
            }
            Self::Environment(_)
            | Self::Licence(_)
            | Self::Organisation(_)
            | Self::Captcha(_)
            | Self::Create(_)
            | Self::Onboarded(_)
            | Self::Overview(_) => return None,
        };
        Some(LinkRecord { target: target.clone(), stage })
    }
}

/// A link at the aggregator: the bank step again until its page is handed out, polled from the saved route while it
/// is open, linked once it is; after any other ending, the bank step again.
fn link_stage(step: &LinkStep) -> LinkStage {
    let bank = step.bank.clone();
    match &step.phase {
        LinkPhase::Starting => LinkStage::ChoosingBank { interrupted: Some(bank.name) },
        LinkPhase::Waiting { waiting, route } => LinkStage::Waiting {
            bank,
            redirect: waiting.redirect.clone(),
            route: route.clone(),
            started_at: waiting.started_at,
        },
        LinkPhase::Linked(account) => LinkStage::Linked { bank, account: account.clone() },
        LinkPhase::Declined
        | LinkPhase::Expired
        | LinkPhase::TimedOut { .. }
        | LinkPhase::Cancelled
        | LinkPhase::Failed { .. } => LinkStage::ChoosingBank { interrupted: None },
    }
}

/// A bank account: linked until its POST is out; then possibly created (found by its key, never sent twice) until
/// it is known to exist.
fn account_stage(step: &AccountStep) -> LinkStage {
    let bank = step.bank.clone();
    match &step.phase {
        AccountPhase::Details { linked, maybe_created: false, .. } => {
            LinkStage::Linked { bank, account: linked.clone() }
        }
        AccountPhase::Details { linked, maybe_created: true, .. }
        | AccountPhase::Creating { linked, .. }
        | AccountPhase::Finding { linked, .. } => LinkStage::Creating { bank, account: linked.clone() },
        AccountPhase::Following(following) => {
            LinkStage::Created { bank, bank_account_id: following.account.bank_account_id.clone() }
        }
    }
}
