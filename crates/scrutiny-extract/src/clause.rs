//! The clause reader: for each rating in a sentence, who holds it (the subject or object of its
//! clause), what was rated (the area), and whether it was given (its modality).
//!
//! A sentence is not parsed; its clauses are read the way a careful reader skims them. Around a
//! rating the reader finds the verb chain that governs it ("has been rated", "was handed",
//! "rated ... as"), the noun phrase that holds the rating (the subject before the chain, or the
//! object after an active rating verb: "Ofsted rated the council as good"), and what that phrase
//! is: authorities named, the page's own authority referred to ("the council", "its services"),
//! councils counted ("eight councils", "none"), or another body (a school, a home). The words
//! around the chain say whether the rating was given at all (an aim, a forecast, a condition, a
//! scale being explained, a rating left behind).

use scrutiny_core::Judgement;

use crate::gazetteer::{Gazetteer, Mention};
use crate::pattern::{Rx, Words};
use crate::rules::{RatingMention, Rules};

/// Who a rating belongs to, as its clause says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holder {
    /// Authorities the clause names (gazetteer indices), in order.
    Named(Vec<usize>),
    /// The authority the page is about: "the council", "children's services", "the service".
    Topic,
    /// A pronoun: "it", "its services", "they": the authority named just before.
    Pronoun,
    /// "Both councils": the last two authorities named.
    Both,
    /// Councils counted or spoken of in general: "eight councils", "none", "local authorities".
    Counted,
    /// Something other than a council's children's services: a school, a home, a board's own
    /// self-assessment, a generic "an LSCB that is good".
    Other,
    /// The clause does not say: the holder of the rating before it in the sentence, else the page's.
    Unsaid,
}

/// How sure the reading of the holder is, from how the clause gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The subject or object of the rating's own clause.
    Clause,
    /// A list after the rating ("rated inadequate at Birmingham, Doncaster ...").
    List,
    /// The members of a counted set, named in apposition to it ("six - Dorset, Durham ... -
    /// improved") or after it ("The authorities found to be inadequate were Cornwall, ...").
    Members,
    /// Referred to ("the council"), or not said at all.
    Reference,
}

/// Whether the text says the rating was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Modality {
    /// Given, now or in the past.
    Given,
    /// Held before and left behind: "no longer inadequate", "from inadequate to good".
    Left,
}

/// What was rated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Areas {
    /// The areas named; none named reads as the overall judgement.
    Named(Vec<Judgement>),
    /// Every judgement of the framework ("good in all areas", "across the board"), with the number
    /// the text gives ("all five areas").
    All(Option<u8>),
}

/// Why a rating states no judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    /// "not rated inadequate", "avoided an inadequate rating".
    Negated,
    /// An aim, hope, forecast or need: "aims to be outstanding", "could be rated inadequate".
    NotGiven,
    /// A condition or question: "if your services are judged inadequate".
    Hypothetical,
    /// A grade named to explain the scale: "one above the lowest rating - 'inadequate'".
    Scale,
    /// A rating of some areas only, not said which: "inadequate in three of the four areas".
    Partial,
    /// A rating of a criterion inside a judgement: "capacity to improve", "economic prospects".
    Criterion,
}

/// One rating of a sentence, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement {
    /// The rating.
    pub rating: RatingMention,
    /// Who holds it.
    pub holder: Holder,
    /// How the holder was found.
    pub source: Source,
    /// What was rated.
    pub areas: Areas,
    /// Whether it is held now or was left behind.
    pub modality: Modality,
    /// The clause the rating was read in (byte span in the sentence).
    pub clause: (usize, usize),
    /// The rating is a noun phrase with no verb of its own ("the inadequate rating in 2018").
    pub nominal: bool,
    /// The noun phrase that holds the rating (byte span in the sentence).
    pub zone: (usize, usize),
    /// Authorities said to share the rating: "... judged to be failing - joining Sefton and Halton".
    pub also: Vec<usize>,
    /// Children in care and care leavers named as one ("children in care and care leavers"):
    /// one judgement before 2023, two from then.
    pub combined_care: bool,
    /// A grade alone on its line (a report's table: an area on one line, its grade on the next).
    pub alone: bool,
}

/// The words the reader looks for, compiled once.
#[derive(Debug)]
pub(crate) struct Lexicon {
    boundary: Rx,
    dash: Rx,
    verb: Rx,
    transitive: Rx,
    connector_tail: Rx,
    not_object: Rx,
    relative: Rx,
    reporting: Rx,
    fronted: Rx,
    pronoun: Rx,
    metalinguistic: Rx,
    service_head: Rx,
    plural_after: Rx,
    subject_pronoun: Rx,
    antecedent_cut: Rx,
    listed: Rx,
    located: Rx,
    counted_rest: Rx,
    member_of: Rx,
    as_was: Rx,
    and_clause: Rx,
    scale_phrase: Rx,
    copula_only: Rx,
    respectively: Rx,
    including: Rx,
    list_end: Rx,
    auxiliary: Rx,
    clause_and: Rx,
    cause: Rx,
    attributive: Rx,
    joined: Rx,
    other_body: Rx,
    self_assessment: Rx,
    generic: Rx,
    quantifier: Rx,
    council_plural: Rx,
    area_set: Rx,
    reference: Rx,
    both: Rx,
    aside: Rx,
    list_intro: Rx,
    as_well_as: Rx,
    aspiration: Rx,
    hypothetical: Rx,
    scale_before: Rx,
    scale_after: Rx,
    left_behind: Rx,
    from_before: Rx,
    all_areas: Rx,
    except: Rx,
    first_to_be: Rx,
    partial: Rx,
    criterion: Rx,
    area_after: Rx,
    overall: Rx,
    overall_of: Rx,
    lscb: Rx,
    combined_care: Rx,
    nominal_after: Rx,
    copula: Rx,
}

impl Lexicon {
    /// Compile every pattern.
    pub(crate) fn new() -> Result<Lexicon, regex::Error> {
        let rx = |p: &str| Rx::new(&format!("(?i){p}"));
        Ok(Lexicon {
            // Where a clause ends: punctuation that closes one, and the words that open another.
            boundary: rx(
                r"[;:?!()]|,\s+(?:when|which|who|whose|where|while|whilst|whereas|although|though|but|because|if|unless|after|before|since|so|yet|despite|as\s+(?:was|were|is|are|did|has|have|had|it|they|the|a|an)|with|and\s+(?:the|its|their|it|they|this|that|a|an|one|two|three|four|five|inspectors|ofsted|services)|adding|saying|putting|making|meaning|following|leaving|resulting|removing|lifting|taking)\b|\b(?:while|whilst|whereas|although|though|but|because|unless|whether|which|since|after|until)\b",
            )?,
            dash: rx(r"\s[\u2013\u2014-]\s")?,
            // Words of a verb chain: auxiliaries, rating verbs and the verbs that hand a rating over.
            verb: rx(
                r"\b(?:has|have|had|having|is|are|was|were|be|been|being|will|would|could|should|may|might|must|can|shall|remains?|remained|remaining|became|becomes?|continues?|continued|rated|rates|rate|judged|judges|judge|graded|grades|deemed|deems|found|finds|branded|brands|labell?ed|classed|classified|ranked|ranks|assessed|assesses|described|considered|declared|ruled|received|receives|receiving|gets|got|given|gave|gives|giving|awarded|awards|awarding|handed|hands|achieved|achieves|secured|secures|securing|gained|earned|retained|retains|kept|maintained|maintains|holds?|held|upgraded|downgraded|improved|lifted|moved|raised|dropped|fell|slipped|went|gone|jumped|placed|put|performs?|performed|performing|scored|judging|grading)\b",
            )?,
            // Verbs whose object, not subject, holds the rating: "Ofsted rated the council good".
            transitive: rx(
                r"\b(?:rated|rates|rate|rating|judged|judges|judge|judging|graded|grades|grading|branded|brands|labell?ed|found|finds|deemed|deems|ranked|ranks|assessed|assesses|gave|gives|giving|awarded|awards|awarding|handed|hands|declared|described|considered|classed|upgraded|downgraded|put|placed)\s*$",
            )?,
            // What stands between an object and its rating: "the Council an overall 'good'".
            connector_tail: rx(
                r"(?:\s+(?:as|to be|being|with|to|a|an|the|its|their|overall|ofsted['\u2019]s|highest|lowest|top|possible|official|new|first|latest|another|again|now|also|still)|\s*[\x22'\u201c\u2018])+\s*$",
            )?,
            // Words that start no object: "rated as", "rated by Ofsted", "rated again".
            not_object: rx(
                r"^(?:as|by|to|at|in|for|from|with|overall|again|now|also|all|still|previously|once|twice|both|formally|officially|recently|last|this|that|on|across|under|since|after)\b",
            )?,
            relative: rx(r"^\W*(?:which|that|who|whom)\s*$")?,
            // "Ofsted said", "inspectors found that": the frame of a reported clause.
            reporting: rx(
                r"\b(?:said|says|say|found that|finds that|concluded(?: that)?|noted(?: that)?|stated(?: that)?|reported(?: that)?|revealed(?: that)?|added(?: that)?|warned(?: that)?|believes?(?: that)?|shows?(?: that)?|showed(?: that)?|confirmed(?: that)?|highlighted(?: that)?|means?(?: that)?|meant(?: that)?|decided(?: that)?|announced(?: that)?|acknowledged(?: that)?|recognised(?: that)?|explained(?: that)?|(?:report|find|conclude|note|state|reveal|add|warn|believe|show|confirm|highlight|decide|announce|acknowledge|recognise|explain|judge)(?:s|d|ed)? that)\s",
            )?,
            // A phrase put before the subject and closed by a comma: "Following inspections in
            // April, Ofsted ...", "In 2013, the council ...", "However, ...".
            fronted: rx(
                r"^\W*(?:following|after|in|on|at|since|by|before|during|despite|under|with|without|however|today|yesterday|last|this|meanwhile|but|and|so|also|now|then|as|like|unlike|besides|although|though|while|whilst|when|if|because|once|having|according|back|prior|earlier|later|previously|instead|indeed|nationally|locally|elsewhere|of|among|amongst|out of|for|overall|again|what|where|here|there|it|they|ofsted|inspectors)\b[^,]*,\s*$",
            )?,
            pronoun: rx(r"^\W*(?:it|its|they|them|their|this|these|it['\u2019]s)\b")?,
            // "The word 'adequate' does not describe ...": the word, not a grade.
            metalinguistic: rx(
                r"\b(?:the|a|this|that) (?:word|term|label|phrase)\s*[\x22'\u201c\u2018]?\s*$",
            )?,
            // What a copula may grade: a council, its services or one of their areas.
            service_head: rx(
                r"\b(?:services?|council|authority|borough|department|board|lscb|partnership|trust|care|protection|leavers?|leadership|leaders|adoption|effectiveness|provision|arrangements|safeguarding|it|they|children)$",
            )?,
            // "inadequate authorities": a grade said of councils in general.
            plural_after: rx(
                r"^\s*[\x22'\u201d\u2019]?\s*(?:-rated\s+)?(?:councils|authorities|local authorities|boroughs|las|departments|services)\b",
            )?,
            subject_pronoun: rx(r"(?:^|\s)(?:it|they|them)\s*$")?,
            // Where the phrase a relative pronoun stands for begins: after a verb or a preposition.
            antecedent_cut: rx(
                r"\b(?:of|for|by|with|from|to|into|on|at|about|over|after|since|has|have|had|is|are|was|were|said|says|found|published|praised|seen|shows?)\s",
            )?,
            auxiliary: rx(
                r"^(?:has|have|had|having|is|are|was|were|be|been|being|will|would|could|should|may|might|must|can|shall|remains?|remained|became|becomes?|continues?|continued|gets?|got)\b",
            )?,
            list_end: rx(r"[;(]|\b(?:amid|due to|because|but|while|whilst|which|when|although)\b")?,
            including: rx(r"^[\s,:]*(?:including|namely|such as|that is)\b|^\s*:")?,
            // "... with children and the adoption element of the service was ...": a clause
            // joined by "and" begins a subject of its own.
            clause_and: rx(r"\sand\s")?,
            respectively: rx(r"\brespectively\b")?,
            scale_phrase: rx(r"^\W*(?:the|its|their|ofsted['\u2019]s)\s")?,
            copula_only: rx(r"^(?:(?:is|are|was|were|be|been|being|remains?|remained)\s*)+$")?,
            and_clause: rx(
                r"\band\s+(?:one|two|three|four|five|the|its|their|a|an|all|some|most|another)\b",
            )?,
            as_was: rx(r"^\W*,?\s*as (?:was|were|is|are) ([^.;,]+)")?,
            counted_rest: rx(
                r"^\W*(?:in|for)\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|some|others?|the rest)\b",
            )?,
            located: rx(r"\b(?:in|at|across|for)\s+(?:the\s+)?$")?,
            // "Sefton was one of three councils rated inadequate", "Leeds is among the
            // authorities rated outstanding": the subject is a member of the counted set.
            member_of: rx(
                r"\b(?:is|was|are|were|becomes?|became|ha(?:s|d) become|remains?|remained)\s+(?:now\s+|also\s+|still\s+)?(?:one of|among(?:st)?)\s",
            )?,
            listed: rx(
                r"\b(?:these|those|the above|the following|each of these|all of these|all of the)\b",
            )?,
            // Words after which a phrase explains a rating rather than naming what was rated.
            cause: rx(
                r"\b(?:amid|due to|because|owing to|after|following|over concerns|with concerns|as|when|which|but|while|whilst|although|despite)\b|[,;:(]",
            )?,
            // "its 'outstanding' support for care leavers": a rating said of what follows it.
            attributive: rx(
                r"^\s*[\x22'\u201d\u2019]?\s*(?:support|services?|work|provision|practice|performance|care|arrangements|help)\b",
            )?,
            // Names that share a rating: "... judged to be failing - joining Sefton and Halton".
            joined: rx(
                r"\b(?:joining|alongside|along with|as well as|like|as (?:did|have|has|had|were|was))\s+(?:the\s+)?$",
            )?,
            other_body: rx(
                r"\b(?:schools?|academ(?:y|ies)|nurser(?:y|ies)|colleges?|sixth forms?|universit(?:y|ies)|pupil referral units?|PRUs?|children['\u2019]s homes?|care homes?|homes|(?:the|a|one|each|every|its|our|their|other|private|residential)\s+(?:of\s+the\s+)?(?:[\w-]+\s+)?home|residential (?:home|unit|setting|service)s?|adult (?:social care|services)|adults?['\u2019]? (?:social )?services|cqc|care quality commission|special educational needs|send (?:services|provision|inspections?|area)|hospitals?|nhs|police|constabulary|youth offending|youth justice|prisons?|fostering|foster care agency|adoption agenc(?:y|ies)|childminders?|early years|childcare|settings|institutions|providers?|limited|ltd|plc|care inspectorate|estyn|wales|welsh|scotland|scottish)\b",
            )?,
            self_assessment: rx(r"\bself[- ]?(?:assessment|evaluation|assessed|evaluated)\b")?,
            // "An LSCB that is good ...": a kind of thing, not a council.
            generic: rx(r"^\W*(?:an?|any|every)\s+(?:[\w'\u2019-]+\s+){0,3}(?:that|which|who)\b")?,
            // A noun phrase that counts: "eight councils", "none", "a third of the councils".
            quantifier: rx(
                r"^\W*(?:(?:of|with|and|but|now|also|still|currently)\s+)?(?:the\s+|a\s+)?(?:just\s+|only\s+)?(?:none|no|all|both|each|every|some|many|most|several|few|fewer|more|other|others|another|half|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|fifty|dozens|hundreds|number|majority|minority|proportion|third|quarter|two[- ]thirds|handful|total|further|fourth|\d+)\b",
            )?,
            council_plural: rx(
                r"\b(?:councils|authorities|local authorities|boroughs|counties|LAs)\b",
            )?,
            area_set: rx(r"\b(?:areas?|categor(?:y|ies)|judgements?|aspects?|parts?|elements?)\b")?,
            reference: rx(
                r"\b(?:it|its|they|them|their|our|we|us|this|these|the (?:[\w-]+\s+)?(?:borough|authority|council|local authority|county|city|department|service|services|trust|directorate|board|partnership)|children['\u2019]?s?['\u2019]? (?:social )?(?:services?|social care|care services|social work)|(?:social )?services|social care|department)\b",
            )?,
            both: rx(r"\b(?:both|the two) (?:councils|authorities|local authorities|boroughs)\b")?,
            // A name after these is not who holds the rating: "Torbay in Devon", "in a part of
            // Devon", "run by Essex", "better than Leeds".
            aside: rx(
                r"(?:\b(?:parts? of|neighbouring|near|than|unlike|like|by|with|from|alongside|along with|compared (?:with|to)|on behalf of|partnership with|outside|across|in)\s+(?:the\s+|a\s+)?)$",
            )?,
            // What introduces a list of names: "at", "in", "were", "- ", "including".
            list_intro: rx(
                r"(?:\b(?:at|in|across|were|are|include|included|including|namely|such as|among them)\s+(?:the\s+)?|[\u2013\u2014:-]\s*)$",
            )?,
            as_well_as: rx(
                r"^\W*(?:as well as|along with|alongside|like|besides|in addition to)\s",
            )?,
            aspiration: rx(
                r"\b(?:aims?|aiming|aimed|ambitions?|ambitious|targets?|targeting|goals?|objectives?|aspir\w*|hopes?|hoping|hoped|wants?|wanted|wish\w*|striv\w*|towards|on (?:its|our|their|the|course|track) (?:way )?(?:to|for)|on track|journey to|en route to|deserv\w*|needs? to|needed to|must|should|could|would|might|may|can|will|shall|going to|expect\w*|likely|predict\w*|forecast\w*|plans?|planning|intend\w*|determined to|committed to|bid to|push for|becoming|to become|to get|getting|get to|to reach|reaching|to achieve|in order to|to make|to move|to be (?:rated|judged|graded)|answer to|the prospect of|at risk of|in danger of|fear\w*|risks?|warned|warning)\b",
            )?,
            hypothetical: rx(r"\b(?:if|unless|whether|what happens)\b")?,
            scale_before: rx(
                r"\b(?:above|below|between|than|beyond)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:[\u2013\u2014,:-]\s*)?(?:which is\s+)?[\x22'\u201c\u2018]?\s*$",
            )?,
            scale_after: rx(
                r"^\s*[\x22'\u201d\u2019]?\s*(?:is|was|remains|being)\s+(?:the\s+)?(?:highest|lowest|top|bottom|best|worst|second|third|middle)\b",
            )?,
            left_behind: rx(
                r"\b(?:no longer|out of|lifted|removed|removing|shed|shedding|moved out|emerged from|escaped|come out of|came out of|(?:up|down|improved|improving|rising|risen|rose) from)\b",
            )?,
            from_before: rx(
                r"\bfrom\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:judgement of\s+|rating of\s+)?[\x22'\u201c\u2018]?\s*$",
            )?,
            all_areas: rx(
                r"\b(?:(?:in|across|for) (?:all|every|each)(?: (?:four|five|three|six|4|5|3|6))? (?:key |inspected |inspection |judgement |of the |of its |of these |of those )?(?:areas?|categor(?:y|ies)|judgements?|aspects?)|all (?:(?:four|five|three|six|4|5|3|6) )?(?:key |inspected |inspection |judgement |of the |of these )?(?:areas|categories|judgements)|every (?:area|category|judgement)|all aspects of (?:the|its|their) (?:service|services|work)|across the board|in every respect)\b",
            )?,
            // "the first council in the region to be rated outstanding": one that was, counted
            // in order among others, not an aim.
            first_to_be: rx(
                r"\b(first|second|third|fourth|fifth|only|last|latest|newest|\d+(?:st|nd|rd|th))\s+(?:[\w'\u2019-]+\s+){0,6}?to (?:be|have been) (?:rated|judged|graded)\s+[\x22'\u201c\u2018]?\s*$",
            )?,
            except: rx(
                r"^\W*(?:except(?: for)?|apart from|other than|save for|bar|with the exception of|excluding)\s",
            )?,
            partial: rx(
                r"\b(?:(?:\d+|one|two|three|four|five|six|seven|some|most|many|several|half|a number) (?:of (?:the )?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|its|their)\s+)?(?:key |inspected |inspection |judgement |service )?(?:areas|categories|judgements|aspects|criteria|elements)|in most areas|some (?:areas|aspects|parts|elements)|other areas|one (?:other )?(?:area|category|aspect))\b",
            )?,
            criterion: rx(
                r"\b(?:capacity (?:to|for) improve(?:ment)?|areas? for (?:improvement|development)|criteri(?:a|on)|prospects|outcomes? for|well-?being|health of|education of|economic|attendance|behaviour and safety|quality of teaching|achievement of|leadership and management|early years)\b",
            )?,
            area_after: rx(
                r"^\s*[\x22'\u201d\u2019]?\s*(?:(?:ofsted\s+)?(?:rating|grade|judgement|verdict)\s+of\s+|(?:rating|grade|judgement|verdict)?\s*(?:overall\s*,?\s*)?(?:for|in|on|across|at)\s+|(?:was|were|is|are)?\s*(?:also\s+)?(?:applied|given|awarded|extended)\s+to\s+)",
            )?,
            overall: rx(r"\boverall\b")?,
            overall_of: rx(r"\boverall effectiveness of\s")?,
            lscb: rx(
                r"\b(?:(?:local )?safeguarding children(?:['\u2019]s)? (?:board|partnership)|lscbs?|the board(?:['\u2019]s)?)\b",
            )?,
            combined_care: rx(
                r"\b(?:children in care|looked[- ]after children(?: and young people)?|children looked after(?: and achieving permanence)?)(?:,)? and (?:for )?(?:those )?(?:children leaving care|care[- ]leavers|young people leaving care)\b",
            )?,
            nominal_after: rx(
                r"^\s*[\x22'\u201d\u2019]?\s*(?:ofsted\s+)?(?:rating|ratings|grade|grading|judgement|judgment|verdict|label|category|status|report|assessment|score|result|outcome)\b",
            )?,
            copula: rx(r"\b(?:were|are|include|included)\s*[;:]?\s*")?,
        })
    }
}

impl Lexicon {
    /// "all of these areas", "each of these": areas listed before.
    pub(crate) fn refers_to_listed(&self, w: Words, text: &str) -> bool {
        self.listed.is_match(w, text)
    }

    /// Whether a name at `at` is put aside by the words before it ("in a part of Devon", "run
    /// by Essex", "better than Leeds").
    pub(crate) fn put_aside(&self, w: Words, text: &str, at: usize) -> bool {
        self.aside.is_match(w, &text[..at])
    }

    /// The sentence's first noun phrase: its words up to the first verb.
    pub(crate) fn first_phrase<'t>(&self, w: Words, text: &'t str) -> &'t str {
        self.verb.find(w, text).map_or(text, |m| &text[..m.start()])
    }
}

/// One sentence as the reader needs it.
pub(crate) struct Sentence<'a> {
    /// The text.
    pub text: &'a str,
    /// How its word boundaries are searched.
    pub words: Words,
    /// The authorities it names.
    pub mentions: &'a [Mention],
    /// Its ratings, in order.
    pub ratings: &'a [RatingMention],
}

impl Sentence<'_> {
    fn at(&self, span: (usize, usize)) -> &str {
        &self.text[span.0..span.1]
    }
}

/// Read every rating of a sentence: a statement, or why there is none.
pub(crate) fn read(lex: &Lexicon, rules: &Rules, s: &Sentence<'_>) -> Vec<Result<Statement, Skip>> {
    let ratings = merge_scale_appositions(s);
    if is_question(s.text) || is_scale_list(s, &ratings) {
        return ratings.iter().map(|_| Err(Skip::Scale)).collect();
    }
    let bounds = boundaries(lex, s);
    let mut out: Vec<Result<Statement, Skip>> = Vec::with_capacity(ratings.len());
    let mut floor = 0;
    for (k, r) in ratings.iter().enumerate() {
        let next = ratings.get(k + 1).map_or(s.text.len(), |n| n.start);
        let clause = clause_of(&bounds, floor, r, next, s.text.len());
        let read = match (k.checked_sub(1), out.last()) {
            // "towards a 'good' and, ultimately, 'outstanding' rating", "'good' in 14 of the 22
            // categories, 'adequate' in seven": a grade joined to the one before, with no verb
            // of its own between, is read as that one was.
            (Some(p), Some(Err(skip))) if coordinated(lex, s, &ratings[p], r) => {
                joined_to_skipped(lex, rules, s, r, clause, *skip)
            }
            // "the answer to getting from 'inadequate' to 'good'": the words that govern the
            // first of a pair govern the second.
            (Some(p), Some(Ok(prev))) if from_to(s, &ratings[p], r) => {
                statement(lex, rules, s, r, clause).and_then(|st| {
                    let asked = &s.text[prev.zone.0.min(prev.clause.0)..ratings[p].start];
                    if lex.aspiration.is_match(s.words, asked) {
                        Err(Skip::NotGiven)
                    } else {
                        Ok(st)
                    }
                })
            }
            _ => statement(lex, rules, s, r, clause),
        };
        out.push(read);
        floor = tail_end(s.text, r.end, next);
    }
    respectively(lex, s, &mut out);
    as_was(lex, rules, s, &mut out);
    out
}

/// "... was outstanding, as was the services' overall effectiveness": the grade of the clause
/// before, said again of what follows "as was".
fn as_was(lex: &Lexicon, rules: &Rules, s: &Sentence<'_>, out: &mut Vec<Result<Statement, Skip>>) {
    let mut added = Vec::new();
    for st in out.iter().flatten() {
        let rest = &s.text[st.clause.1..];
        let Some(m) = lex.as_was.captures(s.words, rest) else {
            continue;
        };
        let Some(phrase) = m.get(1) else { continue };
        let mut areas = named_areas(rules, s.words, phrase.as_str());
        if areas.is_empty() && lex.overall.is_match(s.words, phrase.as_str()) {
            areas.push(Judgement::Overall);
        }
        if areas.is_empty() {
            continue;
        }
        let start = st.clause.1 + phrase.start();
        added.push(Ok(Statement {
            holder: Holder::Unsaid,
            source: Source::Reference,
            areas: Areas::Named(areas),
            clause: (start, st.clause.1 + phrase.end()),
            zone: (start, st.clause.1 + phrase.end()),
            also: Vec::new(),
            combined_care: false,
            alone: false,
            ..st.clone()
        }));
    }
    out.extend(added);
}

/// "Rochdale and Oldham were rated requires improvement and inadequate respectively": the
/// names and the grades pair in order.
fn respectively(lex: &Lexicon, s: &Sentence<'_>, out: &mut [Result<Statement, Skip>]) {
    if !lex.respectively.is_match(s.words, s.text) {
        return;
    }
    let given: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_ok()).collect();
    let Some(Ok(first)) = given.first().map(|&i| &out[i]) else {
        return;
    };
    let Holder::Named(names) = first.holder.clone() else {
        return;
    };
    let rest_unsaid = given[1..]
        .iter()
        .all(|&i| matches!(&out[i], Ok(st) if st.holder == Holder::Unsaid));
    if names.len() != given.len() || !rest_unsaid {
        return;
    }
    for (&i, name) in given.iter().zip(names) {
        if let Ok(st) = &mut out[i] {
            st.holder = Holder::Named(vec![name]);
            st.source = Source::Clause;
        }
    }
}

/// A grade joined to one read as none: not given when that one is not ("towards a 'good' and,
/// ultimately, 'outstanding' rating"); a rating of some areas when its own phrase counts them
/// too ("'good' in 14 of the 22 categories, 'adequate' in seven"); else read on its own ("in
/// two categories, but good in leadership").
fn joined_to_skipped(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    r: &RatingMention,
    clause: (usize, usize),
    skip: Skip,
) -> Result<Statement, Skip> {
    match skip {
        Skip::Partial | Skip::Criterion => {
            if lex.counted_rest.is_match(s.words, &s.text[r.end..clause.1]) {
                return Err(skip);
            }
            statement(lex, rules, s, r, clause)
        }
        _ => Err(skip),
    }
}

/// "from 'inadequate' to 'good'": the second of a pair of grades.
fn from_to(s: &Sentence<'_>, prev: &RatingMention, r: &RatingMention) -> bool {
    s.text[prev.end..r.start]
        .trim_matches(|c: char| !c.is_alphanumeric())
        .eq_ignore_ascii_case("to")
}

/// Whether a rating is joined to the one before with no verb of its own between them.
fn coordinated(lex: &Lexicon, s: &Sentence<'_>, prev: &RatingMention, r: &RatingMention) -> bool {
    let gap = &s.text[prev.end..r.start];
    gap.len() < 60 && !lex.verb.is_match(s.words, gap) && !gap.contains(['.', ';', ':'])
}

/// "given the lowest rating of 'inadequate'": the scale phrase and the grade in apposition are
/// one rating; the grade is kept.
pub(crate) fn merge_scale_appositions(s: &Sentence<'_>) -> Vec<RatingMention> {
    let mut out: Vec<RatingMention> = Vec::with_capacity(s.ratings.len());
    for r in s.ratings {
        let joined = out.last().is_some_and(|prev| {
            let between = &s.text[prev.end..r.start];
            prev.rating == r.rating
                && crate::text::starts_with_lower(&s.text[prev.start..], "the ")
                && between.len() < 16
                && (!between.chars().any(char::is_alphabetic)
                    || between
                        .trim_matches(|c: char| !c.is_alphabetic())
                        .eq_ignore_ascii_case("of"))
        });
        if joined {
            out.pop();
        }
        out.push(*r);
    }
    out
}

fn is_question(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ' '])
        .ends_with('?')
}

/// "'Inadequate'; 'Requires Improvement'; 'Good' and 'Outstanding'": the scale itself, listed.
fn is_scale_list(s: &Sentence<'_>, ratings: &[RatingMention]) -> bool {
    let mut distinct: Vec<_> = ratings.iter().map(|r| r.rating).collect();
    distinct.sort();
    distinct.dedup();
    distinct.len() >= 3
        && s.mentions.is_empty()
        && ratings.windows(2).all(|pair| {
            let gap = s.text[pair[0].end..pair[1].start]
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            gap.is_empty() || matches!(gap.as_str(), "and" | "or" | "to")
        })
}

/// Byte offsets where clauses end or begin, in order. A pair of dashes around names is an
/// apposition ("one local authority - Lincolnshire - judged ..."), not a break.
fn boundaries(lex: &Lexicon, s: &Sentence<'_>) -> Vec<usize> {
    let mut out: Vec<usize> = lex
        .boundary
        .find_iter(s.words, s.text)
        .filter(|m| {
            !inside_mention(s.mentions, m.start()) && !hyphenated(s.text, m.start(), m.end())
        })
        .map(|m| m.start())
        .collect();
    let dashes: Vec<(usize, usize)> = lex
        .dash
        .find_iter(s.words, s.text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut k = 0;
    while k < dashes.len() {
        let paired = dashes.get(k + 1).is_some_and(|next| {
            // An interruption with no verb is an apposition: "one local authority -
            // Lincolnshire - judged", "Individual aspects - children who need help, ... -
            // were all rated".
            only_names(s, dashes[k].1, next.0)
                || !lex.verb.is_match(s.words, &s.text[dashes[k].1..next.0])
        });
        if paired {
            k += 2;
            continue;
        }
        out.push(dashes[k].0);
        k += 1;
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// "looked-after" and "children looked after" hold no clause break: the word is part of another.
fn hyphenated(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    before.ends_with('-')
        || text[end..].starts_with('-')
        || before.len() >= 7
            && before.is_char_boundary(before.len() - 7)
            && before[before.len() - 7..].eq_ignore_ascii_case("looked ")
}

fn inside_mention(mentions: &[Mention], at: usize) -> bool {
    mentions.iter().any(|m| at > m.start && at < m.end)
}

/// Whether `from..to` holds only names and the words that join them in a list.
fn only_names(s: &Sentence<'_>, from: usize, to: usize) -> bool {
    let mut rest = String::with_capacity(to - from);
    let mut at = from;
    let mut any = false;
    for m in s.mentions.iter().filter(|m| m.start >= from && m.end <= to) {
        rest.push_str(&s.text[at..m.start]);
        at = m.end;
        any = true;
    }
    rest.push_str(&s.text[at..to]);
    any && rest.split(|c: char| !c.is_alphanumeric()).all(|word| {
        matches!(
            word.to_lowercase().as_str(),
            "" | "and"
                | "or"
                | "council"
                | "councils"
                | "county"
                | "city"
                | "borough"
                | "metropolitan"
                | "the"
        )
    })
}

/// The clause a rating is read in: from the boundary before it (or the end of the previous
/// rating's predicate) to the boundary after it (or the next rating).
fn clause_of(
    bounds: &[usize],
    floor: usize,
    r: &RatingMention,
    next: usize,
    len: usize,
) -> (usize, usize) {
    let start = bounds
        .iter()
        .copied()
        .filter(|&b| b < r.start)
        .max()
        .unwrap_or(0)
        .max(floor);
    let end = bounds
        .iter()
        .copied()
        .find(|&b| b >= r.end)
        .unwrap_or(len)
        .min(next.max(r.end));
    (start, end)
}

/// Where a rating's own words end: after a closing quote, "rating", "overall" and the like.
fn tail_end(text: &str, end: usize, next: usize) -> usize {
    let mut at = end;
    loop {
        let rest = &text[at..next];
        let trimmed = rest.trim_start_matches(['"', '\'', '\u{201d}', '\u{2019}', ' ']);
        let skip = rest.len() - trimmed.len();
        let word = ["rating", "grade", "judgement", "overall", "verdict"]
            .into_iter()
            .find(|w| crate::text::starts_with_lower(trimmed, w));
        match word {
            Some(w) => at += skip + w.len(),
            None => return at,
        }
    }
}

fn statement(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    r: &RatingMention,
    clause: (usize, usize),
) -> Result<Statement, Skip> {
    let w = s.words;
    let before = &s.text[clause.0..r.start];
    let modality = modality(lex, w, s.text, r, clause.0)?;
    // The scale may be explained across a dash: "one above the lowest rating - 'inadequate'".
    let near = &s.text[floor_char(s.text, r.start.saturating_sub(80))..r.start];
    if lex.scale_before.is_match(w, near) || lex.scale_after.is_match(w, &s.text[r.end..]) {
        return Err(Skip::Scale);
    }
    if lex.hypothetical.is_match(w, before) || lex.hypothetical.is_match(w, first_words(s.text)) {
        return Err(Skip::Hypothetical);
    }
    let frame = frame(lex, rules, s, clause.0, r);
    if lex.metalinguistic.is_match(w, before) {
        return Err(Skip::Scale);
    }
    // "Outstanding is the highest grade": a grade named by its place on the scale, said of
    // nothing but another grade.
    if lex.scale_phrase.is_match(w, s.at((r.start, r.end)))
        && frame.chain.1 > frame.chain.0
        && lex.copula_only.is_match(w, s.at(frame.chain))
    {
        return Err(Skip::Scale);
    }
    // The aim, hope or forecast may stand in the subject ("our objective of being assessed as
    // outstanding") or in the verb chain ("could be rated").
    let asked = if frame.nominal {
        before
    } else {
        &s.text[frame.zone.0.min(frame.chain.0).min(r.start)..r.start]
    };
    // "the first council to be rated outstanding" counts one that was: the aim is looked for
    // only before the count ("wants to be the first council to be rated ...").
    let asked = lex
        .first_to_be
        .captures(w, asked)
        .and_then(|c| c.get(1))
        .map_or(asked, |m| &asked[..m.start()]);
    if modality == Modality::Given && lex.aspiration.is_match(w, asked) {
        return Err(Skip::NotGiven);
    }
    if r.copular && !names_a_service(lex, s, frame.zone) {
        return Err(Skip::NotGiven);
    }
    let (holder, source) = holder(lex, rules, s, frame.zone, r, clause.1);
    let mut areas = areas(lex, rules, s, frame.zone, r, clause)?;
    if let (Areas::Named(found), Some(label)) = (&mut areas, row_label(s, r, clause)) {
        // "Children in care: Outstanding": a row of a report's table grades the area it names.
        if found.is_empty() {
            *found = named_areas(rules, w, label);
        }
    }
    Ok(Statement {
        rating: *r,
        holder,
        source,
        areas,
        modality,
        clause,
        nominal: frame.nominal,
        zone: frame.zone,
        also: joined(lex, s, r.end),
        combined_care: lex
            .combined_care
            .is_match(w, &s.text[frame.zone.0.min(r.start)..clause.1]),
        alone: s.text[..r.start].chars().all(|c| !c.is_alphabetic())
            && s.text[r.end..].chars().all(|c| !c.is_alphabetic()),
    })
}

/// The name of a table row the grade ends ("Children in care: Outstanding", "Overall
/// effectiveness | Good"): the text before the colon or bar that opens the grade's clause.
fn row_label<'a>(s: &Sentence<'a>, r: &RatingMention, clause: (usize, usize)) -> Option<&'a str> {
    let opening = s.text[clause.0..r.start].trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201c}' | '\u{2018}')
    });
    let ends_line = s.text[r.end..].chars().all(|c| !c.is_alphanumeric());
    (ends_line && matches!(opening, ":" | "|")).then(|| &s.text[..clause.0])
}

/// "services are now good", "Children's services in Lambeth remain inadequate": a copula makes
/// a grade only of a council, its services or one of their areas, not of "the food" or "morale".
fn names_a_service(lex: &Lexicon, s: &Sentence<'_>, zone: (usize, usize)) -> bool {
    let text = s.at(zone).trim_end_matches(|c: char| !c.is_alphanumeric());
    let ends_with_name = s
        .mentions
        .iter()
        .any(|m| m.end <= zone.1 && m.start >= zone.0 && s.text[m.end..zone.1].trim().is_empty());
    ends_with_name || lex.service_head.is_match(s.words, text)
}

/// The char boundary at or before a byte offset.
fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn first_words(text: &str) -> &str {
    let end = text.char_indices().nth(16).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Held, left behind, or not given at all.
fn modality(
    lex: &Lexicon,
    w: Words,
    text: &str,
    r: &RatingMention,
    a: usize,
) -> Result<Modality, Skip> {
    if r.negated {
        return if lex.left_behind.is_match(w, &text[a..r.start]) {
            Ok(Modality::Left)
        } else {
            Err(Skip::Negated)
        };
    }
    if lex.from_before.is_match(w, &text[..r.start]) {
        return Ok(Modality::Left);
    }
    Ok(Modality::Given)
}

/// The verb chain that governs a rating and the noun phrase that holds it.
struct Frame {
    /// The chain's span (empty at the rating when there is none).
    chain: (usize, usize),
    /// The noun phrase that holds the rating.
    zone: (usize, usize),
    /// No verb governs the rating: it is a noun phrase ("the inadequate rating in 2018").
    nominal: bool,
}

fn frame(lex: &Lexicon, rules: &Rules, s: &Sentence<'_>, a: usize, r: &RatingMention) -> Frame {
    let (w, text) = (s.words, s.text);
    let nominal_form = lex.nominal_after.is_match(w, &text[r.end..]);
    let Some((cs, ce)) = governing_chain(lex, w, text, a, r.start) else {
        return Frame {
            chain: (r.start, r.start),
            zone: relative_antecedent(lex, s, (np_start(lex, s, a, r.start), r.start)),
            nominal: true,
        };
    };
    let mid = &text[ce..r.start];
    let object = strip_connectors(lex, w, mid);
    let active = lex.transitive.is_match(w, &text[cs..ce])
        && object.chars().any(char::is_alphabetic)
        && !lex.not_object.is_match(w, object.trim_start());
    if active {
        let start = ce + (object.len() - object.trim_start().len());
        return Frame {
            chain: (cs, ce),
            zone: (start, start + object.trim().len()),
            nominal: false,
        };
    }
    let mut zone = passive_holder(lex, rules, s, a, (cs, ce));
    if !s.at(zone).chars().any(char::is_alphabetic) && a > 0 {
        // "Leeds, which was rated inadequate for eight years, is now good": after a clause that
        // interrupts it, the sentence's own subject.
        let head = lex.first_phrase(w, text);
        let end = head.find(", ").unwrap_or(head.len());
        zone = (0, end);
    }
    Frame {
        chain: (cs, ce),
        zone,
        nominal: nominal_form && !lex.transitive.is_match(w, &text[cs..ce]),
    }
}

/// The phrase that holds a rating its verb chain does not take as an object: the subject
/// before the chain; for a participle joined by "and" ("was singled out ... and rated good"),
/// the subject of the verb it is joined to; for a participle alone ("12 councils deemed to be
/// performing poorly"), the phrase just before it.
fn passive_holder(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    a: usize,
    chain: (usize, usize),
) -> (usize, usize) {
    let (w, text) = (s.words, s.text);
    let (cs, _) = chain;
    let participle = !lex.auxiliary.is_match(w, &text[cs..]);
    let before = text[a..cs].trim_end();
    if participle && before.to_lowercase().ends_with(" and") {
        let joined_end = a + before.len() - 3;
        if let Some((ps, pe)) =
            last_chain(lex, w, &text[a..joined_end]).map(|(x, y)| (a + x, a + y))
        {
            return passive_holder(lex, rules, s, a, (ps, pe));
        }
    }
    let zone = relative_antecedent(lex, s, (np_start(lex, s, a, cs), cs));
    let zone = after_clause_and(lex, rules, s, zone);
    if participle && lex.verb.is_match(w, s.at(zone)) {
        // A reduced relative: the phrase right before the participle holds it.
        let start = lex
            .antecedent_cut
            .find_iter(w, s.at(zone))
            .last()
            .map_or(zone.0, |m| zone.0 + m.end());
        return (start, zone.1);
    }
    subject_of(lex, s, zone)
}

/// "Social workers were found to be building relationships and the adoption element of the
/// service was singled out", "... has improved and now five of eight homes are good": after a
/// clause and "and", a new subject.
fn after_clause_and(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    zone: (usize, usize),
) -> (usize, usize) {
    let text = s.at(zone);
    let last = lex
        .clause_and
        .find_iter(s.words, text)
        .filter(|m| lex.verb.is_match(s.words, &text[..m.start()]))
        .last();
    let Some(m) = last else {
        return zone;
    };
    if text[m.end()..].trim().is_empty() {
        // "... have undergone a transformation and have been rated": one subject, two verbs.
        return zone;
    }
    // "... strong and committed and leadership and management rated": an area just before the
    // "and" is coordinated with what follows it.
    let head = &text[..m.start()];
    let start = match rules.judgements(s.words, head).last() {
        Some(j) if head[j.start..].split_whitespace().count() <= 2 => j.start,
        _ => m.end(),
    };
    (zone.0 + start, zone.1)
}

/// The subject inside a phrase that runs up to a verb chain: "Essex Council has turned around its
/// services and is now rated" is about "Essex Council"; "... in four key areas it is no longer
/// rated" about "it".
fn subject_of(lex: &Lexicon, s: &Sentence<'_>, zone: (usize, usize)) -> (usize, usize) {
    let text = s.at(zone);
    let zone = match lex.verb.find(s.words, text) {
        Some(m) if m.start() > 0 && text[..m.start()].chars().any(char::is_alphabetic) => {
            (zone.0, zone.0 + m.start())
        }
        _ => zone,
    };
    match lex.subject_pronoun.find(s.words, s.at(zone)) {
        Some(m) => {
            let start = zone.0 + m.start() + (m.len() - m.as_str().trim_start().len());
            (start, zone.1)
        }
        None => zone,
    }
}

/// The verb chain that governs the rating: the last before it, or, when that is the "to be" of
/// "judged the service to be good", the chain whose object stands before "to be".
fn governing_chain(
    lex: &Lexicon,
    w: Words,
    text: &str,
    a: usize,
    end: usize,
) -> Option<(usize, usize)> {
    let (cs, ce) = last_chain(lex, w, &text[a..end]).map(|(x, y)| (a + x, a + y))?;
    let infinitive = text[a..cs].trim_end().to_lowercase().ends_with(" to")
        && matches!(text[cs..ce].to_lowercase().as_str(), "be" | "being");
    if !infinitive {
        return Some((cs, ce));
    }
    match last_chain(lex, w, &text[a..cs]).map(|(x, y)| (a + x, a + y)) {
        Some((ps, pe)) if lex.transitive.is_match(w, &text[ps..pe]) => Some((ps, pe)),
        _ => Some((cs, ce)),
    }
}

/// The last run of verb-chain words before the rating, as a span of `before`.
fn last_chain(lex: &Lexicon, w: Words, before: &str) -> Option<(usize, usize)> {
    let found: Vec<(usize, usize)> = lex
        .verb
        .find_iter(w, before)
        .map(|m| (m.start(), m.end()))
        .collect();
    let &(mut start, end) = found.last()?;
    for &(s, e) in found.iter().rev().skip(1) {
        if is_chain_gap(&before[e..start]) {
            start = s;
        } else {
            break;
        }
    }
    Some((start, end))
}

/// Words that may stand inside a verb chain: "has now been", "were all rated", "was also given".
fn is_chain_gap(gap: &str) -> bool {
    gap.split_whitespace().all(|word| {
        matches!(
            word.to_lowercase().as_str(),
            "now"
                | "no"
                | "longer"
                | "never"
                | "also"
                | "all"
                | "again"
                | "still"
                | "previously"
                | "since"
                | "not"
                | "just"
                | "both"
                | "recently"
                | "subsequently"
                | "once"
                | "then"
                | "formally"
                | "officially"
                | "today"
                | "yesterday"
                | "to"
                | "as"
                | "being"
                | "initially"
                | "first"
                | "already"
                | "finally"
                | "consistently"
                | "repeatedly"
        )
    })
}

fn strip_connectors<'t>(lex: &Lexicon, w: Words, mid: &'t str) -> &'t str {
    match lex.connector_tail.find(w, mid) {
        Some(m) => &mid[..m.start()],
        None => mid,
    }
}

/// Where the noun phrase ending at `end` starts: after a reporting verb ("Ofsted said"), or
/// after a comma that does not go on with a name ("Following inspections in April, Ofsted").
fn np_start(lex: &Lexicon, s: &Sentence<'_>, a: usize, end: usize) -> usize {
    let span = &s.text[a..end];
    let start = a + lex
        .reporting
        .find_iter(s.words, span)
        .last()
        .map_or(0, |m| m.end());
    let mut cut = start;
    for (i, _) in s.text[start..end].match_indices(", ") {
        let next = start + i + 2;
        let names_on = s.mentions.iter().any(|m| m.start == next);
        let rest = &s.text[next..end];
        // ", and Southwark being rated ...": a new clause with a subject of its own.
        let conjunction = ["and ", "but ", "or ", "while ", "whilst ", "whereas "]
            .into_iter()
            .find(|c| crate::text::starts_with_lower(rest, c));
        if let Some(c) = conjunction {
            cut = next + c.len();
        } else if !names_on && lex.fronted.is_match(s.words, &s.text[cut..next]) {
            cut = next;
        }
    }
    cut
}

/// The subject said to be one of the counted set `zone` opens: "Sefton was one of three
/// councils rated inadequate", "Leeds is among the authorities rated outstanding".
fn member_of(lex: &Lexicon, s: &Sentence<'_>, zone: (usize, usize)) -> Vec<usize> {
    let upto = s.text[..zone.1].len();
    let Some(m) = lex
        .member_of
        .find_iter(s.words, &s.text[..upto])
        .last()
        // "one of only a handful of councils": a few words of quantity may stand between.
        .filter(|m| {
            let gap = s.text.get(m.end()..zone.0).unwrap_or_default();
            m.end() >= zone.0 || (gap.len() <= 40 && !gap.contains([',', ';', ':', '.']))
        })
    else {
        return Vec::new();
    };
    let start = s.text[..m.start()]
        .rfind(['.', ';', ':', '(', ')', ','])
        .map_or(0, |i| i + 1);
    names_in(lex, s, (start, m.start()))
}

/// "..., which had been found to be inadequate": the phrase before the relative pronoun holds
/// the rating.
fn relative_antecedent(lex: &Lexicon, s: &Sentence<'_>, zone: (usize, usize)) -> (usize, usize) {
    if !lex.relative.is_match(s.words, s.at(zone)) {
        return zone;
    }
    let text = s.text[..zone.0].trim_end_matches([',', ' ']);
    let end = text.len();
    let start = text.rfind(['.', ';', ':', '(', ')']).map_or(0, |i| i + 1);
    let start = lex
        .antecedent_cut
        .find_iter(s.words, &text[start..end])
        .last()
        .map_or(start, |m| start + m.end());
    (np_start(lex, s, start, end), end)
}

/// Who holds the rating, from the noun phrase `zone` (and a list after the rating).
fn holder(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    zone: (usize, usize),
    r: &RatingMention,
    clause_end: usize,
) -> (Holder, Source) {
    let w = s.words;
    let text = s.at(zone);
    if lex.generic.is_match(w, text)
        || lex.self_assessment.is_match(w, text)
        || lex.other_body.is_match(w, text)
    {
        return (Holder::Other, Source::Clause);
    }
    if lex.both.is_match(w, text) {
        return (Holder::Both, Source::Reference);
    }
    let counted = lex.plural_after.is_match(w, &s.text[r.end..]);
    if counted || is_counted(lex, rules, w, text) {
        let members = member_of(lex, s, zone);
        if !members.is_empty() {
            return (Holder::Named(members), Source::Clause);
        }
    }
    if counted {
        return (Holder::Counted, Source::Clause);
    }
    let named = names_in(lex, s, zone);
    if is_counted(lex, rules, w, text) {
        let members = apposed(lex, s, zone.0, s.text.len());
        if !members.is_empty() {
            return (Holder::Named(members), Source::Members);
        }
        // "Of the others, North Yorkshire and Oxfordshire received ...": the names hold it.
        if named.is_empty() || lex.council_plural.is_match(w, text) {
            return (Holder::Counted, Source::Clause);
        }
    }
    if !named.is_empty() {
        return (Holder::Named(with_fronted(lex, s, named)), Source::Clause);
    }
    let listed = list_at(lex, s, r.end, clause_end);
    if !listed.is_empty() {
        return (Holder::Named(with_fronted(lex, s, listed)), Source::List);
    }
    if lex.pronoun.is_match(w, text) {
        return (Holder::Pronoun, Source::Reference);
    }
    if lex.reference.is_match(w, text) || lex.lscb.is_match(w, text) {
        return (Holder::Topic, Source::Reference);
    }
    (Holder::Unsaid, Source::Reference)
}

/// "As well as Haringey, child protection was rated inadequate at Birmingham ...": the name
/// put first is one of the list.
fn with_fronted(lex: &Lexicon, s: &Sentence<'_>, mut names: Vec<usize>) -> Vec<usize> {
    if !lex.as_well_as.is_match(s.words, s.text) {
        return names;
    }
    let comma = s.text.find(',').unwrap_or(0);
    let fronted: Vec<usize> = s
        .mentions
        .iter()
        .filter(|m| m.end <= comma)
        .map(|m| m.authority)
        .collect();
    for (i, a) in fronted.into_iter().enumerate() {
        if !names.contains(&a) {
            names.insert(i, a);
        }
    }
    names
}

/// The names of a phrase that hold its rating: not those a preposition puts aside ("Torbay in
/// Devon", "in a part of Devon", "run by Essex"), unless the name leads the phrase.
fn names_in(lex: &Lexicon, s: &Sentence<'_>, zone: (usize, usize)) -> Vec<usize> {
    let inside: Vec<&Mention> = s
        .mentions
        .iter()
        .filter(|m| m.start >= zone.0 && m.end <= zone.1)
        .collect();
    let mut out: Vec<usize> = Vec::new();
    for (i, m) in inside.iter().enumerate() {
        let before = &s.text[zone.0..m.start];
        // "services in Sunderland": the first name of a phrase is its own, where it is "in";
        // a second is a place ("Torbay in Devon").
        let located = lex.located.is_match(s.words, before)
            // "with North Tyneside receiving praise": the subject of an absolute clause.
            || before.trim_start_matches([',', ' ']).eq_ignore_ascii_case("with ");
        let aside = lex.aside.is_match(s.words, before) && !(i == 0 && located);
        let in_list = i > 0 && out.contains(&inside[i - 1].authority) && {
            let gap = s.text[inside[i - 1].end..m.start].trim();
            matches!(gap, "," | "and" | "&" | "or" | ", and" | ", or")
        };
        if (!aside || in_list) && !out.contains(&m.authority) {
            out.push(m.authority);
        }
    }
    out
}

/// A phrase that counts councils or speaks of them in general, not of one council's services.
fn is_counted(lex: &Lexicon, rules: &Rules, w: Words, text: &str) -> bool {
    if lex.council_plural.is_match(w, text) {
        return true;
    }
    // "another - support for looked after children -": one of the areas, not of the councils.
    lex.quantifier.is_match(w, text)
        && !lex.area_set.is_match(w, text)
        && rules.judgements(w, text).is_empty()
}

/// Names in apposition to a counted phrase or listed after it: "just one local authority -
/// Lincolnshire -", "six - Dorset, Durham and York - improved", "... were Cornwall, Warrington".
fn apposed(lex: &Lexicon, s: &Sentence<'_>, from: usize, to: usize) -> Vec<usize> {
    for m in s.mentions.iter().filter(|m| m.start >= from && m.end <= to) {
        if lex.list_intro.is_match(s.words, &s.text[from..m.start]) {
            return run_of_names(s, m);
        }
    }
    Vec::new()
}

/// Names said to share the rating, after it: "joining Sefton, Liverpool and Halton councils".
fn joined(lex: &Lexicon, s: &Sentence<'_>, from: usize) -> Vec<usize> {
    s.mentions
        .iter()
        .filter(|m| m.start >= from)
        .find(|m| lex.joined.is_match(s.words, &s.text[from..m.start]))
        .map_or_else(Vec::new, |m| run_of_names(s, m))
}

/// Names listed after the rating in its clause: "rated inadequate at Birmingham, Doncaster".
fn list_at(lex: &Lexicon, s: &Sentence<'_>, from: usize, to: usize) -> Vec<usize> {
    let first = s.mentions.iter().find(|m| m.start >= from && m.end <= to);
    match first {
        Some(m) if lex.list_intro.is_match(s.words, &s.text[from..m.start]) => run_of_names(s, m),
        _ => Vec::new(),
    }
}

/// The names from `first` on that a list joins: "Birmingham, Doncaster, Essex and Wokingham".
fn run_of_names(s: &Sentence<'_>, first: &Mention) -> Vec<usize> {
    let mut out = vec![first.authority];
    let mut end = first.end;
    let start = first.end;
    for m in s.mentions.iter().filter(|m| m.start >= start) {
        if !only_names(s, end, m.start) && !is_separator(&s.text[end..m.start]) {
            break;
        }
        if !out.contains(&m.authority) {
            out.push(m.authority);
        }
        end = m.end;
    }
    out
}

fn is_separator(gap: &str) -> bool {
    gap.split(|c: char| !c.is_alphanumeric()).all(|word| {
        matches!(
            word.to_lowercase().as_str(),
            "" | "and" | "or" | "council" | "county" | "city" | "borough" | "metropolitan"
        )
    })
}

/// What was rated: the areas named in the holding phrase or after the rating, every area, or
/// none (overall).
fn areas(
    lex: &Lexicon,
    rules: &Rules,
    s: &Sentence<'_>,
    zone: (usize, usize),
    r: &RatingMention,
    clause: (usize, usize),
) -> Result<Areas, Skip> {
    let w = s.words;
    let local = s.at(clause);
    let after = &s.text[r.end..clause.1];
    let zone_text = s.at(zone);
    // What the rating's own phrase says: from its holder to the end of its clause.
    let own = &s.text[zone.0.min(r.start)..clause.1];
    if lex.criterion.is_match(w, zone_text) || after_criterion(lex, w, after) {
        return Err(Skip::Criterion);
    }
    let mut found: Vec<Judgement> = Vec::new();
    let mut add = |text: &str| {
        for j in named_areas(rules, w, text) {
            if !found.contains(&j) {
                found.push(j);
            }
        }
    };
    if let Some(m) = lex.lscb.find(w, zone_text) {
        // "the LSCB and children's services": the board, and the services if named beside it.
        let rest = format!("{} {}", &zone_text[..m.start()], &zone_text[m.end()..]);
        let mut areas = vec![Judgement::Lscb];
        if lex.reference.is_match(w, &rest) && rest.contains(" and ") {
            areas.push(Judgement::Overall);
        }
        return Ok(Areas::Named(areas));
    }
    if let Some(m) = lex.all_areas.find(w, own) {
        let rest = &own[m.end()..];
        // "good in every area except care leavers, which was rated requires improvement": the
        // first grade is of areas the framework decides and the text does not list (and says
        // nothing of the overall judgement); the second is of the areas excepted.
        if let Some(e) = lex.except.find(w, rest) {
            let list = &rest[e.end()..];
            let end = lex.list_end.find(w, list).map_or(list.len(), |m| m.start());
            let excepted = named_areas(rules, w, &list[..end]);
            let after_phrase = r.start >= zone.0.min(r.start) + m.end();
            return match excepted.is_empty() || !after_phrase {
                true => Err(Skip::Partial),
                false => Ok(Areas::Named(excepted)),
            };
        }
        // "in all areas including leadership, child protection ...": the areas it lists.
        if lex.including.is_match(w, rest) {
            let list = rest.trim_start_matches([',', ' ', ':']);
            let end = lex.list_end.find(w, list).map_or(list.len(), |m| m.start());
            add(&list[..end]);
        }
        if found.is_empty() {
            return Ok(Areas::All(count_in(m.as_str())));
        }
        if !found.contains(&Judgement::Overall) {
            found.insert(0, Judgement::Overall);
        }
        return Ok(Areas::Named(found));
    }
    add(zone_text);
    let segment = match lex.area_after.find(w, after) {
        Some(m) => until_cause(lex, w, &after[m.end()..]),
        None if lex.attributive.is_match(w, after) => until_cause(lex, w, after),
        None => "",
    };
    if let Some(n) = counted_areas(lex, w, segment) {
        return n;
    }
    add(segment);
    if segment.is_empty() && lex.area_set.is_match(w, zone_text) {
        if let Some(m) = lex.copula.find(w, &s.text[r.end..]) {
            add(&s.text[r.end + m.end()..]);
        }
    }
    // "rated inadequate in most areas", "some aspects of the service were good": some areas,
    // not said which (in the rating's own phrase, not in the next rating's).
    let own_after = until_cause(lex, w, after);
    let own_after = lex
        .and_clause
        .find(w, own_after)
        .map_or(own_after, |m| &own_after[..m.start()]);
    let phrase = format!("{zone_text} {own_after}");
    if lex.partial.is_match(w, &phrase) && found.is_empty() {
        return Err(Skip::Partial);
    }
    if lex.overall_of.is_match(w, own) && found.len() > 1 {
        // "the overall effectiveness of services for looked after children": that area's.
        found.retain(|j| *j != Judgement::Overall);
    } else if lex.overall.is_match(w, local) && found.len() <= 1 {
        return Ok(Areas::Named(vec![Judgement::Overall]));
    }
    Ok(Areas::Named(found))
}

/// "in four key areas": as many areas as a framework judges grades the service as a whole;
/// fewer, not said which, is a rating of some ("in two categories", "in three of the four").
fn counted_areas(lex: &Lexicon, w: Words, segment: &str) -> Option<Result<Areas, Skip>> {
    let m = lex.partial.find(w, segment)?;
    let phrase = m.as_str();
    let of_more = phrase.to_lowercase().contains(" of ");
    match count_in(phrase) {
        Some(n) if n >= 4 && !of_more => Some(Ok(Areas::Named(vec![Judgement::Overall]))),
        _ => Some(Err(Skip::Partial)),
    }
}

/// The words after a rating up to what explains it ("in 2014 amid concerns that ...").
fn until_cause<'t>(lex: &Lexicon, w: Words, text: &'t str) -> &'t str {
    match lex.cause.find(w, text) {
        Some(m) => &text[..m.start()],
        None => text,
    }
}

/// The areas a phrase names.
fn named_areas(rules: &Rules, w: Words, text: &str) -> Vec<Judgement> {
    rules
        .judgements(w, text)
        .into_iter()
        .map(|j| j.judgement)
        .collect()
}

/// "inadequate in the economic prospects for looked-after children": a criterion, not an area.
fn after_criterion(lex: &Lexicon, w: Words, after: &str) -> bool {
    lex.area_after.find(w, after).is_some_and(|m| {
        let head: Vec<&str> = after[m.end()..].split_whitespace().take(3).collect();
        lex.criterion.is_match(w, &head.join(" "))
    })
}

fn count_in(phrase: &str) -> Option<u8> {
    let lower = phrase.to_lowercase();
    [
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("3", 3),
        ("4", 4),
        ("5", 5),
        ("6", 6),
    ]
    .iter()
    .find(|(word, _)| lower.split_whitespace().any(|x| x == *word))
    .map(|(_, n)| *n)
}

/// How each rating of a sentence is read, one line per rating: the holder (the authorities
/// named, or `Topic`, `Pronoun`, `Counted`, `Other`, `Unsaid`), the grade, the areas (`-` for
/// none named) and `left` for a rating left behind; or why it states no judgement.
pub(crate) fn explain(
    gaz: &Gazetteer,
    lex: &Lexicon,
    rules: &Rules,
    text: &str,
    spans: bool,
) -> Vec<String> {
    let w = Words::of(text);
    let mentions = gaz.find(text);
    let ratings = rules.ratings(w, text);
    let s = Sentence {
        text,
        words: w,
        mentions: &mentions,
        ratings: &ratings,
    };
    let name = |i: &usize| {
        gaz.authority(*i)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    read(lex, rules, &s)
        .into_iter()
        .map(|r| match r {
            Err(skip) => format!("{skip:?}"),
            Ok(st) => {
                let holder = match &st.holder {
                    Holder::Named(v) => v.iter().map(name).collect::<Vec<_>>().join("+"),
                    other => format!("{other:?}"),
                };
                let areas = match &st.areas {
                    Areas::Named(v) if v.is_empty() => "-".to_owned(),
                    Areas::Named(v) => format!("{v:?}"),
                    Areas::All(n) => format!("All({n:?})"),
                };
                let left = if st.modality == Modality::Left {
                    " left"
                } else {
                    ""
                };
                let read = format!("{holder} {:?} {areas}{left}", st.rating.rating);
                if !spans {
                    return read;
                }
                let clause = text.get(st.clause.0..st.clause.1).unwrap_or_default();
                let zone = text.get(st.zone.0..st.zone.1).unwrap_or_default();
                format!("{read} in [{clause}] held by [{zone}]")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        Gazetteer::from_csv(include_str!(
            "../../../data/reference/local_authorities.csv"
        ))
        .unwrap()
    }

    /// Each rating of a sentence, read: `holder areas` or the reason it states nothing.
    fn reading(text: &str) -> Vec<String> {
        explain(
            &gazetteer(),
            &Lexicon::new().unwrap(),
            &Rules::new().unwrap(),
            text,
            false,
        )
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(reading(text), expected, "{text}");
    }

    #[test]
    fn the_subject_of_the_clause_holds_the_rating() {
        check(
            "Birmingham, Coventry and Slough were rated inadequate.",
            &["Birmingham+Coventry+Slough Inadequate -"],
        );
        check(
            "Ofsted rated the leadership of children's services at Leeds City Council as outstanding.",
            &["Leeds Outstanding [Leadership]"],
        );
        check(
            "Inspectors found children's services in Kent to be good.",
            &["Kent Good -"],
        );
        check(
            "The council was given the lowest rating of 'inadequate'.",
            &["Topic Inadequate -"],
        );
        check("It was rated 'good' in 2019.", &["Pronoun Good -"]);
    }

    #[test]
    fn counted_and_plural_subjects_hold_no_council() {
        check(
            "Of the 30 councils inspected so far, eight have been rated good and none 'outstanding'.",
            &["Counted Good -", "Counted Outstanding -"],
        );
        check(
            "A third of the councils inspected deliver 'inadequate' services.",
            &["Counted Inadequate -"],
        );
        check(
            "The report said that in inadequate authorities, cases were not followed up.",
            &["Counted Inadequate -"],
        );
        // A count with its members named holds nothing itself; the members hold it.
        check(
            "Three councils were rated outstanding - Leeds, Essex and Kent.",
            &["Leeds+Essex+Kent Outstanding -"],
        );
        // So does a subject said to be one of the set, and those said to share it.
        check(
            "Sefton was one of three councils rated inadequate this month, alongside Wirral and Knowsley.",
            &["Sefton Inadequate -"],
        );
        check(
            "Leeds is one of only a handful of councils rated outstanding.",
            &["Leeds Outstanding -"],
        );
        check(
            "Kent is among the authorities judged to be good.",
            &["Kent Good -"],
        );
        check(
            "Of the councils inspected this year, a handful were rated outstanding.",
            &["Counted Outstanding -"],
        );
        check(
            "With just one local authority - Lincolnshire - judged to be outstanding for safeguarding.",
            &["Lincolnshire Outstanding [Safeguarding]"],
        );
    }

    #[test]
    fn a_place_after_in_is_not_the_holder() {
        check("Torbay in Devon has been rated good.", &["Torbay Good -"]);
        check(
            "Darlington Borough Council, in County Durham, was rated inadequate.",
            &["Darlington Inadequate -"],
        );
        check(
            "Children's services in a part of Devon have been rated good.",
            &["Topic Good -"],
        );
        check(
            "Unlike Leeds, Bradford was rated inadequate.",
            &["Bradford Inadequate -"],
        );
        check(
            "The home, run by Kent County Council, was rated inadequate.",
            &["Other Inadequate -"],
        );
    }

    #[test]
    fn each_grade_of_a_sentence_keeps_its_own_holder_and_areas() {
        check(
            "Three councils - Kent, Leeds and Essex - have been rated 'good', with Leeds receiving praise for its 'outstanding' support for care leavers, and Essex being rated 'outstanding' for its adoption work.",
            &[
                "Kent+Leeds+Essex Good -",
                "Leeds Outstanding [CareLeavers]",
                "Essex Outstanding [Adoption]",
            ],
        );
        check(
            "Services were rated good overall and one area, care leavers, was judged to be 'outstanding'.",
            &["Topic Good [Overall]", "Unsaid Outstanding [CareLeavers]"],
        );
        check(
            "The inspection ended with a judgement of 'good'.",
            &["Unsaid Good -"],
        );
    }

    #[test]
    fn as_was_says_the_grade_again_of_what_follows() {
        check(
            "It said the experience of children who need protection was 'outstanding', as was its overall effectiveness.",
            &[
                "Unsaid Outstanding [HelpAndProtection]",
                "Unsaid Outstanding [Overall]",
            ],
        );
    }

    #[test]
    fn respectively_pairs_names_and_grades_in_order() {
        check(
            "Rochdale and Oldham were rated 'requires improvement' and 'inadequate' respectively.",
            &["Rochdale RequiresImprovement -", "Oldham Inadequate -"],
        );
    }

    #[test]
    fn other_bodies_are_not_councils() {
        check(
            "A Leeds primary school was rated outstanding.",
            &["Other Outstanding -"],
        );
        check(
            "Leeds adult social care was rated good by the CQC.",
            &["Other Good -"],
        );
        check(
            "One of the homes was rated inadequate and the other two were deemed to require improvement.",
            &["Other Inadequate -", "Counted RequiresImprovement -"],
        );
        check(
            "An LSCB that is 'good' coordinates the work of partners.",
            &["Other Good [Lscb]"],
        );
        check(
            "The board's self-assessment had indicated a judgement of 'requiring improvement'.",
            &["Other RequiresImprovement [Lscb]"],
        );
    }

    #[test]
    fn criteria_and_some_areas_are_not_judgements() {
        check(
            "Leeds's capacity to improve was judged adequate.",
            &["Criterion"],
        );
        check(
            "It was rated inadequate in two of the four areas.",
            &["Partial"],
        );
        check(
            "Some aspects of the service were rated 'good'.",
            &["Partial"],
        );
        check(
            "Bradford was rated 'inadequate' in the economic prospects for looked-after children.",
            &["Criterion"],
        );
    }

    #[test]
    fn aims_forecasts_and_conditions_are_not_given() {
        check(
            "Leeds aims to be rated outstanding at its next inspection.",
            &["NotGiven"],
        );
        // Counted in order among councils that were, it was; wanting to be is an aim.
        check(
            "Stockport is the first council in the North West to be rated outstanding.",
            &["Stockport Outstanding -"],
        );
        check(
            "Leeds wants to be the first council to be rated outstanding.",
            &["NotGiven"],
        );
        check(
            "The council is on its way to becoming 'good'.",
            &["NotGiven"],
        );
        check("Bradford deserves a 'good' rating.", &["NotGiven"]);
        check(
            "Bradford could be rated inadequate in the spring.",
            &["NotGiven"],
        );
        check(
            "We are working towards a 'good' and, ultimately, 'outstanding' rating.",
            &["NotGiven", "NotGiven"],
        );
        check(
            "If your services are judged inadequate, a commissioner is appointed.",
            &["Hypothetical"],
        );
        check("Outstanding is the highest grade Ofsted gives.", &["Scale"]);
        check(
            "The council's rating is 'adequate', one above the lowest rating - 'inadequate'.",
            &["Topic Adequate -", "Scale"],
        );
        check("Was Leeds rated 'good'?", &["Scale"]);
    }

    #[test]
    fn a_rating_left_behind_is_a_past_rating() {
        check(
            "Leeds is no longer rated inadequate.",
            &["Leeds Inadequate - left"],
        );
        check("Leeds was not rated inadequate.", &["Negated"]);
        check(
            "Kent moved from 'requires improvement' to 'good'.",
            &["Kent RequiresImprovement - left", "Unsaid Good -"],
        );
        // "Up from" a grade leaves it behind, named or placed on the scale; "one above the
        // lowest grade" only explains the scale.
        check(
            "Kent was rated good, up from requires improvement.",
            &["Kent Good -", "Unsaid RequiresImprovement - left"],
        );
        check(
            "Kent rose up from the lowest grade - inadequate.",
            &["Kent Inadequate - left"],
        );
        check(
            "Requires improvement is one above the lowest grade - inadequate.",
            &["Scale"],
        );
    }

    #[test]
    fn areas_named_listed_or_every_area() {
        check(
            "Leeds was rated good for the impact of leaders and for children who need help and protection.",
            &["Leeds Good [Leadership, HelpAndProtection]"],
        );
        check(
            "Kent was rated 'good' in all areas.",
            &["Kent Good All(None)"],
        );
        check(
            "Kent was judged good in all five areas.",
            &["Kent Good All(Some(5))"],
        );
        check("Kent was rated 'good' overall.", &["Kent Good [Overall]"]);
        check(
            "Kent was rated 'outstanding' in every area, including leadership and care leavers.",
            &["Kent Outstanding [Overall, Leadership, CareLeavers]"],
        );
        check(
            "The overall effectiveness of services for looked after children was rated inadequate.",
            &["Topic Inadequate [ChildrenInCare]"],
        );
        check(
            "The LSCB and children's services were found to be 'inadequate'.",
            &["Topic Inadequate [Lscb, Overall]"],
        );
        // Every area but one: the areas are the framework's, not listed, and the overall
        // judgement is not said; the one excepted has its own grade.
        check(
            "Kent was rated good in every area except care leavers, which was rated 'requires improvement'.",
            &["Partial", "Unsaid RequiresImprovement [CareLeavers]"],
        );
    }

    #[test]
    fn grades_of_the_annual_ratings() {
        check(
            "In 2010 Leeds was judged to be performing poorly.",
            &["Leeds Inadequate -"],
        );
        check("Kent continues to 'perform well'.", &["Kent Good -"]);
    }
}
