//! The reader's decoder and HTML depth scan on arbitrary bytes: text or a reject, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny_core::Format;
use scrutiny_pipeline::read::{decode, nesting_depth};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Html] {
        if let Ok((text, _)) = decode(data, format) {
            let _ = nesting_depth(&text);
        }
    }
});
