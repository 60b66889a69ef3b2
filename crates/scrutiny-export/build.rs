//! `cfg(chromium)` where the report's browser test can run: where `/usr/bin/chromium` is, and
//! always under CI (`CI` set), where `.ci/run` installs it and its absence must fail the test,
//! not skip it. Elsewhere the test is reported as ignored, with the reason.

use std::path::Path;

const CHROMIUM: &str = "/usr/bin/chromium";

fn main() {
    println!("cargo::rustc-check-cfg=cfg(chromium)");
    println!("cargo::rerun-if-env-changed=CI");
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if ci || Path::new(CHROMIUM).exists() {
        println!("cargo::rustc-cfg=chromium");
    }
    // The browser, or the folder it would be installed into (a watched folder is compared by
    // its entries' times, its own included, so an install there reruns this script). A path
    // that does not exist is never watched: cargo would rerun the script on every build.
    match [CHROMIUM, "/usr/bin"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    {
        Some(watched) => println!("cargo::rerun-if-changed={watched}"),
        None => println!("cargo::rerun-if-changed=build.rs"),
    }
}
