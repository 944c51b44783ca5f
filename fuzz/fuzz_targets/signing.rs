//! Fuzz target: X-Signature built and verified from arbitrary parts (see `signing::checks::check`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = bankfeeds_onboard::api::signing::checks::check(data) {
        panic!("{violation}");
    }
});
