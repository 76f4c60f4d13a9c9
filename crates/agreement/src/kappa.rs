//! Cohen's κ for two annotators and Fleiss' κ for several, over the same
//! units ([`crate::units::Ratings`]).

use crate::units::Ratings;

/// Cohen's κ of annotators `a` and `b` (unweighted, as scikit-learn's
/// `cohen_kappa_score`): `1 − Σ w·C / Σ w·E`, with `C` the confusion matrix,
/// `E` the product of its marginals over the number of units, and `w` 1
/// off the diagonal. `None` when there are no units or no disagreement is
/// expected (every unit of both in one category).
pub fn cohen(r: &Ratings, a: usize, b: usize) -> Option<f64> {
    let k = r.categories.len();
    let n = r.units();
    if n == 0 || k == 0 {
        return None;
    }
    let mut confusion = vec![0f64; k * k];
    for (x, y) in r.values[a].iter().zip(&r.values[b]) {
        confusion[x * k + y] += 1.0;
    }
    let rows: Vec<f64> = (0..k)
        .map(|i| (0..k).map(|j| confusion[i * k + j]).sum())
        .collect();
    let cols: Vec<f64> = (0..k)
        .map(|j| (0..k).map(|i| confusion[i * k + j]).sum())
        .collect();
    let total = n as f64;
    let (mut observed, mut expected) = (0.0, 0.0);
    for i in 0..k {
        for j in (0..k).filter(|&j| j != i) {
            observed += confusion[i * k + j];
            expected += rows[i] * cols[j] / total;
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// Fleiss' κ over every annotator of `r` (each rates every unit):
/// `(P̄ − P̄e) / (1 − P̄e)` with `P̄` the mean share of agreeing pairs per
/// unit and `P̄e` the sum of the squared category shares. `None` with fewer
/// than two annotators, no units, or one category only (`P̄e` = 1).
pub fn fleiss(r: &Ratings) -> Option<f64> {
    let rows: Vec<&[usize]> = r.values.iter().map(Vec::as_slice).collect();
    fleiss_rows(r.categories.len(), &rows)
}

/// [`fleiss`] of the annotators whose values are `rows` (one category
/// index below `k` per unit).
pub fn fleiss_rows(k: usize, rows: &[&[usize]]) -> Option<f64> {
    let (m, units) = (rows.len(), rows.first().map_or(0, |r| r.len()));
    let pairs = crate::alpha::Pairs::of(k, rows);
    // Σ_u (Σ_j n_uj² − m): the agreeing ordered pairs.
    let agreeing = (units * m * m) as u64 - pairs.disagreeing - (units * m) as u64;
    fleiss_from(units, m, agreeing as f64, &pairs.totals)
}

/// Fleiss' κ from `units` units rated by `raters` each, the agreeing
/// ordered pairs summed over units, and each category's total.
fn fleiss_from(units: usize, raters: usize, agreeing: f64, totals: &[u64]) -> Option<f64> {
    if raters < 2 || units == 0 {
        return None;
    }
    let (units, raters) = (units as f64, raters as f64);
    let agreement = agreeing / (units * raters * (raters - 1.0));
    let chance: f64 = (totals.iter())
        .map(|&t| {
            let p = t as f64 / (units * raters);
            p * p
        })
        .sum();
    (chance < 1.0).then(|| (agreement - chance) / (1.0 - chance))
}

/// Fleiss' κ from counts: `counts[i][j]` raters put unit `i` in category
/// `j`, the same number of raters for every unit.
pub fn fleiss_counts(counts: &[Vec<usize>]) -> Option<f64> {
    let n = counts.first()?.iter().sum::<usize>();
    if counts.iter().any(|c| c.iter().sum::<usize>() != n) {
        return None;
    }
    let k = counts[0].len();
    let agreeing: usize = (counts.iter())
        .map(|c| c.iter().map(|&x| x * x).sum::<usize>() - n)
        .sum();
    let totals: Vec<u64> = (0..k)
        .map(|j| counts.iter().map(|c| c[j] as u64).sum())
        .collect();
    fleiss_from(counts.len(), n, agreeing as f64, &totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ratings;

    /// Fleiss (1971)'s worked example as textbooks reprint it: 10 subjects,
    /// 14 raters, 5 categories; P̄ = 0.37802, P̄e = 0.21276, κ = 0.20993.
    #[test]
    fn fleiss_on_the_textbook_example() {
        let table: [[usize; 5]; 10] = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let counts: Vec<Vec<usize>> = table.iter().map(|r| r.to_vec()).collect();
        let k = fleiss_counts(&counts).unwrap();
        // By hand: P̄ = ΣPᵢ / 10 = 0.378022; p = (20, 28, 39, 21, 32)
        // / 140, P̄e = Σp² = 4170 / 19600 = 0.212755; κ = (P̄ − P̄e) / (1 − P̄e).
        let (p, pe) = (0.378_021_978_021_978, 4170.0 / 19600.0);
        let by_hand = (p - pe) / (1.0 - pe);
        assert!((k - by_hand).abs() < 1e-12, "{k} vs {by_hand}");
        assert!((k - 0.20993).abs() < 5e-5);
    }

    #[test]
    fn cohen_by_hand_and_its_degenerate_cases() {
        // 2×2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no (a textbook
        // example): po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, κ = 0.4.
        let mut a = vec![1; 25];
        a.extend(vec![0; 25]);
        let mut b = vec![1; 20];
        b.extend(vec![0; 5]);
        b.extend(vec![1; 10]);
        b.extend(vec![0; 15]);
        let r = ratings(&[&a, &b], 2);
        assert!((cohen(&r, 0, 1).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(cohen(&r, 0, 0), Some(1.0));
        let same = ratings(&[&[0, 0, 0], &[0, 0, 0]], 2);
        assert_eq!(cohen(&same, 0, 1), None, "one category: undefined");
        assert_eq!(fleiss(&same), None);
        assert_eq!(cohen(&ratings(&[&[], &[]], 2), 0, 1), None, "no units");
        assert_eq!(fleiss(&ratings(&[&[0, 1]], 2)), None, "one annotator");
    }

    #[test]
    fn fleiss_of_two_annotators_who_agree_is_one() {
        let r = ratings(&[&[0, 1, 1, 0], &[0, 1, 1, 0], &[0, 1, 1, 0]], 2);
        assert_eq!(fleiss(&r), Some(1.0));
    }
}
