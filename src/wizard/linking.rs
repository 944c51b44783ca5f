//! What the saved progress remembers of a bank link, so a restart comes back to the bank step or to the account's
//! status and never creates the same bank account twice: the organisation it is for, and its stage.

use jiff::ToSpan as _;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::api::ids::{BankAccountId, CompanyId, OrganisationId};
use crate::api::models::{Bank, BankAccount, LinkedAccount};
use crate::api::redacted::PollRoute;
use crate::config::Environment;
use crate::secrets::KeySlot;

use super::link_steps::AccountDetails;
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

/// The default start date: the first day of the month two months before `today`, so the last two whole months and
/// this one come in.
#[must_use]
pub fn default_start_date(today: Date) -> Date {
    today.checked_sub(2.months()).unwrap_or(today).first_of_month()
}

/// Details for a newly linked account: its name at the bank and the default start date.
#[must_use]
pub fn details_for(account: &LinkedAccount, today: Date) -> AccountDetails {
    AccountDetails { name: account.account_name.clone(), start_date: default_start_date(today), today }
}

/// Details for an account already created (opened from the overview): its name and the default start date for the
/// accounts linked beside it.
#[must_use]
pub fn details_for_account(account: &BankAccount, today: Date) -> AccountDetails {
    AccountDetails {
        name: account.account_name.clone().unwrap_or_default(),
        start_date: default_start_date(today),
        today,
    }
}

/// Midnight UTC at the start of `date`: how a start date is sent as `requestedStartDate`.
#[must_use]
pub fn start_of_day(date: Date) -> jiff::Timestamp {
    date.to_zoned(jiff::tz::TimeZone::UTC).map_or(jiff::Timestamp::UNIX_EPOCH, |zoned| zoned.timestamp())
}

/// The longest account name accepted.
pub const ACCOUNT_NAME_LIMIT: usize = 100;

/// The earliest start date accepted.
pub const EARLIEST_START: Date = jiff::civil::date(2000, 1, 1);

impl AccountDetails {
    /// What is wrong with the name, if anything.
    #[must_use]
    pub fn name_problem(&self) -> Option<String> {
        let name = self.name.trim();
        if name.is_empty() {
            Some("Enter a name for the account, like \"Business current account\"".to_owned())
        } else if name.chars().count() > ACCOUNT_NAME_LIMIT {
            Some(format!("Shorten the name to {ACCOUNT_NAME_LIMIT} characters or fewer"))
        } else if name.chars().any(super::form::is_hidden_control) {
            Some("Remove the line breaks, tabs and other control characters from the name".to_owned())
        } else {
            None
        }
    }

    /// What is wrong with the start date, if anything.
    #[must_use]
    pub fn start_date_problem(&self) -> Option<String> {
        start_date_problem(self.start_date, self.today)
    }
}

/// What is wrong with `start` as a start date when it is `today`, if anything: no future dates, none before 2000.
#[must_use]
pub fn start_date_problem(start: Date, today: Date) -> Option<String> {
    if start > today {
        Some(format!("Choose a start date on or before today ({today})"))
    } else if start < EARLIEST_START {
        Some(format!("Choose a start date on or after {EARLIEST_START}"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_start_is_the_first_of_the_month_two_months_back() {
        assert_eq!(default_start_date(jiff::civil::date(2026, 11, 21)), jiff::civil::date(2026, 9, 1));
        assert_eq!(default_start_date(jiff::civil::date(2026, 1, 31)), jiff::civil::date(2025, 11, 1));
    }

    #[test]
    fn names_and_dates_are_checked_with_sentences_that_say_what_to_fix() {
        let today = jiff::civil::date(2026, 11, 21);
        let mut details = AccountDetails { name: "  ".into(), start_date: today, today };
        assert!(details.name_problem().is_some_and(|p| p.starts_with("Enter a name")));
        details.name = "x".repeat(10_000);
        assert!(details.name_problem().is_some_and(|p| p.contains("100")));
        details.name = "Main \u{202e}tnuocca".into();
        assert!(details.name_problem().is_some_and(|problem| problem.contains("control characters")));
        details.name = "Main\naccount".into();
        assert!(details.name_problem().is_some());
        details.name = "Main account".into();
        assert_eq!(details.name_problem(), None);
        assert_eq!(details.start_date_problem(), None, "today itself is allowed");
        details.start_date = jiff::civil::date(2026, 11, 22);
        assert!(details.start_date_problem().is_some_and(|p| p.contains("2026-11-21")));
        details.start_date = jiff::civil::date(1999, 12, 31);
        assert!(details.start_date_problem().is_some());
    }
}
