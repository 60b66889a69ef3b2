//! A realistic dataset modelled on Knowsley's timeline in data/gold/seeds.yaml.
#![allow(dead_code, clippy::unwrap_used, clippy::too_many_arguments)]

use scrutiny_core::{
    Article, Block, BlockKind, Claim, ClaimKind, Event, Evidence, FieldFound, Format, Framework,
    Judgement, PartialDate, Rating, Reject, RejectCode, RelativeDate, Stage, content_id,
};
use scrutiny_export::{Dataset, RunMeta};

fn date(s: &str) -> PartialDate {
    s.parse().unwrap()
}

fn article(
    path: &str,
    source: &str,
    url: Option<&str>,
    title: Option<&str>,
    published: Option<&str>,
    blocks: &[&str],
) -> Article {
    Article {
        id: content_id(path.as_bytes()),
        path: path.into(),
        source: source.into(),
        url: url.map(Into::into),
        format: Format::Text,
        encoding: "UTF-8".into(),
        title: title.map(Into::into),
        title_from: if title.is_some() {
            FieldFound::PageText
        } else {
            FieldFound::None
        },
        standfirst: None,
        byline: None,
        byline_from: FieldFound::None,
        published: published.map(date),
        published_from: if published.is_some() {
            FieldFound::PageText
        } else {
            FieldFound::None
        },
        blocks: blocks.iter().map(|b| Block::paragraph(*b)).collect(),
        captions: vec![],
        removed: vec![],
        cluster: None,
        duplicate_of: None,
        inferred: None,
    }
}

/// A claim whose evidence is `sentence`, located in the article body by char offsets.
fn claim(a: &Article, n: usize, kind: ClaimKind, sentence: &str) -> Claim {
    let body = a.body();
    let byte = body
        .find(sentence)
        .unwrap_or_else(|| panic!("{sentence:?} not in {}", a.path));
    let start = body[..byte].chars().count();
    let mut c = Claim::new(
        kind,
        Evidence {
            sentence: sentence.into(),
            start,
            end: start + sentence.chars().count(),
        },
    );
    c.id = content_id(format!("{}#{n}", a.id).as_bytes());
    c.article = a.id.clone();
    c
}

fn inspection(
    a: &Article,
    n: usize,
    sentence: &str,
    authority: &str,
    j: Judgement,
    r: Rating,
    d: Option<&str>,
    basis: &str,
) -> Claim {
    let mut c = claim(a, n, ClaimKind::Inspection, sentence);
    c.authority = Some(authority.into());
    c.authority_code = code(authority);
    c.judgement = Some(j);
    c.rating = Some(r);
    c.date = d.map(date);
    c.date_basis = basis.into();
    c.confidence = 0.9;
    c
}

fn code(authority: &str) -> Option<String> {
    match authority {
        "Knowsley" => Some("E08000011".into()),
        "Coventry" => Some("E08000026".into()),
        "North Yorkshire" => Some("E10000023".into()),
        "Kent" => Some("E10000016".into()),
        _ => None,
    }
}

fn event(id: &str, claims: &[&Claim], articles: &[&Article], conflicting: &[&Claim]) -> Event {
    let first = claims[0];
    let mut arts: Vec<String> = claims.iter().map(|c| c.article.clone()).collect();
    arts.sort();
    arts.dedup();
    let mut sources: Vec<String> = articles
        .iter()
        .filter(|a| arts.contains(&a.id))
        .map(|a| a.source.clone())
        .collect();
    sources.sort();
    sources.dedup();
    let mut ids: Vec<String> = claims.iter().map(|c| c.id.clone()).collect();
    ids.sort();
    let mut bad: Vec<String> = conflicting.iter().map(|c| c.id.clone()).collect();
    bad.sort();
    Event {
        id: content_id(id.as_bytes()),
        authority: first.authority.clone(),
        authority_code: first.authority_code.clone(),
        kind: first.kind,
        judgement: first.judgement,
        rating: first.rating,
        date: claims
            .iter()
            .filter_map(|c| c.date)
            .reduce(PartialDate::most_precise),
        month: if claims.iter().any(|c| c.date.is_some()) {
            None
        } else {
            first.month
        },
        date_basis: first.date_basis.clone(),
        clusters: arts.len(),
        articles: arts,
        sources,
        claims: ids,
        conflict: !bad.is_empty(),
        conflicting: bad,
    }
}

/// Five articles (one undated, one without a headline), claims, merged events with an undated
/// one and a conflict, people, and two rejects.
pub fn knowsley() -> Dataset {
    use Judgement::*;
    use Rating::*;
    let mut a1 = article(
        "data/raw/000_bd37c104e28bb98d.txt",
        "cypnow",
        Some(
            "https://www.cypnow.co.uk/news/article/ofsted-criticises-knowsley-s-inadequate-child-protection-services",
        ),
        Some("Ofsted criticises Knowsley's 'inadequate' child protection services"),
        Some("2014-07-01"),
        &[
            "Children in Knowsley are being left at risk of harm because of “widespread and serious failures”, according to Ofsted.",
            "The council was rated inadequate overall in a report published by Ofsted yesterday.",
            "In March 2010, safeguarding services and services for looked-after children were both rated good.",
            "Birmingham, Coventry and Slough have all been rated inadequate in recent months.",
            "North Yorkshire was rated good in a report also published yesterday.",
            "Damien Allen left the post of director of children’s services in April 2012.",
            "Paul Boyce became director of children's services in October 2013.",
        ],
    );
    a1.byline = Some("Neil Puffett".into());
    a1.captions = vec!["Knowsley Council offices. Picture: Phil Adams".into()];
    a1.remove(
        "cypnow.subscribe",
        "CYP Now Digital membership From £15 / month",
    );
    a1.blocks.insert(
        1,
        Block {
            kind: BlockKind::Heading,
            text: "Safeguarding failures".into(),
        },
    );
    let a2 = article(
        "data/raw/001_445293b773cb4f31.txt",
        "bbc",
        Some("https://www.bbc.co.uk/news/articles/knowsley-childrens-services"),
        Some("Knowsley children's services have not improved in years, report says"),
        None,
        &[
            "Children's services in Knowsley have \"not improved\" since 2017, according to a report.",
            "Ofsted said the service, first identified as inadequate in 2014, still requires improvement after the inspection in October.",
            "The council managed to upgrade the service to requires improvement in 2017.",
            "Margaret Harvey, cabinet member for children's services, said improving services remains a key priority for us.",
        ],
    );
    let a3 = article(
        "data/raw/002_24f017ba8359cec6.txt",
        "council_press",
        None,
        Some("Progress being made in Children’s Services"),
        None,
        &[
            "Inspectors have today confirmed that progress has been made after a monitoring inspection conducted in August.",
            "The last published report, in June 2014, judged services inadequate.",
        ],
    );
    let mut a4 = article(
        "data/raw/003_c3d9ceeef4bccf3c.txt",
        "reach",
        Some(
            "https://www.liverpoolecho.co.uk/news/liverpool-news/knowsley-council-let-lot-children",
        ),
        None,
        None,
        &[
            "Knowsley Council “let a lot of children down”, a council meeting heard after a damning Ofsted report in January rated services inadequate.",
        ],
    );
    a4.standfirst = Some("A recent Ofsted report into Knowsley Council’s children’s services said “widespread failures” were putting vulnerable children at risk".into());
    let a5 = article(
        "data/raw/004_d66af9f8845dbcfe.txt",
        "cypnow",
        Some(
            "https://www.cypnow.co.uk/news/article/children-s-services-move-out-of-inadequate-at-two-councils",
        ),
        Some("Children's services move out of 'inadequate' at two councils"),
        None,
        &[
            "Coventry was rated inadequate in 2014, and Knowsley received the lowest rating in the same year.",
            "Knowsley is now rated requires improvement, with adoption, care leavers and leadership all judged good.",
            "Kent, rated good, had been judged adequate in a 2013 inspection.",
        ],
    );

    let k = "Knowsley";
    let mut c1 = inspection(
        &a1,
        0,
        "The council was rated inadequate overall in a report published by Ofsted yesterday.",
        k,
        Overall,
        Inadequate,
        Some("2014-06-30"),
        "published by Ofsted yesterday, article dated 2014-07-01",
    );
    c1.current = true;
    c1.framework = Some(Framework::Sif);
    let c2 = inspection(
        &a1,
        1,
        "In March 2010, safeguarding services and services for looked-after children were both rated good.",
        k,
        Safeguarding,
        Good,
        Some("2010-03"),
        "March 2010 in the text",
    );
    let c3 = inspection(
        &a1,
        2,
        "In March 2010, safeguarding services and services for looked-after children were both rated good.",
        k,
        LookedAfter,
        Good,
        Some("2010-03"),
        "March 2010 in the text",
    );
    let c4 = inspection(
        &a1,
        3,
        "Birmingham, Coventry and Slough have all been rated inadequate in recent months.",
        "Birmingham",
        Overall,
        Inadequate,
        Some("2014"),
        "in recent months, article dated 2014-07-01",
    );
    let c5 = inspection(
        &a1,
        4,
        "Birmingham, Coventry and Slough have all been rated inadequate in recent months.",
        "Coventry",
        Overall,
        Inadequate,
        Some("2014"),
        "in recent months, article dated 2014-07-01",
    );
    let c6 = inspection(
        &a1,
        5,
        "North Yorkshire was rated good in a report also published yesterday.",
        "North Yorkshire",
        Overall,
        Good,
        Some("2014-06-30"),
        "published yesterday, article dated 2014-07-01",
    );
    let mut p1 = claim(
        &a1,
        6,
        ClaimKind::Appointment,
        "Damien Allen left the post of director of children’s services in April 2012.",
    );
    p1.authority = Some(k.into());
    p1.name = Some("Damien Allen".into());
    p1.role = Some("director of children's services".into());
    p1.until = Some(date("2012-04"));
    let mut p2 = claim(
        &a1,
        7,
        ClaimKind::Appointment,
        "Paul Boyce became director of children's services in October 2013.",
    );
    p2.authority = Some(k.into());
    p2.name = Some("Paul Boyce".into());
    p2.role = Some("director of children's services".into());
    p2.from = Some(date("2013-10"));

    let c7 = inspection(
        &a2,
        0,
        "Ofsted said the service, first identified as inadequate in 2014, still requires improvement after the inspection in October.",
        k,
        Overall,
        Inadequate,
        Some("2014"),
        "first identified in 2014",
    );
    let mut c8 = inspection(
        &a2,
        1,
        "Ofsted said the service, first identified as inadequate in 2014, still requires improvement after the inspection in October.",
        k,
        Overall,
        RequiresImprovement,
        None,
        "the inspection in October; year not stated",
    );
    c8.month = Some(10);
    let c9 = inspection(
        &a2,
        2,
        "The council managed to upgrade the service to requires improvement in 2017.",
        k,
        Overall,
        RequiresImprovement,
        Some("2017"),
        "in 2017 in the text",
    );
    let mut p3 = claim(
        &a2,
        3,
        ClaimKind::Appointment,
        "Margaret Harvey, cabinet member for children's services, said improving services remains a key priority for us.",
    );
    p3.authority = Some(k.into());
    p3.name = Some("Margaret Harvey".into());
    p3.role = Some("cabinet member for children's services".into());

    let mut c10 = claim(
        &a3,
        0,
        ClaimKind::MonitoringVisit,
        "Inspectors have today confirmed that progress has been made after a monitoring inspection conducted in August.",
    );
    c10.authority = Some(k.into());
    c10.authority_code = code(k);
    c10.month = Some(8);
    c10.date_basis = "conducted in August; year not stated".into();
    let c11 = inspection(
        &a3,
        1,
        "The last published report, in June 2014, judged services inadequate.",
        k,
        Overall,
        Inadequate,
        Some("2014-06"),
        "June 2014 in the text",
    );

    let mut c12 = inspection(
        &a4,
        0,
        "Knowsley Council “let a lot of children down”, a council meeting heard after a damning Ofsted report in January rated services inadequate.",
        k,
        Overall,
        Inadequate,
        None,
        "In January; year not stated",
    );
    c12.month = Some(1);

    let c13 = inspection(
        &a5,
        0,
        "Coventry was rated inadequate in 2014, and Knowsley received the lowest rating in the same year.",
        "Coventry",
        Overall,
        Inadequate,
        Some("2014"),
        "in 2014 in the text",
    );
    let c14 = inspection(
        &a5,
        1,
        "Coventry was rated inadequate in 2014, and Knowsley received the lowest rating in the same year.",
        k,
        Overall,
        Inadequate,
        Some("2014"),
        "the same year as Coventry's 2014 rating",
    );
    let mut c15 = inspection(
        &a5,
        2,
        "Knowsley is now rated requires improvement, with adoption, care leavers and leadership all judged good.",
        k,
        Adoption,
        Good,
        None,
        "no date in the text",
    );
    c15.current = true;
    let mut c16 = inspection(
        &a5,
        3,
        "Kent, rated good, had been judged adequate in a 2013 inspection.",
        "Kent",
        Overall,
        Good,
        None,
        "no date in the text",
    );
    c16.relative = Some(RelativeDate {
        years: 7,
        anchor: 4,
    });
    let mut c17 = inspection(
        &a5,
        4,
        "Kent, rated good, had been judged adequate in a 2013 inspection.",
        "Kent",
        Overall,
        Adequate,
        Some("2013"),
        "a 2013 inspection",
    );
    c17.framework = Some(Framework::Pre2013);
    let mut s1 = claim(
        &a5,
        5,
        ClaimKind::Statistic,
        "Knowsley is now rated requires improvement, with adoption, care leavers and leadership all judged good.",
    );
    s1.authority = Some(k.into());
    s1.what = Some("judgements rated good".into());
    s1.value = Some("3".into());
    s1.confidence = 0.5;

    let arts = [&a1, &a2, &a3, &a4, &a5];
    let mut events = vec![
        // The 2014 inadequate judgement, told by four publishers; Reach's "January" disagrees.
        event(
            "knowsley-2014-overall",
            &[&c1, &c7, &c11, &c14, &c12],
            &arts,
            &[&c12],
        ),
        event("knowsley-2010-safeguarding", &[&c2], &arts, &[]),
        event("knowsley-2010-looked-after", &[&c3], &arts, &[]),
        event("knowsley-2017-overall", &[&c9], &arts, &[]),
        event("knowsley-october-overall", &[&c8], &arts, &[]),
        event("knowsley-august-visit", &[&c10], &arts, &[]),
        event("knowsley-adoption", &[&c15], &arts, &[]),
        event("birmingham-2014", &[&c4], &arts, &[]),
        event("coventry-2014", &[&c5, &c13], &arts, &[]),
        event("north-yorkshire-2014", &[&c6], &arts, &[]),
        event("kent-2013", &[&c17], &arts, &[]),
        event("kent-good", &[&c16], &arts, &[]),
    ];
    events[0].date_basis = "30 June 2014 from CYP Now (published yesterday), agreeing with June 2014 and 2014 elsewhere".into();
    events.sort_by(|a, b| (&a.authority, a.date, &a.id).cmp(&(&b.authority, b.date, &b.id)));

    let claims = vec![
        c1, c2, c3, c4, c5, c6, p1, p2, c7, c8, c9, p3, c10, c11, c12, c13, c14, c15, c16, c17, s1,
    ];
    Dataset {
        meta: RunMeta {
            pipeline: "knowsley".into(),
            tool_version: "0.1.0".into(),
            run_time: "2026-11-20T09:30:00Z".into(),
        },
        articles: vec![a1, a2, a3, a4, a5],
        claims,
        events,
        rejects: vec![
            Reject::new(
                "data/raw/005_empty.txt",
                Stage::Read,
                RejectCode::Empty,
                "The file has no bytes",
            ),
            Reject::new(
                "data/raw/006_scan.pdf",
                Stage::Decode,
                RejectCode::Binary,
                "NUL byte at offset 12: not text",
            ),
        ],
    }
}

/// Every file name `export` writes for all formats.
pub const ALL_FILES: &[&str] = &[
    "articles.jsonl",
    "claims.jsonl",
    "events.jsonl",
    "people.jsonl",
    "rejects.jsonl",
    "meta.json",
    "articles.csv",
    "claims.csv",
    "events.csv",
    "people.csv",
    "rejects.csv",
    "scrutiny.sqlite",
    "report.html",
];
