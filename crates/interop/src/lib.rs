//! Marginalia's format engine: other tools' formats in and out (W3C Web
//! Annotation, brat standoff, doccano, Label Studio, Recogito's own JSON, CSV and CoNLL) and
//! re-anchoring. It runs in a Web Worker (`crates/worker`), so the app's
//! first load does not carry it; the app never depends on this crate.
//!
//! Exports are written from a [`Document`](marginalia_core::Document); each
//! states its offset unit.
//! Imports read a file into a [`ForeignFile`]: its annotations keep their
//! labels as written and carry a [`Selector`] (position and/or quote) that
//! is placed on a text by [`reanchor::reanchor`]. Format is detected from the
//! content, not the file name ([`files::detect`]); [`plan::plan`] places an
//! import on the open text for the user to confirm.
#![deny(missing_docs)]

pub mod brat;
pub mod conll;
pub mod csv;
pub mod describe;
pub mod doccano;
pub mod files;
pub mod labelstudio;
mod other_text;
pub mod plan;
pub mod reanchor;
pub mod recogito;
#[cfg(test)]
mod testdata;
pub mod w3c;

pub use marginalia_core::import::{ForeignAnnotation, ForeignFile, FormatKind};
pub use marginalia_core::selector::Selector;

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InteropError {
    /// Not a format we know.
    #[error("this file is not in a format Marginalia reads (Marginalia or W3C JSON, Recogito JSON, brat .ann, doccano JSONL, Label Studio JSON)")]
    Unknown,
    /// Valid JSON (or JSON Lines) in no format we read; `what` says what
    /// it looks like (see [`describe::json`]).
    #[error("this is {what}, not annotations in a format Marginalia reads (Marginalia, W3C/Hypothesis, Recogito, brat, doccano, Label Studio)")]
    NotAnnotations {
        /// What the file is, e.g. `JSON (an object with keys "title", …)`.
        what: String,
    },
    /// A Label Studio labelling configuration (`<View>…`) given as
    /// annotations.
    #[error("this is a Label Studio labelling configuration (XML starting with <View>), not annotations: import the project's JSON export (Export, then JSON, in Label Studio) instead")]
    LabelConfig,
    /// A known format with a problem at `path`.
    #[error("{format}: {path}: {reason}")]
    Invalid {
        /// The format's name.
        format: &'static str,
        /// Where in the file (e.g. `line 3`, `items[2].target`).
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A file read whole in which no annotation can be placed on a text:
    /// image annotations, annotations of PDFs, notes on whole pages.
    #[error("{format}: {reason}")]
    NothingOnText {
        /// The format's name.
        format: &'static str,
        /// What the file holds instead, counted.
        reason: String,
    },
}

/// The first of the documents read from a file that may hold several
/// (`what` names them, e.g. "documents"), with a warning when it held more;
/// `empty` when it held none.
pub(crate) fn first_of(
    mut all: Vec<ForeignFile>,
    what: &str,
    empty: InteropError,
) -> Result<ForeignFile, InteropError> {
    if all.is_empty() {
        return Err(empty);
    }
    let n = all.len();
    let mut first = all.swap_remove(0);
    if n > 1 {
        first.warnings.push(format!(
            "the file holds {n} {what}; only the first was imported"
        ));
    }
    Ok(first)
}

/// Set-up shared by the format tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::ForeignFile;
    use marginalia_core::selector::Unit;
    use marginalia_core::testing::{add_noted, doc};
    use marginalia_core::{Document, Tag};

    /// A label (or tag), a code-point span and a note.
    pub(crate) type Span = (String, usize, usize, String);

    /// The spans of a file's annotations, in file order; each must have a
    /// position counting code points.
    pub(crate) fn read_spans(file: &ForeignFile) -> Vec<Span> {
        file.annotations
            .iter()
            .map(|a| {
                let p = a.selector.position.expect("a position");
                assert_eq!(p.unit, Unit::CodePoint);
                (a.label.clone(), p.start, p.end, a.note.clone())
            })
            .collect()
    }

    /// The spans of a document's annotations, in text order.
    pub(crate) fn doc_spans(doc: &Document) -> Vec<Span> {
        doc.annotations()
            .map(|a| (a.tag.as_str().into(), a.start, a.end, a.note.clone()))
            .collect()
    }

    /// Emoji (one code point, two UTF-16 units), CJK, a combining accent and
    /// a ZWJ sequence over two paragraphs.
    pub(crate) const MIXED: &str =
        "Tea 🍵 in 東京 said Zoë.\ne\u{301}té 👩\u{200d}👩\u{200d}👧 done";

    /// "Ann said: 東京 🍵 is near. Bob said so." with a label of its own
    /// (`label`): sources `s` (Ann) and `b` (Bob), `c` (said:) of `label`,
    /// quote `q` (東京 🍵 is near.), and `q` *cued by* `c` (relation `r3`).
    pub(crate) fn cued(label: &str) -> Document {
        use marginalia_core::annotation::Tag;
        let mut d = doc("Ann said: 東京 🍵 is near. Bob said so.");
        let label = Tag::from_foreign(label);
        if let Tag::Other(l) = &label {
            d.apply(marginalia_core::document::Command::AddLabel(l.clone()))
                .unwrap();
        }
        add_noted(&mut d, "s", Tag::Source, 0, 3, "");
        add_noted(&mut d, "c", label, 4, 8, "");
        add_noted(&mut d, "q", Tag::Quote, 10, 23, "");
        add_noted(&mut d, "b", Tag::Source, 25, 28, "");
        d.apply(marginalia_core::document::Command::AddRelation(
            marginalia_core::relation::Relation {
                id: marginalia_core::relation::RelationId::new("r3").unwrap(),
                kind: marginalia_core::relation::RelationKind::new("cued by").unwrap(),
                from: marginalia_core::AnnotationId::new("q").unwrap(),
                to: marginalia_core::AnnotationId::new("c").unwrap(),
                note: String::new(),
                created: marginalia_core::testing::ts("00"),
            },
        ))
        .unwrap();
        d
    }

    /// Adds a relation `from` → `to` of the default type to `d`.
    pub(crate) fn link(d: &mut Document, id: &str, from: &str, to: &str, note: &str) {
        use marginalia_core::relation::{Relation, RelationId, RelationKind};
        d.apply(marginalia_core::document::Command::AddRelation(Relation {
            id: RelationId::new(id).unwrap(),
            kind: RelationKind::attributed_to(),
            from: marginalia_core::AnnotationId::new(from).unwrap(),
            to: marginalia_core::AnnotationId::new(to).unwrap(),
            note: note.into(),
            created: marginalia_core::testing::ts("00"),
        }))
        .unwrap();
    }

    /// [`MIXED`] with four annotations, two with notes (one of two lines).
    pub(crate) fn mixed_doc() -> Document {
        let mut d = doc(MIXED);
        add_noted(&mut d, "a", Tag::Quote, 4, 5, "");
        add_noted(&mut d, "b", Tag::Source, 9, 11, "in Japan");
        add_noted(&mut d, "c", Tag::Claim, 17, 26, "two\nlines");
        add_noted(&mut d, "d", Tag::Claim, 27, 37, "");
        d
    }
}
