//! Generated WARC files read back: every record accounted for, with the right offset and content.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

use std::io::{Cursor, Write};
use std::path::Path;

use scrutiny_warc::testdata::{self, Compression, Expect, TestRecord};
use scrutiny_warc::{Item, Prefilter, SkipReason, Stats, read, read_from};

fn gazetteer() -> Prefilter {
    let csv =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/reference/local_authorities.csv");
    let text = std::fs::read_to_string(csv).unwrap();
    Prefilter::from_gazetteer_csv(&text).unwrap()
}

fn read_all(path: &Path, prefilter: Option<&Prefilter>) -> (Vec<Item>, Stats) {
    let mut items = Vec::new();
    let stats = read(path, prefilter, &mut |i| items.push(i)).unwrap();
    (items, stats)
}

fn offset(item: &Item) -> u64 {
    match item {
        Item::Doc(d) => d.offset,
        Item::Skipped { offset, .. } | Item::Corrupt { offset, .. } => *offset,
    }
}

/// Checks one item per record, at the record's offset, as the record expects.
fn check(records: &[TestRecord], offsets: &[u64], items: &[Item], prefilter: bool) {
    assert_eq!(
        items.len(),
        records.len(),
        "one item per record: {items:#?}"
    );
    for ((record, &at), item) in records.iter().zip(offsets).zip(items) {
        assert_eq!(offset(item), at, "offset of {:?}", record.uri);
        match (&record.expect, item) {
            (Expect::Doc { on_topic }, Item::Doc(doc)) => {
                assert!(
                    *on_topic || !prefilter,
                    "{:?} should be prefiltered",
                    record.uri
                );
                assert_eq!(doc.bytes, record.body);
                assert_eq!(doc.uri, record.uri);
                assert_eq!(doc.content_type, record.content_type);
                assert_eq!(
                    doc.date.map(|d| d.to_string()),
                    Some(record.date[..10].to_owned())
                );
            }
            (
                Expect::Doc { on_topic: false },
                Item::Skipped {
                    why: SkipReason::Prefiltered,
                    ..
                },
            ) => {
                assert!(prefilter)
            }
            (Expect::Skipped(want), Item::Skipped { why, .. }) => assert_eq!(want, why),
            (Expect::Corrupt, Item::Corrupt { .. }) => {}
            (want, got) => panic!("{:?}: expected {want:?}, got {got:?}", record.uri),
        }
    }
}

#[test]
fn every_compression_round_trips_with_and_without_the_prefilter() {
    let dir = tempfile::tempdir().unwrap();
    let p = gazetteer();
    for (compression, name) in [
        (Compression::Gzip, "a.warc.gz"),
        (Compression::Zstd, "a.warc.zst"),
        (Compression::None, "a.warc"),
    ] {
        // The cut record is in the middle: in a plain file its block swallows the start of
        // the records after it, which must still be read.
        let records = testdata::sample_records(30, 11);
        let cut = records.iter().position(|r| r.truncated).unwrap();
        assert!(cut > 0 && cut + 2 < records.len());
        let path = dir.path().join(name);
        let offsets = testdata::write(&path, &records, compression).unwrap();
        let (items, stats) = read_all(&path, None);
        check(&records, &offsets, &items, false);
        let (items, pstats) = read_all(&path, Some(&p));
        check(&records, &offsets, &items, true);

        let docs = records
            .iter()
            .filter(|r| matches!(r.expect, Expect::Doc { .. }))
            .count() as u64;
        let on_topic = records
            .iter()
            .filter(|r| r.expect == Expect::Doc { on_topic: true })
            .count() as u64;
        assert_eq!(stats.kept, docs, "{name}");
        assert_eq!(pstats.kept, on_topic, "{name}");
        assert_eq!(pstats.prefiltered, docs - on_topic, "{name}");
        assert!(on_topic > 0 && docs > on_topic);
        assert_eq!(stats.corrupt, 1, "{name}");
        assert_eq!(stats.records, records.len() as u64, "{name}");
        assert_eq!(
            stats.records,
            stats.kept + stats.skipped() + stats.corrupt,
            "{name}"
        );
        assert_eq!(
            stats.bytes_in,
            std::fs::metadata(&path).unwrap().len(),
            "{name}"
        );
        assert_eq!(pstats.html, stats.html);
    }
}

#[test]
fn windows_1252_page_keeps_its_bytes_and_charset() {
    let dir = tempfile::tempdir().unwrap();
    let records = testdata::sample_records(10, 3);
    let path = dir.path().join("cp.warc.gz");
    testdata::write_warc_gz(&path, &records).unwrap();
    let (items, _) = read_all(&path, None);
    let doc = items
        .iter()
        .find_map(|i| match i {
            Item::Doc(d) if d.charset() == Some("windows-1252") => Some(d),
            _ => None,
        })
        .expect("a windows-1252 page");
    assert!(doc.bytes.contains(&0x92) && doc.bytes.contains(&0xa3));
    assert!(std::str::from_utf8(&doc.bytes).is_err());
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn items_of(bytes: Vec<u8>) -> (Vec<Item>, Stats) {
    let mut items = Vec::new();
    let stats = read_from(Cursor::new(bytes), None, &mut |i| items.push(i));
    (items, stats)
}

fn html(i: usize) -> TestRecord {
    let body = format!("<html><body><p>page {i}</p></body></html>").into_bytes();
    TestRecord::response(
        &format!("https://e.org/{i}"),
        "2024-01-02T03:04:05Z",
        200,
        "text/html",
        body,
        false,
    )
}

#[test]
fn garbage_between_gzip_members_is_one_corrupt_item_and_reading_goes_on() {
    let a = gz(&html(0).to_bytes(0));
    let b = gz(&html(1).to_bytes(1));
    let mut file = a.clone();
    let junk = b"\x00\x01junk that is not gzip";
    file.extend_from_slice(junk);
    file.extend_from_slice(&b);
    let (items, stats) = items_of(file);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[1], Item::Corrupt { offset, .. } if *offset == a.len() as u64));
    assert!(matches!(&items[2], Item::Doc(d) if d.offset == (a.len() + junk.len()) as u64));
    assert_eq!((stats.kept, stats.corrupt), (2, 1));
}

#[test]
fn a_member_cut_in_the_middle_of_the_file_costs_that_record_only() {
    let a = gz(&html(0).to_bytes(0));
    let b = gz(&html(1).to_bytes(1));
    let c = gz(&html(2).to_bytes(2));
    let mut file = a.clone();
    file.extend_from_slice(&b[..b.len() - 12]);
    file.extend_from_slice(&c);
    let (items, _) = items_of(file);
    let kinds: Vec<_> = items
        .iter()
        .map(|i| (offset(i), matches!(i, Item::Doc(_))))
        .collect();
    let c_at = (a.len() + b.len() - 12) as u64;
    assert_eq!(
        kinds,
        vec![(0, true), (a.len() as u64, false), (c_at, true)],
        "{items:?}"
    );
}

#[test]
fn plain_garbage_and_bad_lengths_resynchronise_on_the_next_record() {
    let mut file = html(0).to_bytes(0);
    let second_at = file.len() as u64;
    file.extend_from_slice(b"garbage line\r\nmore garbage\r\n");
    let third_at = file.len() as u64;
    file.extend_from_slice(&html(2).to_bytes(2));
    // A Content-Length that is too short leaves the rest of the block as garbage.
    let mut short = html(3).to_bytes(3);
    let text = String::from_utf8(short.clone()).unwrap();
    let len = html(3).block.len();
    short = text
        .replacen(
            &format!("Content-Length: {len}\r\n"),
            "Content-Length: 30\r\n",
            1,
        )
        .into_bytes();
    let fourth_at = file.len() as u64;
    file.extend_from_slice(&short);
    let fifth_at = file.len() as u64;
    file.extend_from_slice(&html(5).to_bytes(5));
    let (items, stats) = items_of(file);
    let got: Vec<_> = items
        .iter()
        .map(|i| {
            (
                offset(i),
                match i {
                    Item::Doc(_) => "doc",
                    Item::Skipped { .. } => "skip",
                    Item::Corrupt { .. } => "corrupt",
                },
            )
        })
        .collect();
    assert_eq!(got[0], (0, "doc"));
    assert_eq!(got[1], (second_at, "corrupt"));
    assert_eq!(got[2], (third_at, "doc"));
    // The short record's block has no complete HTTP header, then its tail is garbage.
    assert_eq!(got[3], (fourth_at, "corrupt"));
    assert_eq!(got[4].1, "corrupt");
    assert_eq!(got[5], (fifth_at, "doc"));
    assert_eq!(got.len(), 6);
    assert_eq!(stats.kept, 3);
}

#[test]
fn one_gzip_stream_for_the_whole_file_gives_decompressed_offsets() {
    let mut raw = html(0).to_bytes(0);
    let second = raw.len() as u64;
    raw.extend_from_slice(&html(1).to_bytes(1));
    let (items, _) = items_of(gz(&raw));
    let offsets: Vec<_> = items.iter().map(offset).collect();
    assert_eq!(offsets, vec![0, second]);
}

#[test]
fn zstd_with_a_dictionary_frame_is_read() {
    let records: Vec<_> = (0..4).map(html).collect();
    let samples: Vec<Vec<u8>> = (0..40).map(|i| html(i).to_bytes(i)).collect();
    let dict = zstd::dict::from_samples(&samples, 4096).unwrap();
    let mut file = Vec::new();
    file.extend_from_slice(&0x184d_2a5du32.to_le_bytes());
    file.extend_from_slice(&(dict.len() as u32).to_le_bytes());
    file.extend_from_slice(&dict);
    let mut offsets = Vec::new();
    for (i, r) in records.iter().enumerate() {
        offsets.push(file.len() as u64);
        let mut e = zstd::stream::Encoder::with_dictionary(Vec::new(), 3, &dict).unwrap();
        e.write_all(&r.to_bytes(i)).unwrap();
        file.extend_from_slice(&e.finish().unwrap());
    }
    let (items, stats) = items_of(file);
    assert_eq!(items.iter().map(offset).collect::<Vec<_>>(), offsets);
    assert_eq!(stats.kept, 4);
}

#[test]
fn a_missing_file_is_the_only_error() {
    let err = read(Path::new("/nonexistent/x.warc.gz"), None, &mut |_| {}).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Cannot open WARC file `/nonexistent/x.warc.gz`")
    );
    let (items, stats) = items_of(Vec::new());
    assert!(items.is_empty());
    assert_eq!(stats, Stats::default());
}
