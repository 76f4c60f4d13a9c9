//! Every figure of the reference file (`reference.json`, written by
//! `scripts/agreement-reference.py` with scikit-learn's `cohen_kappa_score`
//! and `krippendorff.alpha(level_of_measurement="nominal")` on generated
//! data; `scripts/test` writes it again and checks it is unchanged) equals
//! ours to 1e-9, undefined where the library's is.

use marginalia_agreement::units::{label_ratings, overall_ratings, Ratings};
use marginalia_agreement::{alpha, kappa, Layer, Mark};
use serde::Deserialize;

#[derive(Deserialize)]
struct File {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    text: String,
    layers: Vec<LayerJson>,
    expected: Vec<Figure>,
}

#[derive(Deserialize)]
struct LayerJson {
    annotator: String,
    marks: Vec<MarkJson>,
}

#[derive(Deserialize)]
struct MarkJson {
    label: String,
    parts: Vec<[usize; 2]>,
}

#[derive(Deserialize)]
struct Figure {
    measure: String,
    label: String,
    annotators: Vec<usize>,
    value: Option<f64>,
}

fn layers(case: &Case) -> Vec<Layer> {
    case.layers
        .iter()
        .map(|l| Layer {
            annotator: l.annotator.clone(),
            marks: l
                .marks
                .iter()
                .map(|m| Mark {
                    label: m.label.clone(),
                    parts: m.parts.iter().map(|p| p[0]..p[1]).collect(),
                })
                .collect(),
            links: Vec::new(),
        })
        .collect()
}

fn ratings(case: &Case, layers: &[Layer], label: &str) -> Ratings {
    match label {
        "overall" => overall_ratings(&case.text, layers).unwrap(),
        l => label_ratings(&case.text, layers, l),
    }
}

#[test]
fn every_figure_equals_the_reference_libraries() {
    let path = std::env::var("MARGINALIA_AGREEMENT_REFERENCE")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference.json").into());
    let file: File = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut checked = 0;
    for case in &file.cases {
        let layers = layers(case);
        for f in &case.expected {
            let r = ratings(case, &layers, &f.label).of(&f.annotators);
            let ours = match f.measure.as_str() {
                "cohen_kappa" => kappa::cohen(&r, 0, 1),
                "krippendorff_alpha" => alpha::nominal(&r),
                other => panic!("unknown measure {other}"),
            };
            let what = format!("{} {} {} {:?}", case.name, f.measure, f.label, f.annotators);
            match (ours, f.value) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: {a} vs {b}"),
                (a, b) => assert_eq!(a, b, "{what}"),
            }
            checked += 1;
        }
    }
    assert!(checked >= 200, "only {checked} figures");
    assert!(file.cases.iter().any(|c| c.layers.len() > 2));
    let names: Vec<&str> = file
        .cases
        .iter()
        .map(|c| c.layers[0].annotator.as_str())
        .collect();
    assert!(names.iter().all(|n| !n.is_empty()));
}
