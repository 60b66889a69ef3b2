//! Input listing under hostile names and file kinds: every input ends as an article or a
//! reject (inputs = articles + rejects), whatever it is called and whatever it is.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{root, stderr};

/// `scrutiny run` of the built-in pipeline over `inputs` into `dir/out`, stopped after a minute.
fn run(dir: &Path, inputs: &[&str]) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrutiny"));
    c.current_dir(dir)
        .args(["run", "--out", "out", "--quiet", "--no-cache"]);
    for i in inputs {
        c.args(["--input", i]);
    }
    common::output_within(c, Duration::from_secs(60))
}

fn counts(dir: &Path) -> (u64, u64, u64) {
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/run.json")).unwrap()).unwrap();
    let n = |k: &str| run[k].as_u64().unwrap();
    (n("inputs"), n("articles"), n("rejects"))
}

fn page() -> Vec<u8> {
    std::fs::read(root().join("data/bad/good-page.txt")).unwrap()
}

#[test]
fn a_name_that_is_not_utf8_is_read_by_folder_and_by_glob() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    for name in [&b"a.txt"[..], b"b\xff.txt", b"b\xfe.txt", b"c.txt"] {
        std::fs::write(pages.join(OsStr::from_bytes(name)), page()).unwrap();
    }
    for input in ["pages", "pages/*.txt"] {
        let o = run(tmp.path(), &[input]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(counts(tmp.path()), (4, 4, 0), "{input}");
        let articles = std::fs::read_to_string(tmp.path().join("out/articles.jsonl")).unwrap();
        assert!(
            articles.contains(r#""path":"pages/b\\xff.txt""#),
            "{articles}"
        );
    }
}

#[test]
fn a_path_given_literally_is_read_literally() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a[1].txt"), page()).unwrap();
    let o = run(tmp.path(), &["a[1].txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(counts(tmp.path()), (1, 1, 0));
}

/// A named pipe and a device, each under a page's name and a WARC file's name, are rejected
/// as not regular files: never waited on, never read forever.
#[test]
fn only_regular_files_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let pages = tmp.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("good.txt"), page()).unwrap();
    for name in ["pipe.txt", "pipe.warc"] {
        let made = Command::new("mkfifo").arg(pages.join(name)).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo {name}");
    }
    std::os::unix::fs::symlink("/dev/zero", pages.join("zero.warc")).unwrap();
    std::os::unix::fs::symlink("/dev/null", pages.join("null.txt")).unwrap();
    let o = run(tmp.path(), &["pages"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(counts(tmp.path()), (5, 1, 4));
    let rejects = std::fs::read_to_string(tmp.path().join("out/rejects.jsonl")).unwrap();
    assert_eq!(
        rejects.matches("not a regular file").count(),
        4,
        "{rejects}"
    );
}

/// Two WARC files with one name in two folders: every record of both is an article, each
/// with an id of its own.
#[test]
fn same_named_warc_files_in_two_folders_do_not_collide() {
    let tmp = tempfile::tempdir().unwrap();
    for folder in ["a", "b"] {
        std::fs::create_dir(tmp.path().join(folder)).unwrap();
        let records = scrutiny_warc::testdata::sample_records(4, 7);
        scrutiny_warc::testdata::write_warc_gz(
            &tmp.path().join(folder).join("crawl.warc.gz"),
            &records,
        )
        .unwrap();
    }
    let o = run(tmp.path(), &["a", "b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let (inputs, articles, rejects) = counts(tmp.path());
    assert_eq!(inputs, articles + rejects);
    assert!(articles >= 2 && articles % 2 == 0, "{articles}");
    let ids: std::collections::BTreeSet<String> =
        std::fs::read_to_string(tmp.path().join("out/articles.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
            .collect();
    assert_eq!(ids.len() as u64, articles);
}
