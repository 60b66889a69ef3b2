//! The output folder: never where the inputs are read from, and one run at a time.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{root, stderr};

fn run(dir: &Path, input: &str, out: &str) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scrutiny"));
    c.current_dir(dir)
        .args(["run", "--input", input, "--out", out, "--quiet"]);
    common::output_within(c, Duration::from_secs(60))
}

fn with_page() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("pages")).unwrap();
    std::fs::copy(
        root().join("data/bad/good-page.txt"),
        tmp.path().join("pages/good.txt"),
    )
    .unwrap();
    tmp
}

#[test]
fn an_output_folder_an_input_reads_is_refused() {
    let tmp = with_page();
    for (input, out) in [
        ("pages", "pages/out"),
        ("pages/*", "pages/out"),
        (".", "out"),
    ] {
        let o = run(tmp.path(), input, out);
        assert_eq!(o.status.code(), Some(2), "{input} {out}: {}", stderr(&o));
        let expected = format!("The output folder `{out}` is inside the input `{input}`");
        assert!(stderr(&o).contains(&expected), "{}", stderr(&o));
        assert!(!tmp.path().join(out).join("run.json").exists());
    }
    // A glob that cannot match what a run writes leaves the folder free.
    let o = run(tmp.path(), "pages/*.txt", "pages/out");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A folder another process holds (here `flock`, as a running scrutiny would) is refused,
/// naming the holder.
#[test]
fn a_second_run_into_a_busy_folder_says_who_holds_it() {
    let tmp = with_page();
    std::fs::create_dir(tmp.path().join("out")).unwrap();
    let Ok(mut holder) = Command::new("flock")
        .current_dir(tmp.path())
        .args(["--no-fork", "-n", "out", "sleep", "30"])
        .spawn()
    else {
        eprintln!("skipped: no flock(1) here");
        return;
    };
    std::thread::sleep(Duration::from_millis(500));
    let o = run(tmp.path(), "pages", "out");
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("The output folder `out` is in use by process"),
        "{}",
        stderr(&o)
    );
    let o = run(tmp.path(), "pages", "out");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
