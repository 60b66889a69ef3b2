//! `cargo xtask ingest [PIPELINE] [scrutiny run options]`: the main job, on the bundled data.

use std::path::Path;

/// Run `scrutiny run PIPELINE` in this process, with its logging, summary and exit code.
pub fn main(pipeline: &Path, flags: scrutiny_cli::RunFlags) -> anyhow::Result<()> {
    scrutiny_cli::init_logging();
    match scrutiny_cli::run(Some(pipeline), flags) {
        0 => Ok(()),
        // The command has already printed its error; keep its exit code.
        code => std::process::exit(i32::from(code)),
    }
}
