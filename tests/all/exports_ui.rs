//! The exports after a whole flow, made through the Export window as a person would: the HAR file validates as HAR
//! 1.2 and lists the session's exchanges, the support bundle holds its five files, and neither they nor the
//! transcript hold any secret the session held (the signing key, a JWT, the captcha answer, a route's signature).

use std::io::Read as _;
use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use bankfeeds_onboard::diagnostics::{BUNDLE_FILES, check_har_structure};
use bankfeeds_onboard::secrets::SecretStore as _;
use bankfeeds_onboard::ui::WizardApp;

use crate::inspector_ui::{assert_no_secret, authorisation_token, whole_flow};
use crate::support::{eventually, press};

/// Opens the Export window from the menu and types `folder` as the folder to save into, as a person would.
pub(crate) fn open_export_window_on(harness: &mut Harness<'_, WizardApp>, folder: &Path) {
    press(harness, "Export");
    harness.run_steps(2);
    press(harness, "HAR file, transcript or support bundle…");
    harness.run_steps(2);
    harness.get_by_label("Folder").focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Folder").type_text(&folder.display().to_string());
    harness.step();
}

/// Saves one export from the open Export window and waits for its file in `folder`; its path.
pub(crate) fn save(
    harness: &mut Harness<'_, WizardApp>,
    button: &str,
    folder: &Path,
    extension: &str,
) -> std::path::PathBuf {
    press(harness, button);
    let harness = std::cell::RefCell::new(harness);
    eventually(
        &format!("a .{extension} file saved"),
        || {
            let mut harness = harness.borrow_mut();
            harness.step();
            let found = std::fs::read_dir(folder)
                .expect("the folder")
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|found| found == extension));
            found.filter(|_| harness.query_by_label("File").is_some())
        },
        String::new,
    )
}

#[test]
fn the_har_transcript_and_support_bundle_of_a_whole_flow_are_valid_and_hold_no_secret() {
    let (mut harness, secrets, _data_dir) = whole_flow();
    let organisation = harness.state().wizard().session().organisations[0].clone();
    let key = secrets.load(&organisation.key_slot()).expect("key in the keyring");
    let account_token = authorisation_token(&harness);
    let folder = tempfile::tempdir().expect("temp dir");

    open_export_window_on(&mut harness, folder.path());

    let har_path = save(&mut harness, "Save HAR file", folder.path(), "har");
    let har_text = std::fs::read_to_string(&har_path).expect("the HAR");
    let document: serde_json::Value = serde_json::from_str(&har_text).expect("the HAR is JSON");
    check_har_structure(&document).expect("the HAR is HAR 1.2");
    let entries = document["log"]["entries"].as_array().map_or(0, Vec::len);
    assert_eq!(entries, harness.state().exchanges().exchanges().len(), "one entry per exchange");
    assert!(har_text.contains("/api/v1/accesstoken") && har_text.contains("_signing"));

    let transcript_path = save(&mut harness, "Save transcript", folder.path(), "md");
    let transcript = std::fs::read_to_string(&transcript_path).expect("the transcript");
    assert!(transcript.contains("Entered step: Link") && transcript.contains("is active"), "{transcript}");

    let bundle_path = save(&mut harness, "Save support bundle", folder.path(), "zip");
    let mut bundle = zip::ZipArchive::new(std::fs::File::open(&bundle_path).expect("the bundle")).expect("a zip");
    let mut names: Vec<String> = bundle.file_names().map(|name| name.expect("a name").into_owned()).collect();
    names.sort();
    let mut expected: Vec<String> = BUNDLE_FILES.iter().map(|name| (*name).to_owned()).collect();
    expected.sort();
    assert_eq!(names, expected);
    let mut texts = vec![("HAR file".to_owned(), har_text), ("transcript".to_owned(), transcript)];
    for name in BUNDLE_FILES {
        let mut text = String::new();
        bundle.by_name(name).expect("in the bundle").read_to_string(&mut text).expect("text");
        assert!(!text.trim().is_empty(), "{name} is empty");
        texts.push((format!("bundle's {name}"), text));
    }
    for (name, text) in &texts {
        assert_no_secret(name, text, &[key.expose(), &account_token]);
    }
    harness.state().finish();
}
