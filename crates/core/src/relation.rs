//! Relations: typed, directed links between two annotations of one
//! document — who said what. A quote or claim is *attributed to* its
//! source; one source may take part in many relations.

use crate::annotation::{AnnotationId, Tag, Timestamp, MAX_LABEL};
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// The type of a relation, such as `attributed to`: not empty, no
/// whitespace at the ends, no control characters, at most [`MAX_LABEL`]
/// code points. Kept exactly as written (another tool's `attributed_to`
/// stays as it is).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RelationKind(String);

/// Why a string cannot be a relation type.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{0}\" cannot be a relation type (empty, too long, or with a control character or whitespace at an end)")]
pub struct BadRelationKind(pub String);

impl RelationKind {
    /// Checks and wraps a relation type.
    pub fn new(s: impl Into<String>) -> Result<Self, BadRelationKind> {
        let s = s.into();
        let ok = !s.trim().is_empty()
            && s.trim() == s
            && !s.chars().any(char::is_control)
            && s.chars().count() <= MAX_LABEL;
        if ok {
            Ok(Self(s))
        } else {
            Err(BadRelationKind(s))
        }
    }

    /// The type as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The type as one token without whitespace (brat, CSS): whitespace
    /// becomes `_`.
    pub fn token(&self) -> String {
        crate::annotation::token_of(&self.0).into_owned()
    }

    /// Marginalia's default relation type: a quote or claim is attributed to
    /// a source.
    pub fn attributed_to() -> Self {
        Self(ATTRIBUTED_TO.into())
    }
}

impl TryFrom<String> for RelationKind {
    type Error = BadRelationKind;
    fn try_from(s: String) -> Result<Self, BadRelationKind> {
        Self::new(s)
    }
}

impl From<RelationKind> for String {
    fn from(k: RelationKind) -> String {
        k.0
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name of the default relation type.
pub const ATTRIBUTED_TO: &str = "attributed to";

/// The type of an imported relation whose file gives it none (a Label
/// Studio relation without labels, a W3C link without a tagging body).
pub const RELATED_TO: &str = "related to";

/// A typed, directed link `from` → `to` between two annotations (placed or
/// unplaced) of the same document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    /// Unique among the document's relations.
    pub id: RelationId,
    /// What the link says (`attributed to`).
    #[serde(rename = "type")]
    pub kind: RelationKind,
    /// The annotation the link starts at (the quote).
    pub from: AnnotationId,
    /// The annotation it points to (the source).
    pub to: AnnotationId,
    /// Free text written by the annotator (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When the link was made.
    pub created: Timestamp,
}

impl Relation {
    /// Whether `id` is one of the two ends.
    pub fn touches(&self, id: &AnnotationId) -> bool {
        &self.from == id || &self.to == id
    }

    /// The other end, seen from `id` (`None` when `id` is not an end).
    pub fn other_end(&self, id: &AnnotationId) -> Option<&AnnotationId> {
        if &self.from == id {
            Some(&self.to)
        } else if &self.to == id {
            Some(&self.from)
        } else {
            None
        }
    }
}

crate::annotation::id_type!(
    /// Identifies a relation within its document.
    RelationId
);

/// A relation type with the tags allowed at each end (an empty list allows
/// any tag).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationRule {
    /// The relation type.
    pub kind: RelationKind,
    /// Tags allowed at the `from` end.
    pub from: Vec<Tag>,
    /// Tags allowed at the `to` end.
    pub to: Vec<Tag>,
}

impl RelationRule {
    /// Whether a relation of this type may link an annotation tagged `from`
    /// to one tagged `to`.
    pub fn allows(&self, from: &Tag, to: &Tag) -> bool {
        (self.from.is_empty() || self.from.contains(from))
            && (self.to.is_empty() || self.to.contains(to))
    }

    /// Marginalia's default rules: a quote or a claim is *attributed to* a
    /// source.
    pub fn defaults() -> Vec<RelationRule> {
        vec![RelationRule {
            kind: RelationKind::attributed_to(),
            from: vec![Tag::Quote, Tag::Claim],
            to: vec![Tag::Source],
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_checked_and_kept_exactly() {
        assert_eq!(
            RelationKind::new("attributed_to").unwrap().as_str(),
            "attributed_to"
        );
        assert_eq!(RelationKind::attributed_to().token(), "attributed_to");
        assert!(RelationKind::new("").is_err());
        assert!(RelationKind::new(" x").is_err());
        assert!(RelationKind::new("a\nb").is_err());
        assert!(RelationKind::new("é".repeat(MAX_LABEL + 1)).is_err());
        assert!(serde_json::from_str::<RelationKind>("\"\"").is_err());
    }

    #[test]
    fn default_rules_link_quotes_and_claims_to_sources() {
        let rules = RelationRule::defaults();
        assert!(rules[0].allows(&Tag::Quote, &Tag::Source));
        assert!(rules[0].allows(&Tag::Claim, &Tag::Source));
        assert!(!rules[0].allows(&Tag::Source, &Tag::Quote));
        let any = RelationRule {
            kind: RelationKind::new("cue of").unwrap(),
            from: vec![],
            to: vec![],
        };
        assert!(any.allows(&Tag::Source, &Tag::Source));
    }

    #[test]
    fn ends_are_named_from_either_side() {
        let a = AnnotationId::new("a").unwrap();
        let b = AnnotationId::new("b").unwrap();
        let r = Relation {
            id: RelationId::new("r1").unwrap(),
            kind: RelationKind::attributed_to(),
            from: a.clone(),
            to: b.clone(),
            note: String::new(),
            created: crate::testing::ts("00"),
        };
        assert_eq!(r.other_end(&a), Some(&b));
        assert_eq!(r.other_end(&b), Some(&a));
        assert!(r.other_end(&AnnotationId::new("c").unwrap()).is_none());
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"id":"r1","type":"attributed to","from":"a","to":"b","created":"2026-11-24T10:00:00Z"}"#
        );
        assert_eq!(serde_json::from_str::<Relation>(&json).unwrap(), r);
    }
}
