//! The error type of the export crate.

use std::path::PathBuf;

/// What can go wrong while writing datasets.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be created, written or renamed.
    #[error("Cannot write `{}`", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}
