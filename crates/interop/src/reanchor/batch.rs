//! Many selectors at once: each is expected where its placed neighbours'
//! shifts put it, in passes, and placements that claim the same text are
//! cross-checked.

use super::anchorer::Anchorer;
use super::exact::Plausible;
use super::Thresholds;
use marginalia_core::anchor::TextQuote;
use marginalia_core::selector::{Anchoring, Selector, Unit};
use marginalia_core::text::Text;
use std::collections::HashMap;

/// A stored span as sorted: its code points, or [`NO_POSITION`].
type Key = (usize, usize);

/// The key of a selector without position (sorted last).
const NO_POSITION: Key = (usize::MAX, usize::MAX);

/// The shift passed on by the nearest placed neighbour, per unit of the
/// stored positions (index 0: code points or unknown, 1: UTF-16). Shifts
/// are followed separately for UTF-16 positions: they are converted with
/// the edited text, so they compose exactly only with each other.
type Shifts = [Option<isize>; 2];

/// Which edge of a placement a neighbour's shift is taken from: the end
/// for the next annotation (right after an edit inside the placement), the
/// start for the previous one (an insertion right before a sentence shifts
/// it like what follows it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// Calls a progress callback at most about 100 times, with growing counts.
pub(super) struct Progress<'p> {
    report: &'p mut dyn FnMut(usize, usize),
    total: usize,
    /// The last percentage reported.
    percent: Option<usize>,
}

impl<'p> Progress<'p> {
    pub(super) fn new(report: &'p mut dyn FnMut(usize, usize), total: usize) -> Self {
        Self {
            report,
            total,
            percent: None,
        }
    }

    /// `done` of the total are done (never fewer than before).
    fn tick(&mut self, done: usize) {
        let percent = done * 100 / self.total.max(1);
        if self.percent != Some(percent) {
            self.percent = Some(percent);
            (self.report)(done, self.total);
        }
    }
}

/// Places `selectors` on `text` (see [`reanchor_all`](super::reanchor_all)),
/// reporting progress as (done, total) work units: the first pass over the
/// annotations, then the first round of the second.
pub(super) fn place_all(
    text: &Text,
    selectors: &[&Selector],
    thresholds: &Thresholds,
    report: &mut dyn FnMut(usize, usize),
) -> Vec<Anchoring> {
    let mut batch = Batch::new(text, selectors, thresholds);
    let mut progress = Progress::new(report, 2 * batch.order.len());
    batch.first_pass(&mut progress);
    batch.second_pass(&mut progress);
    batch.resolve_conflicts();
    progress.tick(2 * batch.order.len());
    batch.finish()
}

/// The state of one [`place_all`].
struct Batch<'a> {
    selectors: &'a [&'a Selector],
    anchorer: Anchorer<'a>,
    /// Selectors with a quote and no position are placed without regard to
    /// their neighbours, so identical ones are placed once (`same[i]` is the
    /// first selector like `i`).
    same: Vec<usize>,
    /// Stored spans and the selector's index, in stored order, positionless
    /// last; one of each group of identical positionless selectors.
    order: Vec<(Key, usize)>,
    out: Vec<Anchoring>,
    /// Plausible occurrences, kept between passes.
    cache: Vec<Option<Plausible>>,
    /// The expected positions and bracket each result was found with.
    used: Vec<Vec<usize>>,
    used_bracket: Vec<Option<(usize, usize)>>,
    /// Not placed yet, for want of the approximate step.
    pending: Vec<bool>,
}

impl<'a> Batch<'a> {
    fn new(text: &'a Text, selectors: &'a [&'a Selector], thresholds: &'a Thresholds) -> Self {
        let anchorer = Anchorer::new(text, thresholds, true);
        let mut first: HashMap<&TextQuote, usize> = HashMap::new();
        let same: Vec<usize> = selectors
            .iter()
            .enumerate()
            .map(|(i, s)| match (&s.quote, s.position) {
                (Some(q), None) => *first.entry(q).or_insert(i),
                _ => i,
            })
            .collect();
        let mut order: Vec<(Key, usize)> = selectors
            .iter()
            .enumerate()
            .filter(|&(i, _)| same[i] == i)
            .map(|(i, s)| {
                let key = s.position.map_or(NO_POSITION, |p| anchorer.primary(p));
                (key, i)
            })
            .collect();
        order.sort_unstable();
        let n = selectors.len();
        Self {
            selectors,
            anchorer,
            same,
            order,
            out: vec![Anchoring::Orphaned; n],
            cache: vec![None; n],
            used: vec![Vec::new(); n],
            used_bracket: vec![None; n],
            pending: vec![false; n],
        }
    }

    /// 1 for a selector stored in UTF-16 units, 0 otherwise.
    fn class(&self, i: usize) -> usize {
        usize::from(
            self.selectors[i]
                .position
                .is_some_and(|p| p.unit == Unit::Utf16),
        )
    }

    /// The neighbour-shift helper: records in `seen` how far the placement
    /// of `order[k]` moved its `edge`, if it is placed.
    fn pass_on(&self, seen: &mut Shifts, k: usize, edge: Edge) {
        let (key, i) = self.order[k];
        let Some((start, end)) = self.out[i].span().filter(|_| key != NO_POSITION) else {
            return;
        };
        seen[self.class(i)] = Some(match edge {
            Edge::Start => start as isize - key.0 as isize,
            Edge::End => end as isize - key.1 as isize,
        });
    }

    /// For each annotation in `order`, the shifts of its nearest placed
    /// neighbours before it (their end; `Edge::End`) or after it (their
    /// start; `Edge::Start`).
    fn neighbours(&self, edge: Edge) -> Vec<Shifts> {
        let n = self.order.len();
        let mut out = vec![[None; 2]; n];
        let mut seen: Shifts = [None; 2];
        let mut visit = |k: usize| {
            out[k] = seen;
            self.pass_on(&mut seen, k, edge);
        };
        match edge {
            Edge::End => (0..n).for_each(&mut visit),
            Edge::Start => (0..n).rev().for_each(&mut visit),
        }
        out
    }

    /// Where the shifts put the annotation at `order[k]`: those of its own
    /// unit first, each position once.
    fn expected(&self, k: usize, shifts: &[&Shifts]) -> Vec<usize> {
        let (key, i) = self.order[k];
        let own = self.class(i);
        let mut out: Vec<usize> = Vec::new();
        if key == NO_POSITION {
            return out;
        }
        let all = shifts.iter().map(|s| s[own]);
        for shift in all.chain(shifts.iter().map(|s| s[1 - own])).flatten() {
            let at = (key.0 as isize + shift).max(0) as usize;
            if shift != 0 && !out.contains(&at) {
                out.push(at);
            }
        }
        out
    }

    /// Places `order[k]` again with the given expectations.
    fn place(&mut self, k: usize, expected: Vec<usize>, bracket: Option<(usize, usize)>) {
        let i = self.order[k].1;
        self.out[i] = self
            .anchorer
            .anchor(
                self.selectors[i],
                &expected,
                bracket,
                &mut self.cache[i],
                true,
            )
            .unwrap_or(Anchoring::Orphaned);
        self.used[i] = expected;
    }

    /// First pass: each annotation expected where the previous placement's
    /// shift (at its end) puts it. The approximate step waits for the
    /// second pass and its better expectations.
    fn first_pass(&mut self, progress: &mut Progress) {
        let mut last: Shifts = [None; 2];
        for k in 0..self.order.len() {
            let i = self.order[k].1;
            let expected = self.expected(k, &[&last]);
            let sel = self.selectors[i];
            match self
                .anchorer
                .anchor(sel, &expected, None, &mut self.cache[i], false)
            {
                Some(a) => self.out[i] = a,
                None => self.pending[i] = true,
            }
            self.used[i] = expected;
            self.pass_on(&mut last, k, Edge::End);
            progress.tick(k + 1);
        }
    }

    /// Then, for what is not placed, also where the next placement's shift
    /// (at its start) puts it, between the placed neighbours; again while
    /// that places more (three rounds at most).
    fn second_pass(&mut self, progress: &mut Progress) {
        let n = self.order.len();
        for round in 0..3 {
            let next = self.neighbours(Edge::Start);
            let mut changed = false;
            let mut prev: Shifts = [None; 2];
            for (k, next) in next.iter().enumerate() {
                let (key, i) = self.order[k];
                if self.out[i].span().is_none() {
                    let expected = self.expected(k, &[&prev, next]);
                    let bracket = match key {
                        NO_POSITION => None,
                        _ => between(&self.order, k, &self.out),
                    };
                    let fresh = expected != self.used[i] || bracket != self.used_bracket[i];
                    if self.pending[i] || fresh {
                        self.place(k, expected, bracket);
                        self.pending[i] = false;
                        self.used_bracket[i] = bracket;
                        changed |= self.out[i].span().is_some();
                    }
                }
                self.pass_on(&mut prev, k, Edge::End);
                if round == 0 {
                    progress.tick(n + k + 1);
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The placements, with how sure each is, for the cross-check.
    fn claims(&self) -> Vec<Claim> {
        let mut claims = Vec::new();
        for &(_, i) in &self.order {
            let (Some((a, b)), Some(p)) = (self.out[i].span(), self.selectors[i].position) else {
                continue;
            };
            let sure = match self.out[i] {
                Anchoring::Exact { .. } => 3,
                Anchoring::Moved { start, .. } if self.used[i].contains(&start) => 2,
                Anchoring::Moved { .. } => 1,
                _ => 0,
            };
            claims.push(Claim {
                index: i,
                placed: (a, b),
                stored: self.anchorer.primary(p),
                sure,
            });
        }
        claims
    }

    /// Annotations that were apart cannot end up on the same text (when a
    /// passage the article repeats loses its annotated copy, the other copy
    /// reads just as well): the less sure placement gives way, both when
    /// they are equally sure. What gave way is placed again with the shifts
    /// of what remains (a placement at an expected position is surer than
    /// one found elsewhere), and checked again.
    fn resolve_conflicts(&mut self) {
        // Stored UTF-16 positions are converted with the edited text, which
        // may have gained or lost characters outside the Basic Multilingual
        // Plane.
        let slack = CLAIM_SLACK + self.anchorer.utf16_extra();
        for last_round in [false, false, true] {
            let dropped = conflicting(self.claims(), slack);
            if dropped.is_empty() {
                break;
            }
            for &i in &dropped {
                self.out[i] = Anchoring::Ambiguous;
            }
            if last_round {
                break;
            }
            let (before, after) = (self.neighbours(Edge::End), self.neighbours(Edge::Start));
            for k in 0..self.order.len() {
                let (key, i) = self.order[k];
                if !dropped.contains(&i) || key == NO_POSITION {
                    continue;
                }
                let expected = self.expected(k, &[&before[k], &after[k]]);
                let bracket = between(&self.order, k, &self.out);
                self.place(k, expected, bracket);
            }
        }
    }

    /// The results, identical selectors given the same.
    fn finish(mut self) -> Vec<Anchoring> {
        for (i, &j) in self.same.iter().enumerate() {
            if j != i {
                self.out[i] = self.out[j].clone();
            }
        }
        self.out
    }
}

/// Where the annotation at `order[k]` must lie if the text kept its order:
/// after the placement of the closest placed annotation stored wholly
/// before it, and before that of the closest one stored wholly after it
/// (looking at most 64 annotations each way).
fn between(order: &[(Key, usize)], k: usize, out: &[Anchoring]) -> Option<(usize, usize)> {
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
