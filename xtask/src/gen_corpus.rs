//! `cargo xtask gen-corpus` (being written).

/// Entry point; `args` are the words after the subcommand.
pub fn main(_args: Vec<String>) -> anyhow::Result<()> {
    anyhow::bail!("`cargo xtask gen-corpus` is not built yet")
}
