//! The pipeline definition as written in YAML, and its loader with positioned diagnostics.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use scrutiny_export::OutputFormat;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::Error;
use crate::diagnostic::{Diagnostic, nearest};
use crate::registry::{SourceConfig, SourceName};

/// A pipeline definition (`pipelines/*.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// A short name, recorded in `run.json`.
    pub name: String,
    /// Free text for people.
    #[serde(default)]
    pub description: Option<String>,
    /// Input files: globs relative to the working directory.
    pub inputs: Vec<Input>,
    /// The source plugins in play, in detection order.
    pub sources: Vec<SourceConfig>,
    /// Optional stages to run after read and parse (which always run).
    #[serde(default = "default_stages")]
    pub stages: Vec<StageName>,
    /// Limits that protect the run from hostile inputs.
    #[serde(default)]
    pub limits: Limits,
    /// The extract stage's gazetteer and options.
    #[serde(default)]
    pub extract: ExtractConfig,
    /// The merge stage's near-duplicate detection (docs/merge.md).
    #[serde(default)]
    pub dedup: scrutiny_merge::Options,
    /// How WARC inputs are read (docs/scale-out.md).
    #[serde(default)]
    pub warc: WarcConfig,
    /// Where and how results are written.
    pub outputs: Outputs,
    /// Hash of the definition's text (set by [`parse`]): part of the cache fingerprint.
    #[serde(skip)]
    pub source_hash: String,
}

fn default_stages() -> Vec<StageName> {
    vec![StageName::Extract, StageName::Merge, StageName::Export]
}

/// An optional stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageName {
    /// Turn articles into claims with evidence.
    Extract,
    /// Cluster near-duplicate articles and merge claims into events (needs `extract`).
    Merge,
    /// Write the datasets.
    Export,
}

/// The `warc` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WarcConfig {
    /// Drop WARC pages whose raw bytes name no inspection term and no authority before any
    /// HTML parse (the terms come from the gazetteer).
    pub prefilter: bool,
}

impl Default for WarcConfig {
    fn default() -> Self {
        Self { prefilter: true }
    }
}

/// The `extract` section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// The authorities CSV the gazetteer is built from.
    #[serde(default = "default_gazetteer")]
    pub gazetteer: ExistingPath,
    /// Extractor options (docs/extraction.md).
    #[serde(default, rename = "with")]
    pub options: scrutiny_extract::Options,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        Self {
            gazetteer: default_gazetteer(),
            options: scrutiny_extract::Options::default(),
        }
    }
}

fn default_gazetteer() -> ExistingPath {
    ExistingPath(PathBuf::from("data/reference/local_authorities.csv"))
}

/// A path to a file the run reads; it must exist when the definition is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingPath(pub PathBuf);

impl<'de> Deserialize<'de> for ExistingPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let path = String::deserialize(d)?;
        if CHECK_INPUTS.with(|c| *c.borrow()) && !Path::new(&path).is_file() {
            return Err(de::Error::custom(format!("file `{path}` does not exist")));
        }
        Ok(ExistingPath(PathBuf::from(path)))
    }
}

/// One input entry: a glob, optionally with the plugin that must read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A file path or glob (`data/raw/*.txt`).
    pub glob: String,
    /// The plugin for these files, overriding detection.
    pub source: Option<&'static str>,
}

/// Limits on what one input may cost.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Files larger than this are rejected unread.
    pub max_file_bytes: u64,
    /// HTML whose element nesting exceeds this is rejected before parsing.
    pub max_html_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            max_html_depth: 2_000,
        }
    }
}

/// The outputs section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outputs {
    /// The output folder.
    pub dir: PathBuf,
    /// Dataset formats to write.
    #[serde(default = "default_formats")]
    pub formats: Vec<OutputFormat>,
    /// Keep a content-hash cache in `DIR/.cache/` so reruns skip unchanged inputs.
    #[serde(default = "default_true")]
    pub cache: bool,
}

fn default_true() -> bool {
    true
}

fn default_formats() -> Vec<OutputFormat> {
    vec![OutputFormat::Jsonl]
}

thread_local! {
    /// Set while loading when inputs must exist, so a missing one gets its YAML position.
    static CHECK_INPUTS: RefCell<bool> = const { RefCell::new(false) };
}

struct CheckInputs;

impl CheckInputs {
    fn set(on: bool) -> Self {
        CHECK_INPUTS.with(|c| *c.borrow_mut() = on);
        CheckInputs
    }
}

impl Drop for CheckInputs {
    fn drop(&mut self) {
        CHECK_INPUTS.with(|c| *c.borrow_mut() = false);
    }
}

/// Paths matched by a glob, sorted; an error names a bad pattern.
pub fn expand_glob(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let paths = glob::glob(pattern)
        .map_err(|e| format!("input `{pattern}` is not a valid glob: {}", e.msg))?;
    let mut out: Vec<PathBuf> = paths.filter_map(Result::ok).collect();
    out.sort();
    Ok(out)
}

impl<'de> Deserialize<'de> for Input {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Input;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a glob, or a map with `glob` and `source`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Input, E> {
                check_input(v)?;
                Ok(Input {
                    glob: v.to_owned(),
                    source: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
                let (mut glob, mut source) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "glob" => {
                            let g: String = map.next_value()?;
                            check_input(&g)?;
                            glob = Some(g);
                        }
                        "source" => source = Some(map.next_value::<SourceName>()?.0),
                        other => return Err(de::Error::unknown_field(other, &["glob", "source"])),
                    }
                }
                let glob = glob.ok_or_else(|| de::Error::missing_field("glob"))?;
                Ok(Input { glob, source })
            }
        }
        d.deserialize_any(V)
    }
}

fn check_input<E: de::Error>(pattern: &str) -> Result<(), E> {
    if !CHECK_INPUTS.with(|c| *c.borrow()) {
        return Ok(());
    }
    let found = expand_glob(pattern).map_err(E::custom)?;
    if found.is_empty() {
        return Err(E::custom(format!("input `{pattern}` matches no file")));
    }
    Ok(())
}

/// The largest definition file accepted (a definition is a page of YAML).
const MAX_DEFINITION_BYTES: u64 = 1024 * 1024;

/// Read and validate a definition file. With `check_inputs`, every input must match a file.
pub fn load(path: &Path, check_inputs: bool) -> Result<Definition, Error> {
    let read_err = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.len() > MAX_DEFINITION_BYTES {
        return Err(Error::Invalid {
            path: path.to_owned(),
            diagnostics: vec![Diagnostic {
                file: path.display().to_string(),
                line: 0,
                column: 0,
                path: String::new(),
                message: format!(
                    "definition is {} bytes; the limit is {MAX_DEFINITION_BYTES}",
                    meta.len()
                ),
                help: None,
                snippet: None,
            }],
        });
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Invalid {
        path: path.to_owned(),
        diagnostics: vec![Diagnostic {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!(
                "definition is not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            help: None,
            snippet: None,
        }],
    })?;
    parse(&text, &path.display().to_string(), check_inputs).map_err(|diagnostics| Error::Invalid {
        path: path.to_owned(),
        diagnostics,
    })
}

/// Parse and validate definition text; `file` names it in diagnostics.
pub fn parse(text: &str, file: &str, check_inputs: bool) -> Result<Definition, Vec<Diagnostic>> {
    let _guard = CheckInputs::set(check_inputs);
    let de = serde_yaml::Deserializer::from_str(text);
    let mut def: Definition = serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        vec![diagnose(&inner, path, text, file)]
    })?;
    def.source_hash = scrutiny_core::content_id(text.as_bytes());
    let mut diags = Vec::new();
    let mut seen = Vec::new();
    for s in &def.sources {
        if seen.contains(&s.name()) {
            diags.push(Diagnostic {
                file: file.to_owned(),
                line: 0,
                column: 0,
                path: "sources".into(),
                message: format!("source `{}` is listed twice", s.name()),
                help: Some("list each source once".into()),
                snippet: None,
            });
        }
        seen.push(s.name());
    }
    for (i, input) in def.inputs.iter().enumerate() {
        if let Some(src) = input.source {
            if !seen.contains(&src) {
                diags.push(Diagnostic {
                    file: file.to_owned(),
                    line: 0,
                    column: 0,
                    path: format!("inputs[{i}].source"),
                    message: format!("input names source `{src}`, which `sources` does not enable"),
                    help: Some(format!("add `- kind: {src}` to `sources`")),
                    snippet: None,
                });
            }
        }
    }
    if let Err(e) = def.dedup.validate() {
        diags.push(Diagnostic {
            file: file.to_owned(),
            line: 0,
            column: 0,
            path: "dedup".into(),
            message: e.to_string(),
            help: None,
            snippet: None,
        });
    }
    if def.stages.contains(&StageName::Merge) && !def.stages.contains(&StageName::Extract) {
        diags.push(Diagnostic {
            file: file.to_owned(),
            line: 0,
            column: 0,
            path: "stages".into(),
            message: "stage `merge` merges claims, so it needs stage `extract`".into(),
            help: Some("use `stages: [extract, merge, export]`".into()),
            snippet: None,
        });
    }
    if def.sources.is_empty() {
        diags.push(Diagnostic {
            file: file.to_owned(),
            line: 0,
            column: 0,
            path: "sources".into(),
            message: "no source plugin is enabled".into(),
            help: Some("add at least `- kind: generic`".into()),
            snippet: None,
        });
    }
    if diags.is_empty() {
        Ok(def)
    } else {
        Err(diags)
    }
}

/// Turn a serde_yaml error into a diagnostic: position, plain message, did-you-mean.
fn diagnose(err: &serde_yaml::Error, path: String, text: &str, file: &str) -> Diagnostic {
    let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut message = err.to_string();
    // serde_yaml appends the position and sometimes prefixes the path; we print both apart.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    // serde_yaml prefixes the path it knows (sometimes a parent of ours); we print the path apart.
    if let Some((prefix, rest)) = message.split_once(": ") {
        if !prefix.is_empty() && path.starts_with(prefix) && !prefix.contains(' ') {
            message = rest.to_owned();
        }
    }
    let expected = expected_names(&message);
    let mut help = None;
    if let Some(name) = backticked(&message, "unknown variant `") {
        if path.ends_with("kind") || path.ends_with("source") {
            message = format!("unknown source `{name}`");
        } else {
            message = format!("unknown value `{name}`");
        }
        help = nearest(&name, expected.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"));
        if help.is_none() && !expected.is_empty() {
            help = Some(format!("expected one of {}", quote_list(&expected)));
        }
    } else if let Some(name) = backticked(&message, "unknown field `") {
        message = format!("unknown key `{name}`");
        help = nearest(&name, expected.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"));
        if help.is_none() && !expected.is_empty() {
            help = Some(format!("valid keys here: {}", quote_list(&expected)));
        }
    }
    let snippet = (line > 0)
        .then(|| text.lines().nth(line - 1).map(str::to_owned))
        .flatten();
    Diagnostic {
        file: file.to_owned(),
        line,
        column,
        path,
        message,
        help,
        snippet,
    }
}

fn backticked(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// The backticked names after "expected" in a serde message (its wording is pinned by a test).
fn expected_names(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    message[i..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn quote_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
