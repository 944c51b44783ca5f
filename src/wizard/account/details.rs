//! The new bank account's name and start date as the person chooses them, their defaults and their checks.

use jiff::ToSpan as _;
use jiff::civil::Date;

use crate::api::models::{BankAccount, LinkedAccount};

/// The account's name and start date as being typed (kept in the saved progress).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccountDetails {
    /// The name the account gets.
    pub name: String,
    /// The first day whose transactions are fetched.
    pub start_date: Date,
    /// Today, as the app saw it when the details were first shown: no start date after it.
    pub today: Date,
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

/// What is wrong with the account's name; the UI words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountNameProblem {
    /// Nothing but spaces.
    Missing,
    /// More than `max` characters.
    TooLong {
        /// The most characters a name takes ([`ACCOUNT_NAME_LIMIT`]).
        max: usize,
    },
    /// Line breaks, tabs or other control characters.
    HiddenControl,
}

/// What is wrong with a start date; the UI words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StartDateProblem {
    /// After today.
    AfterToday {
        /// Today, the latest start date accepted.
        today: Date,
    },
    /// Before the earliest start date accepted.
    BeforeEarliest {
        /// The earliest start date accepted ([`EARLIEST_START`]).
        earliest: Date,
    },
}

impl AccountDetails {
    /// What is wrong with the name, if anything.
    #[must_use]
    pub fn name_problem(&self) -> Option<AccountNameProblem> {
        let name = self.name.trim();
        if name.is_empty() {
            Some(AccountNameProblem::Missing)
        } else if name.chars().count() > ACCOUNT_NAME_LIMIT {
            Some(AccountNameProblem::TooLong { max: ACCOUNT_NAME_LIMIT })
        } else if name.chars().any(crate::wizard::text_checks::is_hidden_control) {
            Some(AccountNameProblem::HiddenControl)
        } else {
            None
        }
    }

    /// What is wrong with the start date, if anything.
    #[must_use]
    pub fn start_date_problem(&self) -> Option<StartDateProblem> {
        start_date_problem(self.start_date, self.today)
    }
}

/// What is wrong with `start` as a start date when it is `today`, if anything: no future dates, none before 2000.
#[must_use]
pub fn start_date_problem(start: Date, today: Date) -> Option<StartDateProblem> {
    if start > today {
        Some(StartDateProblem::AfterToday { today })
    } else if start < EARLIEST_START {
        Some(StartDateProblem::BeforeEarliest { earliest: EARLIEST_START })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::wizard::*;

    #[test]
    fn the_default_start_is_the_first_of_the_month_two_months_back() {
        assert_eq!(default_start_date(jiff::civil::date(2026, 11, 21)), jiff::civil::date(2026, 9, 1));
        assert_eq!(default_start_date(jiff::civil::date(2026, 1, 31)), jiff::civil::date(2025, 11, 1));
    }

    #[test]
    fn names_and_dates_are_checked_with_what_is_wrong_with_them() {
        let today = jiff::civil::date(2026, 11, 21);
        let mut details = AccountDetails { name: "  ".into(), start_date: today, today };
        assert_eq!(details.name_problem(), Some(AccountNameProblem::Missing));
        details.name = "x".repeat(10_000);
        assert_eq!(details.name_problem(), Some(AccountNameProblem::TooLong { max: 100 }));
        details.name = "Main \u{202e}tnuocca".into();
        assert_eq!(details.name_problem(), Some(AccountNameProblem::HiddenControl));
        details.name = "Main\naccount".into();
        assert_eq!(details.name_problem(), Some(AccountNameProblem::HiddenControl));
        details.name = "Main account".into();
        assert_eq!(details.name_problem(), None);
        assert_eq!(details.start_date_problem(), None, "today itself is allowed");
        details.start_date = jiff::civil::date(2026, 11, 22);
        assert_eq!(details.start_date_problem(), Some(StartDateProblem::AfterToday { today }));
        details.start_date = jiff::civil::date(1999, 12, 31);
        let earliest = jiff::civil::date(2000, 1, 1);
        assert_eq!(details.start_date_problem(), Some(StartDateProblem::BeforeEarliest { earliest }));
        details.start_date = earliest;
        assert_eq!(details.start_date_problem(), None, "the earliest itself is allowed");
    }
}
