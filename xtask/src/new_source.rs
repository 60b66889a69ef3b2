//! `cargo xtask new-source NAME`: scaffold a source plugin crate and register it.

use std::path::Path;

use anyhow::{Context, bail};

/// Scaffold `crates/sources/scrutiny-source-NAME`, add it to the workspace, the pipeline's
/// dependencies and the registry, and print the next steps.
pub fn main(name: &str) -> anyhow::Result<()> {
    let root = crate::project_root();
    scaffold(&root, name)?;
    let krate = name.replace('_', "-");
    println!("Created crates/sources/scrutiny-source-{krate} and registered `{name}`.");
    println!("Next steps (docs/adding-a-source.md walks through a real example):");
    println!(
        "  1. save real pages in crates/sources/scrutiny-source-{krate}/tests/fixtures/ and record their provenance;"
    );
    println!(
        "  2. fill SIGNATURES and hosts() so detection finds the pages, and write the layout rules in parse();"
    );
    println!(
        "  3. write golden tests asserting exact fields for every fixture; run cargo test -p scrutiny-source-{krate};"
    );
    println!("  4. add `- kind: {name}` to the pipelines that should use it (before `generic`).");
    Ok(())
}

/// `name` if it can name a plugin (snake_case), else why not: the command line's check.
pub fn plugin_name(name: &str) -> Result<String, String> {
    let valid = name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.ends_with('_');
    if !valid {
        return Err(format!(
            "source name `{name}` must be snake_case: lower-case letters, digits and underscores, starting with a letter"
        ));
    }
    Ok(name.to_owned())
}

/// Do the scaffolding under `root` (a workspace checkout).
pub fn scaffold(root: &Path, name: &str) -> anyhow::Result<()> {
    plugin_name(name).map_err(anyhow::Error::msg)?;
    let krate = name.replace('_', "-");
    let dir = root
        .join("crates/sources")
        .join(format!("scrutiny-source-{krate}"));
    let registry_path = root.join("crates/scrutiny-pipeline/src/registry.rs");
    let registry = std::fs::read_to_string(&registry_path).context("reading the registry")?;
    if dir.exists() || registry.contains(&format!("    {name} => ")) {
        bail!("a source named `{name}` already exists");
    }
    let title = name
        .split('_')
        .map(capitalize)
        .collect::<Vec<_>>()
        .join(" ");
    let fill = |t: &str| {
        t.replace("{{name}}", name)
            .replace("{{crate}}", &krate)
            .replace("{{crate_snake}}", &krate.replace('-', "_"))
            .replace("{{title}}", &title)
    };
    let templates = crate::project_root().join("xtask/templates/source");
    let read = |f: &str| {
        std::fs::read_to_string(templates.join(f)).with_context(|| format!("reading template {f}"))
    };

    // Edit the shared files first, in memory, so a failure leaves the tree unchanged.
    let registry = insert_registry_line(&registry, name, &krate)?;
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path)?;
    let member = format!("    \"crates/sources/scrutiny-source-{krate}\",\n");
    let dep = format!(
        "scrutiny-source-{krate} = {{ path = \"crates/sources/scrutiny-source-{krate}\" }}\n"
    );
    let manifest = insert_after_last(&manifest, "    \"crates/sources/", &member)?;
    let manifest = insert_after_last(&manifest, "scrutiny-source-", &dep)?;
    let pipeline_manifest_path = root.join("crates/scrutiny-pipeline/Cargo.toml");
    let pipeline_manifest = std::fs::read_to_string(&pipeline_manifest_path)?;
    let pipeline_manifest = insert_after_last(
        &pipeline_manifest,
        "scrutiny-source-",
        &format!("scrutiny-source-{krate}.workspace = true\n"),
    )?;

    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::create_dir_all(dir.join("tests/fixtures"))?;
    std::fs::write(dir.join("Cargo.toml"), fill(&read("Cargo.toml.tmpl")?))?;
    std::fs::write(dir.join("src/lib.rs"), fill(&read("lib.rs.tmpl")?))?;
    std::fs::write(dir.join("tests/golden.rs"), fill(&read("golden.rs.tmpl")?))?;
    std::fs::write(
        dir.join("tests/fixtures/README.md"),
        fill(&read("fixtures-README.md.tmpl")?),
    )?;
    std::fs::write(&registry_path, registry)?;
    std::fs::write(&manifest_path, manifest)?;
    std::fs::write(&pipeline_manifest_path, pipeline_manifest)?;
    Ok(())
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// Append `name => crate` as the last plugin before `generic`, which stays the fallback.
fn insert_registry_line(registry: &str, name: &str, krate: &str) -> anyhow::Result<String> {
    let anchor = "    generic => scrutiny_source_generic,\n";
    let at = registry
        .find(anchor)
        .context("the registry! list has no `generic` line to insert before")?;
    let line = format!(
        "    {name} => scrutiny_source_{},\n",
        krate.replace('-', "_")
    );
    Ok(format!("{}{line}{}", &registry[..at], &registry[at..]))
}

/// Insert `line` after the last line that starts with `prefix`.
fn insert_after_last(text: &str, prefix: &str, line: &str) -> anyhow::Result<String> {
    let mut offset = None;
    let mut pos = 0;
    for l in text.split_inclusive('\n') {
        pos += l.len();
        if l.starts_with(prefix) {
            offset = Some(pos);
        }
    }
    let at = offset.with_context(|| format!("no line starting with `{prefix}` to insert after"))?;
    Ok(format!("{}{line}{}", &text[..at], &text[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    #[test]
    fn refuses_bad_and_existing_names() {
        let root = crate::project_root();
        assert!(scaffold(&root, "Bad-Name").is_err());
        assert!(
            scaffold(&root, "generic")
                .unwrap_err()
                .to_string()
                .contains("already exists")
        );
    }

    /// The scaffold compiles inside a copy of the workspace and its plugin is registered.
    #[test]
    fn scaffold_builds_and_registers() {
        let root = crate::project_root();
        let tmp = tempfile::tempdir().unwrap();
        for f in ["Cargo.toml", "Cargo.lock"] {
            std::fs::copy(root.join(f), tmp.path().join(f)).unwrap();
        }
        // The pipeline crate builds in the default pipeline and the gazetteer.
        for d in ["crates", "xtask", "pipelines", "data/reference"] {
            copy_dir(&root.join(d), &tmp.path().join(d));
        }
        scaffold(tmp.path(), "example_news").unwrap();
        let registry =
            std::fs::read_to_string(tmp.path().join("crates/scrutiny-pipeline/src/registry.rs"))
                .unwrap();
        let generic = registry.find("    generic => ").unwrap();
        let ours = registry
            .find("    example_news => scrutiny_source_example_news,")
            .unwrap();
        assert!(
            ours < generic,
            "the new plugin goes before the generic fallback"
        );
        assert!(
            scaffold(tmp.path(), "example_news").is_err(),
            "a second scaffold of the same name is refused"
        );

        // A separate target dir: the outer `cargo test` may hold the main one.
        let target = root.join("target/scaffold-check");
        let out = Command::new(env!("CARGO"))
            .current_dir(tmp.path())
            .env("CARGO_TARGET_DIR", &target)
            .args([
                "test",
                "--offline",
                "--quiet",
                "-p",
                "scrutiny-source-example-news",
                "-p",
                "scrutiny-pipeline",
                "--no-run",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = Command::new(env!("CARGO"))
            .current_dir(tmp.path())
            .env("CARGO_TARGET_DIR", &target)
            .args([
                "test",
                "--offline",
                "--quiet",
                "-p",
                "scrutiny-source-example-news",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
