//! Annotations and the small value types they are made of.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;
use std::str::FromStr;
use thiserror::Error;

/// The kind of a tagged span: one of Marginalia's three tags, or a label
/// that came in with another tool's annotations (see [`Label`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tag {
    /// A statement presented as fact or argued for.
    Claim,
    /// Who or what a statement is attributed to.
    Source,
    /// Words reported as someone's own.
    Quote,
    /// A label of the document's own label set.
    Other(Label),
}

impl Tag {
    /// Marginalia's own tags, in toolbar order.
    pub const ALL: [Tag; 3] = [Tag::Claim, Tag::Source, Tag::Quote];

    /// The name used in files: `claim`, `source`, `quote`, or the label
    /// exactly as it was imported.
    pub fn as_str(&self) -> &str {
        match self {
            Tag::Claim => "claim",
            Tag::Source => "source",
            Tag::Quote => "quote",
            Tag::Other(l) => l.as_str(),
        }
    }

    /// The name as one token without whitespace, for CSS, `data-tags` and
    /// formats whose labels cannot hold spaces (brat, CoNLL): whitespace
    /// becomes `_`.
    pub fn token(&self) -> std::borrow::Cow<'_, str> {
        token_of(self.as_str())
    }

    /// The human label (also the toolbar button's accessible name).
    pub fn label(&self) -> &str {
        match self {
            Tag::Claim => "Claim",
            Tag::Source => "Source",
            Tag::Quote => "Quote",
            Tag::Other(l) => l.as_str(),
        }
    }

    /// The letter drawn where an annotation with this tag begins: the
    /// label's first, as it is (the style sheet draws it in upper case;
    /// Unicode's case tables would cost the page ~7 KB).
    pub fn letter(&self) -> char {
        self.label().chars().next().unwrap_or('?')
    }

    /// Whether this is one of Marginalia's own three tags.
    pub fn is_builtin(&self) -> bool {
        !matches!(self, Tag::Other(_))
    }

    /// Reads a tag as files store it: one of Marginalia's tags (ignoring
    /// case and surrounding space) or a valid [`Label`].
    pub fn parse_any(s: &str) -> Result<Tag, BadLabel> {
        match s.parse() {
            Ok(t) => Ok(t),
            Err(_) => Label::new(s).map(Tag::Other),
        }
    }

    /// Reads a tag name from another tool: one of Marginalia's tags when it
    /// names one (ignoring case and surrounding space), else a label made of
    /// it: control characters become spaces, whitespace at the ends is
    /// trimmed, it is cut to [`MAX_LABEL`] code points, and a name left empty
    /// becomes [`UNLABELLED`].
    pub fn from_foreign(name: &str) -> Tag {
        let cleaned: String = name
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let cut: String = cleaned.trim().chars().take(MAX_LABEL).collect();
        let cut = cut.trim_end();
        cut.parse().unwrap_or_else(|_| {
            Tag::Other(Label::new(cut).unwrap_or_else(|_| Label(UNLABELLED.to_string())))
        })
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Tag {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Tag::parse_any(&s).map_err(serde::de::Error::custom)
    }
}

/// A tag name that is not one of Marginalia's tags.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown tag \"{0}\" (expected claim, source or quote)")]
pub struct UnknownTag(pub String);

impl FromStr for Tag {
    type Err = UnknownTag;
    /// Parses one of Marginalia's own three tags only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // How files store them (every stored annotation's tag is read here).
        match s {
            "claim" => return Ok(Tag::Claim),
            "source" => return Ok(Tag::Source),
            "quote" => return Ok(Tag::Quote),
            _ => {}
        }
        let s = s.trim();
        Tag::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownTag(s.to_string()))
    }
}

/// Adds the label of `tag`, if it has one, to `labels` unless it is there
/// (building a label set from the annotations that use it).
pub(crate) fn note_label(labels: &mut Vec<Label>, tag: &Tag) {
    if let Tag::Other(label) = tag {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
}

/// `s` with each whitespace character replaced by `_`: a name as one token
/// (labels, relation types and attribute names in brat, CoNLL and CSS).
pub fn token_of(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(char::is_whitespace) {
        s.replace(char::is_whitespace, "_").into()
    } else {
        s.into()
    }
}

/// The longest label, in code points.
pub const MAX_LABEL: usize = 256;

/// A label other than Marginalia's three tags, kept exactly as another tool
/// named it: not empty, no surrounding whitespace, no control characters, at
/// most [`MAX_LABEL`] code points, and not a name of Marginalia's own tags.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Label(String);

impl TryFrom<String> for Label {
    type Error = BadLabel;
    fn try_from(s: String) -> Result<Self, BadLabel> {
        Self::new(s)
    }
}

impl From<Label> for String {
    fn from(l: Label) -> String {
        l.0
    }
}

/// Why a string cannot be a label.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BadLabel {
    /// Empty, or only whitespace.
    #[error("a label must not be empty")]
    Empty,
    /// Starts or ends with whitespace, or holds a control character.
    #[error("label \"{0}\" has whitespace at an end or a control character")]
    BadChar(String),
    /// Longer than [`MAX_LABEL`].
    #[error("label \"{0}…\" is longer than {MAX_LABEL} characters")]
    TooLong(String),
    /// Names one of Marginalia's own tags.
    #[error("\"{0}\" is one of Marginalia's own tags, not a label")]
    Builtin(String),
}

/// The label given to an imported annotation that had none.
pub const UNLABELLED: &str = "untagged";

impl Label {
    /// Checks and wraps a label.
    pub fn new(s: impl Into<String>) -> Result<Self, BadLabel> {
        let s = s.into();
        if s.trim().is_empty() {
            Err(BadLabel::Empty)
        } else if s.trim() != s || s.chars().any(char::is_control) {
            Err(BadLabel::BadChar(s))
        } else if s.chars().count() > MAX_LABEL {
            Err(BadLabel::TooLong(s.chars().take(20).collect()))
        } else if s.parse::<Tag>().is_ok() {
            Err(BadLabel::Builtin(s))
        } else {
            Ok(Self(s))
        }
    }

    /// The label as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The label as one token without whitespace (see [`Tag::token`]). Two
    /// labels of one document never share a token.
    pub fn token(&self) -> std::borrow::Cow<'_, str> {
        token_of(&self.0)
    }
}

/// Why a string cannot be used as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    /// The identifier is empty.
    #[error("an identifier must not be empty")]
    Empty,
    /// The identifier is too long.
    #[error("identifier \"{0}…\" is longer than 200 characters")]
    TooLong(String),
    /// The identifier contains whitespace or a control character.
    #[error("identifier \"{0}\" contains whitespace or a control character")]
    BadChar(String),
}

pub(crate) fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        Err(IdError::Empty)
    } else if s.chars().count() > 200 {
        Err(IdError::TooLong(s.chars().take(20).collect()))
    } else if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(IdError::BadChar(s.to_string()))
    } else {
        Ok(())
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an identifier: non-empty, at most 200
            /// characters, no whitespace or control characters.
            pub fn new(s: impl Into<String>) -> Result<Self, $crate::annotation::IdError> {
                let s = s.into();
                $crate::annotation::check_id(&s)?;
                Ok(Self(s))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::annotation::IdError;
            fn try_from(s: String) -> Result<Self, $crate::annotation::IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

pub(crate) use id_type;

id_type!(
    /// Identifies an annotation. It never contains whitespace, so ids can be
    /// listed space-separated (as in the `data-annotation-ids` attribute).
    AnnotationId
);
id_type!(
    /// Identifies a document in the library (also part of its storage key).
    DocumentId
);

/// A point in time as an RFC 3339 / ISO 8601 UTC or offset timestamp, such as
/// `2026-11-24T21:15:00.000Z`. Kept as text so files round-trip exactly.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Timestamp(String);

/// A string that is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{0}\" is not a timestamp like 2026-11-24T21:15:00Z")]
pub struct BadTimestamp(pub String);

impl Timestamp {
    /// Checks and wraps an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS`, optional
    /// fraction, then `Z` or `±HH:MM`).
    pub fn new(s: impl Into<String>) -> Result<Self, BadTimestamp> {
        let s = s.into();
        if is_rfc3339(&s) {
            Ok(Self(s))
        } else {
            Err(BadTimestamp(s))
        }
    }

    /// The timestamp as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    if !matches!(b[10], b'T' | b't')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

impl TryFrom<String> for Timestamp {
    type Error = BadTimestamp;
    fn try_from(s: String) -> Result<Self, BadTimestamp> {
        Self::new(s)
    }
}

impl From<Timestamp> for String {
    fn from(t: Timestamp) -> String {
        t.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tagged span of a document's text.
///
/// `start..end` is a half-open range of code-point offsets into the
/// document text; it is never empty. A **multi-part** annotation (a quote
/// interrupted by "he said") covers several separate spans: they are in
/// `parts`, and `start..end` is then their extent, from the first part's
/// start to the last one's end (see [`Annotation::parts`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Unique within its document.
    pub id: AnnotationId,
    /// What the span is.
    pub tag: Tag,
    /// First code point covered.
    pub start: usize,
    /// One past the last code point covered.
    pub end: usize,
    /// Free text written by the annotator (may be empty).
    pub note: String,
    /// When the annotation was made.
    pub created: Timestamp,
    /// When it was last changed.
    pub modified: Timestamp,
    /// How it came to its span (for imported annotations placed on a text
    /// that was not the one they were made on).
    pub placement: Placement,
    /// The spans of a multi-part annotation, in text order, none empty and
    /// each separated from the next by at least one code point; empty for
    /// an annotation of one span (the usual case). Set it through
    /// [`Annotation::with_parts`], which keeps `start..end` their extent.
    pub parts: Vec<Range<usize>>,
    /// Its attribute values, by attribute name (`kind` → `direct`; a
    /// yes/no attribute is `yes` or `no`); the codebook says which its
    /// label has.
    pub attributes: Attributes,
    /// Who made it (their name is the document's:
    /// [`crate::Document::annotator`]); `None`: not recorded (made before
    /// annotators were, or imported from a file that does not say).
    pub annotator: Option<crate::AnnotatorId>,
}

/// An annotation's attribute values, by name, in name order.
pub type Attributes = std::collections::BTreeMap<String, String>;

/// How an annotation came to its span.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// Made on this text, imported where its position and quote agreed, or
    /// checked by the user.
    #[default]
    Exact,
    /// Imported: its exact quote was found at another position.
    Moved,
    /// Imported: placed by an approximate match of quote and context, with
    /// this similarity in thousandths.
    Fuzzy(u16),
}

impl Placement {
    /// `exact`, `moved` or `fuzzy`.
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Exact => "exact",
            Placement::Moved => "moved",
            Placement::Fuzzy(_) => "fuzzy",
        }
    }

    /// Whether the user may want to check the span (moved or fuzzy).
    pub fn is_doubtful(self) -> bool {
        self != Placement::Exact
    }
}

/// Why an imported annotation has no span on the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unplacement {
    /// Its quote fits several places equally well.
    Ambiguous,
    /// Its quote was not found.
    Orphaned,
}

impl Unplacement {
    /// `ambiguous` or `orphaned`.
    pub fn as_str(self) -> &'static str {
        match self {
            Unplacement::Ambiguous => "ambiguous",
            Unplacement::Orphaned => "orphaned",
        }
    }
}

/// An imported annotation that could not be placed on the text. It is kept
/// with the document, with what it quoted, until the user attaches it to a
/// span they select (or deletes it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    /// Unique within its document, among annotations and unplaced ones.
    pub id: AnnotationId,
    /// Its tag.
    pub tag: Tag,
    /// The text it covered where it was made.
    pub exact: String,
    /// The text just before it there.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    /// The text just after it there.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
    /// Its note.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was made.
    pub created: Timestamp,
    /// When it was last changed.
    pub modified: Timestamp,
    /// Why it could not be placed.
    pub why: Unplacement,
    /// Its attribute values (they come back when it is attached).
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub attributes: Attributes,
}

impl Annotation {
    /// The spans it covers, in text order: `start..end` alone, or the parts
    /// of a multi-part annotation.
    pub fn parts(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let single = self.parts.is_empty().then_some(self.start..self.end);
        single.into_iter().chain(self.parts.iter().cloned())
    }

    /// Whether it covers more than one span.
    pub fn is_multipart(&self) -> bool {
        !self.parts.is_empty()
    }

    /// Whether one of its spans shares a code point with `start..end`.
    pub fn touches(&self, start: usize, end: usize) -> bool {
        self.parts().any(|p| p.start < end && p.end > start)
    }

    /// The annotation covering `parts` instead of its spans: they are put in
    /// text order, empty ones dropped, and overlapping or adjacent ones
    /// joined; `start..end` becomes their extent. `None` when no part is
    /// left.
    pub fn with_parts(mut self, parts: impl IntoIterator<Item = Range<usize>>) -> Option<Self> {
        let mut list: Vec<Range<usize>> = parts.into_iter().filter(|p| p.start < p.end).collect();
        list.sort_unstable_by_key(|p| (p.start, p.end));
        let mut joined: Vec<Range<usize>> = Vec::with_capacity(list.len());
        for p in list {
            match joined.last_mut() {
                Some(last) if p.start <= last.end => last.end = last.end.max(p.end),
                _ => joined.push(p),
            }
        }
        let first = joined.first()?;
        self.start = first.start;
        self.end = joined.last().map_or(first.end, |l| l.end);
        if joined.len() == 1 {
            joined.clear();
        }
        self.parts = joined;
        Some(self)
    }

    /// Whether `parts` keeps the rule of [`Annotation::parts`]: empty, or at
    /// least two non-empty spans in order with a gap between each two,
    /// spanning exactly `start..end`.
    pub fn parts_are_sound(&self) -> bool {
        if self.parts.is_empty() {
            return true;
        }
        self.parts.len() >= 2
            && self.parts.iter().all(|p| p.start < p.end)
            && self.parts.windows(2).all(|w| w[0].end < w[1].start)
            && self.parts[0].start == self.start
            && self.parts[self.parts.len() - 1].end == self.end
    }

    /// The sort key of text order: by start, then end, then id.
    pub fn order_key(&self) -> (usize, usize, AnnotationId) {
        (self.start, self.end, self.id.clone())
    }

    /// Sorts references to annotations into text order (by start, then end,
    /// then id). One shared function, so the sort is compiled once.
    pub fn sort_in_text_order(list: &mut [&Annotation]) {
        list.sort_unstable_by(text_order);
    }
}

fn text_order(a: &&Annotation, b: &&Annotation) -> std::cmp::Ordering {
    (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_and_map_to_keys() {
        assert_eq!("Source".parse::<Tag>(), Ok(Tag::Source));
        assert!("person".parse::<Tag>().is_err());
        assert_eq!(serde_json::to_string(&Tag::Claim).unwrap(), "\"claim\"");
    }

    #[test]
    fn labels_are_kept_exactly_and_checked() {
        let person = Tag::parse_any("Named person").unwrap();
        assert_eq!(person, Tag::Other(Label::new("Named person").unwrap()));
        assert_eq!(person.as_str(), "Named person");
        assert_eq!(person.token(), "Named_person");
        assert_eq!(person.letter(), 'N');
        assert_eq!(Tag::parse_any("élan").unwrap().letter(), 'é');
        assert_eq!(Tag::parse_any(" QUOTE "), Ok(Tag::Quote));
        assert_eq!(
            serde_json::from_str::<Tag>("\"Named person\"").unwrap(),
            person
        );
        assert_eq!(serde_json::to_string(&person).unwrap(), "\"Named person\"");
        assert_eq!(Label::new(""), Err(BadLabel::Empty));
        assert!(matches!(Label::new(" x"), Err(BadLabel::BadChar(_))));
        assert!(matches!(Label::new("a\u{7}b"), Err(BadLabel::BadChar(_))));
        assert!(matches!(Label::new("Claim"), Err(BadLabel::Builtin(_))));
        assert!(matches!(
            Label::new("x".repeat(MAX_LABEL + 1)),
            Err(BadLabel::TooLong(_))
        ));
        assert!(serde_json::from_str::<Tag>("\"\"").is_err());
    }

    #[test]
    fn foreign_names_always_give_a_tag() {
        assert_eq!(Tag::from_foreign(" source\n"), Tag::Source);
        assert_eq!(Tag::from_foreign("claim\u{0}"), Tag::Claim);
        assert_eq!(Tag::from_foreign("").as_str(), UNLABELLED);
        assert_eq!(Tag::from_foreign("\t\n").as_str(), UNLABELLED);
        assert_eq!(Tag::from_foreign("a\tb").as_str(), "a b");
        // LitBank's coreference chains name labels up to 91 code points.
        let chain = "Mr__Pontifex_the_elder_who_lived_in_the_village_of_Paleham_for_many_years_with_his_wife-1";
        assert_eq!(Tag::from_foreign(chain).as_str(), chain);
        let long = Tag::from_foreign(&"é".repeat(MAX_LABEL + 10));
        assert_eq!(long.as_str().chars().count(), MAX_LABEL);
        const { assert!(MAX_LABEL >= 256) };
    }

    #[test]
    fn ids_reject_whitespace_and_empty() {
        assert!(AnnotationId::new("a-1").is_ok());
        assert_eq!(AnnotationId::new(""), Err(IdError::Empty));
        assert!(matches!(AnnotationId::new("a b"), Err(IdError::BadChar(_))));
        assert!(matches!(
            DocumentId::new("x".repeat(201)),
            Err(IdError::TooLong(_))
        ));
        assert!(serde_json::from_str::<AnnotationId>("\"a\\tb\"").is_err());
    }

    #[test]
    fn timestamps_are_checked() {
        for ok in [
            "2026-11-24T21:15:00Z",
            "2026-11-24T21:15:00.123Z",
            "2026-11-24t21:15:00+05:30",
        ] {
            assert!(Timestamp::new(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2026-11-24",
            "2026-11-24T21:15:00",
            "2026-11-24T21:15:00.Z",
            "yesterday",
            "2026-11-24T21:15:00+0530",
        ] {
            assert!(Timestamp::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parts_are_put_in_order_and_joined_where_they_meet() {
        let a = crate::testing::ann("a", Tag::Quote, 0, 1);
        let b = a
            .clone()
            .with_parts([9..12, 0..3, 2..4, 4..5, 7..7])
            .unwrap();
        assert_eq!(b.parts, vec![0..5, 9..12]);
        assert_eq!((b.start, b.end), (0, 12));
        assert!(b.parts_are_sound() && b.is_multipart());
        assert!(b.touches(4, 6) && !b.touches(5, 9) && b.touches(11, 20));
        let one = a.clone().with_parts([3..5, 5..8]).unwrap();
        assert!(!one.is_multipart());
        assert_eq!(one.parts().collect::<Vec<_>>(), vec![3..8]);
        assert!(a.clone().with_parts(std::iter::once(4..4)).is_none());
        let mut bad = b.clone();
        bad.parts = vec![0..5, 5..12];
        assert!(!bad.parts_are_sound(), "parts that touch are one");
        bad.parts = vec![0..5, 9..11];
        assert!(!bad.parts_are_sound(), "the extent must end with the last");
        bad.parts = std::iter::once(0..12).collect();
        assert!(!bad.parts_are_sound(), "one part is no parts");
    }
}
