//! Hypothesis API shapes (the search envelope, a bare list, a CouchDB
//! `_all_docs` dump), and what no text can hold: page notes, annotations
//! of PDFs, image annotations (Annotorious); files written here, and the
//! real files of the shared material.

use crate::plan::plan;
use crate::reanchor::{Position, Unit};
use crate::w3c::{import, looks_like};
use crate::InteropError;
use marginalia_core::selector::Anchoring;
use marginalia_core::text::Text;

/// "Ann said: 東京 🍵 is near. Bob said e\u{301}té so." (the emoji is two
/// UTF-16 units; e + combining accent two code points).
const TEXT: &str = "Ann said: 東京 🍵 is near. Bob said e\u{301}té so.";

/// A Hypothesis annotation of `source` (`selectors`: a JSON list, or
/// `None` for a page note).
fn hyp(id: &str, source: &str, selectors: Option<&str>, extra: &str) -> String {
    let target = match selectors {
        Some(s) => format!(r#"{{"source": "{source}", "selector": {s}}}"#),
        None => format!(r#"{{"source": "{source}"}}"#),
    };
    format!(
        r#"{{"id": "{id}", "user": "acct:ana@hypothes.is", "uri": "{source}",
        "created": "2016-06-25T13:37:41.070931+00:00", "updated": "2016-06-25T13:37:41.070939+00:00",
        "text": "note of {id}", "tags": ["claim"], "target": [{target}]{extra}}}"#
    )
}

/// Quote and UTF-16 position of 東京 🍵.
const TEA: &str = r#"[{"type": "RangeSelector", "startContainer": "/p[1]", "startOffset": 10, "endContainer": "/p[1]", "endOffset": 15},
    {"type": "TextPositionSelector", "start": 10, "end": 15},
    {"type": "TextQuoteSelector", "exact": "東京 🍵", "prefix": "Ann said: ", "suffix": " is near."}]"#;
/// The same for e\u{301}té.
const ETE: &str = r#"[{"type": "FragmentSelector", "conformsTo": "https://tools.ietf.org/html/rfc3236", "value": "p-1"},
    {"type": "TextPositionSelector", "start": 34, "end": 38},
    {"type": "TextQuoteSelector", "exact": "e\u0301té", "prefix": "Bob said ", "suffix": " so."}]"#;

/// A CouchDB `_all_docs` row holding `doc`.
fn row(id: &str, doc: &str) -> String {
    let doc = doc.replacen('{', &format!(r#"{{"_id": "{id}", "_rev": "1-c0cc","#), 1);
    format!(r#"{{"id": "{id}", "key": "{id}", "value": {doc}}}"#)
}

#[test]
fn a_couchdb_dump_of_hypothesis_annotations_is_read() {
    let page = "https://news.example.com/tea";
    let geo = r#", "type": "Feature", "geometry": {"type": "Point", "coordinates": [1.5, 2.5]}"#;
    let pdf_doc =
        r#", "document": {"documentFingerprint": "9b5f", "link": [{"href": "urn:x-pdf:9b5f"}]}"#;
    let rows = [
        row("t1", &hyp("t1", page, Some(TEA), "")),
        row("t2", &hyp("t2", page, Some(ETE), geo)),
        row("n1", &hyp("n1", page, None, "")),
        row("p1", &hyp("p1", "urn:x-pdf:9b5f", Some(TEA), "")),
        row("p2", &hyp("p2", "https://a.example/x.pdf", Some(TEA), "")),
        row(
            "p3",
            &hyp("p3", "https://a.example/download/20", Some(ETE), pdf_doc),
        ),
    ];
    let file = format!(
        r#"{{"total_rows": 213, "offset": 0, "rows": [{}]}}"#,
        rows.join(",")
    );
    assert!(looks_like(&file));
    let f = import(&file).unwrap();
    let ids: Vec<Option<&str>> = f.annotations.iter().map(|a| a.id.as_deref()).collect();
    assert_eq!(ids, [Some("t1"), Some("t2")]);
    let a = &f.annotations[0];
    assert_eq!((a.label.as_str(), a.note.as_str()), ("claim", "note of t1"));
    let who = a.annotator.as_ref().unwrap();
    assert_eq!(
        (who.id.as_str(), who.name.as_str()),
        ("acct:ana@hypothes.is", "ana")
    );
    assert_eq!(
        a.selector.position,
        Some(Position {
            start: 10,
            end: 15,
            unit: Unit::Utf16
        })
    );
    assert_eq!(
        f.warnings,
        [
            "3 annotation(s) of PDF files (urn:x-pdf:…, .pdf addresses, a PDF viewer) cannot be placed on a text: their positions and quotes are of the PDF's own text layer; left out",
            "1 page note(s) not placed: they are notes on the whole page, with no text selected",
            "1 Hypothesis annotation(s) have the type Feature and fields another tool added (such as a GeoJSON geometry): read as the Hypothesis annotations they are, those fields left out",
            "the file annotates 4 different documents; the annotations read are of one of them",
        ]
    );
    // Exact offsets, in code points.
    let p = plan(&Text::new(TEXT), &f);
    let got: Vec<&Anchoring> = p.items.iter().map(|i| &i.anchoring).collect();
    assert_eq!(
        got,
        [
            &Anchoring::Exact { start: 10, end: 14 },
            &Anchoring::Exact { start: 33, end: 37 }
        ]
    );
}

#[test]
fn the_search_envelope_and_a_bare_list_read_alike() {
    let one = hyp(
        "t1",
        "https://a.example/",
        Some(TEA),
        r#", "user_info": {"display_name": "Ana Ruiz"}"#,
    );
    let search = import(&format!(r#"{{"total": 1, "rows": [{one}]}}"#)).unwrap();
    let list = import(&format!("[{one}]")).unwrap();
    assert_eq!(search.annotations, list.annotations);
    assert_eq!(search.annotations.len(), 1);
    let who = search.annotations[0].annotator.as_ref().unwrap();
    assert_eq!(who.name, "Ana Ruiz");
}

#[test]
fn a_file_of_nothing_a_text_can_hold_is_refused() {
    let notes = format!("[{}]", hyp("n1", "https://a.example/", None, ""));
    match import(&notes) {
        Err(InteropError::NothingOnText { reason, .. }) => assert_eq!(
            reason,
            "1 page note(s) (notes on a whole page, no text selected) cannot be placed on a text, and the file has no other annotations"
        ),
        other => panic!("{other:?}"),
    }
    let image = |id: &str, selector: &str| {
        format!(
            r#"{{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "{id}", "type": "Annotation",
            "body": [{{"type": "TextualBody", "purpose": "tagging", "value": "東京"}}],
            "target": {{"source": "https://a.example/tea.jpg", "selector": {selector}}}}}"#
        )
    };
    let svg = image(
        "i1",
        r#"{"type": "SvgSelector", "value": "<svg><path d='M 1 2' /></svg>"}"#,
    );
    let xywh = image(
        "#i2",
        r#"[{"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "xywh=pixel:1,2,3,4"}]"#,
    );
    let err = import(&format!("[{svg}, {xywh}]")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "W3C Web Annotation: 2 image annotation(s) (SVG and xywh selectors) cannot be placed on a text, and the file has no other annotations"
    );
    // With a text annotation, that one is read and the images counted.
    let text = image(
        "t1",
        r#"{"type": "TextQuoteSelector", "exact": "e\u0301té"}"#,
    );
    let f = import(&format!("[{svg}, {text}, {xywh}]")).unwrap();
    assert_eq!(f.annotations.len(), 1);
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "e\u{301}té"
    );
    assert_eq!(
        f.warnings,
        ["2 image annotation(s) (SVG and xywh selectors) cannot be placed on a text; left out"]
    );
}

fn real(path: &str) -> String {
    std::fs::read_to_string(crate::testdata::shared().join("realworld").join(path)).unwrap()
}

/// The recon16 CouchDB excerpt: 87 Hypothesis annotations by 3 users on 31
/// pages; 45 are on PDFs and 3 are page notes, so 39 are read (42 with
/// one per tag).
#[test]
fn the_recon16_couchdb_excerpt() {
    let json = real("hypothesis/recon16-couchdb-excerpt.json");
    let inputs = [crate::files::InputFile {
        name: "couchdb.json",
        text: &json,
    }];
    let f = crate::files::read(&inputs).unwrap();
    assert_eq!(f.format, crate::FormatKind::W3c);
    assert_eq!(f.annotations.len(), 42);
    assert_eq!(f.annotations.iter().filter(|a| a.id.is_some()).count(), 39);
    let mut users: Vec<&str> = (f.annotations.iter())
        .map(|a| a.annotator.as_ref().unwrap().id.as_str())
        .collect();
    users.sort_unstable();
    users.dedup();
    assert_eq!(
        users,
        [
            "acct:kerfors@hypothes.is",
            "acct:rdmpage@hypothes.is",
            "acct:rlammey@hypothes.is"
        ]
    );
    for a in &f.annotations {
        let (p, q) = (
            a.selector.position.unwrap(),
            a.selector.quote.as_ref().unwrap(),
        );
        assert_eq!(p.unit, Unit::Utf16);
        assert_eq!(
            p.end - p.start,
            q.exact.encode_utf16().count(),
            "{:?}",
            a.id
        );
    }
    let has = |needle: &str| f.warnings.iter().any(|w| w.starts_with(needle));
    assert!(has("45 annotation(s) of PDF files"), "{:#?}", f.warnings);
    assert!(has(
        "3 page note(s) not placed: they are notes on the whole page"
    ));
    assert!(has("10 Hypothesis annotation(s) have the type Feature"));
    assert!(has("5 annotation(s) have no tag"));
    assert!(
        f.warnings
            .last()
            .unwrap()
            .starts_with("the annotations read target 19 different documents (")
            && f.warnings.last().unwrap().ends_with(
                "(the file annotates 31 documents in all, counting the annotations left out)"
            ),
        "{:#?}",
        f.warnings
    );
    assert_eq!(f.warnings.len(), 8, "{:#?}", f.warnings);
}

/// Annotorious's test file: six image annotations, refused.
#[test]
fn the_annotorious_file_is_refused() {
    let json = real("w3c/annotorious/annotations.w3c.json");
    let inputs = [crate::files::InputFile {
        name: "annotations.w3c.json",
        text: &json,
    }];
    assert_eq!(
        crate::files::read(&inputs).unwrap_err().to_string(),
        "W3C Web Annotation: 6 image annotation(s) (SVG and xywh selectors) cannot be placed on a text, and the file has no other annotations"
    );
}

/// Recogito's W3C files still read as before: text-annotator's five
/// highlights (quotes with context, positions of another rendering), and
/// Recogito-JS's three annotations (four with one per tag).
#[test]
fn the_recogito_w3c_files_still_read() {
    let f = import(&real("w3c/recogito-text-annotator-js/annotations.w3c.json")).unwrap();
    assert_eq!(f.annotations.len(), 5);
    assert!(f.annotations.iter().all(|a| a.selector.quote.is_some()));
    assert_eq!(f.warnings.len(), 2, "{:#?}", f.warnings);
    let f = import(&real("w3c/recogito-js/annotations.w3c.json")).unwrap();
    assert_eq!(f.annotations.len(), 4);
    assert_eq!(f.relations.len(), 1);
    assert_eq!(f.warnings.len(), 2, "{:#?}", f.warnings);
}
