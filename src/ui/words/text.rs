//! Words for a problem of free text in any field: hidden control characters, too many characters.

use crate::wizard::TextProblem;

/// What to do about `problem`, for the field it was found in.
#[must_use]
pub fn text_problem(problem: TextProblem) -> String {
    match problem {
        TextProblem::HiddenControl => "Remove the control characters (tabs, line breaks) from this field".to_owned(),
        TextProblem::TooLong { max } => format!("Shorten this to at most {max} characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_text_problem_says_what_to_remove_or_shorten() {
        assert_eq!(
            text_problem(TextProblem::HiddenControl),
            "Remove the control characters (tabs, line breaks) from this field"
        );
        assert_eq!(text_problem(TextProblem::TooLong { max: 100 }), "Shorten this to at most 100 characters");
    }
}
