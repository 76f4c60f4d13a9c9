//! Krippendorff's unitizing α (α_u), after Krippendorff (2004), "Measuring
//! the reliability of qualitative text analysis data", computed the way
//! DKPro Statistics' `KrippendorffAlphaUnitizingAgreement` computes it, so
//! that the figures are DKPro's.
//!
//! Each rater cuts the continuum, per category *c*, into *units* (stretches
//! they gave category *c*) and *gaps* (everything else, including stretches
//! they gave another category). For one category:
//!
//! ```text
//! D_oc = Σ_{i≠j} Σ_g Σ_h δ²_c(i g, j h) / (R (R−1) L²)
//! D_ec = (2/L) Σ_{units u of c} [ (N_c−1) l_u(l_u−1)(2l_u−1)/3
//!                                 + l_u² Σ_{gaps g, l_g ≥ l_u} (l_g − l_u + 1) ]
//!        / (R L (R L − 1) − Σ_{units u of c} l_u(l_u−1))
//! α_uc = 1 − D_oc / D_ec
//! ```
//!
//! with `R` raters, a continuum of length `L`, `N_c` units of *c* (all
//! raters together) and the gaps of every rater. `δ²` between two
//! overlapping units is the squared difference of their begins plus that of
//! their ends; between a unit and a gap that contains it, the unit's
//! squared length; else 0.
//!
//! Over all categories, as DKPro does, `α_u = 1 − D̄_o / D̄_e` with the
//! per-category disagreements averaged (not the per-category α's). Where
//! DKPro would return NaN, or a conventional 0.0 or 1.0 for a study with no
//! expected disagreement, these functions return `None`.

use std::collections::BTreeSet;
use std::ops::Range;

/// One unit of a unitizing study: who marked it, where, with which category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// The rater who marked it, `0..raters`; units of other raters are ignored.
    pub rater: usize,
    /// Where it begins on the continuum.
    pub begin: usize,
    /// How long it is.
    pub length: usize,
    /// The category the rater gave it.
    pub category: String,
}

/// α_u over the continuum `begin..begin+length` (here `continuum`, a
/// [`Range`]) for `raters` raters, all categories together (DKPro's overall
/// value: one minus the ratio of the observed to the expected disagreement,
/// each averaged over the categories). None when undefined (e.g. no expected disagreement, or
/// fewer than 2 raters, or an empty continuum, or no units) — never NaN.
///
/// Units are taken as given, as DKPro takes them: a rater's units of one
/// category are assumed not to overlap. Positions beyond `u32::MAX` give
/// `None`.
pub fn alpha_u(continuum: Range<usize>, raters: usize, units: &[Unit]) -> Option<f64> {
    let study = Study::new(continuum, raters, units)?;
    // In order of first appearance, as DKPro sums them (same bits).
    let mut seen = BTreeSet::new();
    let categories: Vec<&str> = (units.iter())
        .filter(|unit| unit.rater < raters && seen.insert(unit.category.as_str()))
        .map(|unit| unit.category.as_str())
        .collect();
    if categories.is_empty() {
        return None;
    }
    let (mut observed, mut expected) = (0.0, 0.0);
    for category in &categories {
        observed += study.observed(category);
        expected += study.expected(category)?;
    }
    let count = categories.len() as f64;
    ratio(observed / count, expected / count)
}

/// α_u for one category (DKPro's per-category value,
/// `calculateCategoryAgreement`): the other categories' units count as gaps.
/// None when undefined (no unit of `category`, no expected disagreement,
/// fewer than 2 raters, an empty continuum), where DKPro returns 0.0.
pub fn alpha_u_category(
    continuum: Range<usize>,
    raters: usize,
    units: &[Unit],
    category: &str,
) -> Option<f64> {
    let study = Study::new(continuum, raters, units)?;
    ratio(study.observed(category), study.expected(category)?)
}

/// The per-label α_u for Marginalia's layers over a text of `len` code
/// points, one rater per layer: each part of each [`crate::Mark`] labelled
/// `label` is a unit of that label (parts are clipped to the text, empty
/// ones dropped). α_u assumes a rater's units of a category do not overlap,
/// so overlapping or touching units of one rater and one label are merged
/// into one unit first (two marks over `0..3` and `2..5`, or the parts
/// `0..3` and `3..5`, become the unit `0..5`). Other labels count as gaps.
/// None when undefined (see [`alpha_u_category`]).
pub fn alpha_u_layers(len: usize, layers: &[&crate::Layer], label: &str) -> Option<f64> {
    let mut units = Vec::new();
    for (rater, layer) in layers.iter().enumerate() {
        for (begin, end) in merged_parts(layer, label, len) {
            let (length, category) = (end - begin, label.to_string());
            units.push(Unit {
                rater,
                begin,
                length,
                category,
            });
        }
    }
    alpha_u_category(0..len, layers.len(), &units, label)
}

/// The parts of `layer`'s marks labelled `label`, clipped to `0..len`,
/// without empty ones, sorted, overlapping or touching ones merged.
fn merged_parts(layer: &crate::Layer, label: &str, len: usize) -> Vec<(usize, usize)> {
    let mut parts: Vec<(usize, usize)> = (layer.marks.iter())
        .filter(|mark| mark.label == label)
        .flat_map(|mark| mark.parts.iter())
        .map(|part| (part.start.min(len), part.end.min(len)))
        .filter(|(start, end)| start < end)
        .collect();
    parts.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (start, end) in parts {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `1 − observed / expected`, or None when that is undefined.
fn ratio(observed: f64, expected: f64) -> Option<f64> {
    let alpha = 1.0 - observed / expected;
    (expected > 0.0 && alpha.is_finite()).then_some(alpha)
}

/// A validated study: the continuum `start..stop` of length `L`, the rater
/// count and the units of those raters, sorted by begin then length (DKPro's
/// order).
struct Study<'a> {
    start: i128,
    stop: i128,
    length: i128,
    raters: usize,
    units: Vec<&'a Unit>,
}

impl<'a> Study<'a> {
    /// The study, or None if it has fewer than 2 raters, an empty continuum
    /// or positions (or raters) beyond `u32::MAX`.
    fn new(continuum: Range<usize>, raters: usize, units: &'a [Unit]) -> Option<Self> {
        let limit = u32::MAX as usize;
        let valid = 2 <= raters && raters <= limit && continuum.end <= limit;
        if !valid || continuum.is_empty() {
            return None;
        }
        let mut kept: Vec<&Unit> = units.iter().filter(|u| u.rater < raters).collect();
        if kept
            .iter()
            .any(|u| u.begin.saturating_add(u.length) > limit)
        {
            return None;
        }
        kept.sort_by_key(|unit| (unit.begin, unit.length));
        let (start, stop) = (continuum.start as i128, continuum.end as i128);
        let (length, units) = (stop - start, kept);
        Some(Study {
            start,
            stop,
            length,
            raters,
            units,
        })
    }

    /// Rater `rater`'s units of `category`, in order.
    fn track(&self, rater: usize, category: &str) -> Track {
        let units = (self.units.iter())
            .filter(|u| u.rater == rater && u.category == category)
            .map(|u| (u.begin as i128, u.length as i128));
        let current = Segment::new(self.start, 0, false);
        Track {
            units: units.collect(),
            next: 0,
            current,
            stop: self.stop,
        }
    }

    /// `D_oc`: δ² summed over every ordered pair of raters and every pair of
    /// their segments that the joint walk meets, over `R (R−1) L²`.
    fn observed(&self, category: &str) -> f64 {
        let mut sum: i128 = 0;
        for first in 0..self.raters {
            for second in first + 1..self.raters {
                let mut a = self.track(first, category);
                let mut b = self.track(second, category);
                sum += self.walk_pair(&mut a, &mut b);
            }
        }
        let pairs = self.raters as f64 * (self.raters - 1) as f64;
        (2 * sum) as f64 / (pairs * (self.length * self.length) as f64)
    }

    /// Walks two raters' segments side by side, as DKPro does: at each
    /// position where either segment ends both step on, and δ² of the
    /// current pair is added. Like DKPro, the walk stops once both raters'
    /// last units have been reached (what follows can only add 0).
    fn walk_pair(&self, a: &mut Track, b: &mut Track) -> i128 {
        let mut sum = 0;
        let mut pos = self.start;
        while pos < self.stop && (a.has_next() || b.has_next()) {
            a.step(pos);
            b.step(pos);
            sum += delta_squared(a.current, b.current);
            pos = a.current.end().min(b.current.end());
        }
        sum
    }

    /// Every rater's gaps for `category`: the stretches of the continuum
    /// between (before, after) their units of `category`, empty ones left out.
    fn gaps(&self, category: &str) -> Vec<i128> {
        let mut gaps = Vec::new();
        for rater in 0..self.raters {
            let mut track = self.track(rater, category);
            let mut pos = self.start;
            while pos < self.stop {
                if let Some(gap) = track.step(pos) {
                    gaps.push(gap);
                }
                pos = track.current.end();
            }
        }
        gaps
    }

    /// `D_ec` (see the module's notes), or None if its denominator is not
    /// positive or the exact sums overflow.
    fn expected(&self, category: &str) -> Option<f64> {
        let lengths: Vec<i128> = (self.units.iter())
            .filter(|u| u.category == category)
            .map(|u| u.length as i128)
            .collect();
        // Σ_{gaps g ≥ l} (g − l + 1) for each l, from the gaps sorted and
        // their sums from each on (exact, and not quadratic).
        let mut gaps = self.gaps(category);
        gaps.sort_unstable();
        let mut from: Vec<i128> = vec![0; gaps.len() + 1];
        for i in (0..gaps.len()).rev() {
            from[i] = from[i + 1].checked_add(gaps[i])?;
        }
        let n_c = lengths.len() as i128;
        let mut numerator: i128 = 0;
        let mut squared: i128 = 0;
        for &l in &lengths {
            let k = gaps.partition_point(|&g| g < l);
            let within = from[k] - (l - 1) * (gaps.len() - k) as i128;
            // l(l−1)(2l−1) is six times a sum of squares, so this is exact.
            let pairs_inside = (n_c - 1).checked_mul(l * (l - 1) * (2 * l - 1) / 3)?;
            let around = (l * l).checked_mul(within)?;
            numerator = numerator.checked_add(pairs_inside)?.checked_add(around)?;
            squared = squared.checked_add(l * (l - 1))?;
        }
        let total = self.raters as i128 * self.length;
        let denominator = total.checked_mul(total - 1)? - squared;
        if denominator <= 0 {
            return None;
        }
        let scaled = denominator.checked_mul(self.length)?;
        Some((2 * numerator) as f64 / scaled as f64)
    }
}

/// One segment of a rater's walk along the continuum: a unit of the
/// category under study, or a gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    begin: i128,
    length: i128,
    unit: bool,
}

impl Segment {
    /// The segment `begin..begin+length`, a unit or a gap.
    fn new(begin: i128, length: i128, unit: bool) -> Self {
        Segment {
            begin,
            length,
            unit,
        }
    }

    /// Where it ends.
    fn end(self) -> i128 {
        self.begin + self.length
    }
}

/// A cursor over one rater's segments for one category.
struct Track {
    units: Vec<(i128, i128)>,
    next: usize,
    current: Segment,
    stop: i128,
}

impl Track {
    /// Whether a unit is still to come.
    fn has_next(&self) -> bool {
        self.next < self.units.len()
    }

    /// At `pos`, if the current segment ends there, moves on to the next
    /// segment: the next unit if it begins at `pos`, else the gap up to it
    /// (or to the continuum's end). Returns the new gap's length, if any.
    fn step(&mut self, pos: i128) -> Option<i128> {
        if pos != self.current.end() {
            return None;
        }
        match self.units.get(self.next) {
            Some(&(begin, length)) if begin == pos => {
                self.next += 1;
                self.current = Segment::new(begin, length, true);
                None
            }
            upcoming => {
                let end = upcoming.map_or(self.stop, |&(begin, _)| begin);
                self.current = Segment::new(pos, end - pos, false);
                Some(end - pos)
            }
        }
    }
}

/// Krippendorff's δ² between two segments of two raters: for two units that
/// overlap, the squared difference of their begins plus that of their ends;
/// for a unit inside the other rater's gap, the unit's squared length; else 0.
fn delta_squared(a: Segment, b: Segment) -> i128 {
    let begins = a.begin - b.begin;
    let ends = a.end() - b.end();
    match (a.unit, b.unit) {
        (true, true) if -a.length < begins && begins < b.length => begins * begins + ends * ends,
        (true, false) if begins >= 0 && ends <= 0 => a.length * a.length,
        (false, true) if begins <= 0 && ends >= 0 => b.length * b.length,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Layer, Mark};

    fn unit(rater: usize, begin: usize, length: usize, category: &str) -> Unit {
        let category = category.to_string();
        Unit {
            rater,
            begin,
            length,
            category,
        }
    }

    /// Units written `rater begin length category`, separated by `;`.
    fn units(spec: &str) -> Vec<Unit> {
        let parse = |text: &str| {
            let fields: Vec<&str> = text.split_whitespace().collect();
            let number = |k: usize| fields[k].parse().unwrap();
            unit(number(0), number(1), number(2), fields[3])
        };
        spec.split(';').map(parse).collect()
    }

    fn close(actual: Option<f64>, expected: f64, tolerance: f64) {
        let actual = actual.expect("defined");
        assert!(
            (actual - expected).abs() <= tolerance,
            "{actual} ≠ {expected}"
        );
    }

    /// Krippendorff (2004), as in DKPro Statistics' Krippendorff2004Test:
    /// two observers, continuum 150..450, categories c and k.
    fn krippendorff_2004() -> Vec<Unit> {
        units(
            "0 225 70 c; 0 370 30 c; 1 220 80 c; 1 355 20 c; 1 400 20 c; \
             0 180 60 k; 0 300 50 k; 1 180 60 k; 1 300 50 k",
        )
    }

    #[test]
    fn krippendorff_2004_per_category() {
        let units = krippendorff_2004();
        let study = Study::new(150..450, 2, &units).unwrap();
        // The values DKPro's test asserts, to its ± 0.0001.
        assert!((study.observed("c") - 0.0144).abs() <= 1e-4);
        assert!((study.expected("c").unwrap() - 0.0532).abs() <= 1e-4);
        close(alpha_u_category(150..450, 2, &units, "c"), 0.7286, 1e-4);
        assert!(study.observed("k").abs() <= 1e-4);
        assert!((study.expected("k").unwrap() - 0.0490).abs() <= 1e-4);
        close(alpha_u_category(150..450, 2, &units, "k"), 1.0, 1e-4);
        // By hand. c: δ² = 50 + 850 + 400 (DKPro's distance tests), so
        // D_oc = 2·1300 / (2·1·300²). N_c = 5; the (N_c−1) l(l−1)(2l−1)/3
        // terms sum to 2 342 960; gaps 75 75 50 | 70 55 25 30 give
        // 4900·13 + 900·181 + 2·400·247 = 424 200; RL(RL−1) − Σ l(l−1) =
        // 359 400 − 12 780. k: 1 327 620 + 2·3600·84 + 2·2500·124, over
        // 359 400 − 11 980 (gaps 30 60 100 for each observer).
        assert_eq!(study.observed("c"), 2600.0 / 180_000.0);
        let expected_c = 2.0 * 2_767_160.0 / (300.0 * 346_620.0);
        assert_eq!(study.expected("c"), Some(expected_c));
        let expected_k = 2.0 * 2_552_420.0 / (300.0 * 347_420.0);
        assert_eq!(study.expected("k"), Some(expected_k));
    }

    #[test]
    fn krippendorff_2004_overall() {
        let alpha = alpha_u(150..450, 2, &krippendorff_2004());
        // Published 0.8591, which DKPro asserts to ± 0.0005 only: the paper
        // divides its rounded 0.0144 by 0.0532 + 0.0490. Unrounded (the
        // per-category figures above), α_u = 0.858665… (DKPro's value too).
        close(alpha, 0.8591, 5e-4);
        close(Some(1.0 - 0.0144 / (0.0532 + 0.0490)), 0.8591, 5e-5);
        let expected =
            2.0 * 2_767_160.0 / (300.0 * 346_620.0) + 2.0 * 2_552_420.0 / (300.0 * 347_420.0);
        close(alpha, 1.0 - (2600.0 / 180_000.0) / expected, 1e-15);
        close(alpha, 0.858_665_405_184_170_2, 1e-15);
    }

    #[test]
    fn dkpro_unitizing_agreement_example() {
        // DKPro's UnitizingAgreementTest: r0 -11111111-, r1 --1-1-1---.
        let units = units("0 1 8 A; 1 2 1 A; 1 4 1 A; 1 6 1 A");
        let study = Study::new(0..10, 2, &units).unwrap();
        assert!((study.observed("A") - 0.9100).abs() <= 1e-4);
        assert!((study.expected("A").unwrap() - 0.5351).abs() <= 1e-4);
        close(alpha_u_category(0..10, 2, &units, "A"), -0.7003, 1e-4);
        close(alpha_u(0..10, 2, &units), -0.7003, 1e-4);
    }

    #[test]
    fn identical_raters_agree_fully() {
        // Continuum 0..10, both raters mark 2..5. D_o = 0. D_e: N_c = 2,
        // l = 3: (2−1)·3·2·5/3 = 10 per unit; gaps 2, 5, 2, 5, of which the
        // two 5s are ≥ 3: 9 · (3 + 3) = 54; (2/10) · 2 · 64 / (20·19 − 2·6)
        // = 25.6 / 368 > 0, so α = 1.
        let units = units("0 2 3 x; 1 2 3 x");
        assert_eq!(alpha_u(0..10, 2, &units), Some(1.0));
        assert_eq!(alpha_u_category(0..10, 2, &units, "x"), Some(1.0));
        let study = Study::new(0..10, 2, &units).unwrap();
        assert_eq!(study.expected("x"), Some(25.6 / 368.0));
    }

    #[test]
    fn disagreement_worked_by_hand() {
        // Continuum 0..10; rater 0 marks 2..5, rater 1 marks 3..6. The units
        // overlap: δ² = (2−3)² + (5−6)² = 2 each way, so D_o = 4 / (2·1·10²)
        // = 0.02. D_e: 10 per unit as above; gaps 2, 5 and 3, 4, those ≥ 3
        // give 3 + 1 + 2 = 6, times 9 is 54; D_e = (2/10)·128 / 368 = 25.6/368.
        // α = 1 − 0.02 · 368 / 25.6 = 1 − 0.2875 = 0.7125.
        close(alpha_u(0..10, 2, &units("0 2 3 x; 1 3 3 x")), 0.7125, 1e-12);
        // Rater 1 marks nothing: the unit lies in rater 1's gap 0..10, δ² =
        // 3² = 9 each way, D_o = 18/200 = 0.09. D_e: N_c = 1, so gaps only:
        // 2, 5 (rater 0) and 10; those ≥ 3 give 3 + 8 = 11, times 9 is 99;
        // D_e = (2/10)·99 / (380 − 6) = 19.8/374; α = 1 − 0.09·374/19.8 = −0.7.
        close(alpha_u(0..10, 2, &units("0 2 3 x")), -0.7, 1e-12);
        // DKPro's UnitizingAgreementTest: three raters over 0..20, one unit
        // 0..1. D_o = 2·2 / (3·2·400) = 1/600; D_e = (2/20)(19+20+20) / (60·59)
        // = 1/600 too, so α = 0.
        assert_eq!(alpha_u(0..20, 3, &units("0 0 1 X")), Some(0.0));
    }

    #[test]
    fn degenerate_studies_are_undefined() {
        let two = units("0 2 3 x; 1 3 3 x");
        assert_eq!(alpha_u(0..10, 2, &[]), None);
        assert_eq!(alpha_u_category(0..10, 2, &[], "x"), None);
        assert_eq!(alpha_u(0..10, 1, &two), None);
        assert_eq!(alpha_u(0..10, 0, &two), None);
        assert_eq!(alpha_u(5..5, 2, &two), None);
        assert_eq!(alpha_u_category(0..10, 2, &two, "y"), None);
        // Zero-length units carry no mass (DKPro: 0.0).
        assert_eq!(alpha_u(0..15, 2, &units("0 0 0 A; 1 0 0 B")), None);
        // A continuum of 1 leaves no expected disagreement (DKPro: 1.0
        // overall, 0.0 per category).
        assert_eq!(alpha_u(0..1, 2, &units("0 0 1 X; 1 0 1 X")), None);
        assert_eq!(alpha_u(0..10, 2, &[unit(0, 0, usize::MAX, "X")]), None);
    }

    #[test]
    fn never_nan() {
        // 2000 pseudo-random small studies: 0 to 3 raters, up to 4 units of
        // two categories, overlapping and overrunning the continuum at will.
        let mut seed: u64 = 7;
        let mut next = |bound: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) % bound) as usize
        };
        for _ in 0..2000 {
            let (len, raters) = (1 + next(6), next(4));
            let units: Vec<Unit> = (0..next(5))
                .map(|_| unit(next(3), next(len as u64), next(3), ["a", "b"][next(2)]))
                .collect();
            let overall = alpha_u(0..len, raters, &units);
            let per_category = alpha_u_category(0..len, raters, &units, "a");
            for alpha in [overall, per_category] {
                assert!(alpha.is_none_or(f64::is_finite), "{units:?}");
            }
        }
    }

    /// A layer written `label begin-end begin-end; label begin-end`.
    fn layer(spec: &str) -> Layer {
        let part = |range: &str| {
            let (start, end) = range.split_once('-').unwrap();
            start.parse().unwrap()..end.parse().unwrap()
        };
        let mark = |text: &str| {
            let mut fields = text.split_whitespace();
            let label = fields.next().unwrap().to_string();
            Mark {
                label,
                parts: fields.map(part).collect(),
            }
        };
        let marks = spec.split(';').map(mark).collect();
        Layer {
            annotator: String::new(),
            marks,
            links: Vec::new(),
        }
    }

    #[test]
    fn layers_merge_and_split_into_units() {
        // Over 10 code points, A marks one two-part quote 1..3 + 6..8; B marks
        // touching quotes 1..2 and 2..3 (merged to 1..3) and overlapping ones
        // 6..7 and 5..7 (merged to 5..7); B's source is another label.
        let (a, b) = (
            layer("quote 1-3 6-8"),
            layer("quote 1-2; quote 2-3 6-7; quote 5-7; source 0-10"),
        );
        let layers = [&a, &b];
        // Units A 1..3, 6..8; B 1..3, 5..7. Only 6..8 against 5..7 disagree:
        // δ² = 1 + 1, D_o = 4/200 = 0.02. D_e: N_c = 4, l = 2: 3·2·1·3/3 = 6
        // per unit; gaps 1, 3, 2 (A) and 1, 2, 3 (B), those ≥ 2 give
        // 2 + 1 + 1 + 2 = 6, times 4 is 24; D_e = (2/10)·4·30 / (380 − 8) =
        // 24/372; α = 1 − 0.02 · 372/24 = 1 − 0.31 = 0.69.
        close(alpha_u_layers(10, &layers, "quote"), 0.69, 1e-12);
        let units = units("0 1 2 q; 0 6 2 q; 1 1 2 q; 1 5 2 q");
        let direct = alpha_u(0..10, 2, &units);
        assert_eq!(alpha_u_layers(10, &layers, "quote"), direct);
        // Both mark the whole text as source: full agreement.
        let whole = layer("source 0-4 4-12");
        let both = [&b, &whole];
        assert_eq!(alpha_u_layers(10, &both, "source"), Some(1.0));
        assert_eq!(alpha_u_layers(10, &layers, "cue"), None);
        assert_eq!(alpha_u_layers(10, &layers[..1], "quote"), None);
    }
}
