//! The formats Marginalia exports to, as the app's menu names them. The
//! writers of other tools' formats are in `marginalia-interop` (run in the
//! format engine's worker); Marginalia JSON is written here
//! ([`crate::format::to_json`]).

use crate::annotation::{AnnotationId, Unplaced};
use crate::document::Document;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Whether a W3C export carries the unplaced annotation `u`: it has no span,
/// so only as a quote-only target, which needs a quote.
pub fn w3c_carries(u: &Unplaced) -> bool {
    !u.exact.is_empty()
}

/// A format to export to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    /// Marginalia JSON (the whole document; imports back without loss).
    Marginalia,
    /// W3C Web Annotation JSON-LD (code-point positions and quotes).
    W3c,
    /// brat standoff: the article `.txt`, the `.ann`, and the collection's
    /// `annotation.conf`, `visual.conf` and `kb_shortcuts.conf`.
    Brat,
    /// brat standoff `.ann` alone (no article text).
    BratAnnotationsOnly,
    /// doccano JSONL.
    Doccano,
    /// Label Studio JSON.
    LabelStudio,
    /// CSV, one row per annotation.
    Csv,
    /// CoNLL-style tokens with one BIO column per tag.
    Conll,
}

/// What an export leaves out: unplaced annotations, and relations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Unplaced annotations not written.
    pub unplaced: usize,
    /// Relations not written.
    pub relations: usize,
    /// Multi-part annotations written as one span per part, since the
    /// format has no multi-part spans (doccano, Label Studio; the parts of
    /// one are then separate spans with its label).
    pub split: usize,
    /// Annotations whose attribute values are not written (doccano and
    /// CoNLL have no place for them).
    pub attributes: usize,
}

impl ExportFormat {
    /// How many of `doc`'s unplaced annotations an export in this format
    /// leaves out: they have no span, so only Marginalia JSON (all of them)
    /// and W3C (those with a quote, as quote-only targets) can carry them.
    pub fn unplaced_left_out(self, doc: &Document) -> usize {
        match self {
            ExportFormat::Marginalia => 0,
            ExportFormat::W3c => doc.unplaced().iter().filter(|u| !w3c_carries(u)).count(),
            _ => doc.unplaced().len(),
        }
    }

    /// How many of `doc`'s relations an export in this format leaves out:
    /// CoNLL has no place for them; the others write those whose both ends
    /// they write (see [`ExportFormat::unplaced_left_out`]).
    pub fn relations_left_out(self, doc: &Document) -> usize {
        let written = self.writes_relation_end(doc);
        doc.relations()
            .iter()
            .filter(|r| !(written(&r.from) && written(&r.to)))
            .count()
    }

    /// Whether an export in this format writes the annotation with this id
    /// as an end of a relation: every one in Marginalia JSON, none in CoNLL
    /// (no relations), the placed ones elsewhere and, in W3C, the unplaced
    /// ones it carries (see [`w3c_carries`]). The exporters that write
    /// relations follow it.
    pub fn writes_relation_end<'d>(self, doc: &'d Document) -> impl Fn(&AnnotationId) -> bool + 'd {
        let carried: HashSet<&AnnotationId> = match self {
            ExportFormat::W3c => doc
                .unplaced()
                .iter()
                .filter(|u| w3c_carries(u))
                .map(|u| &u.id)
                .collect(),
            _ => HashSet::new(),
        };
        move |id| match self {
            ExportFormat::Marginalia => true,
            ExportFormat::Conll => false,
            _ => doc.annotation(id).is_some() || carried.contains(id),
        }
    }

    /// What an export in this format leaves out of `doc`.
    pub fn left_out(self, doc: &Document) -> LeftOut {
        LeftOut {
            unplaced: self.unplaced_left_out(doc),
            relations: self.relations_left_out(doc),
            split: if self.holds_parts() {
                0
            } else {
                doc.annotations().filter(|a| a.is_multipart()).count()
            },
            attributes: match self {
                ExportFormat::Doccano | ExportFormat::Conll => doc
                    .annotations()
                    .filter(|a| !a.attributes.is_empty())
                    .count(),
                _ => 0,
            },
        }
    }

    /// Whether the format keeps a multi-part annotation as one: Marginalia
    /// JSON (`parts`), W3C (a target per part), brat (fragments), CSV (a
    /// `parts` column) and CoNLL (each part's tokens, the later parts
    /// beginning with `B-`); doccano and Label Studio write each part as a
    /// span of its own.
    pub fn holds_parts(self) -> bool {
        !matches!(self, ExportFormat::Doccano | ExportFormat::LabelStudio)
    }

    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Marginalia,
        ExportFormat::W3c,
        ExportFormat::Brat,
        ExportFormat::BratAnnotationsOnly,
        ExportFormat::Doccano,
        ExportFormat::LabelStudio,
        ExportFormat::Csv,
        ExportFormat::Conll,
    ];

    /// Its name in the menu.
    pub fn label(self) -> &'static str {
        match self {
            ExportFormat::Marginalia => "Marginalia JSON",
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Brat => "brat standoff (.txt + .ann + .conf files)",
            ExportFormat::BratAnnotationsOnly => "brat .ann only (no article text)",
            ExportFormat::Doccano => "doccano JSONL",
            ExportFormat::LabelStudio => "Label Studio JSON (+ labelling config)",
            ExportFormat::Csv => "CSV (one row per annotation)",
            ExportFormat::Conll => "CoNLL (tokens, BIO per tag)",
        }
    }
}

/// One file to download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportFile {
    /// Its name.
    pub name: String,
    /// Its media type.
    pub mime: String,
    /// Its contents.
    pub content: String,
}
