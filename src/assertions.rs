//! [`assert_matches!`]: the tests' assertion that a value matches a pattern, printing the value when it does not. In
//! the library (exported, hidden from its documentation) so the unit tests and the integration tests share one.

/// Asserts that `value` matches `pattern` (an `if` guard allowed); on failure it prints the value and the pattern,
/// after the message if one was given. `value` is matched by reference, so nothing is moved out of it.
#[doc(hidden)]
#[macro_export]
macro_rules! assert_matches {
    ($value:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {
        match &$value {
            value => assert!(
                matches!(value, $pattern $(if $guard)?),
                "{value:#?}\ndoes not match {}",
                stringify!($pattern $(if $guard)?)
            ),
        }
    };
    ($value:expr, $pattern:pat $(if $guard:expr)?, $($message:tt)+) => {
        match &$value {
            value => assert!(
                matches!(value, $pattern $(if $guard)?),
                "{}\n{value:#?}\ndoes not match {}",
                format_args!($($message)+),
                stringify!($pattern $(if $guard)?)
            ),
        }
    };
}

#[cfg(test)]
mod tests {
    fn panic_message(assertion: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = std::panic::catch_unwind(assertion).expect_err("the assertion fails");
        payload.downcast::<String>().map(|message| *message).expect("a formatted message")
    }

    #[test]
    fn a_value_that_does_not_match_is_printed_with_the_pattern_and_the_message() {
        assert_matches!(Some(3), Some(n) if *n == 3);
        let plain = panic_message(|| assert_matches!((1, "one"), (2, _)));
        assert!(plain.contains("(\n    1,\n    \"one\",\n)") && plain.ends_with("does not match (2, _)"), "{plain}");
        let guarded = panic_message(|| assert_matches!(Some(3), Some(n) if *n > 5, "wanted {} or more", 6));
        assert!(guarded.starts_with("wanted 6 or more\nSome("), "{guarded}");
        assert!(guarded.ends_with("does not match Some(n) if *n > 5"), "{guarded}");
    }
}
