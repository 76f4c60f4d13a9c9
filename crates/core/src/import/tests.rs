//! Tests of the import plan, its summary, effect and command.

use super::*;
use crate::selector::{Position, Unit};
use crate::testing::{doc, ts};
use crate::TextQuote;

fn item(id: &str, anchoring: Anchoring) -> Planned {
    Planned {
        foreign: ForeignAnnotation {
            id: Some(id.into()),
            label: "PER".into(),
            selector: Selector {
                position: Some(Position {
                    start: 4,
                    end: 5,
                    unit: Unit::CodePoint,
                }),
                quote: Some(TextQuote {
                    exact: "🍵".into(),
                    prefix: "Tea ".into(),
                    suffix: " in 東京".into(),
                }),
            },
            note: "n".into(),
            created: None,
            modified: None,
            parts: Vec::new(),
            attributes: Default::default(),
            part_quotes: Vec::new(),
            annotator: None,
        },
        anchoring,
        tag: Tag::from_foreign("PER"),
    }
}

#[test]
fn another_annotators_same_span_is_their_layer_not_a_duplicate() {
    let mut d = doc("Tea 🍵 in 東京 said Zoë.");
    let ana = crate::Annotator::new(crate::AnnotatorId::new("a-ana").unwrap(), "Ana");
    let by = |id: &str, who: Option<&crate::Annotator>| Planned {
        foreign: ForeignAnnotation {
            annotator: who.cloned(),
            ..item(id, Anchoring::Exact { start: 4, end: 5 }).foreign
        },
        ..item(id, Anchoring::Exact { start: 4, end: 5 })
    };
    let plan = |items| ImportPlan {
        format: FormatKind::W3c,
        items,
        relations: Vec::new(),
        warnings: Vec::new(),
        codebook: None,
        text: None,
        title: None,
        source: None,
        guesses: Vec::new(),
    };
    let mut n = 0;
    let mut ids = || {
        n += 1;
        AnnotationId::new(format!("g{n}")).unwrap()
    };
    let (command, effect) =
        plan(vec![by("mine", None)]).command(&d, Mode::Merge, &ts("01"), &mut ids);
    assert_eq!(effect.placed, 1);
    d.apply(command).unwrap();
    // Ana's on the same span and label comes in as hers; twice, once.
    let anas = plan(vec![by("a1", Some(&ana)), by("a2", Some(&ana))]);
    let (command, effect) = anas.command(&d, Mode::Merge, &ts("02"), &mut ids);
    assert_eq!((effect.placed, effect.duplicates), (1, 1));
    d.apply(command).unwrap();
    let (_, again) = anas.command(&d, Mode::Merge, &ts("03"), &mut ids);
    assert_eq!((again.placed, again.duplicates), (0, 2));
    // One that names no one repeats whichever is there.
    let (_, anon) = plan(vec![by("x", None)]).command(&d, Mode::Merge, &ts("04"), &mut ids);
    assert_eq!((anon.placed, anon.duplicates), (0, 1));
}

#[test]
fn a_slim_plan_does_the_same_with_less() {
    let d = doc("Tea 🍵 in 東京 said Zoë.");
    let mut plan = ImportPlan {
        format: FormatKind::W3c,
        items: vec![
            item("a", Anchoring::Exact { start: 4, end: 5 }),
            item("b", Anchoring::Orphaned),
        ],
        relations: Vec::new(),
        warnings: Vec::new(),
        codebook: None,
        text: None,
        title: None,
        source: None,
        guesses: Vec::new(),
    };
    let full = plan.clone();
    plan.slim();
    let placed = &plan.items[0].foreign.selector;
    assert_eq!(placed.position, None);
    let quote = placed.quote.as_ref().unwrap();
    assert_eq!((quote.exact.as_str(), quote.prefix.as_str()), ("🍵", ""));
    assert_eq!(
        plan.items[1], full.items[1],
        "unplaced ones keep everything"
    );
    let mut n = 0;
    let mut ids = || {
        n += 1;
        AnnotationId::new(format!("g{n}")).unwrap()
    };
    for mode in [Mode::Merge, Mode::Replace] {
        assert_eq!(
            plan.command(&d, mode, &ts("01"), &mut ids),
            full.command(&d, mode, &ts("01"), &mut ids)
        );
    }
    let mut own = ImportPlan {
        text: Some(d.text().as_str().into()),
        ..full.clone()
    };
    own.slim();
    assert_eq!(
        own.items, full.items,
        "a plan with its own text is placed again"
    );
}

#[test]
fn articles_and_our_files_stay_in_the_app_others_go_to_the_engine() {
    let ours = br#"{ "format": "marginalia", "version": 2, "document": {} }"#;
    assert!(!may_be_foreign("a.json", ours));
    assert!(!may_be_foreign(
        "a.txt",
        "東京 🍵 news\nSecond line.".as_bytes()
    ));
    assert!(!may_be_foreign("a.md", b"# Title\n\nBody with a\ttab."));
    assert!(!may_be_foreign("a.html", b"<html><body>T1</body></html>"));
    assert!(may_be_foreign("a.ANN", b""));
    assert!(may_be_foreign(
        "x.jsonld",
        br#"{"@context": "http://www.w3.org/ns/anno.jsonld"}"#
    ));
    assert!(may_be_foreign("x.jsonl", br#"{"text": "a", "label": []}"#));
    assert!(may_be_foreign("x.json", b"\xef\xbb\xbf [ {\"data\": {}} ]"));
    assert!(may_be_foreign("x.txt", "T1\tPER 0 2\t東京\n".as_bytes()));
    assert!(may_be_foreign("LabelingConfig.txt", b"<View>\n  <Labels/>"));
    // Valid JSON of another kind, pretty-printed, and JSON Lines.
    assert!(may_be_foreign(
        "p.json",
        "{\n  \"title\": \"東京 🍵\"\n}".as_bytes()
    ));
    assert!(may_be_foreign("x.jsonl", b"{\"a\": 1}\n{\"a\": 2}\n"));
    assert!(may_be_foreign("x", &[0xFF, 0xFE, b'{', 0]));
    assert!(
        !may_be_foreign("x.txt", b"Then\tsomething"),
        "a word, not an id"
    );
}
