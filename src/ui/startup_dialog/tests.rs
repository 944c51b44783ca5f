//! The start-up dialog in `egui_kittest`: it names the folder, Close and Escape end it, and Try again hands the
//! folder on once it works.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use std::path::PathBuf;

use super::*;

fn harness(dialog: StartupDialog) -> Harness<'static, StartupDialog> {
    Harness::builder()
        .with_size([560.0, 230.0])
        .build_ui_state(|ui, dialog: &mut StartupDialog| dialog.draw(ui), dialog)
}

#[test]
fn a_folder_in_use_is_named_and_close_or_escape_ends_the_dialog() {
    let folder = PathBuf::from("/somewhere/bankfeeds data");
    for key in [None, Some(egui::Key::Escape)] {
        let mut harness = harness(StartupDialog::new(DataFolderError::InUse { folder: folder.clone() }));
        harness.run();
        harness.get_by_label("Another copy is already open");
        harness.get_by_label_contains("already open on the data folder /somewhere/bankfeeds data: switch to that copy");
        harness.get_by_label_contains("or close it first and start again");
        assert!(harness.query_by_label("Try again").is_none(), "trying again cannot help while the other copy runs");
        match key {
            None => harness.get_by_label("Close").click(),
            Some(key) => harness.key_press(key),
        }
        harness.run();
        assert!(harness.state().is_closing(), "{key:?}");
        let end = harness.into_state().end();
        assert_matches!(end, DialogEnd::Closed(DataFolderError::InUse { .. }), "{end:?}");
    }
}

#[test]
fn try_again_shows_the_problem_while_it_lasts_and_hands_on_the_folder_once_it_works() {
    let temp = tempfile::tempdir().expect("temp dir");
    let folder = temp.path().join("data");
    std::fs::write(&folder, b"a file where the folder should be").expect("file");
    let problem = DataFolder::take(&folder).expect_err("a file");
    let mut harness = harness(StartupDialog::new(problem));
    harness.run();
    harness.get_by_label("The data folder cannot be used");
    harness.get_by_label_contains("is a file");
    harness.get_by_label("Try again").click();
    harness.run();
    assert!(!harness.state().is_closing(), "still a file: the dialog stays");

    std::fs::remove_file(&folder).expect("moved away");
    harness.get_by_label("Try again").click();
    harness.run();
    assert!(harness.state().is_closing());
    let DialogEnd::Taken(held) = harness.into_state().end() else { panic!("the folder works now") };
    assert_eq!(held.path(), folder);
}
