//! Span agreement of two annotators, the first as the reference: **exact**
//! (same parts and label) and **overlap** (same label and at least one
//! shared code point), as precision over the second's spans, recall over
//! the first's, and their F1.

use crate::{Layer, Mark};
use std::ops::Range;

/// Precision, recall and F1 of one comparison.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Share of the second annotator's spans matched (`None`: they have
    /// none).
    pub precision: Option<f64>,
    /// Share of the reference's spans matched (`None`: it has none).
    pub recall: Option<f64>,
    /// `2PR / (P + R)`; 0 when one side has spans and nothing matches, or
    /// only one side has spans; `None` when neither has any.
    pub f1: Option<f64>,
}

/// How two spans must agree to match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// Same parts (start and end of each) and label.
    Exact,
    /// Same label and at least one shared code point.
    Overlap,
}

/// Whether `a` and `b` match as `how` asks.
pub fn matches(a: &Mark, b: &Mark, how: Match) -> bool {
    a.label == b.label
        && match how {
            Match::Exact => a.parts == b.parts,
            Match::Overlap => a.parts.iter().any(|p| {
                b.parts
                    .iter()
                    .any(|q| p.start.max(q.start) < p.end.min(q.end))
            }),
        }
}

/// The scores of `other` against `reference`, for `label` (`None`: every
/// label, matched label with label).
pub fn scores(reference: &Layer, other: &Layer, label: Option<&str>, how: Match) -> Scores {
    let of = |l: &'_ Layer| -> Vec<Mark> {
        l.marks
            .iter()
            .filter(|m| label.is_none_or(|x| m.label == x))
            .cloned()
            .collect()
    };
    let (a, b) = (of(reference), of(other));
    let (in_a, in_b) = (Index::new(&a), Index::new(&b));
    let found_b = b.iter().filter(|m| in_a.has(m, how)).count();
    let found_a = a.iter().filter(|m| in_b.has(m, how)).count();
    let share = |k: usize, n: usize| (n > 0).then(|| k as f64 / n as f64);
    let (precision, recall) = (share(found_b, b.len()), share(found_a, a.len()));
    Scores {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// `2PR / (P + R)`; 0 when only one side has spans or nothing matches;
/// `None` when neither side has any.
pub fn f1(precision: Option<f64>, recall: Option<f64>) -> Option<f64> {
    match (precision, recall) {
        (None, None) => None,
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        _ => Some(0.0),
    }
}

/// One side's marks, findable without comparing every pair: exactly (by
/// label and parts) and by overlap (per label, parts sorted by start with
/// the greatest end so far: some part before `e` reaches past `s` exactly
/// when that greatest end does).
struct Index<'a> {
    exact: std::collections::HashSet<(&'a str, &'a [Range<usize>])>,
    parts: std::collections::HashMap<&'a str, (Vec<usize>, Vec<usize>)>,
}

impl<'a> Index<'a> {
    fn new(marks: &'a [Mark]) -> Self {
        let exact = marks
            .iter()
            .map(|m| (m.label.as_str(), &m.parts[..]))
            .collect();
        let mut by_label: std::collections::HashMap<&str, Vec<(usize, usize)>> = Default::default();
        for m in marks {
            let list = by_label.entry(m.label.as_str()).or_default();
            list.extend(
                m.parts
                    .iter()
                    .filter(|p| p.start < p.end)
                    .map(|p| (p.start, p.end)),
            );
        }
        let parts = by_label
            .into_iter()
            .map(|(label, mut list)| {
                list.sort_unstable();
                let starts = list.iter().map(|p| p.0).collect();
                let mut reach = 0;
                let ends = list
                    .iter()
                    .map(|p| {
                        reach = reach.max(p.1);
                        reach
                    })
                    .collect();
                (label, (starts, ends))
            })
            .collect();
        Index { exact, parts }
    }

    /// Whether a mark here matches `m` as `how` asks.
    fn has(&self, m: &Mark, how: Match) -> bool {
        match how {
            Match::Exact => self.exact.contains(&(m.label.as_str(), &m.parts[..])),
            Match::Overlap => self
                .parts
                .get(m.label.as_str())
                .is_some_and(|(starts, ends)| {
                    m.parts.iter().any(|p| {
                        let before = starts.partition_point(|&s| s < p.end);
                        before > 0 && ends[before - 1] > p.start
                    })
                }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(marks: &[(&str, &[(usize, usize)])]) -> Layer {
        crate::testing::layer("x", marks)
    }

    /// Worked by hand: the reference has 4 spans, the other 3. Exact: one
    /// of the other's (0..5 quote) is the reference's: P = 1/3, R = 1/4,
    /// F1 = 2·(1/12)/(7/12) = 2/7. Overlap: 10..14 quote also meets 9..15
    /// quote, and the two-part 30..32;40..44 meets 41..42: P = 3/3, R =
    /// 3/4, F1 = 6/7; 20..25 source against 20..25 claim never matches.
    #[test]
    fn exact_and_overlap_by_hand() {
        let a = layer(&[
            ("quote", &[(0, 5)]),
            ("quote", &[(9, 15)]),
            ("source", &[(20, 25)]),
            ("quote", &[(30, 32), (40, 44)]),
        ]);
        let b = layer(&[
            ("quote", &[(0, 5)]),
            ("quote", &[(10, 14)]),
            ("quote", &[(41, 42)]),
        ]);
        let exact = scores(&a, &b, None, Match::Exact);
        assert_eq!(exact.precision, Some(1.0 / 3.0));
        assert_eq!(exact.recall, Some(0.25));
        assert!((exact.f1.unwrap() - 2.0 / 7.0).abs() < 1e-12);
        let overlap = scores(&a, &b, None, Match::Overlap);
        assert_eq!((overlap.precision, overlap.recall), (Some(1.0), Some(0.75)));
        assert!((overlap.f1.unwrap() - 6.0 / 7.0).abs() < 1e-12);
        let source = scores(&a, &b, Some("source"), Match::Overlap);
        assert_eq!(
            (source.precision, source.recall, source.f1),
            (None, Some(0.0), Some(0.0))
        );
        let none = scores(&a, &b, Some("claim"), Match::Exact);
        assert_eq!(none.f1, None, "neither has a claim");
        assert_eq!(scores(&a, &a, None, Match::Exact).f1, Some(1.0));
    }
}
