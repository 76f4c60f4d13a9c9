//! Every case of the shared anchoring conformance file (Apache Annotator and
//! Hypothesis client test cases, see `shared/conformance/anchoring/SOURCES.md`)
//! run against Marginalia's re-anchoring. Offsets are compared in code
//! points; the UTF-16 offsets of the cases are checked through the
//! conversion functions.

use marginalia_core::text::{cp_to_utf16, utf16_to_cp};
use marginalia_core::{Text, TextQuote};
use marginalia_interop::reanchor::{
    describe_minimal, match_quote, match_quote_all, reanchor, reanchor_all, Anchoring,
    DescribeOptions, Position, Selector, Unit,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// The shared conformance file: under `$MARGINALIA_SHARED`, else `shared/`
/// beside the repository, else `/work/shared`. A missing file fails the
/// test (it never passes without checking anything).
fn cases() -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let candidates = std::env::var_os("MARGINALIA_SHARED")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([root.join("../shared"), "/work/shared".into()]);
    for dir in candidates {
        let path = dir.join("conformance/anchoring/cases.json");
        if let Ok(text) = std::fs::read_to_string(&path) {
            return text;
        }
    }
    panic!("shared/conformance/anchoring/cases.json not found: set MARGINALIA_SHARED");
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn span(v: &Value, unit: &str) -> (usize, usize) {
    let a = v[unit].as_array().expect("span array");
    (
        a[0].as_u64().expect("offset") as usize,
        a[1].as_u64().expect("offset") as usize,
    )
}

fn quote(exact: &str, prefix: &str, suffix: &str) -> TextQuote {
    TextQuote {
        exact: exact.into(),
        prefix: prefix.into(),
        suffix: suffix.into(),
    }
}

fn check_span_units(id: &str, text: &str, v: &Value) {
    let (cs, ce) = span(v, "codepoint");
    let (us, ue) = span(v, "utf16");
    assert_eq!(
        (cp_to_utf16(text, cs), cp_to_utf16(text, ce)),
        (us, ue),
        "{id}: utf16 of codepoint span"
    );
    assert_eq!(
        (utf16_to_cp(text, us), utf16_to_cp(text, ue)),
        (cs, ce),
        "{id}: codepoint of utf16 span"
    );
    let t = Text::new(text);
    assert_eq!(t.slice(cs..ce), s(v, "text"), "{id}: span text");
}

fn match_quote_case(id: &str, text: &str, c: &Value) {
    let sel = &c["selector"];
    let t = Text::new(text);
    let got = match_quote_all(&t, s(sel, "exact"), s(sel, "prefix"), s(sel, "suffix"));
    let want: Vec<(usize, usize)> = c["expected"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| {
            check_span_units(id, text, e);
            span(e, "codepoint")
        })
        .collect();
    assert_eq!(got, want, "{id}");
    // A non-empty quote with its context must also re-anchor: on the only
    // match, or ambiguously between several.
    if !s(sel, "exact").is_empty() {
        let q = quote(s(sel, "exact"), s(sel, "prefix"), s(sel, "suffix"));
        let r = reanchor(
            &t,
            &Selector {
                position: None,
                quote: Some(q),
            },
        );
        match want.as_slice() {
            // Re-anchoring tolerates context that Apache's strict matcher
            // rejects, so nothing is asserted when there is no strict match.
            [] => {}
            [one] => assert_eq!(r.span(), Some(*one), "{id}: reanchor"),
            _ => assert_eq!(r, Anchoring::Ambiguous, "{id}: reanchor"),
        }
    }
}

fn match_position_case(id: &str, text: &str, c: &Value) {
    let sel = &c["selector"];
    let (start, end) = (
        sel["start"].as_u64().expect("start") as usize,
        sel["end"].as_u64().expect("end") as usize,
    );
    let e = &c["expected"][0];
    check_span_units(id, text, e);
    let t = Text::new(text);
    let want = span(e, "codepoint");
    for unit in [Unit::CodePoint, Unit::Unknown] {
        let r = reanchor(
            &t,
            &Selector {
                position: Some(Position { start, end, unit }),
                quote: None,
            },
        );
        assert_eq!(
            r,
            Anchoring::Exact {
                start: want.0,
                end: want.1
            },
            "{id} {unit:?}"
        );
    }
    // The same span given in UTF-16 units, as a browser would store it.
    let (us, ue) = span(e, "utf16");
    let r = reanchor(
        &t,
        &Selector {
            position: Some(Position {
                start: us,
                end: ue,
                unit: Unit::Utf16,
            }),
            quote: Some(TextQuote::of(&t, want.0, want.1)),
        },
    );
    assert_eq!(r.span(), Some(want), "{id} utf16");
    assert!(matches!(r, Anchoring::Exact { .. }), "{id}: {r:?}");
}

fn describe_quote_case(id: &str, text: &str, c: &Value) {
    let r = &c["range"];
    check_span_units(id, text, r);
    let (start, end) = span(r, "codepoint");
    let o = &c["options"];
    let defaults = DescribeOptions::default();
    let options = DescribeOptions {
        minimal_context: o["minimalContext"].as_bool().unwrap_or(false),
        minimum_quote_length: o["minimumQuoteLength"]
            .as_u64()
            .map_or(defaults.minimum_quote_length, |v| v as usize),
        max_word_length: o["maxWordLength"]
            .as_u64()
            .map_or(defaults.max_word_length, |v| v as usize),
    };
    let t = Text::new(text);
    let got = describe_minimal(&t, start, end, &options);
    let want = &c["expected_selector"];
    assert_eq!(
        got,
        quote(s(want, "exact"), s(want, "prefix"), s(want, "suffix")),
        "{id}"
    );
    // The description finds the range again, and only it.
    assert_eq!(
        match_quote_all(&t, &got.exact, &got.prefix, &got.suffix),
        vec![(start, end)],
        "{id}: round trip"
    );
}

fn fuzzy_match_case(id: &str, text: &str, c: &Value) {
    let ctx = &c["context"];
    let t = Text::new(text);
    let hint = ctx["hint"].as_u64().map(|h| utf16_to_cp(text, h as usize));
    let got = match_quote(&t, s(c, "quote"), s(ctx, "prefix"), s(ctx, "suffix"), hint);
    let e = &c["expected"];
    if e.is_null() {
        assert_eq!(got, None, "{id}");
        return;
    }
    let m = got.unwrap_or_else(|| panic!("{id}: no match"));
    if let Some(start) = e["start_utf16"].as_u64() {
        assert_eq!(m.start, utf16_to_cp(text, start as usize), "{id}: start");
    } else {
        check_span_units(id, text, e);
        assert_eq!((m.start, m.end), span(e, "codepoint"), "{id}");
    }
    match s(c, "expected_score") {
        "" => {}
        "== 1.0" => assert_eq!(m.score, 1.0, "{id}: score"),
        "> 0 and < 1" => assert!(m.score > 0.0 && m.score < 1.0, "{id}: score {}", m.score),
        other => panic!("{id}: unknown score expectation {other}"),
    }
}

fn score_order_case(id: &str, text: &str, c: &Value) {
    let t = Text::new(text);
    let fixed = &c["fixed"];
    let vary = s(c, "vary");
    let scores: Vec<f64> = c["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .map(|v| {
            let v = v.as_str().expect("variant");
            let (q, p, x) = match vary {
                "quote" => (v, s(fixed, "prefix"), s(fixed, "suffix")),
                "prefix" => (s(fixed, "quote"), v, s(fixed, "suffix")),
                "suffix" => (s(fixed, "quote"), s(fixed, "prefix"), v),
                other => panic!("{id}: unknown vary {other}"),
            };
            match_quote(&t, q, p, x, None)
                .unwrap_or_else(|| panic!("{id}: {v} not found"))
                .score
        })
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] > w[1]),
        "{id}: scores not strictly decreasing: {scores:?}"
    );
}

/// Hypothesis describes a range by its TextPositionSelector (UTF-16) and a
/// TextQuoteSelector with 32 characters of context, then re-anchors each
/// selector alone.
fn describe_range_case(id: &str, text: &str, c: &Value) {
    let r = &c["range"];
    check_span_units(id, text, r);
    let (start, end) = span(r, "codepoint");
    let t = Text::new(text);
    let q = TextQuote::of(&t, start, end);
    assert_eq!(q.exact, s(c, "expected_exact_raw"), "{id}: exact");
    let position = Position {
        start: cp_to_utf16(text, start),
        end: cp_to_utf16(text, end),
        unit: Unit::Utf16,
    };
    assert_eq!((position.start, position.end), span(r, "utf16"), "{id}");
    let want = Anchoring::Exact { start, end };
    let by_position = Selector {
        position: Some(position),
        quote: None,
    };
    assert_eq!(reanchor(&t, &by_position), want, "{id}: position alone");
    let by_quote = Selector {
        position: None,
        quote: Some(q.clone()),
    };
    let got = reanchor(&t, &by_quote);
    let (a, b) = got
        .span()
        .unwrap_or_else(|| panic!("{id}: quote alone: {got:?}"));
    assert_eq!(
        t.slice(a..b),
        s(c, "expected_exact_raw"),
        "{id}: quote alone"
    );
    assert_eq!((a, b), (start, end), "{id}: quote alone");
    let both = Selector {
        position: Some(position),
        quote: Some(q),
    };
    assert_eq!(reanchor(&t, &both), want, "{id}: both");
}

fn anchor_baseline_case(id: &str, text: &str, c: &Value) {
    let t = Text::new(text);
    let mut selectors = Vec::new();
    let mut wants = Vec::new();
    for a in c["annotations"].as_array().expect("annotations") {
        let aid = format!("{id}/{}", s(a, "annotation_id"));
        let sels = a["selectors"].as_array().expect("selectors");
        let find = |ty: &str| {
            sels.iter()
                .find(|x| s(x, "type") == ty)
                .unwrap_or_else(|| panic!("{aid}: no {ty}"))
        };
        let pos = find("TextPositionSelector");
        let qs = find("TextQuoteSelector");
        let position = Position {
            start: pos["start"].as_u64().expect("start") as usize,
            end: pos["end"].as_u64().expect("end") as usize,
            unit: Unit::Utf16,
        };
        let q = quote(s(qs, "exact"), s(qs, "prefix"), s(qs, "suffix"));
        let e = &a["expected"];
        check_span_units(&aid, text, e);
        let (start, end) = span(e, "codepoint");
        let want = Anchoring::Exact { start, end };
        let sel = Selector {
            position: Some(position),
            quote: Some(q.clone()),
        };
        assert_eq!(reanchor(&t, &sel), want, "{aid}: both selectors");
        let alone = Selector {
            position: None,
            quote: Some(q.clone()),
        };
        assert_eq!(
            reanchor(&t, &alone).span(),
            Some((start, end)),
            "{aid}: quote alone"
        );
        let alone = Selector {
            position: Some(position),
            quote: None,
        };
        assert_eq!(reanchor(&t, &alone), want, "{aid}: position alone");
        // Describing the anchored span again gives the stored selectors.
        assert_eq!(TextQuote::of(&t, start, end), q, "{aid}: re-describe quote");
        assert_eq!(
            (cp_to_utf16(text, start), cp_to_utf16(text, end)),
            (position.start, position.end),
            "{aid}: re-describe position"
        );
        selectors.push(sel);
        wants.push(want);
    }
    assert_eq!(reanchor_all(&t, &selectors), wants, "{id}: batch");
}

#[test]
fn every_conformance_case_passes() {
    let doc: Value = serde_json::from_str(&cases()).expect("cases.json parses");
    assert_eq!(doc["format"], "extern-anchoring-cases/1");
    let cases = doc["cases"].as_array().expect("cases");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for c in cases {
        let id = s(c, "id");
        let op = s(c, "op");
        let text = s(c, "text");
        match op {
            "match-quote" => match_quote_case(id, text, c),
            "match-position" => match_position_case(id, text, c),
            "describe-quote" => describe_quote_case(id, text, c),
            "fuzzy-match-quote" => fuzzy_match_case(id, text, c),
            "fuzzy-score-order" => score_order_case(id, text, c),
            "describe-range" => describe_range_case(id, text, c),
            "anchor-baseline" => anchor_baseline_case(id, text, c),
            other => panic!("{id}: unknown op {other}"),
        }
        *counts.entry(op.to_string()).or_default() += 1;
    }
    println!("anchoring conformance cases passed, per op:");
    for (op, n) in &counts {
        println!("  {op:<20} {n:>3}");
    }
    let total: usize = counts.values().sum();
    println!("  {:<20} {total:>3}", "total");
    assert_eq!(total, cases.len());
    assert_eq!(total, 104, "SOURCES.md lists 104 cases");
    let expected_ops = [
        ("anchor-baseline", 2),
        ("describe-quote", 22),
        ("describe-range", 27),
        ("fuzzy-match-quote", 18),
        ("fuzzy-score-order", 3),
        ("match-position", 7),
        ("match-quote", 25),
    ];
    for (op, n) in expected_ops {
        assert_eq!(counts.get(op), Some(&n), "{op}");
    }
}
