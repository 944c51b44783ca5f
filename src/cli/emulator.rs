//! `bankfeeds-onboard emulator`: serves the emulator alone until interrupted.
