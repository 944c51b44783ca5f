//! The names of the languages the Banking Service is offered in, by the tags the wizard keeps.

/// The name of the language tagged `tag` (one of [`crate::wizard::LANGUAGES`]), if it is offered.
#[must_use]
pub fn language_name(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "en-GB" => "English (United Kingdom)",
        "en-US" => "English (United States)",
        "en-IE" => "English (Ireland)",
        "en-CA" => "English (Canada)",
        "fr-FR" => "French (France)",
        "fr-CA" => "French (Canada)",
        "es-ES" => "Spanish (Spain)",
        "de-DE" => "German (Germany)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wizard::LANGUAGES;

    #[test]
    fn every_language_offered_has_its_name_in_the_list_order() {
        let names: Vec<_> = LANGUAGES.iter().map(|tag| language_name(tag)).collect();
        assert_eq!(
            names,
            [
                "English (United Kingdom)",
                "English (United States)",
                "English (Ireland)",
                "English (Canada)",
                "French (France)",
                "French (Canada)",
                "Spanish (Spain)",
                "German (Germany)",
            ]
            .map(Some)
        );
        assert_eq!(language_name("xx-XX"), None);
    }
}
