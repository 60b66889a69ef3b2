//! What a user reads: each message a first run can meet, its words and its exit code.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{root, stderr};

fn scrutiny(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("RUST_LOG")
        .args(args)
        .output()
        .unwrap()
}

/// A scratch folder with a copy of the bundled pages in `pages/`.
fn with_pages() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_files(&root().join("data/raw"), &dir.path().join("pages"));
    dir
}

#[test]
fn empty_input_warns_and_exits_1_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(dir.path().join("empty/orphan.meta.yaml"), "url: x\n").unwrap();
    let o = scrutiny(dir.path(), &["run", "--input", "empty", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "warning: No pages to read in `empty`: nothing was written (`--allow-empty` writes empty datasets)\n"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");

    let o = scrutiny(
        dir.path(),
        &["run", "--input", "empty", "--out", "out", "--allow-empty"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("out/articles.jsonl").is_file());
}

#[test]
fn an_output_path_that_is_a_file_is_named_with_the_cause() {
    let dir = with_pages();
    std::fs::write(dir.path().join("results"), "not a folder").unwrap();
    let o = scrutiny(dir.path(), &["run", "--input", "pages", "--out", "results"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "error: Cannot write into the output folder `results`: it is a file, not a folder\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("results")).unwrap(),
        "not a folder"
    );
}

/// A folder no one may create (under /sys, which refuses even root), and where the process is
/// not root, a folder it may not write.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_output_folder_is_named_with_the_cause() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_pages();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let mut folders = vec!["/sys/scrutiny-out".to_owned()];
    // Root writes into a 0555 folder all the same.
    if std::fs::write(locked.join("probe"), "").is_err() {
        folders.push("locked".to_owned());
    }
    for out in &folders {
        let o = scrutiny(dir.path(), &["run", "--input", "pages", "--out", out]);
        assert_eq!(o.status.code(), Some(1), "{out}: {}", stderr(&o));
        let prefix = format!("error: Cannot write into the output folder `{out}`: ");
        let text = stderr(&o);
        assert!(
            text.starts_with(&prefix) && text.contains("(os error"),
            "{out}: {text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn outputs_are_created_with_the_process_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_pages();
    let o = Command::new("sh")
        .current_dir(dir.path())
        .arg("-c")
        .arg("umask 022 && exec \"$0\" run --input pages --out out --quiet")
        .arg(env!("CARGO_BIN_EXE_scrutiny"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for entry in std::fs::read_dir(dir.path().join("out")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "{:?}", entry.file_name());
        }
    }
}

#[test]
fn the_summary_counts_in_words_and_ends_with_the_file_to_open() {
    let dir = with_pages();
    let o = scrutiny(
        dir.path(),
        &["run", "--input", "pages", "--out", "out", "--threads", "1"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stderr(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "built-in default pipeline (default): 5 inputs -> 5 articles, 0 rejects in "
        ) && lines[0].ends_with(" s on 1 thread"),
        "{text}"
    );
    let export = lines
        .iter()
        .find(|l| l.trim_start().starts_with("export"))
        .unwrap();
    assert!(
        export.contains("5 articles -> 13 dataset files"),
        "{export}"
    );
    assert!(
        lines.contains(&"  wrote 14 files to out/: 13 dataset files and run.json"),
        "{text}"
    );
    assert_eq!(
        lines.last().copied(),
        Some(
            "Open out/report.html first: every inspection on a timeline, with the sentences that report it."
        )
    );
    // Stages count what they take and give, not "5 in 13 out".
    assert!(!text.contains(" out "), "{text}");
}

#[test]
fn logs_carry_no_colour_codes_when_stderr_is_not_a_terminal() {
    let dir = with_pages();
    let o = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(dir.path())
        .env("RUST_LOG", "debug")
        .env_remove("NO_COLOR")
        .args(["run", "--input", "pages", "--out", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stderr(&o);
    assert!(text.contains("DEBUG"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn run_without_a_pipeline_needs_input_and_out() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["run"][..],
        &["run", "--input", "x"],
        &["run", "--out", "o"],
    ] {
        let o = scrutiny(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).starts_with(
                "error: without a PIPELINE, `scrutiny run` runs the built-in default pipeline, \
                 which needs --input PATH (the pages) and --out DIR (where the datasets go)\n\n\
                 Usage: scrutiny run [OPTIONS] [PIPELINE]\n"
            ),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn every_command_answers_help_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["run", "map", "reduce", "validate"] {
        let o = scrutiny(dir.path(), &[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{cmd}");
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(help.contains(&format!("Usage: scrutiny {cmd}")), "{help}");
        assert!(help.contains("Exit codes: 0 success"), "{help}");
        let o = scrutiny(dir.path(), &[cmd, "--frobnicate"]);
        assert_eq!(o.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&o).starts_with("error: unexpected argument '--frobnicate' found"),
            "{}",
            stderr(&o)
        );
    }
    let o = scrutiny(dir.path(), &["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let o = scrutiny(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn validate_lists_every_error_with_its_position_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "name: t\ninputs:\n  - nowhere\nsources:\n  - kind: bbcc\noutputs:\n  dri: out\n  formts: [csv]\n",
    )
    .unwrap();
    let o = scrutiny(dir.path(), &["validate", "p.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let text = stderr(&o);
    let summaries: Vec<&str> = text.lines().filter(|l| l.starts_with("error")).collect();
    assert_eq!(
        summaries,
        [
            "error: input `nowhere` matches no file at p.yaml:3:5",
            "error: unknown source `bbcc` at p.yaml:5:11; did you mean `bbc`?",
            "error: unknown key `dri` at p.yaml:7:3; valid keys here: `dir`, `formats`, `cache`",
            "error: missing key `dir` at p.yaml:7:3",
            "error: unknown key `formts` at p.yaml:8:3; did you mean `formats`?",
        ],
        "{text}"
    );
    assert!(
        text.ends_with("Pipeline `p.yaml` has 5 error(s)\n"),
        "{text}"
    );
}

/// Map output that is not text at all names the file and the line, as any bad record does.
#[test]
fn reduce_of_a_garbage_file_names_it() {
    let dir = with_pages();
    std::fs::write(dir.path().join("garbage.jsonl"), b"\xff\xfe\x00garbage\n").unwrap();
    let pipeline = root().join("pipelines/default.yaml");
    let o = scrutiny(
        dir.path(),
        &[
            "reduce",
            pipeline.to_str().unwrap(),
            "garbage.jsonl",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("garbage.jsonl:1"), "{}", stderr(&o));
}
