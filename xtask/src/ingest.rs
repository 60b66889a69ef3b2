//! `cargo xtask ingest [PIPELINE] [scrutiny run options]`: the main job, on the bundled data.

/// Run `scrutiny run PIPELINE` (default `pipelines/default.yaml`) in this process.
pub fn main(args: Vec<String>) -> anyhow::Result<()> {
    let (pipeline, rest) = match args.first() {
        Some(first) if !first.starts_with('-') => (first.clone(), args[1..].to_vec()),
        _ => ("pipelines/default.yaml".to_owned(), args),
    };
    let mut argv = vec!["scrutiny".to_owned(), "run".to_owned(), pipeline];
    argv.extend(rest);
    match scrutiny_cli::exit_code(argv) {
        0 => Ok(()),
        // The command has already printed its error; keep its exit code.
        code => std::process::exit(i32::from(code)),
    }
}
