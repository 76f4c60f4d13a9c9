//! Test set-up shared by this crate's modules.

use crate::units::Ratings;
use crate::{Layer, Mark};

/// A layer of `name` with `marks`: each a label and its parts.
pub fn layer(name: &str, marks: &[(&str, &[(usize, usize)])]) -> Layer {
    Layer {
        annotator: name.into(),
        marks: marks
            .iter()
            .map(|(l, parts)| Mark {
                label: l.to_string(),
                parts: parts.iter().map(|&(s, e)| s..e).collect(),
            })
            .collect(),
        links: Vec::new(),
    }
}

/// A layer of `name` whose marks are one span each: `(label, start, end)`.
pub fn spans(name: &str, marks: &[(&str, usize, usize)]) -> Layer {
    let parts: Vec<[(usize, usize); 1]> = marks.iter().map(|&(_, s, e)| [(s, e)]).collect();
    let marks: Vec<(&str, &[(usize, usize)])> = marks
        .iter()
        .zip(&parts)
        .map(|(m, p)| (m.0, &p[..]))
        .collect();
    layer(name, &marks)
}

/// Ratings with categories `0..k` named by their index.
pub fn ratings(values: &[&[usize]], k: usize) -> Ratings {
    Ratings {
        categories: (0..k).map(|c| c.to_string()).collect(),
        values: values.iter().map(|v| v.to_vec()).collect(),
    }
}
