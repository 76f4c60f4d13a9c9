//! Krippendorff's α for nominal data over coding units
//! ([`crate::units::Ratings`]), as the `krippendorff` package computes it
//! with `level_of_measurement="nominal"`.

use crate::units::Ratings;

/// Krippendorff's α (nominal) over every annotator of `r`: `1 − Do / De`
/// from the coincidence matrix `o` of the pairable values (units with at
/// least two values; here every annotator rates every unit), with `Do =
/// Σ_{c≠k} o_ck` and `De = Σ_{c≠k} n_c·n_k / (n − 1)`. `None` when no
/// unit is pairable (fewer than two annotators, no units) or only one
/// category occurs (`De` = 0).
pub fn nominal(r: &Ratings) -> Option<f64> {
    let k = r.categories.len();
    let m = r.values.len();
    if m < 2 || r.units() == 0 {
        return None;
    }
    // o_ck: for each unit, each ordered pair of its values, weighted
    // 1 / (m − 1).
    let mut o = vec![0f64; k * k];
    let mut count = vec![0usize; k];
    for u in 0..r.units() {
        count.iter_mut().for_each(|c| *c = 0);
        for row in &r.values {
            count[row[u]] += 1;
        }
        for c in (0..k).filter(|&c| count[c] > 0) {
            for d in (0..k).filter(|&d| count[d] > 0) {
                let pairs = if c == d {
                    count[c] * (count[c] - 1)
                } else {
                    count[c] * count[d]
                };
                o[c * k + d] += pairs as f64 / (m - 1) as f64;
            }
        }
    }
    let n_c: Vec<f64> = (0..k).map(|c| (0..k).map(|d| o[c * k + d]).sum()).collect();
    let n: f64 = n_c.iter().sum();
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..k {
        for d in (0..k).filter(|&d| d != c) {
            observed += o[c * k + d];
            expected += n_c[c] * n_c[d] / (n - 1.0);
        }
    }
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ratings(values: &[&[usize]], k: usize) -> Ratings {
        Ratings {
            categories: (0..k).map(|c| c.to_string()).collect(),
            values: values.iter().map(|v| v.to_vec()).collect(),
        }
    }

    /// Worked by hand: two coders, four units, values (a,a) (a,b) (b,b)
    /// (b,b). Coincidences: o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3,
    /// n_b = 5, n = 8. Do = 2, De = 2·3·5 / 7 = 30/7; α = 1 − 14/30.
    #[test]
    fn alpha_by_hand() {
        let r = ratings(&[&[0, 0, 1, 1], &[0, 1, 1, 1]], 2);
        let a = nominal(&r).unwrap();
        assert!((a - (1.0 - 14.0 / 30.0)).abs() < 1e-12, "{a}");
    }

    #[test]
    fn degenerate_cases_are_undefined_or_one() {
        assert_eq!(
            nominal(&ratings(&[&[0, 0], &[0, 0]], 2)),
            None,
            "one category"
        );
        assert_eq!(nominal(&ratings(&[&[0, 1]], 2)), None, "one annotator");
        assert_eq!(nominal(&ratings(&[&[], &[]], 2)), None, "no units");
        assert_eq!(
            nominal(&ratings(&[&[0, 1, 1], &[0, 1, 1], &[0, 1, 1]], 2)),
            Some(1.0)
        );
    }
}
