//! Words for a new bank account's details: what is wrong with its name or its start date, and what to do.

use crate::wizard::{AccountNameProblem, StartDateProblem};

/// What to do about the account name's `problem`.
#[must_use]
pub fn account_name_problem(problem: AccountNameProblem) -> String {
    match problem {
        AccountNameProblem::Missing => "Enter a name for the account, like \"Business current account\"".to_owned(),
        AccountNameProblem::TooLong { max } => format!("Shorten the name to {max} characters or fewer"),
        AccountNameProblem::HiddenControl => {
            "Remove the line breaks, tabs and other control characters from the name".to_owned()
        }
    }
}

/// Which start date to choose instead, given its `problem`.
#[must_use]
pub fn start_date_problem(problem: StartDateProblem) -> String {
    match problem {
        StartDateProblem::AfterToday { today } => format!("Choose a start date on or before today ({today})"),
        StartDateProblem::BeforeEarliest { earliest } => format!("Choose a start date on or after {earliest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::AccountDetails;

    #[test]
    fn a_name_problem_says_what_to_enter_shorten_or_remove() {
        let today = jiff::civil::date(2026, 11, 21);
        let words = |name: &str| {
            AccountDetails { name: name.into(), start_date: today, today }.name_problem().map(account_name_problem)
        };
        assert_eq!(words(" ").as_deref(), Some("Enter a name for the account, like \"Business current account\""));
        assert_eq!(words(&"x".repeat(101)).as_deref(), Some("Shorten the name to 100 characters or fewer"));
        assert_eq!(
            words("Main\naccount").as_deref(),
            Some("Remove the line breaks, tabs and other control characters from the name")
        );
        assert_eq!(words("Main account"), None);
    }

    #[test]
    fn a_start_date_problem_names_the_date_to_stay_within() {
        let today = jiff::civil::date(2026, 11, 21);
        let words = |start_date| {
            let details = AccountDetails { name: "Main account".into(), start_date, today };
            details.start_date_problem().map(start_date_problem)
        };
        assert_eq!(
            words(jiff::civil::date(2026, 11, 22)).as_deref(),
            Some("Choose a start date on or before today (2026-11-21)")
        );
        assert_eq!(
            words(jiff::civil::date(1999, 12, 31)).as_deref(),
            Some("Choose a start date on or after 2000-01-01")
        );
        assert_eq!(words(today), None);
    }
}
