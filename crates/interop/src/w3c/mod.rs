//! W3C Web Annotation JSON-LD (<https://www.w3.org/TR/annotation-model/>),
//! out and in.
//!
//! [`export`] writes a document's annotations as one `AnnotationCollection`
//! whose positions count **code points**, with a `TextQuoteSelector` beside
//! each `TextPositionSelector` and a `generator` naming Marginalia.
//! [`import`] reads single annotations, lists, collections, pages and the
//! Hypothesis API shapes; each annotation's position unit is told from who
//! wrote it (ours: code points; Hypothesis, Recogito: UTF-16; others:
//! unknown). Every choice of both directions is written out in
//! `docs/formats/w3c.md`.
//!
//! The parts: `export` (the collection written), `import` (the reader and
//! its messages), `targets` (selectors) and `bodies` (labels and notes) of an
//! annotation, `links` (linking annotations read as relations),
//! `unplaceable` (image annotations, page notes and annotations of PDFs:
//! counted, and a file of only those refused), `objects` (the fields read
//! of each object), `json` (the
//! borrowed JSON tree and the paths that name places in a file), `iri`
//! (IRIs, `urn:sha256:` and percent-encoding).

mod bodies;
mod export;
mod import;
mod iri;
mod json;
mod links;
mod objects;
mod targets;
#[cfg(test)]
mod tests;
mod unplaceable;

pub use export::export;
pub use import::{import, looks_like};
pub(crate) use import::{parse, Parsed};
pub use iri::text_urn;

/// Whether [`export`] carries an unplaced annotation: those with a quote,
/// as a target with a `TextQuoteSelector` only (one rule with the app's
/// count of what an export leaves out).
pub use marginalia_core::export::w3c_carries as exports_unplaced;

/// The JSON-LD context of the W3C Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The `generator` name written on every exported annotation.
pub const GENERATOR_NAME: &str = "Marginalia";
/// The IRI prefix of exported ids when [`W3cOptions::id_base`] is not set.
pub const DEFAULT_ID_BASE: &str = "urn:x-marginalia:";

/// The format's name in error messages.
const FORMAT: &str = "W3C Web Annotation";
/// Detailed warnings kept per import; the rest are counted.
const MAX_WARNINGS: usize = 30;

/// Choices for [`export`]. The W3C model never carries the article text, so
/// there is no "annotations only" switch: every export is annotations only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct W3cOptions {
    /// The prefix of every id written (an absolute IRI, e.g.
    /// `https://example.org/annotations/`); ids are
    /// `{base}{document id}/{annotation id}`. `None`, or a value that is not
    /// an absolute IRI, means [`DEFAULT_ID_BASE`].
    pub id_base: Option<String>,
    /// Who made the annotations, written as each annotation's `creator`.
    /// `None`: no creator is written.
    pub creator: Option<Creator>,
}

/// A person credited as the `creator` of exported annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Creator {
    /// Their name (written when not empty).
    pub name: String,
    /// An IRI for them (a profile URL, `mailto:`…); written only when it is
    /// an absolute IRI.
    pub id: Option<String>,
}
