//! A real full disk for tests: a small tmpfs mounted on a temporary folder (root only), filled to the last byte and
//! freed again on demand. A test that mounts one is `#[ignore = "needs the right to mount a tmpfs …"]` (`scripts/test`
//! runs it where mounting is allowed), and fails saying why where `mount` is refused.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name of the file that fills the disk.
const FILLER: &str = "filler.bin";

/// A mounted tmpfs, unmounted when dropped.
pub struct SmallDisk {
    mount_point: PathBuf,
    /// The temporary folder it is mounted on, when it made its own.
    owned_folder: Option<tempfile::TempDir>,
}

impl SmallDisk {
    /// A tmpfs of `kilobytes` mounted on a new temporary folder; fails the test, saying why, where mounting is
    /// refused.
    pub fn mount(kilobytes: u32) -> Self {
        let folder = tempfile::tempdir().expect("temp dir");
        let mut disk = Self::mount_on(folder.path(), &format!("size={kilobytes}k,mode=0700"));
        disk.owned_folder = Some(folder);
        disk
    }

    /// A tmpfs mounted on `dir` with mount `options` (`ro,size=1m`); fails the test, saying why, where mounting is
    /// refused.
    pub fn mount_on(dir: &Path, options: &str) -> Self {
        let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", options, "tmpfs"]).arg(dir).output();
        let output = mounted.expect("mount runs (util-linux)");
        assert!(
            output.status.success(),
            "this test needs to mount a small tmpfs and mount refused ({}): run it as root, where mounting is allowed",
            String::from_utf8_lossy(&output.stderr).trim()
        );
        Self { mount_point: dir.to_path_buf(), owned_folder: None }
    }

    /// The mounted folder.
    pub fn path(&self) -> &Path {
        &self.mount_point
    }

    /// Fills the disk until not one more byte fits, and keeps it so while a writer of the app replaces a file (a
    /// rename frees the old file's pages): topped up until a small write fails twice, a moment apart.
    pub fn fill(&self) {
        let mut file =
            std::fs::OpenOptions::new().create(true).append(true).open(self.filler()).expect("the filler opens");
        let page = [0u8; 4096];
        let mut full_in_a_row = 0;
        for _ in 0..100 {
            while file.write_all(&page).and_then(|()| file.flush()).is_ok() {}
            while file.write_all(&[0]).and_then(|()| file.flush()).is_ok() {}
            // What the page cache still held counts once synced; whatever the sync says, the disk is as full as it
            // gets.
            file.sync_all().ok();
            full_in_a_row = if self.one_more_fits() { 0 } else { full_in_a_row + 1 };
            if full_in_a_row == 2 {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("the disk could not be kept full");
    }

    fn one_more_fits(&self) -> bool {
        let spare = self.path().join("spare-probe");
        let fits = std::fs::write(&spare, [1u8; 64]).is_ok();
        std::fs::remove_file(&spare).ok();
        fits
    }

    /// Frees the disk again.
    pub fn free(&self) {
        std::fs::remove_file(self.filler()).expect("the filler is removed");
    }

    fn filler(&self) -> PathBuf {
        self.path().join(FILLER)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: a runtime thread may still hold a file there for a moment.
        let unmounted = Command::new("umount").arg("-l").arg(&self.mount_point).status();
        if !unmounted.is_ok_and(|status| status.success()) {
            eprintln!("the test tmpfs at {} could not be unmounted", self.mount_point.display());
        }
    }
}
