//! The organisation step: the form and its validation (every field is checked before anything is sent, and each
//! problem is a [`FieldProblem`] the UI words as what to type instead), then the captcha (desktop products) or POST
//! organisation (web products).

use serde::{Deserialize, Serialize};

use crate::api::models::{Company, User};

use super::text_checks::{TextProblem, text_problem};

/// Languages the Banking Service is offered in, as BCP 47 tags (the UI names them).
pub const LANGUAGES: [&str; 8] = ["en-GB", "en-US", "en-IE", "en-CA", "fr-FR", "fr-CA", "es-ES", "de-DE"];

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

impl Field {
    /// Every field, in form order.
    pub const ALL: [Self; 8] = [
        Self::CompanyName,
        Self::PostalCode,
        Self::IndustrialCode,
        Self::VatNumber,
        Self::Language,
        Self::CrmId,
        Self::Email,
        Self::Identity,
    ];
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
            language: LANGUAGES[0].to_owned(),
            crm_id: String::new(),
            email: String::new(),
            identity: String::new(),
        }
    }
}

/// What is wrong with one field of the organisation form; the UI words it for its [`Field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    /// Nothing was typed.
    Missing,
    /// Control characters, or too long.
    Text(TextProblem),
    /// Not `min` to `max` characters of the kind the field takes (spaces aside): the postal code (letters, digits,
    /// hyphens), the standard industrial code (digits) or the VAT number (letters and digits).
    BadPattern {
        /// The fewest characters.
        min: usize,
        /// The most characters.
        max: usize,
    },
    /// Not an e-mail address.
    NotAnEmailAddress,
    /// Not one of [`LANGUAGES`].
    NotOffered,
}

fn required(text: &str, max_chars: usize) -> Option<FieldProblem> {
    if text.trim().is_empty() {
        Some(FieldProblem::Missing)
    } else {
        text_problem(text.trim(), max_chars).map(FieldProblem::Text)
    }
}

fn pattern(text: &str, ok: impl Fn(char) -> bool, lengths: std::ops::RangeInclusive<usize>) -> Option<FieldProblem> {
    let compact: String = text.trim().chars().filter(|c| *c != ' ').collect();
    (!compact.chars().all(ok) || !lengths.contains(&compact.chars().count()))
        .then(|| FieldProblem::BadPattern { min: *lengths.start(), max: *lengths.end() })
}

impl OrganisationForm {
    /// What is wrong with one field, if anything.
    #[must_use]
    pub fn problem(&self, field: Field) -> Option<FieldProblem> {
        match field {
            Field::CompanyName => required(&self.company_name, 100),
            Field::PostalCode => required(&self.postal_code, 12)
                .or_else(|| pattern(&self.postal_code, |c| c.is_ascii_alphanumeric() || c == '-', 3..=10)),
            Field::IndustrialCode => required(&self.industrial_code, 10)
                .or_else(|| pattern(&self.industrial_code, |c| c.is_ascii_digit(), 2..=5)),
            Field::VatNumber => required(&self.vat_number, 20)
                .or_else(|| pattern(&self.vat_number, |c| c.is_ascii_alphanumeric(), 4..=15)),
            Field::Language => (!LANGUAGES.contains(&self.language.as_str())).then_some(FieldProblem::NotOffered),
            Field::CrmId => required(&self.crm_id, 50),
            Field::Email => required(&self.email, 254).or_else(|| email_problem(self.email.trim())),
            Field::Identity => required(&self.identity, 100),
        }
    }

    /// Every field with a problem, in form order.
    #[must_use]
    pub fn problems(&self) -> Vec<(Field, FieldProblem)> {
        Field::ALL.into_iter().filter_map(|field| self.problem(field).map(|problem| (field, problem))).collect()
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

fn email_problem(email: &str) -> Option<FieldProblem> {
    let hint = || Some(FieldProblem::NotAnEmailAddress);
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
        assert!(problems.iter().all(|(_, problem)| *problem == FieldProblem::Missing), "{problems:?}");
    }

    #[test]
    fn hostile_text_gets_a_clear_message() {
        let mut form = filled();
        form.company_name = "x".repeat(10_000);
        form.email = "no-at-sign".into();
        form.industrial_code = "12a".into();
        form.crm_id = "line\nbreak".into();
        assert_eq!(form.problem(Field::CompanyName), Some(FieldProblem::Text(TextProblem::TooLong { max: 100 })));
        assert_eq!(form.problem(Field::Email), Some(FieldProblem::NotAnEmailAddress));
        assert_eq!(form.problem(Field::IndustrialCode), Some(FieldProblem::BadPattern { min: 2, max: 5 }));
        assert_eq!(form.problem(Field::CrmId), Some(FieldProblem::Text(TextProblem::HiddenControl)));
        assert!(form.to_wire().is_none());
        form = OrganisationForm { language: "xx-XX".into(), postal_code: "NE13 9AA!".into(), ..filled() };
        assert_eq!(form.problem(Field::Language), Some(FieldProblem::NotOffered));
        assert_eq!(form.problem(Field::PostalCode), Some(FieldProblem::BadPattern { min: 3, max: 10 }));
        form.vat_number = "GB1".into();
        assert_eq!(form.problem(Field::VatNumber), Some(FieldProblem::BadPattern { min: 4, max: 15 }));
    }

    #[test]
    fn bidirectional_overrides_and_line_separators_are_refused_but_emoji_joiners_are_not() {
        for hidden in ["Acme \u{202e}dtL", "Acme\u{2028}Ltd", "\u{2066}Acme\u{2069}", "Acme\u{202a}"] {
            let form = OrganisationForm { company_name: hidden.into(), ..filled() };
            let problem = form.problem(Field::CompanyName);
            assert_eq!(problem, Some(FieldProblem::Text(TextProblem::HiddenControl)), "{hidden:?} accepted");
            assert!(form.to_wire().is_none(), "{hidden:?} would be sent");
        }
        let family = OrganisationForm { company_name: "Acme 👩‍👩‍👧 e\u{301}".into(), ..filled() };
        assert_eq!(family.problem(Field::CompanyName), None, "a zero-width joiner and a combining mark are text");
    }
}
