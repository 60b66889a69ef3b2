//! Automation for the scrutiny workspace, run as `cargo xtask COMMAND`.

mod bench;
mod eval;
mod eval_html;
mod export;
mod gen_corpus;
mod ingest;
mod new_source;
mod scale_test;

use std::path::PathBuf;

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

fn main() -> anyhow::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        anyhow::bail!(
            "usage: cargo xtask <ingest|eval|eval-html|export|new-source|gen-corpus|bench|scale-test> [ARGS]"
        );
    }
    let cmd = args.remove(0);
    std::env::set_current_dir(project_root())?;
    match cmd.as_str() {
        "ingest" => ingest::main(args),
        "bench" => bench::main(args),
        "eval" => eval::main(args),
        "eval-html" => eval_html::main(args),
        "new-source" => new_source::main(args),
        "scale-test" => scale_test::main(args),
        "export" => export::main(args),
        "gen-corpus" => gen_corpus::main(args),
        other => anyhow::bail!("unknown xtask command `{other}`"),
    }
}
