//! Set-up shared by the tests of this crate and of the crates built on it
//! (`marginalia-interop` turns this on with the `testing` feature in its
//! dev-dependencies; nothing else does).

use crate::annotation::{AnnotationId, DocumentId, Tag, Timestamp};
use crate::document::{Command, Document, Metadata};
use crate::text::Text;
use crate::Annotation;

/// A timestamp at second `s` of a fixed minute.
pub fn ts(s: &str) -> Timestamp {
    Timestamp::new(format!("2026-11-24T10:00:{s}Z")).unwrap()
}

/// An annotation with no note, made at [`ts`]`("00")`.
pub fn ann(id: &str, tag: Tag, start: usize, end: usize) -> Annotation {
    Annotation {
        id: AnnotationId::new(id).unwrap(),
        tag,
        start,
        end,
        note: String::new(),
        created: ts("00"),
        modified: ts("00"),
        placement: Default::default(),
        parts: Vec::new(),
        attributes: Default::default(),
        annotator: None,
    }
}

/// Adds an annotation with a note to `d` (test set-up).
pub fn add_noted(d: &mut Document, id: &str, tag: Tag, start: usize, end: usize, note: &str) {
    let mut a = ann(id, tag, start, end);
    a.note = note.to_string();
    d.apply(Command::Add(a)).unwrap();
}

/// Adds generated annotations to `d` (property tests): each `(start,
/// length, tag index, note)` taken modulo the text, ids `{prefix}{i}`,
/// empty spans skipped.
pub fn add_generated(
    d: &mut Document,
    prefix: &str,
    spans: impl IntoIterator<Item = (usize, usize, usize, String)>,
) {
    let len = d.text().len();
    for (i, (s, l, t, note)) in spans.into_iter().enumerate() {
        let start = s % len.max(1);
        let end = (start + l).min(len);
        if start < end {
            let mut a = ann(&format!("{prefix}{i}"), Tag::ALL[t].clone(), start, end);
            a.note = note;
            d.apply(Command::Add(a)).unwrap();
        }
    }
}

/// A document with id `d1`, title `T` and `text`.
pub fn doc(text: &str) -> Document {
    Document::new(
        DocumentId::new("d1").unwrap(),
        Metadata {
            title: "T".into(),
            ..Metadata::default()
        },
        Text::new(text),
        ts("00"),
    )
}

/// Fresh annotation ids `{prefix}1`, `{prefix}2`, …
pub fn annotation_ids(prefix: &str) -> impl FnMut() -> AnnotationId + '_ {
    let mut n = 0;
    move || {
        n += 1;
        AnnotationId::new(format!("{prefix}{n}")).unwrap()
    }
}

/// Fresh relation ids `{prefix}1`, `{prefix}2`, …
pub fn relation_ids(prefix: &str) -> impl FnMut() -> crate::RelationId + '_ {
    let mut n = 0;
    move || {
        n += 1;
        crate::RelationId::new(format!("{prefix}{n}")).unwrap()
    }
}

/// The annotation ids of these names.
pub fn ids(names: &[&str]) -> Vec<AnnotationId> {
    names
        .iter()
        .map(|x| AnnotationId::new(*x).unwrap())
        .collect()
}

/// Ana Ruiz (`a-ana`) and Bo (`a-bo`).
pub fn ana_and_bo() -> (crate::Annotator, crate::Annotator) {
    let who =
        |id: &str, name: &str| crate::Annotator::new(crate::AnnotatorId::new(id).unwrap(), name);
    (who("a-ana", "Ana Ruiz"), who("a-bo", "Bo"))
}

/// `Ana said “no” 😀 today.` annotated by Ana (her quotes `spans_of_ana`)
/// and Bo (his): quotes with ids `a1`, `a2`… and `b1`, `b2`….
pub fn two_layers(spans_of_ana: &[(usize, usize)], spans_of_bo: &[(usize, usize)]) -> Document {
    let (ana, bo) = ana_and_bo();
    let mut d = doc("Ana said “no” 😀 today.");
    d.apply(Command::SetAnnotators(vec![ana.clone(), bo.clone()]))
        .unwrap();
    for (who, prefix, spans) in [(&ana, "a", spans_of_ana), (&bo, "b", spans_of_bo)] {
        for (k, &(s, e)) in spans.iter().enumerate() {
            let mut a = ann(&format!("{prefix}{}", k + 1), Tag::Quote, s, e);
            a.annotator = Some(who.id.clone());
            d.apply(Command::Add(a)).unwrap();
        }
    }
    d
}
