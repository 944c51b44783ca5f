//! The Export window's save dialog through a real D-Bus: a private `dbus-daemon` (with no services to start, so no real
//! portal of this machine is ever started) and a stand-in for the XDG desktop portal's `FileChooser` on it, which answers
//! `SaveFile` through its request object's `Response` signal, as xdg-desktop-portal does. A file chosen there receives the
//! export; a cancelled dialog writes nothing anywhere; a bus with no portal sends the export into the folder typed.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use egui_kittest::kittest::Queryable as _;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use bankfeeds_onboard::folder_opener::RecordingFolderOpener;
use bankfeeds_onboard::save_dialog::portal::PortalSaveDialog;

use crate::exports_ui::save;
use crate::save_dialog_ui::{export_window, type_folder};
use crate::support::{self, eventually, press};

const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const DEFAULT_SIZE: [f32; 2] = [1040.0, 780.0];

/// A session bus of the test's own, configured with no service folders: nothing is started on demand.
struct PrivateBus {
    daemon: Child,
    address: String,
    _config: tempfile::TempDir,
}

impl PrivateBus {
    fn start() -> Self {
        support::require_tools(&["dbus-daemon"], "install dbus (apt install dbus)");
        let config = tempfile::tempdir().expect("temp dir");
        let file = config.path().join("bus.conf");
        let text = format!(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
             \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig><type>session</type>\
             <listen>unix:dir={}</listen><auth>EXTERNAL</auth><policy context=\"default\">\
             <allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy>\
             </busconfig>",
            config.path().display()
        );
        std::fs::write(&file, text).expect("the bus's configuration");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", file.display()))
            .args(["--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon starts");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("its output")).read_line(&mut address).expect("its address");
        Self { daemon, address: address.trim().to_owned(), _config: config }
    }

    fn connect(&self) -> zbus::blocking::connection::Builder<'static> {
        zbus::blocking::connection::Builder::address(self.address.as_str()).expect("an address")
    }

    /// The app's save dialog: the portal client on this bus.
    fn save_dialog(&self) -> Arc<PortalSaveDialog> {
        Arc::new(PortalSaveDialog::on(self.connect().build().expect("the app's connection")))
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        drop(self.daemon.kill());
        drop(self.daemon.wait());
    }
}

/// What `SaveFile` was asked: the parent window, the title and the options.
type Asked = Arc<Mutex<Vec<(String, String, HashMap<String, OwnedValue>)>>>;

/// The portal's `FileChooser`: answers every `SaveFile` with `code` and, when given, the file `chosen`.
struct StandInFileChooser {
    code: u32,
    chosen: Option<PathBuf>,
    asked: Asked,
}

#[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
impl StandInFileChooser {
    /// Returns the request's path at once and sends its `Response` a moment later, as the portal does.
    #[expect(clippy::needless_pass_by_value, reason = "zbus hands the header over by value")]
    fn save_file(
        &self,
        #[zbus(header)] header: zbus::message::Header<'_>,
        #[zbus(connection)] connection: &zbus::Connection,
        parent_window: &str,
        title: &str,
        options: HashMap<String, OwnedValue>,
    ) -> zbus::fdo::Result<OwnedObjectPath> {
        let sender = header.sender().map(|name| name.trim_start_matches(':').replace('.', "_")).unwrap_or_default();
        let token = options.get("handle_token").and_then(|token| String::try_from(token.try_clone().ok()?).ok());
        let token = token.ok_or_else(|| zbus::fdo::Error::InvalidArgs("no handle_token".into()))?;
        let path = OwnedObjectPath::try_from(format!("{PORTAL_PATH}/request/{sender}/{token}")).expect("a path");
        self.asked.lock().unwrap_or_else(PoisonError::into_inner).push((
            parent_window.to_owned(),
            title.to_owned(),
            options,
        ));
        let mut results = HashMap::<&str, Value<'static>>::new();
        if let Some(chosen) = &self.chosen {
            let uri = url::Url::from_file_path(chosen).expect("an absolute path").to_string();
            results.insert("uris", Value::from(vec![uri]));
        }
        let (connection, code, request) =
            (zbus::blocking::Connection::from(connection.clone()), self.code, path.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            let response = (code, results);
            connection
                .emit_signal(None::<()>, &request, "org.freedesktop.portal.Request", "Response", &response)
                .expect("the Response sent");
        });
        Ok(path)
    }
}

/// Serves a `FileChooser` answering `code` (and `chosen`) as the portal on `bus`; what it is asked.
fn portal(bus: &PrivateBus, code: u32, chosen: Option<PathBuf>) -> (zbus::blocking::Connection, Asked) {
    let asked = Asked::default();
    let chooser = StandInFileChooser { code, chosen, asked: Arc::clone(&asked) };
    let connection = bus
        .connect()
        .name(PORTAL)
        .expect("the portal's name")
        .serve_at(PORTAL_PATH, chooser)
        .expect("the portal's object")
        .build()
        .expect("the portal on the bus");
    (connection, asked)
}

/// The files in `folder`.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder).expect("listed").flatten().map(|entry| entry.path()).collect()
}

#[test]
#[ignore = "needs dbus-daemon"]
fn an_export_lands_at_the_file_chosen_in_the_portals_save_dialog() {
    let bus = PrivateBus::start();
    let elsewhere = tempfile::tempdir().expect("a folder");
    let chosen = elsewhere.path().join("session for support.har");
    let (_portal, asked) = portal(&bus, 0, Some(chosen.clone()));
    let folders = RecordingFolderOpener::new();
    let (mut harness, _data_dir) = export_window(Some(bus.save_dialog()), &folders, DEFAULT_SIZE);
    let typed = tempfile::tempdir().expect("a folder");
    type_folder(&mut harness, typed.path());

    press(&mut harness, "Save HAR file…");
    support::run_until_shown(&mut harness, "File");
    let har: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&chosen).expect("the file chosen")).expect("JSON");
    assert!(har["log"]["entries"].is_array(), "a HAR file: {har}");
    assert!(files_in(typed.path()).is_empty(), "nothing in the folder typed");
    assert!(harness.query_by_label_contains("was not available").is_none());

    let asked = asked.lock().unwrap_or_else(PoisonError::into_inner).clone();
    assert_eq!(asked.len(), 1);
    let (parent_window, title, options) = &asked[0];
    assert_eq!(title, "Save the HAR file");
    assert_eq!(parent_window, "", "no parent window is named (eframe does not export one to the portal)");
    let name = String::try_from(options["current_name"].try_clone().expect("a value")).expect("a name");
    let extension = Path::new(&name).extension().and_then(|extension| extension.to_str());
    assert!(name.starts_with("bankfeeds-session-") && extension == Some("har"), "{name}");
    let folder = Vec::<u8>::try_from(options["current_folder"].try_clone().expect("a value")).expect("bytes");
    let mut expected = typed.path().display().to_string().into_bytes();
    expected.push(0);
    assert_eq!(folder, expected, "the dialog opens in the folder typed, as NUL-ended bytes");

    press(&mut harness, "Open folder");
    eventually("Open folder", || (harness.step(), folders.opened().first().cloned()).1, String::new);
    assert_eq!(folders.opened(), vec![elsewhere.path().to_owned()]);
    harness.into_state().shutdown();
}

#[test]
#[ignore = "needs dbus-daemon"]
fn a_cancelled_portal_dialog_writes_nothing_and_says_only_not_saved() {
    let bus = PrivateBus::start();
    let (_portal, asked) = portal(&bus, 1, None);
    let (mut harness, _data_dir) = export_window(Some(bus.save_dialog()), &RecordingFolderOpener::new(), DEFAULT_SIZE);
    let typed = tempfile::tempdir().expect("a folder");
    type_folder(&mut harness, typed.path());

    press(&mut harness, "Save support bundle…");
    support::run_until_shown(
        &mut harness,
        "Not saved: the save dialog was closed without choosing a file for the support bundle",
    );
    assert_eq!(asked.lock().unwrap_or_else(PoisonError::into_inner).len(), 1);
    assert!(files_in(typed.path()).is_empty(), "nothing in the folder typed, which is where a fallback would write");
    assert!(harness.query_by_label_contains("was not saved").is_none(), "no error is said");
    assert!(harness.query_by_label_contains("was not available").is_none(), "nor a missing dialog");
    assert!(harness.query_by_label("Save HAR file…").is_some(), "the next save asks the dialog again");
    harness.into_state().shutdown();
}

#[test]
#[ignore = "needs dbus-daemon"]
fn on_a_bus_without_a_portal_the_export_goes_into_the_folder_typed_and_the_window_says_why() {
    let bus = PrivateBus::start();
    let (mut harness, _data_dir) = export_window(Some(bus.save_dialog()), &RecordingFolderOpener::new(), DEFAULT_SIZE);
    let typed = tempfile::tempdir().expect("a folder");
    type_folder(&mut harness, typed.path());

    let har = save(&mut harness, "Save HAR file…", typed.path(), "har");
    assert_eq!(har.parent(), Some(typed.path()));
    let said = "The system's save dialog was not available: no desktop portal (xdg-desktop-portal) answers";
    assert!(harness.query_by_label_contains(said).is_some(), "the window says why");
    harness.into_state().shutdown();
}
