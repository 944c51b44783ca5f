//! The licence details form: an ordered list of name/value pairs whose first field is always `serial`.

use crate::api::assumed::LicenceDetails;

/// The name of the field every licence has.
pub const SERIAL: &str = "serial";

/// One licence field being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenceField {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: String,
}

/// The licence details being typed; the serial first and always present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LicenceForm {
    /// The fields, `serial` first.
    pub fields: Vec<LicenceField>,
}

impl Default for LicenceForm {
    fn default() -> Self {
        Self { fields: vec![LicenceField { name: SERIAL.to_owned(), value: String::new() }] }
    }
}

impl LicenceForm {
    /// Builds the form from saved pairs, putting the serial first whatever order they came in.
    #[must_use]
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            if name == SERIAL {
                form.fields[0].value.clone_from(value);
            } else {
                form.fields.push(LicenceField { name: name.clone(), value: value.clone() });
            }
        }
        form
    }

    /// The fields as trimmed pairs, for saving.
    #[must_use]
    pub fn pairs(&self) -> Vec<(String, String)> {
        self.fields.iter().map(|f| (f.name.trim().to_owned(), f.value.trim().to_owned())).collect()
    }

    /// Adds an empty field.
    pub fn add_field(&mut self) {
        self.fields.push(LicenceField::default());
    }

    /// Removes a field; the serial (index 0) stays.
    pub fn remove_field(&mut self, index: usize) {
        if index > 0 && index < self.fields.len() {
            self.fields.remove(index);
        }
    }

    /// What is wrong with each field, by index; empty when the details can be sent.
    #[must_use]
    pub fn problems(&self) -> Vec<(usize, String)> {
        let mut problems = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            let name = field.name.trim();
            let value = field.value.trim();
            if index > 0 && name.is_empty() {
                problems.push((index, "Give this field a name, or remove it".to_owned()));
            } else if index > 0 && self.fields[..index].iter().any(|f| f.name.trim() == name) {
                problems.push((index, format!("\"{name}\" is already a field: each name once")));
            } else if value.is_empty() && index == 0 {
                problems.push((index, "Enter the serial number printed on the product's licence".to_owned()));
            } else if value.is_empty() {
                problems.push((index, format!("Enter a value for \"{name}\", or remove the field")));
            } else if let Some(problem) = super::form::text_problem(value, 200) {
                problems.push((index, problem));
            }
        }
        problems
    }

    /// The licence details to send, when the form has no problems.
    #[must_use]
    pub fn details(&self) -> Option<LicenceDetails> {
        self.problems().is_empty().then(|| LicenceDetails(self.pairs()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_is_required_and_first() {
        let mut form = LicenceForm::default();
        assert_eq!(form.problems().len(), 1);
        form.fields[0].value = " ACTIVE ".into();
        form.add_field();
        form.fields[1] = LicenceField { name: "site".into(), value: "north".into() };
        let details = form.details().expect("valid");
        assert_eq!(details.0, vec![("serial".into(), "ACTIVE".into()), ("site".into(), "north".into())]);
        form.remove_field(0);
        assert_eq!(form.fields[0].name, SERIAL);
    }

    #[test]
    fn duplicate_and_unnamed_fields_are_explained() {
        let mut form = LicenceForm::from_pairs(&[("x".into(), "1".into()), ("serial".into(), "S".into())]);
        assert_eq!(form.fields[0].value, "S");
        form.add_field();
        form.fields[2].value = "v".into();
        form.add_field();
        form.fields[3] = LicenceField { name: "x".into(), value: "2".into() };
        let problems = form.problems();
        assert_eq!(problems.iter().map(|p| p.0).collect::<Vec<_>>(), vec![2, 3]);
        assert!(form.details().is_none());
    }
}
