//! The pipeline definition loader on arbitrary text: an error with a position, never a panic
//! or a hang (aliases expanding out of control included).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(diagnostics) = scrutiny_pipeline::definition::parse(text, "fuzz.yaml", false) {
            for d in diagnostics {
                let _ = d.to_string();
            }
        }
    }
});
