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

impl AccountDetails {
    /// What is wrong with the name, if anything.
    #[must_use]
    pub fn name_problem(&self) -> Option<String> {
        let name = self.name.trim();
        if name.is_empty() {
            Some("Enter a name for the account, like \"Business current account\"".to_owned())
        } else if name.chars().count() > ACCOUNT_NAME_LIMIT {
            Some(format!("Shorten the name to {ACCOUNT_NAME_LIMIT} characters or fewer"))
        } else if name.chars().any(crate::wizard::text_checks::is_hidden_control) {
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
    use crate::wizard::*;

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
