//! The data folder's lock and checks, in one process: two takes of one folder conflict as two processes' would
//! (each take opens the lock file anew, and the lock belongs to the open file).

use super::*;

/// Every entry of `dir` with its bytes and modification time, sorted by name.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>, std::time::SystemTime)> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("lists")
        .map(|entry| {
            let entry = entry.expect("entry");
            let metadata = entry.metadata().expect("metadata");
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).unwrap_or_default(), metadata.modified().expect("mtime"))
        })
        .collect();
    entries.sort();
    entries
}

#[test]
fn a_missing_folder_is_created_and_held_with_only_its_lock_file_left_in_it() {
    let temp = tempfile::tempdir().expect("temp dir");
    let folder = temp.path().join("new/data");
    let held = DataFolder::take(&folder).expect("taken");
    assert_eq!(held.path(), folder);
    let names: Vec<String> = contents(&folder).into_iter().map(|(name, ..)| name).collect();
    assert_eq!(names, [LOCK_FILE], "the probe file was removed");
}

#[test]
fn a_folder_already_held_is_refused_as_in_use_and_nothing_in_it_changes() {
    let temp = tempfile::tempdir().expect("temp dir");
    let held = DataFolder::take(temp.path()).expect("taken");
    std::fs::write(temp.path().join(store::PROGRESS_FILE), b"{}").expect("progress");
    std::fs::write(temp.path().join(".progress.json.1.0.tmp"), b"half").expect("a writer's temporary file");
    let before = contents(temp.path());
    let folder_time = std::fs::metadata(temp.path()).and_then(|m| m.modified()).expect("mtime");

    let refused = DataFolder::take(temp.path()).expect_err("held by the first");
    assert!(refused.is_in_use(), "{refused:?}");
    assert_eq!(refused.folder(), temp.path());
    let said = refused.to_string();
    assert!(said.contains("already open") && said.contains(&temp.path().display().to_string()), "{said}");
    assert_eq!(contents(temp.path()), before, "no file written, removed or touched");
    assert_eq!(std::fs::metadata(temp.path()).and_then(|m| m.modified()).expect("mtime"), folder_time);

    drop(held);
    DataFolder::take(temp.path()).expect("free once the first is dropped");
    assert!(!temp.path().join(".progress.json.1.0.tmp").exists(), "the leftover temporary file is removed");
    assert!(temp.path().join(store::PROGRESS_FILE).exists(), "the progress file stays");
}

#[test]
fn a_file_given_as_the_folder_or_on_its_path_is_reported_as_not_a_folder() {
    let temp = tempfile::tempdir().expect("temp dir");
    let file = temp.path().join("progress-here");
    std::fs::write(&file, b"not a folder").expect("file");
    for folder in [file.clone(), file.join("data")] {
        let error = DataFolder::take(&folder).expect_err("not a folder");
        assert_matches!(
            &error,
            DataFolderError::Unusable { problem: SaveCause::NotAFolder, .. },
            "{folder:?}: {error:?}"
        );
        let said = error.to_string();
        assert!(said.contains(&folder.display().to_string()) && said.contains("--data-dir"), "{said}");
    }
    assert_eq!(std::fs::read(&file).expect("still there"), b"not a folder");
}

#[test]
fn an_unusable_folder_is_said_with_its_cause_and_the_way_on() {
    let full = DataFolderError::Unusable {
        folder: PathBuf::from("/data"),
        problem: SaveCause::Full,
        cause: std::io::Error::from(ErrorKind::StorageFull),
    };
    assert!(full.to_string().contains("the disk is full") && full.to_string().contains("free some space"), "{full}");
}
