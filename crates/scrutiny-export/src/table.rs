//! Flat columns of each row type, shared by the CSV and SQLite writers so both agree.

use std::borrow::Cow;

use serde::Serialize;

use crate::rows::{ArticleRow, ClaimRow, EventRow, PersonRow, RejectRow};

/// Separator of list items in one CSV cell; `\` and `|` inside an item are escaped with `\`.
pub const LIST_SEPARATOR: char = '|';

/// One cell of a flat row, borrowing the row's text: each writer reads it in place, and no
/// string is copied per format.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Unknown (CSV: empty; SQLite: NULL).
    Null,
    /// An integer (booleans are 0 and 1 in SQLite, `true` and `false` in CSV).
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A real number, kept as its shortest decimal form so every format shows the same digits.
    Real(String),
    /// Text.
    Text(Cow<'a, str>),
    /// A list of strings (CSV: joined by [`LIST_SEPARATOR`]; SQLite: a JSON array).
    List(&'a [String]),
}

impl<'a> Cell<'a> {
    fn text(v: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(v))
    }

    fn opt(v: Option<&'a str>) -> Self {
        v.map_or(Cell::Null, Cell::text)
    }

    /// The value of a serde enum or date as its JSON string form (`requires_improvement`).
    fn ser<T: Serialize>(v: Option<&T>) -> Self {
        match v.map(serde_json::to_value) {
            Some(Ok(serde_json::Value::String(s))) => Cell::Text(Cow::Owned(s)),
            Some(Ok(other)) => Cell::Text(Cow::Owned(other.to_string())),
            _ => Cell::Null,
        }
    }

    fn int<T: TryInto<i64>>(v: T) -> Self {
        v.try_into().map_or(Cell::Null, Cell::Int)
    }

    fn opt_int<T: TryInto<i64>>(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Cell::int)
    }

    /// The CSV form of the cell. Text that a spreadsheet would take for a formula is
    /// neutralised ([`inert`]); numbers are written as they are.
    pub fn to_csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Null => Cow::Borrowed(""),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Cell::Real(r) => Cow::Borrowed(r),
            Cell::Text(t) => inert(Cow::Borrowed(t)),
            Cell::List(items) => inert(Cow::Owned(join_list(items))),
        }
    }
}

/// Text made safe to open in a spreadsheet, as OWASP recommends against CSV injection: a cell
/// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front, so that
/// it is shown as text rather than run as a formula (the `csv` writer quotes every cell that
/// needs it). JSON Lines and SQLite keep the exact text.
pub fn inert(text: Cow<'_, str>) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    }
}

/// Join list items with [`LIST_SEPARATOR`], escaping the separator and backslash.
pub fn join_list(items: &[String]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(LIST_SEPARATOR);
        }
        for c in item.chars() {
            if c == '\\' || c == LIST_SEPARATOR {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Split a cell written by [`join_list`] back into items (an empty cell is an empty list).
pub fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = cell.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), items.last_mut()) {
                    last.push(next);
                }
            }
            c if c == LIST_SEPARATOR => items.push(String::new()),
            c => {
                if let Some(last) = items.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    items
}

/// A row type written as one flat table.
pub trait Table {
    /// The dataset (file stem and SQLite table) name.
    const NAME: &'static str;
    /// Column names, in order.
    const COLUMNS: &'static [&'static str];
    /// The cells, one per column.
    fn cells(&self) -> Vec<Cell<'_>>;
    /// The primary key, when the table has a one-column key (writers insert in key order).
    fn key(&self) -> Option<&str> {
        None
    }
}

fn real(c: f32) -> Cell<'static> {
    Cell::Real(c.to_string())
}

impl Table for ArticleRow {
    fn key(&self) -> Option<&str> {
        Some(&self.id)
    }
    const NAME: &'static str = "articles";
    const COLUMNS: &'static [&'static str] = &[
        "schema_version",
        "id",
        "path",
        "source",
        "url",
        "format",
        "encoding",
        "title",
        "title_from",
        "standfirst",
        "byline",
        "byline_from",
        "published",
        "published_from",
        "cluster",
        "duplicate_of",
        "inferred_date",
        "not_before",
        "inferred_basis",
        "captions",
        "body",
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::int(self.schema_version),
            Cell::text(&self.id),
            Cell::text(&self.path),
            Cell::text(&self.source),
            Cell::opt(self.url.as_deref()),
            Cell::ser(Some(&self.format)),
            Cell::text(&self.encoding),
            Cell::opt(self.title.as_deref()),
            Cell::ser(Some(&self.title_from)),
            Cell::opt(self.standfirst.as_deref()),
            Cell::opt(self.byline.as_deref()),
            Cell::ser(Some(&self.byline_from)),
            Cell::ser(self.published.as_ref()),
            Cell::ser(Some(&self.published_from)),
            Cell::opt(self.cluster.as_deref()),
            Cell::opt(self.duplicate_of.as_deref()),
            Cell::ser(self.inferred_date.as_ref()),
            Cell::ser(self.not_before.as_ref()),
            Cell::opt(self.inferred_basis.as_deref()),
            Cell::List(&self.captions),
            Cell::text(&self.body),
        ]
    }
}

impl Table for ClaimRow<'_> {
    fn key(&self) -> Option<&str> {
        Some(&self.id)
    }
    const NAME: &'static str = "claims";
    const COLUMNS: &'static [&'static str] = &[
        "schema_version",
        "id",
        "article_id",
        "kind",
        "authority",
        "authority_code",
        "judgement",
        "rating",
        "framework",
        "date",
        "month",
        "date_basis",
        "current",
        "relative_years",
        "relative_anchor",
        "evidence_sentence",
        "evidence_start",
        "evidence_end",
        "confidence",
        "excluded",
        "name",
        "role",
        "from",
        "until",
        "what",
        "value",
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::int(self.schema_version),
            Cell::text(&self.id),
            Cell::text(&self.article_id),
            Cell::ser(Some(&self.kind)),
            Cell::opt(self.authority.as_deref()),
            Cell::opt(self.authority_code.as_deref()),
            Cell::ser(self.judgement.as_ref()),
            Cell::ser(self.rating.as_ref()),
            Cell::ser(self.framework.as_ref()),
            Cell::ser(self.date.as_ref()),
            Cell::opt_int(self.month),
            Cell::text(&self.date_basis),
            Cell::Bool(self.current),
            Cell::opt_int(self.relative_years),
            Cell::opt_int(self.relative_anchor),
            Cell::text(&self.evidence_sentence),
            Cell::int(self.evidence_start),
            Cell::int(self.evidence_end),
            real(self.confidence),
            Cell::opt(self.excluded.as_deref()),
            Cell::opt(self.name.as_deref()),
            Cell::opt(self.role.as_deref()),
            Cell::ser(self.from.as_ref()),
            Cell::ser(self.until.as_ref()),
            Cell::opt(self.what.as_deref()),
            Cell::opt(self.value.as_deref()),
        ]
    }
}

impl Table for EventRow {
    fn key(&self) -> Option<&str> {
        Some(&self.id)
    }
    const NAME: &'static str = "events";
    const COLUMNS: &'static [&'static str] = &[
        "schema_version",
        "id",
        "kind",
        "authority",
        "authority_code",
        "judgement",
        "rating",
        "date",
        "month",
        "date_basis",
        "articles",
        "sources",
        "claims",
        "clusters",
        "conflict",
        "conflicting",
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::int(self.schema_version),
            Cell::text(&self.id),
            Cell::ser(Some(&self.kind)),
            Cell::opt(self.authority.as_deref()),
            Cell::opt(self.authority_code.as_deref()),
            Cell::ser(self.judgement.as_ref()),
            Cell::ser(self.rating.as_ref()),
            Cell::ser(self.date.as_ref()),
            Cell::opt_int(self.month),
            Cell::text(&self.date_basis),
            Cell::List(&self.articles),
            Cell::List(&self.sources),
            Cell::List(&self.claims),
            Cell::int(self.clusters),
            Cell::Bool(self.conflict),
            Cell::List(&self.conflicting),
        ]
    }
}

impl Table for PersonRow<'_> {
    fn key(&self) -> Option<&str> {
        Some(&self.claim_id)
    }
    const NAME: &'static str = "people";
    const COLUMNS: &'static [&'static str] = &[
        "schema_version",
        "claim_id",
        "article_id",
        "name",
        "role",
        "authority",
        "authority_code",
        "from",
        "until",
        "evidence_sentence",
        "confidence",
    ];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::int(self.schema_version),
            Cell::text(&self.claim_id),
            Cell::text(&self.article_id),
            Cell::opt(self.name.as_deref()),
            Cell::opt(self.role.as_deref()),
            Cell::opt(self.authority.as_deref()),
            Cell::opt(self.authority_code.as_deref()),
            Cell::ser(self.from.as_ref()),
            Cell::ser(self.until.as_ref()),
            Cell::text(&self.evidence_sentence),
            real(self.confidence),
        ]
    }
}

impl Table for RejectRow {
    fn key(&self) -> Option<&str> {
        Some(&self.id)
    }
    const NAME: &'static str = "rejects";
    const COLUMNS: &'static [&'static str] =
        &["schema_version", "id", "path", "stage", "code", "reason"];
    fn cells(&self) -> Vec<Cell<'_>> {
        vec![
            Cell::int(self.schema_version),
            Cell::text(&self.id),
            Cell::text(&self.path),
            Cell::ser(Some(&self.stage)),
            Cell::ser(Some(&self.code)),
            Cell::text(&self.reason),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_cells_round_trip_through_escaping() {
        for items in [
            vec![],
            vec!["a".to_owned()],
            vec![
                "a|b".to_owned(),
                "c\\d".to_owned(),
                String::new(),
                "e".to_owned(),
            ],
        ] {
            // An empty list and a list of one empty string share the empty cell; the first wins.
            assert_eq!(split_list(&join_list(&items)), items);
        }
        assert_eq!(join_list(&["x|y".into(), "z".into()]), "x\\|y|z");
    }

    #[test]
    fn enums_and_dates_use_their_json_names() {
        let c = Cell::ser(Some(&scrutiny_core::Rating::RequiresImprovement));
        assert_eq!(c, Cell::text("requires_improvement"));
        let d: scrutiny_core::PartialDate = "2014-06".parse().unwrap();
        assert_eq!(Cell::ser(Some(&d)).to_csv(), "2014-06");
        assert_eq!(Cell::ser::<u8>(None).to_csv(), "");
        for formula in ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(Cell::text(formula).to_csv(), format!("'{formula}"));
        }
        assert_eq!(Cell::text("Knowsley = good").to_csv(), "Knowsley = good");
        assert_eq!(Cell::Int(-3).to_csv(), "-3");
        assert_eq!(Cell::List(&["=1".to_owned()]).to_csv(), "'=1");
    }
}
