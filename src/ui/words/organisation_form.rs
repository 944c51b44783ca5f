//! Words for the organisation form's problems: for each field, what to type instead.

use crate::wizard::{Field, FieldProblem};

use super::text_problem;

/// What to type in `field` instead, given its `problem`.
#[must_use]
pub fn field_problem(field: Field, problem: FieldProblem) -> String {
    match problem {
        FieldProblem::Missing => missing(field),
        FieldProblem::Text(problem) => text_problem(problem),
        FieldProblem::BadPattern { min, max } => match field {
            Field::PostalCode => {
                format!("Enter a postal code of {min} to {max} letters and digits, like NE13 9AA or 94105")
            }
            Field::IndustrialCode => format!("Enter {min} to {max} digits, like 62012"),
            Field::VatNumber => format!("Enter {min} to {max} letters and digits, like GB123456789"),
            _ => format!("Enter {min} to {max} letters and digits"),
        },
        FieldProblem::NotAnEmailAddress => "Enter an e-mail address like name@company.com".to_owned(),
        FieldProblem::NotOffered => "Choose a language from the list".to_owned(),
    }
}

/// What to enter in `field`, left empty.
fn missing(field: Field) -> String {
    let what = match field {
        Field::CompanyName => "the company's name",
        Field::PostalCode => "the postal code of the company's address",
        Field::IndustrialCode => "the standard industrial classification code",
        Field::VatNumber => "the VAT registration number",
        Field::Language => return "Choose a language from the list".to_owned(),
        Field::CrmId => "the customer's ID in your CRM",
        Field::Email => "the user's e-mail address",
        Field::Identity => "the user's identity in the product",
    };
    format!("Enter {what}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::OrganisationForm;

    fn filled() -> OrganisationForm {
        OrganisationForm {
            company_name: "Acme Widgets".into(),
            postal_code: "NE13 9AA".into(),
            industrial_code: "62012".into(),
            vat_number: "GB123456789".into(),
            language: "en-GB".into(),
            crm_id: "CRM-1".into(),
            email: "ada@acme.test".into(),
            identity: "1001".into(),
        }
    }

    fn words(form: &OrganisationForm) -> Vec<String> {
        form.problems().into_iter().map(|(field, problem)| field_problem(field, problem)).collect()
    }

    #[test]
    fn an_empty_form_says_what_to_enter_in_each_field() {
        assert_eq!(
            words(&OrganisationForm::default()),
            [
                "Enter the company's name",
                "Enter the postal code of the company's address",
                "Enter the standard industrial classification code",
                "Enter the VAT registration number",
                "Enter the customer's ID in your CRM",
                "Enter the user's e-mail address",
                "Enter the user's identity in the product",
            ]
        );
    }

    #[test]
    fn a_field_in_the_wrong_shape_says_the_shape_with_an_example() {
        let form = OrganisationForm {
            postal_code: "NE13 9AA!".into(),
            industrial_code: "12a".into(),
            vat_number: "GB1".into(),
            language: "xx-XX".into(),
            email: "no-at-sign".into(),
            ..filled()
        };
        assert_eq!(
            words(&form),
            [
                "Enter a postal code of 3 to 10 letters and digits, like NE13 9AA or 94105",
                "Enter 2 to 5 digits, like 62012",
                "Enter 4 to 15 letters and digits, like GB123456789",
                "Choose a language from the list",
                "Enter an e-mail address like name@company.com",
            ]
        );
    }

    #[test]
    fn hostile_text_says_what_to_remove_or_shorten() {
        let form = OrganisationForm { company_name: "x".repeat(10_000), crm_id: "line\nbreak".into(), ..filled() };
        assert_eq!(
            words(&form),
            [
                "Shorten this to at most 100 characters",
                "Remove the control characters (tabs, line breaks) from this field"
            ]
        );
    }
}
