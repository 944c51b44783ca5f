//! Export files: their names, never an existing file overwritten, a missing or wrong folder explained, owner-only.

use super::*;

fn at() -> Timestamp {
    "2026-11-22T10:30:00.750Z".parse().expect("a time")
}

#[test]
fn each_kind_has_its_name_stamped_with_the_utc_time() {
    assert_eq!(ExportKind::Har.file_name(at()), "bankfeeds-session-20261122-103000.har");
    assert_eq!(ExportKind::Transcript.file_name(at()), "bankfeeds-timeline-20261122-103000.md");
    assert_eq!(ExportKind::SupportBundle.file_name(at()), "bankfeeds-support-20261122-103000.zip");
    assert_eq!(ExportKind::Har.numbered_file_name(at(), 3), "bankfeeds-session-20261122-103000 (3).har");
}

#[test]
fn an_export_is_written_whole_into_the_folder() {
    let folder = tempfile::tempdir().expect("a folder");
    let path = write_export(folder.path(), ExportKind::Har, at(), b"{\"log\":{}}").expect("written");
    assert_eq!(path, folder.path().join("bankfeeds-session-20261122-103000.har"));
    assert_eq!(std::fs::read(&path).expect("read back"), b"{\"log\":{}}");
    let left: Vec<_> = std::fs::read_dir(folder.path()).expect("listed").collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let folder = tempfile::tempdir().expect("a folder");
    let taken = folder.path().join(ExportKind::Transcript.file_name(at()));
    std::fs::write(&taken, "kept").expect("written");
    let second = write_export(folder.path(), ExportKind::Transcript, at(), b"second").expect("written");
    let third = write_export(folder.path(), ExportKind::Transcript, at(), b"third").expect("written");
    assert_eq!(second.file_name().and_then(|name| name.to_str()), Some("bankfeeds-timeline-20261122-103000 (2).md"));
    assert_eq!(third.file_name().and_then(|name| name.to_str()), Some("bankfeeds-timeline-20261122-103000 (3).md"));
    assert_eq!(std::fs::read_to_string(&taken).expect("read"), "kept");
    assert_eq!(std::fs::read_to_string(&second).expect("read"), "second");
    assert_eq!(std::fs::read_to_string(&third).expect("read"), "third");
}

#[test]
fn a_missing_folder_is_refused_with_what_to_do() {
    let folder = tempfile::tempdir().expect("a folder");
    let missing = folder.path().join("not-there");
    let error = write_export(&missing, ExportKind::SupportBundle, at(), b"zip").expect_err("refused");
    assert_matches!(&error, ExportError::FolderMissing(path) if *path == missing);
    let sentence = error.to_string();
    assert!(sentence.contains("does not exist") && sentence.contains("Choose another folder"), "{sentence}");
    assert!(!missing.exists(), "the folder is not made");
}

#[test]
fn a_file_in_place_of_the_folder_is_refused() {
    let folder = tempfile::tempdir().expect("a folder");
    let file = folder.path().join("a-file");
    std::fs::write(&file, "x").expect("written");
    let error = write_export(&file, ExportKind::Har, at(), b"{}").expect_err("refused");
    assert_matches!(&error, ExportError::NotAFolder(path) if *path == file);
    assert!(error.to_string().contains("is a file, not a folder"));
}

#[cfg(unix)]
#[test]
fn an_export_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let folder = tempfile::tempdir().expect("a folder");
    let path = write_export(folder.path(), ExportKind::SupportBundle, at(), b"zip").expect("written");
    let mode = std::fs::metadata(&path).expect("metadata").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn the_default_folder_is_somewhere_absolute_or_the_current_folder() {
    let folder = default_export_folder();
    assert!(folder.is_absolute() || folder == Path::new("."), "{}", folder.display());
}

#[test]
fn a_file_chosen_in_the_save_dialog_is_written_under_its_own_name_replacing_one_there() {
    let folder = tempfile::tempdir().expect("a folder");
    let chosen = folder.path().join("for support.har");
    std::fs::write(&chosen, "old").expect("written");
    assert_eq!(write_export_as(&chosen, b"new").expect("written"), chosen);
    assert_eq!(std::fs::read_to_string(&chosen).expect("read"), "new", "the dialog asked before replacing it");
    let left: Vec<_> = std::fs::read_dir(folder.path()).expect("listed").collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[test]
fn a_chosen_file_in_a_missing_folder_or_naming_a_folder_is_refused_with_what_to_do() {
    let folder = tempfile::tempdir().expect("a folder");
    let missing = folder.path().join("gone").join("a.md");
    let error = write_export_as(&missing, b"x").expect_err("no folder");
    assert!(matches!(&error, ExportError::FolderMissing(path) if path == &folder.path().join("gone")), "{error}");
    assert!(!folder.path().join("gone").exists(), "no folder is made");
    let error = write_export_as(folder.path(), b"x").expect_err("a folder");
    assert!(error.to_string().contains("Choose a file name"), "{error}");
}
