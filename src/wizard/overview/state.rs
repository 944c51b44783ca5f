//! The accounts overview's data: one environment's organisations onboarded from this machine, each with its key's
//! state in the keyring and its bank accounts as last read from the Banking Service, and a removal being confirmed.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::api::ids::{BankAccountId, BankId, OrganisationId};
use crate::api::models::{Bank, BankAccount, BankAccountStatus};
use crate::config::Environment;

use crate::wizard::{AccessProblem, OnboardedOrganisation, Removal, RequestId};

/// What is onboarded in one environment, with live statuses.
#[derive(Clone, Debug, PartialEq)]
pub struct OverviewStep {
    /// The environment shown.
    pub environment: Environment,
    /// Its organisations, oldest first.
    pub cards: Vec<OrganisationCard>,
    /// A bank account being removed from one of them.
    pub removal: Option<OverviewRemoval>,
}

/// One organisation in the overview.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationCard {
    /// The organisation, as saved.
    pub organisation: OnboardedOrganisation,
    /// The read under way or due (a pending account is read again), if one is.
    pub loading: Option<RequestId>,
    /// What the last read found (kept on screen while the next one runs).
    pub loaded: Option<LoadedAccounts>,
    /// Why the last read failed, if it did.
    pub problem: Option<AccessProblem>,
}

impl OrganisationCard {
    /// A card for `organisation`, nothing read yet.
    #[must_use]
    pub fn new(organisation: OnboardedOrganisation) -> Self {
        Self { organisation, loading: None, loaded: None, problem: None }
    }

    /// The account `id`, if the last read found it.
    #[must_use]
    pub fn account(&self, id: &BankAccountId) -> Option<&BankAccount> {
        self.loaded.as_ref()?.accounts.iter().find(|account| account.bank_account_id == *id)
    }
}

/// An organisation's bank accounts and their banks, as read at one time.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedAccounts {
    /// Its bank accounts, as the Banking Service lists them.
    pub accounts: Vec<BankAccount>,
    /// The banks they are at, as far as they could be read.
    pub banks: Vec<Bank>,
    /// When they were read.
    pub at: Timestamp,
    /// Today where the person is, when they were read (for start dates).
    pub today: Date,
}

impl LoadedAccounts {
    /// The bank `id`, if it was read.
    #[must_use]
    pub fn bank(&self, id: &BankId) -> Option<&Bank> {
        self.banks.iter().find(|bank| bank.bank_id == *id)
    }

    /// How many accounts are in `status`.
    #[must_use]
    pub fn count(&self, status: &BankAccountStatus) -> usize {
        self.accounts.iter().filter(|account| account.status == *status).count()
    }
}

/// A bank account being removed from the overview.
#[derive(Clone, Debug, PartialEq)]
pub struct OverviewRemoval {
    /// Whose account it is.
    pub organisation: OrganisationId,
    /// The account.
    pub account: BankAccountId,
    /// Confirming, removing, or failed.
    pub phase: Removal,
}

/// What the runtime read for one organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationAccounts {
    /// Its bank accounts.
    pub accounts: Vec<BankAccount>,
    /// Their banks, as far as they could be read.
    pub banks: Vec<Bank>,
}
