//! How the format engine's answers should cross to the page: measured, not
//! asserted (a benchmark, ignored by default). Run in Chromium with
//! `cargo test -p marginalia-worker --target wasm32-unknown-unknown --test transport -- --include-ignored`;
//! it prints, for a 10,000-annotation import plan, the time to encode it in
//! the worker, carry it and decode it in the page, as JSON bytes in a
//! transferred buffer (what the engine does) and as a JS object graph made
//! by `serde-wasm-bindgen` and structured-cloned by `postMessage`.
#![cfg(target_arch = "wasm32")]

use marginalia_core::engine::{decode, encode, Answer, Response};
use marginalia_core::import::{ForeignAnnotation, FormatKind, ImportPlan, Planned};
use marginalia_core::selector::{Anchoring, Position, Selector, Unit};
use marginalia_core::{Tag, TextQuote, Timestamp};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
    #[wasm_bindgen(js_name = structuredClone)]
    fn structured_clone(value: &JsValue) -> JsValue;
    #[wasm_bindgen(js_namespace = console, js_name = log)]
    fn log(s: &str);
}

/// A plan like the benchmark's large case: 10,000 annotations with quotes
/// of 32 code points of context on each side, a fifth with notes.
fn plan() -> Response {
    let items = (0..10_000)
        .map(|i| Planned {
            foreign: ForeignAnnotation {
                id: Some(format!("urn:uuid:{i:08}-6c1e-4b8e-9a57-3f1e5d2c7b90")),
                label: ["claim", "source", "quote"][i % 3].into(),
                selector: Selector {
                    position: Some(Position {
                        start: i * 97,
                        end: i * 97 + 24,
                        unit: Unit::CodePoint,
                    }),
                    quote: Some(TextQuote {
                        exact: format!("the quoted words number {i}"),
                        prefix: "which the officials said were 東京 ".into(),
                        suffix: " according to the report 🍵 of May".into(),
                    }),
                },
                note: if i % 5 == 0 {
                    format!("note {i}: check")
                } else {
                    String::new()
                },
                created: Timestamp::new("2026-11-24T10:00:00.000Z").ok(),
                modified: Timestamp::new("2026-11-24T10:00:00.000Z").ok(),
                parts: Vec::new(),
                attributes: Default::default(),
                part_quotes: Vec::new(),
            },
            anchoring: Anchoring::Moved {
                start: i * 97 + 3,
                end: i * 97 + 27,
            },
            tag: Tag::from_foreign(["claim", "source", "quote"][i % 3]),
        })
        .collect();
    Response {
        job: 1,
        answer: Answer::Placed(Box::new(ImportPlan {
            format: FormatKind::W3c,
            items,
            warnings: Vec::new(),
            codebook: None,
            text: None,
            title: None,
            source: None,
        })),
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

#[wasm_bindgen_test]
#[ignore]
fn json_bytes_against_serde_wasm_bindgen() {
    let response = plan();
    let (mut json, mut swb) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let t0 = now();
        let bytes = js_sys::Uint8Array::from(encode(&response).as_slice());
        let t1 = now();
        let back: Response = decode(&bytes.to_vec()).unwrap();
        let t2 = now();
        assert_eq!(back, response);
        json.push((t1 - t0, t2 - t1, bytes.length() as f64));

        let t0 = now();
        let value = serde_wasm_bindgen::to_value(&response).unwrap();
        let t1 = now();
        let cloned = structured_clone(&value);
        let t2 = now();
        let back: Response = serde_wasm_bindgen::from_value(cloned).unwrap();
        let t3 = now();
        assert_eq!(back, response);
        swb.push((t1 - t0, t2 - t1, t3 - t2));
    }
    let m =
        |v: &Vec<(f64, f64, f64)>, k: usize| median(v.iter().map(|t| [t.0, t.1, t.2][k]).collect());
    log(&format!(
        "10,000-annotation plan, medians of 7 (ms): JSON bytes: encode {:.1}, decode in the page {:.1} ({:.1} MB, transferred, not copied); serde-wasm-bindgen: to_value {:.1}, structured clone {:.1}, from_value in the page {:.1}",
        m(&json, 0),
        m(&json, 1),
        m(&json, 2) / 1e6,
        m(&swb, 0),
        m(&swb, 1),
        m(&swb, 2)
    ));
}
