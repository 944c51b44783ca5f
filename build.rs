//! Tells the program what it was built from, for Help → About (`src/build_info.rs`): the commit (`git rev-parse
//! --short HEAD`, "unknown" outside a git checkout) and the build date as a UTC day, from `SOURCE_DATE_EPOCH` when set
//! (reproducible builds) or else today. Reruns only when HEAD moves or that variable changes, so ordinary builds and
//! tests do not rebuild the crate.
#![allow(clippy::print_stdout, reason = "cargo reads a build script's instructions from its standard output")]

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=SOURCE_DATE_EPOCH");
    // HEAD's own file (a branch switched) and its log (every commit, checkout or reset); only files that exist, as
    // cargo reruns a script every time for a missing one.
    for name in ["HEAD", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", name]).filter(|path| std::path::Path::new(path).exists()) {
            println!("cargo::rerun-if-changed={path}");
        }
    }
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo::rustc-env=BANKFEEDS_BUILD_COMMIT={commit}");
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|value| value.trim().parse::<u64>().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs()));
    println!("cargo::rustc-env=BANKFEEDS_BUILD_DATE={}", utc_date(seconds));
}

/// What `git args` prints, trimmed, when it runs and succeeds with something to say.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_owned())
}

/// The UTC day of `seconds` after the Unix epoch, as YYYY-MM-DD (the proleptic Gregorian calendar, days to civil).
fn utc_date(seconds: u64) -> String {
    let days = seconds / 86_400;
    // Shifted to start on 0000-03-01, so that a leap day ends its year; eras of 400 years (146,097 days).
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted % 146_097;
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
