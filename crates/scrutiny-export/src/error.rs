//! The error type of the export crate.

use std::path::PathBuf;

/// What can go wrong while writing datasets or reading them back.
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
    /// A dataset file could not be opened or read.
    #[error("Cannot read `{}`", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a dataset file is not a valid row.
    #[error("Cannot parse `{}` line {line}", .path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line number (1 for a whole-file JSON document).
        line: usize,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
    /// A row was written with another schema version.
    #[error("`{}` line {line} has schema version {found}, this build reads {expected}", .path.display())]
    SchemaVersion {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// The version in the file.
        found: u32,
        /// The version this build writes and reads.
        expected: u32,
    },
    /// A row parses but contradicts itself.
    #[error("`{}` line {line} is inconsistent: {why}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        why: String,
    },
    /// The SQLite database could not be built (a duplicate id or a dangling reference included).
    #[error("Cannot write SQLite database `{}`", .path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: rusqlite::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_line() {
        let e = Error::SchemaVersion {
            path: "out/claims.jsonl".into(),
            line: 3,
            found: 2,
            expected: 1,
        };
        assert_eq!(
            e.to_string(),
            "`out/claims.jsonl` line 3 has schema version 2, this build reads 1"
        );
        let e = Error::Invalid {
            path: "a.jsonl".into(),
            line: 1,
            why: "x".into(),
        };
        assert_eq!(e.to_string(), "`a.jsonl` line 1 is inconsistent: x");
    }
}
