//! `cargo xtask export`: re-export the last run's JSON Lines in other formats, without re-ingesting.

use std::path::PathBuf;

use anyhow::{Context, bail};
use scrutiny_export::OutputFormat;

const USAGE: &str =
    "usage: cargo xtask export [--from DIR] [--format jsonl|csv|sqlite|html]... [--out DIR]
  --from DIR    folder of a run's JSON Lines (default: data/out)
  --format F    a format to write; repeat or separate with commas (default: all)
  --out DIR     folder to write into (default: the --from folder)";

struct Args {
    from: PathBuf,
    out: Option<PathBuf>,
    formats: Vec<OutputFormat>,
}

fn parse(args: Vec<String>) -> anyhow::Result<Args> {
    let mut parsed = Args {
        from: PathBuf::from("data/out"),
        out: None,
        formats: Vec::new(),
    };
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || -> anyhow::Result<String> {
            inline
                .clone()
                .or_else(|| it.next())
                .with_context(|| format!("`{flag}` needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--from" => parsed.from = PathBuf::from(value()?),
            "--out" => parsed.out = Some(PathBuf::from(value()?)),
            "--format" => {
                for name in value()?.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(f) = OutputFormat::from_name(name) else {
                        bail!("unknown format `{name}`\n{USAGE}");
                    };
                    if !parsed.formats.contains(&f) {
                        parsed.formats.push(f);
                    }
                }
            }
            "-h" | "--help" => bail!("{USAGE}"),
            other => bail!("unexpected argument `{other}`\n{USAGE}"),
        }
    }
    if parsed.formats.is_empty() {
        parsed.formats = OutputFormat::ALL.to_vec();
    }
    Ok(parsed)
}

/// Entry point; `args` are the words after the subcommand.
pub fn main(args: Vec<String>) -> anyhow::Result<()> {
    let args = parse(args)?;
    let ds = scrutiny_export::read_dataset(&args.from)
        .with_context(|| format!("cannot read the run in `{}`", args.from.display()))?;
    let out = args.out.unwrap_or(args.from);
    let written = scrutiny_export::export(&ds, &out, &args.formats)
        .with_context(|| format!("cannot export into `{}`", out.display()))?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn formats_repeat_or_split_on_commas_and_default_to_all() {
        let a = parse(words("--format csv,html --format=sqlite --out x")).unwrap();
        assert_eq!(
            a.formats,
            [OutputFormat::Csv, OutputFormat::Html, OutputFormat::Sqlite]
        );
        assert_eq!(a.out, Some(PathBuf::from("x")));
        assert_eq!(a.from, PathBuf::from("data/out"));
        assert_eq!(parse(vec![]).unwrap().formats, OutputFormat::ALL);
    }

    #[test]
    fn bad_arguments_are_refused_with_usage() {
        for bad in ["--format xml", "--out", "--frob 1"] {
            let err = parse(words(bad))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains("usage: cargo xtask export"), "{bad}: {err}");
        }
    }
}
