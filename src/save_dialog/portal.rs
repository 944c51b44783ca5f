//! The XDG desktop portal's save dialog over D-Bus (zbus, blocking): `SaveFile` on
//! `org.freedesktop.portal.FileChooser` returns a request object, whose `Response` signal carries the person's answer.
//! The signal is subscribed to before the call, at the path the portal will use (from the connection's name and a
//! token of ours), so an answer that comes at once is not missed.

use std::collections::HashMap;
use std::os::unix::ffi::OsStrExt as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use zbus::blocking::{Connection, Proxy};
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use super::portal_response::answer_from_response;
use super::{SaveAnswer, SaveDialog, SaveRequest};

/// The portal's service and object, and the interfaces used.
const PORTAL: &str = "org.freedesktop.portal.Desktop";
const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
const FILE_CHOOSER: &str = "org.freedesktop.portal.FileChooser";
const REQUEST: &str = "org.freedesktop.portal.Request";

/// How long the portal may take to return a request (it may first be started by D-Bus); the person's answer after
/// that may take as long as they like.
const PORTAL_PATIENCE: Duration = Duration::from_secs(30);

/// Tells this process's requests apart.
static REQUESTS: AtomicU64 = AtomicU64::new(0);

/// Where the portal is reached.
#[derive(Debug)]
enum Bus {
    /// The session bus, connected for each request (so a portal started later is found), with [`PORTAL_PATIENCE`] for
    /// each call.
    Session,
    /// A given connection (tests use a private bus).
    Given(Connection),
}

/// The desktop portal's save dialog.
#[derive(Debug)]
pub struct PortalSaveDialog {
    bus: Bus,
}

impl PortalSaveDialog {
    /// The portal on the session bus.
    #[must_use]
    pub fn session() -> Self {
        Self { bus: Bus::Session }
    }

    /// The portal on the bus `connection` is connected to.
    #[must_use]
    pub fn on(connection: Connection) -> Self {
        Self { bus: Bus::Given(connection) }
    }
}

impl SaveDialog for PortalSaveDialog {
    fn ask(&self, request: &SaveRequest) -> SaveAnswer {
        let bus = match &self.bus {
            Bus::Session => match session() {
                Ok(bus) => bus,
                Err(error) => return SaveAnswer::Unavailable(format!("there is no D-Bus session bus ({error})")),
            },
            Bus::Given(bus) => bus.clone(),
        };
        ask_on(&bus, request).unwrap_or_else(|error| SaveAnswer::Unavailable(why_unavailable(&error)))
    }
}

/// A connection to the session bus whose calls wait at most [`PORTAL_PATIENCE`].
fn session() -> Result<Connection, zbus::Error> {
    zbus::blocking::connection::Builder::session()?.method_timeout(PORTAL_PATIENCE).build()
}

/// Asks the portal on `bus` and waits for its `Response`.
fn ask_on(bus: &Connection, request: &SaveRequest) -> Result<SaveAnswer, zbus::Error> {
    let token = format!("bankfeeds_{}_{}", std::process::id(), REQUESTS.fetch_add(1, Ordering::Relaxed));
    let expected = request_path(bus, &token)?;
    let mut responses = Proxy::new(bus, PORTAL, expected.clone(), REQUEST)?.receive_signal("Response")?;
    let file_chooser = Proxy::new(bus, PORTAL, PORTAL_PATH, FILE_CHOOSER)?;
    let handle: OwnedObjectPath =
        file_chooser.call("SaveFile", &("", request.title.as_str(), options(request, &token)))?;
    if handle != expected {
        // A portal older than version 0.9 chooses its own path.
        responses = Proxy::new(bus, PORTAL, handle, REQUEST)?.receive_signal("Response")?;
    }
    let response = responses.next().ok_or_else(|| zbus::Error::Failure("the bus closed before an answer".into()))?;
    let (code, results): (u32, HashMap<String, OwnedValue>) = response.body().deserialize()?;
    Ok(answer_from_response(code, &results))
}

/// The request object's path the portal uses for `token`: `/org/freedesktop/portal/desktop/request/SENDER/TOKEN`,
/// where SENDER is this connection's unique name without its `:` and with `_` for each `.`.
fn request_path(bus: &Connection, token: &str) -> Result<OwnedObjectPath, zbus::Error> {
    let name = bus.unique_name().ok_or_else(|| zbus::Error::Failure("the connection has no name".into()))?;
    let sender = name.trim_start_matches(':').replace('.', "_");
    Ok(OwnedObjectPath::try_from(format!("{PORTAL_PATH}/request/{sender}/{token}"))?)
}

/// `SaveFile`'s options: the token, the suggested name, the folder it opens in (bytes ending in a NUL) and the filter.
fn options<'a>(request: &'a SaveRequest, token: &'a str) -> HashMap<&'static str, Value<'a>> {
    let mut folder = request.folder.as_os_str().as_bytes().to_vec();
    folder.push(0);
    let filter = (request.file_type.name.as_str(), vec![(0_u32, request.file_type.pattern.as_str())]);
    HashMap::from([
        ("handle_token", Value::from(token)),
        ("current_name", Value::from(request.file_name.as_str())),
        ("current_folder", Value::from(folder)),
        ("filters", Value::from(vec![filter.clone()])),
        ("current_filter", Value::from(filter)),
    ])
}

/// Why the portal could not be asked, as the end of a sentence.
fn why_unavailable(error: &zbus::Error) -> String {
    if let zbus::Error::MethodError(name, _, _) = error {
        match name.as_str() {
            "org.freedesktop.DBus.Error.ServiceUnknown" | "org.freedesktop.DBus.Error.NameHasNoOwner" => {
                return "no desktop portal (xdg-desktop-portal) answers on the session bus".to_owned();
            }
            "org.freedesktop.DBus.Error.UnknownInterface"
            | "org.freedesktop.DBus.Error.UnknownMethod"
            | "org.freedesktop.DBus.Error.UnknownObject" => {
                return "the desktop portal has no file chooser (install xdg-desktop-portal-gtk or -kde)".to_owned();
            }
            _ => {}
        }
    }
    if let zbus::Error::InputOutput(io) = error
        && io.kind() == std::io::ErrorKind::TimedOut
    {
        return format!("the desktop portal did not answer within {} seconds", PORTAL_PATIENCE.as_secs());
    }
    format!("the desktop portal's file chooser failed ({error})")
}
