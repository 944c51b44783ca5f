//! Fuzz target: the client's reading of an answer with `Decoder::BankAccount` (see `checks::check` for the properties).
#![no_main]

use bankfeeds_onboard::api::decode::checks::{Decoder, check};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = check(Decoder::BankAccount, data) {
        panic!("{violation}");
    }
});
