//! `cargo xtask gen-corpus N [--out DIR] [--seed S]`: pages with known duplicate clusters (scrutiny_merge::corpus).

/// Entry point; `args` are the words after the subcommand.
///
/// The generator lives in `scrutiny_merge::corpus` so tests and benchmarks share it. xtask does
/// not depend on scrutiny-merge yet, so this runs the crate's `gen_corpus` example; once it does,
/// the body becomes a loop over `scrutiny_merge::corpus::generate(n, seed)`.
pub fn main(args: Vec<String>) -> anyhow::Result<()> {
    if args.is_empty() {
        anyhow::bail!("usage: cargo xtask gen-corpus N [--out DIR] [--seed S]");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "--release", "-p", "scrutiny-merge", "--example", "gen_corpus", "--"])
        .args(&args)
        .status()?;
    if !status.success() {
        anyhow::bail!("gen-corpus failed ({status})");
    }
    Ok(())
}
