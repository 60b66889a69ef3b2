//! The pipeline definition as written in YAML, and its loader with positioned diagnostics.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use scrutiny_export::OutputFormat;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::Error;
use crate::builtin;
use crate::check::{self, At, Doc, Step};
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
    /// Input files: globs relative to the definition file's folder (read from there by
    /// [`load`], which rewrites them).
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractConfig {
    /// The authorities CSV the gazetteer is built from; absent: the one built into the binary
    /// ([`builtin::GAZETTEER`]).
    #[serde(default)]
    pub gazetteer: Option<PathBuf>,
    /// Extractor options (docs/extraction.md).
    #[serde(default, rename = "with")]
    pub options: scrutiny_extract::Options,
}

impl ExtractConfig {
    /// The gazetteer's CSV text: the named file's, or the built-in one.
    pub fn gazetteer_csv(&self) -> Result<Cow<'static, str>, Error> {
        match &self.gazetteer {
            None => Ok(Cow::Borrowed(builtin::GAZETTEER)),
            Some(path) => {
                std::fs::read_to_string(path)
                    .map(Cow::Owned)
                    .map_err(|e| Error::Gazetteer {
                        path: path.clone(),
                        source: Box::new(e),
                    })
            }
        }
    }

    /// The gazetteer as errors name it: its file, or the built-in one.
    pub fn gazetteer_path(&self) -> PathBuf {
        self.gazetteer
            .clone()
            .unwrap_or_else(|| PathBuf::from(builtin::GAZETTEER_NAME))
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

/// Limits on what one input may cost: each stage's work on a page grows with these, so a page
/// past one is refused (a reject whose reason names the limit) or cut (the cut recorded on the
/// article), and no page costs more than its size allows. The defaults keep two workers well
/// inside a few GiB of memory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Files larger than this are rejected unread.
    pub max_file_bytes: u64,
    /// HTML whose element nesting exceeds this is rejected before parsing.
    pub max_html_depth: usize,
    /// A page with more HTML elements (page text: lines) than this is rejected before parsing.
    pub max_nodes: usize,
    /// A page with an element carrying more attributes than this is rejected before parsing.
    pub max_attributes: usize,
    /// An article's paragraph longer than this is broken into paragraphs at sentence ends.
    pub max_paragraph_bytes: usize,
    /// A stretch with no sentence end longer than this is broken at a space.
    pub max_sentence_bytes: usize,
    /// A word (no space in it) longer than this is broken.
    pub max_word_bytes: usize,
    /// Claims kept per article; those past it are dropped.
    pub max_claims_per_article: usize,
    /// Time one page may take to read, parse and extract, in milliseconds (0: no limit).
    pub max_document_millis: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 64 * 1024 * 1024,
            max_html_depth: 2_000,
            max_nodes: 500_000,
            max_attributes: 256,
            max_paragraph_bytes: 64 * 1024,
            max_sentence_bytes: 4 * 1024,
            max_word_bytes: 256,
            max_claims_per_article: 2_000,
            max_document_millis: 10_000,
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

/// The paths an input entry names, sorted; an error names a bad pattern.
///
/// A path that exists is read as written, even when it holds glob characters (`a[1].txt`).
/// Otherwise the entry is a glob, matched by walking from its folder part: the `glob` crate's
/// own walk passes over names that are not UTF-8, which would lose those files unseen. Names
/// are matched as lossy text (an invalid byte is one `?` or part of a `*`) and returned as
/// the bytes they are.
pub fn expand_glob(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let literal = Path::new(pattern);
    if std::fs::symlink_metadata(literal).is_ok() {
        return Ok(vec![literal.to_owned()]);
    }
    let compiled = glob::Pattern::new(pattern)
        .map_err(|e| format!("input `{pattern}` is not a valid glob: {}", e.msg))?;
    let (folder, depth) = glob_folder(literal);
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    let root = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder.as_path()
    };
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(depth)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let path = e.into_path();
            match path.strip_prefix(".") {
                Ok(rel) if folder.as_os_str().is_empty() => rel.to_owned(),
                _ => path,
            }
        })
        .filter(|p| compiled.matches_with(&p.to_string_lossy(), options))
        .collect();
    out.sort();
    Ok(out)
}

/// The folder a glob's walk starts from (its leading components with no glob character) and
/// how deep below it the pattern reaches (any depth with `**`).
pub(crate) fn glob_folder(pattern: &Path) -> (PathBuf, usize) {
    let is_glob = |c: &Component<'_>| {
        c.as_os_str()
            .as_encoded_bytes()
            .iter()
            .any(|b| matches!(b, b'*' | b'?' | b'['))
    };
    let mut folder = PathBuf::new();
    let mut rest = pattern.components().peekable();
    while let Some(c) = rest.next_if(|c| !is_glob(c)) {
        folder.push(c);
    }
    let rest: Vec<Component<'_>> = rest.collect();
    let deep = rest.iter().any(|c| c.as_os_str() == "**");
    (folder, if deep { usize::MAX } else { rest.len() })
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
                Ok(Input {
                    glob: v.to_owned(),
                    source: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Input, A::Error> {
                let (mut glob, mut source) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "glob" => glob = Some(map.next_value::<String>()?),
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

/// The largest definition file accepted (a definition is a page of YAML).
const MAX_DEFINITION_BYTES: u64 = 1024 * 1024;

/// Read and validate a definition file; its relative paths are read from its folder. With
/// `check_inputs`, every input must match a file and a named gazetteer must exist.
pub fn load(path: &Path, check_inputs: bool) -> Result<Definition, Error> {
    let read_err = |source| Error::Read {
        path: path.to_owned(),
        source,
    };
    let file = path.display().to_string();
    let invalid = |message: String| Error::Invalid {
        path: path.to_owned(),
        diagnostics: vec![Diagnostic::whole_file(&file, message)],
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if meta.len() > MAX_DEFINITION_BYTES {
        return Err(invalid(format!(
            "definition is {} bytes; the limit is {MAX_DEFINITION_BYTES}",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(read_err)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        invalid(format!(
            "definition is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    parse_in(&text, &file, base, check_inputs).map_err(|diagnostics| Error::Invalid {
        path: path.to_owned(),
        diagnostics,
    })
}

/// The default pipeline built into the binary ([`builtin::DEFAULT_PIPELINE`]). Its inputs
/// and output folder are meant to be replaced (`--input`, `--out`).
pub fn builtin() -> Result<Definition, Error> {
    parse_in(
        builtin::DEFAULT_PIPELINE,
        builtin::DEFAULT_PIPELINE_NAME,
        Path::new(""),
        false,
    )
    .map_err(|diagnostics| Error::Invalid {
        path: PathBuf::from(builtin::DEFAULT_PIPELINE_NAME),
        diagnostics,
    })
}

/// Parse and validate definition text, its relative paths read from the working directory;
/// `file` names it in diagnostics.
pub fn parse(text: &str, file: &str, check_inputs: bool) -> Result<Definition, Vec<Diagnostic>> {
    parse_in(text, file, Path::new(""), check_inputs)
}

/// Parse and validate definition text whose relative paths are read from `base`; every
/// problem found is returned, in file order.
pub fn parse_in(
    text: &str,
    file: &str,
    base: &Path,
    check_inputs: bool,
) -> Result<Definition, Vec<Diagnostic>> {
    let doc = Doc { text, file };
    let de = serde_yaml::Deserializer::from_str(text);
    let mut diags = Vec::new();
    let mut def = match serde_path_to_error::deserialize::<_, Definition>(de) {
        Ok(def) => Some(def),
        Err(err) => {
            diags = check::every_error(&doc, base, check_inputs);
            if diags.is_empty() {
                // The document as a whole is refused, though each part reads: say why.
                let path = err.path().to_string();
                diags.push(diagnose(&err.into_inner(), path, &doc));
            }
            None
        }
    };
    if let Some(def) = &mut def {
        def.source_hash = scrutiny_core::content_id(text.as_bytes());
        let parts = Parts::of(def);
        diags = parts.check(&doc, base, check_inputs, check::MAX_ERRORS + 1);
        def.resolve(base);
    }
    diags.sort_by_key(|d| (d.line, d.column));
    if diags.len() > check::MAX_ERRORS {
        diags.truncate(check::MAX_ERRORS);
        diags.push(Diagnostic::whole_file(
            file,
            format!(
                "stopped after {} errors; fix these first",
                check::MAX_ERRORS
            ),
        ));
    }
    match def {
        Some(def) if diags.is_empty() => Ok(def),
        _ => Err(diags),
    }
}

impl Definition {
    /// Make the relative paths relative to `base` instead (the definition file's folder).
    fn resolve(&mut self, base: &Path) {
        for input in &mut self.inputs {
            input.glob = rebase_glob(base, &input.glob);
        }
        if let Some(g) = &mut self.extract.gazetteer {
            *g = rebase(base, g);
        }
        self.outputs.dir = rebase(base, &self.outputs.dir);
    }
}

/// `rel` read from the folder `base`. The leading `.` and `..` of `rel` are taken off `base`
/// by name, so that `pipelines/` and `../data/raw` give `data/raw`, the same path (and so the
/// same article paths and ids) as `data/raw` read from the project root.
pub fn rebase(base: &Path, rel: &Path) -> PathBuf {
    if rel.is_absolute() {
        return rel.to_owned();
    }
    let mut base = base.to_path_buf();
    let mut rest = rel.components();
    loop {
        let mut ahead = rest.clone();
        match ahead.next() {
            Some(Component::CurDir) => {}
            Some(Component::ParentDir) if ends_in_a_name(&base) => {
                base.pop();
            }
            Some(Component::ParentDir) if is_root(&base) => {}
            _ => break,
        }
        rest = ahead;
    }
    match (
        base.as_os_str().is_empty(),
        rest.as_path().as_os_str().is_empty(),
    ) {
        (true, true) => PathBuf::from("."),
        (_, true) => base,
        (true, false) => rest.as_path().to_owned(),
        (false, false) => base.join(rest.as_path()),
    }
}

/// [`rebase`] for a glob: the folder part is escaped, so that a folder named `[draft]` is not
/// read as a pattern.
pub fn rebase_glob(base: &Path, glob: &str) -> String {
    if Path::new(glob).is_absolute() {
        return glob.to_owned();
    }
    let mut base = base.to_path_buf();
    let mut rest = glob;
    loop {
        if let Some(r) = rest.strip_prefix("./") {
            rest = r;
        } else if let Some(r) = rest.strip_prefix("../").filter(|_| ends_in_a_name(&base)) {
            base.pop();
            rest = r;
        } else if let Some(r) = rest.strip_prefix("../").filter(|_| is_root(&base)) {
            rest = r;
        } else {
            break;
        }
    }
    if base.as_os_str().is_empty() {
        return rest.to_owned();
    }
    let folder = glob::Pattern::escape(&base.to_string_lossy());
    format!("{}/{rest}", folder.trim_end_matches('/'))
}

fn ends_in_a_name(path: &Path) -> bool {
    matches!(path.components().next_back(), Some(Component::Normal(_)))
}

/// `/`, whose `..` is itself.
fn is_root(path: &Path) -> bool {
    matches!(path.components().next_back(), Some(Component::RootDir))
}

/// The parts of a definition the checks after parsing look at, each where it was read
/// (a part that did not parse is absent and its checks are left out).
#[derive(Default)]
pub(crate) struct Parts {
    /// Each input with its index in `inputs`.
    pub(crate) inputs: Vec<(usize, Input)>,
    pub(crate) sources: Option<Vec<SourceConfig>>,
    pub(crate) stages: Option<Vec<StageName>>,
    pub(crate) dedup: Option<scrutiny_merge::Options>,
    pub(crate) gazetteer: Option<PathBuf>,
}

impl Parts {
    fn of(def: &Definition) -> Parts {
        Parts {
            inputs: def.inputs.iter().cloned().enumerate().collect(),
            sources: Some(def.sources.clone()),
            stages: Some(def.stages.clone()),
            dedup: Some(def.dedup.clone()),
            gazetteer: def.extract.gazetteer.clone(),
        }
    }

    /// What a definition can get wrong beyond its types: the first `most` problems, each
    /// positioned (which reads the text again, so only those reported are).
    pub(crate) fn check(
        &self,
        doc: &Doc<'_>,
        base: &Path,
        check_inputs: bool,
        most: usize,
    ) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(sources) = &self.sources {
            problems.extend(check_sources(sources));
            problems.extend(check_input_sources(&self.inputs, sources));
        }
        if let Some(stages) = &self.stages {
            if stages.contains(&StageName::Merge) && !stages.contains(&StageName::Extract) {
                problems.push(Problem::new(
                    &[Step::key("stages")],
                    "stage `merge` merges claims, so it needs stage `extract`".into(),
                    Some("use `stages: [extract, merge, export]`".into()),
                ));
            }
        }
        if let Some(Err(e)) = self.dedup.as_ref().map(scrutiny_merge::Options::validate) {
            problems.push(Problem::new(&[Step::key("dedup")], e.to_string(), None));
        }
        if check_inputs {
            problems.extend(self.check_files(base));
        }
        problems
            .into_iter()
            .take(most)
            .map(|p| doc.at(&p.steps, At::Value, p.message, p.help))
            .collect()
    }

    /// Every input matches a file, and a named gazetteer exists.
    fn check_files(&self, base: &Path) -> Vec<Problem> {
        let mut problems = Vec::new();
        let looked = |written: &str, read: &str| {
            (written != read)
                .then(|| format!("paths are read from the pipeline's folder: looked for `{read}`"))
        };
        for (i, input) in &self.inputs {
            let pattern = rebase_glob(base, &input.glob);
            let message = match expand_glob(&pattern) {
                Err(why) => why,
                Ok(found) if found.is_empty() => format!("input `{}` matches no file", input.glob),
                Ok(_) => continue,
            };
            let help = looked(&input.glob, &pattern);
            problems.push(Problem::new(
                &[Step::key("inputs"), Step::Index(*i)],
                message,
                help,
            ));
        }
        if let Some(g) = &self.gazetteer {
            let path = rebase(base, g);
            let (written, read) = (g.display().to_string(), path.display().to_string());
            let message = match std::fs::metadata(&path) {
                Err(_) => Some(format!("file `{written}` does not exist")),
                Ok(m) if m.is_dir() => Some(format!("`{written}` is a folder, not a CSV file")),
                Ok(_) => gazetteer_problem(&path)
                    .map(|why| format!("`{written}` is not a gazetteer: {why}")),
            };
            if let Some(message) = message {
                problems.push(Problem::new(
                    &[Step::key("extract"), Step::key("gazetteer")],
                    message,
                    looked(&written, &read),
                ));
            }
        }
        problems
    }
}

/// The largest gazetteer read (the built-in one is under 100 KiB).
const MAX_GAZETTEER_BYTES: u64 = 16 * 1024 * 1024;

/// Why the file at `path` cannot be the gazetteer, when it cannot: not a regular file, too
/// large, not UTF-8, or not the CSV the extractor builds one from.
fn gazetteer_problem(path: &Path) -> Option<String> {
    let (file, len) = match crate::read::open_regular(path) {
        Ok(Some(opened)) => opened,
        Ok(None) => return Some("not a regular file".into()),
        Err(e) => return Some(e.to_string()),
    };
    if len > MAX_GAZETTEER_BYTES {
        return Some(format!(
            "it is {len} bytes; a gazetteer is at most {MAX_GAZETTEER_BYTES}"
        ));
    }
    let mut text = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut { file }, &mut text) {
        return Some(e.to_string());
    }
    scrutiny_extract::Gazetteer::from_csv(&text)
        .err()
        .map(|e| e.to_string())
}

/// Each source once, and at least one.
fn check_sources(sources: &[SourceConfig]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        if sources[..i].iter().any(|t| t.name() == s.name()) {
            problems.push(Problem::new(
                &[Step::key("sources"), Step::Index(i), Step::key("kind")],
                format!("source `{}` is listed twice", s.name()),
                Some("list each source once".into()),
            ));
        }
    }
    if sources.is_empty() {
        problems.push(Problem::new(
            &[Step::key("sources")],
            "no source plugin is enabled".into(),
            Some("add at least `- kind: generic`".into()),
        ));
    }
    problems
}

/// An input's `source:` is one of the enabled sources.
fn check_input_sources(inputs: &[(usize, Input)], sources: &[SourceConfig]) -> Vec<Problem> {
    inputs
        .iter()
        .filter_map(|(i, input)| {
            let src = input.source?;
            if sources.iter().any(|s| s.name() == src) {
                return None;
            }
            Some(Problem::new(
                &[Step::key("inputs"), Step::Index(*i), Step::key("source")],
                format!("input names source `{src}`, which `sources` does not enable"),
                Some(format!("add `- kind: {src}` to `sources`")),
            ))
        })
        .collect()
}

/// A problem found after parsing, at a key path; positioned only when it is reported.
struct Problem {
    steps: Vec<Step>,
    message: String,
    help: Option<String>,
}

impl Problem {
    fn new(steps: &[Step], message: String, help: Option<String>) -> Problem {
        Problem {
            steps: steps.to_vec(),
            message,
            help,
        }
    }
}

/// Turn a serde_yaml error read from the text into a diagnostic: position, plain message,
/// did-you-mean.
pub(crate) fn diagnose(err: &serde_yaml::Error, path: String, doc: &Doc<'_>) -> Diagnostic {
    let (line, column) = err.location().map_or((0, 0), |l| (l.line(), l.column()));
    let (message, help) = explain(&err.to_string(), &path);
    doc.diagnostic(line, column, path, message, help)
}

/// A serde message made plain (no position, no path prefix), with a did-you-mean for a name.
pub(crate) fn explain(raw: &str, path: &str) -> (String, Option<String>) {
    let mut message = raw.to_owned();
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
    } else if let Some(name) = backticked(&message, "missing field `") {
        message = format!("missing key `{name}`");
    } else if let Some(name) = backticked(&message, "unknown field `") {
        message = format!("unknown key `{name}`");
        help = nearest(&name, expected.iter().map(String::as_str))
            .map(|n| format!("did you mean `{n}`?"));
        if help.is_none() && !expected.is_empty() {
            help = Some(format!("valid keys here: {}", quote_list(&expected)));
        }
    }
    (message, help)
}

pub(crate) fn backticked(message: &str, prefix: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_read_from_the_definition_folder() {
        let p = |base: &str, rel: &str| rebase(Path::new(base), Path::new(rel));
        assert_eq!(p("pipelines", "../data/raw"), Path::new("data/raw"));
        assert_eq!(p("", "in"), Path::new("in"));
        assert_eq!(p("", "../x"), Path::new("../x"));
        assert_eq!(p("a/b", "./c"), Path::new("a/b/c"));
        assert_eq!(p("a", ".."), Path::new("."));
        assert_eq!(p("/srv/p", "../../../x"), Path::new("/x"));
        assert_eq!(p("/srv/p", "/abs"), Path::new("/abs"));
        assert_eq!(p("../up", "../x"), Path::new("../x"));
        let g = |base: &str, glob: &str| rebase_glob(Path::new(base), glob);
        assert_eq!(g("pipelines", "../data/*.txt"), "data/*.txt");
        assert_eq!(g("", "*.txt"), "*.txt");
        assert_eq!(g("[draft]", "*.txt"), "[[]draft[]]/*.txt");
        assert_eq!(g("/srv", "/abs/*.txt"), "/abs/*.txt");
    }

    /// A path that exists is itself, glob characters and all; a glob keeps the names that are
    /// not UTF-8, as their bytes.
    #[cfg(unix)]
    #[test]
    fn inputs_are_literal_paths_first_and_globs_keep_every_name() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        let odd = std::ffi::OsStr::from_bytes(b"b\xff.txt");
        for name in [
            Path::new("a[1].txt"),
            Path::new(odd),
            Path::new("c.txt"),
            Path::new("sub/d.txt"),
        ] {
            std::fs::write(d.join(name), "x").unwrap();
        }
        let at = |p: &str| format!("{}/{p}", d.display());
        assert_eq!(expand_glob(&at("a[1].txt")).unwrap(), [d.join("a[1].txt")]);
        assert_eq!(
            expand_glob(&at("*.txt")).unwrap(),
            [d.join("a[1].txt"), d.join(odd), d.join("c.txt")]
        );
        assert_eq!(expand_glob(&at("**/d.txt")).unwrap(), [d.join("sub/d.txt")]);
        assert_eq!(expand_glob(&at("?.txt")).unwrap(), [d.join("c.txt")]);
        assert!(expand_glob(&at("nowhere.txt")).unwrap().is_empty());
        assert!(expand_glob(&at("[")).is_err());
    }

    /// A gazetteer that is a folder, or a file that is not the authorities CSV, is a definition
    /// error where the pipeline names it.
    #[test]
    fn a_gazetteer_must_be_the_authorities_csv() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        std::fs::write(dir.path().join("page.txt"), "x").unwrap();
        std::fs::write(dir.path().join("not.csv"), "hello, world\n").unwrap();
        for (g, says) in [
            ("folder", "is a folder, not a CSV file"),
            ("not.csv", "is not a gazetteer"),
        ] {
            let text = format!(
                "name: t\ninputs: [page.txt]\nsources: [{{kind: generic}}]\nextract: {{gazetteer: {g}}}\noutputs: {{dir: o}}\n"
            );
            let diags = parse_in(&text, "p.yaml", dir.path(), true)
                .err()
                .unwrap_or_default();
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert!(diags[0].to_string().contains(says), "{}", diags[0]);
            assert!(diags[0].to_string().contains("p.yaml:4:"), "{}", diags[0]);
        }
    }

    #[test]
    fn the_builtin_pipeline_is_the_default_one_and_reads_the_builtin_gazetteer() {
        let def = builtin().unwrap();
        assert_eq!(def.name, "default");
        assert_eq!(def.extract.gazetteer, None);
        assert!(def.extract.gazetteer_csv().unwrap().lines().count() > 100);
        assert!(def.outputs.formats.len() >= 4);
    }

    #[test]
    fn a_missing_input_or_gazetteer_names_where_it_was_looked_for() {
        let text = "name: t\ninputs: [nowhere]\nsources: [{kind: generic}]\nextract: {gazetteer: g.csv}\noutputs: {dir: o}\n";
        let diags = parse_in(text, "p.yaml", Path::new("some/dir"), true)
            .err()
            .unwrap_or_default();
        let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(diags.len(), 2, "{lines:?}");
        assert!(
            lines[0].starts_with("error: input `nowhere` matches no file at p.yaml:2:10; paths are read from the pipeline's folder: looked for `some/dir/nowhere`"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("error: file `g.csv` does not exist at p.yaml:4:22;"),
            "{}",
            lines[1]
        );
    }
}
