//! Where an export goes: the file chosen in the dialog, nothing when the dialog is cancelled, the typed folder (and
//! why) when no dialog answers.

use std::cell::Cell;

use super::*;
use crate::save_dialog::ScriptedSaveDialog;

fn at() -> Timestamp {
    "2026-11-22T10:30:00Z".parse().expect("a time")
}

#[expect(clippy::unnecessary_wraps, reason = "an export's builder may fail; this one does not")]
fn built() -> Result<Vec<u8>, String> {
    Ok(b"{\"log\":{}}".to_vec())
}

fn files_in(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder).expect("listed").map(|entry| entry.expect("an entry").path()).collect()
}

#[test]
fn the_dialog_opens_in_the_typed_folder_suggesting_the_exports_name_and_the_file_lands_where_chosen() {
    let (typed, elsewhere) = (tempfile::tempdir().expect("a folder"), tempfile::tempdir().expect("a folder"));
    let chosen = elsewhere.path().join("for support.har");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Chosen(chosen.clone()));
    let place = ExportPlace::Ask { folder: typed.path().to_owned() };
    let outcome = save(Some(&dialog), place, ExportKind::Har, at(), built);
    assert_eq!(outcome, ExportOutcome::Saved { path: chosen.clone(), no_dialog: None });
    assert_eq!(std::fs::read(&chosen).expect("the file"), b"{\"log\":{}}");
    assert!(files_in(typed.path()).is_empty(), "nothing in the typed folder");
    let asked = dialog.asked();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].file_name, "bankfeeds-session-20261122-103000.har");
    assert_eq!(asked[0].folder, typed.path());
    assert_eq!(asked[0].title, "Save the HAR file");
    assert_eq!(asked[0].file_type.pattern, "*.har");
}

#[test]
fn a_cancelled_dialog_builds_and_writes_nothing() {
    let typed = tempfile::tempdir().expect("a folder");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Cancelled);
    let was_built = Cell::new(false);
    let place = ExportPlace::Ask { folder: typed.path().to_owned() };
    let outcome = save(Some(&dialog), place, ExportKind::Transcript, at(), || {
        was_built.set(true);
        built()
    });
    assert_eq!(outcome, ExportOutcome::NotSaved);
    assert!(!was_built.get(), "nothing is built for a cancelled dialog");
    assert!(files_in(typed.path()).is_empty());
}

#[test]
fn without_a_dialog_the_export_goes_into_the_typed_folder_and_says_why() {
    let typed = tempfile::tempdir().expect("a folder");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Unavailable("no desktop portal answers".into()));
    let place = ExportPlace::Ask { folder: typed.path().to_owned() };
    let outcome = save(Some(&dialog), place.clone(), ExportKind::Har, at(), built);
    let expected = typed.path().join("bankfeeds-session-20261122-103000.har");
    assert_eq!(outcome, ExportOutcome::Saved { path: expected, no_dialog: Some("no desktop portal answers".into()) });

    let outcome = save(None, place, ExportKind::Har, at(), built);
    assert!(
        matches!(&outcome, ExportOutcome::Saved { no_dialog: Some(why), .. } if why == NO_DIALOG_HERE),
        "{outcome:?}"
    );
    assert_eq!(files_in(typed.path()).len(), 2, "a second name, the first kept");
}

#[test]
fn a_folder_typed_is_used_without_asking_the_dialog() {
    let typed = tempfile::tempdir().expect("a folder");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Cancelled);
    let outcome = save(Some(&dialog), ExportPlace::Folder(typed.path().to_owned()), ExportKind::Har, at(), built);
    assert!(matches!(outcome, ExportOutcome::Saved { no_dialog: None, .. }), "{outcome:?}");
    assert!(dialog.asked().is_empty());
}

#[test]
fn a_failure_after_the_dialog_could_not_be_used_keeps_both_reasons() {
    let missing = tempfile::tempdir().expect("a folder").path().join("gone");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Unavailable("no portal".into()));
    let outcome = save(Some(&dialog), ExportPlace::Ask { folder: missing }, ExportKind::Har, at(), built);
    assert!(
        matches!(&outcome, ExportOutcome::Failed { problem, no_dialog: Some(_) } if problem.contains("does not exist")),
        "{outcome:?}"
    );
}
