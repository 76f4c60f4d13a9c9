//! Every real doccano file of the shared material (see its `SOURCES.md`),
//! read in place: what it gives, with exact offsets.

use super::*;
use std::collections::BTreeSet;

fn real(name: &str) -> String {
    let path = crate::testdata::shared()
        .join("realworld/doccano")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every annotation of `f` is placed in code points and quotes the file's
/// text exactly there.
fn assert_exact(f: &ForeignFile) {
    let chars: Vec<char> = f.text.as_deref().expect("a text").chars().collect();
    for a in &f.annotations {
        let p = a.selector.position.expect("a position");
        assert_eq!(p.unit, Unit::CodePoint, "{a:?}");
        let exact: String = chars[p.start..p.end].iter().collect();
        assert_eq!(a.selector.quote.as_ref().unwrap().exact, exact);
    }
}

/// Labels and quotes of a file's annotations, in file order.
fn spans(f: &ForeignFile) -> Vec<(&str, &str)> {
    f.annotations
        .iter()
        .map(|a| {
            let q = a.selector.quote.as_ref().expect("a quote");
            (a.label.as_str(), q.exact.as_str())
        })
        .collect()
}

/// The file read by [`import`] and [`import_all`], every document exact,
/// and found by [`looks_like`] and by the file detection.
fn read(name: &str) -> (ForeignFile, Vec<ForeignFile>) {
    let content = real(name);
    assert!(looks_like(&content), "{name}");
    assert_eq!(
        crate::files::detect(&content),
        Some(FormatKind::Doccano),
        "{name}"
    );
    let all = import_all(&content).unwrap();
    all.iter().for_each(assert_exact);
    let first = import(&content).unwrap();
    assert_exact(&first);
    (first, all)
}

const FIRST_OF_3: &str = "the file holds 3 documents; only the first was imported";

#[test]
fn doccano_s_pretty_printed_export_example() {
    let (f, all) = read("doccano-repo/export-relation_extraction-example.jsonl");
    assert_eq!(all.len(), 1);
    assert!(f.warnings.is_empty(), "{:?}", f.warnings);
    assert_eq!(
        spans(&f),
        [
            ("ORG", "Google"),
            ("DATE", "September 4, 1998"),
            ("PERSON", "Larry Page"),
            ("PERSON", "Sergey Brin")
        ]
    );
    let got: Vec<(usize, &str, usize)> = f
        .relations
        .iter()
        .map(|r| (r.from, r.kind.as_str(), r.to))
        .collect();
    assert_eq!(
        got,
        [
            (0, "foundedAt", 1),
            (0, "foundedBy", 2),
            (0, "foundedBy", 3)
        ]
    );
}

#[test]
fn the_classic_label_lists_and_the_same_with_custom_columns() {
    let (f, all) = read("doccano-repo/export-sequence_labeling-example.jsonl");
    assert_eq!(all.len(), 3);
    assert_eq!(spans(&f), [("ORG", "EU"), ("MISC", "German")]);
    assert_eq!(f.warnings, [FIRST_OF_3]);
    assert_eq!(spans(&all[2]), [("PERSON", "Obama")]);

    let (f, all) = read("doccano-repo/import-sequence_labeling-example.jsonl");
    assert_eq!(all.len(), 3);
    assert_eq!(spans(&f), [("ORG", "EU")]);
    assert_eq!(spans(&all[1]), [("PERSON", "Peter Blackburn")]);
    assert_eq!(
        f.warnings,
        [
            FIRST_OF_3,
            "custom column names (as a doccano project may map them): the text read from \"column_data\", the spans from \"column_label\""
        ]
    );
}

#[test]
fn a_record_without_text_is_skipped_and_duplicates_are_kept() {
    let (f, all) = read("doccano-repo/tests-sequence_labeling-example.jsonl");
    assert_eq!(all.len(), 2);
    assert_eq!(spans(&f), [("LOC", "e")]);
    assert!(all[1].annotations.is_empty());
    assert_eq!(
        f.warnings,
        [
            "the file holds 2 documents; only the first was imported",
            "skipped line 3 (no \"text\" string, so nothing to place their spans on)"
        ]
    );
    let (f, _) = read("doccano-repo/tests-sequence_labeling-example_overlapping.jsonl");
    assert_eq!(spans(&f), [("LOC", "e"), ("LOC", "e")]);
    assert!(f.warnings.is_empty());
}

#[test]
fn relations_without_ids() {
    let (f, all) = read("doccano-repo/tests-relation_extraction-example.jsonl");
    assert_eq!(all.len(), 1);
    assert_eq!(f.annotations.len(), 4);
    assert_eq!(f.relations.len(), 3);
    assert!(f.warnings.is_empty());
}

/// doccano 1.0's export: numeric label ids, two users.
#[test]
fn numeric_labels_are_read_by_number_with_a_warning() {
    let (f, all) = read("doccano-transformer/labeling.jsonl");
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().map(|d| d.annotations.len()).sum::<usize>(), 16);
    assert_eq!(f.annotations.len(), 10);
    assert_eq!(
        spans(&f)[..5],
        [
            ("label 12", "JAPAN"),
            ("label 13", "CHINA"),
            ("label 13", "Nadim Ladki"),
            ("label 12", "AL-AIN"),
            ("label 12", "United Arab Emirates")
        ]
    );
    let users: BTreeSet<&str> = f
        .annotations
        .iter()
        .map(|a| a.annotator.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(users, BTreeSet::from(["doccano user 1", "doccano user 2"]));
    assert_eq!(
        f.warnings,
        [
            "the file holds 2 documents; only the first was imported",
            "the labels are numbers (12, 13, 14): the file names labels by its doccano project's label ids (a doccano 1.0 export), so they were read as \"label 12\" and so on; rename them to the project's label names"
        ]
    );

    let (f, all) = read("doccano-transformer/labeling_text_label.jsonl");
    assert_eq!(all.len(), 2);
    assert_eq!(spans(&f)[..2], [("LOC", "JAPAN"), ("PER", "CHINA")]);
    assert_eq!(f.annotations.len(), 5);
}

/// 60 long reviews, the text under `data`, unsorted spans.
#[test]
fn a_real_annotators_export() {
    let (f, all) = read("ner-restaurant-reviews/june_annotations.jsonl");
    assert_eq!(all.len(), 60);
    assert_eq!(all.iter().map(|d| d.annotations.len()).sum::<usize>(), 5682);
    assert_eq!(f.annotations.len(), 79);
    assert_eq!(
        spans(&f)[..2],
        [("EST", "Peter Luger Steak House"), ("LOC", "Brooklyn")]
    );
    assert_eq!(
        f.warnings,
        ["the file holds 60 documents; only the first was imported"]
    );
}

/// 400 paragraphs of one journal, the first without spans: read as one
/// text.
#[test]
fn paragraphs_of_one_text_are_joined() {
    let (f, all) = read("kediff-oalz-1788/union_dataset.head400.jsonl");
    assert_eq!(all.len(), 400);
    assert!(all[0].annotations.is_empty());
    assert_eq!(f.annotations.len(), 506);
    let text = f.text.as_deref().unwrap();
    let lengths: usize = all
        .iter()
        .map(|d| d.text.as_deref().unwrap().chars().count())
        .sum();
    assert_eq!(text.chars().count(), lengths + 2 * 399);
    assert!(text.starts_with("Philosophie.\n\nUiber Preßfreyheit"));
    // Each span quotes what it quoted in its own paragraph.
    let own: Vec<&str> = all.iter().flat_map(spans).map(|(_, q)| q).collect();
    let joined: Vec<&str> = spans(&f).into_iter().map(|(_, q)| q).collect();
    assert_eq!(own, joined);
    assert_eq!(spans(&f)[0], ("TIME", "1787"));
    assert_eq!(
        f.warnings,
        ["the file holds 400 documents and the first has no spans, so they were read as parts of one text: joined in file order, a blank line between each"]
    );
}
