//! Help → About in `egui_kittest`: the window shows the version, the commit and the build date, and where this
//! copy keeps its data folder, crash reports and log; Escape closes it.

use egui_kittest::kittest::{NodeT as _, Queryable as _};

use bankfeeds_onboard::build_info;

use crate::support::{self, TestApp, press};

#[test]
fn help_about_shows_the_version_the_commit_the_build_date_and_the_data_folder_and_escape_closes_it() {
    let TestApp { app, data_dir, .. } = support::test_app();
    let mut harness = support::harness(app);
    harness.run_steps(3);
    assert!(harness.query_by_label(build_info::VERSION).is_none(), "About is closed at first");

    press(&mut harness, "Help");
    harness.run_steps(2);
    press(&mut harness, "About Bank feeds onboarding");
    harness.run_steps(2);

    for value in [build_info::VERSION, build_info::COMMIT, build_info::BUILD_DATE] {
        harness.get_by_label(value);
    }
    let folder = data_dir.path().display().to_string();
    harness.get_by_label(&folder);
    harness.get_by_label("Copy data folder");
    let logs = harness.get_by_label_contains("Written to standard error").accesskit_node();
    let logs = logs.label().or_else(|| logs.value()).unwrap_or_default();
    assert!(logs.contains("support bundle") && logs.contains(&folder), "the logs' line says where: {logs}");

    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label(&folder).is_none(), "Escape closes About");
}
