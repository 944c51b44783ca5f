//! The Export window with the system's save dialog, in `egui_kittest`: where no dialog answers, the file goes into the
//! folder typed and the window says the dialog was not available (and saves there until it is chosen again); after a
//! save, Open folder shows the file's folder (a recording opener), and a folder that cannot be opened is said with its
//! path to copy; where the system has no dialog, only the folder is offered; with the keyboard alone in an 800×600
//! window, a file is saved through the dialog, another into the folder, and Open folder is pressed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _, by};

use bankfeeds_onboard::folder_opener::RecordingFolderOpener;
use bankfeeds_onboard::save_dialog::{SaveAnswer, SaveDialog, ScriptedSaveDialog};
use bankfeeds_onboard::secrets::KeyringStore;
use bankfeeds_onboard::ui::WizardApp;
use bankfeeds_onboard::ui::export_dialog::{ASK_DIALOG, INTO_FOLDER, OPEN_FOLDER};

use crate::exports_ui::save;
use crate::support::{self, eventually, press};

/// The product's default window size.
const DEFAULT_SIZE: [f32; 2] = [1040.0, 780.0];

/// An app whose exports ask `dialog` and show folders with `folders`, in a window of `size`, with its Export window
/// open; its progress folder.
pub(crate) fn export_window(
    dialog: Option<Arc<dyn SaveDialog>>,
    folders: &RecordingFolderOpener,
    size: [f32; 2],
) -> (Harness<'static, WizardApp>, tempfile::TempDir) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let secrets = Arc::new(KeyringStore::in_memory().expect("mock keyring"));
    let runtime = support::runtime(&secrets, data_dir.path())
        .with_save_dialog(dialog)
        .with_folder_opener(Arc::new(folders.clone()));
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut WizardApp| app.draw(ui), WizardApp::new(runtime));
    harness.run_steps(2);
    press(&mut harness, "Export");
    harness.run_steps(2);
    press(&mut harness, "HAR file, transcript or support bundle…");
    harness.run_steps(2);
    (harness, data_dir)
}

/// Types `folder` into the Export window's Folder field, over what it held.
pub(crate) fn type_folder(harness: &mut Harness<'_, WizardApp>, folder: &Path) {
    harness.get_by_label("Folder").focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Folder").type_text(&folder.display().to_string());
    harness.step();
}

/// Steps until the folder opener was asked once; the folder it was asked for.
fn opened_folder(harness: &mut Harness<'_, WizardApp>, folders: &RecordingFolderOpener) -> PathBuf {
    let harness = std::cell::RefCell::new(harness);
    eventually(
        "the folder opener asked",
        || {
            harness.borrow_mut().step();
            folders.opened().first().cloned()
        },
        || format!("asked for {:?}", folders.opened()),
    )
}

#[test]
fn with_no_portal_the_file_goes_into_the_typed_folder_and_the_window_says_the_dialog_was_not_available() {
    let why = "no desktop portal (xdg-desktop-portal) answers on the session bus";
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Unavailable(why.to_owned()));
    let folders = RecordingFolderOpener::new();
    let (mut harness, _data_dir) = export_window(Some(Arc::new(dialog.clone())), &folders, DEFAULT_SIZE);
    let typed = tempfile::tempdir().expect("a folder");
    assert!(harness.query_by_label(ASK_DIALOG).is_some() && harness.query_by_label(INTO_FOLDER).is_some());
    type_folder(&mut harness, typed.path());

    let har = save(&mut harness, "Save HAR file…", typed.path(), "har");
    assert_eq!(har.parent(), Some(typed.path()), "saved into the folder typed");
    let asked = dialog.asked();
    assert_eq!(asked.len(), 1, "the dialog was asked first");
    assert_eq!(asked[0].folder, typed.path(), "opening in the folder typed");
    let said = format!("The system's save dialog was not available: {why}.");
    assert!(harness.query_by_label_contains(&said).is_some(), "the window says the dialog was not available");
    let note = harness.state().timeline().entries().any(|entry| entry.text.contains("was not available"));
    assert!(note, "the timeline notes it too");
    support::assert_controls_named_once(&harness, "the Export window after a save without the dialog");

    // Until the dialog is chosen again, files go into the folder without asking it.
    assert!(harness.query_by_label("Save HAR file…").is_none());
    save(&mut harness, "Save transcript", typed.path(), "md");
    assert_eq!(dialog.asked().len(), 1, "the dialog was not asked again");

    press(&mut harness, OPEN_FOLDER);
    assert_eq!(opened_folder(&mut harness, &folders), typed.path(), "Open folder shows the file's folder");

    press(&mut harness, ASK_DIALOG);
    assert!(harness.query_by_label_contains("was not available").is_none(), "said until the dialog is chosen");
    assert!(harness.query_by_label("Save support bundle…").is_some(), "the buttons ask the dialog again");
    harness.into_state().shutdown();
}

#[test]
fn a_folder_that_cannot_be_opened_is_said_with_its_path_to_copy_and_without_a_dialog_only_the_folder_is_offered() {
    let folders = RecordingFolderOpener::failing("xdg-open was not found");
    let (mut harness, _data_dir) = export_window(None, &folders, DEFAULT_SIZE);
    assert!(harness.query_by_label(ASK_DIALOG).is_none(), "no dialog on this system: no choice offered");
    assert!(harness.query_by_label_contains("save dialog").is_none(), "nor any word of it");
    let typed = tempfile::tempdir().expect("a folder");
    type_folder(&mut harness, typed.path());
    save(&mut harness, "Save HAR file", typed.path(), "har");

    press(&mut harness, OPEN_FOLDER);
    assert_eq!(opened_folder(&mut harness, &folders), typed.path());
    support::run_until_shown(&mut harness, "The folder could not be opened");
    let sentence = format!("Copy its path and open it yourself: {}", typed.path().display());
    assert!(harness.query_by_label_contains(&sentence).is_some(), "the sentence gives the path");
    assert!(harness.query_by_label_contains("xdg-open was not found").is_some(), "and what went wrong");
    assert!(harness.query_by_label("Copy folder path").is_some(), "with a Copy button");
    support::assert_controls_named_once(&harness, "the Export window after Open folder failed");
    harness.into_state().shutdown();
}

/// The accessible name of the widget with the keyboard focus.
fn focused_name(harness: &Harness<'_, WizardApp>) -> Option<String> {
    let focused = harness.ctx.memory(egui::Memory::focused)?;
    harness
        .query_all(by().predicate(|_| true))
        .find(|node| node.accesskit_node().locate().0.0 == focused.value())
        .and_then(|node| node.accesskit_node().label())
}

/// Presses Tab (Shift+Tab when `back`) until the widget named `label` has the focus.
fn tab_to(harness: &mut Harness<'_, WizardApp>, label: &str, back: bool) {
    let modifiers = if back { egui::Modifiers::SHIFT } else { egui::Modifiers::NONE };
    for _ in 0..=40 {
        if focused_name(harness).as_deref() == Some(label) {
            return;
        }
        harness.key_press_modifiers(modifiers, egui::Key::Tab);
        harness.step();
    }
    panic!("Tab never reached \"{label}\" in 40 presses");
}

/// Presses `key` and lets the frame run.
fn key(harness: &mut Harness<'_, WizardApp>, key: egui::Key) {
    harness.key_press(key);
    harness.step();
}

/// Fails unless the control named `label` lies wholly inside a window of `size`.
fn in_window(harness: &Harness<'_, WizardApp>, label: &str, size: [f32; 2]) {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
    let control = harness.get_by_label(label).rect();
    assert!(window.contains_rect(control), "\"{label}\" at {control:?} is not inside the {size:?} window");
}

#[test]
fn with_the_keyboard_alone_in_800_by_600_a_file_is_saved_through_the_dialog_then_into_the_folder_and_its_folder_opened()
{
    const SMALL: [f32; 2] = [800.0, 600.0];
    let elsewhere = tempfile::tempdir().expect("a folder");
    let chosen = elsewhere.path().join("for support.har");
    let dialog = ScriptedSaveDialog::answering(SaveAnswer::Chosen(chosen.clone()));
    let folders = RecordingFolderOpener::new();
    let (mut harness, _data_dir) = export_window(Some(Arc::new(dialog.clone())), &folders, SMALL);

    tab_to(&mut harness, "Save HAR file…", false);
    key(&mut harness, egui::Key::Enter);
    support::run_until_shown(&mut harness, OPEN_FOLDER);
    assert!(chosen.is_file(), "the HAR file is where the dialog said");
    for label in [ASK_DIALOG, INTO_FOLDER, "Folder", "Save support bundle…", "Copy file", OPEN_FOLDER] {
        in_window(&harness, label, SMALL);
    }
    tab_to(&mut harness, OPEN_FOLDER, false);
    key(&mut harness, egui::Key::Enter);
    assert_eq!(opened_folder(&mut harness, &folders), elsewhere.path());

    // The folder instead of the dialog: the radio button by Shift+Tab and Space, the folder typed.
    tab_to(&mut harness, INTO_FOLDER, true);
    key(&mut harness, egui::Key::Space);
    let typed = tempfile::tempdir().expect("a folder");
    tab_to(&mut harness, "Folder", false);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.event(egui::Event::Text(typed.path().display().to_string()));
    harness.step();
    tab_to(&mut harness, "Save transcript", false);
    key(&mut harness, egui::Key::Enter);
    let transcript = eventually(
        "the transcript in the folder typed",
        || {
            harness.step();
            std::fs::read_dir(typed.path()).expect("listed").flatten().map(|entry| entry.path()).next()
        },
        String::new,
    );
    assert_eq!(transcript.extension().and_then(|e| e.to_str()), Some("md"));
    assert_eq!(dialog.asked().len(), 1, "the dialog was asked once, for the HAR file");
    support::assert_controls_named_once(&harness, "the Export window after two saves");
    harness.into_state().shutdown();
}
