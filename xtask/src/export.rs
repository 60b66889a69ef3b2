//! `cargo xtask export` (being written).

/// Entry point; `args` are the words after the subcommand.
pub fn main(_args: Vec<String>) -> anyhow::Result<()> {
    anyhow::bail!("`cargo xtask export` is not built yet")
}
