//! The import of other tools' files: the model's examples, the test
//! suite's collection, Hypothesis, Recogito, crafted shapes and errors.

use super::{add, data, document, err_path, only};
use crate::reanchor::{Position, Unit};
use crate::w3c::{export, import, looks_like, W3cOptions, MAX_WARNINGS};
use crate::InteropError;
use marginalia_core::annotation::{Tag, Timestamp};
use serde_json::Value;

#[test]
fn reads_the_project_profile_examples() {
    let f = import(data!("crafted-valid/article-tag-claim.json")).unwrap();
    let a = only(&f);
    assert_eq!(a.label, "claim");
    assert_eq!(
        a.id.as_deref(),
        Some("urn:uuid:0d3b6a52-6a0e-4a43-9a53-0f8c1d3e6a01")
    );
    assert_eq!(a.note, "");
    assert_eq!(
        a.created.as_ref().map(Timestamp::as_str),
        Some("2024-05-01T12:00:00Z")
    );
    assert_eq!(a.modified, None);
    let q = a.selector.quote.as_ref().unwrap();
    assert_eq!(
        (q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str()),
        (
            "unemployment fell to 3.9 percent",
            "officials said ",
            " in April"
        )
    );
    assert_eq!(
        a.selector.position,
        Some(Position {
            start: 1204,
            end: 1236,
            unit: Unit::Unknown
        })
    );
    assert_eq!(
        f.source.as_deref(),
        Some("https://news.example.com/2024/05/01/article.html")
    );

    let f = import(data!("crafted-valid/article-comment-quote-only.json")).unwrap();
    let a = only(&f);
    assert_eq!(a.label, "source");
    assert_eq!(a.note, "Where is the source for this number?");
    assert_eq!(a.selector.position, None);
    assert_eq!(
        a.selector.quote.as_ref().unwrap().exact,
        "unemployment fell to 3.9 percent"
    );

    // A page of two: the second selects an empty span, so it is skipped.
    let f = import(data!("crafted-valid/article-page-two-items.json")).unwrap();
    assert_eq!(only(&f).label, "claim");
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    assert!(
        f.warnings[0].starts_with("items[1] (urn:uuid:") && f.warnings[0].contains("empty span"),
        "{}",
        f.warnings[0]
    );

    let f = import(data!(
        "crafted-valid/article-position-only-empty-range.json"
    ))
    .unwrap();
    assert!(f.annotations.is_empty());
    assert!(f.warnings[0].contains("empty span"));
}

#[test]
fn reads_rec_examples_that_annotate_text() {
    // Example 23: a quote, with a body that is only a link (a comment
    // elsewhere): kept without a label, the link is reported.
    let f = import(data!("rec/example23.json")).unwrap();
    let a = only(&f);
    assert_eq!(a.label, "");
    assert_eq!(a.selector.quote.as_ref().unwrap().exact, "anotation");
    assert_eq!(a.selector.quote.as_ref().unwrap().suffix, " that has some");
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("http://example.org/comment1") && w.contains("not fetched")),
        "{:?}",
        f.warnings
    );
    assert!(
        f.warnings.iter().any(|w| w.contains("no tag")),
        "{:?}",
        f.warnings
    );

    // Example 24: a position only.
    let f = import(data!("rec/example24.json")).unwrap();
    assert_eq!(
        only(&f).selector.position,
        Some(Position {
            start: 412,
            end: 795,
            unit: Unit::Unknown
        })
    );

    // Example 29: a quote refining a FragmentSelector.
    let f = import(data!("rec/example29.json")).unwrap();
    assert_eq!(
        only(&f).selector.quote.as_ref().unwrap().exact,
        "Selected Text"
    );
    assert_eq!(only(&f).selector.position, None);

    // Example 41: a tag, a Choice of descriptions, and a position inside
    // a refinement (relative to an XML element): not a whole-text span.
    let f = import(data!("rec/example41.json")).unwrap();
    assert!(f.annotations.is_empty());
    assert!(
        f.warnings[0].starts_with("the annotation (http://example.org/anno38)"),
        "{:?}",
        f.warnings
    );
    assert!(f.warnings[0].contains("refinement"), "{:?}", f.warnings);

    // Examples 1, 8, 9, 15: whole resources, skipped with a warning.
    for (content, id) in [
        (data!("rec/example01.json"), "http://example.org/anno1"),
        (data!("rec/example08.json"), "http://example.org/anno8"),
        (data!("rec/example09.json"), "http://example.org/anno9"),
        (data!("rec/example15.json"), "http://example.org/anno15"),
    ] {
        let f = import(content).unwrap();
        assert!(f.annotations.is_empty(), "{id}");
        assert_eq!(f.warnings.len(), 1, "{id}: {:?}", f.warnings);
        assert!(
            f.warnings[0].contains(id) && f.warnings[0].contains("whole resource"),
            "{:?}",
            f.warnings
        );
    }

    // Example 40: a collection with an embedded page of whole-resource
    // annotations; example 38: a collection whose page is only linked.
    let f = import(data!("rec/example40.json")).unwrap();
    assert!(f.annotations.is_empty());
    assert_eq!(f.title.as_deref(), Some("Two Annotations"));
    assert!(
        f.warnings[0].starts_with("first.items[0] (http://example.org/anno1)"),
        "{:?}",
        f.warnings
    );
    assert_eq!(err_path(data!("rec/example38.json")), "first");
}

#[test]
fn reads_the_test_suite_collection() {
    // 41 annotations of every kind; three select text.
    let f = import(data!("wat/collection1.json")).unwrap();
    assert_eq!(f.title.as_deref(), Some("Annotation Examples"));
    let quotes: Vec<Option<&str>> = f
        .annotations
        .iter()
        .map(|a| a.selector.quote.as_ref().map(|q| q.exact.as_str()))
        .collect();
    assert_eq!(quotes, [Some("anotation"), None, Some("Selected Text")]);
    assert_eq!(
        f.annotations[1].id.as_deref(),
        Some("http://example.org/anno27")
    );
    assert_eq!(
        f.annotations[1].selector.position.map(|p| (p.start, p.end)),
        Some((412, 795))
    );
    assert_eq!(f.annotations[0].label, "");
    // Every other item is named in a (capped) warning.
    assert!(f
        .warnings
        .iter()
        .any(|w| w.starts_with("first.items[3] (http://example.org/anno4)")));
    assert!(
        f.warnings
            .iter()
            .any(|w| w.starts_with("… and ") && w.ends_with(" more warning(s)")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn errors_name_the_place() {
    for (content, path) in [
        (data!("crafted-invalid/missing-target.json"), "target"),
        (data!("crafted-invalid/textposition-string-offsets.json"), "target.selector[1].start"),
        (data!("crafted-invalid/textposition-negative.json"), "target.selector[1].start"),
        (data!("crafted-invalid/textposition-missing-end.json"), "target.selector[1].end"),
        (data!("crafted-invalid/textquote-exact-array.json"), "target.selector[0].exact"),
        (data!("crafted-invalid/textquote-no-exact.json"), "target.selector[0].exact"),
        (data!("crafted-invalid/textualbody-value-not-string.json"), "body.value"),
        ("{\"type\": \"AnnotationPage\", \"items\": [{\"target\": {\"selector\": {\"type\": \"TextPositionSelector\", \"start\": 5, \"end\": 2}}}]}", "items[0].target.selector.end"),
        ("{\"type\": \"AnnotationCollection\", \"first\": {\"type\": \"AnnotationPage\", \"items\": [{}, {}, {}, {\"type\": \"Annotation\"}]}}", "first.items[0].target"),
        ("[1]", "[0]"),
        ("{\"type\": \"AnnotationPage\"}", "items"),
        ("{\"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"x\"}}, \"tags\": [\"a\", 3]}", "tags[1]"),
    ] {
        assert_eq!(err_path(content), path, "{content}");
    }
    let e = import(data!("crafted-invalid/textposition-string-offsets.json")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "W3C Web Annotation: target.selector[1].start: must be a whole number of at least 0, not a string"
    );
    let e = import(data!("crafted-invalid/textposition-negative.json")).unwrap_err();
    assert!(e.to_string().ends_with("not a negative number"), "{e}");
    let e = import("{\"target\": 3}").unwrap_err().to_string();
    assert_eq!(
        e,
        "W3C Web Annotation: target: must be a link, an object or a list of them"
    );
    assert!(
        matches!(import("{ not json"), Err(InteropError::Invalid { path, .. }) if path == "line 1, column 3")
    );
}

#[test]
fn model_violations_that_do_not_touch_anchoring_are_warnings() {
    let f = import(data!("crafted-invalid/created-not-datetime.json")).unwrap();
    assert_eq!(only(&f).created, None);
    assert!(
        f.warnings[0].starts_with("created: \"2024-05-01\""),
        "{:?}",
        f.warnings
    );
    let f = import(data!("crafted-invalid/two-created.json")).unwrap();
    assert_eq!(
        only(&f).created.as_ref().map(Timestamp::as_str),
        Some("2024-05-01T12:00:00Z")
    );
    assert!(f.warnings[0].contains("several values"));
    let f = import(data!("crafted-invalid/body-and-bodyValue.json")).unwrap();
    assert_eq!(only(&f).label, "claim");
    assert!(f.warnings[0].contains("bodyValue was ignored"));
    // Missing @context or type: still an annotation.
    assert_eq!(
        only(&import(data!("crafted-invalid/missing-context.json")).unwrap()).label,
        "claim"
    );
    assert_eq!(
        only(&import(data!("crafted-invalid/missing-type.json")).unwrap()).label,
        "claim"
    );
    // A misspelled type is not an annotation.
    let f = import(data!("crafted-invalid/wrong-type.json")).unwrap();
    assert!(
        f.annotations.is_empty() && f.warnings[0].contains("not Annotation"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn profile_failures_are_read_as_far_as_they_go() {
    // A body that is an IRI, with motivation tagging: the IRI is the tag.
    let f = import(data!("crafted-profile-fail/body-is-iri.json")).unwrap();
    assert_eq!(only(&f).label, "https://example.org/tags/claim");
    // A describing body under highlighting: a note, no label.
    let f = import(data!("crafted-profile-fail/motivation-highlighting.json")).unwrap();
    assert_eq!(
        (only(&f).label.as_str(), only(&f).note.as_str()),
        ("", "claim")
    );
    // No text selector: skipped.
    let f = import(data!("crafted-profile-fail/css-selector-only.json")).unwrap();
    assert!(
        f.annotations.is_empty() && f.warnings[0].contains("CssSelector"),
        "{:?}",
        f.warnings
    );
    let f = import(data!("crafted-profile-fail/target-plain-uri.json")).unwrap();
    assert!(
        f.annotations.is_empty() && f.warnings[0].contains("whole resource"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn reads_hypothesis_api_annotations() {
    let f = import(data!("hypothesis-search.json")).unwrap();
    assert_eq!(f.title.as_deref(), Some("Tea prices rise again"));
    assert_eq!(
        f.source.as_deref(),
        Some("https://news.example.com/2026/11/tea.html")
    );
    // Two tags on the first: two annotations; the second has no tags.
    let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["claim", "economy", ""]);
    let a = &f.annotations[0];
    assert_eq!(a.id.as_deref(), Some("Jz6Bqk5XEeaEKe8LzHjrJg"));
    assert_eq!(f.annotations[1].id, None);
    assert_eq!(a.note, "Is this sourced?");
    assert_eq!(f.annotations[1].note, a.note);
    assert_eq!(
        a.selector.position,
        Some(Position {
            start: 4,
            end: 6,
            unit: Unit::Utf16
        })
    );
    assert_eq!(a.selector.quote.as_ref().unwrap().exact, "🍵");
    assert_eq!(
        a.created.as_ref().map(Timestamp::as_str),
        Some("2026-11-20T09:15:12.476547+00:00")
    );
    assert_eq!(
        a.modified.as_ref().map(Timestamp::as_str),
        Some("2026-11-21T10:00:00.000000+00:00")
    );
    let b = &f.annotations[2];
    assert_eq!(
        b.selector.quote.as_ref().unwrap().prefix,
        "",
        "missing prefix and suffix are empty"
    );
    assert_eq!(b.note, "Who said this?");
    assert!(
        f.warnings
            .iter()
            .any(|w| w.starts_with("rows[0] (Jz6Bqk5XEeaEKe8LzHjrJg): 2 tags")),
        "{:?}",
        f.warnings
    );
    // The client's export wraps the same annotations differently.
    let export = format!(
        "{{\"export_date\": \"2026-11-22T00:00:00Z\", \"annotations\": {}}}",
        serde_json::to_string(
            &serde_json::from_str::<Value>(data!("hypothesis-search.json")).unwrap()["rows"]
        )
        .unwrap()
    );
    assert!(looks_like(&export));
    assert_eq!(import(&export).unwrap().annotations, f.annotations);
}

#[test]
fn reads_recogito_annotations() {
    let f = import(data!("recogito.json")).unwrap();
    let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["PLACE", "port", "Quote"]);
    let a = &f.annotations[0];
    assert_eq!(a.note, "The harbour, not the city.");
    assert_eq!(a.selector.position.map(|p| p.unit), Some(Unit::Utf16));
    assert_eq!(
        a.selector.position.map(|p| (p.start, p.end)),
        Some((10, 16))
    );
    assert_eq!(
        f.annotations[2].selector.position.map(|p| p.unit),
        Some(Unit::Utf16),
        "a `#` id (RecogitoJS)"
    );
    assert_eq!(f.annotations[2].note, "");
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("linked content is not fetched")),
        "{:?}",
        f.warnings
    );
}

/// A tagging annotation with `body` on `target`.
fn base(target: &str, body: &str) -> String {
    format!("{{\"type\": \"Annotation\", \"motivation\": \"tagging\", \"body\": {body}, \"target\": {target}}}")
}

/// A selector quoting "tea".
const QUOTE: &str = "{\"type\": \"TextQuoteSelector\", \"exact\": \"tea\"}";

/// A target on `https://a.example/` with [`QUOTE`].
fn tea_target() -> String {
    format!("{{\"source\": \"https://a.example/\", \"selector\": {QUOTE}}}")
}

#[test]
fn shapes_of_targets_and_bodies() {
    // Target as an object, a list (first text target wins), or a link.
    let t = tea_target();
    let two = format!("[\"https://b.example/\", {t}, {t}]");
    let f = import(&base(&two, "\"claim\"")).unwrap();
    assert_eq!(
        only(&f).label,
        "claim",
        "a bare word body under tagging is a tag"
    );
    assert!(f.warnings[0].contains("2 text targets"), "{:?}", f.warnings);
    // Body list with an untyped value under tagging, duplicates dropped.
    let f = import(&base(&t, "[{\"value\": \"a\"}, {\"type\": \"TextualBody\", \"value\": \"a\"}, {\"type\": \"TextualBody\", \"value\": \"why?\", \"purpose\": \"commenting\"}]")).unwrap();
    assert_eq!(
        (only(&f).label.as_str(), only(&f).note.as_str()),
        ("a", "why?")
    );
    // A Choice: its first item.
    let f = import(&base(&t, "{\"type\": \"Choice\", \"items\": [{\"type\": \"TextualBody\", \"value\": \"first\"}, {\"type\": \"TextualBody\", \"value\": \"second\"}]}")).unwrap();
    assert_eq!(only(&f).label, "first");
    // bodyValue under commenting is a note.
    let f = import(&format!(
        "{{\"motivation\": \"commenting\", \"bodyValue\": \"hm\", \"target\": {t}}}"
    ))
    .unwrap();
    assert_eq!(
        (only(&f).label.as_str(), only(&f).note.as_str()),
        ("", "hm")
    );
    // A SpecificResource tag (a semantic tag) keeps its IRI.
    let f = import(&base(&t, "{\"type\": \"SpecificResource\", \"purpose\": \"classifying\", \"source\": \"http://vocab.example/claim\"}")).unwrap();
    assert_eq!(only(&f).label, "http://vocab.example/claim");
}

#[test]
fn shapes_of_selectors() {
    let quote = QUOTE;
    // Nested refinements: the quote is found through two levels.
    let refined = format!("{{\"source\": \"x:y\", \"selector\": {{\"type\": \"CssSelector\", \"value\": \"p\", \"refinedBy\": {{\"type\": \"FragmentSelector\", \"value\": \"a\", \"refinedBy\": {quote}}}}}}}");
    assert_eq!(
        only(&import(&base(&refined, "\"t\"")).unwrap())
            .selector
            .quote
            .as_ref()
            .unwrap()
            .exact,
        "tea"
    );
    // A refinement of a text selector is ignored, with a warning.
    let sel = "{\"type\": \"TextPositionSelector\", \"start\": 1, \"end\": 3, \"refinedBy\": {\"type\": \"TextQuoteSelector\", \"exact\": \"b\"}}";
    let f = import(&base(&format!("{{\"selector\": {sel}}}"), "\"t\"")).unwrap();
    assert_eq!(
        only(&f).selector.position.map(|p| (p.start, p.end)),
        Some((1, 3))
    );
    assert_eq!(only(&f).selector.quote, None);
    assert!(f.warnings[0].contains("refinedBy"), "{:?}", f.warnings);
    // Selectors that are links, or of unknown kinds.
    let f = import(&base(
        "{\"source\": \"x:y\", \"selector\": [\"http://s.example/1\", {\"value\": 1}]}",
        "\"t\"",
    ))
    .unwrap();
    assert!(f.annotations.is_empty());
    assert!(
        f.warnings[0].contains("a link to a selector") && f.warnings[0].contains("without a type"),
        "{:?}",
        f.warnings
    );
}

#[test]
fn shapes_of_string_bodies_and_annotation_lists() {
    let t = tea_target();
    // A bare string with a colon is still a tag; a URL or URN is a link.
    let f = import(&format!(
        "{{\"body\": [\"PER:name\", \"urn:x:y\"], \"target\": {t}}}"
    ))
    .unwrap();
    assert_eq!(only(&f).label, "PER:name");
    assert!(
        f.warnings[0].contains("links to urn:x:y"),
        "{:?}",
        f.warnings
    );
    // Annotation lists, and links inside them.
    let list = format!("[{}, \"http://example.org/anno9\"]", base(&t, "\"x\""));
    let f = import(&list).unwrap();
    assert_eq!(only(&f).label, "x");
    assert!(
        f.warnings[0].starts_with("[1]: a link to an annotation"),
        "{:?}",
        f.warnings
    );
    // Several documents are reported.
    let other = t.replace("a.example", "c.example");
    let f = import(&format!(
        "[{}, {}]",
        base(&t, "\"x\""),
        base(&other, "\"y\"")
    ))
    .unwrap();
    assert_eq!(f.annotations.len(), 2);
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("2 different documents")),
        "{:?}",
        f.warnings
    );
}

#[test]
fn detects_w3c_and_not_the_others() {
    for yes in [
        data!("crafted-valid/article-tag-claim.json"),
        data!("crafted-invalid/missing-context.json"),
        data!("crafted-invalid/missing-type.json"),
        data!("rec/example40.json"),
        data!("hypothesis-search.json"),
        data!("recogito.json"),
        "\u{feff}[{\"target\": \"x:y\", \"body\": \"z\"}]",
    ] {
        assert!(looks_like(yes), "{yes}");
    }
    let doc = document("d", "abc", None);
    for no in [
        marginalia_core::format::to_json(&doc).as_str(),
        "{\"text\": \"a b\", \"label\": [[0, 1, \"PER\"]]}\n{\"text\": \"c\", \"label\": []}",
        "{\"text\": \"a b\", \"entities\": []}",
        "[{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"result\": []}]}]",
        "T1\tClaim 0 4\tsaid",
        "[]",
        "{}",
        "",
    ] {
        assert!(!looks_like(no), "{no}");
    }
}

#[test]
fn warnings_are_capped() {
    let items: Vec<String> = (0..100)
        .map(|i| format!("\"http://example.org/{i}\""))
        .collect();
    let f = import(&format!(
        "{{\"type\": \"AnnotationPage\", \"items\": [{}]}}",
        items.join(",")
    ))
    .unwrap();
    assert_eq!(f.warnings.len(), MAX_WARNINGS + 1);
    assert_eq!(f.warnings[MAX_WARNINGS], "… and 70 more warning(s)");
    let f = import(
        "{\"type\": \"AnnotationPage\", \"next\": \"http://example.org/p2\", \"items\": []}",
    )
    .unwrap();
    assert_eq!(f.warnings, ["this page: only this page is in the file; the annotations on the next page (http://example.org/p2) were not read"]);
}

#[test]
fn other_generators_are_not_ours() {
    let mut doc = document("d", "Tea 🍵 time", None);
    add(&mut doc, "a", Tag::Claim, 4, 5, "");
    let json = export(&doc, &W3cOptions::default()).replace("\"Marginalia\"", "\"Other\"");
    let f = import(&json).unwrap();
    assert_eq!(
        only(&f).selector.position.map(|p| p.unit),
        Some(Unit::Unknown)
    );
    assert_eq!(
        only(&f).id.as_deref(),
        Some("urn:x-marginalia:d/a"),
        "a foreign id is kept whole"
    );
}
