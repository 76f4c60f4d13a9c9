//! Tests of the brat export and import.

use super::export::{one_line, pieces};
use super::{export, export_ann, import, is_break, looks_like, parse_spans, ANNOTATION_CONF};
use crate::fixtures::{doc_spans, read_spans};
use crate::reanchor::{Position, Unit};
use crate::{FormatKind, InteropError};
use marginalia_core::annotation::Tag;
use marginalia_core::document::{Command, Document};
use marginalia_core::testing::add_noted as add;
use marginalia_core::testing::doc;
use marginalia_core::text::Text;
use std::path::{Path, PathBuf};

/// Text with emoji (one code point, two UTF-16 units), a ZWJ sequence,
/// CJK and a combining accent, over three paragraphs.
const MIXED: &str = "Tea 🍵 in 東京 said Zoë.\ne\u{301}té 👩\u{200d}👩\u{200d}👧 done\nend of it";

fn mixed_doc() -> Document {
    let mut d = doc(MIXED);
    let t = Text::new(MIXED);
    let find = |s: &str| {
        let b = MIXED.find(s).unwrap();
        let cp = t.cp_of_byte(b);
        (cp, cp + s.chars().count())
    };
    let (s, e) = find("東京");
    add(&mut d, "a1", Tag::Source, s, e, "city\nname\twith tab");
    let (s, _) = find("Zoë.");
    let (_, e) = find("e\u{301}té");
    add(&mut d, "a2", Tag::Claim, s, e, "");
    let (s, e) = find("🍵");
    add(&mut d, "a3", Tag::Quote, s, e, "tea");
    let (s, _) = find("👩");
    let (_, e) = find("end");
    add(&mut d, "a4", Tag::Claim, s, e, "spans \"two\" lines");
    d
}

#[test]
fn export_writes_code_point_offsets_and_splits_at_newlines() {
    let d = mixed_doc();
    let (txt, ann) = export(&d);
    assert_eq!(txt, MIXED);
    let lines: Vec<&str> = ann.lines().collect();
    // "Tea 🍵 in " is 9 code points (the cup is one).
    assert_eq!(lines[0], "T1\tquote 4 5\t🍵");
    assert_eq!(lines[1], "T2\tsource 9 11\t東京");
    assert_eq!(lines[2], "T3\tclaim 17 21;22 26\tZoë. e\u{301}té");
    assert!(
        lines[3].starts_with("T4\tclaim 27 37;38 41\t"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4], "#1\tAnnotatorNotes T1\ttea");
    assert_eq!(lines[5], "#2\tAnnotatorNotes T2\tcity name with tab");
    assert_eq!(lines[6], "#3\tAnnotatorNotes T4\tspans \"two\" lines");
    assert_eq!(lines.len(), 7);
    // Every piece is the text at its offsets, with no break inside.
    let t = Text::new(txt.as_str());
    for l in &lines[..4] {
        let f: Vec<&str> = l.split('\t').collect();
        let spans = parse_spans(f[1]).unwrap().1;
        let words: Vec<&str> = spans.iter().map(|&(s, e)| t.slice(s..e)).collect();
        assert_eq!(words.join(" "), f[2]);
        assert!(!f[2].contains('\n'));
    }
    assert_eq!(export_ann(&d), ann);
}

#[test]
fn relations_are_written_as_r_lines_between_written_spans() {
    use marginalia_core::document::Command;
    use marginalia_core::relation::{Relation, RelationId, RelationKind};
    let mut d = mixed_doc();
    let link = |id: &str, from: &str, to: &str, note: &str| {
        Command::AddRelation(Relation {
            id: RelationId::new(id).unwrap(),
            kind: RelationKind::attributed_to(),
            from: marginalia_core::AnnotationId::new(from).unwrap(),
            to: marginalia_core::AnnotationId::new(to).unwrap(),
            note: note.into(),
            created: marginalia_core::testing::ts("00"),
        })
    };
    d.apply(link("r1", "a3", "a1", "said\nso")).unwrap();
    d.apply(link("r2", "a2", "a1", "")).unwrap();
    let ann = export_ann(&d);
    let lines: Vec<&str> = ann.lines().collect();
    // a3 is T1 (the cup comes first), a1 is T2, a2 is T3.
    assert_eq!(lines[4], "R1\tattributed_to Arg1:T1 Arg2:T2");
    assert_eq!(lines[5], "R2\tattributed_to Arg1:T3 Arg2:T2");
    assert_eq!(lines.last().unwrap(), &"#4\tAnnotatorNotes R1\tsaid so");
}

/// Export with relations, import into a fresh document of the same text:
/// the same links between the same spans, with their types and notes.
#[test]
fn relations_round_trip_through_an_import() {
    use marginalia_core::document::Command;
    use marginalia_core::import::Mode;
    use marginalia_core::relation::{Relation, RelationId, RelationKind};
    use marginalia_core::AnnotationId;
    let mut d = mixed_doc();
    let link = |id: &str, kind: &str, from: &str, to: &str, note: &str| {
        Command::AddRelation(Relation {
            id: RelationId::new(id).unwrap(),
            kind: RelationKind::new(kind).unwrap(),
            from: AnnotationId::new(from).unwrap(),
            to: AnnotationId::new(to).unwrap(),
            note: note.into(),
            created: marginalia_core::testing::ts("00"),
        })
    };
    d.apply(link("r1", "attributed to", "a3", "a1", "said so"))
        .unwrap();
    d.apply(link("r2", "attributed to", "a2", "a1", ""))
        .unwrap();
    d.apply(link("r3", "cued by", "a4", "a2", "")).unwrap();
    let (txt, ann) = export(&d);
    let file = import(&ann, Some(&txt)).unwrap();
    let fresh = doc(&txt);
    let plan = crate::plan::plan(fresh.text(), &file);
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        AnnotationId::new(format!("n{n}")).unwrap()
    };
    let now = marginalia_core::testing::ts("01");
    let (cmd, effect) = plan.command(&fresh, Mode::Merge, &now, &mut new_id);
    assert_eq!((effect.relations, effect.relations_skipped), (3, 0));
    let mut back = fresh.clone();
    back.apply(cmd).unwrap();
    let span = |d: &Document, id: &AnnotationId| {
        let a = d.annotation(id).unwrap();
        (a.start, a.end, a.tag.as_str().to_string())
    };
    let links = |d: &Document| {
        let mut v: Vec<_> = d
            .relations()
            .iter()
            .map(|r| {
                (
                    span(d, &r.from),
                    r.kind.as_str().to_string(),
                    span(d, &r.to),
                    r.note.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(links(&back), links(&d));
    // The brat ids are kept; a second import of the same file adds nothing.
    let ids: Vec<&str> = back.relations().iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2", "R3"]);
    let again = crate::plan::plan(back.text(), &file);
    let (_, effect) = again.command(&back, Mode::Merge, &now, &mut new_id);
    assert_eq!((effect.relations, effect.relations_skipped), (0, 3));
}

#[test]
fn pieces_trim_whitespace_and_skip_empty_runs() {
    let t = Text::new("ab \n\n  cd\t ef");
    assert_eq!(pieces(&t, 0, 13), vec![(0, 2), (7, 9), (11, 13)]);
    assert_eq!(pieces(&t, 2, 5), Vec::<(usize, usize)>::new());
    let t = Text::new("a\u{2028}b\u{85}c");
    assert_eq!(pieces(&t, 0, 5), vec![(0, 1), (2, 3), (4, 5)]);
}

#[test]
fn whitespace_only_annotation_is_left_out() {
    let mut d = doc("ab \n cd");
    add(&mut d, "w", Tag::Claim, 2, 5, "x");
    add(&mut d, "k", Tag::Quote, 0, 2, "");
    let ann = export_ann(&d);
    assert_eq!(ann, "T1\tquote 0 2\tab\n");
}

#[test]
fn round_trip_keeps_labels_positions_and_notes() {
    let d = mixed_doc();
    let (txt, ann) = export(&d);
    let f = import(&ann, Some(&txt)).unwrap();
    assert_eq!(f.format, FormatKind::Brat);
    assert_eq!(f.text.as_deref(), Some(MIXED));
    let got: Vec<(String, usize, usize, String)> = f
        .annotations
        .iter()
        .map(|a| {
            let p = a.selector.position.unwrap();
            assert_eq!(p.unit, Unit::CodePoint);
            let q = a.selector.quote.as_ref().unwrap();
            assert_eq!(q.exact, Text::new(MIXED).slice(p.start..p.end));
            (a.label.clone(), p.start, p.end, a.note.clone())
        })
        .collect();
    let want: Vec<(String, usize, usize, String)> = d
        .annotations()
        .map(|a| {
            let note = if a.note.contains('\n') {
                "city name with tab".to_string()
            } else {
                a.note.clone()
            };
            (a.tag.as_str().to_string(), a.start, a.end, note)
        })
        .collect();
    assert_eq!(got, want);
    // The two spans cut at line breaks come back whole: no parts, no
    // warning.
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert!(f.annotations.iter().all(|a| a.parts.is_empty()));
}

#[test]
fn parts_are_fragments_both_ways() {
    // 0         1         2         3
    // 0123456789012345678901234567890123
    // "We go," he said, "today.\nFor sure."
    let text = "\"We go,\" he said, \"today.\nFor sure.\"";
    let mut d = doc(text);
    let q = marginalia_core::testing::ann("q", Tag::Quote, 0, 1)
        .with_parts([1..6, 19..34])
        .unwrap();
    d.apply(Command::Add(q)).unwrap();
    add(&mut d, "s", Tag::Source, 9, 11, "");
    let (txt, ann) = export(&d);
    assert_eq!(
        ann.lines().next().unwrap(),
        "T1\tquote 1 6;19 25;26 34\tWe go today. For sure"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/brat");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("parts.txt"), &txt).unwrap();
    std::fs::write(dir.join("parts.ann"), &ann).unwrap();
    let f = import(&ann, Some(&txt)).unwrap();
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    let a = &f.annotations[0];
    assert_eq!(
        a.parts,
        vec![1..6, 19..34],
        "the line break joins, the gap parts"
    );
    let p = a.selector.position.unwrap();
    assert_eq!((p.start, p.end), (1, 34));
    assert!(f.annotations[1].parts.is_empty());
    // Without the .txt, the pieces are the parts until they are placed:
    // on the text, the line break joins them again.
    let f = import(&ann, None).unwrap();
    assert_eq!(f.annotations[0].parts, vec![1..6, 19..25, 26..34]);
    assert_eq!(f.annotations[0].selector.quote, None);
    let fresh = doc(text);
    let p = crate::plan::plan(fresh.text(), &f);
    let (cmd, _) = p.command(
        &fresh,
        marginalia_core::import::Mode::Merge,
        &marginalia_core::testing::ts("59"),
        &mut || unreachable!(),
    );
    let mut back = fresh.clone();
    back.apply(cmd).unwrap();
    assert_eq!(back.annotations().next().unwrap().parts, vec![1..6, 19..34]);
}

#[test]
fn import_without_txt_uses_the_text_field_as_quote() {
    let f = import("T1\tclaim 4 5\t🍵\nT2\tclaim 0 1;2 3\ta b\n", None).unwrap();
    assert_eq!(f.text, None);
    let q = f.annotations[0].selector.quote.as_ref().unwrap();
    assert_eq!(q.exact, "🍵");
    assert_eq!(q.prefix, "");
    assert_eq!(f.annotations[1].selector.quote, None);
    assert_eq!(
        f.annotations[1].selector.position,
        Some(Position {
            start: 0,
            end: 3,
            unit: Unit::CodePoint
        })
    );
}

#[test]
fn import_checks_spans_against_txt() {
    let txt = "Sony bought Ericsson.";
    let f = import(
        "T1\tOrg 0 4\tSony\nT2\tOrg 12 20\tEricson\nT3\tOrg 12 99\tX\n",
        Some(txt),
    )
    .unwrap();
    assert_eq!(f.annotations.len(), 3);
    assert_eq!(
        f.annotations[0].selector.quote.as_ref().unwrap().suffix,
        " bought Ericsson."
    );
    assert_eq!(
        f.annotations[1].selector.quote.as_ref().unwrap().exact,
        "Ericson"
    );
    assert!(f.warnings.iter().any(|w| w.starts_with("T2: its text")));
    assert!(f
        .warnings
        .iter()
        .any(|w| w.starts_with("T3: offsets 12..99 run past")));
}

#[test]
fn import_tolerates_crlf_trailing_space_and_missing_text_field() {
    let f = import("T1\tOrg 0 4 \r\n\r\nT2\tOrg 5 11\r\n", Some("Sony bought")).unwrap();
    assert_eq!(f.annotations.len(), 2);
    assert_eq!(
        f.annotations[1].selector.quote.as_ref().unwrap().exact,
        "bought"
    );
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
}

#[test]
fn import_skips_other_kinds_with_a_count() {
    let ann = "T1\tOrg 0 4\tSony\nR1\tOrigin Arg1:T1 Arg2:T2\nE1\tX:T1 \n\
               A1\tNeg E1\nM1\tSpec E1\nN1\tReference T1 Wikipedia:1\tSony\n*\tEquiv T1 T2\n\
               #1\tAnnotatorNotes T1\tfirst\n#2\tAnnotatorNotes T1\tsecond\n\
               #3\tAnnotatorNotes E1\ton event\n#4\tOther T1\tother\n";
    let f = import(ann, None).unwrap();
    assert_eq!(f.annotations.len(), 1);
    assert_eq!(f.annotations[0].note, "first\nsecond");
    // The relation and the equivalence point at T2, which is not there;
    // the event has no arguments, so it gives nothing (nor its note).
    assert!(f.relations.is_empty());
    assert_eq!(
        f.warnings,
        vec![
            "1 event read as relations (a content attributed to its source, cued by its cue)",
            "skipped 2 links to a span that is not in the file: R1, T1 T2",
            "skipped 2 event attributes, 1 normalization, 2 other notes (Marginalia keeps text spans, their attributes, relations, events, equivalences and AnnotatorNotes)"
        ]
    );
}

#[test]
fn import_rejects_lines_that_are_not_brat() {
    for (bad, line) in [
        ("T1 Org 0 4 Sony\n", 1),
        ("T1\tOrg 0 4\tSony\nhello world\n", 2),
        ("T1\tOrg zero 4\tSony\n", 1),
        ("T1\tOrg 5 4\tx\n", 1),
        ("T1\tOrg 0 4 5\tx\n", 1),
        ("{\"a\":\t1}\n", 1),
        ("T1\tOrg\tx\n", 1),
    ] {
        match import(bad, None) {
            Err(InteropError::Invalid { format, path, .. }) => {
                assert_eq!(format, "brat");
                assert_eq!(path, format!("line {line}"), "{bad:?}");
            }
            other => panic!("{bad:?} gave {other:?}"),
        }
    }
}

#[test]
fn duplicate_ids_and_empty_spans_warn() {
    let f = import("T3\tA 0 1\tx\nT3\tB 2 3\ty\nT4\tC 5 5\t\n", None).unwrap();
    assert_eq!(f.annotations.len(), 2);
    assert_eq!(f.warnings.len(), 2, "{:?}", f.warnings);
}

#[test]
fn empty_ann_imports_to_nothing() {
    let f = import("", Some("text")).unwrap();
    assert!(f.annotations.is_empty());
    assert!(f.warnings.is_empty());
    let f = import("\u{feff}T1\tOrg 0 4\tSony\n", Some("Sony")).unwrap();
    assert_eq!(f.annotations[0].id.as_deref(), Some("T1"));
}

#[test]
fn looks_like_detects_from_content() {
    assert!(looks_like("T1\tOrganization 0 4\tSony\n"));
    assert!(looks_like("R1\tOrigin Arg1:T3 Arg2:T4\n"));
    assert!(looks_like("\n#1\tAnnotatorNotes T1\tnote\r\n"));
    assert!(looks_like("T1\tLocation 0 5;16 23\tNorth America\n"));
    assert!(!looks_like(""));
    assert!(!looks_like("T1 Organization 0 4 Sony"));
    assert!(!looks_like("T1\tOrganization zero\tSony"));
    assert!(!looks_like("{\"text\": \"a\"}"));
    assert!(!looks_like("id,tag,start\r\n1,claim,0"));
    assert!(!looks_like("x1\tfoo\n"));
    assert!(!looks_like("T1\tOrg 0 4\tSony\nnot brat\n"));
    assert!(looks_like("\u{feff}T1\tOrg 0 4\tSony\n"));
}

fn conformance() -> PathBuf {
    crate::testdata::shared().join("conformance/brat")
}

fn ann_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            ann_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "ann") {
            out.push(p);
        }
    }
}

/// Every example `.ann` of the spec and of brat's tutorials imports, and
/// with its `.txt` every position holds the text the line states.
#[test]
fn conformance_examples_import() {
    let mut files = Vec::new();
    ann_files(&conformance(), &mut files);
    assert!(files.len() > 10, "the spec and tutorial examples are there");
    files.sort();
    let mut with_txt = 0;
    let mut spans = 0;
    for f in &files {
        let ann = std::fs::read_to_string(f).unwrap();
        let txt_path = f.with_extension("txt");
        let txt = std::fs::read_to_string(&txt_path).ok();
        let got = import(&ann, txt.as_deref()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert!(looks_like(&ann) || ann.trim().is_empty(), "{}", f.display());
        let t_lines = ann.lines().filter(|l| l.starts_with('T')).count();
        if let Some(txt) = &txt {
            with_txt += 1;
            let text = Text::new(txt.as_str());
            assert_eq!(got.annotations.len(), t_lines, "{}", f.display());
            for a in &got.annotations {
                let p = a.selector.position.unwrap();
                let q = a.selector.quote.as_ref().unwrap();
                assert_eq!(q.exact, text.slice(p.start..p.end), "{}", f.display());
                spans += 1;
            }
            assert!(
                !got.warnings.iter().any(|w| w.contains("not the text")),
                "{}: {:?}",
                f.display(),
                got.warnings
            );
        }
    }
    assert!(with_txt >= 26, "only {with_txt} .txt pairs");
    assert!(spans > 200, "only {spans} spans checked");
    // The spec's discontinuous example reads as two parts, quoted by their
    // extent.
    let spec = conformance().join("spec-examples");
    let f = import(
        &std::fs::read_to_string(spec.join("03-text-bound-annotations.ann")).unwrap(),
        Some(&std::fs::read_to_string(spec.join("03-text-bound-annotations.txt")).unwrap()),
    )
    .unwrap();
    let q = f.annotations[0].selector.quote.as_ref().unwrap();
    assert_eq!(q.exact, "North and South America");
    assert_eq!(f.annotations[0].parts, vec![0..5, 16..23]);
    // The spec's own typo (T3 twice) warns but imports.
    let f = import(
        &std::fs::read_to_string(spec.join("04-entity-annotations.ann")).unwrap(),
        Some(&std::fs::read_to_string(spec.join("00-text.txt")).unwrap()),
    )
    .unwrap();
    assert_eq!(f.annotations.len(), 3);
    assert!(f.warnings.iter().any(|w| w.contains("T3")));
}

/// Writes exports to `target/interop/brat/` for `scripts/check-brat.py`.
#[test]
fn writes_exports_for_the_external_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/brat");
    std::fs::create_dir_all(&dir).unwrap();
    let mut cjk = doc("東京は晴れ。\n大阪は雨です。");
    add(&mut cjk, "c1", Tag::Claim, 0, 5, "");
    add(&mut cjk, "c2", Tag::Source, 3, 11, "crosses\nthe break");
    let mut plain = doc("A plain line.\n\nAfter an empty paragraph.");
    add(&mut plain, "p1", Tag::Quote, 2, 24, "");
    add(&mut plain, "p2", Tag::Source, 0, 1, "");
    plain
        .apply(marginalia_core::document::Command::AddRelation(
            marginalia_core::relation::Relation {
                id: marginalia_core::relation::RelationId::new("r1").unwrap(),
                kind: marginalia_core::relation::RelationKind::attributed_to(),
                from: marginalia_core::AnnotationId::new("p1").unwrap(),
                to: marginalia_core::AnnotationId::new("p2").unwrap(),
                note: "checked".into(),
                created: marginalia_core::testing::ts("00"),
            },
        ))
        .unwrap();
    for (name, d) in [("mixed", mixed_doc()), ("cjk", cjk), ("plain", plain)] {
        let (txt, ann) = export(&d);
        std::fs::write(dir.join(format!("{name}.txt")), &txt).unwrap();
        std::fs::write(dir.join(format!("{name}.ann")), &ann).unwrap();
        assert!(!ann.is_empty());
    }
    std::fs::write(dir.join("annotation.conf"), ANNOTATION_CONF).unwrap();
}

/// Real news with many overlapping spans: GUM's Wikinews attributions
/// (source as `source`, content as `quote`), with some sentence-ending
/// spaces turned into paragraph breaks (same length, same offsets) so
/// that spans cross paragraphs. Round-trips them and writes them to
/// `target/interop/brat/` for `scripts/check-brat.py`.
#[test]
fn gum_news_round_trips_and_is_written_for_the_external_check() {
    // The repository's copy of the team's GUM news corpus (bench/data).
    let path = crate::testdata::repo().join("bench/data/gum-news/attributions.json");
    let json = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/brat");
    std::fs::create_dir_all(&dir).unwrap();
    let mut crossing = 0;
    for (k, d) in v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .take(6)
        .enumerate()
    {
        let mut text = d["text"].as_str().unwrap().to_string();
        let mut n = 0;
        while let Some(i) = text.find(" . ").filter(|_| n < 40) {
            // ". " + capital → ".\n" every second sentence.
            let nl = if n % 2 == 0 { ".\n" } else { ".\u{1}" };
            text.replace_range(i + 1..i + 3, nl);
            n += 1;
        }
        let text = text.replace('\u{1}', " ");
        let mut doc = doc(&text);
        let mut id = 0;
        for a in d["attributions"].as_array().unwrap() {
            for (key, tag) in [("source", Tag::Source), ("content", Tag::Quote)] {
                let (s, e) = (
                    a[key]["start"].as_u64().unwrap() as usize,
                    a[key]["end"].as_u64().unwrap() as usize,
                );
                id += 1;
                let note = if id % 3 == 0 {
                    a["relname"].as_str().unwrap()
                } else {
                    ""
                };
                if doc.text().slice(s..e).contains('\n') {
                    crossing += 1;
                }
                add(&mut doc, &format!("g{id}"), tag, s, e, note);
            }
        }
        let (txt, ann) = export(&doc);
        let back = import(&ann, Some(&txt)).unwrap();
        assert_eq!(read_spans(&back), doc_spans(&doc), "document {k}");
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        std::fs::write(dir.join(format!("gum-{k}.txt")), &txt).unwrap();
        std::fs::write(dir.join(format!("gum-{k}.ann")), &ann).unwrap();
    }
    assert!(crossing > 5, "only {crossing} spans cross paragraphs");
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("Zoë"),
                Just(" "),
                Just("\n"),
                Just("\t"),
                Just("🍵"),
                Just("東"),
                Just("e\u{301}"),
                Just("👩\u{200d}👧"),
                Just("\u{2028}"),
            ],
            1..40,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Any annotation not starting or ending in white space comes
        /// back with its label, span and (one-line) note, and every
        /// piece written is the text at its offsets, on one line.
        #[test]
        fn export_import_round_trips(s in text(), spans in proptest::collection::vec((0usize..60, 0usize..60, 0usize..3), 0..6)) {
            let t = Text::new(s.as_str());
            let mut d = doc(&s);
            let mut want = Vec::new();
            for (k, (a, b, tag)) in spans.into_iter().enumerate() {
                let (a, b) = (a.min(b), a.max(b).min(t.len()));
                let Some((a, b)) = marginalia_core::anchor::trim_span(&t, a, b) else { continue };
                let note = if k % 2 == 0 { format!("n\n{k}") } else { String::new() };
                add(&mut d, &format!("x{k}"), Tag::ALL[tag].clone(), a, b, &note);
            }
            for a in d.annotations() {
                want.push((a.tag.as_str().to_string(), a.start, a.end, one_line(&a.note)));
            }
            let (txt, ann) = export(&d);
            for line in ann.lines().filter(|l| l.starts_with('T')) {
                let f: Vec<&str> = line.split('\t').collect();
                prop_assert_eq!(f.len(), 3);
                let spans = parse_spans(f[1]).unwrap().1;
                let words: Vec<&str> = spans.iter().map(|&(s, e)| t.slice(s..e)).collect();
                prop_assert_eq!(words.join(" "), f[2]);
                prop_assert!(!words.iter().any(|w| w.contains(is_break) || w.is_empty()));
            }
            let back = import(&ann, Some(&txt)).unwrap();
            prop_assert_eq!(read_spans(&back), want);
        }
    }
}
