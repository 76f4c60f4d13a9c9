//! The objects of a W3C file, as the fields the import reads of each.

use super::json::{Json, Plain, Typed};
use serde::Deserialize;

/// An item of a file: an annotation, an `AnnotationPage`, an
/// `AnnotationCollection` or a Hypothesis wrapper (`rows`, `annotations`),
/// which tell themselves apart only once all their fields are read.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Node<'a> {
    #[serde(borrow, rename = "@context")]
    pub(super) context: Plain<'a>,
    #[serde(borrow)]
    pub(super) id: Plain<'a>,
    #[serde(borrow, rename = "@id")]
    pub(super) at_id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    pub(super) at_kind: Plain<'a>,
    // An annotation.
    #[serde(borrow)]
    pub(super) target: Json<'a, TargetObject<'a>>,
    #[serde(borrow)]
    pub(super) body: Json<'a, BodyObject<'a>>,
    #[serde(borrow, rename = "bodyValue")]
    pub(super) body_value: Plain<'a>,
    #[serde(borrow)]
    pub(super) motivation: Plain<'a>,
    #[serde(borrow)]
    pub(super) generator: Json<'a, Agent<'a>>,
    #[serde(borrow)]
    pub(super) creator: Json<'a, Agent<'a>>,
    #[serde(borrow)]
    pub(super) created: Plain<'a>,
    #[serde(borrow)]
    pub(super) modified: Plain<'a>,
    // Hypothesis.
    #[serde(borrow)]
    pub(super) updated: Plain<'a>,
    #[serde(borrow)]
    pub(super) tags: Plain<'a>,
    #[serde(borrow)]
    pub(super) text: Plain<'a>,
    #[serde(borrow)]
    pub(super) document: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    pub(super) uri: Plain<'a>,
    #[serde(borrow)]
    pub(super) user: Plain<'a>,
    #[serde(borrow)]
    pub(super) rows: Json<'a, Node<'a>>,
    #[serde(borrow)]
    pub(super) annotations: Json<'a, Node<'a>>,
    /// The name Hypothesis shows for `user`.
    #[serde(borrow)]
    pub(super) user_info: Json<'a, UserInfo<'a>>,
    /// A CouchDB `_all_docs` row's document (the row has `id` and `key`).
    #[serde(borrow)]
    pub(super) value: Json<'a, Node<'a>>,
    // A collection or a page.
    #[serde(borrow)]
    pub(super) label: Plain<'a>,
    #[serde(borrow)]
    pub(super) first: Json<'a, Node<'a>>,
    #[serde(borrow)]
    pub(super) items: Json<'a, Node<'a>>,
    #[serde(borrow, rename = "partOf")]
    pub(super) part_of: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    pub(super) next: Json<'a, Resource<'a>>,
}

/// A target that is an object (a `SpecificResource`, or a resource).
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct TargetObject<'a> {
    #[serde(borrow)]
    pub(super) id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    pub(super) at_kind: Plain<'a>,
    #[serde(borrow)]
    pub(super) source: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    pub(super) selector: Json<'a, SelectorObject<'a>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct SelectorObject<'a> {
    #[serde(borrow, rename = "type")]
    pub(super) kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    pub(super) at_kind: Plain<'a>,
    #[serde(borrow)]
    pub(super) exact: Plain<'a>,
    #[serde(borrow)]
    pub(super) prefix: Plain<'a>,
    #[serde(borrow)]
    pub(super) suffix: Plain<'a>,
    #[serde(borrow)]
    pub(super) start: Plain<'a>,
    #[serde(borrow)]
    pub(super) end: Plain<'a>,
    /// A `FragmentSelector`'s or `SvgSelector`'s value.
    #[serde(borrow)]
    pub(super) value: Plain<'a>,
    #[serde(borrow, rename = "refinedBy")]
    pub(super) refined_by: Json<'a, SelectorObject<'a>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct BodyObject<'a> {
    #[serde(borrow)]
    pub(super) id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    pub(super) at_kind: Plain<'a>,
    #[serde(borrow)]
    pub(super) purpose: Plain<'a>,
    #[serde(borrow)]
    pub(super) value: Plain<'a>,
    /// Its name (`rdfs:label`): on a classifying body, the attribute it
    /// gives a value of.
    #[serde(borrow)]
    pub(super) label: Plain<'a>,
    #[serde(borrow)]
    pub(super) source: Json<'a, Resource<'a>>,
    /// A `Choice`'s bodies.
    #[serde(borrow)]
    pub(super) items: Json<'a, BodyObject<'a>>,
}

/// A `creator` or `generator`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Agent<'a> {
    #[serde(borrow)]
    pub(super) id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    pub(super) kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    pub(super) at_kind: Plain<'a>,
    #[serde(borrow)]
    pub(super) name: Plain<'a>,
    #[serde(borrow)]
    pub(super) homepage: Plain<'a>,
}

/// Another resource the file names: a target's `source`, the next page, the
/// collection a page is part of, a Hypothesis `document`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Resource<'a> {
    #[serde(borrow)]
    pub(super) id: Plain<'a>,
    #[serde(borrow)]
    pub(super) label: Plain<'a>,
    #[serde(borrow)]
    pub(super) title: Plain<'a>,
    /// A Hypothesis `document.link` item's address.
    #[serde(borrow)]
    pub(super) href: Plain<'a>,
    /// A Hypothesis `document`'s other addresses (`urn:x-pdf:` for a PDF).
    #[serde(borrow)]
    pub(super) link: Json<'a, Resource<'a>>,
    /// Set by Hypothesis on the `document` of a PDF.
    #[serde(borrow, rename = "documentFingerprint")]
    pub(super) document_fingerprint: Plain<'a>,
}

/// Hypothesis `user_info`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct UserInfo<'a> {
    #[serde(borrow)]
    pub(super) display_name: Plain<'a>,
}

macro_rules! typed {
    ($($name:ident),*) => {
        $(impl<'a> Typed<'a> for $name<'a> {
            fn type_fields(&self) -> (&Plain<'a>, &Plain<'a>) {
                (&self.kind, &self.at_kind)
            }
        })*
    };
}
typed!(Node, TargetObject, SelectorObject, BodyObject, Agent);
