//! Tests of the W3C export and import: the export's shape, its round trip
//! through the import, and the import of other tools' files (the data of
//! `crates/interop/tests/data/w3c`).

use super::{Creator, W3cOptions};
use crate::{ForeignAnnotation, ForeignFile, InteropError};
use marginalia_core::annotation::{DocumentId, Tag};
use marginalia_core::document::{Command, Document, Metadata};
use marginalia_core::testing::{ann, ts};
use marginalia_core::text::Text;

mod export;
mod hypothesis;
mod import;
mod round_trip;

/// A file of `crates/interop/tests/data/w3c`.
macro_rules! data {
    ($name:literal) => {
        include_str!(concat!("../../../tests/data/w3c/", $name))
    };
}
pub(super) use data;

pub(super) fn document(id: &str, text: &str, url: Option<&str>) -> Document {
    Document::new(
        DocumentId::new(id).unwrap(),
        Metadata {
            title: "A test article".into(),
            url: url.map(str::to_string),
            ..Metadata::default()
        },
        Text::new(text),
        ts("00"),
    )
}

pub(super) fn add(d: &mut Document, id: &str, tag: Tag, start: usize, end: usize, note: &str) {
    let mut a = ann(id, tag, start, end);
    a.note = note.into();
    a.modified = ts("42");
    d.apply(Command::Add(a)).unwrap();
}

pub(super) const MIXED: &str = "Tea 🍵 in 東京, said e\u{301}té: \"we will go\".\n\
    The 👩\u{200d}🔬 scientist 다시 said so.\n\
    Third paragraph, with a <tag> & \"quotes\".";

/// Varied documents, named for the files the validator reads.
pub(super) fn samples() -> Vec<(&'static str, Document, W3cOptions)> {
    let mut mixed = document(
        "doc-mixed",
        MIXED,
        Some("https://news.example.com/2026/11/tea.html"),
    );
    add(&mut mixed, "a1", Tag::Claim, 0, 3, "");
    add(&mut mixed, "a2", Tag::Source, 4, 5, "an emoji 🍵");
    add(&mut mixed, "a3", Tag::Quote, 9, 11, "");
    add(
        &mut mixed,
        "a4",
        Tag::Claim,
        18,
        22,
        "combining mark: e\u{301}\nsecond line",
    );
    add(
        &mut mixed,
        "a5",
        Tag::Quote,
        25,
        48,
        "crosses into paragraph 2",
    );
    add(&mut mixed, "a6", Tag::Source, 42, 45, "a ZWJ sequence");
    add(&mut mixed, "a7", Tag::Source, 56, 58, "");
    add(&mut mixed, "a8", Tag::Claim, 92, 97, "");
    let mut no_url = document("doc-no-url", MIXED, None);
    add(&mut no_url, "b1", Tag::Source, 4, 11, "");
    add(
        &mut no_url,
        "b2",
        Tag::Claim,
        0,
        Text::new(MIXED).len(),
        "the whole text",
    );
    let mut odd_ids = document(
        "doc/with%odd#id",
        "Short text. Another sentence.",
        Some("not a url"),
    );
    add(
        &mut odd_ids,
        "x/1#é%",
        Tag::Claim,
        0,
        11,
        "<b>not html</b> & \"quoted\"",
    );
    let creator = W3cOptions {
        id_base: Some("https://annotations.example.org/".into()),
        creator: Some(Creator {
            name: "Ana Lyst".into(),
            id: Some("https://example.org/people/ana".into()),
        }),
    };
    let layered = with_annotators();
    let empty = document("doc-empty", "", None);
    let unannotated = document("doc-unannotated", "Nothing tagged here.", None);
    vec![
        ("mixed-scripts", mixed, W3cOptions::default()),
        ("no-url", no_url, W3cOptions::default()),
        ("odd-ids-creator", odd_ids, creator),
        ("annotators", layered, W3cOptions::default()),
        ("empty", empty, W3cOptions::default()),
        ("unannotated", unannotated, W3cOptions::default()),
    ]
}

/// Two annotators, one unnamed, and an annotation that does not say who
/// made it.
fn with_annotators() -> Document {
    let mut layered = document("doc-annotators", "Ana said yes. Bo said no.", None);
    let people = [
        marginalia_core::Annotator::new(
            marginalia_core::AnnotatorId::new("a-ana").unwrap(),
            "Ana Ruiz",
        ),
        marginalia_core::Annotator::new(marginalia_core::AnnotatorId::new("a-bo").unwrap(), ""),
    ];
    for who in &people {
        layered
            .apply(layered.record_annotator(who).unwrap())
            .unwrap();
    }
    for (id, start, end, who) in [
        ("c1", 0, 3, Some(0)),
        ("c2", 14, 16, Some(1)),
        ("c3", 22, 24, None),
    ] {
        let mut a = marginalia_core::testing::ann(id, Tag::Source, start, end);
        a.annotator = who.map(|i: usize| people[i].id.clone());
        layered
            .apply(marginalia_core::document::Command::Add(a))
            .unwrap();
    }
    layered
}

pub(super) fn only(file: &ForeignFile) -> &ForeignAnnotation {
    assert_eq!(file.annotations.len(), 1, "{:?}", file.annotations);
    &file.annotations[0]
}

pub(super) fn err_path(content: &str) -> String {
    match super::import(content) {
        Err(InteropError::Invalid { path, .. }) => path,
        other => panic!("expected an error, got {other:?}"),
    }
}
