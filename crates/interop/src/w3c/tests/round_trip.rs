//! Exports read back by the import: every field comes back.

use super::{add, document, samples, MIXED};
use crate::reanchor::{Position, Unit};
use crate::w3c::iri::is_iri;
use crate::w3c::{export, import, looks_like, W3cOptions};
use crate::FormatKind;
use marginalia_core::anchor::TextQuote;
use marginalia_core::annotation::{Annotation, AnnotationId, Tag};
use marginalia_core::document::{Command, Document};
use marginalia_core::testing::{add_generated, ts};
use proptest::prelude::*;
use serde_json::Value;

/// Every exported annotation comes back with its label, note, times,
/// quote and code-point position.
fn assert_round_trip(doc: &Document, options: &W3cOptions) {
    let json = export(doc, options);
    assert!(looks_like(&json));
    let back = import(&json).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(back.format, FormatKind::W3c);
    assert_eq!(back.text, None);
    // The URL travels in the targets, so only with annotations.
    let url = doc.meta().url.as_deref().filter(|u| is_iri(u));
    let url = url.filter(|_| !doc.is_empty() && doc.annotations().next().is_some());
    assert_eq!(back.source.as_deref(), url);
    let originals: Vec<&Annotation> = doc.annotations().collect();
    assert_eq!(back.annotations.len(), originals.len());
    for (a, f) in originals.iter().zip(&back.annotations) {
        assert_eq!(f.id.as_deref(), Some(a.id.as_str()));
        assert_eq!(f.label, a.tag.as_str());
        assert_eq!(f.note, a.note);
        assert_eq!(f.created.as_ref(), Some(&a.created));
        assert_eq!(f.modified.as_ref(), Some(&a.modified));
        assert_eq!(
            f.selector.quote.as_ref(),
            Some(&TextQuote::of(doc.text(), a.start, a.end))
        );
        assert_eq!(
            f.selector.position,
            Some(Position {
                start: a.start,
                end: a.end,
                unit: Unit::CodePoint
            })
        );
    }
}

/// Labels and unplaced annotations travel too: the label as the tagging
/// body, an unplaced annotation as a quote-only target, which the
/// validator accepts and which an import keeps unplaced again.
#[test]
fn labels_and_unplaced_ones_round_trip() {
    use crate::plan::plan;
    use marginalia_core::annotation::{Label, Unplaced, Unplacement};
    use marginalia_core::import::Mode;
    let mut d = document("doc-labels", MIXED, None);
    let person = Label::new("Named person").unwrap();
    d.apply(Command::AddLabel(person.clone())).unwrap();
    add(&mut d, "p1", Tag::Other(person.clone()), 9, 11, "a city");
    add(&mut d, "c1", Tag::Claim, 0, 3, "");
    let gone = Unplaced {
        id: AnnotationId::new("u1").unwrap(),
        tag: Tag::Other(person),
        exact: "a sentence no longer here 😀".into(),
        prefix: "before ".into(),
        suffix: String::new(),
        note: "find it".into(),
        created: ts("01"),
        modified: ts("02"),
        why: Unplacement::Orphaned,
        attributes: Default::default(),
    };
    d.apply(Command::AddUnplaced(gone.clone())).unwrap();
    let json = export(&d, &W3cOptions::default());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("labels-unplaced.jsonld"), &json).unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["total"], 3);
    let last = &v["first"]["items"][2];
    assert_eq!(last["target"]["selector"].as_array().unwrap().len(), 1);
    assert_eq!(last["body"][0]["value"], "Named person");

    let file = import(&json).unwrap();
    let fresh = document("doc-labels", MIXED, None);
    let p = plan(fresh.text(), &file);
    let (cmd, effect) = p.command(&fresh, Mode::Merge, &ts("59"), &mut || unreachable!());
    assert_eq!((effect.placed, effect.unplaced), (2, 1));
    let mut back = fresh.clone();
    back.apply(cmd).unwrap();
    assert_eq!(back.labels(), d.labels());
    assert_eq!(
        back.annotations().collect::<Vec<_>>(),
        d.annotations().collect::<Vec<_>>()
    );
    assert_eq!(back.unplaced(), [gone]);
}

#[test]
fn samples_round_trip() {
    for (_, doc, options) in samples() {
        assert_round_trip(&doc, &options);
    }
    let (_, doc, options) = samples().remove(0);
    assert_eq!(
        import(&export(&doc, &options)).unwrap().title.as_deref(),
        Some("A test article")
    );
}

proptest! {
    #[test]
    fn any_document_round_trips(
        text in "[a-z \n\"\\\\🍵東京é\u{301}👩\u{200d}]{1,80}",
        spans in proptest::collection::vec((0usize..80, 1usize..20, 0usize..3, "[a-z😀\n\"]{0,6}"), 0..12),
        url in proptest::option::of("https://[a-z]{1,8}\\.example/[a-z0-9/]{0,10}"),
    ) {
        let mut d = document("p", &text, url.as_deref());
        add_generated(&mut d, "id", spans);
        assert_round_trip(&d, &W3cOptions::default());
    }
}

/// Each relation of a file as (from id, kind, to id, note, relation id).
fn links(f: &crate::ForeignFile) -> Vec<(String, String, String, String, Option<String>)> {
    let id = |i: usize| f.annotations[i].id.clone().unwrap_or_default();
    f.relations
        .iter()
        .map(|r| {
            (
                id(r.from),
                r.kind.clone(),
                id(r.to),
                r.note.clone(),
                r.id.clone(),
            )
        })
        .collect()
}

#[test]
fn relations_come_back_from_their_linking_annotations() {
    let (_, mut doc, options) = samples().remove(0);
    crate::fixtures::link(&mut doc, "r1", "a3", "a2", "a note\nof two lines");
    crate::fixtures::link(&mut doc, "r/2", "a5", "a2", "");
    let back = import(&export(&doc, &options)).unwrap();
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(
        back.annotations.len(),
        8,
        "links are not annotations of text"
    );
    let s = |x: &str| x.to_string();
    assert_eq!(
        links(&back),
        [
            (
                s("a3"),
                s("attributed to"),
                s("a2"),
                s("a note\nof two lines"),
                Some(s("r1"))
            ),
            (s("a5"), s("attributed to"), s("a2"), s(""), Some(s("r/2"))),
        ]
    );
}

#[test]
fn recogito_links_have_two_targets_and_missing_ends_warn() {
    let file = r##"[
      {"id": "#a", "type": "Annotation", "body": [{"type": "TextualBody", "purpose": "tagging", "value": "PER"}],
       "target": {"selector": [{"type": "TextQuoteSelector", "exact": "Tea"}]}},
      {"id": "#b", "type": "Annotation", "body": [{"type": "TextualBody", "purpose": "tagging", "value": "LOC"}],
       "target": {"selector": [{"type": "TextQuoteSelector", "exact": "東京"}]}},
      {"id": "#l1", "type": "Annotation", "motivation": "linking",
       "body": [{"type": "TextualBody", "purpose": "tagging", "value": "lives in"}],
       "target": [{"id": "#a"}, {"id": "#b"}]},
      {"id": "#l2", "type": "Annotation", "motivation": "linking", "body": [], "target": ["#b", "#a"]},
      {"id": "#l3", "type": "Annotation", "motivation": "linking", "target": [{"id": "#a"}, {"id": "#zz"}]},
      {"id": "#l4", "type": "Annotation", "motivation": "linking", "target": ["#a", "#b", "#a"]}
    ]"##;
    let back = import(file).unwrap();
    assert_eq!(back.annotations.len(), 2);
    let s = |x: &str| x.to_string();
    assert_eq!(
        links(&back),
        [
            (s("#a"), s("lives in"), s("#b"), s(""), None),
            (
                s("#b"),
                s(marginalia_core::relation::RELATED_TO),
                s("#a"),
                s(""),
                None
            ),
        ]
    );
    assert_eq!(
        back.warnings,
        [
            "[5] (#l4): a link between 3 targets and 0 annotation bodies is not a relation between two annotations; skipped",
            "1 link(s) to annotations that are not in the file were skipped: [4] (#l3)",
        ]
    );
}

/// Recogito-JS's own demo file: a real link between two of its annotations.
#[test]
fn recogito_js_demo_link_is_read() {
    let path = crate::testdata::shared().join("realworld/w3c/recogito-js/annotations.w3c.json");
    let back = import(&std::fs::read_to_string(path).unwrap()).unwrap();
    // Three annotations, the first with two tags (one annotation each).
    assert_eq!(back.annotations.len(), 4);
    let got = links(&back);
    assert_eq!(got.len(), 1, "{:?}", back.warnings);
    assert_eq!(
        (got[0].0.as_str(), got[0].1.as_str(), got[0].2.as_str()),
        (
            "#ce0ed291-766b-4763-8e91-90ce1d04e706",
            "isRelatedTo",
            "#447d4bea-08dc-4bd0-ae51-31f5ed7a95a0"
        )
    );
}

/// A multi-part annotation is one annotation with a target per part; it
/// comes back with its parts, placed by their positions.
#[test]
fn parts_are_targets_and_come_back() {
    use crate::plan::plan;
    use marginalia_core::import::Mode;
    let mut d = document("doc-parts", MIXED, Some("https://news.example.com/p"));
    // "we will go" (25..35) and "다시" in the second paragraph.
    let q = marginalia_core::testing::ann("q1", Tag::Quote, 0, 1)
        .with_parts([25..29, 31..35, 56..58])
        .unwrap();
    d.apply(Command::Add(q.clone())).unwrap();
    add(&mut d, "s1", Tag::Source, 13, 17, "");
    let json = export(&d, &W3cOptions::default());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("parts.jsonld"), &json).unwrap();
    let v: Value = serde_json::from_str(&json).unwrap();
    let targets = v["first"]["items"][1]["target"].as_array().unwrap();
    assert_eq!(targets.len(), 3);
    assert_eq!(targets[2]["selector"][0]["exact"], "다시");
    assert_eq!(targets[2]["selector"][1]["start"], 56);
    assert!(
        v["first"]["items"][0]["target"].is_object(),
        "one span, one target"
    );

    let file = import(&json).unwrap();
    assert!(file.warnings.is_empty(), "{:?}", file.warnings);
    assert_eq!(file.annotations[1].parts, vec![25..29, 31..35, 56..58]);
    let fresh = document("doc-parts", MIXED, None);
    let p = plan(fresh.text(), &file);
    let (cmd, _) = p.command(&fresh, Mode::Merge, &ts("59"), &mut || unreachable!());
    let mut back = fresh.clone();
    back.apply(cmd).unwrap();
    let got = back.annotation(&q.id).unwrap();
    assert_eq!(got.parts, q.parts);
    assert_eq!(back.quote(got), "we w … l go … 다시");
    assert_eq!(got.placement, marginalia_core::Placement::Exact);
    // On an edited text (one part's words changed), the parts are not
    // taken as exact: the placement is approximate, for the user to check.
    let edited = document("doc-parts", &MIXED.replace("will go", "will GO"), None);
    let p = plan(edited.text(), &file);
    assert_eq!(
        p.items[1].anchoring,
        marginalia_core::Anchoring::Fuzzy {
            start: 25,
            end: 58,
            similarity: 666
        }
    );
}

/// Each annotation's `creator` comes back as its annotator, with the name
/// the file gives; an import into a document that already knows one of
/// them keeps the document's name for them.
#[test]
fn annotators_come_back_from_their_creator() {
    use crate::plan::plan;
    use marginalia_core::import::Mode;
    let (_, d, options) = samples()
        .into_iter()
        .find(|(name, _, _)| *name == "annotators")
        .unwrap();
    let file = import(&export(&d, &options)).unwrap();
    let whose: Vec<Option<&str>> = (file.annotations.iter())
        .map(|a| a.annotator.as_ref().map(|w| w.name.as_str()))
        .collect();
    assert_eq!(whose, [Some("Ana Ruiz"), Some(""), None]);
    let mut fresh = document("doc-annotators", "Ana said yes. Bo said no.", None);
    let renamed = marginalia_core::Annotator::new(d.annotators()[0].id.clone(), "Ana R.");
    fresh
        .apply(fresh.record_annotator(&renamed).unwrap())
        .unwrap();
    let p = plan(fresh.text(), &file);
    let (cmd, _) = p.command(&fresh, Mode::Merge, &ts("59"), &mut || unreachable!());
    let mut back = fresh.clone();
    back.apply(cmd).unwrap();
    assert_eq!(
        back.annotators()[0].name,
        "Ana R.",
        "the document's name is kept"
    );
    assert_eq!(back.annotators()[1], d.annotators()[1]);
    for a in d.annotations() {
        assert_eq!(back.annotation(&a.id).unwrap().annotator, a.annotator);
    }
    // Another tool's creator: an IRI, or a name alone.
    let other = r#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation",
      "creator": {"name": "Bo  Li"}, "body": {"type": "TextualBody", "value": "quote", "purpose": "tagging"},
      "target": {"source": "urn:x", "selector": {"type": "TextQuoteSelector", "exact": "yes"}}}"#;
    let f = import(other).unwrap();
    let who = f.annotations[0].annotator.clone().unwrap();
    assert_eq!(
        (who.id.as_str(), who.name.as_str()),
        ("name:Bo_Li", "Bo  Li")
    );
}
