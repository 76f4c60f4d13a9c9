//! Many selectors at once: each is expected where its placed neighbours'
//! shifts put it, in passes, and placements that claim the same text are
//! cross-checked.

use super::anchorer::Anchorer;
use super::exact::Plausible;
use super::Thresholds;
use marginalia_core::anchor::TextQuote;
use marginalia_core::selector::{Anchoring, Selector, Unit};
use marginalia_core::text::Text;

pub(super) fn place_all(
    text: &Text,
    selectors: &[&Selector],
    thresholds: &Thresholds,
) -> Vec<Anchoring> {
    let anchorer = Anchorer::new(text, thresholds, true);
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
    let slack = CLAIM_SLACK + anchorer.utf16_extra();
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

/// Where the annotation at `order[k]` must lie if the text kept its order:
/// after the placement of the closest placed annotation stored wholly
/// before it, and before that of the closest one stored wholly after it
/// (looking at most 64 annotations each way).
pub(super) fn between(
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

/// How far apart (code points) two stored spans must be for their
/// placements to conflict: repeated passages are further apart than that,
/// while nested and neighbouring annotations are not.
pub(super) const CLAIM_SLACK: usize = 64;

/// A placement made by [`reanchor_all`], for the cross-check.
#[derive(Clone, Copy)]
pub(super) struct Claim {
    pub(super) index: usize,
    pub(super) placed: (usize, usize),
    pub(super) stored: (usize, usize),
    /// 3: at its stored position; 2: at an expected position; 1: exact
    /// elsewhere; 0: approximate.
    pub(super) sure: u8,
}

/// The placements that land on text also claimed (at least half of the
/// shorter of the two) by an annotation stored more than `slack` code
/// points apart from them, and are not surer than it.
pub(super) fn conflicting(mut claims: Vec<Claim>, slack: usize) -> Vec<usize> {
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
