//! The names of the countries whose banks can be listed, by the codes the wizard keeps.

use crate::api::ids::CountryCode;

/// The name of the country `code` (one of [`crate::wizard::COUNTRIES`]), if it is offered.
#[must_use]
pub fn country_name(code: CountryCode) -> Option<&'static str> {
    match code {
        CountryCode::GBR => Some("United Kingdom"),
        CountryCode::USA => Some("United States"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::COUNTRIES;

    #[test]
    fn every_country_offered_has_its_name_in_the_list_order() {
        assert_eq!(COUNTRIES.map(country_name), [Some("United Kingdom"), Some("United States")]);
        assert_eq!(country_name("FRA".parse().expect("a code")), None);
    }
}
