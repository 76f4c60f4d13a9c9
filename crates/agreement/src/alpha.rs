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
    let rows: Vec<&[usize]> = r.values.iter().map(Vec::as_slice).collect();
    nominal_rows(r.categories.len(), &rows)
}

/// [`nominal`] of the annotators whose values are `rows` (one per
/// annotator, one category index below `k` per unit). With every unit
/// rated by all `m`, `Σ_{c≠k} o_ck = Σ_u (m² − Σ_c n_uc²) / (m − 1)` and
/// `Σ_{c≠k} n_c n_k = n² − Σ_c n_c²`, so `α = 1 − (n − 1) Σ o / Σ n n`:
/// integer sums, one division.
pub fn nominal_rows(k: usize, rows: &[&[usize]]) -> Option<f64> {
    let m = rows.len();
    let units = rows.first().map_or(0, |r| r.len());
    if m < 2 || units == 0 {
        return None;
    }
    let tally = Pairs::of(k, rows);
    let n = (m * units) as f64;
    let expected = n * n - tally.squared_totals() as f64;
    let observed = tally.disagreeing as f64 / (m - 1) as f64;
    (expected > 0.0).then(|| 1.0 - (n - 1.0) * observed / expected)
}

/// Per category, how many values it has over all units (`totals`), and
/// the ordered pairs of one unit's values that differ, summed over units
/// (`disagreeing`, that is Σ_u (m² − Σ_c n_uc²)).
pub(crate) struct Pairs {
    pub totals: Vec<u64>,
    pub disagreeing: u64,
}

impl Pairs {
    /// The pairs of `rows` (categories below `k`).
    pub fn of(k: usize, rows: &[&[usize]]) -> Pairs {
        let mut totals = vec![0u64; k];
        let mut disagreeing = 0u64;
        let units = rows.first().map_or(0, |r| r.len());
        for u in 0..units {
            for (i, row) in rows.iter().enumerate() {
                let v = row[u];
                totals[v] += 1;
                let differ = rows[i + 1..].iter().filter(|r| r[u] != v).count();
                disagreeing += 2 * differ as u64;
            }
        }
        Pairs {
            totals,
            disagreeing,
        }
    }

    /// Σ_c n_c².
    pub fn squared_totals(&self) -> u128 {
        self.totals
            .iter()
            .map(|&t| u128::from(t) * u128::from(t))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ratings;

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
