//! Opening web pages in the person's browser: which addresses may be opened ([`check_openable`]), the opener
//! trait, the system browser and a recorder for tests. Must not import egui, tokio or the wizard.
//!
//! Only `https` addresses are opened, and `http` ones on this computer (127.0.0.0/8, `::1`, `localhost`) for the
//! local emulator; an address with a user name or password is refused too (it can disguise the real host, as in
//! `https://yourbank.com@elsewhere.example`). [`open_checked`] checks before it calls any opener, so no opener ever
//! sees a refused address.

use std::sync::{Arc, Mutex, PoisonError};

use url::Url;

/// Why a web page was not opened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BrowserError {
    /// The address is not one this program opens.
    #[error("Did not open the {scheme}: address because {why}. Check where the address came from")]
    Refused {
        /// The address's scheme, like `javascript`.
        scheme: String,
        /// Why it was refused, as the middle of a sentence.
        why: &'static str,
    },
    /// No browser could be started; the address itself is fine.
    #[error("Could not start a web browser ({0}). Copy the address and open it in your browser")]
    NoBrowser(String),
}

/// Something that opens a web page, for the runtime to call. Implementations may block briefly (a browser is being
/// started): call them off the UI thread.
pub trait BrowserOpener: Send + Sync {
    /// Opens `url`; callers go through [`open_checked`] so the address is checked first.
    fn open(&self, url: &Url) -> Result<(), BrowserError>;
}

/// Refuses every address but `https` ones, and `http` ones on this computer (see the module's rules).
pub fn check_openable(url: &Url) -> Result<(), BrowserError> {
    let refuse = |why| Err(BrowserError::Refused { scheme: url.scheme().to_owned(), why });
    match url.scheme() {
        "https" => {}
        "http" if crate::config::is_loopback(url) => {}
        "http" => {
            return refuse("plain http is opened only on this computer (the local emulator), not across a network");
        }
        "javascript" => return refuse("it would run a script instead of opening a page"),
        "file" => return refuse("it would open a file of this computer instead of a web page"),
        "data" => return refuse("it carries its own content instead of naming a web page"),
        _ => return refuse("only web pages (https) are opened"),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return refuse("it has a user name or password in it, which can hide the real site");
    }
    Ok(())
}

/// Checks `url` with [`check_openable`] and, only if it may be opened, opens it with `opener`.
pub fn open_checked(opener: &dyn BrowserOpener, url: &Url) -> Result<(), BrowserError> {
    check_openable(url)?;
    opener.open(url)
}

/// The person's default browser, through the `webbrowser` crate; honours `$BROWSER`. Starting it may block for a
/// moment (or, for a text-mode browser named in `$BROWSER`, until it exits): run it off the UI thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemBrowser;

impl BrowserOpener for SystemBrowser {
    /// Checks the address again (the browser is the last line) and opens it.
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        check_openable(url)?;
        webbrowser::open(url.as_str()).map_err(|error| BrowserError::NoBrowser(error.to_string()))
    }
}

/// What a [`RecordingBrowser`] does with each address, besides recording it.
type OnOpen = Arc<dyn Fn(&Url) + Send + Sync>;

/// An opener for tests and headless runs: records each address instead of opening it, optionally runs a callback
/// for each (to "visit" the page over HTTP, say), and can act as a machine without a browser.
#[derive(Clone, Default)]
pub struct RecordingBrowser {
    opened: Arc<Mutex<Vec<Url>>>,
    on_open: Option<OnOpen>,
    no_browser: Option<String>,
}

impl RecordingBrowser {
    /// A recorder that only records.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A recorder that also calls `on_open` with each address, on the caller's thread, after recording it.
    #[must_use]
    pub fn with_callback(on_open: impl Fn(&Url) + Send + Sync + 'static) -> Self {
        Self { on_open: Some(Arc::new(on_open)), ..Self::default() }
    }

    /// A recorder that records each address, then fails as if no browser could be started, with `reason`.
    #[must_use]
    pub fn without_browser(reason: &str) -> Self {
        Self { no_browser: Some(reason.to_owned()), ..Self::default() }
    }

    /// The addresses asked for so far, first first. Clones share the record.
    #[must_use]
    pub fn opened(&self) -> Vec<Url> {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl BrowserOpener for RecordingBrowser {
    fn open(&self, url: &Url) -> Result<(), BrowserError> {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner).push(url.clone());
        if let Some(on_open) = &self.on_open {
            on_open(url);
        }
        match &self.no_browser {
            Some(reason) => Err(BrowserError::NoBrowser(reason.clone())),
            None => Ok(()),
        }
    }
}

impl std::fmt::Debug for RecordingBrowser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordingBrowser")
            .field("opened", &self.opened())
            .field("on_open", &self.on_open.is_some())
            .field("no_browser", &self.no_browser)
            .finish()
    }
}

#[cfg(test)]
mod tests;
