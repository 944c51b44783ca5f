//! What this binary is: its version, the commit it was built from and the UTC day it was built (`build.rs` sets the
//! last two). Plain constants: no egui, no I/O.

/// The program's version, from Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The commit it was built from (`git rev-parse --short HEAD`), or "unknown" when it was built outside a git checkout.
pub const COMMIT: &str = env!("BANKFEEDS_BUILD_COMMIT");

/// The day it was built, YYYY-MM-DD in UTC: `SOURCE_DATE_EPOCH`'s when the build set it.
pub const BUILD_DATE: &str = env!("BANKFEEDS_BUILD_DATE");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commit_and_the_date_are_filled_in() {
        assert!(!COMMIT.is_empty());
        assert!(COMMIT == "unknown" || COMMIT.chars().all(|c| c.is_ascii_hexdigit()), "{COMMIT}");
        let parts: Vec<&str> = BUILD_DATE.split('-').collect();
        assert_eq!(parts.iter().map(|part| part.len()).collect::<Vec<_>>(), [4, 2, 2], "{BUILD_DATE}");
        assert!(BUILD_DATE.chars().all(|c| c.is_ascii_digit() || c == '-'), "{BUILD_DATE}");
    }
}
