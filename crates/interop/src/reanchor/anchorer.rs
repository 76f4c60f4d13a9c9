//! The anchorer: what is known about the text and the thresholds while
//! selectors are placed, and step 1 (the stored position) with the order of
//! the steps.

use super::exact::{alone_between, Crowded, Occurrence, Plausible, Quoted};
use super::gram_index::GramIndex;
use super::Thresholds;
use marginalia_core::selector::{Anchoring, Position, Selector, Unit};
use marginalia_core::text::{Text, Utf16Index};
use std::cell::{Cell, OnceCell};

pub(super) struct Anchorer<'a> {
    pub(super) text: &'a Text,
    /// The text's UTF-16 index, built when a position in UTF-16 units (or
    /// of unknown unit) is first read.
    utf16: OnceCell<Utf16Index>,
    pub(super) thresholds: &'a Thresholds,
    /// Working for [`reanchor_all`] (neighbours' shifts are known).
    pub(super) batch: bool,
    /// Built on first use (see [`Anchorer::index`]).
    pub(super) index: OnceCell<GramIndex>,
    /// Code points the approximate step may still search for quotes
    /// without a position, which it must look for in the whole text (see
    /// [`WHOLE_TEXT_BUDGET`]).
    pub(super) whole_text_budget: Cell<usize>,
}

/// Where the annotation is expected: the stored position(s) and the
/// positions expected from the neighbours' shifts.
pub(super) struct Hints<'h> {
    pub(super) stored: &'h [(usize, usize)],
    pub(super) expected: &'h [usize],
    /// Between the placements of the closest placed annotations stored
    /// wholly before and wholly after it.
    pub(super) bracket: Option<(usize, usize)>,
}

impl Hints<'_> {
    pub(super) fn at_stored(&self, start: usize, end: usize) -> bool {
        self.stored.contains(&(start, end))
    }
    pub(super) fn at_any(&self, start: usize) -> bool {
        self.stored.iter().any(|&(s, _)| s == start) || self.expected.contains(&start)
    }
    pub(super) fn near(&self, start: usize, tolerance: usize) -> bool {
        self.stored
            .iter()
            .map(|&(s, _)| s)
            .chain(self.expected.iter().copied())
            .any(|h| h.abs_diff(start) <= tolerance)
    }
    /// The stored and expected starts, each once, stored first.
    pub(super) fn centers(&self) -> Vec<usize> {
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
    pub(super) fn new(text: &'a Text, thresholds: &'a Thresholds, batch: bool) -> Self {
        Self {
            text,
            utf16: OnceCell::new(),
            thresholds,
            batch,
            index: OnceCell::new(),
            whole_text_budget: Cell::new(thresholds.whole_text_budget),
        }
    }

    /// The interpretations of a stored position as code-point spans, the
    /// preferred one first (not necessarily within the text).
    pub(super) fn interpretations(&self, p: Position) -> Vec<(usize, usize)> {
        let cp = (p.start, p.end.max(p.start));
        match p.unit {
            Unit::CodePoint => vec![cp],
            Unit::Utf16 => vec![self.span_from_utf16(p.start, p.end)],
            Unit::Unknown => {
                let u = self.span_from_utf16(p.start, p.end);
                let utf16_fits = p.end <= self.utf16().utf16_len();
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
    pub(super) fn primary(&self, p: Position) -> (usize, usize) {
        self.interpretations(p)[0]
    }

    /// Places one selector. `expected`: positions the neighbours' shifts
    /// expect it at; `bracket`: where the placed neighbours say it must lie;
    /// `cache`: its plausible occurrences, once found (they do not change
    /// between the passes of [`reanchor_all`]); `approximate`: whether to
    /// go on to step 3 (otherwise `None` stands for "not yet").
    pub(super) fn anchor(
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
        let quoted = Quoted::new(q);
        let hints = Hints {
            stored: &stored,
            expected,
            bracket,
        };
        // Step 1: the stored position, when the quote is there and the
        // context agrees (see `trusted`).
        // (The quote's own end counts: a file whose stored end disagrees
        // with its quote's length would otherwise cut the quote.)
        for &(s, _) in stored.iter().filter(|s| in_range(s)) {
            if let Some(o) = self
                .occurrence_at(s, &quoted, &stored)
                .filter(|o| self.trusted(o, quoted.quote_len))
            {
                let end = o.end;
                return Some(self.placed(s, end, &hints));
            }
        }
        if let Some(placed) = self.at_expected(&quoted, &hints, cache) {
            return Some(placed);
        }
        // Step 2: the exact quote.
        let Ok(plausible) = cache.get_or_insert_with(|| self.plausible(&quoted, &stored, None))
        else {
            return Some(self.crowded(&quoted, &hints));
        };
        if let Some(a) = self.exact_step(&quoted, &hints, plausible) {
            return Some(a);
        }
        let plausible: &[Occurrence] = plausible;
        // Step 3: approximately.
        approximate.then(|| self.fuzzy_step(&quoted, &hints, plausible))
    }

    /// The occurrence at the stored or an expected position, when it is the
    /// only plausible one there and trusted, but only when all positions
    /// agree: a copy inserted between an annotation and its next neighbour
    /// sits exactly where that neighbour's shift expects the annotation.
    /// With placed neighbours on both sides (second pass), nothing else
    /// plausible may lie between them.
    fn at_expected(
        &self,
        quoted: &Quoted,
        hints: &Hints,
        cache: &mut Option<Plausible>,
    ) -> Option<Anchoring> {
        let stored = hints.stored;
        let mut held: Vec<Occurrence> = Vec::new();
        for x in stored
            .iter()
            .map(|&(s, _)| s)
            .chain(hints.expected.iter().copied())
        {
            if let Some(o) = self.occurrence_at(x, quoted, stored) {
                if o.plausible() && !held.iter().any(|h| h.start == x) {
                    held.push(o);
                }
            }
        }
        let [one] = held.as_slice() else {
            return None;
        };
        let bracket = hints.bracket;
        let alone = match bracket {
            None => true,
            Some(b) => match cache.get_or_insert_with(|| self.plausible(quoted, stored, None)) {
                Ok(plausible) => alone_between(one, plausible, bracket),
                // Too many in the whole text: those between the neighbours
                // are few enough to weigh.
                Err(Crowded) => self
                    .plausible(quoted, stored, Some(b))
                    .is_ok_and(|near| alone_between(one, &near, bracket)),
            },
        };
        (self.trusted(one, quoted.quote_len) && alone)
            .then(|| self.placed(one.start, one.end, hints))
    }

    /// Step 2 when far too many places fit for context to choose among
    /// them: between placed neighbours, order still may (see `exact_step`).
    /// Only those between the neighbours count then (with one there
    /// agreeing on both sides, `exact_step` places it, as it places one of
    /// several there).
    fn crowded(&self, quoted: &Quoted, hints: &Hints) -> Anchoring {
        let near = hints.bracket.and_then(|(lo, hi)| {
            let mut near = self.plausible(quoted, hints.stored, Some((lo, hi))).ok()?;
            near.retain(|o| o.start >= lo && o.end <= hi);
            Some(near)
        });
        match near {
            Some(near) if !near.is_empty() => self
                .exact_step(quoted, hints, &near)
                .unwrap_or(Anchoring::Ambiguous),
            _ => Anchoring::Ambiguous,
        }
    }

    pub(super) fn placed(&self, start: usize, end: usize, hints: &Hints) -> Anchoring {
        if hints.at_stored(start, end) {
            Anchoring::Exact { start, end }
        } else {
            Anchoring::Moved { start, end }
        }
    }

    /// The text's UTF-16 index, built on first use.
    fn utf16(&self) -> &Utf16Index {
        self.utf16.get_or_init(|| Utf16Index::of(self.text))
    }

    /// How many more UTF-16 code units than code points the text has, when
    /// a UTF-16 position was read (0 otherwise: then none needs the slack).
    pub(super) fn utf16_extra(&self) -> usize {
        self.utf16.get().map_or(0, Utf16Index::extra)
    }

    /// A span in UTF-16 units as code points (past the end it stays out of
    /// range; an end before the start becomes the start).
    fn span_from_utf16(&self, start: usize, end: usize) -> (usize, usize) {
        let index = self.utf16();
        let start = index.to_cp_unclamped(start);
        (start, index.to_cp_unclamped(end).max(start))
    }

    /// Whether an occurrence at a stored or expected position can be
    /// trusted: the whole stored context agrees, or one substantial side of
    /// it does (or it is at the stored position) and the quote has at least
    /// [`Thresholds::one_sided_min_len`] code points.
    pub(super) fn trusted(&self, o: &Occurrence, quote_len: usize) -> bool {
        o.two_sided()
            || ((o.one_sided() || o.stored) && quote_len >= self.thresholds.one_sided_min_len)
    }
}
