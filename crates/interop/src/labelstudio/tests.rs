//! Tests of the Label Studio export and import.

use super::*;
use crate::fixtures::{mixed_doc, MIXED};
use marginalia_core::annotation::Tag;
use serde_json::json;

#[test]
fn relations_are_written_as_relation_results() {
    let mut d = mixed_doc();
    crate::fixtures::link(&mut d, "r1", "a", "b", "");
    let v: Value = serde_json::from_str(&export(&d)).unwrap();
    let result = v[0]["annotations"][0]["result"].as_array().unwrap();
    assert_eq!(
        result.last().unwrap(),
        &json!({"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": ["attributed to"]})
    );
    // Our own export reads back, relation included.
    let back = import(&export(&d)).unwrap();
    assert_eq!(back.annotations.len(), 4);
    assert_eq!(back.relations.len(), 1);
    let r = &back.relations[0];
    let id = |i: usize| back.annotations[i].id.as_deref().unwrap();
    assert_eq!(
        (id(r.from), r.kind.as_str(), id(r.to)),
        ("a", "attributed to", "b")
    );
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
}

#[test]
fn relations_follow_their_direction_and_labels() {
    let task = r#"[{"data": {"text": "Ann said hi"}, "annotations": [{"result": [
      {"id": "a", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["source"]}},
      {"id": "q", "type": "labels", "value": {"start": 9, "end": 11, "labels": ["quote"]}},
      {"from_id": "a", "to_id": "q", "type": "relation", "direction": "left", "labels": ["attributed to", "cites"]},
      {"from_id": "a", "to_id": "q", "type": "relation", "direction": "bi"},
      {"from_id": "a", "to_id": "gone", "type": "relation", "direction": "right"}
    ]}]}]"#;
    let f = import(task).unwrap();
    let got: Vec<(usize, &str, usize)> = f
        .relations
        .iter()
        .map(|r| (r.from, r.kind.as_str(), r.to))
        .collect();
    assert_eq!(
        got,
        [
            (1, "attributed to", 0),
            (1, "cites", 0),
            (0, UNLABELLED_RELATION, 1),
            (1, UNLABELLED_RELATION, 0),
        ]
    );
    assert_eq!(
        f.warnings,
        [
            "[0]: 1 relation(s) in both directions, read as one relation each way",
            "[0]: skipped result items: 1 relation to a region not read (Marginalia reads labelled text regions and their relations)"
        ]
    );
}

/// kiji-proxy's template: unlabelled relations between string region ids,
/// and a last region whose offsets are wrong (its relation still links it).
#[test]
fn kiji_proxy_relations_are_read() {
    let path =
        crate::testdata::shared().join("realworld/labelstudio/kiji-proxy/sample_predictions.json");
    let f = import(&std::fs::read_to_string(path).unwrap()).unwrap();
    let quote = |i: usize| {
        f.annotations[i]
            .selector
            .quote
            .as_ref()
            .unwrap()
            .exact
            .as_str()
    };
    let got: Vec<(&str, &str, &str)> = f
        .relations
        .iter()
        .map(|r| (quote(r.from), r.kind.as_str(), quote(r.to)))
        .collect();
    assert_eq!(
        got,
        [
            ("He", UNLABELLED_RELATION, "John Smith"),
            ("her", UNLABELLED_RELATION, "Mary")
        ]
    );
}

#[test]
fn export_writes_code_points_and_note_areas() {
    let out = export(&mixed_doc());
    let v: Value = serde_json::from_str(&out).unwrap();
    let task = &v[0];
    assert_eq!(task["data"]["text"], MIXED);
    assert_eq!(task["data"]["title"], "T");
    let result = task["annotations"][0]["result"].as_array().unwrap();
    assert_eq!(result.len(), 6);
    assert_eq!(result[0]["type"], "labels");
    assert_eq!(result[0]["value"]["start"], 4);
    assert_eq!(result[0]["value"]["end"], 5);
    assert_eq!(result[0]["value"]["text"], "🍵");
    assert_eq!(result[0]["value"]["labels"], json!(["quote"]));
    assert_eq!(result[1]["value"]["start"], 9);
    assert_eq!(result[1]["value"]["text"], "東京");
    assert_eq!(result[2]["type"], "textarea");
    assert_eq!(result[2]["id"], "b");
    assert_eq!(result[2]["from_name"], "note");
    assert_eq!(result[2]["value"]["text"], json!(["in Japan"]));
    assert_eq!(result[5]["value"]["start"], 27);
    assert_eq!(result[5]["value"]["end"], 37);
    assert_eq!(task["annotations"][0]["created_at"], "2026-11-24T10:00:00Z");
}

#[test]
fn label_config_names_match_the_export() {
    for tag in Tag::ALL {
        assert!(LABEL_CONFIG.contains(&format!("<Label value=\"{}\" background=", tag.as_str())));
    }
    for name in [
        "name=\"label\"",
        "name=\"text\"",
        "name=\"note\"",
        "value=\"$text\"",
    ] {
        assert!(LABEL_CONFIG.contains(name), "{name}");
    }
}

#[test]
fn round_trip_keeps_labels_positions_and_notes() {
    let d = mixed_doc();
    let f = import(&export(&d)).unwrap();
    assert_eq!(f.format, FormatKind::LabelStudio);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(f.text.as_deref(), Some(MIXED));
    assert_eq!(f.title.as_deref(), Some("T"));
    let got: Vec<(Option<String>, String, usize, usize, String)> = f
        .annotations
        .iter()
        .map(|a| {
            let p = a.selector.position.unwrap();
            assert_eq!(p.unit, Unit::CodePoint);
            assert_eq!(
                a.selector.quote.as_ref().unwrap().exact,
                Text::new(MIXED).slice(p.start..p.end)
            );
            (
                a.id.clone(),
                a.label.clone(),
                p.start,
                p.end,
                a.note.clone(),
            )
        })
        .collect();
    let want: Vec<(Option<String>, String, usize, usize, String)> = d
        .annotations()
        .map(|a| {
            (
                Some(a.id.as_str().to_string()),
                a.tag.as_str().into(),
                a.start,
                a.end,
                a.note.clone(),
            )
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        f.annotations[0].created.as_ref().map(Timestamp::as_str),
        Some("2026-11-24T10:00:00Z")
    );
}

/// A task as Label Studio exports it, with the fields we ignore.
const LS_TASK: &str = r#"[{"id": 1, "data": {"text": "Sony formed a venture\nwith Ericsson."},
  "annotations": [
    {"id": 9, "was_cancelled": true, "result": [{"id": "zz", "type": "labels", "from_name": "label", "to_name": "text",
       "value": {"start": 0, "end": 4, "labels": ["ORG"]}}]},
    {"id": 10, "completed_by": 1, "lead_time": 4.2, "created_at": "2021-03-09T21:52:49.513742Z",
     "result": [
      {"id": "r2", "from_name": "note", "to_name": "text", "type": "textarea",
       "value": {"start": 14, "end": 35, "text": ["spans", "a break"]}},
      {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual",
       "value": {"start": 0, "end": 4, "text": "Sony", "labels": ["ORG", "Company"]}},
      {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels",
       "value": {"start": 14, "end": 35, "text": "venture\\nwith Ericsson", "labels": ["MISC"]},
       "meta": {"text": ["region meta"]}},
      {"id": "c1", "from_name": "sentiment", "to_name": "text", "type": "choices", "value": {"choices": ["Positive"]}},
      {"from_id": "r1", "to_id": "r2", "type": "relation", "direction": "right"}
    ]}],
  "predictions": [{"result": []}]}]"#;

#[test]
fn reads_label_studio_tasks_tolerantly() {
    let f = import(LS_TASK).unwrap();
    let got: Vec<(Option<&str>, &str, usize, usize, &str)> = f
        .annotations
        .iter()
        .map(|a| {
            let p = a.selector.position.unwrap();
            (
                a.id.as_deref(),
                a.label.as_str(),
                p.start,
                p.end,
                a.note.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("r1/ORG"), "ORG", 0, 4, ""),
            (Some("r1/Company"), "Company", 0, 4, ""),
            (Some("r2"), "MISC", 14, 35, "spans\na break\nregion meta"),
        ]
    );
    assert_eq!(
        f.annotations[2].selector.quote.as_ref().unwrap().exact,
        "venture\nwith Ericsson"
    );
    assert_eq!(
        f.annotations[0].created.as_ref().unwrap().as_str(),
        "2021-03-09T21:52:49.513742Z"
    );
    assert_eq!(f.warnings.len(), 2, "{:?}", f.warnings);
    assert!(
        f.warnings[1].ends_with("skipped result items: 1 choices (Marginalia reads labelled text regions and their relations)"),
        "{:?}",
        f.warnings
    );
    // The relation from r1, a region with two labels, links both.
    let links: Vec<(usize, usize)> = f.relations.iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(links, [(0, 2), (1, 2)]);
}

#[test]
fn predictions_are_read_when_there_is_no_annotation() {
    let f = import(
        r#"{"data": {"body": "abc def"}, "predictions": [{"model_version": "m1", "score": 0.5,
            "result": [{"id": "p", "type": "labels", "value": {"start": 4, "end": 7, "labels": ["X"]}}]}]}"#,
    )
    .unwrap();
    assert_eq!(f.text.as_deref(), Some("abc def"));
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "def"
    );
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn old_utf16_offsets_are_recognised_by_their_text() {
    // Issue #1347: "💩This is an annotation." with "annotation" stored
    // as 13..23 (UTF-16); in code points it is 12..22.
    let f = import(
        r#"[{"data": {"text": "💩This is an annotation."}, "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 13, "end": 23, "text": "annotation", "labels": ["A"]}},
            {"id": "b", "type": "labels", "value": {"start": 1, "end": 5, "text": "This", "labels": ["A"]}}]}]}]"#,
    )
    .unwrap();
    let p = f.annotations[0].selector.position.unwrap();
    assert_eq!((p.start, p.end), (12, 22));
    let p = f.annotations[1].selector.position.unwrap();
    assert_eq!((p.start, p.end), (1, 5));
    assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
}

#[test]
fn mismatched_text_keeps_the_stated_quote() {
    let f = import(
        r#"[{"data": {"text": "abc"}, "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 2, "text": "xy", "labels": ["A"]}}]}]},
           {"data": {"text": "second"}, "annotations": []}]"#,
    )
    .unwrap();
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().exact,
        "xy"
    );
    assert_eq!(f.warnings.len(), 2, "{:?}", f.warnings);
    assert_eq!(
        import_all(r#"[{"data": {}, "annotations": []}]"#)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn bad_files_are_errors_with_a_place() {
    for (content, path) in [
        ("nope", "the file"),
        ("[]", "the file"),
        ("[{\"text\": \"a\"}]", "[0]"),
        (
            r#"[{"data": {"text": "ab"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 2, "end": 1, "labels": ["A"]}}]}]}]"#,
            "[0].annotations[0].result[0]",
        ),
        (
            r#"[{"data": {"text": "ab"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 1}}]}]}]"#,
            "[0].annotations[0].result[0]",
        ),
    ] {
        match import(content) {
            Err(InteropError::Invalid {
                format, path: p, ..
            }) => {
                assert_eq!(format, "Label Studio");
                assert_eq!(p, path, "{content:?}");
            }
            other => panic!("{content:?} gave {other:?}"),
        }
    }
}

#[test]
fn looks_like_detects_from_content() {
    assert!(looks_like(&export(&mixed_doc())));
    assert!(looks_like(LS_TASK));
    assert!(looks_like(
        "{\"data\": {\"text\": \"a\"}, \"predictions\": []}"
    ));
    assert!(!looks_like("[{\"data\": {\"text\": \"a\"}}]"));
    assert!(!looks_like("{\"text\": \"a\", \"label\": [[0, 1, \"X\"]]}"));
    assert!(!looks_like(
        "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\"}"
    ));
    assert!(!looks_like("T1\tclaim 0 1\ta"));
}

/// Our per-region controls are `attr:{label}:{attribute}`: knowing the
/// region's label, a label and an attribute that hold `:` come back whole.
#[test]
fn attribute_controls_with_colons_are_read_by_the_region_label() {
    let task = r#"[{"data": {"text": "Sony said so."}, "annotations": [{"result": [
      {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
       "value": {"start": 0, "end": 4, "labels": ["Source: named"]}},
      {"id": "r1", "from_name": "attr:Source: named:time: of day", "to_name": "text", "type": "choices",
       "value": {"start": 0, "end": 4, "choices": ["morning"]}}]}]}]"#;
    let f = import(task).unwrap();
    let a = &f.annotations[0];
    assert_eq!(a.label, "Source: named");
    assert_eq!(
        a.attributes.get("time: of day").map(String::as_str),
        Some("morning"),
        "{:?}",
        a.attributes
    );
}

/// Two annotators' annotations of one task: each is their layer, named by
/// `completed_by` (a user object, or a bare id), with its own relations.
#[test]
fn every_annotation_of_a_task_is_its_annotators_layer() {
    let task = r#"[{"id": 1, "data": {"text": "Ana said “no” 😀 today."},
      "annotations": [
        {"id": 1, "completed_by": {"id": 7, "email": "ana@example.org", "first_name": "Ana", "last_name": "Ruiz"},
         "result": [
          {"id": "s", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["source"]}},
          {"id": "q", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 9, "end": 13, "labels": ["quote"]}},
          {"from_id": "q", "to_id": "s", "type": "relation", "direction": "right", "labels": ["attributed to"]}]},
        {"id": 2, "completed_by": 8,
         "result": [{"id": "q", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 9, "end": 15, "labels": ["quote"]}},
          {"id": "s", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["source"]}},
          {"from_id": "q", "to_id": "s", "type": "relation", "direction": "right", "labels": ["attributed to"]}]},
        {"id": 4, "completed_by": {"id": null, "email": "cy@example.org"},
         "result": [{"id": "c", "from_name": "label", "to_name": "text", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["source"]}}]},
        {"completed_by": "bad\u0007id", "result": []},
        {"completed_by": {"first_name": "No Id"}, "result": []},
        {"id": 3, "was_cancelled": true, "completed_by": 9, "result": []}]}]"#;
    let f = import(task).unwrap();
    let who: Vec<(String, String)> = f
        .annotations
        .iter()
        .map(|a| {
            let w = a.annotator.as_ref().unwrap();
            (w.id.to_string(), w.name.clone())
        })
        .collect();
    assert_eq!(
        who,
        [
            ("labelstudio-7".to_string(), "Ana Ruiz".to_string()),
            ("labelstudio-7".to_string(), "Ana Ruiz".to_string()),
            (
                "labelstudio-8".to_string(),
                "Label Studio user 8".to_string()
            ),
            (
                "labelstudio-8".to_string(),
                "Label Studio user 8".to_string()
            ),
            (
                "labelstudio-cy@example.org".to_string(),
                "cy@example.org".to_string()
            ),
        ]
    );
    // Each entry's relations between its own regions (the second's moved
    // past the first's annotations).
    let ends: Vec<(usize, usize)> = f.relations.iter().map(|r| (r.from, r.to)).collect();
    assert_eq!(ends, [(1, 0), (2, 3)]);
    assert!(
        f.warnings
            .iter()
            .any(|w| w.contains("5 annotations read, each as its annotator's layer")),
        "{:?}",
        f.warnings
    );
    // One annotation alone that names no one is the importer's.
    let mine = import(r#"{"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "a", "from_name": "l", "to_name": "t", "type": "labels", "value": {"start": 0, "end": 3, "labels": ["X"]}}]}]}"#).unwrap();
    assert_eq!(mine.annotations[0].annotator, None);
}

/// A document of two annotators: an annotations entry each, read back as
/// the same annotators (ids kept).
#[test]
fn each_annotator_is_an_annotations_entry_both_ways() {
    use marginalia_core::Annotator;
    let d = marginalia_core::testing::two_layers(&[(0, 3)], &[(9, 15)]);
    let (ana, bo) = marginalia_core::testing::ana_and_bo();
    let json: serde_json::Value = serde_json::from_str(&export(&d)).unwrap();
    let entries = json[0]["annotations"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["completed_by"]["first_name"], "Bo");
    let back = import(&export(&d)).unwrap();
    let who: Vec<&Annotator> = back
        .annotations
        .iter()
        .map(|a| a.annotator.as_ref().unwrap())
        .collect();
    assert_eq!(who, [&ana, &bo]);
}

#[test]
fn hypertext_tasks_are_read_as_text_and_their_regions_placed_by_their_text() {
    let dir = crate::testdata::shared()
        .join("realworld/labelstudio/label-studio-frontend-examples/rich_text_html");
    // The task with predictions (no global offsets), and an annotation
    // export with them (one whose offsets disagree with its text).
    for file in ["tasks.json", "annotations/1.json"] {
        let f = import(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        let text = f.text.clone().unwrap();
        assert!(!text.contains('<'), "{file}: the HTML was read as text");
        assert!(
            text.starts_with("Jules: No no, Mr. Wolfe, it's not like that."),
            "{text}"
        );
        assert!(
            f.warnings.iter().any(|w| w.contains("a HyperText task")),
            "{:?}",
            f.warnings
        );
        let p = crate::plan::plan(&Text::new(&text), &f);
        let t = Text::new(&text);
        let mut placed: Vec<(String, &str)> = p
            .items
            .iter()
            .map(|i| {
                let (s, e) = i.anchoring.span().expect("placed");
                (i.foreign.label.clone(), t.slice(s..e))
            })
            .collect();
        placed.sort();
        assert_eq!(
            placed,
            [
                ("Date".to_string(), "Vincent: Look, Mr. Wolfe"),
                (
                    "Date".to_string(),
                    "appreciated.\nVincent: Look, Mr. Wolfe, I respect you."
                ),
                ("Person".to_string(), "Jules"),
                ("Person".to_string(), "The Wolf"),
            ],
            "{file}"
        );
    }
}
