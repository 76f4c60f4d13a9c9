//! Coding units and the values annotators give them (see the crate's
//! notes): every code point of the text that is not white space is a unit;
//! per label a unit's value is whether the label covers it; overall, the
//! set of labels covering it.

use crate::Layer;

/// The values several annotators give the same units: `values[r][u]` is
/// annotator `r`'s category (an index into `categories`) for unit `u`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ratings {
    /// The categories, sorted (per label `["0", "1"]`; overall the label
    /// sets, `""` for none).
    pub categories: Vec<String>,
    /// One row per annotator, one value per unit.
    pub values: Vec<Vec<usize>>,
}

impl Ratings {
    /// How many units there are.
    pub fn units(&self) -> usize {
        self.values.first().map_or(0, Vec::len)
    }

    /// The ratings of annotators `chosen` only (in that order).
    pub fn of(&self, chosen: &[usize]) -> Ratings {
        Ratings {
            categories: self.categories.clone(),
            values: chosen.iter().map(|&r| self.values[r].clone()).collect(),
        }
    }
}

/// The coding units of `text`: the code-point offsets of every code point
/// that is not white space (Unicode `White_Space`, as `char::is_whitespace`).
pub fn coding_units(text: &str) -> Vec<usize> {
    text.chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .map(|(i, _)| i)
        .collect()
}

/// Which of a text's `len` code points `layer`'s marks with `label` cover
/// (any part of any of them).
pub fn covered(len: usize, layer: &Layer, label: &str) -> Vec<bool> {
    // A running count over starts and ends: linear in the text and marks.
    let mut delta = vec![0i64; len + 1];
    for part in layer
        .marks
        .iter()
        .filter(|m| m.label == label)
        .flat_map(|m| m.parts.iter())
    {
        let (s, e) = (part.start.min(len), part.end.min(len));
        if s < e {
            delta[s] += 1;
            delta[e] -= 1;
        }
    }
    let mut depth = 0;
    delta[..len]
        .iter()
        .map(|d| {
            depth += d;
            depth > 0
        })
        .collect()
}

/// Every label any layer uses, sorted.
pub fn labels(layers: &[Layer]) -> Vec<String> {
    let mut all: Vec<String> = layers
        .iter()
        .flat_map(|l| l.marks.iter().map(|m| m.label.clone()))
        .collect();
    all.sort();
    all.dedup();
    all
}

/// Which code points each layer's marks of each label cover, computed
/// once for all the figures of a report.
pub struct Coverage {
    /// The labels, sorted ([`labels`]).
    pub labels: Vec<String>,
    /// The coding units ([`coding_units`]).
    pub units: Vec<usize>,
    /// `covers[layer][label][code point]`.
    covers: Vec<Vec<Vec<bool>>>,
}

impl Coverage {
    /// The coverage of `layers` over `text`.
    pub fn new(text: &str, layers: &[Layer]) -> Self {
        let len = text.chars().count();
        let labels = labels(layers);
        let covers = layers
            .iter()
            .map(|layer| labels.iter().map(|l| covered(len, layer, l)).collect())
            .collect();
        Coverage {
            labels,
            units: coding_units(text),
            covers,
        }
    }

    /// Per label (by its index in `labels`): each annotator's value (0 or
    /// 1) for each unit.
    pub fn label(&self, label: usize) -> Ratings {
        let values = self
            .covers
            .iter()
            .map(|layer| {
                let cover = &layer[label];
                self.units.iter().map(|&u| usize::from(cover[u])).collect()
            })
            .collect();
        Ratings {
            categories: vec!["0".into(), "1".into()],
            values,
        }
    }

    /// Overall: each annotator's value for each unit is the set of labels
    /// covering it, sorted and joined with `+` (`""` for none); the
    /// categories are the values that occur, sorted. `None` with more than
    /// [`MAX_LABELS`] labels.
    pub fn overall(&self) -> Option<Ratings> {
        if self.labels.len() > MAX_LABELS {
            return None;
        }
        // Each unit's set as a bit mask (bit i: labels[i]), then the masks
        // that occur as the categories.
        let masks: Vec<Vec<u128>> = self
            .covers
            .iter()
            .map(|layer| {
                (self.units.iter())
                    .map(|&u| {
                        (layer.iter().enumerate())
                            .filter(|(_, c)| c[u])
                            .fold(0u128, |m, (bit, _)| m | 1 << bit)
                    })
                    .collect()
            })
            .collect();
        let name = |mask: u128| -> String {
            let set: Vec<&str> = (0..self.labels.len())
                .filter(|b| mask >> b & 1 == 1)
                .map(|b| self.labels[b].as_str())
                .collect();
            set.join("+")
        };
        // The masks that occur (runs of one mask are the rule).
        let mut seen = std::collections::BTreeSet::new();
        let mut last = None;
        for &m in masks.iter().flatten() {
            if last != Some(m) {
                seen.insert(m);
                last = Some(m);
            }
        }
        let seen: Vec<u128> = seen.into_iter().collect();
        // The categories in name order; `rank[i]`: where `seen[i]` is.
        let mut named: Vec<(String, usize)> = seen
            .iter()
            .enumerate()
            .map(|(i, &m)| (name(m), i))
            .collect();
        named.sort();
        let mut rank = vec![0; seen.len()];
        for (at, (_, i)) in named.iter().enumerate() {
            rank[*i] = at;
        }
        let at = |m: &u128| rank[seen.binary_search(m).expect("a mask seen")];
        let values = (masks.iter())
            .map(|row| row.iter().map(at).collect())
            .collect();
        Some(Ratings {
            categories: named.into_iter().map(|(n, _)| n).collect(),
            values,
        })
    }
}

/// Per label: each annotator's value (0 or 1) for each unit of `text`.
pub fn label_ratings(text: &str, layers: &[Layer], label: &str) -> Ratings {
    let c = Coverage::new(text, layers);
    match c.labels.iter().position(|l| l == label) {
        Some(i) => c.label(i),
        // Nobody used it: every value 0.
        None => Ratings {
            categories: vec!["0".into(), "1".into()],
            values: vec![vec![0; c.units.len()]; layers.len()],
        },
    }
}

/// Overall ratings of `text` (see [`Coverage::overall`]).
pub fn overall_ratings(text: &str, layers: &[Layer]) -> Option<Ratings> {
    Coverage::new(text, layers).overall()
}

/// The most labels the overall values can tell apart.
pub const MAX_LABELS: usize = 128;

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(marks: &[(&str, &[(usize, usize)])]) -> Layer {
        crate::testing::layer("x", marks)
    }

    #[test]
    fn units_are_code_points_without_white_space() {
        // An emoji, a CJK character, e + a combining acute, an ideographic
        // space (White_Space) and a no-break space (White_Space too).
        let text = "a😀 中e\u{301}\u{3000}b\u{a0}c";
        assert_eq!(coding_units(text), [0, 1, 3, 4, 5, 7, 9]);
    }

    #[test]
    fn overall_values_are_the_label_sets_and_parts_count() {
        let a = layer(&[("quote", &[(0, 2), (4, 5)]), ("source", &[(1, 3)])]);
        let r = overall_ratings("abcdef", &[a]).unwrap();
        let shown: Vec<&str> = r.values[0]
            .iter()
            .map(|&v| r.categories[v].as_str())
            .collect();
        assert_eq!(shown, ["quote", "quote+source", "source", "", "quote", ""]);
        let q = label_ratings("abcdef", &[layer(&[("quote", &[(4, 9)])])], "quote");
        assert_eq!(q.values[0], [0, 0, 0, 0, 1, 1], "clamped to the text");
    }
}
