//! Step 2, the exact quote: its plausible occurrences (the stored context
//! agrees next to them, or they sit at the stored position) and the choice
//! among them.

use super::anchorer::{Anchorer, Hints};
use super::gram_index::{GramIndex, INDEX_MIN};
use marginalia_core::anchor::{for_each_match, for_each_occurrence, TextQuote, CONTEXT};
use marginalia_core::selector::Anchoring;

/// The most candidate occurrences of one quote (with its context) that are
/// weighed. More are found only for a short quote without context in a long
/// text, or a passage repeated hundreds of times: context cannot choose
/// among them, so the result is ambiguous. The cap bounds the memory and
/// time a hostile file (thousands of one-letter quotes) can cost.
pub(super) const MAX_PLAUSIBLE: usize = 256;

/// The shortest quote whose only exact occurrence in the text, agreeing
/// with the stored context on one substantial side, is not unplaced by an
/// approximate candidate (see [`Anchorer::sole_long_occurrence`]). Shorter
/// quotes (a word or two) recur by chance next to the right context when
/// their own text was deleted.
pub(super) const LONG_QUOTE: usize = 32;

/// Too many candidate occurrences (see [`MAX_PLAUSIBLE`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Crowded;

/// The plausible occurrences of a quote, or [`Crowded`].
pub(super) type Plausible = Result<Vec<Occurrence>, Crowded>;

/// An exact occurrence of the quote and whether each side of the stored
/// context agrees there in full (`None`: that side is empty, no evidence).
#[derive(Clone, Copy, Debug)]
pub(super) struct Occurrence {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) prefix: Option<bool>,
    pub(super) suffix: Option<bool>,
    /// A side of at least [`MIN_SIDE`] code points agrees.
    pub(super) evidence: bool,
    /// At a stored position, and long enough for that to count.
    pub(super) stored: bool,
}

impl Occurrence {
    /// All the stored context agrees.
    pub(super) fn two_sided(&self) -> bool {
        self.prefix != Some(false) && self.suffix != Some(false)
    }
    /// One substantial side agrees, the other does not.
    pub(super) fn one_sided(&self) -> bool {
        !self.two_sided() && self.evidence
    }
    /// Context or position supports it.
    pub(super) fn plausible(&self) -> bool {
        self.two_sided() || self.one_sided() || self.stored
    }
}

/// What is worked out once about a stored quote.
pub(super) struct Quoted<'q> {
    pub(super) quote: &'q TextQuote,
    pub(super) quote_len: usize,
    /// The prefix, or the suffix, reached the edge of the text.
    pub(super) prefix_at_edge: bool,
    pub(super) suffix_at_edge: bool,
    /// The prefix, or the suffix, agreeing alone counts as evidence.
    pub(super) strong_prefix: bool,
    pub(super) strong_suffix: bool,
}

impl<'q> Quoted<'q> {
    pub(super) fn new(q: &'q TextQuote) -> Self {
        let (prefix_at_edge, suffix_at_edge) = edges(q);
        let long = |t: &str| t.chars().nth(MIN_SIDE - 1).is_some();
        Self {
            quote: q,
            quote_len: q.exact.chars().count(),
            prefix_at_edge,
            suffix_at_edge,
            strong_prefix: prefix_at_edge || long(&q.prefix),
            strong_suffix: suffix_at_edge || long(&q.suffix),
        }
    }
}

/// Whether the prefix, or the suffix, reached the edge of the text when the
/// selector was made: it is shorter than [`CONTEXT`] while the other side
/// has exactly [`CONTEXT`] code points (the fixed-width context of
/// Marginalia and the Hypothesis client).
pub(super) fn edges(q: &TextQuote) -> (bool, bool) {
    let full = |t: &str| t.chars().count() == CONTEXT;
    (
        !full(&q.prefix) && full(&q.suffix),
        !full(&q.suffix) && full(&q.prefix),
    )
}

/// The shortest side of the context whose agreement alone counts as
/// evidence (Apache Annotator's minimal contexts are often a character or
/// two).
pub(super) const MIN_SIDE: usize = 8;

/// Whether no plausible occurrence other than `one` lies within `bracket`
/// (after a copy is inserted right after its original, the next
/// neighbour's shift points at the copy, and the original lies between the
/// neighbours; after an insertion before it, nothing else does).
pub(super) fn alone_between(
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

impl Anchorer<'_> {
    /// Whether the stored prefix and suffix agree around bytes `byte_start..byte_end`
    /// (`None` for an empty side that says nothing; with fixed-width
    /// context, a side cut short by the edge of the text must meet the edge
    /// again).
    pub(super) fn sides(
        &self,
        byte_start: usize,
        byte_end: usize,
        quoted: &Quoted,
    ) -> (Option<bool>, Option<bool>) {
        let hay = self.text.as_str();
        let q = quoted.quote;
        let prefix = if quoted.prefix_at_edge {
            Some(hay[..byte_start] == *q.prefix)
        } else {
            (!q.prefix.is_empty()).then(|| hay[..byte_start].ends_with(q.prefix.as_str()))
        };
        let suffix = if quoted.suffix_at_edge {
            Some(hay[byte_end..] == *q.suffix)
        } else {
            (!q.suffix.is_empty()).then(|| hay[byte_end..].starts_with(q.suffix.as_str()))
        };
        (prefix, suffix)
    }

    /// The occurrence at code points `start..end` with its `sides`.
    pub(super) fn occurrence(
        &self,
        (start, end): (usize, usize),
        (prefix, suffix): (Option<bool>, Option<bool>),
        quoted: &Quoted,
        stored: &[(usize, usize)],
    ) -> Occurrence {
        Occurrence {
            start,
            end,
            prefix,
            suffix,
            evidence: (prefix == Some(true) && quoted.strong_prefix)
                || (suffix == Some(true) && quoted.strong_suffix),
            // A short quote at the stored position may be a coincidence.
            stored: stored.contains(&(start, end))
                && end - start >= self.thresholds.one_sided_min_len,
        }
    }

    /// The quote at `start`, if it is there.
    pub(super) fn occurrence_at(
        &self,
        start: usize,
        quoted: &Quoted,
        stored: &[(usize, usize)],
    ) -> Option<Occurrence> {
        let end = start + quoted.quote_len;
        if end > self.text.len() || self.text.slice(start..end) != quoted.quote.exact {
            return None;
        }
        let (byte_start, byte_end) = (self.text.byte_of(start), self.text.byte_of(end));
        Some(self.occurrence(
            (start, end),
            self.sides(byte_start, byte_end, quoted),
            quoted,
            stored,
        ))
    }

    /// The plausible occurrences of the quote in the whole text. Instead of
    /// every occurrence of the quote, those of prefix and quote, and of
    /// quote and suffix, are looked up (a plausible occurrence has one of
    /// them, or is at a stored position): far fewer, and found with the
    /// index on long texts.
    /// More than [`MAX_PLAUSIBLE`] candidates is [`Crowded`]. With
    /// `within` (code points), only the occurrences of the quote inside it.
    pub(super) fn plausible(
        &self,
        quoted: &Quoted,
        stored: &[(usize, usize)],
        within: Option<(usize, usize)>,
    ) -> Plausible {
        let hay = self.text.as_str();
        let q = quoted.quote;
        let exact_bytes = q.exact.len();
        let mut starts = self.candidate_starts(quoted, within)?;
        starts.extend(
            stored
                .iter()
                .filter(|&&(s, e)| e - s == quoted.quote_len && e <= self.text.len())
                .map(|&(s, _)| self.text.byte_of(s)),
        );
        starts.sort_unstable();
        starts.dedup();
        if starts.len() > MAX_PLAUSIBLE {
            return Err(Crowded);
        }
        let mut out = Vec::new();
        for byte_start in starts {
            let fits = hay.is_char_boundary(byte_start)
                && hay
                    .get(byte_start..)
                    .is_some_and(|h| h.starts_with(q.exact.as_str()));
            if !fits {
                continue;
            }
            let start = self.text.cp_of_byte(byte_start);
            let sides = self.sides(byte_start, byte_start + exact_bytes, quoted);
            let o = self.occurrence((start, start + quoted.quote_len), sides, quoted, stored);
            if o.plausible() {
                out.push(o);
            }
        }
        Ok(out)
    }

    /// Byte starts of the quote where it may be plausible: where prefix and
    /// quote, or quote and suffix, occur (or the quote alone, without
    /// context), and at the edges the context reached. More than
    /// [`MAX_PLAUSIBLE`] for one needle is [`Crowded`]. With `within` (code
    /// points), only the occurrences of the quote inside it.
    fn candidate_starts(
        &self,
        quoted: &Quoted,
        within: Option<(usize, usize)>,
    ) -> Result<Vec<usize>, Crowded> {
        let hay = self.text.as_str();
        let q = quoted.quote;
        let (prefix_bytes, exact_bytes, suffix_bytes) =
            (q.prefix.len(), q.exact.len(), q.suffix.len());
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
                    let from = lo.saturating_sub(q.prefix.chars().count());
                    let to = (hi + q.suffix.chars().count()).min(self.text.len());
                    for_each_occurrence(self.text, needle, from..to, |_, _, b, _| keep(b));
                }
            }
            crowded |= found > MAX_PLAUSIBLE;
        };
        if q.prefix.is_empty() && q.suffix.is_empty() {
            collect(&q.exact, 0, &mut starts);
        } else {
            if quoted.prefix_at_edge {
                starts.push(prefix_bytes);
            } else if !q.prefix.is_empty() {
                let needle = [q.prefix.as_str(), q.exact.as_str()].concat();
                collect(&needle, prefix_bytes, &mut starts);
            }
            if quoted.suffix_at_edge {
                starts.extend(hay.len().checked_sub(suffix_bytes + exact_bytes));
            } else if !q.suffix.is_empty() {
                let needle = [q.exact.as_str(), q.suffix.as_str()].concat();
                collect(&needle, 0, &mut starts);
            }
        }
        if crowded {
            Err(Crowded)
        } else {
            Ok(starts)
        }
    }

    /// Every occurrence of `needle` (byte start), with the index when there
    /// is one.
    pub(super) fn find(&self, needle: &str, f: impl FnMut(usize)) {
        match self.index() {
            Some(index) => index.find(self.text.as_str(), needle, f),
            None => for_each_match(self.text.as_str(), needle, f),
        }
    }

    /// The 3-gram index of the text, built on first use in
    /// [`reanchor_all`] on texts of at least [`INDEX_MIN`] bytes.
    pub(super) fn index(&self) -> Option<&GramIndex> {
        if !self.batch || self.text.as_str().len() < INDEX_MIN {
            return None;
        }
        Some(
            self.index
                .get_or_init(|| GramIndex::new(self.text.as_str().as_bytes())),
        )
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
    pub(super) fn exact_step(
        &self,
        quoted: &Quoted,
        hints: &Hints,
        plausible: &[Occurrence],
    ) -> Option<Anchoring> {
        let at_hint: Vec<&Occurrence> =
            plausible.iter().filter(|o| hints.at_any(o.start)).collect();
        match (plausible, at_hint.as_slice()) {
            ([one], _) if one.two_sided() => Some(self.placed(one.start, one.end, hints)),
            (_, [one]) if self.trusted(one, quoted.quote_len) => {
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

    /// Whether `one`, agreeing with the stored context on one substantial
    /// side, is the only occurrence of a quote of at least [`LONG_QUOTE`]
    /// code points in the whole text (and lies between the placed
    /// neighbours, when there are some). Then it is the annotation's text,
    /// whatever an approximate candidate with a better context says: when a
    /// near-duplicate of an annotated sentence (one word differs) is
    /// inserted right after it, the duplicate agrees with the stored suffix
    /// and the original no longer does, and the approximate step would
    /// weigh the duplicate as the original's equal (or better).
    pub(super) fn sole_long_occurrence(
        &self,
        quoted: &Quoted,
        one: &Occurrence,
        hints: &Hints,
    ) -> bool {
        if quoted.quote_len < LONG_QUOTE || !one.one_sided() {
            return false;
        }
        let inside = hints
            .bracket
            .is_none_or(|(lo, hi)| one.start >= lo && one.end <= hi);
        let mut count = 0;
        self.find(&quoted.quote.exact, |_| count += 1);
        inside && count == 1
    }
}
