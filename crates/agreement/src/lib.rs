//! Inter-annotator agreement, computed over a document's code points, with
//! no web (or any other) dependency: Cohen's κ for a pair of annotators,
//! Fleiss' κ over several, Krippendorff's α (nominal) over coding units,
//! Krippendorff's unitizing α (α_u) over the continuum of the text, and
//! span and relation agreement (exact and overlap precision, recall, F1);
//! [`report`] gives every figure at once, and as CSV.
//!
//! **Coding units** ([`units`]): every code point of the text that is not
//! white space (Unicode `White_Space`). Per label *L*, an annotator's value
//! for a unit is 1 when one of their annotations with label *L* covers it
//! (any of its parts), else 0; overall, the value is the set of labels
//! covering it, sorted and joined with `+` (`quote+source`), or none.
//!
//! A figure that a measure leaves undefined (no units, one category only,
//! no spans on either side) is `None`, never NaN: see `docs/agreement.md`.

pub mod alpha;
pub mod kappa;
pub mod relations;
pub mod report;
pub mod spans;
#[cfg(test)]
mod testing;
pub mod unitizing;
pub mod units;

use std::ops::Range;

/// One annotation as agreement sees it: a label and the code-point ranges
/// it covers (one for a plain span, several for a multi-part one), in text
/// order.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mark {
    /// Its label (`quote`, `Cue`).
    pub label: String,
    /// The ranges it covers, in code points.
    pub parts: Vec<Range<usize>>,
}

/// One annotator's annotations of the document.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Layer {
    /// Who made them.
    pub annotator: String,
    /// What they marked.
    pub marks: Vec<Mark>,
    /// Their relations between those marks.
    #[serde(default)]
    pub links: Vec<relations::Link>,
}
