//! `cargo xtask gen-corpus N [--out DIR] [--seed S] [--text-only]`: pages with known duplicate
//! clusters; `--text-only` renders every page as page text instead of about a quarter as HTML.
//!
//! Writes `DIR/pages/*.txt|*.html` with `.meta.yaml` sidecars (the publisher) and
//! `DIR/clusters.jsonl` (file -> true story) beside, not among, the pages, so that
//! `scrutiny run --input DIR/pages` reads pages only. The generator is `scrutiny_merge::corpus`,
//! shared with the merge tests and benchmarks.

use std::io::Write;
use std::path::PathBuf;

/// `cargo xtask gen-corpus`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many pages.
    n: usize,
    /// Folder to write `pages/` and `clusters.jsonl` into (default: `corpus` in cargo's
    /// target folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// The generator's seed: the same seed gives the same pages.
    #[arg(long, value_name = "S", default_value_t = 42)]
    seed: u64,
    /// Every page as page text (by default about a quarter are saved HTML).
    #[arg(long)]
    text_only: bool,
}

/// Entry point.
pub fn main(args: Args) -> anyhow::Result<()> {
    let out = match args.out {
        Some(out) => out,
        None => crate::target_dir()?.join("corpus"),
    };
    let mix = if args.text_only {
        scrutiny_merge::corpus::Mix::TextOnly
    } else {
        scrutiny_merge::corpus::Mix::Mixed
    };
    let n = args.n;
    write(n, args.seed, mix, &out)?;
    eprintln!(
        "Wrote {n} pages to {}/pages and their true clusters to {}/clusters.jsonl",
        out.display(),
        out.display()
    );
    Ok(())
}

/// Write `n` generated pages (seeded, in the formats `mix` says) under `out`.
pub fn write(
    n: usize,
    seed: u64,
    mix: scrutiny_merge::corpus::Mix,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let pages = out.join("pages");
    std::fs::create_dir_all(&pages)?;
    let mut truth = std::io::BufWriter::new(std::fs::File::create(out.join("clusters.jsonl"))?);
    for page in scrutiny_merge::corpus::generate_mix(n, seed, mix) {
        std::fs::write(pages.join(&page.name), page.render())?;
        let stem = page
            .name
            .rsplit_once('.')
            .map_or(page.name.as_str(), |s| s.0);
        std::fs::write(
            pages.join(format!("{stem}.meta.yaml")),
            format!("publisher: {}\n", page.publisher),
        )?;
        let row = serde_json::json!({"file": page.name, "story": page.story});
        writeln!(truth, "{row}")?;
    }
    truth.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The generated corpus through the real pipeline (publisher plugins, extraction, dedup):
    /// every page parses, and duplicate pairs are found with precision and recall >= 0.99.
    #[test]
    fn generated_duplicates_are_found_through_the_real_pipeline() {
        let root = crate::project_root();
        let tmp = tempfile::tempdir().unwrap();
        super::write(800, 7, scrutiny_merge::corpus::Mix::Mixed, tmp.path()).unwrap();
        let def = scrutiny_pipeline::definition::load(&root.join("pipelines/default.yaml"), false)
            .unwrap();
        let opts = scrutiny_pipeline::RunOptions {
            inputs: vec![tmp.path().join("pages").display().to_string()],
            dry_run: true,
            ..Default::default()
        };
        let out = scrutiny_pipeline::run(&def, "default", &opts).unwrap();
        assert_eq!(
            out.dataset.rejects.len(),
            0,
            "{:?}",
            out.dataset.rejects.first()
        );
        let truth: std::collections::BTreeMap<String, u64> =
            std::fs::read_to_string(tmp.path().join("clusters.jsonl"))
                .unwrap()
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    (
                        v["file"].as_str().unwrap().to_owned(),
                        v["story"].as_u64().unwrap(),
                    )
                })
                .collect();
        let (predicted, expected): (Vec<String>, Vec<u64>) = out
            .dataset
            .articles
            .iter()
            .map(|a| {
                let file = a.path.rsplit('/').next().unwrap().to_owned();
                (a.cluster.clone().unwrap(), truth[&file])
            })
            .unzip();
        assert_eq!(predicted.len(), 800);
        let (precision, recall) = scrutiny_merge::corpus::pair_scores(&predicted, &expected);
        assert!(
            precision >= 0.99 && recall >= 0.99,
            "pair precision {precision:.4}, recall {recall:.4}"
        );
    }
}
