//! Every exported record validates against the JSON Schema files in `schemas/`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod common;

use std::path::{Path, PathBuf};

use scrutiny_core::{ClaimKind, Judgement, Rating, RejectCode, Stage};
use scrutiny_export::{OutputFormat, export};
use serde_json::Value;

const DATASETS: &[&str] = &["articles", "claims", "events", "people", "rejects"];

fn schema(name: &str) -> Value {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator(name: &str) -> jsonschema::Validator {
    jsonschema::validator_for(&schema(name)).unwrap()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_exported_record_matches_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    export(&common::knowsley(), dir.path(), &[OutputFormat::Jsonl]).unwrap();
    for name in DATASETS {
        let v = validator(name);
        let records = lines(&dir.path().join(format!("{name}.jsonl")));
        assert!(!records.is_empty(), "the fixture has {name}");
        for (i, record) in records.iter().enumerate() {
            let errors: Vec<String> = v.iter_errors(record).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{name}.jsonl line {}: {errors:?}", i + 1);
        }
    }
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("meta.json")).unwrap())
            .unwrap();
    assert!(validator("meta").is_valid(&meta));
}

#[test]
fn the_schemas_refuse_what_the_rows_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    export(&common::knowsley(), dir.path(), &[OutputFormat::Jsonl]).unwrap();
    let claim = lines(&dir.path().join("claims.jsonl")).remove(0);
    let v = validator("claims");
    assert!(v.is_valid(&claim));
    let bad = |key: &str, value: Value| {
        let mut c = claim.clone();
        c[key] = value;
        c
    };
    assert!(
        !v.is_valid(&bad("rating", "satisfactory".into())),
        "unknown rating"
    );
    assert!(
        !v.is_valid(&bad("date", "2014-13".into())),
        "impossible month"
    );
    assert!(
        !v.is_valid(&bad(
            "schema_version",
            (scrutiny_export::SCHEMA_VERSION + 1).into()
        )),
        "other schema version"
    );
    assert!(!v.is_valid(&bad("extra", 1.into())), "unknown field");
    let mut missing = claim.clone();
    missing.as_object_mut().unwrap().remove("evidence_sentence");
    assert!(!v.is_valid(&missing), "missing field");
}

/// The enum lists of the schemas are exactly the core vocabularies: a value renamed in core fails
/// to parse here, and a value added in core breaks the exhaustive matches below.
#[test]
fn schema_vocabularies_match_the_core_enums() {
    fn values(schema: &Value, key: &str) -> Vec<Value> {
        schema["properties"][key]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| !v.is_null())
            .cloned()
            .collect()
    }
    fn all<T: serde::de::DeserializeOwned>(vals: &[Value]) -> Vec<T> {
        vals.iter()
            .map(|v| serde_json::from_value(v.clone()).unwrap())
            .collect()
    }
    let claims = schema("claims");
    let rejects = schema("rejects");
    let ratings: Vec<Rating> = all(&values(&claims, "rating"));
    let judgements: Vec<Judgement> = all(&values(&claims, "judgement"));
    let kinds: Vec<ClaimKind> = all(&values(&claims, "kind"));
    let stages: Vec<Stage> = all(&values(&rejects, "stage"));
    let codes: Vec<RejectCode> = all(&values(&rejects, "code"));
    let rank_r = |r: Rating| match r {
        Rating::Outstanding
        | Rating::Good
        | Rating::RequiresImprovement
        | Rating::Adequate
        | Rating::Inadequate => 5,
    };
    let rank_j = |j: Judgement| match j {
        Judgement::Overall
        | Judgement::HelpAndProtection
        | Judgement::ChildrenInCare
        | Judgement::CareLeavers
        | Judgement::Adoption
        | Judgement::Leadership
        | Judgement::Safeguarding
        | Judgement::LookedAfter
        | Judgement::Lscb => 9,
    };
    let rank_k = |k: ClaimKind| match k {
        ClaimKind::Inspection
        | ClaimKind::MonitoringVisit
        | ClaimKind::FocusedVisit
        | ClaimKind::Appointment
        | ClaimKind::Statistic => 5,
    };
    let rank_s = |s: Stage| match s {
        Stage::Read | Stage::Decode | Stage::Parse | Stage::Extract => 4,
    };
    let rank_c = |c: RejectCode| match c {
        RejectCode::Unreadable
        | RejectCode::Corrupt
        | RejectCode::BadSidecar
        | RejectCode::Empty
        | RejectCode::TooLarge
        | RejectCode::Binary
        | RejectCode::Undecodable
        | RejectCode::TooDeep
        | RejectCode::OverLimit
        | RejectCode::NoBody
        | RejectCode::ParseFailed
        | RejectCode::Internal => 12,
    };
    assert!(ratings.iter().all(|&r| rank_r(r) == ratings.len()));
    assert!(judgements.iter().all(|&j| rank_j(j) == judgements.len()));
    assert!(kinds.iter().all(|&k| rank_k(k) == kinds.len()));
    assert!(stages.iter().all(|&s| rank_s(s) == stages.len()));
    assert!(codes.iter().all(|&c| rank_c(c) == codes.len()));
    assert_eq!(
        values(&schema("events"), "rating"),
        values(&claims, "rating")
    );
    assert_eq!(
        values(&schema("events"), "judgement"),
        values(&claims, "judgement")
    );
}
