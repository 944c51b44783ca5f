//! The typed client of the Banking Service and the Token Service (CONTRACT.md), and the wire types it shares with
//! the emulator. Knows nothing of the wizard or the UI.

pub mod assumed;
pub mod error;
pub mod ids;
pub mod models;
pub mod redacted;
pub mod signing;
