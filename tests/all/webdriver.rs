//! Just enough of the W3C `WebDriver` protocol to drive Debian's headless Chromium through its chromedriver: start a
//! session, open a page, find an element by CSS selector, click it, read the page's text. Chromedriver and the browser
//! are started here and stopped when the [`Browser`] is dropped.

use std::net::TcpListener;
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};

use bankfeeds_onboard::ui::tour::HEADLESS_FLAGS;
use serde_json::{Value, json};

use crate::support::{eventually_async, on_path, require_tools};

/// The browser, found on `PATH` (Debian's `chromium` package).
pub const CHROMIUM: &str = "chromium";
/// Its driver, found on `PATH` (Debian's `chromium-driver` package).
pub const CHROMEDRIVER: &str = "chromedriver";

/// The key under which `WebDriver` answers an element's reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The browser window's size.
const WINDOW_SIZE: &str = "--window-size=1040,900";

/// Fails the test, saying what to install, unless Chromium and chromedriver are on `PATH`.
pub fn require_installed() {
    require_tools(&[CHROMIUM, CHROMEDRIVER], "install Debian's chromium and chromium-driver");
}

/// One headless Chromium session, with its chromedriver and a throwaway profile folder.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and a headless Chromium session on a fresh profile.
    pub async fn start() -> Result<Self, String> {
        let chromium = on_path(CHROMIUM).ok_or(format!("{CHROMIUM} is not on PATH"))?;
        let port = free_port()?;
        // A process group of its own, so the browsers it starts are stopped with it.
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{CHROMEDRIVER} did not start: {e}"))?;
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut browser = Self {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            session: String::new(),
            http: reqwest::Client::new(),
            profile,
        };
        browser.wait_until_ready().await;
        let mut args: Vec<String> = HEADLESS_FLAGS.iter().chain([&WINDOW_SIZE]).map(|&arg| arg.to_owned()).collect();
        args.push(format!("--user-data-dir={}", browser.profile.path().display()));
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium, "args": args },
        }}});
        let answer = browser.send(reqwest::Method::POST, "/session", Some(capabilities)).await?;
        answer["sessionId"].as_str().ok_or(format!("no session in {answer}"))?.clone_into(&mut browser.session);
        Ok(browser)
    }

    /// Opens `url` and waits for it to load.
    pub async fn open(&self, url: &str) -> Result<(), String> {
        self.command(reqwest::Method::POST, "/url", json!({ "url": url })).await.map(drop)
    }

    /// Clicks the first element matching the CSS `selector` (a form's submit button submits the form).
    pub async fn click(&self, selector: &str) -> Result<(), String> {
        let answer = self
            .command(reqwest::Method::POST, "/element", json!({ "using": "css selector", "value": selector }))
            .await?;
        let element = answer[ELEMENT_KEY].as_str().ok_or(format!("no element {selector}: {answer}"))?;
        self.command(reqwest::Method::POST, &format!("/element/{element}/click"), json!({})).await.map(drop)
    }

    /// The page's visible text.
    pub async fn text(&self) -> Result<String, String> {
        let answer = self
            .command(
                reqwest::Method::POST,
                "/execute/sync",
                json!({ "script": "return document.body.innerText", "args": [] }),
            )
            .await?;
        answer.as_str().map(str::to_owned).ok_or(format!("no text in {answer}"))
    }

    /// The page's visible text once it contains `needle` (a click's navigation may still be loading when the click
    /// returns); fails the test with the last text or error read when it does not within the tests' patience.
    pub async fn text_with(&self, needle: &str) -> String {
        let what = format!("the page's text to contain {needle:?}");
        eventually_async(&what, || async move {
            match self.text().await {
                Ok(text) if text.contains(needle) => Ok(text),
                other => Err(other),
            }
        })
        .await
    }

    /// The value of the form field `name`, as the browser would submit it.
    pub async fn field(&self, name: &str) -> Result<String, String> {
        let script = "const f = document.querySelector(`[name='${arguments[0]}']`); return f ? f.value : null";
        let answer =
            self.command(reqwest::Method::POST, "/execute/sync", json!({ "script": script, "args": [name] })).await?;
        answer.as_str().map(str::to_owned).ok_or(format!("no field {name}"))
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Value) -> Result<Value, String> {
        self.send(method, &format!("/session/{}{path}", self.session), Some(body)).await
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.map_err(|e| format!("chromedriver {path}: {e}"))?;
        let status = response.status();
        let answer: Value = response.json().await.map_err(|e| format!("chromedriver {path}: {e}"))?;
        if !status.is_success() {
            return Err(format!("chromedriver {path} answered {status}: {}", answer["value"]));
        }
        Ok(answer["value"].clone())
    }

    /// Waits for chromedriver to say it is ready; fails the test with its last answer when it does not within the
    /// tests' patience.
    async fn wait_until_ready(&self) {
        eventually_async("chromedriver to say it is ready", || async move {
            match self.send(reqwest::Method::GET, "/status", None).await {
                Ok(status) if status["ready"].as_bool() == Some(true) => Ok(()),
                other => Err(other),
            }
        })
        .await;
    }

    /// Ends the session (closing Chromium); the driver is stopped on drop.
    pub async fn quit(self) {
        let path = format!("/session/{}", self.session);
        let _ = self.send(reqwest::Method::DELETE, &path, None).await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The whole group: chromedriver and the Chromium processes it started.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.wait();
    }
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|address| address.port()).map_err(|e| e.to_string())
}
