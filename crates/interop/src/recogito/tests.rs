//! Tests of the Recogito text-annotator reader: small files written here,
//! and the plugin test file of text-annotator-js placed on its page's text.

use super::*;
use crate::plan::plan;
use marginalia_core::selector::Anchoring;
use marginalia_core::text::Text;

/// The page's text: "Tea 🍵 in 東京, said Zoë (e + combining accent)".
const TEXT: &str = "Ann said: 東京 🍵 is near. Bob said e\u{301}té so.";

fn native(quote: &str, start: usize, end: usize, bodies: &str) -> String {
    format!(
        r#"{{"id": "a-{start}", "bodies": [{bodies}], "target": {{"annotation": "a-{start}",
          "selector": [{{"quote": {}, "start": {start}, "end": {end}, "range": {{}}}}],
          "creator": {{"isGuest": true, "id": "mxSAAs8itnJKKRBpcd0n", "name": "Ana"}},
          "created": "2025-11-05T10:02:22.596Z", "updated": "2025-11-05T10:02:24.133Z"}}}}"#,
        serde_json::to_string(quote).unwrap()
    )
}

#[test]
fn reads_quotes_bodies_and_creators_and_places_by_quote() {
    // UTF-16 positions: 東京 🍵 is 10..15 (the emoji is two units); the
    // second is stale (4 units off), the third has a combining accent.
    let file = format!(
        "[{}, {}, {}]",
        native(
            "東京 🍵",
            10,
            15,
            r#"{"purpose": "tagging", "value": "place"}, {"purpose": "tagging", "value": "drink"},
               {"purpose": "commenting", "value": "a note 🍵"}"#
        ),
        native("Bob", 20, 23, ""),
        native(
            "e\u{301}té",
            34,
            38,
            r#"{"purpose": "commenting", "value": "accent"}"#
        ),
    );
    assert!(looks_like(&file));
    let f = import(&file).unwrap();
    assert_eq!(f.format, FormatKind::Recogito);
    let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["place", "drink", "", ""]);
    let a = &f.annotations[0];
    assert_eq!(a.id.as_deref(), Some("a-10"));
    assert_eq!(f.annotations[1].id, None);
    assert_eq!(a.note, "a note 🍵");
    assert_eq!(a.selector.quote.as_ref().unwrap().exact, "東京 🍵");
    assert_eq!(
        a.selector.position,
        Some(Position {
            start: 10,
            end: 15,
            unit: Unit::Utf16
        })
    );
    let who = a.annotator.as_ref().unwrap();
    assert_eq!(
        (who.id.as_str(), who.name.as_str()),
        ("mxSAAs8itnJKKRBpcd0n", "Ana")
    );
    assert_eq!(
        a.created.as_ref().unwrap().as_str(),
        "2025-11-05T10:02:22.596Z"
    );
    assert_eq!(
        a.modified.as_ref().unwrap().as_str(),
        "2025-11-05T10:02:24.133Z"
    );
    assert_eq!(
        f.warnings,
        [
            "a-10: 2 tags (place, drink): one annotation per tag, on the same text (the first keeps the id)",
            "2 annotation(s) have no tag (no tagging body): they get the label \"untagged\"",
        ]
    );
    // Placed in code points; the stale position is only a hint.
    let p = plan(&Text::new(TEXT), &f);
    let got: Vec<&Anchoring> = p.items.iter().map(|i| &i.anchoring).collect();
    assert_eq!(
        got,
        [
            &Anchoring::Exact { start: 10, end: 14 },
            &Anchoring::Exact { start: 10, end: 14 },
            &Anchoring::Moved { start: 24, end: 27 },
            &Anchoring::Exact { start: 33, end: 37 },
        ]
    );
}

#[test]
fn errors_name_the_place_and_w3c_is_not_taken_for_it() {
    let bad = native("Bob", 24, 27, "").replace("\"start\": 24", "\"start\": -1");
    match import(&format!("[{bad}]")) {
        Err(InteropError::Invalid { format, path, .. }) => {
            assert_eq!(
                (format, path.as_str()),
                (FORMAT, "[0].target.selector[0].start")
            );
        }
        other => panic!("{other:?}"),
    }
    let backwards = native("Bob", 27, 24, "");
    assert!(import(&backwards).is_err());
    let w3c = r#"[{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "bodies": [],
        "body": [], "target": {"selector": [{"type": "TextQuoteSelector", "exact": "Bob", "quote": "Bob"}]}}]"#;
    assert!(!looks_like(w3c));
    assert!(!looks_like(
        r#"[{"data": {"text": "bodies"}, "annotations": []}]"#
    ));
    let empty = native("", 3, 3, "");
    let f = import(&format!("[{empty}]")).unwrap();
    assert!(f.annotations.is_empty());
    assert_eq!(f.warnings, ["[0] (a-3): it selects no text; skipped"]);
}

/// The text content of the page's `#content` element, as the annotator
/// saw it (tags dropped; the page has no entities there).
fn content_text(html: &str) -> String {
    let start = html.find("<div id=\"content\">").unwrap() + "<div id=\"content\">".len();
    let end = start + html[start..].find("</div>").unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// text-annotator-js's inline-markers test file: 14 annotations of two
/// guests, no bodies. On its own page, 11 positions hold their quote; 2
/// quotes differ in the length of white space runs (the page was
/// re-indented) and 1 position is 4 off: those are placed by their quote.
#[test]
fn the_plugin_test_file_is_read_and_placed_on_its_page() {
    let dir = crate::testdata::shared().join("realworld/w3c/recogito-text-annotator-js-native");
    let json = std::fs::read_to_string(dir.join("annotations.json")).unwrap();
    let inputs = [crate::files::InputFile {
        name: "annotations.json",
        text: &json,
    }];
    let f = crate::files::read(&inputs).unwrap();
    assert_eq!(f.format, FormatKind::Recogito);
    assert_eq!(f.annotations.len(), 14);
    assert_eq!(
        f.warnings,
        ["14 annotation(s) have no tag (no tagging body): they get the label \"untagged\""]
    );
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let text = Text::new(content_text(&html));
    let p = plan(&text, &f);
    let s = p.summary();
    let layers: Vec<(&str, usize)> = (s.layers.iter())
        .map(|(who, n)| (who.id.as_str(), *n))
        .collect();
    assert_eq!(
        layers,
        [("mxSAAs8itnJKKRBpcd0n", 13), ("y0qtlbf6IyT3ZbGg60ue", 1)]
    );
    assert_eq!(
        (s.exact, s.moved, s.fuzzy, s.ambiguous, s.orphaned),
        (11, 1, 2, 0, 0),
        "{:?}",
        p.items.iter().map(|i| &i.anchoring).collect::<Vec<_>>()
    );
    // Where placed exactly, the text there is the quote.
    for item in &p.items {
        if let Anchoring::Exact { start, end } | Anchoring::Moved { start, end } = item.anchoring {
            let quote = &item.foreign.selector.quote.as_ref().unwrap().exact;
            assert_eq!(&text.slice(start..end), quote);
        }
    }
}
