//! The organisation step: the form and its validation (every field is checked before anything is sent, and each
//! problem says what to type instead), then the captcha (desktop products) or POST organisation (web products).

use serde::{Deserialize, Serialize};

use crate::api::models::{Company, User};

use super::text_checks::text_problem;

/// Languages the Banking Service is offered in, as (BCP 47 tag, name).
pub const LANGUAGES: [(&str, &str); 8] = [
    ("en-GB", "English (United Kingdom)"),
    ("en-US", "English (United States)"),
    ("en-IE", "English (Ireland)"),
    ("en-CA", "English (Canada)"),
    ("fr-FR", "French (France)"),
    ("fr-CA", "French (Canada)"),
    ("es-ES", "Spanish (Spain)"),
    ("de-DE", "German (Germany)"),
];

/// A field of the organisation form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Company name.
    CompanyName,
    /// Postal code.
    PostalCode,
    /// Standard industrial code.
    IndustrialCode,
    /// VAT number.
    VatNumber,
    /// Language.
    Language,
    /// CRM ID.
    CrmId,
    /// User e-mail.
    Email,
    /// User identity.
    Identity,
}

/// The organisation form's text buffers. Saved as typed (none of it is secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OrganisationForm {
    /// Company name.
    pub company_name: String,
    /// Postal code.
    pub postal_code: String,
    /// Standard industrial code (digits).
    pub industrial_code: String,
    /// VAT number.
    pub vat_number: String,
    /// Language tag, one of [`LANGUAGES`].
    pub language: String,
    /// The customer's ID in the product's CRM.
    pub crm_id: String,
    /// The user's e-mail.
    pub email: String,
    /// The user's identity in the product.
    pub identity: String,
}

impl Default for OrganisationForm {
    fn default() -> Self {
        Self {
            company_name: String::new(),
            postal_code: String::new(),
            industrial_code: String::new(),
            vat_number: String::new(),
            language: LANGUAGES[0].0.to_owned(),
            crm_id: String::new(),
            email: String::new(),
            identity: String::new(),
        }
    }
}

fn required(text: &str, what: &str, max_chars: usize) -> Option<String> {
    if text.trim().is_empty() { Some(format!("Enter {what}")) } else { text_problem(text.trim(), max_chars) }
}

fn pattern(
    text: &str,
    ok: impl Fn(char) -> bool,
    lengths: std::ops::RangeInclusive<usize>,
    hint: &str,
) -> Option<String> {
    let compact: String = text.trim().chars().filter(|c| *c != ' ').collect();
    (!compact.chars().all(ok) || !lengths.contains(&compact.chars().count())).then(|| hint.to_owned())
}

impl OrganisationForm {
    /// What is wrong with one field, if anything.
    #[must_use]
    pub fn problem(&self, field: Field) -> Option<String> {
        match field {
            Field::CompanyName => required(&self.company_name, "the company's name", 100),
            Field::PostalCode => {
                required(&self.postal_code, "the postal code of the company's address", 12).or_else(|| {
                    pattern(
                        &self.postal_code,
                        |c| c.is_ascii_alphanumeric() || c == '-',
                        3..=10,
                        "Enter a postal code of 3 to 10 letters and digits, like NE13 9AA or 94105",
                    )
                })
            }
            Field::IndustrialCode => required(&self.industrial_code, "the standard industrial classification code", 10)
                .or_else(|| {
                    pattern(&self.industrial_code, |c| c.is_ascii_digit(), 2..=5, "Enter 2 to 5 digits, like 62012")
                }),
            Field::VatNumber => required(&self.vat_number, "the VAT registration number", 20).or_else(|| {
                pattern(
                    &self.vat_number,
                    |c| c.is_ascii_alphanumeric(),
                    4..=15,
                    "Enter 4 to 15 letters and digits, like GB123456789",
                )
            }),
            Field::Language => (!LANGUAGES.iter().any(|(tag, _)| *tag == self.language))
                .then(|| "Choose a language from the list".to_owned()),
            Field::CrmId => required(&self.crm_id, "the customer's ID in your CRM", 50),
            Field::Email => {
                required(&self.email, "the user's e-mail address", 254).or_else(|| email_problem(self.email.trim()))
            }
            Field::Identity => required(&self.identity, "the user's identity in the product", 100),
        }
    }

    /// Every field with a problem, in form order.
    #[must_use]
    pub fn problems(&self) -> Vec<(Field, String)> {
        [
            Field::CompanyName,
            Field::PostalCode,
            Field::IndustrialCode,
            Field::VatNumber,
            Field::Language,
            Field::CrmId,
            Field::Email,
            Field::Identity,
        ]
        .into_iter()
        .filter_map(|field| self.problem(field).map(|problem| (field, problem)))
        .collect()
    }

    /// The company, user and CRM ID to send, trimmed, when the form has no problems.
    #[must_use]
    pub fn to_wire(&self) -> Option<(Company, String, User)> {
        if !self.problems().is_empty() {
            return None;
        }
        let compact = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        Some((
            Company {
                name: compact(&self.company_name),
                postal_code: compact(&self.postal_code).to_uppercase(),
                standard_industrial_code: self.industrial_code.split_whitespace().collect(),
                vat_number: self.vat_number.trim().replace(' ', "").to_uppercase(),
                language_code: self.language.clone(),
            },
            self.crm_id.trim().to_owned(),
            User { email_address: self.email.trim().to_owned(), identity: self.identity.trim().to_owned() },
        ))
    }
}

fn email_problem(email: &str) -> Option<String> {
    let hint = || Some("Enter an e-mail address like name@company.com".to_owned());
    let Some((local, domain)) = email.split_once('@') else { return hint() };
    let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.contains(char::is_whitespace) { hint() } else { None }
}

/// The organisation form step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrganisationStep {
    /// Show every field's problem (after the first attempt to go on).
    pub show_problems: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn filled() -> OrganisationForm {
        OrganisationForm {
            company_name: "Acme  Widgets".into(),
            postal_code: "ne13 9aa".into(),
            industrial_code: "62 012".into(),
            vat_number: "gb 123456789".into(),
            language: "en-GB".into(),
            crm_id: "CRM-1".into(),
            email: "ada@acme.test".into(),
            identity: "1001".into(),
        }
    }

    #[test]
    fn a_filled_form_goes_to_the_wire_trimmed_and_normalised() {
        let (company, crm, user) = filled().to_wire().expect("valid");
        assert_eq!(company.name, "Acme Widgets");
        assert_eq!(company.postal_code, "NE13 9AA");
        assert_eq!(company.vat_number, "GB123456789");
        assert_eq!(company.standard_industrial_code, "62012");
        assert_eq!(crm, "CRM-1");
        assert_eq!(user.email_address, "ada@acme.test");
    }

    #[test]
    fn an_empty_form_lists_every_required_field() {
        let problems = OrganisationForm::default().problems();
        let fields: Vec<Field> = problems.iter().map(|p| p.0).collect();
        assert_eq!(
            fields,
            vec![
                Field::CompanyName,
                Field::PostalCode,
                Field::IndustrialCode,
                Field::VatNumber,
                Field::CrmId,
                Field::Email,
                Field::Identity
            ]
        );
        assert!(problems.iter().all(|(_, text)| text.starts_with("Enter")));
    }

    #[test]
    fn hostile_text_gets_a_clear_message() {
        let mut form = filled();
        form.company_name = "x".repeat(10_000);
        form.email = "no-at-sign".into();
        form.industrial_code = "12a".into();
        form.crm_id = "line\nbreak".into();
        assert_eq!(form.problem(Field::CompanyName).as_deref(), Some("Shorten this to at most 100 characters"));
        assert!(form.problem(Field::Email).expect("problem").contains("name@company.com"));
        assert!(form.problem(Field::IndustrialCode).expect("problem").contains("digits"));
        assert!(form.problem(Field::CrmId).expect("problem").contains("control characters"));
        assert!(form.to_wire().is_none());
    }

    #[test]
    fn bidirectional_overrides_and_line_separators_are_refused_but_emoji_joiners_are_not() {
        for hidden in ["Acme \u{202e}dtL", "Acme\u{2028}Ltd", "\u{2066}Acme\u{2069}", "Acme\u{202a}"] {
            let form = OrganisationForm { company_name: hidden.into(), ..filled() };
            let problem = form.problem(Field::CompanyName);
            assert!(problem.is_some_and(|p| p.contains("control characters")), "{hidden:?} accepted");
            assert!(form.to_wire().is_none(), "{hidden:?} would be sent");
        }
        let family = OrganisationForm { company_name: "Acme 👩‍👩‍👧 e\u{301}".into(), ..filled() };
        assert_eq!(family.problem(Field::CompanyName), None, "a zero-width joiner and a combining mark are text");
    }
}
