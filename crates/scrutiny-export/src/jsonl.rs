//! JSON Lines: one compact object per line.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::{atomic, Error};

/// Write `rows` to `path` atomically, one JSON object per line.
pub fn write<T: Serialize>(path: &Path, rows: &[T]) -> Result<PathBuf, Error> {
    atomic::write(path, |w| {
        for row in rows {
            serde_json::to_writer(&mut *w, row).map_err(std::io::Error::other)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    Ok(path.to_owned())
}
