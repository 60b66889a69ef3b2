//! The binary on its own, as the README installs it: put in a temporary root's `bin/`, run from
//! a temporary folder holding a copy of `data/raw` and no repository, with no pipeline file,
//! it writes the same datasets as `cargo xtask ingest` (which is `scrutiny run
//! pipelines/default.yaml` in the project root, in process), byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used)] // helpers outside #[test] fns stop loudly too

mod common;

use std::path::Path;
use std::process::Command;

use common::{copy_files, datasets, root, stderr};

/// A fixed run time, so that the two runs may be compared byte for byte.
const EPOCH: &str = "1700000000";

/// The datasets of `cargo xtask ingest`, written into `out`.
fn ingest(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["run", "pipelines/default.yaml", "--quiet", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Run the installed `bin` the way the README says, from a fresh folder with a copy of the
/// bundled pages, and compare its datasets with `cargo xtask ingest`'s.
fn runs_anywhere_like_ingest(bin: &Path) {
    let work = tempfile::tempdir().unwrap();
    copy_files(&root().join("data/raw"), &work.path().join("data/raw"));
    let o = Command::new(bin)
        .current_dir(work.path())
        // Nothing from the build or the repository: only what any shell has.
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["run", "--input", "data/raw", "--out", "out"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).ends_with(
            "Open out/report.html first: every inspection on a timeline, with the sentences \
             that report it.\n"
        ),
        "{}",
        stderr(&o)
    );

    let expected = tempfile::tempdir().unwrap();
    ingest(expected.path());
    let (want, got) = (
        datasets(expected.path()),
        datasets(&work.path().join("out")),
    );
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    assert_eq!(want.len(), 13, "every dataset file of every format");
    for (name, bytes) in &want {
        assert!(
            got[name] == *bytes,
            "{name} differs from cargo xtask ingest's"
        );
    }
}

/// The binary cargo built for these tests, copied where `cargo install --root ROOT` puts it
/// (building it again, as the test below does, takes minutes).
#[test]
fn the_binary_copied_into_an_install_root_runs_anywhere_like_ingest() {
    let install = tempfile::tempdir().unwrap();
    let bin = install.path().join("bin/scrutiny");
    std::fs::create_dir_all(bin.parent().unwrap()).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_scrutiny"), &bin).unwrap();
    runs_anywhere_like_ingest(&bin);
}

/// `cargo install --path crates/scrutiny-cli --root ROOT`, as the README has it (in the debug
/// profile, which builds in a third of the time; the code is the same), then the same check.
#[test]
#[ignore = "builds the workspace again into its own target folder (minutes); .ci/run runs it"]
fn cargo_install_into_a_temporary_root_runs_anywhere_like_ingest() {
    let install = tempfile::tempdir().unwrap();
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("install-target");
    let o = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["install", "--locked", "--offline", "--debug", "--path"])
        .arg(root().join("crates/scrutiny-cli"))
        .arg("--root")
        .arg(install.path())
        .arg("--target-dir")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    runs_anywhere_like_ingest(&install.path().join("bin/scrutiny"));
}
