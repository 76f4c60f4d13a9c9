//! Every figure for a set of layers at once — what the Agreement panel
//! shows and its CSV export writes: per label and overall, for each pair of
//! annotators and, where the measure takes more, for all of them.

use crate::spans::{self, Match};
use crate::units::Coverage;
use crate::{alpha, kappa, relations, unitizing, Layer};
use std::fmt::Write;

/// What a figure measures (its `data-measure` name is [`Measure::name`],
/// which is also how it is written in JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Cohen's κ of a pair.
    CohenKappa,
    /// Fleiss' κ of all.
    FleissKappa,
    /// Krippendorff's α (nominal), a pair or all.
    KrippendorffAlpha,
    /// Krippendorff's unitizing α, a pair or all, per label.
    KrippendorffAlphaU,
    /// Exact span precision, recall, F1 (a pair, the first the reference).
    SpanExactPrecision,
    /// See [`Measure::SpanExactPrecision`].
    SpanExactRecall,
    /// See [`Measure::SpanExactPrecision`].
    SpanExactF1,
    /// Overlap span precision, recall, F1.
    SpanOverlapPrecision,
    /// See [`Measure::SpanOverlapPrecision`].
    SpanOverlapRecall,
    /// See [`Measure::SpanOverlapPrecision`].
    SpanOverlapF1,
    /// Relation F1 of a pair, ends matched exactly (overall only).
    RelationExactF1,
    /// Relation F1 of a pair, ends matched by overlap.
    RelationOverlapF1,
}

impl Measure {
    /// Its name in `data-measure` and the CSV.
    pub fn name(self) -> &'static str {
        match self {
            Measure::CohenKappa => "cohen_kappa",
            Measure::FleissKappa => "fleiss_kappa",
            Measure::KrippendorffAlpha => "krippendorff_alpha",
            Measure::KrippendorffAlphaU => "krippendorff_alpha_u",
            Measure::SpanExactPrecision => "span_exact_precision",
            Measure::SpanExactRecall => "span_exact_recall",
            Measure::SpanExactF1 => "span_exact_f1",
            Measure::SpanOverlapPrecision => "span_overlap_precision",
            Measure::SpanOverlapRecall => "span_overlap_recall",
            Measure::SpanOverlapF1 => "span_overlap_f1",
            Measure::RelationExactF1 => "relation_exact_f1",
            Measure::RelationOverlapF1 => "relation_overlap_f1",
        }
    }
}

/// One figure.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    /// What it measures.
    pub measure: Measure,
    /// The label, or `None` for overall.
    pub label: Option<String>,
    /// The annotators (indices into the layers), in the order used.
    pub annotators: Vec<usize>,
    /// Its value; `None` when undefined (docs/agreement.md).
    pub value: Option<f64>,
}

/// Every figure for `layers` over `text`: per label (every label a layer
/// uses, sorted) and overall, each pair in order, then all annotators when
/// there are more than two (Fleiss' κ also for two); relation F1 per pair,
/// overall, when a layer has relations.
pub fn report(text: &str, layers: &[Layer]) -> Vec<Figure> {
    let len = text.chars().count();
    let coverage = Coverage::new(text, layers);
    let mut out = Vec::new();
    let pairs: Vec<Vec<usize>> = (0..layers.len())
        .flat_map(|a| (a + 1..layers.len()).map(move |b| vec![a, b]))
        .collect();
    let everyone: Vec<usize> = (0..layers.len()).collect();
    let mut groups: Vec<Option<usize>> = (0..coverage.labels.len()).map(Some).collect();
    groups.push(None);
    for group in groups {
        let label = group.map(|i| coverage.labels[i].clone());
        let ratings = match group {
            Some(i) => Some(coverage.label(i)),
            None => coverage.overall(),
        };
        let mut push = |measure, annotators: &[usize], value| {
            out.push(Figure {
                measure,
                label: label.clone(),
                annotators: annotators.to_vec(),
                value,
            })
        };
        let on = |f: fn(usize, &[&[usize]]) -> Option<f64>, who: &[usize]| {
            ratings.as_ref().and_then(|r| {
                let rows: Vec<&[usize]> = who.iter().map(|&i| r.values[i].as_slice()).collect();
                f(r.categories.len(), &rows)
            })
        };
        for pair in &pairs {
            let cohen = ratings
                .as_ref()
                .and_then(|r| kappa::cohen(r, pair[0], pair[1]));
            push(Measure::CohenKappa, pair, cohen);
            push(
                Measure::KrippendorffAlpha,
                pair,
                on(alpha::nominal_rows, pair),
            );
            let (first, second) = (&layers[pair[0]], &layers[pair[1]]);
            let mut pair_figures = span_figures(first, second, label.as_deref());
            if label.is_none() {
                pair_figures.extend(relation_f1(first, second));
            }
            for (measure, value) in pair_figures {
                push(measure, pair, value);
            }
            if let Some(l) = &label {
                let two = [first, second];
                push(
                    Measure::KrippendorffAlphaU,
                    pair,
                    unitizing::alpha_u_layers(len, &two, l),
                );
            }
        }
        if layers.len() >= 2 {
            push(
                Measure::FleissKappa,
                &everyone,
                on(kappa::fleiss_rows, &everyone),
            );
        }
        if layers.len() > 2 {
            push(
                Measure::KrippendorffAlpha,
                &everyone,
                on(alpha::nominal_rows, &everyone),
            );
            if let Some(l) = &label {
                let each: Vec<&Layer> = layers.iter().collect();
                let all = unitizing::alpha_u_layers(len, &each, l);
                push(Measure::KrippendorffAlphaU, &everyone, all);
            }
        }
    }
    out
}

/// The span measures, exact then overlap: precision, recall, F1.
const SPAN_MEASURES: [(Match, [Measure; 3]); 2] = [
    (
        Match::Exact,
        [
            Measure::SpanExactPrecision,
            Measure::SpanExactRecall,
            Measure::SpanExactF1,
        ],
    ),
    (
        Match::Overlap,
        [
            Measure::SpanOverlapPrecision,
            Measure::SpanOverlapRecall,
            Measure::SpanOverlapF1,
        ],
    ),
];

/// The span precision, recall and F1 of a pair, exact then overlap.
fn span_figures(first: &Layer, second: &Layer, label: Option<&str>) -> Vec<(Measure, Option<f64>)> {
    let mut out = Vec::with_capacity(6);
    for (how, measures) in SPAN_MEASURES {
        let s = spans::scores(first, second, label, how);
        out.extend([
            (measures[0], s.precision),
            (measures[1], s.recall),
            (measures[2], s.f1),
        ]);
    }
    out
}

/// The relation F1 of a pair, exact then overlap (none when neither has
/// relations).
fn relation_f1(first: &Layer, second: &Layer) -> Vec<(Measure, Option<f64>)> {
    if first.links.is_empty() && second.links.is_empty() {
        return Vec::new();
    }
    RELATION_MEASURES
        .iter()
        .map(|&(how, measure)| {
            let s = relations::scores((first, &first.links), (second, &second.links), how);
            (measure, s.f1)
        })
        .collect()
}

/// The relation measures, exact then overlap.
const RELATION_MEASURES: [(Match, Measure); 2] = [
    (Match::Exact, Measure::RelationExactF1),
    (Match::Overlap, Measure::RelationOverlapF1),
];

/// The figures as CSV: `measure,label,annotators,value` (annotators by
/// name, `|`-separated, in the order used; `overall` for no label;
/// `undefined` for an undefined value; values in full precision).
pub fn csv(figures: &[Figure], layers: &[Layer]) -> String {
    let mut out = String::from("measure,label,annotators,value\r\n");
    for f in figures {
        let names: Vec<&str> = f
            .annotators
            .iter()
            .map(|&i| layers[i].annotator.as_str())
            .collect();
        let value = f.value.map_or("undefined".to_string(), |v| v.to_string());
        let _ = write!(
            out,
            "{},{},{},{}\r\n",
            f.measure.name(),
            field(f.label.as_deref().unwrap_or("overall")),
            field(&names.join("|")),
            value
        );
    }
    out
}

/// A CSV field, quoted when it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::testing::spans as layer;

    fn value(r: &[Figure], m: Measure, label: Option<&str>, who: &[usize]) -> Option<f64> {
        r.iter()
            .find(|f| f.measure == m && f.label.as_deref() == label && f.annotators == who)
            .unwrap_or_else(|| panic!("no {m:?} {label:?} {who:?}"))
            .value
    }

    #[test]
    fn identical_layers_agree_and_an_unused_label_is_not_reported() {
        let text = "The minister said “we will not” today.";
        let a = layer("Ana", &[("quote", 18, 31), ("source", 0, 12)]);
        let b = layer("Bo, Jr", &[("quote", 18, 31), ("source", 0, 12)]);
        let r = report(text, &[a.clone(), b.clone()]);
        for label in [Some("quote"), Some("source"), None] {
            assert_eq!(value(&r, Measure::CohenKappa, label, &[0, 1]), Some(1.0));
            assert_eq!(
                value(&r, Measure::KrippendorffAlpha, label, &[0, 1]),
                Some(1.0)
            );
            assert_eq!(value(&r, Measure::SpanExactF1, label, &[0, 1]), Some(1.0));
            assert_eq!(value(&r, Measure::FleissKappa, label, &[0, 1]), Some(1.0));
        }
        assert!(r.iter().all(|f| f.label.as_deref() != Some("claim")));
        let csv = csv(&r, &[a, b]);
        assert!(
            csv.starts_with(
                "measure,label,annotators,value\r\ncohen_kappa,quote,\"Ana|Bo, Jr\",1\r\n"
            ),
            "{csv}"
        );
    }

    #[test]
    fn an_empty_layer_and_no_units_give_defined_answers() {
        let a = layer("A", &[("quote", 0, 3)]);
        let r = report("abc def", &[a.clone(), layer("B", &[])]);
        assert_eq!(
            value(&r, Measure::SpanExactF1, Some("quote"), &[0, 1]),
            Some(0.0)
        );
        assert_eq!(
            value(&r, Measure::SpanExactPrecision, Some("quote"), &[0, 1]),
            None
        );
        let blank = report("   ", &[a, layer("B", &[])]);
        assert_eq!(value(&blank, Measure::CohenKappa, None, &[0, 1]), None);
        assert!(blank.iter().all(|f| f.value.is_none_or(f64::is_finite)));
        let three = report(
            "abc def",
            &[
                layer("A", &[("quote", 0, 3)]),
                layer("B", &[("quote", 0, 3)]),
                layer("C", &[("quote", 4, 7)]),
            ],
        );
        assert!(value(
            &three,
            Measure::KrippendorffAlpha,
            Some("quote"),
            &[0, 1, 2]
        )
        .is_some());
    }

    /// A has two attributions, B one — the same as A's first: precision
    /// 1/1, recall 1/2, F1 2/3, exactly and by overlap alike (A's second
    /// starts from a quote B marked shorter, but B did not attribute it).
    #[test]
    fn relation_agreement_per_pair_overall_only() {
        let link = |from, to| crate::relations::Link {
            from,
            to,
            kind: "attributed to".into(),
        };
        let mut a = layer("A", &[("quote", 0, 3), ("source", 4, 7), ("quote", 8, 11)]);
        a.links = vec![link(0, 1), link(2, 1)];
        let mut b = layer("B", &[("quote", 0, 3), ("source", 4, 7), ("quote", 8, 10)]);
        b.links = vec![link(0, 1)];
        let r = report("abc def ghi", &[a, b]);
        let exact = value(&r, Measure::RelationExactF1, None, &[0, 1]).unwrap();
        assert!((exact - 2.0 / 3.0).abs() < 1e-12, "{exact}");
        let overlap = value(&r, Measure::RelationOverlapF1, None, &[0, 1]).unwrap();
        assert!((overlap - 2.0 / 3.0).abs() < 1e-12, "{overlap}");
        assert!(r
            .iter()
            .all(|f| f.label.is_none() || f.measure != Measure::RelationExactF1));
        let none = report("abc", &[layer("A", &[]), layer("B", &[])]);
        assert!(none.iter().all(|f| f.measure != Measure::RelationExactF1));
    }
}
