//! Every error in a definition in one pass, each at its line and column.
//!
//! serde stops at the first error, so a definition that does not deserialize is read again
//! part by part: each top-level section, and each entry of `inputs`, `sources` and `stages`.
//! Within a part, a key in error is left out and the part read again, so that a second typo
//! in `outputs` is found beside the first. Parts are read from the parsed YAML tree, which has
//! no positions; each error is then positioned by walking the text to its key path
//! ([`Doc::locate`]), where serde_yaml's own error gives the line and column.

use serde::Deserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_yaml::Value;

use crate::definition::{
    ExtractConfig, Input, Limits, Outputs, Parts, StageName, WarcConfig, backticked, diagnose,
    explain,
};
use crate::diagnostic::{Diagnostic, nearest};
use crate::registry::SourceConfig;

/// The top-level keys of a definition, in the order `Definition` declares them.
pub(crate) const FIELDS: [&str; 10] = [
    "name",
    "description",
    "inputs",
    "sources",
    "stages",
    "limits",
    "extract",
    "dedup",
    "warc",
    "outputs",
];

/// The top-level keys a definition must have.
pub(crate) const REQUIRED: [&str; 4] = ["name", "inputs", "sources", "outputs"];

/// Errors reported for one part at most (each leaves a key out, so a part has few).
const MAX_PER_PART: usize = 32;

/// Errors looked for in one definition at most: each is positioned by reading the text again,
/// so a hostile definition with thousands of bad entries would take minutes, and a person
/// fixes the first ones first anyway. [`crate::definition::parse_in`] says when it stopped.
pub(crate) const MAX_ERRORS: usize = 100;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

impl Step {
    pub(crate) fn key(k: &str) -> Step {
        Step::Key(k.to_owned())
    }

    fn of(segment: &serde_path_to_error::Segment) -> Option<Step> {
        match segment {
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            _ => None,
        }
    }
}

/// `sources[2].kind`, as diagnostics print a key path.
pub(crate) fn path_string(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Where a diagnostic points: at a key (an unknown one) or at the value under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Key,
    Value,
}

/// The definition text and the name diagnostics give it.
pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    pub(crate) file: &'a str,
}

impl Doc<'_> {
    /// A diagnostic at `line`:`column` (0 when unknown), with that line as its snippet.
    pub(crate) fn diagnostic(
        &self,
        line: usize,
        column: usize,
        path: String,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let snippet = (line > 0)
            .then(|| self.text.lines().nth(line - 1).map(str::to_owned))
            .flatten();
        Diagnostic {
            file: self.file.to_owned(),
            line,
            column,
            path,
            message,
            help,
            snippet,
        }
    }

    /// A diagnostic at the key path `steps`.
    pub(crate) fn at(
        &self,
        steps: &[Step],
        at: At,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        let (line, column) = self.locate(steps, at).unwrap_or((0, 0));
        self.diagnostic(line, column, path_string(steps), message, help)
    }

    /// The 1-based line and column of the key path's key or value, when the text has it.
    pub(crate) fn locate(&self, steps: &[Step], at: At) -> Option<(usize, usize)> {
        let de = serde_yaml::Deserializer::from_str(self.text);
        let err = Locate { steps, at }.deserialize(de).err()?;
        if !err.to_string().contains(HERE) {
            return None;
        }
        err.location().map(|l| (l.line(), l.column()))
    }
}

/// Every error of a definition that does not deserialize, part by part, and the checks
/// after parsing on the parts that read.
pub(crate) fn every_error(
    doc: &Doc<'_>,
    base: &std::path::Path,
    check_inputs: bool,
) -> Vec<Diagnostic> {
    let value: Value = match serde_yaml::from_str(doc.text) {
        Ok(v) => v,
        Err(e) => return vec![diagnose(&e, String::new(), doc)],
    };
    // Not a mapping: the caller reports the whole document's error.
    let Value::Mapping(map) = value else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    let mut parts = Parts::default();
    for (key, value) in &map {
        if diags.len() > MAX_ERRORS {
            break;
        }
        if let Some(key) = key.as_str() {
            section(doc, key, value, &mut parts, &mut diags);
        }
    }
    for key in REQUIRED {
        if !map.contains_key(key) {
            diags.push(doc.at(
                &[],
                At::Value,
                format!("missing key `{key}`"),
                Some("docs/pipelines.md lists every key".into()),
            ));
        }
    }
    let most = (MAX_ERRORS + 1).saturating_sub(diags.len());
    diags.extend(parts.check(doc, base, check_inputs, most));
    diags
}

/// The errors of one top-level section; what reads goes into `parts` for the later checks.
fn section(
    doc: &Doc<'_>,
    key: &str,
    value: &Value,
    parts: &mut Parts,
    diags: &mut Vec<Diagnostic>,
) {
    let at = [Step::key(key)];
    match key {
        "name" => drop(part::<String>(doc, &at, value, diags)),
        "description" => drop(part::<Option<String>>(doc, &at, value, diags)),
        "inputs" => {
            let read = each::<Input>(doc, key, value, diags).unwrap_or_default();
            parts.inputs = read
                .into_iter()
                .enumerate()
                .filter_map(|(i, input)| Some((i, input?)))
                .collect();
        }
        "sources" => {
            parts.sources = each::<SourceConfig>(doc, key, value, diags)
                .and_then(|all| all.into_iter().collect());
        }
        "stages" => {
            parts.stages =
                each::<StageName>(doc, key, value, diags).and_then(|all| all.into_iter().collect());
        }
        "limits" => drop(part::<Limits>(doc, &at, value, diags)),
        "extract" => {
            parts.gazetteer =
                part::<ExtractConfig>(doc, &at, value, diags).and_then(|e| e.gazetteer);
        }
        "dedup" => parts.dedup = part::<scrutiny_merge::Options>(doc, &at, value, diags),
        "warc" => drop(part::<WarcConfig>(doc, &at, value, diags)),
        "outputs" => drop(part::<Outputs>(doc, &at, value, diags)),
        _ => {
            let help = match nearest(key, FIELDS) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("valid keys here: `{}`", FIELDS.join("`, `")),
            };
            diags.push(doc.at(&at, At::Key, format!("unknown key `{key}`"), Some(help)));
        }
    }
}

/// Each entry of a list section read as a part; `None` when the section is not a list.
fn each<T: DeserializeOwned>(
    doc: &Doc<'_>,
    key: &str,
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<T>>> {
    let Value::Sequence(items) = value else {
        part::<Vec<T>>(doc, &[Step::key(key)], value, diags);
        return None;
    };
    let mut entries = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if diags.len() > MAX_ERRORS {
            return None;
        }
        entries.push(part::<T>(
            doc,
            &[Step::key(key), Step::Index(i)],
            item,
            diags,
        ));
    }
    Some(entries)
}

/// Every error in the part at `steps` read as `T`: each key in error is left out and the part
/// read again. Returns the part when it read without error.
fn part<T: DeserializeOwned>(
    doc: &Doc<'_>,
    steps: &[Step],
    value: &Value,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut value = value.clone();
    let mut left_out: Vec<String> = Vec::new();
    for _ in 0..MAX_PER_PART {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return left_out.is_empty().then_some(t),
            Err(err) => err,
        };
        let mut inner: Vec<Step> = err.path().iter().filter_map(Step::of).collect();
        let raw = err.into_inner().to_string();
        // A visitor that reads its keys as strings refuses one after the fact, so the path
        // ends at the mapping: the key is in the message.
        if let Some(key) = backticked(&raw, "unknown field `") {
            if inner.last() != Some(&Step::Key(key.clone())) {
                inner.push(Step::Key(key));
            }
        }
        // A key left out and now missing was reported already, and the part can go no further.
        if backticked(&raw, "missing field `").is_some_and(|f| left_out.contains(&f)) {
            return None;
        }
        let full = [steps, &inner].concat();
        let at = if raw.starts_with("unknown field") {
            At::Key
        } else {
            At::Value
        };
        let path = path_string(&full);
        let (message, help) = explain(&raw, &path);
        let (line, column) = doc.locate(&full, at).unwrap_or((0, 0));
        diags.push(doc.diagnostic(line, column, path, message, help));
        let (Some(Step::Key(key)), Value::Mapping(map)) = (inner.first(), &mut value) else {
            return None;
        };
        map.shift_remove(key.as_str())?;
        left_out.push(key.clone());
    }
    None
}

/// The message [`Locate`] stops with where it finds its target.
const HERE: &str = "<scrutiny: the position asked for>";

/// Walks the text to a key path and fails there, so that serde_yaml's error carries the
/// position of that key or value.
struct Locate<'a> {
    steps: &'a [Step],
    at: At,
}

impl<'de> DeserializeSeed<'de> for Locate<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.steps.split_first() {
            None => d.deserialize_any(Here),
            Some((Step::Key(key), rest)) => d.deserialize_map(InMap {
                key,
                rest,
                at: self.at,
            }),
            Some((Step::Index(index), rest)) => d.deserialize_seq(InSeq {
                index: *index,
                rest,
                at: self.at,
            }),
        }
    }
}

/// Refuses whatever it is given, with [`HERE`] in the message.
struct Here;

impl Visitor<'_> for Here {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(HERE)
    }
}

struct InMap<'a> {
    key: &'a str,
    rest: &'a [Step],
    at: At,
}

impl<'de> Visitor<'de> for InMap<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a mapping with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let stop_at_key = self.rest.is_empty() && self.at == At::Key;
        let key = KeyNamed {
            name: self.key,
            stop: stop_at_key,
        };
        while let Some(found) = map.next_key_seed(key)? {
            if found {
                map.next_value_seed(Locate {
                    steps: self.rest,
                    at: self.at,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A mapping key: whether it is `name`; with `stop`, it fails there instead.
#[derive(Clone, Copy)]
struct KeyNamed<'a> {
    name: &'a str,
    stop: bool,
}

impl<'de> DeserializeSeed<'de> for KeyNamed<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyNamed<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match (v == self.name, self.stop) {
            (true, true) => Err(E::custom(HERE)),
            (found, _) => Ok(found),
        }
    }
}

struct InSeq<'a> {
    index: usize,
    rest: &'a [Step],
    at: At,
}

impl<'de> Visitor<'de> for InSeq<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list with an entry {}", self.index)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for _ in 0..self.index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        seq.next_element_seed(Locate {
            steps: self.rest,
            at: self.at,
        })?;
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{Definition, parse};

    fn errors(text: &str) -> Vec<String> {
        parse(text, "p.yaml", false)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|d| {
                let help = d
                    .help
                    .as_deref()
                    .map(|h| format!("; {h}"))
                    .unwrap_or_default();
                format!("{}:{} {}{help}", d.line, d.column, d.message)
            })
            .collect()
    }

    #[test]
    fn every_error_is_listed_in_file_order_with_its_position() {
        let text = "name: t\n\
                    inputs:\n  - in\n  - glob: x\n    sourc: bbc\n\
                    sources:\n  - kind: generic\n  - kind: bbcc\n\
                    stages: [extract, merj]\n\
                    limits:\n  max_file_byte: 10\n  max_html_depth: deep\n\
                    outputs:\n  dir: out\n  formts: [csv]\n\
                    extras: 1\n";
        assert_eq!(
            errors(text),
            [
                "5:5 unknown key `sourc`; did you mean `source`?",
                "8:11 unknown source `bbcc`; did you mean `bbc`?",
                "9:19 unknown value `merj`; did you mean `merge`?",
                "11:3 unknown key `max_file_byte`; did you mean `max_file_bytes`?",
                "12:19 invalid type: string \"deep\", expected usize",
                "15:3 unknown key `formts`; did you mean `formats`?",
                "16:1 unknown key `extras`; did you mean `extract`?",
            ]
        );
    }

    #[test]
    fn missing_keys_and_checks_after_parsing_join_the_type_errors() {
        let text = "name: t\ninputs:\n  - glob: in\n    source: reach\nsources:\n  - kind: generic\n  - kind: generic\nstages: [merge]\nlimits: {max_file_bytes: x}\n";
        assert_eq!(
            errors(text),
            [
                "1:1 missing key `outputs`; docs/pipelines.md lists every key",
                "4:13 input names source `reach`, which `sources` does not enable; add `- kind: reach` to `sources`",
                "7:11 source `generic` is listed twice; list each source once",
                "8:9 stage `merge` merges claims, so it needs stage `extract`; use `stages: [extract, merge, export]`",
                "9:26 invalid type: string \"x\", expected u64",
            ]
        );
    }

    /// Type errors (an unknown source) and problems found after parsing (a source listed
    /// twice) alike: the first hundred, then a word that there are more, in seconds.
    #[test]
    fn thousands_of_errors_stop_at_a_hundred() {
        for entry in ["  - kind: nope\n", "  - kind: generic\n"] {
            let mut text = "name: t\ninputs: [in]\noutputs: {dir: o}\nsources:\n".to_owned();
            text.push_str(&entry.repeat(5000));
            let started = std::time::Instant::now();
            let e = errors(&text);
            assert_eq!(e.len(), MAX_ERRORS + 1, "{entry}");
            assert_eq!(
                e[MAX_ERRORS],
                "0:0 stopped after 100 errors; fix these first"
            );
            assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
        }
    }

    #[test]
    fn a_syntax_error_is_the_one_error() {
        let e = errors("name: t\ninputs: [in\nsources:\n");
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn the_top_level_keys_are_those_serde_knows() {
        let err = serde_yaml::from_str::<Definition>("zzz: 1\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        for field in FIELDS {
            assert!(err.contains(&format!("`{field}`")), "{field}: {err}");
        }
        assert_eq!(err.matches('`').count(), 2 * (FIELDS.len() + 1), "{err}");
        let minimal = "name: t\ninputs: []\nsources: []\noutputs: {dir: o}\n";
        assert!(serde_yaml::from_str::<Definition>(minimal).is_ok());
        for key in REQUIRED {
            let without: String = minimal
                .lines()
                .filter(|l| !l.starts_with(key))
                .map(|l| format!("{l}\n"))
                .collect();
            assert!(
                serde_yaml::from_str::<Definition>(&without).is_err(),
                "{key}"
            );
        }
    }

    #[test]
    fn locate_finds_keys_and_values_at_any_depth() {
        let doc = Doc {
            text: "a:\n  - x\n  - b: {c: 1}\nd: 2\n",
            file: "p.yaml",
        };
        let path = [
            Step::key("a"),
            Step::Index(1),
            Step::key("b"),
            Step::key("c"),
        ];
        assert_eq!(doc.locate(&path, At::Key), Some((3, 9)));
        assert_eq!(doc.locate(&path, At::Value), Some((3, 12)));
        assert_eq!(doc.locate(&[Step::key("d")], At::Value), Some((4, 4)));
        assert_eq!(doc.locate(&[Step::key("e")], At::Value), None);
        assert_eq!(
            doc.locate(&[Step::key("a"), Step::Index(5)], At::Value),
            None
        );
    }
}
