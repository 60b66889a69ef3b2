//! SQLite: one database with a table per dataset, keys, indexes and a `meta` table.

use foldhash::HashSet;
use std::path::{Path, PathBuf};

use rusqlite::ToSql;
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, params_from_iter};

use tempfile::NamedTempFile;

use crate::atomic::{self, Staged};
use crate::behind::Behind;
use crate::rows::{ClaimRow, EventRow, RejectRow, SCHEMA_VERSION};
use crate::table::{Cell, Table};
use crate::{ClaimRows, Error, Input, Rows, RunMeta};

/// The schema. Ids are the content-derived ids of the rows, never rowids; lists other than the
/// event-claim link are JSON arrays in TEXT columns.
const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles (
  "schema_version" INTEGER NOT NULL, "id" TEXT PRIMARY KEY, "path" TEXT NOT NULL,
  "source" TEXT NOT NULL, "url" TEXT, "format" TEXT NOT NULL, "encoding" TEXT NOT NULL,
  "title" TEXT, "title_from" TEXT NOT NULL, "standfirst" TEXT, "byline" TEXT,
  "byline_from" TEXT NOT NULL, "published" TEXT,
  "published_from" TEXT NOT NULL, "cluster" TEXT, "duplicate_of" TEXT,
  "inferred_date" TEXT, "not_before" TEXT, "inferred_basis" TEXT,
  "captions" TEXT NOT NULL, "body" TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE claims (
  "schema_version" INTEGER NOT NULL, "id" TEXT PRIMARY KEY,
  "article_id" TEXT NOT NULL REFERENCES articles("id"),
  "kind" TEXT NOT NULL, "authority" TEXT, "authority_code" TEXT, "judgement" TEXT,
  "rating" TEXT, "framework" TEXT, "date" TEXT, "month" INTEGER, "date_basis" TEXT NOT NULL,
  "current" INTEGER NOT NULL, "relative_years" INTEGER, "relative_anchor" INTEGER,
  "evidence_sentence" TEXT NOT NULL, "evidence_start" INTEGER NOT NULL,
  "evidence_end" INTEGER NOT NULL, "confidence" REAL NOT NULL, "excluded" TEXT, "name" TEXT,
  "role" TEXT, "from" TEXT, "until" TEXT, "what" TEXT, "value" TEXT
) WITHOUT ROWID;
CREATE TABLE events (
  "schema_version" INTEGER NOT NULL, "id" TEXT PRIMARY KEY, "kind" TEXT NOT NULL,
  "authority" TEXT, "authority_code" TEXT, "judgement" TEXT, "rating" TEXT, "date" TEXT,
  "month" INTEGER, "date_basis" TEXT NOT NULL, "sources" TEXT NOT NULL,
  "clusters" INTEGER NOT NULL, "conflict" INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE event_claims (
  "event_id" TEXT NOT NULL REFERENCES events("id"),
  "claim_id" TEXT NOT NULL REFERENCES claims("id"),
  "conflicting" INTEGER NOT NULL,
  PRIMARY KEY ("event_id", "claim_id")
) WITHOUT ROWID;
CREATE TABLE people (
  "schema_version" INTEGER NOT NULL, "claim_id" TEXT PRIMARY KEY REFERENCES claims("id"),
  "article_id" TEXT NOT NULL REFERENCES articles("id"), "name" TEXT, "role" TEXT,
  "authority" TEXT, "authority_code" TEXT, "from" TEXT, "until" TEXT,
  "evidence_sentence" TEXT NOT NULL, "confidence" REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE rejects (
  "schema_version" INTEGER NOT NULL, "id" TEXT PRIMARY KEY, "path" TEXT NOT NULL,
  "stage" TEXT NOT NULL, "code" TEXT NOT NULL, "reason" TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Indexes, built once their tables are full: one sort per index instead of a B-tree insert
/// per row. First those of the tables made from the claims alone, then the others.
const CLAIM_INDEXES: &str = r#"
CREATE INDEX claims_article ON claims("article_id");
CREATE INDEX claims_authority ON claims("authority");
CREATE INDEX claims_date ON claims("date");
CREATE INDEX people_authority ON people("authority");
CREATE INDEX people_article ON people("article_id");
"#;
const OTHER_INDEXES: &str = r#"
CREATE INDEX events_authority ON events("authority");
CREATE INDEX events_date ON events("date");
CREATE INDEX event_claims_claim ON event_claims("claim_id");
"#;

/// Columns of the event rows kept out of the `events` table: the link table holds them.
const EVENT_LINK_COLUMNS: &[&str] = &["articles", "claims", "conflicting"];

/// A database half built, in a temp file beside its path and an open transaction: the schema,
/// the meta rows, and the tables made from the claims alone (claims, people) with their
/// indexes. Those are most of the database's work and need nothing from the merge stage, so a
/// run builds them while it merges; [`Building::finish`] adds the rest.
pub(crate) struct Building {
    // Fields drop in order: the drop-behind stops first, and the database closes before its
    // file goes.
    behind: Behind,
    conn: Connection,
    tmp: NamedTempFile,
    path: PathBuf,
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Sqlite {
        path: path.to_owned(),
        source,
    }
}

/// Start the database for `path` with the claims' tables.
pub(crate) fn begin(path: &Path, meta: &RunMeta, claims: ClaimRows<'_>) -> Result<Building, Error> {
    let sql = sql_err(path);
    let tmp = atomic::temp_for(path, ".sqlite.tmp")?;
    let behind = Behind::watch(tmp.as_file());
    let conn = Connection::open(tmp.path()).map_err(&sql)?;
    // The temp file is thrown away on failure, so no journal is needed to roll back, and it is
    // synced before the rename, so SQLite need not sync it itself. A large page cache keeps
    // the B-trees being built in memory instead of paging them through the file. Foreign keys
    // are declared but not enforced while building: each check is a lookup of the parent row
    // by key, in the child's order, which past the page cache (100,000 articles is 350 MB of
    // table) reads a random page back from the file per claim. The rows are consistent by
    // construction, and `dangling` checks them against the ids held in memory instead (the
    // export tests also run `PRAGMA foreign_key_check` on the result). Unenforced, they also
    // let the claims go in before the articles they name.
    conn.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; \
         PRAGMA page_size = 16384; PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF;",
    )
    .map_err(&sql)?;
    // A transaction by hand, not rusqlite's `Transaction`: it borrows the connection, and this
    // one is held open across the merge stage in `Building`.
    conn.execute_batch("BEGIN").map_err(&sql)?;
    conn.execute_batch(SCHEMA).map_err(&sql)?;
    {
        let mut rows = conn
            .prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")
            .map_err(&sql)?;
        for (k, v) in [
            ("pipeline", meta.pipeline.as_str()),
            ("run_time", meta.run_time.as_str()),
            ("schema_version", &SCHEMA_VERSION.to_string()),
            ("tool_version", meta.tool_version.as_str()),
        ] {
            rows.execute([k, v]).map_err(&sql)?;
        }
    }
    let all = claims.claims;
    let keys = keyed(all.iter().map(|c| c.id.as_str()));
    // Copied out, not borrowed: in key order the claims are read at random in memory, and each
    // claim's strings were first touched when SQLite copied them, one cache miss at a time on
    // the database's own thread. Copying them while the row is made (by whichever thread is
    // free, next to each other) made the table 10-17% faster, one thread or two.
    insert(&conn, path, keys, &[], |i| {
        Ok(ClaimRow::from(&all[i]).owned())
    })?;
    let people = claims
        .people
        .iter()
        .map(|&i| (all[i].id.as_str(), i))
        .collect();
    insert(&conn, path, people, &[], |i| crate::person(&all[i]))?;
    conn.execute_batch(CLAIM_INDEXES).map_err(&sql)?;
    Ok(Building {
        behind,
        conn,
        tmp,
        path: path.to_owned(),
    })
}

impl Building {
    /// Add the tables that need the merge stage (articles, events and their links, rejects),
    /// index them and commit; [`atomic::commit`] syncs and renames the file. `rows` must hold
    /// the claims the database was begun with.
    pub(crate) fn finish(self, rows: Rows<'_>) -> Result<Staged, Error> {
        let Building {
            behind,
            conn,
            tmp,
            path,
        } = self;
        let sql = sql_err(&path);
        let input = rows.input;
        if let Some(why) = dangling(input) {
            return Err(sql(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(why),
            )));
        }
        let articles = keyed(input.articles.iter().map(|a| a.id.as_str()));
        let inserted = insert(&conn, &path, articles, &[], |i| rows.articles.row(i));
        rows.read_articles();
        inserted?;
        let events = keyed(input.events.iter().map(|e| e.id.as_str()));
        insert(&conn, &path, events, EVENT_LINK_COLUMNS, |i| {
            Ok(EventRow::from(&input.events[i]))
        })?;
        links(&conn, input.events).map_err(&sql)?;
        let rejects: Vec<RejectRow> = input.rejects.iter().map(RejectRow::from).collect();
        let keys = keyed(rejects.iter().map(|r| r.id.as_str()));
        insert(&conn, &path, keys, &[], |i| Ok(rejects[i].clone()))?;
        conn.execute_batch(OTHER_INDEXES).map_err(&sql)?;
        conn.execute_batch("COMMIT").map_err(&sql)?;
        conn.close().map_err(|(_, e)| sql(e))?;
        drop(behind);
        Ok(Staged::new(tmp, &path))
    }
}

/// The event-claim link table.
fn links(conn: &Connection, events: &[scrutiny_core::Event]) -> rusqlite::Result<()> {
    let mut link = conn.prepare(
        r#"INSERT INTO event_claims ("event_id", "claim_id", "conflicting") VALUES (?1, ?2, ?3)"#,
    )?;
    let mut links: Vec<(Key<'_>, Key<'_>, bool)> = events
        .iter()
        .flat_map(|e| {
            let event = (scrutiny_core::id_prefix(&e.id), e.id.as_str());
            e.claims.iter().map(move |c| {
                let claim = (scrutiny_core::id_prefix(c), c.as_str());
                (event, claim, e.conflicting.contains(c))
            })
        })
        .collect();
    // In key order, so the table's B-tree is appended to rather than split at random; by
    // prefixes first, as for the tables.
    links.sort_unstable_by(|a, b| {
        scrutiny_core::cmp_ids(a.0, b.0)
            .then_with(|| scrutiny_core::cmp_ids(a.1, b.1))
            .then(a.2.cmp(&b.2))
    });
    for ((_, event), (_, claim), conflicting) in links {
        link.execute(rusqlite::params![event, claim, conflicting])?;
    }
    Ok(())
}

/// The first reference the schema declares that does not resolve: a claim's article (claims,
/// people) or an event's claim (event_claims). Events and people are made from the claims, so
/// their own keys resolve by construction.
fn dangling(input: &Input<'_>) -> Option<String> {
    let articles: HashSet<&str> = input.articles.iter().map(|a| a.id.as_str()).collect();
    if let Some(c) = input
        .claims
        .iter()
        .find(|c| !articles.contains(c.article.as_str()))
    {
        return Some(format!(
            "FOREIGN KEY constraint failed: claim {} names article {}, which is not exported",
            c.id, c.article
        ));
    }
    let claims: HashSet<&str> = input.claims.iter().map(|c| c.id.as_str()).collect();
    input.events.iter().find_map(|e| {
        let c = e.claims.iter().find(|c| !claims.contains(c.as_str()))?;
        Some(format!(
            "FOREIGN KEY constraint failed: event {} names claim {c}, which is not exported",
            e.id
        ))
    })
}

/// A key with its [`scrutiny_core::id_prefix`].
type Key<'a> = (u64, &'a str);

/// Primary keys with their row indexes.
fn keyed<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    keys.enumerate().map(|(i, k)| (k, i)).collect()
}

/// Insert the rows `row(i)` of `keys` (each row's primary key and index) in key order.
fn insert<T: Table + Send>(
    conn: &Connection,
    path: &Path,
    keys: Vec<(&str, usize)>,
    skip: &[&str],
    row: impl Fn(usize) -> std::io::Result<T> + Sync,
) -> Result<(), Error> {
    let sql = sql_err(path);
    let keep: Vec<usize> = (0..T::COLUMNS.len())
        .filter(|&i| !skip.contains(&T::COLUMNS[i]))
        .collect();
    let names: Vec<String> = keep
        .iter()
        .map(|&i| format!("\"{}\"", T::COLUMNS[i]))
        .collect();
    let marks: Vec<String> = (1..=keep.len()).map(|i| format!("?{i}")).collect();
    let mut stmt = conn
        .prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            T::NAME,
            names.join(", "),
            marks.join(", ")
        ))
        .map_err(&sql)?;
    // In key order, so each table's B-tree is appended to rather than split at random (a table
    // without rowid is stored in key order whatever the insert order). Stable: equal keys keep
    // their order. By prefix first: the keys' strings lie at random in memory, and a sort that
    // compared them read two of them, often two cache misses, per step.
    let mut keys: Vec<(u64, &str, usize)> = keys
        .into_iter()
        .map(|(k, i)| (scrutiny_core::id_prefix(k), k, i))
        .collect();
    keys.sort_by(|a, b| scrutiny_core::cmp_ids((a.0, a.1), (b.0, b.1)));
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    crate::each_batched(
        keys.into_iter().map(|(_, _, i)| i),
        |i| row(i).map_err(io),
        |row| {
            let cells = row.cells();
            let values = keep.iter().map(|&i| Bound(cells.get(i)));
            stmt.execute(params_from_iter(values)).map_err(&sql)?;
            Ok(())
        },
    )
}

/// A cell bound as a parameter without copying its text.
struct Bound<'a>(Option<&'a Cell<'a>>);

impl ToSql for Bound<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self.0 {
            None | Some(Cell::Null) => ToSqlOutput::Owned(Value::Null),
            Some(Cell::Int(i)) => ToSqlOutput::Owned(Value::Integer(*i)),
            Some(Cell::Bool(b)) => ToSqlOutput::Owned(Value::Integer(i64::from(*b))),
            Some(Cell::Real(r)) => ToSqlOutput::Owned(r.parse().map_or(Value::Null, Value::Real)),
            Some(Cell::Text(t)) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Some(Cell::List(items)) => ToSqlOutput::Owned(Value::Text(
                serde_json::to_string(*items).unwrap_or_else(|_| "[]".to_owned()),
            )),
        })
    }
}
