//! What helpdesk staff and QA testers read to see what happened: the event timeline (`timeline`), the exports of a
//! session (a HAR 1.2 file of its exchanges, a Markdown transcript of its timeline, a support bundle with the
//! session's facts and recent log lines), and where they are written; the panic hook's crash report (`crash`).
//! Everything here is already redacted or built from redacted parts (the crash report is scrubbed); nothing here
//! draws.

pub mod bundle;
pub mod crash;
pub mod export;
pub mod facts;
pub mod har;
pub mod pretty_json;
pub mod recent_log;
pub mod timeline;
pub mod transcript;

pub use bundle::{BUNDLE_FILES, BundleError, support_bundle};
pub use export::{ExportError, ExportKind, default_export_folder, write_export};
pub use facts::SessionFacts;
pub use har::{Har, check_har_structure, har};
pub use pretty_json::pretty_json;
pub use recent_log::{LINES_KEPT, RecentLog, RecentLogWriter};
pub use timeline::{EntryKind, Timeline, TimelineEntry};
pub use transcript::transcript;
