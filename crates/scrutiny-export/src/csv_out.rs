//! CSV: a header row, then one record per row, quoted per RFC 4180 by the `csv` crate.

use std::path::Path;

use crate::table::Table;
use crate::{Error, atomic};

/// Stage `rows` for `path` (see [`atomic::stage`]) with a header row.
pub fn write<T: Table>(
    path: &Path,
    rows: impl Iterator<Item = std::io::Result<T>>,
) -> Result<atomic::Staged, Error> {
    atomic::stage(path, |w| {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut *w);
        out.write_record(T::COLUMNS)
            .map_err(std::io::Error::other)?;
        for row in rows {
            let row = row?;
            for cell in row.cells() {
                out.write_field(cell.to_csv().as_bytes())
                    .map_err(std::io::Error::other)?;
            }
            out.write_record(None::<&[u8]>)
                .map_err(std::io::Error::other)?;
        }
        out.flush()
    })
}
