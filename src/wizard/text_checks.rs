//! Checks shared by every free-text field the person types: no hidden control characters, a length limit.

/// True for a character that changes how the text around it is displayed without being seen itself: a control
/// character, a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069: "Acme \u{202e}dtL"
/// shows as "Acme Ltd"), or a line or paragraph separator (U+2028, U+2029).
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// What is wrong with free text in any field; the UI words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    /// It holds a control character, a bidirectional override or a line separator (see [`is_hidden_control`]).
    HiddenControl,
    /// It has more than `max` characters.
    TooLong {
        /// The most characters the field takes.
        max: usize,
    },
}

/// A problem with free text common to every field: control characters (bidirectional overrides and line separators
/// included) or too many characters.
#[must_use]
pub fn text_problem(text: &str, max_chars: usize) -> Option<TextProblem> {
    if text.chars().any(is_hidden_control) {
        Some(TextProblem::HiddenControl)
    } else if text.chars().count() > max_chars {
        Some(TextProblem::TooLong { max: max_chars })
    } else {
        None
    }
}
