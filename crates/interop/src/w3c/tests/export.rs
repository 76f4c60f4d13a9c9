//! The export: its shape, its ids and hashes, and the files the validator
//! reads.

use super::{add, document, samples, Tag, MIXED};
use crate::w3c::iri::{decode_segment, encode_segment};
use crate::w3c::{export, import, text_urn, Creator, W3cOptions, CONTEXT};
use marginalia_core::document::Document;
use serde_json::Value;

/// Writes every sample export where the CI's validator run finds them.
#[test]
fn exports_are_written_for_the_validator() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, doc, options) in samples() {
        let json = export(&doc, &options);
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["@context"], CONTEXT);
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["total"], doc.annotations().count());
        std::fs::write(dir.join(format!("{name}.jsonld")), json).unwrap();
    }
}

fn exported(doc: &Document, options: &W3cOptions) -> Value {
    serde_json::from_str(&export(doc, options)).unwrap()
}

#[test]
fn export_shape_for_a_tag_with_a_note() {
    let (_, doc, options) = samples().remove(0);
    let v = exported(&doc, &options);
    assert_eq!(v["id"], "urn:x-marginalia:doc-mixed");
    assert_eq!(v["label"], "A test article");
    let page = &v["first"];
    assert_eq!(page["type"], "AnnotationPage");
    assert_eq!(page["id"], "urn:x-marginalia:doc-mixed/page/1");
    assert_eq!(page["startIndex"], 0);
    let items = page["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids[0], "urn:x-marginalia:doc-mixed/a1");
    assert_eq!(ids.len(), 8);
    // a1: tag only.
    let a1 = &items[0];
    assert_eq!(a1["motivation"], "tagging");
    assert_eq!(a1["body"].as_array().unwrap().len(), 1);
    assert_eq!(a1["body"][0]["purpose"], "tagging");
    assert_eq!(a1["body"][0]["value"], "claim");
    assert!(a1.get("creator").is_none());
    assert_eq!(a1["generator"]["name"], "Marginalia");
    // a2: the emoji, with a note.
    let a2 = &items[1];
    assert_eq!(a2["motivation"], "commenting");
    assert_eq!(a2["body"][1]["purpose"], "commenting");
    assert_eq!(a2["body"][1]["value"], "an emoji 🍵");
    assert_eq!(a2["created"], "2026-11-24T10:00:00Z");
    assert_eq!(a2["modified"], "2026-11-24T10:00:42Z");
    let target = &a2["target"];
    assert_eq!(target["type"], "SpecificResource");
    assert_eq!(
        target["source"],
        "https://news.example.com/2026/11/tea.html"
    );
    assert_eq!(target["selector"][0]["type"], "TextQuoteSelector");
    assert_eq!(target["selector"][0]["exact"], "🍵");
    assert_eq!(target["selector"][0]["prefix"], "Tea ");
    assert_eq!(
        target["selector"][0]["suffix"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        32
    );
    assert_eq!(target["selector"][1]["type"], "TextPositionSelector");
    assert_eq!(
        target["selector"][1]["start"], 4,
        "code points, not UTF-16 (which would be 4..6)"
    );
    assert_eq!(target["selector"][1]["end"], 5);
    // a3 is 東京 at code points 9..11.
    assert_eq!(items[2]["target"]["selector"][0]["exact"], "東京");
    assert_eq!(items[2]["target"]["selector"][1]["start"], 9);
    // Text order: a6 (42..45) comes before a5's end but after its start.
    assert_eq!(items[3]["target"]["selector"][0]["exact"], "e\u{301}té");
    assert_eq!(
        items[4]["target"]["selector"][0]["exact"],
        "we will go\".\nThe 👩\u{200d}🔬 sc"
    );
    assert_eq!(items[5]["target"]["selector"][0]["exact"], "👩\u{200d}🔬");
    assert_eq!(items[7]["target"]["selector"][0]["exact"], "<tag>");
}

#[test]
fn export_without_url_names_the_text_by_its_hash() {
    let samples = samples();
    let v = exported(&samples[1].1, &samples[1].2);
    let source = v["first"]["items"][0]["target"]["source"].as_str().unwrap();
    assert_eq!(source, text_urn(MIXED));
    assert!(source.starts_with("urn:sha256:") && source.len() == 11 + 64);
    // A URL that is not an absolute IRI is not written either.
    let v = exported(&samples[2].1, &samples[2].2);
    let a = &v["first"]["items"][0];
    assert_eq!(
        a["target"]["source"],
        text_urn("Short text. Another sentence.")
    );
    assert_eq!(
        a["id"],
        "https://annotations.example.org/doc%2Fwith%25odd%23id/x%2F1%23%C3%A9%25"
    );
    assert_eq!(a["creator"]["type"], "Person");
    assert_eq!(a["creator"]["name"], "Ana Lyst");
    assert_eq!(a["creator"]["id"], "https://example.org/people/ana");
}

#[test]
fn empty_documents_have_no_page() {
    for (name, doc, options) in samples()
        .into_iter()
        .filter(|s| s.1.annotations().count() == 0)
    {
        let v = exported(&doc, &options);
        assert_eq!(v["total"], 0, "{name}");
        assert!(v.get("first").is_none(), "{name}");
        let back = import(&export(&doc, &options)).unwrap();
        assert!(
            back.annotations.is_empty() && back.warnings.is_empty(),
            "{name}"
        );
    }
}

#[test]
fn each_annotation_names_its_annotator_as_creator() {
    let (_, doc, options) = samples()
        .into_iter()
        .find(|(name, _, _)| *name == "annotators")
        .unwrap();
    let v = exported(&doc, &options);
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(
        items[0]["creator"],
        serde_json::json!({"id": "urn:marginalia:annotator:a-ana", "type": "Person", "name": "Ana Ruiz"})
    );
    assert_eq!(
        items[1]["creator"],
        serde_json::json!({"id": "urn:marginalia:annotator:a-bo", "type": "Person"}),
        "an unnamed annotator has no name"
    );
    assert!(items[2].get("creator").is_none(), "not recorded");
}

#[test]
fn options_fall_back_when_not_iris() {
    let mut doc = document("d", "abc", None);
    add(&mut doc, "a", Tag::Claim, 0, 1, "");
    let options = W3cOptions {
        id_base: Some("not a base".into()),
        creator: Some(Creator {
            name: String::new(),
            id: Some("nobody".into()),
        }),
    };
    let v = exported(&doc, &options);
    assert_eq!(v["first"]["items"][0]["id"], "urn:x-marginalia:d/a");
    assert!(v["first"]["items"][0].get("creator").is_none());
}

#[test]
fn sha256_matches_the_fips_vectors() {
    let hex = |d: &[u8]| text_urn(std::str::from_utf8(d).unwrap())[11..].to_string();
    assert_eq!(
        hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    let million = "a".repeat(1_000_000);
    assert_eq!(
        text_urn(&million)[11..],
        *"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
    // Lengths around the padding boundary (55, 56, 64 bytes), and UTF-8.
    assert_eq!(
        hex(&[b'a'; 55]),
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
    );
    assert_eq!(
        hex(&[b'a'; 56]),
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
    );
    assert_eq!(
        hex(&[b'a'; 64]),
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
    );
    assert_eq!(
        text_urn("東京🍵 tea e\u{301} end"),
        "urn:sha256:d912ee9b22bc9d99d1e4cd660f600f314c15c34ccf603f3016f822fdaa2f3b90"
    );
}

#[test]
fn ids_encode_and_decode() {
    for id in ["a-1", "x/1#é%", "日本", "a%2Fb", "~._-"] {
        let enc = encode_segment(id);
        assert!(!enc.contains('/') && !enc.contains('#'), "{enc}");
        assert!(enc.is_ascii(), "{enc}");
        assert_eq!(decode_segment(&enc).as_deref(), Some(id));
    }
    assert_eq!(decode_segment("%zz"), None);
    assert_eq!(decode_segment("%C3"), None, "half a UTF-8 sequence");
}

/// The encoding is exactly the one ids were always written with (upper-case
/// hex, `-._~` kept), and an escape cut short is no escape.
#[test]
fn id_encoding_is_fixed_and_cut_escapes_are_malformed() {
    assert_eq!(
        encode_segment("a b/é~*'()!"),
        "a%20b%2F%C3%A9~%2A%27%28%29%21"
    );
    assert_eq!(decode_segment("%2f%2F"), Some("//".into()));
    for bad in ["%", "a%4", "%4g", "%é1", "ok%"] {
        assert_eq!(decode_segment(bad), None, "{bad}");
    }
}

/// Relations are `linking` annotations: target the annotation they start
/// at, bodies their type, their note and the annotation they point to.
/// Written where the CI runs the validator on them (the model's MUSTs: the
/// project profile is for text annotations, and a link's target is an
/// annotation, not a text).
#[test]
fn relations_are_linking_annotations() {
    let (_, mut doc, options) = samples().remove(0);
    crate::fixtures::link(&mut doc, "r1", "a3", "a2", "a note");
    crate::fixtures::link(&mut doc, "r/2", "a5", "a2", "");
    let json = export(&doc, &options);
    let v: Value = serde_json::from_str(&json).unwrap();
    let items = v["first"]["items"].as_array().unwrap();
    assert_eq!(v["total"], items.len());
    assert_eq!(items.len(), 8 + 2);
    let base = "urn:x-marginalia:doc-mixed";
    assert_eq!(
        items[8],
        serde_json::json!({
            "id": format!("{base}/relation/r1"),
            "type": "Annotation",
            "motivation": "linking",
            "created": "2026-11-24T10:00:00Z",
            "modified": "2026-11-24T10:00:00Z",
            "generator": {"type": "Software", "name": "Marginalia"},
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": "attributed to", "format": "text/plain"},
                {"type": "TextualBody", "purpose": "commenting", "value": "a note", "format": "text/plain"},
                {"id": format!("{base}/a2")}
            ],
            "target": format!("{base}/a3")
        })
    );
    assert_eq!(items[9]["id"], format!("{base}/relation/r%2F2"));
    assert_eq!(
        items[9]["body"].as_array().unwrap().len(),
        2,
        "no note, no commenting body"
    );
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c-linking");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("relations.jsonld"), json).unwrap();
}
