//! Tests of the doccano export and import.

use super::*;
use marginalia_core::annotation::Tag;
use marginalia_core::document::Metadata;
use marginalia_core::testing::doc;

use crate::fixtures::{doc_spans, mixed_doc, read_spans, MIXED};
use marginalia_core::testing::add_noted as add;

#[test]
fn relations_are_written_between_entity_ids() {
    let mut d = mixed_doc();
    crate::fixtures::link(&mut d, "r1", "a", "b", "not written");
    crate::fixtures::link(&mut d, "r2", "d", "b", "");
    let v: Value = serde_json::from_str(&export(&d)).unwrap();
    assert_eq!(
        v["relations"],
        serde_json::json!([
            {"id": 0, "from_id": 0, "to_id": 1, "type": "attributed to"},
            {"id": 1, "from_id": 3, "to_id": 1, "type": "attributed to"}
        ])
    );
}

#[test]
fn export_counts_utf16_units() {
    let out = export(&mixed_doc());
    assert!(out.ends_with('\n'));
    assert_eq!(out.lines().count(), 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "d1");
    assert_eq!(v["text"], MIXED);
    assert_eq!(v["title"], "T");
    assert_eq!(v["relations"], serde_json::json!([]));
    let e = v["entities"].as_array().unwrap();
    let spans: Vec<(u64, u64, &str)> = e
        .iter()
        .map(|x| {
            (
                x["start_offset"].as_u64().unwrap(),
                x["end_offset"].as_u64().unwrap(),
                x["label"].as_str().unwrap(),
            )
        })
        .collect();
    // 🍵 is one code point but two UTF-16 units: everything after it
    // moves by one, after the three ZWJ emoji by three more.
    assert_eq!(
        spans,
        vec![
            (4, 6, "quote"),
            (10, 12, "source"),
            (18, 27, "claim"),
            (28, 41, "claim")
        ]
    );
    // As JavaScript would slice it.
    let units: Vec<u16> = MIXED.encode_utf16().collect();
    assert_eq!(String::from_utf16(&units[10..12]).unwrap(), "東京");
    assert_eq!(e[0]["id"], 0);
    assert_eq!(e[1]["note"], "in Japan");
    assert_eq!(e[2]["note"], "two\nlines");
    assert!(e[0].get("note").is_none());
}

#[test]
fn round_trip_keeps_labels_positions_and_notes() {
    let d = mixed_doc();
    let f = import(&export(&d)).unwrap();
    assert_eq!(f.format, FormatKind::Doccano);
    assert_eq!(f.text.as_deref(), Some(MIXED));
    assert_eq!(f.title.as_deref(), Some("T"));
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(read_spans(&f), doc_spans(&d));
    assert_eq!(
        f.annotations[1].selector.quote.as_ref().unwrap().exact,
        "東京"
    );
    assert_eq!(f.annotations[1].id.as_deref(), Some("1"));
}

#[test]
fn source_and_url_are_written_and_read() {
    let mut d = Document::new(
        marginalia_core::annotation::DocumentId::new("x").unwrap(),
        Metadata {
            title: "Headline".into(),
            source: Some("The Paper".into()),
            url: Some("https://example.org/a".into()),
            attribution: None,
            published: None,
        },
        Text::new("abc"),
        marginalia_core::testing::ts("00"),
    );
    add(&mut d, "a", Tag::Claim, 0, 3, "");
    let out = export(&d);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["source"], "The Paper");
    let f = import(&out).unwrap();
    assert_eq!(f.source.as_deref(), Some("https://example.org/a"));
    assert_eq!(f.title.as_deref(), Some("Headline"));
}

#[test]
fn reads_the_older_label_form_and_several_lines() {
    let content = "{\"text\": \"EU rejects German call\", \"label\": [[0, 2, \"ORG\"], [11, 17, \"MISC\"]]}\n\n\
                   {\"text\": \"Peter Blackburn\", \"label\": [[0, 15, \"PERSON\"]]}\n";
    let all = import_all(content).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].annotations[0].label, "PERSON");
    let f = import(content).unwrap();
    assert_eq!(f.annotations.len(), 2);
    assert_eq!(
        f.annotations[1].selector.quote.as_ref().unwrap().exact,
        "German"
    );
    assert_eq!(f.annotations[0].id, None);
    assert_eq!(
        f.warnings,
        vec!["the file holds 2 documents; only the first was imported"]
    );
    // doccano 1.x wrote "data" for the text; a JSON array works too.
    let f = import("[{\"data\": \"abc\", \"labels\": [[1, 3, \"X\"]]}]").unwrap();
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "bc"
    );
}

#[test]
fn relations_are_read_and_comments_warn() {
    let line = r#"{"id": 7, "text": "Google was founded by Larry Page.", "Comments": [{"id": 1, "comment": "check"}],
        "entities": [{"id": 10, "label": "ORG", "start_offset": 0, "end_offset": 6},
                     {"id": 11, "label": "PERSON", "start_offset": 22, "end_offset": 32}],
        "relations": [{"id": 0, "from_id": 10, "to_id": 11, "type": "foundedBy"}]}"#
        .replace('\n', " ");
    let f = import(&line).unwrap();
    assert_eq!(f.annotations[1].id.as_deref(), Some("11"));
    assert_eq!(
        f.annotations[1].selector.quote.as_ref().unwrap().exact,
        "Larry Page"
    );
    assert_eq!(f.relations.len(), 1);
    let r = &f.relations[0];
    assert_eq!((r.kind.as_str(), r.from, r.to), ("foundedBy", 0, 1));
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    assert!(f.warnings[0].contains("document comment"));
}

#[test]
fn relations_without_ids_or_ends_and_of_doccano_itself() {
    let path = crate::testdata::shared()
        .join("realworld/doccano/doccano-repo/tests-relation_extraction-example.jsonl");
    let f = import(&std::fs::read_to_string(path).unwrap()).unwrap();
    let got: Vec<(&str, &str, &str)> = f
        .relations
        .iter()
        .map(|r| {
            let q = |i: usize| {
                f.annotations[i]
                    .selector
                    .quote
                    .as_ref()
                    .unwrap()
                    .exact
                    .as_str()
            };
            (q(r.from), r.kind.as_str(), q(r.to))
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Google", "foundedAt", "September 4, 1998"),
            ("Google", "foundedBy", "Larry Page"),
            ("Google", "foundedBy", "Sergey Brin"),
        ]
    );
    let line = r#"{"text": "a b", "entities": [{"id": 1, "label": "X", "start_offset": 0, "end_offset": 1}, {"id": "2", "label": "Y", "start_offset": 2, "end_offset": 3}], "relations": [{"from_id": 1, "to_id": 2, "type": "r"}, {"from_id": 1, "to_id": 9, "type": "r"}, {"from_id": 1, "to_id": 2}]}"#;
    let f = import(line).unwrap();
    assert_eq!(f.relations.len(), 1, "a string id matches a number");
    assert_eq!(
        f.warnings,
        ["line 1: skipped relations[1, 2] (without a type, or to an entity the line does not have)"]
    );
}

#[test]
fn relations_round_trip() {
    let mut d = marginalia_core::testing::doc("Tea 🍵 said Zoë to 東京.");
    marginalia_core::testing::add_noted(&mut d, "q", Tag::Quote, 0, 5, "");
    marginalia_core::testing::add_noted(&mut d, "s", Tag::Source, 11, 14, "");
    d.apply(marginalia_core::Command::AddRelation(
        marginalia_core::Relation {
            id: marginalia_core::RelationId::new("r").unwrap(),
            kind: marginalia_core::RelationKind::attributed_to(),
            from: marginalia_core::AnnotationId::new("q").unwrap(),
            to: marginalia_core::AnnotationId::new("s").unwrap(),
            note: String::new(),
            created: marginalia_core::testing::ts("00"),
        },
    ))
    .unwrap();
    let f = import(&export(&d)).unwrap();
    assert_eq!(f.relations.len(), 1);
    let r = &f.relations[0];
    assert_eq!(r.kind, "attributed to");
    let q = |i: usize| f.annotations[i].selector.position.unwrap();
    assert_eq!((q(r.from).start, q(r.from).end, q(r.to).start), (0, 5, 11));
}

#[test]
fn offsets_default_to_utf16_and_fall_back_to_code_points() {
    // doccano's own numbers for "👨🏻‍🚒 firemen drive firetrucks" (issue
    // #2290): UTF-16 22..32; Python code points 19..29.
    let text = "👨🏻\u{200d}🚒 firemen drive firetrucks";
    let f = import(&format!(
        "{{\"text\": \"{text}\", \"label\": [[22, 32, \"X\"]]}}"
    ))
    .unwrap();
    let p = f.annotations[0].selector.position.unwrap();
    assert_eq!((p.start, p.end), (19, 29));
    assert!(f.warnings.is_empty());
    // The same span counted in code points by a Python script: as UTF-16
    // it would cut words, as code points it fits.
    let f = import(&format!(
        "{{\"text\": \"{text}\", \"label\": [[19, 29, \"X\"]]}}"
    ))
    .unwrap();
    let p = f.annotations[0].selector.position.unwrap();
    assert_eq!((p.start, p.end), (19, 29));
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "firetrucks"
    );
    assert_eq!(f.warnings.len(), 1);
    // Inside the surrogate pair of 🍵 as UTF-16: only code points fit.
    let f = import("{\"text\": \"a🍵b c\", \"label\": [[2, 3, \"X\"]]}").unwrap();
    assert_eq!(f.annotations[0].selector.quote.as_ref().unwrap().exact, "b");
    // Past the end either way: kept with an unknown unit and a warning.
    let f = import("{\"text\": \"a🍵\", \"label\": [[0, 9, \"X\"]]}").unwrap();
    assert_eq!(f.annotations[0].selector.quote, None);
    assert_eq!(
        f.annotations[0].selector.position.unwrap().unit,
        Unit::Unknown
    );
    assert_eq!(f.warnings.len(), 1);
}

#[test]
fn combining_marks_and_cjk_need_no_conversion() {
    let mut d = doc("e\u{301}té à 東京");
    add(&mut d, "a", Tag::Claim, 0, 4, "");
    add(&mut d, "b", Tag::Claim, 7, 9, "");
    let out = export(&d);
    assert!(out.contains("\"start_offset\":7,\"end_offset\":9"), "{out}");
    let f = import(&out).unwrap();
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "e\u{301}té"
    );
}

#[test]
fn bad_files_are_errors_with_a_place() {
    for (content, path) in [
        ("{\"text\": \"a\"}\nnot json\n", "line 2"),
        ("[1, 2]", "[0]"),
        ("{\"label\": [[0, 1, \"X\"]]}", "line 1"),
        (
            "{\"text\": \"ab\", \"label\": [[1, 0, \"X\"]]}",
            "line 1: label[0]",
        ),
        (
            "{\"text\": \"ab\", \"label\": [\"positive\"]}",
            "line 1: label[0]",
        ),
        (
            "{\"text\": \"ab\", \"entities\": [{\"start_offset\": 0}]}",
            "line 1: entities[0]",
        ),
        ("", "the file"),
    ] {
        match import(content) {
            Err(InteropError::Invalid {
                format, path: p, ..
            }) => {
                assert_eq!(format, "doccano");
                assert_eq!(p, path, "{content:?}");
            }
            other => panic!("{content:?} gave {other:?}"),
        }
    }
}

#[test]
fn looks_like_detects_from_content() {
    assert!(looks_like(&export(&mixed_doc())));
    assert!(looks_like(
        "{\"text\": \"a\", \"label\": [[0, 1, \"X\"]]}\n{\"text\": 1}"
    ));
    assert!(looks_like("\u{feff}[{\"data\": \"a\", \"labels\": []}]"));
    assert!(!looks_like("{\"text\": \"a\"}"));
    assert!(!looks_like("{\"text\": \"a\", \"label\": [\"positive\"]}"));
    assert!(!looks_like(
        "[{\"data\": {\"text\": \"a\"}, \"annotations\": []}]"
    ));
    assert!(!looks_like("T1\tclaim 0 1\ta"));
    assert!(!looks_like(""));
}

/// doccano 1.x's `annotations` with the `user` who made each span: one
/// layer per user; numeric labels (doccano 1.0's label ids) are read by
/// number, with a warning.
#[test]
fn doccano_users_are_layers_and_numeric_labels_are_named_by_number() {
    let line = r#"{"id": 1, "text": "Ana 🍵 said no.", "annotations": [
        {"label": "PER", "start_offset": 0, "end_offset": 3, "user": 1},
        {"label": 7, "start_offset": 0, "end_offset": 3, "user": 2},
        {"label": 7, "start_offset": 7, "end_offset": 11, "user": 2}]}"#;
    let f = import(&line.replace('\n', " ")).unwrap();
    let who: Vec<String> = f
        .annotations
        .iter()
        .map(|a| a.annotator.as_ref().unwrap().name.clone())
        .collect();
    assert_eq!(who, ["doccano user 1", "doccano user 2", "doccano user 2"]);
    let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(labels, ["PER", "label 7", "label 7"]);
    assert_eq!(
        f.annotations[2].selector.quote.as_ref().unwrap().exact,
        "said"
    );
    assert_eq!(f.warnings.len(), 1);
    assert!(f.warnings[0].starts_with("the labels are numbers (7)"));
}

/// doccano's own export examples are pretty-printed: one object, several
/// concatenated, or an array of them, each named by the line it starts on.
#[test]
fn pretty_printed_records_are_read() {
    let one = "{\n  \"text\": \"Zoë met 東京 🍵 e\u{301}té\",\n  \"label\": [\n    [8, 10, \"LOC\"],\n    [13, 17, \"X\"]\n  ]\n}\n";
    let f = import(one).unwrap();
    assert!(looks_like(one));
    // 🍵 is two UTF-16 units: é+accent starts at 13 as code points, 14
    // as UTF-16; 13..17 as UTF-16 ends inside the word, as code points it
    // fits, so it is read as code points, with a warning.
    let quotes: Vec<&str> = f
        .annotations
        .iter()
        .map(|a| a.selector.quote.as_ref().unwrap().exact.as_str())
        .collect();
    assert_eq!(quotes, ["東京", "e\u{301}té"]);
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
    let two = format!("{one}{one}");
    let all = import_all(&two).unwrap();
    assert_eq!(all.len(), 2);
    let arr = format!("[\n{one},\n{one}]");
    assert_eq!(import_all(&arr).unwrap().len(), 2);
    // A broken second record: the line where it breaks.
    let broken = format!("{one}{{\n  \"text\": \"a\",\n  \"label\": [[0, 1 \"X\"]]\n}}\n");
    match import(&broken) {
        Err(InteropError::Invalid { path, reason, .. }) => {
            assert_eq!(path, "line 10", "{reason}");
            assert!(reason.starts_with("not JSON"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn custom_column_names_are_read_and_said() {
    let content = "{\"id\": 1, \"column_data\": \"東京 🍵 Zoë\", \"column_label\": [[3, 4, \"TEA\"], [5, 8, \"PER\"]]}\n\
                   {\"id\": 2, \"column_data\": \"none\", \"column_label\": []}\n";
    assert!(looks_like(content));
    let f = import(content).unwrap();
    let quotes: Vec<&str> = f
        .annotations
        .iter()
        .map(|a| a.selector.quote.as_ref().unwrap().exact.as_str())
        .collect();
    assert_eq!(quotes, ["🍵", "Zoë"]);
    assert!(f.warnings.iter().any(|w| w.contains("\"column_data\"")));
    // Two candidate texts: not a doccano record we can read.
    assert!(!looks_like(
        "{\"a\": \"x\", \"b\": \"y\", \"spans\": [[0, 1, \"X\"]]}"
    ));
    // A custom span column whose items are not spans is not one.
    assert!(!looks_like("{\"body\": \"x\", \"tags\": [\"a\", \"b\"]}"));
}

#[test]
fn records_without_text_are_skipped_unless_none_has_one() {
    let content =
        "{\"text\": \"東京\", \"label\": [[0, 2, \"LOC\"]]}\n{\"label\": [[0, 1, \"X\"]]}\n";
    let all = import_all(content).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].warnings,
        ["skipped line 2 (no \"text\" string, so nothing to place their spans on)"]
    );
    let err = import("{\"label\": [[0, 1, \"X\"]]}\n{\"label\": []}").unwrap_err();
    assert_eq!(err.to_string(), "doccano: line 1: no \"text\" string");
}

#[test]
fn a_first_document_without_spans_joins_them_all() {
    let content = "{\"text\": \"Title 🍵\", \"label\": []}\n\
                   {\"text\": \"e\u{301}té à 東京\", \"label\": [[7, 9, \"LOC\"]]}\n\
                   {\"text\": \"Zoë\", \"entities\": [{\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, \"end_offset\": 3}, {\"id\": 2, \"label\": \"PER\", \"start_offset\": 0, \"end_offset\": 1}], \"relations\": [{\"from_id\": 1, \"to_id\": 2, \"type\": \"r\"}]}\n";
    let f = import(content).unwrap();
    let text = f.text.as_deref().unwrap();
    assert_eq!(text, "Title 🍵\n\ne\u{301}té à 東京\n\nZoë");
    let got: Vec<(usize, usize, &str)> = f
        .annotations
        .iter()
        .map(|a| {
            let p = a.selector.position.unwrap();
            (
                p.start,
                p.end,
                a.selector.quote.as_ref().unwrap().exact.as_str(),
            )
        })
        .collect();
    // Code points: "Title 🍵" is 7, then 2 for the blank line.
    assert_eq!(got, [(16, 18, "東京"), (20, 23, "Zoë"), (20, 21, "Z")]);
    assert_eq!((f.relations[0].from, f.relations[0].to), (1, 2));
    assert_eq!(f.warnings.len(), 1);
    assert!(f.warnings[0].contains("joined"));
}
