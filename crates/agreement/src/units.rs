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

/// Per label: each annotator's value (0 or 1) for each unit.
pub fn label_ratings(len: usize, units: &[usize], layers: &[Layer], label: &str) -> Ratings {
    let values = layers
        .iter()
        .map(|layer| {
            let cover = covered(len, layer, label);
            units.iter().map(|&u| usize::from(cover[u])).collect()
        })
        .collect();
    Ratings {
        categories: vec!["0".into(), "1".into()],
        values,
    }
}

/// Overall: each annotator's value for each unit is the set of labels
/// covering it, sorted and joined with `+` (`""` for none); the categories
/// are the values that occur, sorted.
pub fn overall_ratings(len: usize, units: &[usize], layers: &[Layer]) -> Ratings {
    let labels = labels(layers);
    let names: Vec<Vec<String>> = layers
        .iter()
        .map(|layer| {
            let covers: Vec<Vec<bool>> = labels.iter().map(|l| covered(len, layer, l)).collect();
            units
                .iter()
                .map(|&u| {
                    let set: Vec<&str> = labels
                        .iter()
                        .zip(&covers)
                        .filter(|(_, c)| c[u])
                        .map(|(l, _)| l.as_str())
                        .collect();
                    set.join("+")
                })
                .collect()
        })
        .collect();
    let mut categories: Vec<String> = names.iter().flatten().cloned().collect();
    categories.sort();
    categories.dedup();
    let values = names
        .iter()
        .map(|row| {
            row.iter()
                .map(|v| categories.binary_search(v).expect("a value that occurs"))
                .collect()
        })
        .collect();
    Ratings { categories, values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Mark;

    fn layer(marks: &[(&str, &[(usize, usize)])]) -> Layer {
        Layer {
            annotator: "a".into(),
            marks: marks
                .iter()
                .map(|(l, parts)| Mark {
                    label: l.to_string(),
                    parts: parts.iter().map(|&(s, e)| s..e).collect(),
                })
                .collect(),
        }
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
        let text = "abcdef";
        let units = coding_units(text);
        let a = layer(&[("quote", &[(0, 2), (4, 5)]), ("source", &[(1, 3)])]);
        let r = overall_ratings(6, &units, &[a]);
        let shown: Vec<&str> = r.values[0]
            .iter()
            .map(|&v| r.categories[v].as_str())
            .collect();
        assert_eq!(shown, ["quote", "quote+source", "source", "", "quote", ""]);
        let q = label_ratings(6, &units, &[layer(&[("quote", &[(4, 9)])])], "quote");
        assert_eq!(q.values[0], [0, 0, 0, 0, 1, 1], "clamped to the text");
    }
}
