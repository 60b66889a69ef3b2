//! `cargo xtask eval` (being written).

/// Entry point; `args` are the words after the subcommand.
pub fn main(_args: Vec<String>) -> anyhow::Result<()> {
    anyhow::bail!("`cargo xtask eval` is not built yet")
}
