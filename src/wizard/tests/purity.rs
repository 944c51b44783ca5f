//! The wizard stays pure: no source file under `src/wizard/` names egui, eframe, tokio, reqwest, axum, a keyring
//! crate, `std::fs` or a clock. Time and I/O arrive as values on events; this reads the files to keep it so.

use std::path::{Path, PathBuf};

/// Crates the wizard must not use, matched as a path segment (`tokio::spawn`, `use egui::Ui`) or after `use` and
/// `extern crate`; any crate whose name holds `keyring` too.
const CRATES: [&str; 9] = ["egui", "egui_extras", "egui_kittest", "eframe", "tokio", "reqwest", "axum", "chrono", "fs"];

/// Text that reads a clock or the filesystem wherever it appears in code.
const TEXTS: [&str; 3] = ["::now(", "std::fs", "SystemTime"];

/// This file names what it forbids, so it is the one file not read.
const THIS_FILE: &str = "tests/purity.rs";

#[test]
fn the_wizard_uses_no_ui_runtime_network_keyring_filesystem_or_clock() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wizard");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 20, "the wizard's files were not found under {}", root.display());
    let mut broken = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        if relative == Path::new(THIS_FILE) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{} unreadable: {e}", file.display()));
        for (number, line) in text.lines().enumerate() {
            if let Some(what) = offence(line) {
                broken.push(format!("src/wizard/{}:{}: {what}: {}", relative.display(), number + 1, line.trim()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the wizard is pure (ARCHITECTURE.md: no egui, tokio, reqwest, axum, keyring, std::fs or clock; time comes \
         in on events), but:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_purity_check_sees_each_kind_of_offence_and_not_words_about_them() {
    let offending = [
        "use egui::Ui;",
        "    let frame = eframe::Frame::default();",
        "#[tokio::test]",
        "let client = reqwest::Client::new();",
        "use axum::Router;",
        "let entry = keyring_core::Entry::new(\"s\", \"u\");",
        "use std::fs;",
        "let text = fs::read_to_string(path);",
        "let now = std::time::SystemTime::now();",
        "let started = Instant::now();",
        "let at = jiff::Timestamp::now();",
        "let here = Zoned::now().date();",
        "let then = chrono::Utc::now();",
        "extern crate tokio;",
    ];
    for line in offending {
        assert!(offence(line).is_some(), "{line:?} passed");
    }
    let harmless = [
        "/// The keyring write comes first; no egui, tokio or std::fs here, and Timestamp::now() is the runtime's.",
        "    assert_eq!(effects.len(), 1, \"the keyring write comes first and alone: {effects:?}\");",
        "use crate::secrets::{KeySlot, KeyringProblem};",
        "let prefs = settings.prefs::<Local>();",
        "at: jiff::Timestamp::UNIX_EPOCH,",
    ];
    for line in harmless {
        assert_eq!(offence(line), None, "{line:?} refused");
    }
}

/// What `line` uses that the wizard must not, if anything. Comment lines are skipped: they may name what is not used.
fn offence(line: &str) -> Option<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return None;
    }
    if let Some(text) = TEXTS.iter().find(|text| code.contains(**text)) {
        return Some(format!("`{text}`"));
    }
    let imported = code.starts_with("use ") || code.starts_with("pub use ") || code.starts_with("extern crate ");
    identifiers(code).into_iter().find_map(|(name, rest)| {
        let forbidden = CRATES.contains(&name) || name.contains("keyring");
        (forbidden && (rest.starts_with("::") || imported)).then(|| format!("`{name}`"))
    })
}

/// Each identifier of `code` with the text after it.
fn identifiers(code: &str) -> Vec<(&str, &str)> {
    let is_part = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in code.char_indices().chain(std::iter::once((code.len(), ' '))) {
        match (start, is_part(c)) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                found.push((&code[from..at], &code[at..]));
                start = None;
            }
            _ => {}
        }
    }
    found
}

fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{} unreadable: {e}", folder.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}
