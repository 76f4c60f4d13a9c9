//! Where an annotation from another tool says it is ([`Selector`]: a stored
//! position and/or a quote) and how it was placed on a text
//! ([`Anchoring`]). The placing itself is done by `marginalia-interop`'s
//! re-anchoring; these are the values that travel between it and the app.

use crate::anchor::TextQuote;
use serde::{Deserialize, Serialize};

/// The unit of a stored position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Unicode code points (the W3C model; Marginalia's own files).
    CodePoint,
    /// UTF-16 code units (JavaScript tools: Recogito, Hypothesis).
    Utf16,
    /// Not stated: code points are tried first, then UTF-16.
    Unknown,
}

/// A stored position (a TextPositionSelector).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Start offset.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// What the offsets count.
    pub unit: Unit,
}

/// Where an annotation says it is: a position, a quote, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selector {
    /// The stored position, if any.
    pub position: Option<Position>,
    /// The stored quote with its context, if any (prefix and suffix may be
    /// empty).
    pub quote: Option<TextQuote>,
}

/// How an annotation was placed on the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchoring {
    /// The position holds (and its text is the quote, when there is one).
    Exact {
        /// Start (code points).
        start: usize,
        /// End (code points, exclusive).
        end: usize,
    },
    /// The exact quote was found, but not at the stored position.
    Moved {
        /// Start (code points).
        start: usize,
        /// End (code points, exclusive).
        end: usize,
    },
    /// Placed by an approximate match: the text there differs from the quote.
    Fuzzy {
        /// Start (code points).
        start: usize,
        /// End (code points, exclusive).
        end: usize,
        /// Similarity of quote and context to the text there, in thousandths
        /// (1000 = identical).
        similarity: u16,
    },
    /// Several places fit equally well: not placed.
    Ambiguous,
    /// Not found: not placed.
    Orphaned,
}

impl Anchoring {
    /// The span it was placed on, if it was placed.
    pub fn span(&self) -> Option<(usize, usize)> {
        match *self {
            Anchoring::Exact { start, end }
            | Anchoring::Moved { start, end }
            | Anchoring::Fuzzy { start, end, .. } => Some((start, end)),
            Anchoring::Ambiguous | Anchoring::Orphaned => None,
        }
    }
}
