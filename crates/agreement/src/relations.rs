//! Relation agreement of two annotators, the first as the reference: a
//! relation matches when the other annotator has one of the same type whose
//! ends match its ends as spans do ([`crate::spans::matches`], exact or
//! overlap), from with from and to with to.

use crate::spans::{matches, Match, Scores};
use crate::Layer;

/// A relation between two marks of a layer (indices into its `marks`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Link {
    /// The mark it starts from.
    pub from: usize,
    /// The mark it points to.
    pub to: usize,
    /// Its type (`attributed to`).
    pub kind: String,
}

/// The scores of `other`'s relations against `reference`'s (precision
/// over the other's, recall over the reference's, F1 as for spans; `None`
/// where a side has none, F1 `None` when neither has any).
pub fn scores(reference: (&Layer, &[Link]), other: (&Layer, &[Link]), how: Match) -> Scores {
    let same = |x: (&Layer, &Link), y: (&Layer, &Link)| {
        x.1.kind == y.1.kind
            && matches(&x.0.marks[x.1.from], &y.0.marks[y.1.from], how)
            && matches(&x.0.marks[x.1.to], &y.0.marks[y.1.to], how)
    };
    let found = |(l, links): (&Layer, &[Link]), (m, others): (&Layer, &[Link])| {
        links
            .iter()
            .filter(|x| others.iter().any(|y| same((l, x), (m, y))))
            .count()
    };
    let (a, b) = (reference.1.len(), other.1.len());
    let share = |k: usize, n: usize| (n > 0).then(|| k as f64 / n as f64);
    let precision = share(found(other, reference), b);
    let recall = share(found(reference, other), a);
    Scores {
        precision,
        recall,
        f1: crate::spans::f1(precision, recall),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(marks: &[(&str, usize, usize)]) -> Layer {
        crate::testing::spans("x", marks)
    }

    fn link(from: usize, to: usize, kind: &str) -> Link {
        Link {
            from,
            to,
            kind: kind.into(),
        }
    }

    /// Worked by hand: the reference links quote 10..20 and claim 30..40 to
    /// source 0..5; the other links quote 11..20 to source 0..5 (a boundary
    /// differs) and claim 30..40 to source 0..5 as "cued by". Exact: nothing
    /// matches (P = 0/2, R = 0/2, F1 = 0). Overlap: the quote's link matches
    /// (P = 1/2, R = 1/2, F1 = 1/2); the claim's differs in type.
    #[test]
    fn exact_and_overlap_by_hand() {
        let a = layer(&[("source", 0, 5), ("quote", 10, 20), ("claim", 30, 40)]);
        let b = layer(&[("quote", 11, 20), ("source", 0, 5), ("claim", 30, 40)]);
        let la = [link(1, 0, "attributed to"), link(2, 0, "attributed to")];
        let lb = [link(0, 1, "attributed to"), link(2, 1, "cued by")];
        let exact = scores((&a, &la), (&b, &lb), Match::Exact);
        assert_eq!(
            (exact.precision, exact.recall, exact.f1),
            (Some(0.0), Some(0.0), Some(0.0))
        );
        let overlap = scores((&a, &la), (&b, &lb), Match::Overlap);
        assert_eq!(
            (overlap.precision, overlap.recall, overlap.f1),
            (Some(0.5), Some(0.5), Some(0.5))
        );
        assert_eq!(scores((&a, &la), (&a, &la), Match::Exact).f1, Some(1.0));
        assert_eq!(scores((&a, &[]), (&b, &[]), Match::Exact).f1, None);
        // A relation's direction counts: reversed, it does not match.
        let reversed = [link(0, 1, "attributed to")];
        assert_eq!(
            scores((&a, &la[..1]), (&a, &reversed), Match::Overlap).f1,
            Some(0.0)
        );
    }
}
