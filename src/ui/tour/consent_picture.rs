//! The tour's browser: instead of the person's browser, a headless Chromium opens the aggregator's consent page and
//! saves a picture of it, so the README shows the page the wizard sends people to. Only the screenshot tour uses it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use url::Url;

use crate::browser::{BrowserError, BrowserOpener};

/// The environment variable naming the Chromium to use; Debian's `/usr/bin/chromium` when unset.
pub const CHROMIUM_VAR: &str = "BANKFEEDS_TOUR_CHROMIUM";

/// The picture of the consent page, in the tour's folder.
pub const CONSENT_PICTURE: &str = "11-consent-page.png";

/// The flags a headless Chromium needs on a machine with no display and a closed network, run as root: without the
/// background-networking ones it keeps trying Google's hosts.
pub const HEADLESS_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// The window size of the picture: the app window's width, tall enough for the whole page.
const WINDOW_SIZE: &str = "--window-size=1040,860";

/// Opens each address in a headless Chromium that saves a picture of the page and exits.
pub struct ConsentPicture {
    chromium: PathBuf,
    picture: PathBuf,
}

impl ConsentPicture {
    /// A browser that saves its picture as [`CONSENT_PICTURE`] in `dir`, with the Chromium of [`CHROMIUM_VAR`].
    #[must_use]
    pub fn new(dir: &Path) -> Self {
        let chromium = std::env::var_os(CHROMIUM_VAR).map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
        Self { chromium, picture: dir.join(CONSENT_PICTURE) }
    }
}

impl BrowserOpener for ConsentPicture {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        // A fresh profile of this process's own, removed afterwards.
        let profile = std::env::temp_dir().join(format!("bankfeeds-tour-chromium-{}", std::process::id()));
        let status = Command::new(&self.chromium)
            .args(HEADLESS_FLAGS)
            .args(["--hide-scrollbars", WINDOW_SIZE])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--screenshot={}", self.picture.display()))
            .arg(url.as_str())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| BrowserError::NoBrowser(format!("{} did not start: {error}", self.chromium.display())));
        let _ = std::fs::remove_dir_all(&profile);
        let status = status?;
        if status.success() {
            tracing::info!(path = %self.picture.display(), "tour picture of the consent page saved");
            Ok(())
        } else {
            Err(BrowserError::NoBrowser(format!("{} ended with {status}", self.chromium.display())))
        }
    }
}
