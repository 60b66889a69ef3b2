//! CSV: a header row, then one record per row, quoted per RFC 4180 by the `csv` crate.

use std::io::Write;

use crate::table::Table;

/// A CSV file of `T` rows being written: its header is written on creation.
pub(crate) struct Sink<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> Sink<W> {
    /// A writer with `T`'s header row already written.
    pub(crate) fn new<T: Table>(w: W) -> std::io::Result<Self> {
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(w);
        out.write_record(T::COLUMNS)
            .map_err(std::io::Error::other)?;
        Ok(Self { out })
    }

    /// Append one record.
    pub(crate) fn push<T: Table>(&mut self, row: &T) -> std::io::Result<()> {
        for cell in row.cells() {
            self.out
                .write_field(cell.to_csv().as_bytes())
                .map_err(std::io::Error::other)?;
        }
        self.out
            .write_record(None::<&[u8]>)
            .map_err(std::io::Error::other)
    }

    /// Flush what the CSV writer buffers into the underlying writer.
    pub(crate) fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
