//! The consent page's templates (`assets/consent/`, in the binary): `{{name}}` placeholders filled in one pass, so a
//! value that itself holds `{{…}}` is never filled again. Values go in as given: the caller escapes text.

/// `template` with each `{{name}}` replaced by its value in `values`; a placeholder without a value is left as it is
/// (a test sees it).
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut filled = String::with_capacity(template.len() + values.iter().map(|(_, value)| value.len()).sum::<usize>());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        filled.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            rest = &rest[start..];
            break;
        };
        let name = &after[..end];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => filled.push_str(value),
            None => filled.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    filled.push_str(rest);
    filled
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_once_and_unknown_ones_stay() {
        let filled = fill("<p>{{a}} and {{b}}, {{unknown}} {{</p>", &[("a", "{{b}}"), ("b", "two")]);
        assert_eq!(filled, "<p>{{b}} and two, {{unknown}} {{</p>");
    }

    #[test]
    fn text_without_placeholders_is_unchanged() {
        assert_eq!(fill("plain } { text", &[("a", "x")]), "plain } { text");
    }
}
