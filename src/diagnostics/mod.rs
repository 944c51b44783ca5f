//! What helpdesk staff and QA testers read to see what happened: the event timeline (`timeline`), the exports of a
//! session (a HAR 1.2 file of its exchanges, a Markdown transcript of its timeline, a support bundle), and where they
//! are written. Everything here is already redacted or built from redacted parts; nothing here draws.

pub mod timeline;

pub use timeline::{EntryKind, Timeline, TimelineEntry};
