//! The codebook: a document's label set as data the user owns — each
//! label's colour, key, guideline and attributes, and the relation types
//! with the labels allowed at each end. Templates ([`Codebook::default`],
//! [`Codebook::attribution`]) start a document; the **Codebook** panel edits
//! it; it is stored with each document, written in the Marginalia JSON
//! export and as a file of its own ([`file`]).
//!
//! The codebook describes tags; which tags a document has is its label set
//! ([`crate::Document::tags`]: Marginalia's three, then its labels). A tag
//! the codebook does not describe is drawn with the defaults of its place
//! ([`Codebook::def_or_default`]).

pub mod brat;
pub mod colour;
pub mod file;

use crate::annotation::Tag;
use crate::relation::{RelationKind, RelationRule};
use colour::Colour;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a codebook says of one label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelDef {
    /// The label (`claim`, `source`, `quote`, or a label of the document).
    pub name: Tag,
    /// Its colour in the article and the panels.
    pub colour: Colour,
    /// The key that applies it (1–9, then letters), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<char>,
    /// The letter drawn where its annotations begin (a cue that is not
    /// colour); `None`: the name's first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<char>,
    /// The guideline shown on hover and in the editor.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The attributes an annotation with this label may have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeDef>,
}

/// A typed attribute of a label's annotations; written `{"name", "type":
/// "choice", "values": [...]}` (or `"flag"`, `"text"` without values).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AttributeJson", into = "AttributeJson")]
pub struct AttributeDef {
    /// Its name (`kind`, `check-worthy`).
    pub name: String,
    /// What values it takes.
    pub kind: AttributeKind,
}

/// An attribute as written (flat, without `#[serde(flatten)]`, whose
/// buffering reader costs the page's bundle).
#[derive(Serialize, Deserialize)]
struct AttributeJson {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
}

impl TryFrom<AttributeJson> for AttributeDef {
    type Error = String;
    fn try_from(a: AttributeJson) -> Result<Self, String> {
        let kind = match (a.kind.as_str(), a.values) {
            ("choice", Some(values)) => AttributeKind::Choice { values },
            ("choice", None) => {
                return Err(format!("attribute \"{}\": a choice needs values", a.name))
            }
            ("flag", _) => AttributeKind::Flag,
            ("text", _) => AttributeKind::Text,
            (other, _) => {
                return Err(format!(
                    "attribute \"{}\": type \"{other}\" is not choice, flag or text",
                    a.name
                ))
            }
        };
        Ok(AttributeDef { name: a.name, kind })
    }
}

impl From<AttributeDef> for AttributeJson {
    fn from(a: AttributeDef) -> Self {
        let (kind, values) = match a.kind {
            AttributeKind::Choice { values } => ("choice", Some(values)),
            AttributeKind::Flag => ("flag", None),
            AttributeKind::Text => ("text", None),
        };
        AttributeJson {
            name: a.name,
            kind: kind.into(),
            values,
        }
    }
}

/// The values an attribute takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeKind {
    /// One of a list (`direct`, `indirect`, `mixed`).
    Choice {
        /// The values, in order.
        values: Vec<String>,
    },
    /// Yes or no.
    Flag,
    /// Free text.
    Text,
}

/// A relation type and the labels allowed at its ends (empty: any).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationType {
    /// Its name (`attributed to`).
    #[serde(rename = "type")]
    pub kind: RelationKind,
    /// Labels allowed where it starts.
    #[serde(default)]
    pub from: Vec<Tag>,
    /// Labels allowed where it points.
    #[serde(default)]
    pub to: Vec<Tag>,
    /// Its guideline.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A document's codebook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Codebook {
    /// Its name (the template it began as, or the user's).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The labels it describes, in toolbar order.
    pub labels: Vec<LabelDef>,
    /// The relation types, the default (offered first) first.
    #[serde(default)]
    pub relations: Vec<RelationType>,
}

/// Why a codebook cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodebookError {
    /// Two labels share a name (or a name but for `_` in place of spaces).
    #[error("the codebook describes \"{0}\" twice")]
    DuplicateLabel(String),
    /// Two labels share a key.
    #[error("the key {0} is given to two labels")]
    DuplicateKey(char),
    /// A key that is not a digit 1–9 or a letter (L and A are taken).
    #[error("{0} cannot be a label's key (use 1–9 or a letter other than L and A)")]
    BadKey(char),
    /// Two attributes of one label share a name, or one has no name or no
    /// values.
    #[error("attribute \"{1}\" of \"{0}\" is unnamed, has no values or is there twice")]
    BadAttribute(String, String),
    /// Two relation types share a name.
    #[error("the relation type \"{0}\" is there twice")]
    DuplicateRelation(String),
    /// A relation type names a label the codebook does not describe.
    #[error("the relation type \"{0}\" allows \"{1}\", which the codebook does not describe")]
    UnknownEnd(String, String),
}

/// Names of the built-in templates, in the order they are offered.
pub const TEMPLATES: [&str; 2] = [DEFAULT_NAME, ATTRIBUTION_NAME];
/// The name of the default codebook.
pub const DEFAULT_NAME: &str = "Claim / Source / Quote";
/// The name of the attribution template.
pub const ATTRIBUTION_NAME: &str = "Attribution (PARC-style)";
/// The name of the template's cue label.
pub const CUE: &str = "Cue";

/// The colours given to labels in order, where a codebook gives none (the
/// app's palette: three tags, then six for labels, repeating).
pub const PALETTE: [Colour; 9] = [
    Colour(0x9a, 0x34, 0x12),
    Colour(0x1d, 0x4e, 0xd8),
    Colour(0x04, 0x78, 0x57),
    Colour(0x6d, 0x28, 0xd9),
    Colour(0xbe, 0x18, 0x5d),
    Colour(0x0e, 0x74, 0x90),
    Colour(0x4d, 0x7c, 0x0f),
    Colour(0x47, 0x55, 0x69),
    Colour(0xb9, 0x1c, 0x1c),
];

/// The colour of the tag at `position` of a document's tags, by default:
/// the three tags', then the six of labels, repeating (as the style sheet
/// draws them).
pub fn default_colour(position: usize) -> Colour {
    match position {
        0..=2 => PALETTE[position],
        p => PALETTE[3 + (p - 3) % 6],
    }
}

/// The key of the label at `position` of a document's tags, by default.
pub fn default_key(position: usize) -> Option<char> {
    (position < 9).then(|| char::from(b'1' + position as u8))
}

impl Default for Codebook {
    /// Marginalia's three tags and one relation type, *attributed to*
    /// (a quote or claim → its source).
    fn default() -> Self {
        let def = |tag: Tag, i: usize, description: &str| LabelDef {
            name: tag,
            colour: PALETTE[i],
            key: default_key(i),
            letter: None,
            description: description.into(),
            attributes: Vec::new(),
        };
        Codebook {
            name: DEFAULT_NAME.into(),
            labels: vec![
                def(
                    Tag::Claim,
                    0,
                    "A statement presented as fact or argued for.",
                ),
                def(Tag::Source, 1, "Who or what a statement is attributed to."),
                def(Tag::Quote, 2, "Words reported as someone's own."),
            ],
            relations: vec![RelationType {
                kind: RelationKind::attributed_to(),
                from: vec![Tag::Quote, Tag::Claim],
                to: vec![Tag::Source],
                description: "The quote or claim is attributed to this source.".into(),
            }],
        }
    }
}

impl Codebook {
    /// The attribution template (PARC 3.0, PolNeAR): the default, plus a
    /// **Cue** label ("said", "according to") and the relations *source
    /// of* (source → content) and *cue of* (cue → content) as PolNeAR's
    /// attributions link them; a quote's kind and a source's type as
    /// attributes.
    pub fn attribution() -> Self {
        let mut c = Codebook {
            name: ATTRIBUTION_NAME.into(),
            ..Codebook::default()
        };
        let choice = |name: &str, values: &[&str]| AttributeDef {
            name: name.into(),
            kind: AttributeKind::Choice {
                values: values.iter().map(|v| v.to_string()).collect(),
            },
        };
        c.labels[2]
            .attributes
            .push(choice("kind", &["direct", "indirect", "mixed"]));
        c.labels[1].attributes.push(choice(
            "type",
            &["named", "anonymous", "document", "organisation"],
        ));
        c.labels[0].attributes.push(AttributeDef {
            name: "check-worthy".into(),
            kind: AttributeKind::Flag,
        });
        let cue = Tag::from_foreign(CUE);
        c.labels.push(LabelDef {
            name: cue.clone(),
            colour: PALETTE[3],
            key: default_key(3),
            letter: Some('V'),
            description: "The words that attribute: \"said\", \"according to\".".into(),
            attributes: Vec::new(),
        });
        let content = vec![Tag::Quote, Tag::Claim];
        let kind = |s: &str| RelationKind::new(s).expect("a valid type");
        c.relations.push(RelationType {
            kind: kind("source of"),
            from: vec![Tag::Source],
            to: content.clone(),
            description: "This source is the source of the quote or claim (PolNeAR).".into(),
        });
        c.relations.push(RelationType {
            kind: kind("cue of"),
            from: vec![cue],
            to: content,
            description: "This cue introduces the quote or claim (PolNeAR).".into(),
        });
        c
    }

    /// The built-in template named `name`.
    pub fn template(name: &str) -> Option<Self> {
        match name {
            DEFAULT_NAME => Some(Codebook::default()),
            ATTRIBUTION_NAME => Some(Codebook::attribution()),
            _ => None,
        }
    }

    /// What it says of `tag`.
    pub fn def(&self, tag: &Tag) -> Option<&LabelDef> {
        self.labels.iter().find(|d| &d.name == tag)
    }

    /// What it says of `tag`, at `position` of the document's tags, or the
    /// defaults of that place (the palette's colour, keys 1–9).
    pub fn def_or_default(&self, tag: &Tag, position: usize) -> LabelDef {
        self.def(tag).cloned().unwrap_or_else(|| LabelDef {
            name: tag.clone(),
            colour: default_colour(position),
            key: default_key(position).filter(|k| !self.labels.iter().any(|d| d.key == Some(*k))),
            letter: None,
            description: String::new(),
            attributes: Vec::new(),
        })
    }

    /// The letter drawn where an annotation with `tag` begins: the one the
    /// codebook gives it, else the first of its name.
    pub fn letter_of(&self, tag: &Tag) -> char {
        self.def(tag)
            .and_then(|d| d.letter)
            .unwrap_or_else(|| tag.letter())
    }

    /// The relation types as rules for choosing a relation's ends.
    pub fn rules(&self) -> Vec<RelationRule> {
        self.relations
            .iter()
            .map(|r| RelationRule {
                kind: r.kind.clone(),
                from: r.from.clone(),
                to: r.to.clone(),
            })
            .collect()
    }

    /// The labels it describes that are not Marginalia's three tags (a
    /// document using it needs them in its label set).
    pub fn own_labels(&self) -> impl Iterator<Item = &crate::annotation::Label> {
        self.labels.iter().filter_map(|d| match &d.name {
            Tag::Other(l) => Some(l),
            _ => None,
        })
    }

    /// Checks that it can be used: names, keys, attributes and relation
    /// types unique; keys 1–9 or letters other than L and A (the app's);
    /// every relation end a label it describes.
    pub fn check(&self) -> Result<(), CodebookError> {
        let mut names = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for d in &self.labels {
            if !names.insert(d.name.token().into_owned()) {
                return Err(CodebookError::DuplicateLabel(d.name.as_str().into()));
            }
            if let Some(k) = d.key {
                let letter = k.is_ascii_alphabetic() && !"lLaA".contains(k);
                if !(('1'..='9').contains(&k) || letter) {
                    return Err(CodebookError::BadKey(k));
                }
                if !keys.insert(k.to_ascii_lowercase()) {
                    return Err(CodebookError::DuplicateKey(k));
                }
            }
            check_attributes(d)?;
        }
        let mut kinds = std::collections::HashSet::new();
        for r in &self.relations {
            if !kinds.insert(r.kind.as_str()) {
                return Err(CodebookError::DuplicateRelation(r.kind.as_str().into()));
            }
            if let Some(t) = r.from.iter().chain(&r.to).find(|t| self.def(t).is_none()) {
                return Err(CodebookError::UnknownEnd(
                    r.kind.as_str().into(),
                    t.as_str().into(),
                ));
            }
        }
        Ok(())
    }

    /// The codebook with label `from` called `to` everywhere (its entry
    /// and the relation types' ends).
    pub fn renamed(&self, from: &Tag, to: &Tag) -> Codebook {
        let mut c = self.clone();
        let swap = |t: &mut Tag| {
            if t == from {
                *t = to.clone();
            }
        };
        for d in &mut c.labels {
            swap(&mut d.name);
        }
        for r in &mut c.relations {
            r.from.iter_mut().for_each(swap);
            r.to.iter_mut().for_each(swap);
        }
        c
    }

    /// The codebook without label `tag` (its entry, and it as a relation
    /// end; a relation type left with no end of a side allows any there,
    /// so it is dropped instead).
    pub fn without(&self, tag: &Tag) -> Codebook {
        let mut c = self.clone();
        c.labels.retain(|d| &d.name != tag);
        c.relations = self
            .relations
            .iter()
            .filter_map(|r| {
                let mut r = r.clone();
                let (from, to) = (r.from.len(), r.to.len());
                r.from.retain(|t| t != tag);
                r.to.retain(|t| t != tag);
                let emptied = (from > 0 && r.from.is_empty()) || (to > 0 && r.to.is_empty());
                (!emptied).then_some(r)
            })
            .collect();
        c
    }
}

fn check_attributes(d: &LabelDef) -> Result<(), CodebookError> {
    let mut seen = std::collections::HashSet::new();
    for a in &d.attributes {
        let empty = match &a.kind {
            AttributeKind::Choice { values } => {
                values.is_empty() || values.iter().any(|v| v.trim().is_empty())
            }
            _ => false,
        };
        if a.name.trim().is_empty() || empty || !seen.insert(a.name.as_str()) {
            return Err(CodebookError::BadAttribute(
                d.name.as_str().into(),
                a.name.clone(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_sound_and_the_default_is_todays_tags() {
        for name in TEMPLATES {
            let c = Codebook::template(name).unwrap();
            assert_eq!(c.name, name);
            c.check().unwrap();
        }
        let d = Codebook::default();
        let names: Vec<&str> = d.labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["claim", "source", "quote"]);
        assert_eq!(d.rules(), RelationRule::defaults());
        let a = Codebook::attribution();
        assert_eq!(a.labels[3].name.as_str(), "Cue");
        assert_eq!(a.letter_of(&a.labels[3].name), 'V', "not Claim's C");
        assert_eq!(a.letter_of(&Tag::Claim), 'C');
        assert_eq!(a.letter_of(&Tag::from_foreign("PER")), 'P');
        let kinds: Vec<&str> = a.relations.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["attributed to", "source of", "cue of"]);
        assert!(a.rules()[2].allows(&Tag::from_foreign("Cue"), &Tag::Quote));
        assert!(!a.rules()[2].allows(&Tag::Source, &Tag::Quote));
        assert_eq!(a.own_labels().count(), 1);
    }

    #[test]
    fn bad_codebooks_are_refused_with_the_reason() {
        let mut c = Codebook::attribution();
        c.labels[3].key = Some('1');
        assert_eq!(c.check(), Err(CodebookError::DuplicateKey('1')));
        c.labels[3].key = Some('l');
        assert_eq!(c.check(), Err(CodebookError::BadKey('l')));
        let mut c = Codebook::attribution();
        c.labels[3].name = Tag::Quote;
        assert!(matches!(c.check(), Err(CodebookError::DuplicateLabel(_))));
        let mut c = Codebook::attribution();
        let again = c.labels[2].attributes[0].clone();
        c.labels[2].attributes.push(again);
        assert!(matches!(c.check(), Err(CodebookError::BadAttribute(..))));
        let c = Codebook::attribution();
        let mut gone = c.clone();
        gone.labels.pop();
        assert!(matches!(gone.check(), Err(CodebookError::UnknownEnd(..))));
    }

    #[test]
    fn renaming_and_removing_a_label_follow_into_the_relation_types() {
        let c = Codebook::attribution();
        let cue = Tag::from_foreign("Cue");
        let said = Tag::from_foreign("Speech verb");
        let r = c.renamed(&cue, &said);
        assert_eq!(r.labels[3].name, said);
        assert_eq!(r.relations[2].from, vec![said.clone()]);
        r.check().unwrap();
        let w = r.without(&said);
        assert_eq!(w.labels.len(), 3);
        assert_eq!(w.relations.len(), 2, "cue of has no start left: dropped");
        w.check().unwrap();
        let q = c.without(&Tag::Quote);
        assert_eq!(
            q.relations[0].from,
            vec![Tag::Claim],
            "another start is left"
        );
    }

    #[test]
    fn tags_it_does_not_describe_get_the_defaults_of_their_place() {
        let c = Codebook::default();
        let person = Tag::from_foreign("PER");
        let d = c.def_or_default(&person, 3);
        assert_eq!((d.colour, d.key), (PALETTE[3], Some('4')));
        assert_eq!(
            c.def_or_default(&Tag::Source, 1).description,
            c.labels[1].description
        );
        assert_eq!(c.def_or_default(&person, 12).key, None);
    }
}
