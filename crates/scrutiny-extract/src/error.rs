//! The error type of the extraction crate.

/// What can go wrong while building the extractor's reference data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The authorities CSV could not be read.
    #[error("Cannot read the authorities CSV")]
    Csv(#[from] csv::Error),
    /// The authorities CSV lacks a column the gazetteer needs.
    #[error("The authorities CSV has no `{0}` column")]
    MissingColumn(&'static str),
    /// The authorities CSV has no usable rows.
    #[error("The authorities CSV has no authorities")]
    Empty,
    /// The name matcher could not be built.
    #[error("Cannot build the authority matcher")]
    Matcher(#[from] aho_corasick::BuildError),
    /// An extraction pattern could not be compiled.
    #[error("Cannot compile an extraction pattern")]
    Pattern(#[from] regex::Error),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_problem() {
        assert_eq!(
            Error::MissingColumn("gss_code").to_string(),
            "The authorities CSV has no `gss_code` column"
        );
        assert_eq!(
            Error::Empty.to_string(),
            "The authorities CSV has no authorities"
        );
    }
}
