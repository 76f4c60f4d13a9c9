//! Attribute values round-trip through every format that can hold them:
//! brat `A` lines, W3C classifying bodies (written where the validator run
//! of `scripts/test` finds them), Label Studio per-region choices, back onto
//! a fresh copy of the document.

use marginalia_core::document::{Command, Document};
use marginalia_core::import::{ForeignFile, Mode};
use marginalia_core::testing::{ann, doc, ts};
use marginalia_core::{Codebook, Label, Tag};
use marginalia_interop::{brat, labelstudio, plan::plan, w3c};

const TEXT: &str = "Ann said: 東京 🍵 is near, and it is true.";

/// The Attribution template with a quote (kind, and a free-text "tone"),
/// a claim (check-worthy: yes) and a source with no attribute.
fn attributed() -> Document {
    let mut d = doc(TEXT);
    d.apply(Command::Batch(vec![
        Command::AddLabel(Label::new("Cue").unwrap()),
        Command::SetCodebook(Box::new(Codebook::attribution())),
    ]))
    .unwrap();
    let mut q = ann("q", Tag::Quote, 10, 23);
    q.attributes.insert("kind".into(), "direct".into());
    q.attributes.insert("tone".into(), "calm".into());
    let mut c = ann("c", Tag::Claim, 29, 39);
    c.attributes.insert("check-worthy".into(), "yes".into());
    d.apply(Command::Batch(vec![
        Command::Add(q),
        Command::Add(c),
        Command::Add(ann("s", Tag::Source, 0, 3)),
    ]))
    .unwrap();
    d
}

/// The attribute values of `file` placed on a fresh copy, by annotation.
fn placed(file: &ForeignFile) -> Vec<(String, Vec<(String, String)>)> {
    let fresh = doc(TEXT);
    let p = plan(fresh.text(), file);
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        marginalia_core::AnnotationId::new(format!("n{n}")).unwrap()
    };
    let (command, _) = p.command(&fresh, Mode::Merge, &ts("59"), &mut new_id);
    let mut back = fresh.clone();
    back.apply(command).unwrap();
    want(&back)
}

/// The attribute values of `d`, by annotation (its quote), in text order.
fn want(d: &Document) -> Vec<(String, Vec<(String, String)>)> {
    d.annotations()
        .map(|a| {
            let values = a
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            (d.quote(a).into_owned(), values)
        })
        .collect()
}

#[test]
fn brat_writes_a_lines_and_reads_them_back() {
    let d = attributed();
    let (txt, ann) = brat::export(&d);
    assert!(ann.contains("\tkind T2 direct\n"), "{ann}");
    assert!(
        ann.contains("\tcheck-worthy T3\n"),
        "a yes/no is binary: {ann}"
    );
    let file = brat::import(&ann, Some(&txt)).unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    assert_eq!(placed(&file), want(&d));
}

#[test]
fn w3c_writes_classifying_bodies_and_reads_them_back() {
    let d = attributed();
    let json = w3c::export(&d, &w3c::W3cOptions::default());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let quote = &v["first"]["items"][1];
    assert_eq!(
        quote["body"][1],
        serde_json::json!({"type": "TextualBody", "purpose": "classifying", "label": "kind", "value": "direct", "format": "text/plain"})
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("attributes.jsonld"), &json).unwrap();
    let file = w3c::import(&json).unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    assert_eq!(
        file.annotations[1].label, "quote",
        "the tag is still the tag"
    );
    assert_eq!(placed(&file), want(&d));
}

#[test]
fn label_studio_writes_per_region_choices_and_reads_them_back() {
    let d = attributed();
    let json = labelstudio::export(&d);
    assert!(
        json.contains("\"from_name\": \"attr:quote:kind\""),
        "{json}"
    );
    assert!(json.contains("\"type\": \"choices\""));
    let file = labelstudio::import(&json).unwrap();
    assert_eq!(placed(&file), want(&d));
}

/// Two labels with an attribute of one name but other values: brat names
/// the second after its label, in the conf and in the `A` lines alike; a
/// free-text attribute has no brat form and is left out of both.
#[test]
fn brat_names_attributes_as_its_conf_declares_them() {
    use marginalia_core::codebook::{AttributeDef, AttributeKind};
    let mut d = attributed();
    let mut c = d.codebook().clone();
    c.labels[1].attributes = vec![AttributeDef {
        name: "kind".into(),
        kind: AttributeKind::Choice {
            values: vec!["person".into(), "body".into()],
        },
    }];
    c.labels[2].attributes.push(AttributeDef {
        name: "tone".into(),
        kind: AttributeKind::Text,
    });
    d.apply(Command::SetCodebook(Box::new(c))).unwrap();
    let mut s = d
        .annotation(&marginalia_core::AnnotationId::new("s").unwrap())
        .unwrap()
        .clone();
    s.attributes.insert("kind".into(), "body".into());
    d.apply(Command::Replace(s)).unwrap();
    let conf = brat::annotation_conf(&d);
    assert!(
        conf.contains("\nkind\tArg:source, Value:person|body\n"),
        "{conf}"
    );
    assert!(
        conf.contains("\nquote_kind\tArg:quote, Value:direct|indirect|mixed\n"),
        "{conf}"
    );
    assert!(conf.contains("# \"tone\" of quote: free text"), "{conf}");
    let ann = brat::export_ann(&d);
    assert!(ann.contains("\tkind T1 body\n"), "{ann}");
    assert!(ann.contains("\tquote_kind T2 direct\n"), "{ann}");
    assert!(!ann.contains("tone"), "{ann}");
}
