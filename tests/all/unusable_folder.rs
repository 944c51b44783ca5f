//! An unusable data folder is reported before anything else, by the real binary: `--data-dir` naming a regular file,
//! a read-only folder and a full disk each end `headless` at once with a sentence naming the folder, the cause and a
//! way on; the window shows the same in its dialog (under Xvfb). The read-only and full folders are tmpfs mounts
//! (root may write through permission bits). The tmpfs and window tests are ignored by a plain `cargo test`;
//! `scripts/test` runs each where mounting is allowed and where Xvfb is installed.

use std::path::Path;

use crate::full_disk::SmallDisk;
use crate::real_binary::{headless, window_first_frame};

/// Runs `headless` on `data_dir` and returns its standard error, checking it failed at once and walked nothing.
fn refused_headless(data_dir: &Path) -> String {
    let output = headless(data_dir, &[]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty(), "it walked: {}", String::from_utf8_lossy(&output.stdout));
    assert!(stderr.contains(&format!("the data folder {} cannot be used", data_dir.display())), "{stderr}");
    assert!(stderr.contains("--data-dir"), "a way on: {stderr}");
    stderr
}

#[test]
fn a_data_dir_naming_a_regular_file_is_reported_as_not_a_folder_and_the_file_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("data");
    std::fs::write(&file, b"someone's notes").expect("file");
    let stderr = refused_headless(&file);
    assert!(stderr.contains("is a file") && stderr.contains("move that file away"), "{stderr}");
    assert_eq!(std::fs::read(&file).expect("still there"), b"someone's notes");
    let under = refused_headless(&file.join("inside"));
    assert!(under.contains("is a file"), "{under}");
}

#[test]
#[ignore = "needs the right to mount a tmpfs (root); scripts/test runs it where mount is allowed"]
fn a_read_only_data_folder_is_reported_as_read_only_before_anything_starts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    std::fs::create_dir(&data_dir).expect("folder");
    let _mounted = SmallDisk::mount_on(&data_dir, "ro,size=1m");
    let stderr = refused_headless(&data_dir);
    assert!(stderr.contains("read-only") && stderr.contains("make the folder writable"), "{stderr}");
}

#[test]
#[ignore = "needs the right to mount a tmpfs (root); scripts/test runs it where mount is allowed"]
fn a_data_folder_on_a_full_disk_is_reported_as_full_with_the_systems_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().join("data");
    std::fs::create_dir(&data_dir).expect("folder");
    let _mounted = SmallDisk::mount_on(&data_dir, "size=200k");
    std::fs::write(data_dir.join(bankfeeds_onboard::data_folder::LOCK_FILE), b"").expect("the lock file fits");
    let filler = std::fs::write(data_dir.join("filler"), vec![0_u8; 400 * 1024]);
    assert!(filler.is_err(), "the 200 KiB disk is full now");
    let names = || std::fs::read_dir(&data_dir).expect("lists").count();
    let before = names();
    let stderr = refused_headless(&data_dir);
    assert!(stderr.contains("the disk is full") && stderr.contains("free some space"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "the system's words: {stderr}");
    assert_eq!(names(), before, "the probe file was removed");
}

#[test]
#[ignore = "needs xvfb-run and xauth (Debian: xvfb, xauth); scripts/test runs it where they are installed"]
fn the_window_on_an_unusable_folder_shows_its_dialog_and_ends_with_a_failure() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("data");
    std::fs::write(&file, b"not a folder").expect("file");
    let (output, took) = window_first_frame(&file);
    eprintln!("the window's dialog was drawn and closed in {took:?} (Xvfb's start included)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("the data folder {} cannot be used", file.display())), "{stderr}");
    assert!(stderr.contains("first frame: the data folder dialog was drawn"), "the dialog was shown: {stderr}");
}
