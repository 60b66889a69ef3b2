//! JSON Lines: one compact object per line, and reading them back.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::rows::SCHEMA_VERSION;

/// Append `row` to a JSON Lines file: one compact object and a newline.
pub(crate) fn push<T: Serialize>(w: &mut impl Write, row: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, row).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

#[derive(Deserialize)]
struct Peek {
    schema_version: u32,
}

/// Check the version before the shape, so a newer file says so instead of "unknown field".
pub(crate) fn parse_versioned<T: DeserializeOwned>(
    path: &Path,
    line: usize,
    text: &str,
) -> Result<T, Error> {
    let parse = |source| Error::Parse {
        path: path.to_owned(),
        line,
        source,
    };
    let peek: Peek = serde_json::from_str(text).map_err(parse)?;
    if peek.schema_version != SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            path: path.to_owned(),
            line,
            found: peek.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    serde_json::from_str(text).map_err(parse)
}

/// Read rows written by [`write`] with their 1-based line numbers; blank lines are skipped.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<Vec<(usize, T)>, Error> {
    let io = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut rows = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        rows.push((i + 1, parse_versioned(path, i + 1, &line)?));
    }
    Ok(rows)
}
