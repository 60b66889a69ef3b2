//! `cargo xtask export`: re-export the last run's JSON Lines in other formats, without re-ingesting.

use std::path::PathBuf;

use anyhow::Context;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use scrutiny_export::OutputFormat;

/// `cargo xtask export`'s options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of a run's JSON Lines.
    #[arg(long, value_name = "DIR", default_value = "data/out")]
    from: PathBuf,
    /// A format to write; repeat or separate with commas (default: all).
    #[arg(
        long = "format",
        value_name = "F",
        value_delimiter = ',',
        value_parser = PossibleValuesParser::new(OutputFormat::ALL.map(OutputFormat::name))
            .try_map(|name| OutputFormat::from_name(&name).ok_or("not a format"))
    )]
    formats: Vec<OutputFormat>,
    /// Folder to write into (default: the --from folder).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

impl Args {
    /// The formats asked for, each once, in the order first asked; all when none was.
    fn formats(&self) -> Vec<OutputFormat> {
        if self.formats.is_empty() {
            return OutputFormat::ALL.to_vec();
        }
        let mut once = Vec::new();
        for f in &self.formats {
            if !once.contains(f) {
                once.push(*f);
            }
        }
        once
    }
}

/// Entry point.
pub fn main(args: Args) -> anyhow::Result<()> {
    let formats = args.formats();
    let ds = scrutiny_export::read_dataset(&args.from)
        .with_context(|| format!("cannot read the run in `{}`", args.from.display()))?;
    let out = args.out.unwrap_or(args.from);
    let written = scrutiny_export::export(&ds, &out, &formats)
        .with_context(|| format!("cannot export into `{}`", out.display()))?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Export {
        #[command(flatten)]
        args: Args,
    }

    fn parse(s: &str) -> Result<Args, clap::Error> {
        Export::try_parse_from(std::iter::once("export").chain(s.split_whitespace()))
            .map(|e| e.args)
    }

    #[test]
    fn formats_repeat_or_split_on_commas_and_default_to_all() {
        let a = parse("--format csv,html --format=sqlite --format csv --out x").unwrap();
        assert_eq!(
            a.formats(),
            [OutputFormat::Csv, OutputFormat::Html, OutputFormat::Sqlite]
        );
        assert_eq!(a.out, Some(PathBuf::from("x")));
        assert_eq!(a.from, PathBuf::from("data/out"));
        assert_eq!(parse("").unwrap().formats(), OutputFormat::ALL);
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        for bad in ["--format xml", "--out", "--frob 1"] {
            let err = parse(bad).err().map(|e| e.exit_code());
            assert_eq!(err, Some(2), "{bad}");
        }
    }
}
