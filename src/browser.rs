//! Placeholder of the browser module until its branch lands.

use std::sync::{Arc, Mutex};

use url::Url;

/// Why a URL was not opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    /// The URL is not one this app opens.
    #[error("refused: {0}")]
    Refused(String),
    /// No browser could be started.
    #[error("no browser could be started: {0}")]
    NoBrowser(String),
}

/// Opens URLs.
pub trait BrowserOpener: Send + Sync {
    /// Opens `url`.
    fn open(&self, url: &Url) -> Result<(), BrowserError>;
}

/// Checks a URL may be opened.
pub fn check_openable(url: &Url) -> Result<(), BrowserError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if url.host_str().is_some_and(|h| h == "127.0.0.1" || h == "localhost") => Ok(()),
        other => Err(BrowserError::Refused(other.to_owned())),
    }
}

/// Checks, then opens.
pub fn open_checked(opener: &dyn BrowserOpener, url: &Url) -> Result<(), BrowserError> {
    check_openable(url)?;
    opener.open(url)
}

/// The system browser.
#[derive(Debug, Default)]
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    fn open(&self, _url: &Url) -> Result<(), BrowserError> {
        Err(BrowserError::NoBrowser("placeholder".into()))
    }
}

/// Records URLs.
#[derive(Clone, Default)]
pub struct RecordingBrowser {
    /// The URLs.
    pub opened: Arc<Mutex<Vec<Url>>>,
}

impl BrowserOpener for RecordingBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        self.opened.lock().map_err(|_| BrowserError::NoBrowser("poisoned".into()))?.push(url.clone());
        Ok(())
    }
}
