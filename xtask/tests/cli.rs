//! The `cargo xtask` command line: every task answers `--help`, usage errors exit 2, and
//! outputs go to cargo's target folder wherever `CARGO_TARGET_DIR` puts it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::process::{Command, Output};

const TASKS: [&str; 8] = [
    "ingest",
    "eval",
    "eval-html",
    "export",
    "new-source",
    "gen-corpus",
    "bench",
    "scale-test",
];

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn every_task_answers_help() {
    let o = xtask(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    for task in TASKS {
        assert!(help.contains(&format!("  {task} ")), "{task}: {help}");
        let o = xtask(&[task, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{task}");
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            help.contains(&format!("Usage: cargo xtask {task}")),
            "{help}"
        );
    }
}

#[test]
fn usage_errors_exit_2_with_the_usage() {
    let cases: [&[&str]; 9] = [
        &[],
        &["frobnicate"],
        &["ingest", "--threads", "0"],
        &["gen-corpus"],
        &["gen-corpus", "ten"],
        &["bench", "--corpus", "html"],
        &["export", "--format", "xml"],
        &["new-source", "Bad-Name"],
        &["bench", "--sizes", "0"],
    ];
    for args in cases {
        let o = xtask(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8_lossy(&o.stderr);
        // No task at all prints the help; anything else says what is wrong and where to look.
        let said = text.starts_with("error: ") && text.contains("'--help'");
        assert!(
            said || text.contains("Usage: cargo xtask"),
            "{args:?}: {text}"
        );
    }
}

#[test]
fn outputs_follow_cargo_target_dir() {
    let target = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .env("CARGO_TARGET_DIR", target.path())
        .args(["gen-corpus", "3"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pages = std::fs::read_dir(target.path().join("corpus/pages")).unwrap();
    assert_eq!(pages.count(), 6, "3 pages and their sidecars");
}
