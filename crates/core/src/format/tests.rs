//! Tests of the Marginalia JSON format.

use super::*;
use crate::document::tests::{add_generated, ann, doc, ts};
use proptest::prelude::*;

fn defaults() -> ImportDefaults {
    ImportDefaults {
        now: ts("59"),
        document_id: DocumentId::new("fallback").unwrap(),
    }
}

fn sample() -> Document {
    let mut d = doc("Tea 🍵 in 東京, said e\u{301}té.\nAnother \"quoted\" line.");
    let mut a = ann("a1", Tag::Claim, 0, 12);
    a.note = "a note with 😀 and \"quotes\"\nand a newline".into();
    a.modified = ts("30");
    d.apply(Command::Add(a)).unwrap();
    d.apply(Command::Add(ann("a2", Tag::Source, 4, 5))).unwrap();
    d.apply(Command::Add(ann("a3", Tag::Quote, 14, 33)))
        .unwrap();
    d.touch(ts("31"));
    d
}

#[test]
fn round_trip_is_exact() {
    let d = sample();
    let json = to_json(&d);
    let back = from_json(&json, &defaults()).unwrap();
    assert!(back.warnings.is_empty());
    assert_eq!(back.document, d);
    assert_eq!(to_json(&back.document), json);
}

#[test]
fn annotators_round_trip_and_an_unknown_one_is_refused() {
    let mut d = sample();
    let ana = crate::Annotator::new(crate::AnnotatorId::new("a-ana").unwrap(), "Ana Ruiz");
    d.apply(d.record_annotator(&ana).unwrap()).unwrap();
    let mut a = d.annotations().next().unwrap().clone();
    a.annotator = Some(ana.id.clone());
    d.apply(Command::Replace(a)).unwrap();
    d.touch(ts("31"));
    let json = to_json(&d);
    assert!(
        json.contains(
            "\"annotators\": [\n    {\n      \"id\": \"a-ana\",\n      \"name\": \"Ana Ruiz\""
        ),
        "{json}"
    );
    assert!(json.contains("\"annotator\": \"a-ana\""));
    let back = from_json(&json, &defaults()).unwrap();
    assert_eq!(back.document, d);
    let unknown = json.replace("\"annotator\": \"a-ana\"", "\"annotator\": \"a-bo\"");
    assert!(matches!(
        from_json(&unknown, &defaults()),
        Err(FormatError::Invalid { reason, .. }) if reason.contains("not one of the file's annotators")
    ));
    // Schema 4 files (no annotators) are still read.
    let old = to_json(&sample()).replace("\"version\": 5", "\"version\": 4");
    assert!(from_json(&old, &defaults())
        .unwrap()
        .document
        .annotators()
        .is_empty());
}

#[test]
fn relations_round_trip_and_bad_ones_are_refused() {
    use crate::relation::{RelationId, RelationKind};
    let mut d = sample();
    let ids: Vec<AnnotationId> = d.annotations().map(|a| a.id.clone()).collect();
    d.apply(Command::AddRelation(Relation {
        id: RelationId::new("r1").unwrap(),
        kind: RelationKind::attributed_to(),
        from: ids[1].clone(),
        to: ids[0].clone(),
        note: "said so 😀".into(),
        created: crate::testing::ts("05"),
    }))
    .unwrap();
    let json = to_json(&d);
    assert!(json.contains(r#""type": "attributed to""#), "{json}");
    let back = from_json(&json, &defaults()).unwrap();
    assert_eq!(back.document, d);
    let dangling = json.replace(&format!(r#""to": "{}""#, ids[0]), r#""to": "nobody""#);
    match from_json(&dangling, &defaults()) {
        Err(FormatError::Invalid { path, reason }) => {
            assert_eq!(path, "relations");
            assert!(reason.contains("nobody"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // A schema-2 file (no relations) is still read.
    let old = to_json(&sample()).replace(r#""version": 3"#, r#""version": 2"#);
    assert!(from_json(&old, &defaults())
        .unwrap()
        .document
        .relations()
        .is_empty());
}

#[test]
fn export_has_quote_context_and_units() {
    let v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
    assert_eq!(v["format"], "marginalia");
    assert_eq!(v["version"], SCHEMA_VERSION);
    assert_eq!(v["document"]["offsetUnit"], "codepoint");
    let a2 = &v["annotations"][1];
    assert_eq!(a2["id"], "a2");
    assert_eq!(a2["quote"], "🍵");
    assert_eq!(a2["prefix"], "Tea ");
    assert_eq!(a2["suffix"], " in 東京, said e\u{301}té.\nAnother \"quot");
}

fn err(input: &str) -> FormatError {
    from_json(input, &defaults()).unwrap_err()
}

#[test]
fn wrong_files_give_clear_errors() {
    assert!(matches!(err("{not json"), FormatError::Json(_)));
    assert!(matches!(err(""), FormatError::Json(_)));
    assert_eq!(err("[1,2]"), FormatError::NotMarginalia);
    assert_eq!(
        err(r#"{"format":"other","version":1}"#),
        FormatError::NotMarginalia
    );
    assert_eq!(
        err(r#"{"format":"marginalia","version":"1"}"#),
        FormatError::BadVersion
    );
    assert_eq!(
        err(r#"{"format":"marginalia","version":7}"#),
        FormatError::TooNew {
            found: 7,
            supported: SCHEMA_VERSION
        }
    );
    let e = err(r#"{"format":"marginalia","version":1,"document":{"title":"x"},"annotations":[]}"#);
    assert!(e.to_string().contains("missing field `text`"), "{e}");
}

fn file(annotations: &str) -> String {
    format!(
        r#"{{"format":"marginalia","version":1,"document":{{"text":"one two one three"}},"annotations":[{annotations}]}}"#
    )
}

#[test]
fn bad_annotations_are_located_in_the_message() {
    let e = err(&file(r#"{"id":"x","tag":"claim","start":3,"end":99}"#));
    assert_eq!(
        e.to_string(),
        "annotations[0]: span 3..99 is empty or outside the text (17 code points)"
    );
    let e = err(&file(r#"{"id":"x","tag":" ","start":0,"end":3}"#));
    assert!(
        e.to_string()
            .starts_with("annotations[0].tag: a label must not be empty"),
        "{e}"
    );
    let e = err(&file(
        r#"{"id":"x","tag":"claim","start":0,"end":3},{"id":"x","tag":"quote","start":4,"end":7}"#,
    ));
    assert_eq!(e.to_string(), "annotations[1].id: the id x is used twice");
    let e = err(&file(
        r#"{"id":"x","tag":"claim","start":0,"end":3,"quote":"four"}"#,
    ));
    assert!(e.to_string().contains("is not in the text"), "{e}");
    let e = err(&file(
        r#"{"id":"x","tag":"claim","start":4,"end":7,"quote":"one"}"#,
    ));
    assert!(e.to_string().contains("several places"), "{e}");
    let e = err(&file(
        r#"{"id":"x","tag":"claim","start":0,"end":3,"created":"today"}"#,
    ));
    assert!(e.to_string().starts_with("annotations[0].created:"), "{e}");
}

#[test]
fn labels_placements_and_unplaced_ones_round_trip() {
    let mut d = sample();
    let person = Label::new("Named person").unwrap();
    let unused = Label::new("Org").unwrap();
    let mut moved = ann("p1", Tag::Other(person.clone()), 4, 5);
    moved.placement = Placement::Fuzzy(912);
    d.apply(Command::Batch(vec![
        Command::AddLabel(person.clone()),
        Command::AddLabel(unused),
        Command::Add(moved),
        Command::AddUnplaced(Unplaced {
            id: AnnotationId::new("u1").unwrap(),
            tag: Tag::Other(person),
            exact: "gone 😀".into(),
            prefix: "was ".into(),
            suffix: String::new(),
            note: "find it".into(),
            created: ts("01"),
            modified: ts("02"),
            why: crate::annotation::Unplacement::Orphaned,
            attributes: Default::default(),
        }),
    ]))
    .unwrap();
    let json = to_json(&d);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["labels"], serde_json::json!(["Named person", "Org"]));
    assert_eq!(v["unplaced"][0]["why"], "orphaned");
    let back = from_json(&json, &defaults()).unwrap().document;
    assert_eq!(back, d);
    // Generated ids stay clear of the unplaced ones' ids.
    let got = from_json(
        r#"{"format":"marginalia","version":2,"document":{"text":"one two"},"annotations":[{"tag":"claim","start":0,"end":3}],"unplaced":[{"id":"a1","tag":"quote","exact":"x","created":"2026-11-24T10:00:00Z","modified":"2026-11-24T10:00:00Z","why":"orphaned"}]}"#,
        &defaults(),
    )
    .unwrap()
    .document;
    assert_eq!(got.annotations().next().unwrap().id.as_str(), "a2");
    // A label only an annotation names is added to the set.
    let got = from_json(
        &file(r#"{"id":"x","tag":"PER","start":0,"end":3}"#),
        &defaults(),
    )
    .unwrap()
    .document;
    assert_eq!(got.labels(), [Label::new("PER").unwrap()]);
}

#[test]
fn minimal_files_get_defaults_and_quotes_fix_offsets() {
    let got = from_json(
        &file(r#"{"tag":"claim","start":0,"end":3},{"id":"a1","tag":"Quote","start":4,"end":7,"quote":"one","prefix":"two "}"#),
        &defaults(),
    )
    .unwrap();
    let d = &got.document;
    assert_eq!(d.id().as_str(), "fallback");
    assert_eq!(d.created(), &ts("59"));
    let list: Vec<(&str, usize, usize)> = d
        .annotations()
        .map(|a| (a.id.as_str(), a.start, a.end))
        .collect();
    assert_eq!(list, vec![("a2", 0, 3), ("a1", 8, 11)]);
    assert_eq!(
        got.warnings,
        vec![
            ImportWarning::Moved {
                id: AnnotationId::new("a1").unwrap(),
                from: (4, 7),
                to: (8, 11)
            },
            ImportWarning::IdsAssigned(1)
        ]
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    "[a-z \n\"\\\\🍵東京é\u{301}👩\u{200d}]{1,80}"
}

proptest! {
    #[test]
    fn any_document_round_trips(
        text in text_strategy(),
        spans in proptest::collection::vec((0usize..80, 1usize..20, 0usize..3, "[a-z😀\n\"]{0,6}"), 0..12),
    ) {
        let mut d = doc(&text);
        add_generated(&mut d, "id", spans);
        let json = to_json(&d);
        let back = from_json(&json, &defaults()).unwrap();
        prop_assert!(back.warnings.is_empty());
        prop_assert_eq!(&back.document, &d);
        prop_assert_eq!(to_json(&back.document), json);
    }
}

#[test]
fn parts_round_trip_and_move_with_their_quote() {
    let mut d = doc("\"We go,\" he said, \"today.\"\nnext");
    let q = ann("q", Tag::Quote, 0, 1)
        .with_parts([1..6, 19..24])
        .unwrap();
    d.apply(Command::Add(q.clone())).unwrap();
    let json = to_json(&d);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["annotations"][0]["parts"][1]["start"], 19);
    assert_eq!(v["annotations"][0]["start"], 1);
    assert_eq!(v["annotations"][0]["end"], 24);
    let back = from_json(&json, &defaults()).unwrap();
    assert_eq!(back.document, d);
    // The text gained a line in front: the extent's quote is found two code
    // points on, and its parts move with it.
    let moved = json.replace("\"text\": \"", "\"text\": \"😀\\n");
    let back = from_json(&moved, &defaults()).unwrap();
    let a = back.document.annotations().next().unwrap();
    assert_eq!(a.parts, vec![3..8, 21..26]);
    assert_eq!(back.document.quote(a), "We go … today");
    // Parts outside the extent, or overlapping, are refused with their path.
    for bad in [
        r#"[{"start":0,"end":6},{"start":19,"end":24}]"#,
        r#"[{"start":1,"end":20},{"start":19,"end":24}]"#,
        r#"[{"start":1,"end":6}]"#,
    ] {
        let mut spoiled = v.clone();
        spoiled["annotations"][0]["parts"] = serde_json::from_str(bad).unwrap();
        let spoiled = spoiled.to_string();
        match from_json(&spoiled, &defaults()) {
            Err(FormatError::Invalid { path, .. }) => assert_eq!(path, "annotations[0].parts"),
            other => panic!("{bad}: {other:?}"),
        }
    }
}

#[test]
fn the_codebook_travels_in_the_file_and_a_bad_one_is_refused() {
    let mut d = doc("Officials said the sea was calm.");
    d.apply(Command::Batch(vec![
        Command::AddLabel(Label::new("Cue").unwrap()),
        Command::SetCodebook(Box::new(crate::Codebook::attribution())),
    ]))
    .unwrap();
    let json = to_json(&d);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["codebook"]["name"], "Attribution (PARC-style)");
    assert_eq!(v["codebook"]["labels"][3]["name"], "Cue");
    let back = from_json(&json, &defaults()).unwrap();
    assert_eq!(back.document, d);
    // The default codebook is not written; a file without one reads as it.
    let plain = to_json(&doc("x"));
    assert!(!plain.contains("\"codebook\""));
    // Its labels join the label set even when the file's list omits them.
    let mut spare = v.clone();
    spare["labels"] = serde_json::json!([]);
    let back = from_json(&spare.to_string(), &defaults()).unwrap();
    assert_eq!(back.document.labels(), [Label::new("Cue").unwrap()]);
    let mut bad = v.clone();
    bad["codebook"]["labels"][3]["key"] = "1".into();
    match from_json(&bad.to_string(), &defaults()) {
        Err(FormatError::Invalid { path, .. }) => assert_eq!(path, "codebook"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn attribute_values_travel_in_the_file() {
    let mut d = doc("Officials said the sea was calm.");
    let mut a = ann("q", Tag::Quote, 15, 31);
    a.attributes.insert("kind".into(), "indirect".into());
    a.attributes
        .insert("tone 😀".into(), "calm, \"flat\"".into());
    d.apply(Command::Add(a)).unwrap();
    let json = to_json(&d);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["annotations"][0]["attributes"]["kind"], "indirect");
    assert_eq!(from_json(&json, &defaults()).unwrap().document, d);
    assert!(!to_json(&doc("x")).contains("attributes"));
}
