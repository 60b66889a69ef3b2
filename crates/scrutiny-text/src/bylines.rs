//! Bylines as pages print them: "By NAME" and its kin ([`byline`]), "NAME, Reporter"
//! ([`credited_name`]), and whether a line alone is a person's name ([`is_person_name`]).
//!
//! A byline is a name, never a sentence: "By 2020, the council had improved" and "By March,
//! inspectors found ..." are not bylines.

use crate::lines::{bullet, may_start_with, normalize_space, strip_prefix_ignore_case};

/// Words a role beside a name ends with ("Local Democracy Reporter", "news team").
const ROLE_WORDS: [&str; 16] = [
    "reporter",
    "reporters",
    "correspondent",
    "editor",
    "writer",
    "journalist",
    "columnist",
    "contributor",
    "staff",
    "team",
    "desk",
    "office",
    "officer",
    "producer",
    "presenter",
    "analyst",
];

/// Words that name an organisation or a place, never a person ("Middlesbrough Town Hall",
/// "Tower Hamlets Council", "Sunderland Echo").
const ORGANISATION_WORDS: [&str; 36] = [
    "council",
    "borough",
    "county",
    "city",
    "hall",
    "trust",
    "board",
    "service",
    "services",
    "news",
    "team",
    "office",
    "department",
    "ltd",
    "limited",
    "plc",
    "group",
    "agency",
    "university",
    "school",
    "college",
    "centre",
    "center",
    "online",
    "echo",
    "times",
    "post",
    "herald",
    "mail",
    "gazette",
    "telegraph",
    "press",
    "media",
    "images",
    "committee",
    "government",
];

/// Lowercase words a name may hold between its capitalised ones ("Jo de Souza").
const PARTICLES: [&str; 10] = [
    "de", "van", "von", "der", "da", "di", "le", "la", "and", "&",
];

/// What opens a byline line, longest first; a bullet or dash may come before it.
const PREFIXES: [&str; 10] = [
    "written by:",
    "written by ",
    "posted by ",
    "words by ",
    "reported by ",
    "report by ",
    "story by ",
    "author:",
    "by:",
    "by ",
];

/// Words after which a byline gives contact details, not more of the name.
const CONTACT_LABELS: [&str; 7] = [
    "twitter:", "email:", "e-mail:", "follow", "tel:", "phone:", "contact:",
];

/// The name in a byline line: `By Neil Puffett`, `by Comms Team`, `Written by: Lambeth
/// Council`, `Posted by Jo Bloggs`, `- By Echo Reporting Team echo.news@example.co.uk Twitter:
/// @echo`, `By Harrison Galliven, Local Democracy Reporter`, `By Community Care reporter`.
/// `None` for lines that are not a short byline (a sentence starting "By 2020, ...").
pub fn byline(line: &str) -> Option<String> {
    let mut first: Vec<&str> = PREFIXES.to_vec();
    first.extend(["-", "•", "–", "*", "·", "|"]);
    if !may_start_with(line, &first) {
        return None;
    }
    let t = normalize_space(line);
    let t = bullet(&t).unwrap_or(&t).trim_start_matches(['|', ' ']);
    let rest = PREFIXES
        .iter()
        .find_map(|p| strip_prefix_ignore_case(t, p))
        .or_else(|| glued_by(t))?;
    name_of(rest)
}

/// The name a copy ran on after "By" with no space ("ByJo Bloggs"): "By" then a capital.
fn glued_by(t: &str) -> Option<&str> {
    let rest = t.strip_prefix("By")?;
    rest.starts_with(char::is_uppercase).then_some(rest)
}

/// The name at the start of a byline's text, without the role, contact details or date after it.
fn name_of(text: &str) -> Option<String> {
    let text = text.trim();
    let contact = text.split_whitespace().position(|w| {
        let lower = w.to_lowercase();
        w.contains('@')
            || lower.starts_with("http")
            || lower.starts_with("www.")
            || CONTACT_LABELS.contains(&lower.as_str())
    });
    let text = match contact {
        Some(n) => text
            .split_whitespace()
            .take(n)
            .collect::<Vec<_>>()
            .join(" "),
        None => text.to_owned(),
    };
    let head = [" | ", " - ", " – ", " — ", " • "]
        .iter()
        .fold(text.as_str(), |t, sep| t.split(sep).next().unwrap_or(t));
    let (name, after) = match head.split_once(", ") {
        Some((name, after)) => (name, Some(after)),
        None => (head, None),
    };
    let after_ok = |a: &str| is_role(a) || is_name_like(a) || crate::dates::parse_date(a).is_some();
    if after.is_some_and(|a| !after_ok(a)) {
        return None;
    }
    let name = name.trim().trim_end_matches([',', '|', ';', ':']).trim();
    with_role(name).then(|| name.to_owned())
}

/// A name, possibly ending in lowercase role words: `Jo Bloggs`, `Comms Team`, `Community Care
/// reporter`, `Hampshire County Council news team`. A month or weekday alone ("By March, ...")
/// is the start of a sentence, not a name.
fn with_role(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if let [one] = words[..] {
        if crate::dates::is_calendar_word(one) {
            return false;
        }
    }
    if is_name_like(name) {
        return true;
    }
    let role = words
        .iter()
        .rev()
        .take_while(|w| w.chars().all(|c| c.is_lowercase()))
        .count();
    let (names, roles) = words.split_at(words.len() - role);
    (1..=3).contains(&role)
        && roles.last().is_some_and(|w| ROLE_WORDS.contains(w))
        && is_name_like(&names.join(" "))
}

/// A role beside a name: a few words ending in a role word ("Local Democracy Reporter",
/// "Health Correspondent").
fn is_role(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && words
            .last()
            .is_some_and(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Words a role alone on a line is made of ("Local Democracy Reporter", "Chief Reporter").
const ROLE_QUALIFIERS: [&str; 20] = [
    "chief",
    "senior",
    "deputy",
    "trainee",
    "local",
    "democracy",
    "political",
    "education",
    "health",
    "social",
    "affairs",
    "crime",
    "court",
    "business",
    "news",
    "digital",
    "community",
    "reporting",
    "multimedia",
    "care",
];

/// A line that is only a role, printed under an author's name ("Chief Reporter", "Local
/// Democracy Reporter", "news reporter @jobloggs").
pub fn is_role_line(line: &str) -> bool {
    let words: Vec<String> = line
        .split_whitespace()
        .filter(|w| !w.starts_with('@'))
        .map(str::to_lowercase)
        .collect();
    (1..=4).contains(&words.len())
        && words
            .last()
            .is_some_and(|w| ROLE_WORDS.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| ROLE_WORDS.contains(&w.as_str()) || ROLE_QUALIFIERS.contains(&w.as_str()))
}

/// The name in a line that credits a person with a role and no "By": `Harrison Galliven, Local
/// Democracy Reporter`, `Jo Bloggs | Health Correspondent`.
pub fn credited_name(line: &str) -> Option<String> {
    let t = normalize_space(line);
    let separated = [", ", " | ", " - "]
        .iter()
        .find_map(|sep| t.split_once(sep))
        .filter(|(name, role)| is_person_name(name) && is_role(role))
        .map(|(name, _)| name.to_owned());
    separated.or_else(|| name_before_role(&t))
}

/// The name before a role with nothing between them: `Jo Bloggs Education correspondent`,
/// `Jo Bloggs Local Democracy Reporter`.
fn name_before_role(t: &str) -> Option<String> {
    let words: Vec<&str> = t.split_whitespace().collect();
    let role_word = |w: &&str| {
        let lower = w.to_lowercase();
        ROLE_WORDS.contains(&lower.as_str()) || ROLE_QUALIFIERS.contains(&lower.as_str())
    };
    let role = words.iter().rev().take_while(|w| role_word(w)).count();
    let name = words[..words.len() - role].join(" ");
    (role > 0 && is_role_line(&words[words.len() - role..].join(" ")) && is_person_name(&name))
        .then_some(name)
}
/// A short run of capitalised words, as names and team names are: `Neil Puffett`, `Comms Team`,
/// `Mary-Jane O'Neil`, `Jo de Souza`. No digits, no sentence punctuation, at most six words.
pub fn is_name_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || s.chars().count() > 60 || s.ends_with('.') {
        return false;
    }
    words
        .first()
        .is_some_and(|w| w.starts_with(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '&'))
                && (w.starts_with(char::is_uppercase) || PARTICLES.contains(w))
        })
}

/// A line that is a person's name and nothing else, as an author line under a headline is:
/// two to four capitalised words (`Nina Jacobs`, `Jo de Souza`, `J. R. Hartley`), none of them
/// an organisation's or a place's (`Middlesbrough Town Hall`), no article before them (`The
/// Independent Online`), no single letter but an initial (`Baby P` is not a name line).
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) || !is_name_like(s) {
        return false;
    }
    let article = ["the", "a", "an", "our", "this", "by"];
    let word_ok = |w: &&str| {
        let lower = w.to_lowercase();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        !ORGANISATION_WORDS.contains(&lower.as_str())
            && lower != "and"
            && lower != "&"
            && (letters >= 2 || (letters == 1 && w.ends_with('.')))
    };
    !article.contains(&words[0].to_lowercase().as_str()) && words.iter().all(word_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_lines_in_their_forms() {
        for (line, name) in [
            ("By Neil Puffett", "Neil Puffett"),
            ("by Comms Team", "Comms Team"),
            ("BY JO BLOGGS", "JO BLOGGS"),
            ("Written by: Lambeth Council", "Lambeth Council"),
            ("Written by A. Writer", "A. Writer"),
            ("Posted by Jo Bloggs", "Jo Bloggs"),
            ("  • By Jo Bloggs", "Jo Bloggs"),
            (
                "- By Echo Reporting Team echo.news@example.co.uk Twitter: @echo",
                "Echo Reporting Team",
            ),
            (
                "By Harrison Galliven, Local Democracy Reporter",
                "Harrison Galliven",
            ),
            ("By Jo Bloggs, BBC News", "Jo Bloggs"),
            ("By Jo Bloggs | 14 May 2019", "Jo Bloggs"),
            ("By Jo Bloggs and Sam Smith", "Jo Bloggs and Sam Smith"),
            ("ByJo Bloggs", "Jo Bloggs"),
            ("Report by Jo Bloggs", "Jo Bloggs"),
            ("By Community Care reporter", "Community Care reporter"),
            (
                "by Hampshire County Council news team",
                "Hampshire County Council news team",
            ),
        ] {
            assert_eq!(byline(line).as_deref(), Some(name), "{line}");
        }
    }

    #[test]
    fn sentences_are_never_bylines() {
        for line in [
            "By 2020, the council had improved.",
            "By March, inspectors found the service had improved.",
            "By March",
            "By the end of the year the service was good.",
            "Bylines are short.",
            "Posted by",
            "By Jo Bloggs, who visited the council last week",
            "Bygones are bygones.",
        ] {
            assert_eq!(byline(line), None, "{line}");
        }
    }

    #[test]
    fn a_name_credited_with_a_role() {
        assert_eq!(
            credited_name("Harrison Galliven, Local Democracy Reporter").as_deref(),
            Some("Harrison Galliven")
        );
        assert_eq!(
            credited_name("Jo Bloggs | Health Correspondent").as_deref(),
            Some("Jo Bloggs")
        );
        assert_eq!(
            credited_name("Jo Bloggs Education correspondent").as_deref(),
            Some("Jo Bloggs")
        );
        assert_eq!(
            credited_name("Jo Bloggs Local Democracy Reporter").as_deref(),
            Some("Jo Bloggs")
        );
        assert_eq!(credited_name("Jo Bloggs, the director, said"), None);
        assert_eq!(credited_name("Council appoints new reporter"), None);
        assert_eq!(credited_name("Norfolk County Council, News Team"), None);
    }

    #[test]
    fn roles_alone_on_a_line() {
        assert!(is_role_line("Reporter"));
        assert!(is_role_line("Local Democracy Reporter"));
        assert!(is_role_line("news reporter @jobloggs"));
        assert!(!is_role_line("Council appoints new reporter"));
        assert!(!is_role_line("Jo Bloggs"));
    }

    #[test]
    fn person_names_alone_on_a_line() {
        for name in [
            "Nina Jacobs",
            "Jo de Souza",
            "J. R. Hartley",
            "Mary-Jane O'Neil",
        ] {
            assert!(is_person_name(name), "{name}");
        }
        for not in [
            "Baby P",
            "The Independent Online",
            "Middlesbrough Town Hall",
            "Tower Hamlets Council",
            "Sunderland Echo",
            "Bookmark and Share",
            "Pandorassox",
            "Children and young people",
            "Hopping Across The North East From Hub To Hub",
            "Ofsted Rated Good -4",
        ] {
            assert!(!is_person_name(not), "{not}");
        }
        assert!(is_name_like("Mary-Jane O'Neil"));
        assert!(!is_name_like(
            "Two councils have been told their services are no longer inadequate."
        ));
    }
}
