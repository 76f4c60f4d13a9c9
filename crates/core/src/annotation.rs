//! Annotations and the small value types they are made of.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// The kind of a tagged span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// A statement presented as fact or argued for.
    Claim,
    /// Who or what a statement is attributed to.
    Source,
    /// Words reported as someone's own.
    Quote,
}

impl Tag {
    /// Every tag, in toolbar order.
    pub const ALL: [Tag; 3] = [Tag::Claim, Tag::Source, Tag::Quote];

    /// The identifier used in files, CSS and `data-tags`: `claim`, `source`, `quote`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::Claim => "claim",
            Tag::Source => "source",
            Tag::Quote => "quote",
        }
    }

    /// The human label (also the toolbar button's accessible name).
    pub fn label(self) -> &'static str {
        match self {
            Tag::Claim => "Claim",
            Tag::Source => "Source",
            Tag::Quote => "Quote",
        }
    }

    /// The keyboard shortcut that applies this tag.
    pub fn key(self) -> char {
        match self {
            Tag::Claim => '1',
            Tag::Source => '2',
            Tag::Quote => '3',
        }
    }

    /// The tag whose shortcut is `key`, if any.
    pub fn from_key(key: &str) -> Option<Tag> {
        Tag::ALL
            .into_iter()
            .find(|t| key.len() == 1 && key.starts_with(t.key()))
    }

    /// Position of the tag in [`Tag::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tag name that is not one of Marginalia's tags.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown tag \"{0}\" (expected claim, source or quote)")]
pub struct UnknownTag(pub String);

impl FromStr for Tag {
    type Err = UnknownTag;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tag::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownTag(s.to_string()))
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

fn check_id(s: &str) -> Result<(), IdError> {
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
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check_id(&s)?;
                Ok(Self(s))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
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
/// document text; it is never empty.
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
}

impl Annotation {
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
        assert_eq!(Tag::from_key("3"), Some(Tag::Quote));
        assert_eq!(Tag::from_key("4"), None);
        assert_eq!(Tag::from_key("12"), None);
        assert_eq!(serde_json::to_string(&Tag::Claim).unwrap(), "\"claim\"");
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
}
