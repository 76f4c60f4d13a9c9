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
//! up `prefix + quote` and `quote + suffix` instead of scanning.
//!
//! # Thresholds and the measurements behind them
//!
//! Measured with `crates/core/tests/edited_articles.rs`: the 24 GUM
//! Wikinews articles, 3,596 annotations per edit kind (attribution spans,
//! every sentence, a short span in every sentence), eight edit kinds
//! (insertions, deletions, reordering, typos, duplicated sentences,
//! re-tokenisation, inserted emoji/CJK/combining marks, a mix), each
//! selector re-anchored three ways (batch, alone, quote only): 86,304
//! placements. `cargo test --release -p marginalia-core --test
//! edited_articles -- --ignored --nocapture measure` prints the figures and
//! a sweep; each default sits one step inside the first value that placed
//! an annotation wrongly.
//!
//! * **One-sided quotes of at least 8 code points.** Lengths 1 and 4 gave
//!   38 and 1 wrong placements, 2 and 3 erred too (a "." ending the sentence
//!   before a deleted one takes over the deleted one's suffix); 8 gave none,
//!   16 lost 262 correct placements.
//! * **A substantial side: 8 code points.** A side of the stored context
//!   agreed by chance next to other occurrences of the quote for 1 code point
//!   at the median, 5 at the 95th and 17 at the 99th percentile (96,032
//!   occurrences); a whole 32-code-point side agreed for 967 of 96,999, all
//!   repeated passages or copies — which is why a whole side alone never
//!   decides between occurrences.
//! * **Similarity 0.75, quote similarity 0.5, side similarity 0.75, margin
//!   0.10.** The true site of a touched annotation scored 0.877 at the 5th
//!   percentile (median 0.988); the best other site 0.478 at the median and
//!   0.909 at the 99th percentile, with a weaker side of 0.281 at the median
//!   and 0.781 at the 99th. Similarity 0.60 gave a wrong placement, 0.70
//!   none; quote similarity 0.30 gave 2; side similarity 0.50–0.60 gave 2
//!   to 7, 0.65 none; margins 0–0.15 gave none (margin 0 let two more
//!   repeated passages through), 0.10 is kept for safety.
//! * **Hint tolerance 256 code points.** 0, 16, 64, 256 and 1,024 all gave
//!   no wrong placement; 256 places 740 more annotations than 16 (one side
//!   edited, the quote near where it was expected) while keeping "near".
//! * **Windows 4,096 / 65,536 code points** (alone) bound the linear cost of
//!   the approximate search; an edited passage that also moved farther is
//!   left orphaned (exact quotes are found anywhere). Quotes whose pattern
//!   (with context) exceeds 4,096 code points are not searched
//!   approximately at all (the matcher's cost grows with the pattern).
//!
//! With these defaults the suite places 79,817 of the 86,304 annotations
//! correctly, 25 approximately (a boundary a character off), none wrongly,
//! and 2 (alone or by quote only) on the other copy of a passage the
//! article repeats whose annotated copy was deleted — with neighbours,
//! [`reanchor_all`] leaves none there.

pub use marginalia_core::anchor::match_quote_all;
use marginalia_core::anchor::{find_all, for_each_occurrence, TextQuote, CONTEXT};
pub use marginalia_core::selector::{Anchoring, Position, Selector, Unit};
use marginalia_core::text::Text;
use std::borrow::Borrow;
use std::ops::Range;

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
    let units = Units::new(text, needs_units(selector));
    Anchorer::new(text, &units, thresholds, false)
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
    let selectors: Vec<&Selector> = selectors.iter().map(Borrow::borrow).collect();
    place_all(text, &selectors, thresholds)
}

fn place_all(text: &Text, selectors: &[&Selector], thresholds: &Thresholds) -> Vec<Anchoring> {
    let units = Units::new(text, selectors.iter().any(|s| needs_units(s)));
    let anchorer = Anchorer::new(text, &units, thresholds, true);
    // Selectors with a quote and no position are placed without regard to
    // their neighbours, so identical ones are placed once (`same[i]` is the
    // first selector like `i`).
    let same: Vec<usize> = {
        let mut first: std::collections::HashMap<&TextQuote, usize> = Default::default();
        selectors
            .iter()
            .enumerate()
            .map(|(i, s)| match (&s.quote, s.position) {
                (Some(q), None) => *first.entry(q).or_insert(i),
                _ => i,
            })
            .collect()
    };
    // Plausible occurrences, kept between passes.
    let mut cache: Vec<Option<Plausible>> = vec![None; selectors.len()];
    // Stored spans (code points), in stored order; positionless last.
    let mut order: Vec<((usize, usize), usize)> = selectors
        .iter()
        .enumerate()
        .filter(|&(i, _)| same[i] == i)
        .map(|(i, s)| {
            let key = s
                .position
                .map_or((usize::MAX, usize::MAX), |p| anchorer.primary(p));
            (key, i)
        })
        .collect();
    order.sort_unstable();
    let mut out = vec![Anchoring::Orphaned; selectors.len()];
    // How far a placement moved its start, and its end (which differ when
    // an edit fell inside it).
    let shifts = |(ks, ke): (usize, usize), r: &Anchoring| match r.span() {
        Some((a, b)) if ks != usize::MAX => {
            Some((a as isize - ks as isize, b as isize - ke as isize))
        }
        _ => None,
    };
    let expect = |key: usize, d: Option<isize>| match (key, d) {
        (usize::MAX, _) | (_, None) | (_, Some(0)) => None,
        (k, Some(d)) => Some((k as isize + d).max(0) as usize),
    };
    // The expected positions and bracket each result was found with.
    let mut used: Vec<Vec<usize>> = vec![Vec::new(); selectors.len()];
    let mut used_bracket: Vec<Option<(usize, usize)>> = vec![None; selectors.len()];
    // Not placed yet, for want of the approximate step.
    let mut pending = vec![false; selectors.len()];
    // Shifts are followed separately for UTF-16 positions (they are
    // converted with the edited text, so they compose exactly only with each
    // other); both are offered.
    let class =
        |i: usize| usize::from(selectors[i].position.is_some_and(|p| p.unit == Unit::Utf16));
    // First pass: expected where the previous placement's shift (at its
    // end) puts it.
    let mut last: [Option<isize>; 2] = [None; 2];
    for &(key, i) in &order {
        let c = class(i);
        let mut expected: Vec<usize> = Vec::new();
        for d in [last[c], last[1 - c]] {
            expected.extend(expect(key.0, d).filter(|x| !expected.contains(x)));
        }
        // The approximate step waits for the second pass and its better
        // expectations.
        match anchorer.anchor(selectors[i], &expected, None, &mut cache[i], false) {
            Some(a) => out[i] = a,
            None => pending[i] = true,
        }
        used[i] = expected;
        if let Some((_, d)) = shifts(key, &out[i]) {
            last[class(i)] = Some(d);
        }
    }
    // Then, for what is not placed, also where the next placement's shift
    // (at its start) puts it; again while that places more.
    for _round in 0..3 {
        let mut next: Vec<[Option<isize>; 2]> = vec![[None; 2]; order.len()];
        let mut seen: [Option<isize>; 2] = [None; 2];
        for (k, &(key, i)) in order.iter().enumerate().rev() {
            next[k] = seen;
            if let Some((d, _)) = shifts(key, &out[i]) {
                seen[class(i)] = Some(d);
            }
        }
        let mut changed = false;
        let mut prev: [Option<isize>; 2] = [None; 2];
        for (k, &(key, i)) in order.iter().enumerate() {
            if out[i].span().is_none() {
                let c = class(i);
                let mut expected: Vec<usize> = Vec::new();
                for d in [prev[c], next[k][c], prev[1 - c], next[k][1 - c]] {
                    expected.extend(expect(key.0, d).filter(|x| !expected.contains(x)));
                }
                let bracket = match key.0 {
                    usize::MAX => None,
                    _ => between(&order, k, &out),
                };
                if pending[i] || expected != used[i] || bracket != used_bracket[i] {
                    out[i] = anchorer
                        .anchor(selectors[i], &expected, bracket, &mut cache[i], true)
                        .unwrap_or(Anchoring::Orphaned);
                    pending[i] = false;
                    used[i] = expected;
                    used_bracket[i] = bracket;
                    changed |= out[i].span().is_some();
                }
            }
            if let Some((_, d)) = shifts(key, &out[i]) {
                prev[class(i)] = Some(d);
            }
        }
        if !changed {
            break;
        }
    }
    // Annotations that were apart cannot end up on the same text (when a
    // passage the article repeats loses its annotated copy, the other copy
    // reads just as well): the less sure placement gives way, both when
    // they are equally sure. What gave way is placed again with the shifts
    // of what remains (a placement at an expected position is surer than
    // one found elsewhere), and checked again.
    // Stored UTF-16 positions are converted with the edited text, which may
    // have gained or lost characters outside the Basic Multilingual Plane.
    let slack = CLAIM_SLACK + units.extra();
    let claims = |out: &[Anchoring], used: &[Vec<usize>]| -> Vec<Claim> {
        let mut claims = Vec::new();
        for &(_, i) in &order {
            let (Some((a, b)), Some(p)) = (out[i].span(), selectors[i].position) else {
                continue;
            };
            let sure = match out[i] {
                Anchoring::Exact { .. } => 3,
                Anchoring::Moved { start, .. } if used[i].contains(&start) => 2,
                Anchoring::Moved { .. } => 1,
                _ => 0,
            };
            claims.push(Claim {
                index: i,
                placed: (a, b),
                stored: anchorer.primary(p),
                sure,
            });
        }
        claims
    };
    for last_round in [false, false, true] {
        let dropped = conflicting(claims(&out, &used), slack);
        if dropped.is_empty() {
            break;
        }
        for &i in &dropped {
            out[i] = Anchoring::Ambiguous;
        }
        if last_round {
            break;
        }
        // The neighbours' shifts without what gave way.
        let mut before: Vec<[Option<isize>; 2]> = vec![[None; 2]; order.len()];
        let mut after: Vec<[Option<isize>; 2]> = vec![[None; 2]; order.len()];
        let mut seen: [Option<isize>; 2] = [None; 2];
        for (k, &(key, i)) in order.iter().enumerate() {
            before[k] = seen;
            if let Some((_, d)) = shifts(key, &out[i]) {
                seen[class(i)] = Some(d);
            }
        }
        seen = [None; 2];
        for (k, &(key, i)) in order.iter().enumerate().rev() {
            after[k] = seen;
            if let Some((d, _)) = shifts(key, &out[i]) {
                seen[class(i)] = Some(d);
            }
        }
        for (k, &(key, i)) in order.iter().enumerate() {
            if !dropped.contains(&i) || key.0 == usize::MAX {
                continue;
            }
            let c = class(i);
            let mut expected: Vec<usize> = Vec::new();
            for d in [before[k][c], after[k][c], before[k][1 - c], after[k][1 - c]] {
                expected.extend(expect(key.0, d).filter(|x| !expected.contains(x)));
            }
            let bracket = between(&order, k, &out);
            out[i] = anchorer
                .anchor(selectors[i], &expected, bracket, &mut cache[i], true)
                .unwrap_or(Anchoring::Orphaned);
            used[i] = expected;
        }
    }
    for (i, &j) in same.iter().enumerate() {
        if j != i {
            out[i] = out[j].clone();
        }
    }
    out
}

/// Whether no plausible occurrence other than `one` lies within `bracket`
/// (after a copy is inserted right after its original, the next
/// neighbour's shift points at the copy, and the original lies between the
/// neighbours; after an insertion before it, nothing else does).
fn alone_between(
    one: &Occurrence,
    plausible: &[Occurrence],
    bracket: Option<(usize, usize)>,
) -> bool {
    bracket.is_none_or(|(lo, hi)| {
        !plausible
            .iter()
            .any(|o| o.start != one.start && o.start >= lo && o.end <= hi)
    })
}

/// Where the annotation at `order[k]` must lie if the text kept its order:
/// after the placement of the closest placed annotation stored wholly
/// before it, and before that of the closest one stored wholly after it
/// (looking at most 64 annotations each way).
fn between(
    order: &[((usize, usize), usize)],
    k: usize,
    out: &[Anchoring],
) -> Option<(usize, usize)> {
    let ((start, end), _) = order[k];
    let lo = order[..k]
        .iter()
        .rev()
        .take(64)
        .filter(|((_, e), _)| *e <= start)
        .find_map(|&(_, j)| out[j].span())
        .map(|(_, e)| e)?;
    let hi = order[k + 1..]
        .iter()
        .take(64)
        .filter(|((s, _), _)| *s >= end && *s != usize::MAX)
        .find_map(|&(_, j)| out[j].span())
        .map(|(s, _)| s)?;
    (lo <= hi).then_some((lo, hi))
}

/// Texts from this many bytes on get a 3-gram index in [`reanchor_all`].
const INDEX_MIN: usize = 1 << 16;

/// Where every 3-byte sequence of a text starts, bucketed by a 16-bit hash
/// of the sequence (a counting sort: two passes over the text).
struct GramIndex {
    /// Start of each bucket in `pos` (65,537 entries).
    starts: Vec<u32>,
    /// Byte positions, bucket by bucket, ascending within a bucket.
    pos: Vec<u32>,
}

fn gram(b: &[u8]) -> usize {
    bucket_of(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
}

/// The bucket of three bytes `b0 | b1 << 8 | b2 << 16`.
fn bucket_of(x: u32) -> usize {
    (x.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl GramIndex {
    fn new(hay: &[u8]) -> Self {
        // The 3-gram ending at each byte is read by shifting that byte in
        // (the same value as `gram` of the three bytes, without slicing the
        // text at every byte).
        let shift = |x: u32, b: u8| x >> 8 | u32::from(b) << 16;
        let mut starts = vec![0u32; (1 << 16) + 1];
        let mut x = 0;
        for (i, &b) in hay.iter().enumerate() {
            x = shift(x, b);
            if i >= 2 {
                starts[bucket_of(x) + 1] += 1;
            }
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut fill = starts.clone();
        let mut pos = vec![0u32; hay.len().saturating_sub(2)];
        for (i, &b) in hay.iter().enumerate() {
            x = shift(x, b);
            if i >= 2 {
                let g = bucket_of(x);
                pos[fill[g] as usize] = (i - 2) as u32;
                fill[g] += 1;
            }
        }
        Self { starts, pos }
    }

    fn bucket(&self, g: usize) -> &[u32] {
        &self.pos[self.starts[g] as usize..self.starts[g + 1] as usize]
    }

    /// Like [`for_each_match`], looking only where the needle's rarest
    /// 3-gram occurs.
    fn find(&self, hay: &str, needle: &str, mut f: impl FnMut(usize, usize)) {
        let nb = needle.as_bytes();
        if nb.len() < 3 {
            return for_each_match(hay, needle, f);
        }
        let Some(o) = (0..=nb.len() - 3).min_by_key(|&o| self.bucket(gram(&nb[o..])).len()) else {
            return;
        };
        let bytes = hay.as_bytes();
        for &p in self.bucket(gram(&nb[o..])) {
            let Some(s) = (p as usize).checked_sub(o) else {
                continue;
            };
            if bytes.get(s..s + nb.len()) == Some(nb) {
                f(s, s + nb.len());
            }
        }
    }
}

/// The longest pattern (prefix, quote and suffix, in code points) the
/// approximate step searches: 64 machine words per text character.
const MAX_PATTERN: usize = 4096;

/// Code points at the edge of a quote that must be intact on the side where
/// only one side of the context agrees (approximate step).
const EDGE: usize = 4;

/// How far apart (code points) two stored spans must be for their
/// placements to conflict: repeated passages are further apart than that,
/// while nested and neighbouring annotations are not.
const CLAIM_SLACK: usize = 64;

/// A placement made by [`reanchor_all`], for the cross-check.
#[derive(Clone, Copy)]
struct Claim {
    index: usize,
    placed: (usize, usize),
    stored: (usize, usize),
    /// 3: at its stored position; 2: at an expected position; 1: exact
    /// elsewhere; 0: approximate.
    sure: u8,
}

/// The placements that land on text also claimed (at least half of the
/// shorter of the two) by an annotation stored more than `slack` code
/// points apart from them, and are not surer than it.
fn conflicting(mut claims: Vec<Claim>, slack: usize) -> Vec<usize> {
    claims.retain(|c| c.placed.0 < c.placed.1);
    claims.sort_unstable_by_key(|c| c.placed);
    let mut drop = Vec::new();
    let mut active: Vec<Claim> = Vec::new();
    for c in claims {
        active.retain(|o| o.placed.1 > c.placed.0);
        for o in &active {
            let gap = o.stored.0.max(c.stored.0) as isize - o.stored.1.min(c.stored.1) as isize;
            let apart = gap > slack as isize;
            // Overlapping by at least half of the shorter one: an
            // approximate boundary a character off is no claim.
            let overlap = o.placed.1.min(c.placed.1) - c.placed.0;
            let shorter = (o.placed.1 - o.placed.0).min(c.placed.1 - c.placed.0);
            if apart && overlap * 2 >= shorter {
                if o.sure <= c.sure {
                    drop.push(o.index);
                }
                if c.sure <= o.sure {
                    drop.push(c.index);
                }
            }
        }
        active.push(c);
    }
    drop
}

/// A quote found by [`match_quote`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuoteMatch {
    /// Start (code points).
    pub start: usize,
    /// End (code points, exclusive).
    pub end: usize,
    /// How well quote, prefix, suffix and hint fit there, from 0 to 1.
    pub score: f64,
}

/// Finds the best approximate occurrence of `quote` in `text`, the way the
/// Hypothesis client's `matchQuote` does: exact occurrences if there are
/// any, otherwise every place where the quote matches with at most
/// `min(256, quote length / 2)` edits (the longest such span ending at each
/// end). Each is scored from quote similarity (weight 50), prefix and
/// suffix similarity (20 each; a missing one counts as perfect) and
/// closeness to `hint` (2; a code-point offset), and the best is returned;
/// equal scores go to the earliest. `None` when the quote or the text is
/// empty or nothing is close enough.
pub fn match_quote(
    text: &Text,
    quote: &str,
    prefix: &str,
    suffix: &str,
    hint: Option<usize>,
) -> Option<QuoteMatch> {
    let q: Vec<char> = quote.chars().collect();
    if q.is_empty() || text.is_empty() {
        return None;
    }
    let lq = q.len();
    let max_errors = (lq / 2).min(256);
    let mut candidates: Vec<(usize, usize, usize)> = find_all(text, quote)
        .into_iter()
        .map(|(s, e)| (s, e, 0))
        .collect();
    if candidates.is_empty() {
        let fwd = Pattern::new(&q);
        let rev_q: Vec<char> = q.iter().rev().copied().collect();
        let rev = Pattern::new(&rev_q);
        let mut ends = Vec::new();
        let mut scan = Scan::new(&fwd, false);
        for (i, c) in text.as_str().chars().enumerate() {
            let d = scan.step(c);
            if d <= max_errors {
                ends.push((i + 1, d));
            }
        }
        for (end, errors) in ends {
            // The longest span ending at `end` within `errors` edits.
            let from = end.saturating_sub(lq + errors);
            let mut scan = Scan::new(&rev, true);
            let mut longest = 0;
            for (t, c) in text.slice(from..end).chars().rev().enumerate() {
                if scan.step(c) <= errors {
                    longest = t + 1;
                }
            }
            candidates.push((end - longest, end, errors));
        }
    }
    let ctx = ContextPatterns::new(prefix, suffix);
    let mut best: Option<QuoteMatch> = None;
    for (start, end, errors) in candidates {
        let quote_score = 1.0 - errors as f64 / lq as f64;
        let prefix_score = if prefix.is_empty() {
            1.0
        } else {
            let lp = ctx.prefix_len as f64;
            1.0 - ctx.prefix_cost(text, start) as f64 / lp
        };
        let suffix_score = if suffix.is_empty() {
            1.0
        } else {
            let ls = ctx.suffix_len as f64;
            1.0 - ctx.suffix_cost(text, end) as f64 / ls
        };
        let pos_score = hint.map_or(1.0, |h| 1.0 - start.abs_diff(h) as f64 / text.len() as f64);
        let score =
            (50.0 * quote_score + 20.0 * prefix_score + 20.0 * suffix_score + 2.0 * pos_score)
                / 92.0;
        if best.is_none_or(|b| score > b.score) {
            best = Some(QuoteMatch { start, end, score });
        }
    }
    best
}

/// Options of [`describe_minimal`] (those of Apache Annotator's
/// `describeTextQuote`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DescribeOptions {
    /// Keep prefix and suffix to the minimum that disambiguates the quote
    /// (otherwise both are extended, and to whole words).
    pub minimal_context: bool,
    /// Add context to quotes shorter than this, so that prefix, quote and
    /// suffix together reach it.
    pub minimum_quote_length: usize,
    /// When extending context to a word boundary, give up after this many
    /// code points.
    pub max_word_length: usize,
}

impl Default for DescribeOptions {
    fn default() -> Self {
        Self {
            minimal_context: false,
            minimum_quote_length: 0,
            max_word_length: 50,
        }
    }
}

/// Describes `start..end` of `text` by its quote with just enough prefix and
/// suffix that no other place in the text matches the description exactly
/// (Apache Annotator's algorithm: context grows until every unintended
/// match is ruled out; without `minimal_context`, both sides grow and end at
/// whole words). If the span cannot be told apart from another place, the
/// context reached so far is returned.
pub fn describe_minimal(
    text: &Text,
    start: usize,
    end: usize,
    options: &DescribeOptions,
) -> TextQuote {
    let n = text.len();
    let end = end.min(n);
    let start = start.min(end);
    let at = |i: usize| text.slice(i..i + 1).chars().next();
    let lq = end - start;
    let (mut pl, mut sl) = (0usize, 0usize);
    let mql = options.minimum_quote_length;
    if pl + lq + sl < mql {
        pl += ((mql - (pl + lq + sl)) / 2).min(start - pl);
        if pl + lq + sl < mql {
            sl += (mql - (pl + lq + sl)).min(n - end - sl);
            if pl + lq + sl < mql {
                pl += (mql - (pl + lq + sl)).min(start - pl);
            }
        }
    }
    let word_back = |from: usize| {
        let mut k = 0;
        while k < options.max_word_length && k < from {
            match at(from - k - 1) {
                Some(c) if !c.is_whitespace() => k += 1,
                _ => break,
            }
        }
        k
    };
    let word_fwd = |from: usize| {
        let mut k = 0;
        while k < options.max_word_length && from + k < n {
            match at(from + k) {
                Some(c) if !c.is_whitespace() => k += 1,
                _ => break,
            }
        }
        k
    };
    if !options.minimal_context {
        pl += word_back(start - pl);
        sl += word_fwd(end + sl);
    }
    let exact = text.slice(start..end).to_string();
    loop {
        let prefix = text.slice(start - pl..start);
        let suffix = text.slice(end..end + sl);
        let matches = match_quote_all(text, &exact, prefix, suffix);
        let mut it = matches.into_iter();
        let mut next = it.next();
        if next == Some((start, end)) {
            next = it.next();
        }
        let Some((us, ue)) = next else { break };
        // Characters of prefix needed to rule out the unintended match.
        let mut extra_prefix = None;
        let (t0, u0) = (start - pl, us - pl);
        let mut r = 0;
        while r < t0 {
            r += 1;
            let tc = at(t0 - r);
            let uc = if r <= u0 { at(u0 - r) } else { None };
            if tc != uc {
                extra_prefix = Some(r);
                break;
            }
        }
        if let (Some(r), false) = (extra_prefix, options.minimal_context) {
            extra_prefix = Some(r + word_back(t0 - r));
        }
        let mut extra_suffix = None;
        let (t1, u1) = (end + sl, ue + sl);
        let mut r = 0;
        while t1 + r < n {
            let tc = at(t1 + r);
            let uc = if u1 + r < n { at(u1 + r) } else { None };
            r += 1;
            if tc != uc {
                extra_suffix = Some(r);
                break;
            }
        }
        if let (Some(r), false) = (extra_suffix, options.minimal_context) {
            extra_suffix = Some(r + word_fwd(t1 + r));
        }
        match (extra_prefix, extra_suffix) {
            (None, None) => break,
            (p, s) if options.minimal_context => match (p, s) {
                (Some(p), Some(s)) if p <= s => pl += p,
                (Some(p), None) => pl += p,
                (_, Some(s)) => sl += s,
                (None, None) => break,
            },
            (p, s) => {
                pl += p.unwrap_or(0);
                sl += s.unwrap_or(0);
            }
        }
    }
    TextQuote {
        exact,
        prefix: text.slice(start - pl..start).to_string(),
        suffix: text.slice(end..end + sl).to_string(),
    }
}

/// A place the approximate step weighs, from [`candidate_sites`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Site {
    /// Start of the quote there (code points).
    pub start: usize,
    /// End of the quote there (code points, exclusive).
    pub end: usize,
    /// Similarity of quote and context together to the text there:
    /// `1 - edits / (prefix + quote + suffix length)`, in thousandths.
    pub similarity: u16,
    /// Similarity of the quote alone, in thousandths.
    pub quote_similarity: u16,
    /// Similarity of the stored prefix to the text before the site (1000
    /// when there is no prefix), in thousandths.
    pub prefix_similarity: u16,
    /// Similarity of the stored suffix to the text after the site (1000
    /// when there is no suffix), in thousandths.
    pub suffix_similarity: u16,
    /// True when the text there is exactly the quote.
    pub exact: bool,
}

/// The sites the approximate step would weigh for `quote` in its first
/// search (the near window around `expected`, or the whole text without
/// it), best first: approximate matches of quote and context, and the exact
/// occurrences of the quote there. For diagnostics and for measuring the
/// thresholds.
pub fn candidate_sites(
    text: &Text,
    quote: &TextQuote,
    expected: Option<usize>,
    thresholds: &Thresholds,
) -> Vec<Site> {
    let units = Units::new(text, false);
    let a = Anchorer::new(text, &units, thresholds, false);
    let Some(f) = Fuzzy::new(text, quote, thresholds) else {
        return Vec::new();
    };
    let region = match expected {
        Some(h) => a.window(h, f.lq, thresholds.near_radius),
        None => 0..text.len(),
    };
    let mut sites: Vec<Site> = Vec::new();
    for_each_occurrence(text, &quote.exact, region.clone(), |s, _, _, _| {
        sites.push(f.exact_site(s))
    });
    f.search(region, &mut sites);
    sort_sites(&mut sites);
    sites
}

// ---------------------------------------------------------------------------
// The anchoring steps.

fn needs_units(s: &Selector) -> bool {
    s.position.is_some_and(|p| p.unit != Unit::CodePoint)
}

/// The most candidate occurrences of one quote (with its context) that are
/// weighed. More are found only for a short quote without context in a long
/// text, or a passage repeated hundreds of times: context cannot choose
/// among them, so the result is ambiguous. The cap bounds the memory and
/// time a hostile file (thousands of one-letter quotes) can cost.
const MAX_PLAUSIBLE: usize = 256;

/// How many code points, in all, the approximate step of [`reanchor_all`]
/// searches for quotes that come without a position (each such search
/// covers the whole text): 64 searches of a 1 MB article, about 1 s in the
/// browser. Beyond it, such quotes not found exactly are orphaned (and kept
/// for the user to attach) instead of freezing the page on a file of
/// thousands of quotes from another article.
const WHOLE_TEXT_BUDGET: usize = 64 << 20;

/// Too many candidate occurrences (see [`MAX_PLAUSIBLE`]).
#[derive(Clone, Copy, Debug)]
struct Crowded;

/// The plausible occurrences of a quote, or [`Crowded`].
type Plausible = Result<Vec<Occurrence>, Crowded>;

/// An exact occurrence of the quote and whether each side of the stored
/// context agrees there in full (`None`: that side is empty, no evidence).
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    start: usize,
    end: usize,
    prefix: Option<bool>,
    suffix: Option<bool>,
    /// A side of at least [`MIN_SIDE`] code points agrees.
    evidence: bool,
    /// At a stored position, and long enough for that to count.
    stored: bool,
}

impl Occurrence {
    /// All the stored context agrees.
    fn two_sided(&self) -> bool {
        self.prefix != Some(false) && self.suffix != Some(false)
    }
    /// One substantial side agrees, the other does not.
    fn one_sided(&self) -> bool {
        !self.two_sided() && self.evidence
    }
    /// Context or position supports it.
    fn plausible(&self) -> bool {
        self.two_sided() || self.one_sided() || self.stored
    }
}

/// What is worked out once about a stored quote.
struct Quoted<'q> {
    q: &'q TextQuote,
    lq: usize,
    /// The prefix, or the suffix, reached the edge of the text.
    edge_p: bool,
    edge_s: bool,
    /// The prefix, or the suffix, agreeing alone counts as evidence.
    strong_p: bool,
    strong_s: bool,
}

impl<'q> Quoted<'q> {
    fn new(q: &'q TextQuote) -> Self {
        let (edge_p, edge_s) = edges(q);
        let long = |t: &str| t.chars().nth(MIN_SIDE - 1).is_some();
        Self {
            q,
            lq: q.exact.chars().count(),
            edge_p,
            edge_s,
            strong_p: edge_p || long(&q.prefix),
            strong_s: edge_s || long(&q.suffix),
        }
    }
}

/// In [`reanchor_all`], the approximate step searches this many code points
/// plus twice the pattern (prefix, quote, suffix) around each expected
/// position.
const BATCH_SLACK: usize = 256;

/// The most exact occurrences of a quote the approximate step weighs in
/// one region (the nearest to the expected position).
const MAX_EXACT_SITES: usize = 64;

/// Overlapping ranges joined.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether the prefix, or the suffix, reached the edge of the text when the
/// selector was made: it is shorter than [`CONTEXT`] while the other side
/// has exactly [`CONTEXT`] code points (the fixed-width context of
/// Marginalia and the Hypothesis client).
fn edges(q: &TextQuote) -> (bool, bool) {
    let full = |t: &str| t.chars().count() == CONTEXT;
    (
        !full(&q.prefix) && full(&q.suffix),
        !full(&q.suffix) && full(&q.prefix),
    )
}

/// The shortest side of the context whose agreement alone counts as
/// evidence (Apache Annotator's minimal contexts are often a character or
/// two).
const MIN_SIDE: usize = 8;

struct Anchorer<'a> {
    text: &'a Text,
    units: &'a Units,
    th: &'a Thresholds,
    /// Working for [`reanchor_all`] (neighbours' shifts are known).
    batch: bool,
    /// Built on first use (see [`Anchorer::index`]).
    index: std::cell::OnceCell<GramIndex>,
    /// Code points the approximate step may still search for quotes
    /// without a position, which it must look for in the whole text (see
    /// [`WHOLE_TEXT_BUDGET`]).
    whole_text_budget: std::cell::Cell<usize>,
}

/// Where the annotation is expected: the stored position(s) and the
/// positions expected from the neighbours' shifts.
struct Hints<'h> {
    stored: &'h [(usize, usize)],
    expected: &'h [usize],
    /// Between the placements of the closest placed annotations stored
    /// wholly before and wholly after it.
    bracket: Option<(usize, usize)>,
}

impl Hints<'_> {
    fn at_stored(&self, start: usize, end: usize) -> bool {
        self.stored.contains(&(start, end))
    }
    fn at_any(&self, start: usize) -> bool {
        self.stored.iter().any(|&(s, _)| s == start) || self.expected.contains(&start)
    }
    fn near(&self, start: usize, tolerance: usize) -> bool {
        self.stored
            .iter()
            .map(|&(s, _)| s)
            .chain(self.expected.iter().copied())
            .any(|h| h.abs_diff(start) <= tolerance)
    }
    /// The stored and expected starts, each once, stored first.
    fn centers(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in self
            .stored
            .iter()
            .map(|&(s, _)| s)
            .chain(self.expected.iter().copied())
        {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

impl<'a> Anchorer<'a> {
    /// An anchorer for `text`; `batch` when it serves [`reanchor_all`].
    fn new(text: &'a Text, units: &'a Units, th: &'a Thresholds, batch: bool) -> Self {
        Self {
            text,
            units,
            th,
            batch,
            index: std::cell::OnceCell::new(),
            whole_text_budget: std::cell::Cell::new(th.whole_text_budget),
        }
    }

    /// The interpretations of a stored position as code-point spans, the
    /// preferred one first (not necessarily within the text).
    fn interpretations(&self, p: Position) -> Vec<(usize, usize)> {
        let cp = (p.start, p.end.max(p.start));
        match p.unit {
            Unit::CodePoint => vec![cp],
            Unit::Utf16 => vec![self.units.span_from_utf16(p.start, p.end, self.text.len())],
            Unit::Unknown => {
                let u = self.units.span_from_utf16(p.start, p.end, self.text.len());
                let utf16_fits = p.end <= self.text.len() + self.units.extra();
                if u == cp || !utf16_fits {
                    vec![cp]
                } else if cp.1 > self.text.len() {
                    vec![u]
                } else {
                    vec![cp, u]
                }
            }
        }
    }

    /// The preferred interpretation of a stored position.
    fn primary(&self, p: Position) -> (usize, usize) {
        self.interpretations(p)[0]
    }

    /// Places one selector. `expected`: positions the neighbours' shifts
    /// expect it at; `bracket`: where the placed neighbours say it must lie;
    /// `cache`: its plausible occurrences, once found (they do not change
    /// between the passes of [`reanchor_all`]); `approximate`: whether to
    /// go on to step 3 (otherwise `None` stands for "not yet").
    fn anchor(
        &self,
        sel: &Selector,
        expected: &[usize],
        bracket: Option<(usize, usize)>,
        cache: &mut Option<Plausible>,
        approximate: bool,
    ) -> Option<Anchoring> {
        let n = self.text.len();
        let stored = sel
            .position
            .map_or_else(Vec::new, |p| self.interpretations(p));
        let in_range = |&(s, e): &(usize, usize)| s <= e && e <= n;
        let Some(q) = &sel.quote else {
            // Without a quote nothing can be checked: a span inside the text
            // is taken as it is (an empty one too, as the W3C model allows;
            // importers skip empty spans, see `interop::plan`).
            return Some(match stored.iter().find(|s| in_range(s)) {
                Some(&(start, end)) => Anchoring::Exact { start, end },
                None => Anchoring::Orphaned,
            });
        };
        let qd = Quoted::new(q);
        let hints = Hints {
            stored: &stored,
            expected,
            bracket,
        };
        // Step 1: the stored position, when the quote is there and the
        // context agrees (see `trusted`).
        for &(s, e) in stored.iter().filter(|s| in_range(s)) {
            if self
                .occurrence_at(s, &qd, &stored)
                .is_some_and(|o| self.trusted(&o, qd.lq))
            {
                return Some(Anchoring::Exact { start: s, end: e });
            }
        }
        // Then the expected positions, but only when all positions agree: a
        // copy inserted between an annotation and its next neighbour sits
        // exactly where that neighbour's shift expects the annotation.
        let mut held: Vec<Occurrence> = Vec::new();
        for x in stored
            .iter()
            .map(|&(s, _)| s)
            .chain(expected.iter().copied())
        {
            if let Some(o) = self.occurrence_at(x, &qd, &stored) {
                if o.plausible() && !held.iter().any(|h| h.start == x) {
                    held.push(o);
                }
            }
        }
        if let [o] = held.as_slice() {
            // With placed neighbours on both sides (second pass), nothing
            // else plausible may lie between them.
            let alone = match bracket {
                None => true,
                Some(b) => match cache.get_or_insert_with(|| self.plausible(&qd, &stored, None)) {
                    Ok(plausible) => alone_between(o, plausible, bracket),
                    // Too many in the whole text: those between the
                    // neighbours are few enough to weigh.
                    Err(Crowded) => self
                        .plausible(&qd, &stored, Some(b))
                        .is_ok_and(|near| alone_between(o, &near, bracket)),
                },
            };
            if self.trusted(o, qd.lq) && alone {
                return Some(self.placed(o.start, o.end, &hints));
            }
        }
        // Step 2: the exact quote.
        let Ok(plausible) = cache.get_or_insert_with(|| self.plausible(&qd, &stored, None)) else {
            // Far too many places fit for context to choose among them;
            // between placed neighbours, order still may (see `exact_step`).
            // Only those between the neighbours count then (with one there
            // agreeing on both sides, `exact_step` places it, as it places
            // one of several there).
            let near = bracket.and_then(|(lo, hi)| {
                let mut near = self.plausible(&qd, &stored, Some((lo, hi))).ok()?;
                near.retain(|o| o.start >= lo && o.end <= hi);
                Some(near)
            });
            return Some(match near {
                Some(near) if !near.is_empty() => self
                    .exact_step(&qd, &hints, &near)
                    .unwrap_or(Anchoring::Ambiguous),
                _ => Anchoring::Ambiguous,
            });
        };
        if let Some(a) = self.exact_step(&qd, &hints, plausible) {
            return Some(a);
        }
        let plausible: &[Occurrence] = plausible;
        // Step 3: approximately.
        approximate.then(|| self.fuzzy_step(&qd, &hints, plausible))
    }

    fn placed(&self, start: usize, end: usize, hints: &Hints) -> Anchoring {
        if hints.at_stored(start, end) {
            Anchoring::Exact { start, end }
        } else {
            Anchoring::Moved { start, end }
        }
    }

    /// Whether the stored prefix and suffix agree around bytes `bs..be`
    /// (`None` for an empty side that says nothing; with fixed-width
    /// context, a side cut short by the edge of the text must meet the edge
    /// again).
    fn sides(&self, bs: usize, be: usize, qd: &Quoted) -> (Option<bool>, Option<bool>) {
        let hay = self.text.as_str();
        let q = qd.q;
        let prefix = if qd.edge_p {
            Some(hay[..bs] == *q.prefix)
        } else {
            (!q.prefix.is_empty()).then(|| hay[..bs].ends_with(q.prefix.as_str()))
        };
        let suffix = if qd.edge_s {
            Some(hay[be..] == *q.suffix)
        } else {
            (!q.suffix.is_empty()).then(|| hay[be..].starts_with(q.suffix.as_str()))
        };
        (prefix, suffix)
    }

    /// The occurrence at code points `start..end` with its `sides`.
    fn occurrence(
        &self,
        (start, end): (usize, usize),
        (prefix, suffix): (Option<bool>, Option<bool>),
        qd: &Quoted,
        stored: &[(usize, usize)],
    ) -> Occurrence {
        Occurrence {
            start,
            end,
            prefix,
            suffix,
            evidence: (prefix == Some(true) && qd.strong_p)
                || (suffix == Some(true) && qd.strong_s),
            // A short quote at the stored position may be a coincidence.
            stored: stored.contains(&(start, end)) && end - start >= self.th.one_sided_min_len,
        }
    }

    /// The quote at `start`, if it is there.
    fn occurrence_at(
        &self,
        start: usize,
        qd: &Quoted,
        stored: &[(usize, usize)],
    ) -> Option<Occurrence> {
        let end = start + qd.lq;
        if end > self.text.len() || self.text.slice(start..end) != qd.q.exact {
            return None;
        }
        let (bs, be) = (self.text.byte_of(start), self.text.byte_of(end));
        Some(self.occurrence((start, end), self.sides(bs, be, qd), qd, stored))
    }

    /// The plausible occurrences of the quote in the whole text. Instead of
    /// every occurrence of the quote, those of prefix and quote, and of
    /// quote and suffix, are looked up (a plausible occurrence has one of
    /// them, or is at a stored position): far fewer, and found with the
    /// index on long texts.
    /// More than [`MAX_PLAUSIBLE`] candidates is [`Crowded`]. With
    /// `within` (code points), only the occurrences of the quote inside it.
    fn plausible(
        &self,
        qd: &Quoted,
        stored: &[(usize, usize)],
        within: Option<(usize, usize)>,
    ) -> Plausible {
        let hay = self.text.as_str();
        let q = qd.q;
        let (lpb, lxb, lsb) = (q.prefix.len(), q.exact.len(), q.suffix.len());
        let mut starts: Vec<usize> = Vec::new();
        // One needle's starts are distinct: more than the cap of them is
        // too many, and the rest need not be kept.
        let mut crowded = false;
        let mut collect = |needle: &str, shift: usize, starts: &mut Vec<usize>| {
            let mut found = 0;
            let mut keep = |b: usize| {
                found += 1;
                if found <= MAX_PLAUSIBLE {
                    starts.push(b + shift);
                }
            };
            match within {
                None => self.find(needle, keep),
                // The needle may begin with the prefix before the region.
                Some((lo, hi)) => {
                    let from = lo.saturating_sub(qd.q.prefix.chars().count());
                    let to = (hi + qd.q.suffix.chars().count()).min(self.text.len());
                    for_each_occurrence(self.text, needle, from..to, |_, _, b, _| keep(b));
                }
            }
            crowded |= found > MAX_PLAUSIBLE;
        };
        if q.prefix.is_empty() && q.suffix.is_empty() {
            collect(&q.exact, 0, &mut starts);
        } else {
            if qd.edge_p {
                starts.push(lpb);
            } else if !q.prefix.is_empty() {
                collect(
                    &[q.prefix.as_str(), q.exact.as_str()].concat(),
                    lpb,
                    &mut starts,
                );
            }
            if qd.edge_s {
                starts.extend(hay.len().checked_sub(lsb + lxb));
            } else if !q.suffix.is_empty() {
                collect(
                    &[q.exact.as_str(), q.suffix.as_str()].concat(),
                    0,
                    &mut starts,
                );
            }
        }
        if crowded {
            return Err(Crowded);
        }
        starts.extend(
            stored
                .iter()
                .filter(|&&(s, e)| e - s == qd.lq && e <= self.text.len())
                .map(|&(s, _)| self.text.byte_of(s)),
        );
        starts.sort_unstable();
        starts.dedup();
        if starts.len() > MAX_PLAUSIBLE {
            return Err(Crowded);
        }
        let mut out = Vec::new();
        for bs in starts {
            let fits = hay.is_char_boundary(bs)
                && hay
                    .get(bs..)
                    .is_some_and(|h| h.starts_with(q.exact.as_str()));
            if !fits {
                continue;
            }
            let start = self.text.cp_of_byte(bs);
            let sides = self.sides(bs, bs + lxb, qd);
            let o = self.occurrence((start, start + qd.lq), sides, qd, stored);
            if o.plausible() {
                out.push(o);
            }
        }
        Ok(out)
    }

    /// Every occurrence of `needle` (byte start), with the index when there
    /// is one.
    fn find(&self, needle: &str, f: impl FnMut(usize)) {
        let mut f = f;
        match self.index() {
            Some(index) => index.find(self.text.as_str(), needle, |b, _| f(b)),
            None => for_each_match(self.text.as_str(), needle, |b, _| f(b)),
        }
    }

    /// The 3-gram index of the text, built on first use in
    /// [`reanchor_all`] on texts of at least [`INDEX_MIN`] bytes.
    fn index(&self) -> Option<&GramIndex> {
        if !self.batch || self.text.as_str().len() < INDEX_MIN {
            return None;
        }
        Some(
            self.index
                .get_or_init(|| GramIndex::new(self.text.as_str().as_bytes())),
        )
    }

    /// Whether an occurrence at a stored or expected position can be
    /// trusted: the whole stored context agrees, or one substantial side of
    /// it does (or it is at the stored position) and the quote has at least
    /// [`Thresholds::one_sided_min_len`] code points.
    fn trusted(&self, o: &Occurrence, lq: usize) -> bool {
        o.two_sided() || ((o.one_sided() || o.stored) && lq >= self.th.one_sided_min_len)
    }

    /// Step 2. An occurrence is plausible when the stored context agrees
    /// there on both sides, or on one substantial side, or when it is at the
    /// stored position. A single plausible occurrence is placed when the
    /// context agrees on both sides. Among several, context cannot choose:
    /// when a passage was duplicated, the copy can agree with the stored
    /// context better than the original (after `X S` is copied, `X S X S N`
    /// reads as well as an insertion of `S X`), and a passage the article
    /// repeats agrees everywhere; so a trusted occurrence exactly at a
    /// stored or expected position is placed, or else the one agreeing on
    /// both sides between the placed neighbours (batch only), and otherwise
    /// the result is ambiguous. `None`: on to the approximate step.
    fn exact_step(
        &self,
        qd: &Quoted,
        hints: &Hints,
        plausible: &[Occurrence],
    ) -> Option<Anchoring> {
        let at_hint: Vec<&Occurrence> =
            plausible.iter().filter(|o| hints.at_any(o.start)).collect();
        match (plausible, at_hint.as_slice()) {
            ([one], _) if one.two_sided() => Some(self.placed(one.start, one.end, hints)),
            (_, [one]) if self.trusted(one, qd.lq) => {
                if alone_between(one, plausible, hints.bracket) {
                    Some(self.placed(one.start, one.end, hints))
                } else {
                    Some(Anchoring::Ambiguous)
                }
            }
            ([_, _, ..], _) => {
                // Order may still tell: one agreeing on both sides between
                // the placed neighbours, and no other there.
                let inside: Vec<&Occurrence> = match hints.bracket {
                    Some((lo, hi)) => plausible
                        .iter()
                        .filter(|o| o.start >= lo && o.end <= hi)
                        .collect(),
                    None => Vec::new(),
                };
                match inside.as_slice() {
                    [one] if one.two_sided() => Some(self.placed(one.start, one.end, hints)),
                    _ => Some(Anchoring::Ambiguous),
                }
            }
            _ => None,
        }
    }

    fn window(&self, center: usize, len: usize, radius: usize) -> Range<usize> {
        let n = self.text.len();
        let c = center.min(n);
        c.saturating_sub(radius)..(c + len + radius).min(n)
    }

    /// Step 3. The plausible exact occurrences (wherever they are) are
    /// weighed with what is found in the regions searched: the whole text
    /// without any position;
    /// in [`reanchor_all`], a tight window (see [`BATCH_SLACK`]) around the
    /// stored and each expected position (the neighbours make them
    /// accurate); alone, the near window around the stored position, then
    /// the far one.
    fn fuzzy_step(&self, qd: &Quoted, hints: &Hints, plausible: &[Occurrence]) -> Anchoring {
        let q = qd.q;
        let Some(f) = Fuzzy::new(self.text, q, self.th) else {
            return Anchoring::Orphaned;
        };
        let n = self.text.len();
        let centers = hints.centers();
        let rounds: Vec<Vec<Range<usize>>> = if centers.is_empty() {
            let left = self.whole_text_budget.get();
            if self.batch && left < n {
                return Anchoring::Orphaned;
            }
            self.whole_text_budget.set(left.saturating_sub(n));
            vec![vec![0..n]]
        } else if self.batch {
            // The neighbours' shifts are precise: a tight window around
            // the stored and each expected position.
            let radius = (BATCH_SLACK + 2 * f.total).min(self.th.near_radius);
            vec![merge(
                centers
                    .iter()
                    .map(|&c| self.window(c, f.lq, radius))
                    .collect(),
            )]
        } else {
            let near = self.window(centers[0], f.lq, self.th.near_radius);
            let far = self.window(centers[0], f.lq, self.th.far_radius);
            if far == near {
                vec![vec![near]]
            } else {
                vec![vec![near], vec![far]]
            }
        };
        // The plausible exact occurrences are sites wherever they are.
        let mut sites: Vec<Site> = plausible.iter().map(|o| f.exact_site(o.start)).collect();
        for regions in rounds {
            for region in regions {
                // Exact occurrences there whose context did not decide are
                // sites too (at most the 64 nearest the expected position).
                let mut exact: Vec<usize> = Vec::new();
                for_each_occurrence(self.text, &q.exact, region.clone(), |s, _, _, _| {
                    exact.push(s)
                });
                if let Some(&c) = centers.first() {
                    exact.sort_by_key(|&s| s.abs_diff(c));
                }
                sites.extend(
                    exact
                        .into_iter()
                        .take(MAX_EXACT_SITES)
                        .map(|s| f.exact_site(s)),
                );
                f.search(region, &mut sites);
            }
            sort_sites(&mut sites);
            match self.decide(&f, &sites, q, hints) {
                Decision::Place(s) => return self.site_anchoring(s, q, hints),
                Decision::Ambiguous => return Anchoring::Ambiguous,
                Decision::Nothing => {}
            }
        }
        Anchoring::Orphaned
    }

    /// Sites whose quote keeps enough of its characters to be a rival.
    fn rival(&self, s: &Site) -> bool {
        s.quote_similarity >= self.th.min_quote_similarity
    }

    /// Whether the context around a site supports it: both sides agree, or
    /// one side does at an expected position for a long enough quote whose
    /// edge on the other side is intact (the edit that broke that side of
    /// the context must lie outside the quote, not run into it).
    fn supported(&self, f: &Fuzzy, s: &Site, q: &TextQuote, hints: &Hints) -> bool {
        let side = self.th.min_side_similarity;
        // An empty side neither supports nor contradicts.
        let agree = |sim: u16, len: usize| (len > 0).then_some(sim >= side);
        let p = agree(s.prefix_similarity, f.ctx.prefix_len);
        let x = agree(s.suffix_similarity, f.ctx.suffix_len);
        if p != Some(false) && x != Some(false) {
            return true;
        }
        let (p, x) = (p == Some(true), x == Some(true));
        if !(p || x)
            || f.lq < self.th.one_sided_min_len
            || !hints.near(s.start, self.th.hint_tolerance)
        {
            return false;
        }
        let edge = EDGE.min(f.lq);
        let here = self.text.slice(s.start..s.end);
        if p {
            let tail = |t: &str| t.chars().rev().take(edge).collect::<Vec<char>>();
            tail(here) == tail(&q.exact)
        } else {
            let head = |t: &str| t.chars().take(edge).collect::<Vec<char>>();
            head(here) == head(&q.exact)
        }
    }

    /// The best acceptable site, unless a rival (any site not overlapping
    /// it whose quote is close enough, acceptable or not) comes within the
    /// margin.
    fn decide(&self, f: &Fuzzy, sites: &[Site], q: &TextQuote, hints: &Hints) -> Decision {
        let th = self.th;
        let Some(best) = sites.iter().find(|s| {
            self.rival(s) && s.similarity >= th.min_similarity && self.supported(f, s, q, hints)
        }) else {
            return Decision::Nothing;
        };
        let contested = sites.iter().any(|s| {
            self.rival(s) && !overlaps(s, best) && s.similarity + th.margin > best.similarity
        });
        if contested {
            Decision::Ambiguous
        } else {
            Decision::Place(*best)
        }
    }

    fn site_anchoring(&self, s: Site, q: &TextQuote, hints: &Hints) -> Anchoring {
        if s.exact || self.text.slice(s.start..s.end) == q.exact {
            self.placed(s.start, s.end, hints)
        } else {
            Anchoring::Fuzzy {
                start: s.start,
                end: s.end,
                similarity: s.similarity,
            }
        }
    }
}

enum Decision {
    Place(Site),
    Ambiguous,
    Nothing,
}

fn overlaps(a: &Site, b: &Site) -> bool {
    if a.start == a.end || b.start == b.end {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
}

fn sort_sites(sites: &mut Vec<Site>) {
    sites.sort_by(|a, b| {
        b.similarity
            .cmp(&a.similarity)
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
    });
    sites.dedup_by(|a, b| a.start == b.start && a.end == b.end);
}

/// Calls `f(byte start, byte end)` for every (overlapping) occurrence of
/// a non-empty `needle` in `hay`, in order; an empty needle occurs between
/// all characters.
fn for_each_match(hay: &str, needle: &str, mut f: impl FnMut(usize, usize)) {
    if needle.is_empty() {
        for b in hay
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(hay.len()))
        {
            f(b, b);
        }
        return;
    }
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    while let Some(found) = hay[from..].find(needle) {
        let byte = from + found;
        f(byte, byte + needle.len());
        from = byte + step;
    }
}

/// UTF-16 offsets of a text: where its characters outside the Basic
/// Multilingual Plane (two code units each) are.
struct Units {
    /// UTF-16 offset of each astral character, in order.
    astral_utf16: Vec<usize>,
}

impl Units {
    fn new(text: &Text, needed: bool) -> Self {
        let s = text.as_str();
        let mut astral_utf16 = Vec::new();
        if needed && s.bytes().any(|b| b >= 0xF0) {
            for (cp, c) in s.chars().enumerate() {
                if c.len_utf16() == 2 {
                    let k = astral_utf16.len();
                    astral_utf16.push(cp + k);
                }
            }
        }
        Self { astral_utf16 }
    }

    /// How many more UTF-16 code units than code points the text has.
    fn extra(&self) -> usize {
        self.astral_utf16.len()
    }

    /// A UTF-16 offset as a code-point offset; inside a surrogate pair it
    /// rounds down to the character; past the end it extrapolates (so that
    /// out-of-range positions stay out of range).
    fn cp(&self, u: usize) -> usize {
        let before = self.astral_utf16.partition_point(|&a| a + 2 <= u);
        match self.astral_utf16.get(before) {
            Some(&a) if a + 1 == u => a - before,
            _ => u - before,
        }
    }

    fn span_from_utf16(&self, start: usize, end: usize, len: usize) -> (usize, usize) {
        let total = len + self.extra();
        let conv = |u: usize| {
            if u > total {
                len + (u - total)
            } else {
                self.cp(u)
            }
        };
        let s = conv(start);
        (s, conv(end).max(s))
    }
}

// ---------------------------------------------------------------------------
// The approximate step.

/// The patterns for one quote with its context.
struct Fuzzy<'t> {
    text: &'t Text,
    ctx: ContextPatterns,
    lq: usize,
    total: usize,
    /// Most edits a candidate may have to be looked at.
    k: usize,
    whole: Pattern,
    prefix_fwd: Pattern,
    prefix_quote: Pattern,
    rev_quote_suffix: Pattern,
    rev_suffix: Pattern,
    quote_fwd: Pattern,
}

/// Patterns for scoring a prefix that must end, and a suffix that must
/// start, at a given place.
struct ContextPatterns {
    prefix_len: usize,
    suffix_len: usize,
    rev_prefix: Pattern,
    suffix: Pattern,
}

impl ContextPatterns {
    fn new(prefix: &str, suffix: &str) -> Self {
        let rp: Vec<char> = prefix.chars().rev().collect();
        let sf: Vec<char> = suffix.chars().collect();
        Self {
            prefix_len: rp.len(),
            suffix_len: sf.len(),
            rev_prefix: Pattern::new(&rp),
            suffix: Pattern::new(&sf),
        }
    }

    /// Fewest edits turning the prefix into some text ending at `at`.
    fn prefix_cost(&self, text: &Text, at: usize) -> usize {
        let lp = self.prefix_len;
        let from = at.saturating_sub(2 * lp);
        let mut scan = Scan::new(&self.rev_prefix, true);
        let mut best = lp;
        for c in text.slice(from..at).chars().rev() {
            best = best.min(scan.step(c));
        }
        best
    }

    /// Fewest edits turning the suffix into some text starting at `at`.
    fn suffix_cost(&self, text: &Text, at: usize) -> usize {
        let ls = self.suffix_len;
        let mut scan = Scan::new(&self.suffix, true);
        let mut best = ls;
        for c in text.slice(at..at + 2 * ls).chars() {
            best = best.min(scan.step(c));
        }
        best
    }
}

impl<'t> Fuzzy<'t> {
    fn new(text: &'t Text, q: &TextQuote, th: &Thresholds) -> Option<Self> {
        let p: Vec<char> = q.prefix.chars().collect();
        let x: Vec<char> = q.exact.chars().collect();
        let s: Vec<char> = q.suffix.chars().collect();
        if x.is_empty() || text.is_empty() || p.len() + x.len() + s.len() > MAX_PATTERN {
            return None;
        }
        let cat = |parts: &[&[char]]| -> Vec<char> { parts.concat() };
        let rev = |v: Vec<char>| -> Vec<char> { v.into_iter().rev().collect() };
        let total = p.len() + x.len() + s.len();
        // Sites down to `min_similarity - margin` must be seen, to know the
        // runner-up of a site just above the minimum.
        let floor = th.min_similarity.saturating_sub(th.margin).min(1000) as usize;
        let k = (1000 - floor) * total / 1000;
        Some(Self {
            text,
            ctx: ContextPatterns::new(&q.prefix, &q.suffix),
            lq: x.len(),
            total,
            k,
            whole: Pattern::new(&cat(&[&p, &x, &s])),
            prefix_fwd: Pattern::new(&p),
            prefix_quote: Pattern::new(&cat(&[&p, &x])),
            rev_quote_suffix: Pattern::new(&rev(cat(&[&x, &s]))),
            rev_suffix: Pattern::new(&rev(s.clone())),
            quote_fwd: Pattern::new(&x),
        })
    }

    /// A site with `ep`, `eq` and `es` edits in prefix, quote and suffix.
    fn site(&self, start: usize, end: usize, ep: usize, eq: usize, es: usize) -> Site {
        let share = |errors: usize, len: usize| -> u16 {
            ((len - errors.min(len)) * 1000)
                .checked_div(len)
                .map_or(1000, |v| v as u16)
        };
        Site {
            start,
            end,
            similarity: share(ep + eq + es, self.total),
            quote_similarity: share(eq, self.lq),
            prefix_similarity: share(ep, self.ctx.prefix_len),
            suffix_similarity: share(es, self.ctx.suffix_len),
            exact: eq == 0 && end - start == self.lq,
        }
    }

    fn exact_site(&self, start: usize) -> Site {
        let end = start + self.lq;
        let ep = self.ctx.prefix_cost(self.text, start);
        let es = self.ctx.suffix_cost(self.text, end);
        self.site(start, end, ep, 0, es)
    }

    /// Adds the approximate sites found in `region` to `sites`.
    fn search(&self, region: Range<usize>, sites: &mut Vec<Site>) {
        let base = region.start;
        let mut scan = Scan::new(&self.whole, false);
        // Local minima of the edit distance among ends within `k` edits.
        let mut ends: Vec<(usize, usize)> = Vec::new();
        let mut prev = usize::MAX;
        let mut falling = false;
        let mut pending: Option<(usize, usize)> = None;
        for (i, c) in self.text.slice(region).chars().enumerate() {
            let d = scan.step(c);
            if d < prev {
                falling = true;
                pending = (d <= self.k).then_some((d, base + i + 1));
            } else if d > prev {
                if falling {
                    ends.extend(pending.take());
                }
                falling = false;
            }
            prev = d;
        }
        if falling {
            ends.extend(pending);
        }
        ends.sort_unstable();
        ends.truncate(32);
        for (_, end) in ends {
            if let Some(site) = self.refine(end) {
                sites.push(site);
            }
        }
    }

    /// The quote's boundaries within the best alignment of the whole
    /// pattern ending at `end`, and the site's similarity there.
    fn refine(&self, end: usize) -> Option<Site> {
        let w0 = end.saturating_sub(self.total + self.k);
        let window: Vec<char> = self.text.slice(w0..end).chars().collect();
        let n = window.len();
        let g = scan_all(&self.prefix_fwd, false, window.iter().copied());
        let h = scan_all(&self.rev_quote_suffix, true, window.iter().rev().copied());
        // Start of the quote: largest split of least cost.
        let qs = (0..=n).rev().min_by_key(|&x| g[x] + h[n - x])?;
        let f = scan_all(&self.prefix_quote, false, window.iter().copied());
        let b = scan_all(&self.rev_suffix, true, window.iter().rev().copied());
        // End of the quote: smallest split of least cost.
        let qe = (qs..=n).min_by_key(|&y| f[y] + b[n - y])?;
        let eq = *scan_all(&self.quote_fwd, true, window[qs..qe].iter().copied()).last()?;
        let (start, stop) = (w0 + qs, w0 + qe);
        let ep = self.ctx.prefix_cost(self.text, start);
        let es = self.ctx.suffix_cost(self.text, stop);
        Some(self.site(start, stop, ep, eq, es))
    }
}

// ---------------------------------------------------------------------------
// Bit-parallel edit distance (Myers 1999, with the block decomposition for
// patterns longer than one machine word).
//
// Column by column over the text, the dynamic-programming matrix
// D[i][j] (pattern prefix of length i against text ending at j) is kept as
// bit vectors of vertical differences D[i][j] - D[i-1][j] in {-1, 0, +1}:
// `pv` has bit i set where the difference is +1, `mv` where it is -1. One
// text character updates a 64-row block with a handful of word operations;
// the horizontal difference at a block's bottom row is carried into the
// block below. Row 0 is 0 everywhere when the pattern may start anywhere in
// the text (search), or j when it must start at the first character
// (anchored), which enters block 0 as a horizontal difference of +1.

/// A pattern prepared for bit-parallel matching.
struct Pattern {
    len: usize,
    blocks: usize,
    /// Class of each ASCII character (0: not in the pattern).
    ascii: [u32; 128],
    /// Class of each other character of the pattern, sorted.
    other: Vec<(char, u32)>,
    /// For each class, `blocks` words: the rows where the pattern has it.
    peq: Vec<u64>,
    /// The bit of the last row in the last block.
    last: u64,
}

impl Pattern {
    fn new(chars: &[char]) -> Self {
        let len = chars.len();
        let blocks = len.div_ceil(64).max(1);
        let mut ascii = [0u32; 128];
        let mut other: Vec<(char, u32)> = Vec::new();
        let mut peq = vec![0u64; blocks];
        let mut classes = 0u32;
        for (i, &c) in chars.iter().enumerate() {
            let slot = if (c as u32) < 128 {
                &mut ascii[c as usize]
            } else {
                match other.iter().position(|&(o, _)| o == c) {
                    Some(at) => &mut other[at].1,
                    None => {
                        other.push((c, 0));
                        let at = other.len() - 1;
                        &mut other[at].1
                    }
                }
            };
            if *slot == 0 {
                classes += 1;
                *slot = classes;
                peq.extend(std::iter::repeat_n(0, blocks));
            }
            let class = *slot as usize;
            peq[class * blocks + i / 64] |= 1 << (i % 64);
        }
        other.sort_unstable();
        let last = if len == 0 { 0 } else { 1 << ((len - 1) % 64) };
        Self {
            len,
            blocks,
            ascii,
            other,
            peq,
            last,
        }
    }

    fn class(&self, c: char) -> usize {
        if (c as u32) < 128 {
            self.ascii[c as usize] as usize
        } else {
            match self.other.binary_search_by(|&(o, _)| o.cmp(&c)) {
                Ok(at) => self.other[at].1 as usize,
                Err(_) => 0,
            }
        }
    }
}

/// The state of one scan of a pattern over a text.
struct Scan<'p> {
    p: &'p Pattern,
    pv: Vec<u64>,
    mv: Vec<u64>,
    score: usize,
    anchored: bool,
}

impl<'p> Scan<'p> {
    /// `anchored`: the pattern must start at the first character scanned
    /// (otherwise it may start anywhere).
    fn new(p: &'p Pattern, anchored: bool) -> Self {
        Self {
            p,
            pv: vec![!0; p.blocks],
            mv: vec![0; p.blocks],
            score: p.len,
            anchored,
        }
    }

    /// Consumes one text character; returns the edit distance of the whole
    /// pattern to the best text ending here.
    fn step(&mut self, c: char) -> usize {
        let p = self.p;
        if p.len == 0 {
            if self.anchored {
                self.score += 1;
            }
            return self.score;
        }
        let base = p.class(c) * p.blocks;
        let mut hin: i8 = if self.anchored { 1 } else { 0 };
        for b in 0..p.blocks {
            let mut eq = p.peq[base + b];
            let pv = self.pv[b];
            let mv = self.mv[b];
            let xv = eq | mv;
            if hin < 0 {
                eq |= 1;
            }
            let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
            let mut ph = mv | !(xh | pv);
            let mut mh = pv & xh;
            let high = if b + 1 == p.blocks { p.last } else { 1 << 63 };
            let hout: i8 = if ph & high != 0 {
                1
            } else if mh & high != 0 {
                -1
            } else {
                0
            };
            ph <<= 1;
            mh <<= 1;
            if hin < 0 {
                mh |= 1;
            } else if hin > 0 {
                ph |= 1;
            }
            self.pv[b] = mh | !(xv | ph);
            self.mv[b] = ph & xv;
            hin = hout;
        }
        self.score = (self.score as isize + hin as isize) as usize;
        self.score
    }
}

/// The edit distance after each prefix of `chars` (index 0: none consumed).
fn scan_all(p: &Pattern, anchored: bool, chars: impl Iterator<Item = char>) -> Vec<usize> {
    let mut scan = Scan::new(p, anchored);
    let mut out = vec![p.len];
    out.extend(chars.map(|c| scan.step(c)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::text::{cp_to_utf16, utf16_to_cp};
    use proptest::prelude::*;

    /// Plain dynamic programming: distance of the whole pattern to the best
    /// text ending at each position.
    fn dp(pattern: &[char], text: &[char], anchored: bool) -> Vec<usize> {
        let m = pattern.len();
        let mut col: Vec<usize> = (0..=m).collect();
        let mut out = vec![m];
        for (j, &c) in text.iter().enumerate() {
            let mut next = vec![if anchored { j + 1 } else { 0 }; m + 1];
            for i in 1..=m {
                let sub = col[i - 1] + usize::from(pattern[i - 1] != c);
                next[i] = sub.min(col[i] + 1).min(next[i - 1] + 1);
            }
            out.push(next[m]);
            col = next;
        }
        out
    }

    fn chars_of(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn quote(exact: &str, prefix: &str, suffix: &str) -> TextQuote {
        TextQuote {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
        }
    }

    fn sel(pos: Option<(usize, usize, Unit)>, q: Option<TextQuote>) -> Selector {
        Selector {
            position: pos.map(|(start, end, unit)| Position { start, end, unit }),
            quote: q,
        }
    }

    /// A selector as Marginalia would store it for `start..end` of `s`.
    fn stored(s: &str, start: usize, end: usize) -> Selector {
        let t = Text::new(s);
        sel(
            Some((start, end, Unit::CodePoint)),
            Some(TextQuote::of(&t, start, end)),
        )
    }

    fn alphabet() -> impl Strategy<Value = char> {
        prop_oneof![
            Just('a'),
            Just('b'),
            Just('c'),
            Just(' '),
            Just('é'),
            Just('東'),
            Just('🍵'),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn bit_parallel_equals_dynamic_programming(
            pattern in proptest::collection::vec(alphabet(), 0..150),
            text in proptest::collection::vec(alphabet(), 0..200),
            anchored in any::<bool>(),
        ) {
            let p = Pattern::new(&pattern);
            let got = scan_all(&p, anchored, text.iter().copied());
            prop_assert_eq!(got, dp(&pattern, &text, anchored));
        }

        #[test]
        fn utf16_positions_agree_with_text_module(
            s in proptest::collection::vec(alphabet(), 0..60).prop_map(|v| v.into_iter().collect::<String>()),
        ) {
            let t = Text::new(s.clone());
            let u = Units::new(&t, true);
            let total = marginalia_core::text::utf16_len(&s);
            for unit in 0..=total {
                prop_assert_eq!(u.cp(unit), utf16_to_cp(&s, unit));
            }
            for cp in 0..=t.len() {
                let unit = cp_to_utf16(&s, cp);
                prop_assert_eq!(u.span_from_utf16(unit, unit, t.len()), (cp, cp));
            }
        }

        #[test]
        fn unedited_text_anchors_exactly(
            s in proptest::collection::vec(alphabet(), 1..120).prop_map(|v| v.into_iter().collect::<String>()),
            a in 0usize..120, b in 0usize..120,
        ) {
            let t = Text::new(s.clone());
            let (start, end) = (a.min(b) % t.len(), (a.max(b) % t.len()).max(a.min(b) % t.len()));
            let r = reanchor(&t, &stored(&s, start, end));
            prop_assert_eq!(r, Anchoring::Exact { start, end });
        }
    }

    fn needle_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(alphabet(), 0..6).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn gram_index_finds_what_a_scan_finds(
            hay in proptest::collection::vec(alphabet(), 0..300).prop_map(|v| v.into_iter().collect::<String>()),
            needle in needle_strategy(),
        ) {
            let index = GramIndex::new(hay.as_bytes());
            let (mut a, mut b) = (Vec::new(), Vec::new());
            for_each_match(&hay, &needle, |s, e| a.push((s, e)));
            index.find(&hay, &needle, |s, e| b.push((s, e)));
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn very_long_quotes_are_not_searched_approximately() {
        let long = "word ".repeat(1000);
        let intro = "An introduction long enough for context. ";
        let outro = "And a conclusion, also long enough.";
        let old = format!("{intro}{long}{outro}");
        let s = intro.len();
        let sel = stored(&old, s, s + 5000);
        // Found exactly, even moved.
        let moved = format!("New: {intro}{long}{outro}");
        let t = Text::new(moved.as_str());
        assert_eq!(
            reanchor(&t, &sel),
            Anchoring::Moved {
                start: s + 5,
                end: s + 5005
            }
        );
        // Edited: no approximate search, orphaned rather than slow.
        let edited = format!("{intro}{}{outro}", long.replacen("word", "ward", 1));
        let t = Text::new(edited.as_str());
        assert_eq!(reanchor(&t, &sel), Anchoring::Orphaned);
    }

    #[test]
    fn windows_merge() {
        assert_eq!(merge(vec![5..9, 0..3, 2..4, 9..12]), vec![0..4, 5..12]);
        assert_eq!(merge(vec![]), Vec::<Range<usize>>::new());
    }

    /// A long article (over the index threshold) of distinct sentences.
    fn long_article() -> String {
        (0..1500)
            .map(|i| {
                format!(
                    "Sentence number {i} says that item {} costs {} euros. ",
                    i * 7,
                    i % 13
                )
            })
            .collect()
    }

    #[test]
    fn batch_uses_the_index_on_long_texts() {
        let old = long_article();
        assert!(old.len() >= INDEX_MIN);
        let t_old = Text::new(old.as_str());
        let spans: Vec<(usize, usize)> = (0..40)
            .map(|k| {
                let s = old
                    .find(&format!("Sentence number {} ", k * 37))
                    .expect("in text");
                let cp = t_old.cp_of_byte(s);
                (cp, cp + 20)
            })
            .collect();
        let sels: Vec<Selector> = spans.iter().map(|&(s, e)| stored(&old, s, e)).collect();
        // An insertion at the front and a typo fix in the middle.
        let new = format!(
            "Breaking: 🍵 update. {}",
            old.replace("item 7000 costs", "item 7000 cost")
        );
        let t = Text::new(new.as_str());
        let results = reanchor_all(&t, &sels);
        for (k, r) in results.iter().enumerate() {
            let b = new
                .find(&format!("Sentence number {} ", k * 37))
                .expect("in text");
            let s = t.cp_of_byte(b);
            assert_eq!(
                r,
                &Anchoring::Moved {
                    start: s,
                    end: s + 20
                }
            );
        }
    }

    #[test]
    fn a_repeated_passage_does_not_stand_in_for_its_deleted_twin() {
        let passage = "the committee said on Monday evening that the harbour would close for \
                       repairs until the spring, or even later than that";
        let old = format!(
            "Opening words of the report are here. Quote: {passage}. Then a long middle part \
             follows with other news about the town and its roads and bridges. Later: {passage}. \
             Closing words."
        );
        let t_old = Text::new(old.as_str());
        let word = |nth: usize| {
            let b = old.match_indices("harbour").nth(nth).expect("twice").0;
            let s = t_old.cp_of_byte(b);
            (s, s + "harbour".len())
        };
        let (first, second) = (word(0), word(1));
        let at = |needle: &str| {
            let s = t_old.cp_of_byte(old.find(needle).expect("in text"));
            stored(&old, s, s + needle.chars().count())
        };
        let sels = vec![
            stored(&old, first.0, first.1),
            stored(&old, second.0, second.1),
            at("Opening words"),
            at("middle part"),
            at("Closing words"),
        ];
        // The first copy of the passage is deleted.
        let cut = format!("Quote: {passage}. ");
        let new = old.replacen(&cut, "", 1);
        let t = Text::new(new.as_str());
        let moved = second.0 - cut.chars().count();
        // Alone, the deleted annotation takes its twin (it reads the same,
        // with the same context): a known limit.
        assert_eq!(reanchor(&t, &sels[0]).span(), Some((moved, moved + 7)));
        // With neighbours, it cannot: that text is the other's, whose
        // neighbours' shift expects it there.
        let all = reanchor_all(&t, &sels);
        assert_eq!(all[0], Anchoring::Ambiguous);
        assert_eq!(all[1].span(), Some((moved, moved + 7)));
        assert!(all[2..].iter().all(|r| r.span().is_some()), "{all:?}");
        // Only the two of them, nothing tells them apart.
        let both = reanchor_all(&t, &sels[..2]);
        assert_eq!(both, vec![Anchoring::Ambiguous, Anchoring::Ambiguous]);
    }

    #[test]
    fn long_patterns_use_several_blocks() {
        let pattern: Vec<char> = "the quick brown fox jumps over the lazy dog "
            .repeat(5)
            .chars()
            .collect();
        assert!(pattern.len() > 128);
        let mut text = pattern.clone();
        text.remove(70);
        text.insert(100, 'X');
        text[150] = 'Y';
        let mut hay = chars_of("xx");
        hay.extend(&text);
        hay.extend(chars_of("yy"));
        let got = scan_all(&Pattern::new(&pattern), false, hay.iter().copied());
        assert_eq!(got, dp(&pattern, &hay, false));
        assert_eq!(got.iter().min(), Some(&3));
    }

    #[test]
    fn exact_at_stored_position() {
        let s = "Tea 🍵 in 東京 with e\u{301}clairs.";
        let t = Text::new(s);
        // "東京" is code points 9..11.
        assert_eq!(t.slice(9..11), "東京");
        let r = reanchor(&t, &stored(s, 9, 11));
        assert_eq!(r, Anchoring::Exact { start: 9, end: 11 });
        // Combining mark: "e\u{301}clairs" is 8 code points.
        let r = reanchor(&t, &stored(s, 17, 25));
        assert_eq!(r, Anchoring::Exact { start: 17, end: 25 });
        assert_eq!(t.slice(17..25), "e\u{301}clairs");
    }

    #[test]
    fn position_without_quote() {
        let t = Text::new("abc🍵def");
        let r = reanchor(&t, &sel(Some((1, 5, Unit::CodePoint)), None));
        assert_eq!(r, Anchoring::Exact { start: 1, end: 5 });
        let r = reanchor(&t, &sel(Some((5, 9, Unit::CodePoint)), None));
        assert_eq!(r, Anchoring::Orphaned, "past the end");
        // As UTF-16, 5..8 is "def" (the emoji takes two units).
        let r = reanchor(&t, &sel(Some((5, 8, Unit::Utf16)), None));
        assert_eq!(r, Anchoring::Exact { start: 4, end: 7 });
        // Unknown: code points first, UTF-16 when code points do not fit.
        let r = reanchor(&t, &sel(Some((4, 7, Unit::Unknown)), None));
        assert_eq!(r, Anchoring::Exact { start: 4, end: 7 });
        let r = reanchor(&t, &sel(Some((5, 8, Unit::Unknown)), None));
        assert_eq!(r, Anchoring::Exact { start: 4, end: 7 });
        assert_eq!(reanchor(&t, &Selector::default()), Anchoring::Orphaned);
    }

    #[test]
    fn utf16_positions_with_quote() {
        let s = "🍵🍵 said the 👩‍👩‍👧 family: 東京 is far.";
        let t = Text::new(s);
        let start = s.chars().position(|c| c == '東').expect("in text");
        let q = TextQuote::of(&t, start, start + 2);
        let (us, ue) = (cp_to_utf16(s, start), cp_to_utf16(s, start + 2));
        assert_ne!(us, start, "the emoji make the units differ");
        let r = reanchor(&t, &sel(Some((us, ue, Unit::Utf16)), Some(q.clone())));
        assert_eq!(
            r,
            Anchoring::Exact {
                start,
                end: start + 2
            }
        );
        // Unknown unit: code points do not hold the quote, UTF-16 does.
        let r = reanchor(&t, &sel(Some((us, ue, Unit::Unknown)), Some(q.clone())));
        assert_eq!(
            r,
            Anchoring::Exact {
                start,
                end: start + 2
            }
        );
        // A UTF-16 position taken as code points is off, but the quote is
        // still found (moved).
        let r = reanchor(&t, &sel(Some((us, ue, Unit::CodePoint)), Some(q)));
        assert_eq!(
            r,
            Anchoring::Moved {
                start,
                end: start + 2
            }
        );
    }

    #[test]
    fn moved_after_insertion_with_emoji() {
        let old = "The minister said the plan was dead. Critics disagreed.";
        let sel = stored(old, 37, 55);
        let new = "🍵🍵 New: 東京 The minister said the plan was dead. Critics disagreed.";
        let t = Text::new(new);
        let start = 37 + 11;
        assert_eq!(t.slice(start..start + 18), "Critics disagreed.");
        assert_eq!(
            reanchor(&t, &sel),
            Anchoring::Moved {
                start,
                end: start + 18
            }
        );
    }

    #[test]
    fn fuzzy_after_typo_fix_in_quote() {
        let old = "Police arrested and questioned the studnet on Monday. Images of the boy spread.";
        let start = old.find("arrested").expect("in text");
        let end = old.find(" on Monday").expect("in text");
        let sel = stored(old, start, end);
        let new = "Police arrested and questioned the student on Monday. Images of the boy spread.";
        let t = Text::new(new);
        match reanchor(&t, &sel) {
            Anchoring::Fuzzy {
                start: s,
                end: e,
                similarity,
            } => {
                assert_eq!(t.slice(s..e), "arrested and questioned the student");
                assert!(similarity > 950 && similarity < 1000, "{similarity}");
            }
            other => panic!("expected fuzzy, got {other:?}"),
        }
    }

    #[test]
    fn fuzzy_offsets_count_code_points() {
        let old = "東京 🍵 Le café a fermé ses portes hier soir. Fin.";
        let t_old = Text::new(old);
        let start = old.chars().position(|c| c == 'L').expect("in text");
        let end = start + "Le café a fermé ses portes".chars().count();
        let sel = stored(old, start, end);
        assert_eq!(t_old.slice(start..end), "Le café a fermé ses portes");
        // Combining accents instead of precomposed ones, plus a new emoji.
        let new = "東京 🍵🍵 Le cafe\u{301} a ferme\u{301} ses portes hier soir. Fin.";
        let t = Text::new(new);
        let r = reanchor(&t, &sel);
        let (s, e) = r.span().expect("placed");
        assert!(matches!(r, Anchoring::Fuzzy { .. }), "{r:?}");
        assert_eq!(t.slice(s..e), "Le cafe\u{301} a ferme\u{301} ses portes");
    }

    #[test]
    fn ambiguous_when_nothing_decides() {
        let t = Text::new("He said yes. She said yes.");
        let q = quote("said yes", "", "");
        assert_eq!(
            reanchor(&t, &sel(None, Some(q.clone()))),
            Anchoring::Ambiguous
        );
        // A position decides the tie.
        let r = reanchor(&t, &sel(Some((17, 25, Unit::CodePoint)), Some(q)));
        assert_eq!(r, Anchoring::Exact { start: 17, end: 25 });
        // Context decides it too, when it rules the other one out on both
        // sides.
        let q = quote("said yes", "He ", ". She");
        let r = reanchor(&t, &sel(None, Some(q)));
        assert_eq!(r, Anchoring::Moved { start: 3, end: 11 });
        // Context agreeing on one side at each is no decision.
        let t = Text::new("Then the mayor said yes. Then the mayor said yes.");
        let q = quote("said yes", "Then the mayor ", ". Then the");
        assert_eq!(reanchor(&t, &sel(None, Some(q))), Anchoring::Ambiguous);
        // Unless that side is too short to be evidence.
        let q = quote("said yes", "r ", ". Then the");
        let r = reanchor(&t, &sel(None, Some(q)));
        assert_eq!(r, Anchoring::Moved { start: 15, end: 23 });
    }

    #[test]
    fn duplicated_sentence_does_not_pull_the_quote() {
        let old =
            "Rain fell on Monday. The council approved the budget late at night. Nobody objected.";
        let s = old.find("The council").expect("in text");
        let e = old.find(" Nobody").expect("in text");
        let rain = stored(old, 0, 20);
        let council = stored(old, s, e);
        let sentence = &old[s..e];
        // A copy right after the original.
        let copied = format!("{} {sentence}{}", &old[..e], &old[e..]);
        let t = Text::new(copied.as_str());
        assert_eq!(
            reanchor(&t, &council),
            Anchoring::Exact { start: s, end: e },
            "the stored position holds"
        );
        // Everything shifted by an insertion at the front: the original
        // agrees with the stored prefix, the copy with the stored suffix, and
        // `X S S N` reads as well as `X S` then an inserted `S`. Alone, the
        // annotation is ambiguous; never on the copy.
        let shifted = format!("Update: {copied}");
        let t = Text::new(shifted.as_str());
        assert_eq!(reanchor(&t, &council), Anchoring::Ambiguous);
        // With its neighbour, the shift is known and the original is found.
        let both = reanchor_all(&t, &[rain, council.clone()]);
        let x = s + "Update: ".len();
        assert_eq!(both[0], Anchoring::Moved { start: 8, end: 28 });
        assert_eq!(
            both[1],
            Anchoring::Moved {
                start: x,
                end: x + (e - s)
            }
        );
        // Without a position the two copies cannot be told apart.
        let quote_only = Selector {
            position: None,
            quote: council.quote.clone(),
        };
        assert_eq!(reanchor(&t, &quote_only), Anchoring::Ambiguous);
    }

    #[test]
    fn orphaned_when_gone() {
        let old = "Alpha beta gamma. The treaty was signed in Vienna. Delta epsilon.";
        let s = old.find("The treaty").expect("in text");
        let e = old.find(" Delta").expect("in text");
        let sel = stored(old, s, e);
        let t = Text::new("Alpha beta gamma. Delta epsilon. Something else entirely here.");
        assert_eq!(reanchor(&t, &sel), Anchoring::Orphaned);
    }

    #[test]
    fn short_quote_elsewhere_is_not_taken() {
        // "said" was rewritten; other "said"s have no supporting context.
        let old = "The mayor said on Friday that the bridge will reopen. Residents said little.";
        let s = old.find("said").expect("in text");
        let sel = stored(old, s, s + 4);
        let t = Text::new(
            "The mayor announced on Friday that the bridge will reopen. Residents said little.",
        );
        assert_eq!(reanchor(&t, &sel), Anchoring::Orphaned);
    }

    #[test]
    fn fuzzy_ambiguous_between_two_edited_copies() {
        let q = quote("the budget was approved", "", "");
        let t = Text::new("In May the budgets was approved. In June the budget wos approved.");
        assert_eq!(reanchor(&t, &sel(None, Some(q))), Anchoring::Ambiguous);
    }

    #[test]
    fn batch_equals_single_on_simple_cases() {
        let old = "One two three. Four five six. Seven eight nine. Ten eleven twelve.";
        let t_old = Text::new(old);
        let spans = [(0, 13), (15, 28), (30, 47), (49, 66)];
        let sels: Vec<Selector> = spans
            .iter()
            .map(|&(s, e)| {
                assert!(!t_old.slice(s..e).is_empty());
                stored(old, s, e)
            })
            .collect();
        let new = format!("Zero. {old}");
        let t = Text::new(new.as_str());
        let all = reanchor_all(&t, &sels);
        for (sel, got) in sels.iter().zip(&all) {
            assert_eq!(got, &reanchor(&t, sel));
            let (s, e) = got.span().expect("placed");
            assert_eq!(t.slice(s..e), sel.quote.as_ref().expect("quote").exact);
            assert!(matches!(got, Anchoring::Moved { .. }));
        }
    }

    #[test]
    fn match_quote_all_apache_semantics() {
        let t = Text::new("bananas");
        assert_eq!(match_quote_all(&t, "ana", "", ""), vec![(1, 4), (3, 6)]);
        assert_eq!(match_quote_all(&t, "ana", "b", ""), vec![(1, 4)]);
        assert_eq!(match_quote_all(&t, "", "", "").len(), 8);
        let t = Text::new("🍵a🍵a");
        assert_eq!(match_quote_all(&t, "a", "🍵", ""), vec![(1, 2), (3, 4)]);
    }

    #[test]
    fn match_quote_scores() {
        let t = Text::new("Many years later, as he faced the firing squad");
        let m = match_quote(&t, "years later", "", "", None).expect("found");
        assert_eq!((m.start, m.end), (5, 16));
        assert!((m.score - 1.0).abs() < 1e-12);
        let m = match_quote(&t, "yeers later", "Many ", "", None).expect("found");
        assert_eq!((m.start, m.end), (5, 16));
        assert!(m.score < 1.0);
        assert!(match_quote(&t, "", "", "", None).is_none());
    }

    #[test]
    fn describe_minimal_counts_code_points() {
        let t = Text::new("🍵 to be or not to be 🍵");
        let q = describe_minimal(
            &t,
            2,
            4,
            &DescribeOptions {
                minimal_context: true,
                ..DescribeOptions::default()
            },
        );
        // The other "to" is preceded by "not ": one code point of prefix
        // (the emoji) plus the space tells them apart.
        assert_eq!(q.exact, "to");
        assert_eq!(q.prefix, "🍵 ", "{q:?}");
        assert_eq!(q.suffix, "");
        assert_eq!(
            match_quote_all(&t, &q.exact, &q.prefix, &q.suffix),
            vec![(2, 4)]
        );
    }

    #[test]
    fn thresholds_are_used() {
        let old = "Police arrested and questioned the studnet on Monday.";
        let start = 7;
        let sel = stored(old, start, 42);
        let t = Text::new("Police arrested and questioned the student on Monday.");
        let strict = Thresholds {
            min_similarity: 1000,
            ..Thresholds::default()
        };
        assert_eq!(reanchor_with(&t, &sel, &strict), Anchoring::Orphaned);
        assert!(matches!(reanchor(&t, &sel), Anchoring::Fuzzy { .. }));
    }

    /// A hostile file: a quote found at more places than are weighed is
    /// ambiguous at once (and costs no memory per place), with or without
    /// context.
    #[test]
    fn crowded_quotes_are_ambiguous() {
        let t = Text::new("ab ".repeat(MAX_PLAUSIBLE + 1));
        let bare = sel(None, Some(quote("ab", "", "")));
        let framed = sel(
            Some((3, 5, Unit::CodePoint)),
            Some(quote("ab", "ab ", " ab")),
        );
        assert_eq!(
            reanchor_all(&t, &[bare.clone(), framed]),
            [Anchoring::Ambiguous, Anchoring::Exact { start: 3, end: 5 }],
            "the stored position, where quote and context agree, still wins"
        );
        let fewer = Text::new("ab ".repeat(MAX_PLAUSIBLE));
        assert_eq!(reanchor_all(&fewer, &[bare]), [Anchoring::Ambiguous]);
    }

    /// A quote too common in the whole text to weigh every place is still
    /// placed between its placed neighbours when it is alone there.
    #[test]
    fn crowded_quotes_between_neighbours() {
        let old = format!(
            "Opening words here. filler. Closing words there. {}",
            "filler. ".repeat(MAX_PLAUSIBLE + 10)
        );
        // The first neighbour does not move, the quote and the second one
        // do: only the second pass, with both neighbours, finds it.
        let new = old.replacen("here. filler.", "here. Then, filler.", 1);
        let (o, t) = (Text::new(&old), Text::new(&new));
        let at = |s: &str, q: &str| s.find(q).map(|b| Text::new(s).cp_of_byte(b)).unwrap();
        let bare = |q: &str| {
            let s = at(&old, q);
            sel(
                Some((s, s + q.chars().count(), Unit::CodePoint)),
                Some(quote(q, "", "")),
            )
        };
        let got = reanchor_all(
            &t,
            &[
                stored(&old, 0, 13),
                bare("filler"),
                stored(&old, at(&old, "Closing"), at(&old, "Closing") + 13),
            ],
        );
        let f = at(&new, "filler");
        assert_eq!(
            got[1],
            Anchoring::Moved {
                start: f,
                end: f + 6
            },
            "{got:?}"
        );
        assert_eq!(o.len() + 6, t.len());
    }

    /// Quotes without a position are searched for approximately in the
    /// whole text only within a budget; identical ones are placed once, the
    /// same way.
    #[test]
    fn whole_text_searches_are_budgeted() {
        let text = "Police arrested and questioned the student on Monday. Nothing else happened.";
        let t = Text::new(text);
        let absent = sel(None, Some(quote("a sentence from another article", "", "")));
        let typo = sel(
            None,
            Some(quote("questioned the studnet on Monday", "", "")),
        );
        let all = [absent, typo.clone(), typo];
        let got = reanchor_all(&t, &all);
        assert_eq!(got[0], Anchoring::Orphaned);
        assert!(matches!(got[1], Anchoring::Fuzzy { .. }), "{got:?}");
        assert_eq!(got[2], got[1]);
        let one_search = Thresholds {
            whole_text_budget: t.len(),
            ..Thresholds::default()
        };
        let got = reanchor_all_with(&t, &all, &one_search);
        assert_eq!(
            got,
            [
                Anchoring::Orphaned,
                Anchoring::Orphaned,
                Anchoring::Orphaned
            ],
            "the budget went on the first search"
        );
    }
}
