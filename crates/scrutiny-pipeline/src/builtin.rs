//! What the binary carries, so that it runs from any folder: the default pipeline and the
//! gazetteer, as they were in the repository when it was built. A file named in a pipeline
//! (`extract.gazetteer`) is read instead.

/// `pipelines/default.yaml`: every source plugin and every dataset format.
pub const DEFAULT_PIPELINE: &str = include_str!("../../../pipelines/default.yaml");

/// `data/reference/local_authorities.csv`: the children's-services authorities and their
/// other names (data/reference/README.md gives its provenance).
pub const GAZETTEER: &str = include_str!("../../../data/reference/local_authorities.csv");

/// How the built-in default pipeline is named in diagnostics, `run.json` and the summary.
pub const DEFAULT_PIPELINE_NAME: &str = "built-in default pipeline";

/// How the built-in gazetteer is named in errors.
pub const GAZETTEER_NAME: &str = "built-in gazetteer";
