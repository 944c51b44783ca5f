//! Words for the licence form's problems: what to name, enter, remove or fix in each field.

use crate::wizard::LicenceFieldProblem;

use super::text_problem;

/// What to do about a licence field's `problem`.
#[must_use]
pub fn licence_field_problem(problem: &LicenceFieldProblem) -> String {
    match problem {
        LicenceFieldProblem::Unnamed => "Give this field a name, or remove it".to_owned(),
        LicenceFieldProblem::DuplicateName { name } => format!("\"{name}\" is already a field: each name once"),
        LicenceFieldProblem::SerialMissing => "Enter the serial number printed on the product's licence".to_owned(),
        LicenceFieldProblem::ValueMissing { name } => format!("Enter a value for \"{name}\", or remove the field"),
        LicenceFieldProblem::Text(problem) => text_problem(*problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::{LicenceField, LicenceForm};

    fn words(form: &LicenceForm) -> Vec<(usize, String)> {
        form.problems().iter().map(|(index, problem)| (*index, licence_field_problem(problem))).collect()
    }

    #[test]
    fn each_licence_problem_says_what_to_do_about_its_field() {
        let field = |name: &str, value: &str| LicenceField { name: name.into(), value: value.into() };
        let form = LicenceForm {
            fields: vec![
                field("serial", " "),
                field("site", "north"),
                field(" ", "v"),
                field("site", "south"),
                field("region", ""),
                field("notes", "a\tb"),
                field("long", &"x".repeat(201)),
            ],
        };
        assert_eq!(
            words(&form),
            [
                (0, "Enter the serial number printed on the product's licence".to_owned()),
                (2, "Give this field a name, or remove it".to_owned()),
                (3, "\"site\" is already a field: each name once".to_owned()),
                (4, "Enter a value for \"region\", or remove the field".to_owned()),
                (5, "Remove the control characters (tabs, line breaks) from this field".to_owned()),
                (6, "Shorten this to at most 200 characters".to_owned()),
            ]
        );
    }
}
