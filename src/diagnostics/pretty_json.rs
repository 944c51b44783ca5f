//! JSON text re-indented for reading, without parsing it into values: keys keep the order they came in and numbers
//! keep every digit (an amount is never rounded through a float). Text that is not JSON is left to the caller.

/// `text` indented by two spaces per level when it is valid JSON; `None` otherwise.
#[must_use]
pub fn pretty_json(text: &str) -> Option<String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0_usize;
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        if in_string {
            out.push(ch);
            match ch {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match ch {
            '"' => {
                in_string = true;
                out.push(ch);
            }
            '{' | '[' => {
                out.push(ch);
                let closer = if ch == '{' { '}' } else { ']' };
                while chars.peek().is_some_and(|next| next.is_whitespace()) {
                    chars.next();
                }
                if chars.peek() == Some(&closer) {
                    out.push(closer);
                    chars.next();
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(ch);
            }
            ',' => {
                out.push(ch);
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            ch if ch.is_whitespace() => {}
            ch => out.push(ch),
        }
    }
    Some(out)
}

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_numbers_every_digit() {
        let text =
            r#"{"z":1,"a":{"amount":12345678901234567.891,"list":[1, 2],"empty":{},"none":[]},"s":"a, {b}: \"c\""}"#;
        let pretty = pretty_json(text).expect("valid JSON");
        assert_eq!(
            pretty,
            "{\n  \"z\": 1,\n  \"a\": {\n    \"amount\": 12345678901234567.891,\n    \"list\": [\n      1,\n      2\n    ],\n    \
             \"empty\": {},\n    \"none\": []\n  },\n  \"s\": \"a, {b}: \\\"c\\\"\"\n}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&pretty).ok(), serde_json::from_str(text).ok());
    }

    #[test]
    fn text_that_is_not_json_is_refused() {
        assert_eq!(pretty_json("<html>502</html>"), None);
        assert_eq!(pretty_json(r#"{"cut":"#), None);
    }
}
