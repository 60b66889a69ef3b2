//! Positioned diagnostics for pipeline definitions, rendered like a compiler error.

use std::fmt;

/// One problem in a pipeline definition, with its position and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The definition file, as given.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// Dotted path of the offending key (`sources[1].kind`), when known.
    pub path: String,
    /// What is wrong, without position.
    pub message: String,
    /// A hint such as "did you mean `bbc`?".
    pub help: Option<String>,
    /// The offending source line, for the snippet.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A problem with the whole file (its size, its encoding), at no line.
    pub fn whole_file(file: &str, message: String) -> Diagnostic {
        Diagnostic {
            file: file.to_owned(),
            line: 0,
            column: 0,
            path: String::new(),
            message,
            help: None,
            snippet: None,
        }
    }

    /// `file:line:column`, or just the file when the position is unknown.
    pub fn location(&self) -> String {
        if self.line == 0 {
            self.file.clone()
        } else {
            format!("{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {} at {}", self.message, self.location())?;
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
        }
        writeln!(f)?;
        if let Some(line) = &self.snippet {
            let gutter = self.line.to_string().len();
            writeln!(f, "{:gutter$} --> {}", "", self.location())?;
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.line, line)?;
            let width = caret_width(line, self.column);
            writeln!(
                f,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(self.column.saturating_sub(1)),
                "^".repeat(width)
            )?;
        }
        if !self.path.is_empty() {
            let gutter = if self.snippet.is_some() {
                self.line.to_string().len()
            } else {
                0
            };
            writeln!(f, "{:gutter$} = key: {}", "", self.path)?;
        }
        Ok(())
    }
}

/// Underline the token that starts at `column` (up to the next space, colon or comma).
fn caret_width(line: &str, column: usize) -> usize {
    let rest: String = line.chars().skip(column.saturating_sub(1)).collect();
    let n = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ':' | ',' | ']' | '}'))
        .count();
    n.max(1)
}

/// The nearest valid name to `typo` by Jaro similarity (>= 0.7), as clap does.
pub fn nearest<'a>(typo: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro(typo, c), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_picks_the_closest_and_refuses_far_names() {
        assert_eq!(nearest("bbcc", ["cypnow", "bbc", "reach"]), Some("bbc"));
        assert_eq!(nearest("zzzzzz", ["cypnow", "bbc", "reach"]), None);
    }

    #[test]
    fn renders_summary_line_and_snippet() {
        let d = Diagnostic {
            file: "p.yaml".into(),
            line: 7,
            column: 11,
            path: "sources[1].kind".into(),
            message: "unknown source `bbcc`".into(),
            help: Some("did you mean `bbc`?".into()),
            snippet: Some("  - kind: bbcc".into()),
        };
        let text = d.to_string();
        assert!(
            text.starts_with("error: unknown source `bbcc` at p.yaml:7:11; did you mean `bbc`?\n"),
            "{text}"
        );
        assert!(
            text.contains("7 |   - kind: bbcc\n  |           ^^^^\n"),
            "{text}"
        );
    }
}
