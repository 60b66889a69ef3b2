//! Property tests: arbitrary bytes, and valid files damaged at random, never panic or loop.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

use std::io::{Cursor, Write};

use proptest::prelude::*;
use scrutiny_warc::testdata::{self, TestRecord};
use scrutiny_warc::{Item, Prefilter, read_from};

fn sample(compression: u8) -> Vec<u8> {
    let records: Vec<TestRecord> = testdata::sample_records(6, 5);
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let raw = r.to_bytes(i);
        match compression % 3 {
            0 => out.extend_from_slice(&raw),
            1 => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                e.write_all(&raw).unwrap();
                out.extend_from_slice(&e.finish().unwrap());
            }
            _ => out.extend_from_slice(&zstd::stream::encode_all(&raw[..], 1).unwrap()),
        }
    }
    out
}

/// Reads and checks what must hold for any input: items are bounded by the input's size
/// and the counts agree with the items.
fn read_checked(bytes: Vec<u8>) {
    let len = bytes.len() as u64;
    let p = Prefilter::new(&["ofsted"]);
    let mut n = 0u64;
    let mut corrupt = 0u64;
    let stats = read_from(Cursor::new(bytes), Some(&p), &mut |i| {
        n += 1;
        corrupt += u64::from(matches!(i, Item::Corrupt { .. }));
    });
    assert!(n <= len + 1);
    assert_eq!(n, stats.kept + stats.skipped() + stats.corrupt);
    assert_eq!(corrupt, stats.corrupt);
    assert!(stats.bytes_in <= len);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        read_checked(bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_magic_never_panic(
        magic in 0u8..4,
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
    ) {
        let mut input = match magic {
            0 => b"WARC/1.0\r\n".to_vec(),
            1 => vec![0x1f, 0x8b, 0x08, 0x00],
            2 => vec![0x28, 0xb5, 0x2f, 0xfd],
            _ => vec![0x5d, 0x2a, 0x4d, 0x18, 0x10, 0, 0, 0],
        };
        input.extend_from_slice(&bytes);
        read_checked(input);
    }

    #[test]
    fn damaged_files_never_panic(
        compression in 0u8..3,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = sample(compression);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        let keep = cut.index(bytes.len() + 1);
        bytes.truncate(keep.max(bytes.len() / 2));
        read_checked(bytes);
    }
}
