//! The command-line subcommands beside the wizard: `emulator` serves the emulator alone, `sign` prints an
//! X-Signature. Each owns its arguments (clap) and a `run` that `main.rs` calls.

pub mod emulator;
pub mod emulator_settings;
pub mod sign;
