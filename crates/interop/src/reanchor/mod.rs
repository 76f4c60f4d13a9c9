//! Re-anchoring: placing an annotation described by a position and/or a
//! quote onto a text that may have been edited since it was made.
//!
//! The order is fixed and conservative: the position is checked against the
//! quote; then the exact quote is searched, decided by its context and by
//! the stored (or expected) position; then an approximate match of quote and
//! context is tried, accepted only above a minimum score and with a margin
//! over the runner-up. Anything else is [`Anchoring::Orphaned`] (or
//! [`Anchoring::Ambiguous`]): an annotation is never knowingly placed on a
//! wrong span. All offsets are code points.
//!
//! # The steps
//!
//! An occurrence of the quote is *plausible* when the stored context agrees
//! next to it: on both sides, or on one substantial side (at least 8 code
//! points, or a side that reached the edge of the text when the selector was
//! made), or when it sits at the stored position (quotes of at least
//! [`Thresholds::one_sided_min_len`] code points). An empty side is no
//! evidence either way.
//!
//! 1. **Position.** The stored position (code points; UTF-16 units are
//!    converted; an unknown unit is tried as code points, then as UTF-16)
//!    gives [`Anchoring::Exact`] when the quote is there and is trusted
//!    there: the whole context agrees, or (for quotes of at least
//!    [`Thresholds::one_sided_min_len`] code points) one side or the
//!    position alone. A selector without quote is exact when its position is
//!    in the text. *Deviation from "text equals quote ⇒ exact":* a quote of a
//!    few characters ("." or "a") lands on its old offset by chance after
//!    an edit, so short quotes need their context there.
//! 2. **Exact quote.** A single plausible occurrence agreeing on both sides
//!    is placed ([`Anchoring::Moved`], or `Exact` at the stored position).
//!    Among several plausible occurrences context cannot choose: when a
//!    sentence `S` is copied right after itself, `X S S N` reads as well as
//!    the insertion of a copy before `S`, the copy agrees with the stored
//!    suffix as fully as the original with the prefix (and when a unit `X S`
//!    is copied, the copy agrees on *both* sides); and passages an article
//!    repeats (pull quotes, photo credits) agree everywhere. So only a
//!    trusted occurrence exactly at the stored or an expected position is
//!    placed, or (in [`reanchor_all`]) the one agreeing on both sides between
//!    the placements of its neighbours; otherwise [`Anchoring::Ambiguous`].
//! 3. **Approximate.** The pattern `prefix + quote + suffix` is searched with
//!    a bit-parallel edit-distance matcher written here (Myers 1999, with
//!    the block decomposition for patterns longer than 64 code points),
//!    allowing up to `(1 - (min_similarity - margin)) × length` edits. Each
//!    local minimum (at most 32 per region) is refined into quote
//!    boundaries by four more scans (prefix ending / quote start, and quote
//!    end / suffix start, both ways), and scored by the placement's
//!    similarity `1 - (prefix + quote + suffix edits) / pattern length`.
//!    The plausible exact occurrences (anywhere) and the other exact
//!    occurrences in the region (the 64 nearest) are sites too. The best
//!    site is accepted when its similarity reaches
//!    [`Thresholds::min_similarity`], its quote alone
//!    [`Thresholds::min_quote_similarity`], and its context supports it:
//!    both sides reach [`Thresholds::min_side_similarity`], or one side does
//!    within [`Thresholds::hint_tolerance`] of the stored or an expected
//!    position, for a quote of at least [`Thresholds::one_sided_min_len`]
//!    code points whose 4 code points at the edge of the failing side are
//!    intact (the edit that broke that side must not run into the quote).
//!    Any other site not overlapping it (whose quote keeps the minimum
//!    similarity) within [`Thresholds::margin`] makes the result ambiguous.
//!    A placement whose text is exactly the quote is reported as `Moved`
//!    (or `Exact`), not `Fuzzy`. Regions searched: the whole text for a
//!    selector without position; alone, [`Thresholds::near_radius`] around
//!    the stored position, then [`Thresholds::far_radius`]; in
//!    [`reanchor_all`], 256 code points plus twice the pattern around the
//!    stored and every expected position (the neighbours make them precise).
//!    *Near-duplicates:* an approximate site right after an exact occurrence
//!    of the quote that kept only the stored prefix (or right before one
//!    that kept only the suffix), within 256 code points, reads as a copy of
//!    it with a word changed, inserted next to it, which took the other side
//!    of the context: it is not taken (ambiguous). And when the approximate
//!    step places nothing, an exact occurrence that is the only one of a
//!    quote of at least 32 code points, with one substantial side of the
//!    context agreeing, is placed: an exact, unique occurrence of a long
//!    quote does not lose to an approximate candidate whose context agrees
//!    better.
//!
//! # Many selectors at once
//!
//! [`reanchor_all`] processes the selectors in stored order and expects each
//! where its neighbours' shifts put it: the previous placement's shift at its
//! end (right after an edit inside it), then, in a second pass for what is
//! still unplaced, also the next placement's shift at its start (an
//! insertion right before a sentence shifts it like what follows it). A
//! position held by a plausible occurrence is used only when no other
//! expected position holds one and, in the second pass, no other plausible
//! occurrence lies between the placed neighbours (a copy inserted right after
//! its original sits exactly where the next neighbour's shift expects it).
//! Shifts are followed per unit (UTF-16 positions are converted with the
//! edited text, so they compose exactly only with each other). The
//! approximate step waits for the second pass. Last, placements that land on
//! the same text (by at least half of the shorter one) although their stored
//! spans lie more than 64 code points apart cannot both be right — the less
//! sure one (exact at the stored position, then at an expected one, then
//! elsewhere, then approximate) gives way, both when equally sure. On texts
//! of 64 KiB or more a 3-gram index is built once, and the exact step looks
//! up `prefix + quote` and `quote + suffix` instead of scanning (it finds
//! what [`marginalia_core::anchor::for_each_match`], the one occurrence
//! finder, finds). [`reanchor_all_with_progress`] reports how far it got,
//! for a progress bar in the worker.
//!
//! # Files
//!
//! `batch` (the passes of [`reanchor_all`]), `anchorer` (the order of the
//! steps and step 1), `exact` (step 2), `fuzzy` (step 3), `myers` (the
//! bit-parallel matcher), `gram_index` (the 3-gram index), `baselines`
//! (ports of the Hypothesis and Apache Annotator algorithms, feature
//! `baselines`, for the conformance tests), `tests`.
//!
//! # Thresholds
//!
//! The defaults of [`Thresholds`] were measured on edited news articles;
//! `docs/reanchoring.md` gives the measurements, kept current by the
//! measuring test (`crates/interop/tests/edited_articles.rs`).

mod anchorer;
#[cfg(any(test, feature = "baselines"))]
mod baselines;
mod batch;
mod exact;
mod fuzzy;
mod gram_index;
mod myers;
mod shift;
#[cfg(test)]
mod tests;

#[cfg(any(test, feature = "baselines"))]
pub use baselines::{describe_minimal, match_quote, DescribeOptions, QuoteMatch};
pub use fuzzy::{candidate_sites, Site};
pub use marginalia_core::anchor::match_quote_all;
pub use marginalia_core::selector::{Anchoring, Position, Selector, Unit};
pub use shift::break_ties;

use anchorer::Anchorer;
use marginalia_core::text::Text;
use std::borrow::Borrow;

/// The numbers that decide when a quote counts as found. The defaults were
/// measured on edited news articles; the module documentation gives the
/// measurements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Shorter quotes are trusted only where the whole stored context
    /// agrees: one agreeing side (the other edited), or the stored position
    /// alone, count only for quotes of at least this many code points (a
    /// "." also ends the sentence before a deleted one; a short quote lands
    /// on its old offset by chance after an edit).
    pub one_sided_min_len: usize,
    /// Approximate step: minimum similarity of quote and context together,
    /// in thousandths.
    pub min_similarity: u16,
    /// Approximate step: minimum similarity of the quote alone, in
    /// thousandths.
    pub min_quote_similarity: u16,
    /// Approximate step: a side of the context (prefix or suffix) agrees
    /// when its similarity is at least this, in thousandths. Both sides
    /// must agree, or one side near the stored or an expected position (see
    /// [`Thresholds::hint_tolerance`]).
    pub min_side_similarity: u16,
    /// Approximate step: the best site must beat every other (not
    /// overlapping) site by this much, in thousandths; otherwise the result
    /// is ambiguous.
    pub margin: u16,
    /// Approximate step: how far (code points) a site agreeing on one side
    /// only may start from the stored or an expected position.
    pub hint_tolerance: usize,
    /// Approximate step of [`reanchor`]: the first search covers this many
    /// code points on each side of the stored position ([`reanchor_all`]
    /// searches much closer to its expected positions, never farther than
    /// this).
    pub near_radius: usize,
    /// Approximate step of [`reanchor`]: the second search, when the first
    /// finds nothing, covers this many code points on each side.
    pub far_radius: usize,
    /// Approximate step of [`reanchor_all`]: how many code points in all it
    /// searches for quotes without a position (see [`WHOLE_TEXT_BUDGET`]).
    pub whole_text_budget: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            one_sided_min_len: 8,
            min_similarity: 750,
            min_quote_similarity: 500,
            min_side_similarity: 750,
            margin: 100,
            hint_tolerance: 256,
            near_radius: 4096,
            far_radius: 65536,
            whole_text_budget: WHOLE_TEXT_BUDGET,
        }
    }
}

/// Places `selector` on `text`.
pub fn reanchor(text: &Text, selector: &Selector) -> Anchoring {
    reanchor_with(text, selector, &Thresholds::default())
}

/// Places `selector` on `text` with the given thresholds.
pub fn reanchor_with(text: &Text, selector: &Selector, thresholds: &Thresholds) -> Anchoring {
    Anchorer::new(text, thresholds, false)
        .anchor(selector, &[], None, &mut None, true)
        .unwrap_or(Anchoring::Orphaned)
}

/// Places many selectors made on the same original text; the results are
/// in the order of `selectors`. Much faster than [`reanchor`] one by one on
/// long texts (10,000 annotations on an edited 1 MB text: about 0.1 s), and
/// better informed: an edit shifts neighbouring annotations alike, so each
/// annotation is also expected where its placed neighbours' shifts put it,
/// may be placed between them, and two annotations stored apart may not
/// end up on the same text (see the module documentation). Prefer it
/// whenever several annotations of one document are placed. The selectors
/// may be given as references (`&[&Selector]`), so that they need not be
/// copied out of what holds them.
pub fn reanchor_all<S: Borrow<Selector>>(text: &Text, selectors: &[S]) -> Vec<Anchoring> {
    reanchor_all_with(text, selectors, &Thresholds::default())
}

/// [`reanchor_all`] with the given thresholds.
pub fn reanchor_all_with<S: Borrow<Selector>>(
    text: &Text,
    selectors: &[S],
    thresholds: &Thresholds,
) -> Vec<Anchoring> {
    reanchor_all_with_progress(text, selectors, thresholds, &mut |_, _| {})
}

/// [`reanchor_all_with`], calling `progress(done, total)` as it goes (at
/// most about 100 times, `done` growing up to `total`; the last call has
/// `done == total`), for a progress bar. The results are those of
/// [`reanchor_all_with`].
pub fn reanchor_all_with_progress<S: Borrow<Selector>>(
    text: &Text,
    selectors: &[S],
    thresholds: &Thresholds,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<Anchoring> {
    let selectors: Vec<&Selector> = selectors.iter().map(Borrow::borrow).collect();
    batch::place_all(text, &selectors, thresholds, progress)
}

/// How many code points, in all, the approximate step of [`reanchor_all`]
/// searches for quotes that come without a position (each such search
/// covers the whole text): 64 searches of a 1 MB article, about 1 s in the
/// browser. Beyond it, such quotes not found exactly are orphaned (and kept
/// for the user to attach) instead of freezing the page on a file of
/// thousands of quotes from another article.
const WHOLE_TEXT_BUDGET: usize = 64 << 20;
