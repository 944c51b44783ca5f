//! The command-line subcommands beside the wizard: `emulator` serves the emulator alone, `sign` prints an
//! X-Signature, `headless` walks the wizard without a window. Each owns its arguments (clap) and a `run` that
//! `main.rs` calls; `start_at` is the window's `--start-at`.

pub mod autopilot;
pub mod emulator;
pub mod emulator_settings;
pub mod headless;
pub mod service_roots;
pub mod sign;
pub mod start_at;
