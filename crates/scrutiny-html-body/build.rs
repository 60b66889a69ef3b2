//! `cfg(shared_benchmark)` where the shared article-extraction benchmark is beside the
//! repository (`../shared/benchmarks/article-extraction`), so that its test runs there and is
//! reported as ignored, with the reason, elsewhere: never a pass that checked nothing.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_benchmark)");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let truth = manifest.join("../../../shared/benchmarks/article-extraction/ground-truth.json");
    if truth.is_file() {
        println!("cargo::rustc-cfg=shared_benchmark");
        // Seen again if it goes.
        println!("cargo::rerun-if-changed={}", truth.display());
    } else {
        // A watched path that does not exist reruns this script, and rebuilds this crate and
        // all that depend on it, on every build; so only the script itself is watched, and a
        // benchmark put there later is seen once this file is touched (the test's reason says so).
        println!("cargo::rerun-if-changed=build.rs");
    }
}
