//! Page furniture as English pages print it, whoever publishes them: navigation and share
//! controls, cookie, app and site notices, breadcrumbs, reading times, widgets, promotions,
//! and the sections that end a page (related links, comments, share buttons).
//!
//! Every rule here names no publisher; a publisher's own furniture lives in its source crate.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::lines::{TailMarkers, strip_prefix_ignore_case};

/// The site's own controls, above any article: skip links, menus, search, account, the site's
/// sections.
const SITE: [&str; 38] = [
    "skip to main content",
    "skip to content",
    "skip to navigation",
    "skip to footer",
    "skip to search",
    "jump to content",
    "accessibility",
    "accessibility help",
    "accessibility statement",
    "menu",
    "main menu",
    "open menu",
    "close menu",
    "toggle navigation",
    "navigation",
    "search",
    "search this site",
    "advanced search",
    "search term",
    "home",
    "homepage",
    "sign in",
    "sign out",
    "log in",
    "log out",
    "login",
    "register",
    "sign up",
    "subscribe",
    "subscribe now",
    "my account",
    "newsletters",
    "contact us",
    "cookie settings",
    "accept all cookies",
    "manage cookies",
    "text size",
    "news",
];

/// An article's tools, which stand under its headline as often as above: share, print,
/// follow, listen, save.
const TOOLS: [&str; 36] = [
    "click to follow",
    "follow",
    "follow us",
    "bookmark",
    "bookmark and share",
    "share",
    "share this",
    "share this article",
    "share this page",
    "share page",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share on linkedin",
    "share via email",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "email",
    "print",
    "print this page",
    "printable version",
    "e-mail this to a friend",
    "email this to a friend",
    "copy link",
    "close",
    "more from this author",
    "listen",
    "listen to this article",
    "save",
    "save article",
    "comments",
    "view all",
    "back to top",
    "gift this article",
];

/// Lines that open a section running to the end of the page, never the article's, with the
/// rule its lines are removed under (see [`TailMarkers`]).
pub const TAIL_MARKERS: [(&str, &str); 28] = [
    ("Related articles", "text.related"),
    ("Related stories", "text.related"),
    ("Related content", "text.related"),
    ("Related news", "text.related"),
    ("Related topics", "text.related"),
    ("Related internet links", "text.related"),
    ("More like this", "text.related"),
    ("More on this story", "text.related"),
    ("More stories", "text.related"),
    ("Most read", "text.related"),
    ("Most popular", "text.related"),
    ("Most viewed", "text.related"),
    ("You may also like", "text.related"),
    ("You might also like", "text.related"),
    ("Recommended for you", "text.related"),
    ("Top stories", "text.related"),
    ("Share this page", "text.share"),
    ("Share this article", "text.share"),
    ("Share this story", "text.share"),
    ("Leave a reply", "text.comments"),
    ("Leave a comment", "text.comments"),
    ("Post a comment", "text.comments"),
    ("Join the conversation", "text.comments"),
    ("Was this page helpful?", "text.feedback"),
    ("Is this page useful?", "text.feedback"),
    ("Did you find this page useful?", "text.feedback"),
    ("Back to news", "text.navigation"),
    ("Back to top", "text.navigation"),
];

/// The tail markers of [`TAIL_MARKERS`], built once.
pub fn tail_markers() -> &'static TailMarkers {
    static MARKERS: LazyLock<TailMarkers> =
        LazyLock::new(|| TailMarkers::new(&TAIL_MARKERS, &[], "text.tail"));
    &MARKERS
}

/// What a line of furniture is, from the line alone, as the rule that removes it: the site's
/// navigation (`Accessibility Skip to main content`), an article's tools (`Share | Print`),
/// a breadcrumb (`Home › News › ...`), a
/// reading time (`3 mins read`), a count (`(27 Posts)`), a widget (`Fri, 20`, `13 °C`).
/// `raw` is the line as copied, whose runs of spaces may be all that is left of a
/// breadcrumb's separators.
pub fn furniture(raw: &str, line: &str) -> Option<&'static str> {
    match interface(line) {
        Some(true) => return Some("text.navigation"),
        Some(false) => return Some("text.tools"),
        None => {}
    }
    if is_menu(line) {
        return Some("text.navigation");
    }
    if is_handle(line) {
        return Some("text.tools");
    }
    if is_breadcrumb(raw, line) {
        return Some("text.breadcrumb");
    }
    if is_caption_label(line) {
        return Some("text.caption");
    }
    if is_date_label(line) {
        return Some("text.date_label");
    }
    static READING: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)^(\d+\s*(min|mins|minutes?)\s*(read|reading time)|reading time:?\s*\d+\s*(min|mins|minutes?))$").ok()
    });
    static COUNT: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)^\(?\d[\d,]*\s+(posts?|comments?|replies|responses|views|shares)\)?$").ok()
    });
    let matches = |re: &LazyLock<Option<Regex>>| re.as_ref().is_some_and(|r| r.is_match(line));
    if matches(&READING) {
        return Some("text.reading_time");
    }
    if matches(&COUNT) {
        return Some("text.count");
    }
    is_widget(line).then_some("text.widget")
}

/// Whether a line is made only of interface words and the separators between them: `Some(true)`
/// when one of them is the site's (the line is site navigation), `Some(false)` when all are an
/// article's tools.
fn interface(line: &str) -> Option<bool> {
    static WORDS: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(SITE.iter().chain(TOOLS.iter()))
            .ok()
    });
    let words = WORDS.as_ref()?;
    if line.len() > 120 {
        return None;
    }
    let bytes = line.as_bytes();
    let letter_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut covered = 0;
    let mut site = None;
    for m in words.find_iter(line) {
        let gap = &line[covered..m.start()];
        let inside_word = (m.start() > 0 && letter_at(m.start() - 1)) || letter_at(m.end());
        if gap.chars().any(char::is_alphanumeric) || inside_word {
            return None;
        }
        site = Some(site.unwrap_or(false) || m.pattern().as_usize() < SITE.len());
        covered = m.end();
    }
    site.filter(|_| !line[covered..].chars().any(char::is_alphanumeric))
}

/// A menu: three or more short items between pipes or bullets (`News | Sport | What's On`).
fn is_menu(line: &str) -> bool {
    let items: Vec<&str> = line
        .split(['|', '•', '·'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    items.len() >= 3
        && items
            .iter()
            .all(|i| i.split_whitespace().count() <= 3 && !i.chars().any(|c| c.is_ascii_digit()))
}

/// A social account alone on a line, as an author's box prints it (`@jobloggs`, `Follow
/// @jobloggs`).
fn is_handle(line: &str) -> bool {
    let t = strip_prefix_ignore_case(line, "follow ")
        .unwrap_or(line)
        .trim();
    t.len() > 1 && t.starts_with('@') && !t.contains(' ')
}

/// True for a line of the site's header: its navigation, a breadcrumb, a notice, a widget. The
/// article's headline comes after them.
pub fn heads_site(rule: &str) -> bool {
    matches!(
        rule,
        "text.navigation" | "text.breadcrumb" | "text.notice" | "text.widget"
    )
}

/// Separators councils and news sites print between breadcrumb steps, and the icon-font
/// names that copy in their place (`chevron_right`).
const CRUMB_SEPARATORS: [&str; 9] = [
    "›",
    ">",
    "»",
    "/",
    "→",
    "chevron_right",
    "keyboard_arrow_right",
    "navigate_next",
    "arrow_forward_ios",
];

/// A breadcrumb: "Home" then its steps, with separators or wide gaps between them
/// (`Home › News › Title`, `Home chevron_right Latest news`, `Home   News   Article`).
fn is_breadcrumb(raw: &str, line: &str) -> bool {
    let Some(rest) = strip_prefix_ignore_case(line, "home") else {
        return false;
    };
    let stepped = CRUMB_SEPARATORS.iter().any(|s| rest.contains(s));
    let gaps = raw.trim().contains("  ") || raw.contains('\t');
    rest.starts_with([' ', '›', '>', '»', '/'])
        && line.split_whitespace().count() <= 24
        && (stepped || gaps)
}

/// A photo's caption or credit as its label copies ("Image caption Following the inspection
/// ...", "Image source, PA Media", "Picture: Jo Bloggs").
fn is_caption_label(line: &str) -> bool {
    const LABELS: [&str; 8] = [
        "image caption",
        "media caption",
        "image source",
        "image copyright",
        "picture:",
        "photo:",
        "photograph:",
        "credit:",
    ];
    LABELS
        .iter()
        .any(|l| strip_prefix_ignore_case(line, l).is_some())
}

/// A date's label whose date did not copy (a `<time>` element's text is often left out):
/// `• Published`, `Updated`, `Last updated`.
fn is_date_label(line: &str) -> bool {
    let t = crate::lines::bullet(line).unwrap_or(line);
    let t = t.trim_end_matches([':', ' ']).to_lowercase();
    matches!(
        t.as_str(),
        "published" | "updated" | "last updated" | "posted" | "first published"
    )
}

/// A widget's line: figures, units, weekday and month names and nothing else (`Fri, 20`,
/// `13 °C`), as a weather or calendar box copies.
fn is_widget(line: &str) -> bool {
    line.chars().any(|c| c.is_ascii_digit())
        && crate::dates::date_line(line).is_none()
        && line.split_whitespace().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            letters == 0
                || crate::dates::is_calendar_word(w)
                || matches!(w, "C" | "F" | "mph" | "km" | "kmh")
        })
}

/// The rule of a line that stands above any article on a page (the site's navigation and
/// notices, an article's tools, a breadcrumb, a widget), for a plugin whose layout starts at
/// its headline but whose pages a reader may have copied from the top.
pub fn above_article(raw: &str) -> Option<&'static str> {
    let line = crate::lines::normalize_space(raw);
    furniture(raw, &line).or_else(|| is_notice(&line).then_some("text.notice"))
}

/// A site's notice rather than the article: cookies, the app, newsletters, the site itself
/// ("This website is currently under review ..."), or a call to action ("... Find out about
/// the changes").
pub fn is_notice(line: &str) -> bool {
    static NOTICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(concat!(
            r"(?i)\b(cookies?|this (web)?site|our (web)?site|javascript|your browser|",
            r"(download|get) (the|our) app|our app|newsletters?|subscrib\w*|sign up|",
            r"your inbox|under review)\b|",
            r"(?i)\b(find out (more|about)|learn more|click here)\b[^.]*$"
        ))
        .ok()
    });
    line.split_whitespace().count() <= 60 && NOTICE.as_ref().is_some_and(|re| re.is_match(line))
}

/// The rule of a promotion line inside the body ("READ MORE: ...", "Sign up to our
/// newsletter ...", "You may also want to watch:").
pub fn promo(line: &str) -> Option<&'static str> {
    const OPENERS: [&str; 9] = [
        "read more",
        "read next",
        "more:",
        "related:",
        "see also:",
        "watch:",
        "listen:",
        "don't miss",
        "don’t miss",
    ];
    let opens = OPENERS
        .iter()
        .any(|o| strip_prefix_ignore_case(line, o).is_some());
    let lower = line.to_lowercase();
    let short = line.split_whitespace().count() <= 30;
    let sign_up = ["sign up to", "sign up for", "straight to your inbox"]
        .iter()
        .any(|p| lower.contains(p));
    let watch = lower.starts_with("you may also") || lower.starts_with("you might also");
    (opens || (short && (sign_up || watch))).then_some("text.promo")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_lines_are_navigation() {
        for line in [
            "Accessibility Skip to main content",
            "Skip to content",
            "Advanced search",
            "Subscribe Now",
            "News",
            "Home | News | Share",
            "News | Sport | What's On | Jobs",
        ] {
            assert_eq!(furniture(line, line), Some("text.navigation"), "{line}");
        }
        for line in [
            "Click to follow",
            "Bookmark and Share",
            "More from this author",
            "Share | Email | Print",
            "@jobloggs",
            "Follow @jobloggs",
        ] {
            assert_eq!(furniture(line, line), Some("text.tools"), "{line}");
        }
        for not in [
            "Homes for all",
            "Searching for a new director",
            "Share prices fell",
            "News of the inspection spread",
            "Children's services",
        ] {
            assert_eq!(furniture(not, not), None, "{not}");
        }
    }

    #[test]
    fn breadcrumbs_start_at_home() {
        let crumb = |raw: &str| furniture(raw, &crate::lines::normalize_space(raw));
        assert_eq!(crumb("Home › News › Council news"), Some("text.breadcrumb"));
        assert_eq!(
            crumb("Home chevron_right Latest news chevron_right A headline"),
            Some("text.breadcrumb")
        );
        assert_eq!(crumb("Home   News   Article"), Some("text.breadcrumb"));
        assert_eq!(crumb("Home working is popular"), None);
        assert_eq!(crumb("Homes for all"), None);
    }

    #[test]
    fn reading_times_counts_and_widgets() {
        assert_eq!(
            furniture("3 mins read", "3 mins read"),
            Some("text.reading_time")
        );
        assert_eq!(furniture("(27 Posts)", "(27 Posts)"), Some("text.count"));
        assert_eq!(furniture("Fri, 20", "Fri, 20"), Some("text.widget"));
        assert_eq!(furniture("13 °C", "13 °C"), Some("text.widget"));
        assert_eq!(furniture("12 May 2016", "12 May 2016"), None, "a date line");
        assert_eq!(
            furniture("  • Published", "• Published"),
            Some("text.date_label")
        );
        assert_eq!(
            furniture("Last updated:", "Last updated:"),
            Some("text.date_label")
        );
        assert_eq!(furniture("2 councils", "2 councils"), None);
    }

    #[test]
    fn notices_are_about_the_site() {
        assert!(is_notice(
            "This website is currently under review and information may not be accurate."
        ));
        assert!(is_notice("We use cookies to make this site work."));
        assert!(is_notice(
            "We're making changes to bin collections from 1 April. Find out about the changes"
        ));
        assert!(is_notice(
            "Get daily updates directly to your inbox + Subscribe"
        ));
        assert!(!is_notice(
            "The council's children's services were rated good by Ofsted."
        ));
    }

    #[test]
    fn promotions_in_the_body() {
        assert_eq!(
            promo("READ MORE: Council faces inquiry"),
            Some("text.promo")
        );
        assert_eq!(promo("You may also want to watch:"), Some("text.promo"));
        assert_eq!(promo("Sign up to our daily newsletter"), Some("text.promo"));
        assert_eq!(promo("Inspectors read more than 200 case files."), None);
    }

    #[test]
    fn tail_sections() {
        assert_eq!(
            tail_markers().rule("Related articles"),
            Some("text.related")
        );
        assert_eq!(tail_markers().rule("most read"), Some("text.related"));
        assert_eq!(tail_markers().rule("Leave a Reply"), Some("text.comments"));
        assert_eq!(tail_markers().rule("Related articles about councils"), None);
    }
}
