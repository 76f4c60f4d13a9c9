//! The browser-storage layout of a document (storage schema 7), built for
//! saving one change without rewriting the whole document.
//!
//! A document is stored as:
//! - a **record**: its metadata and text, written once when it is created;
//! - a **head**: when it last changed, how many chunks it has, its label
//!   set and the names of its annotators (small, written with every
//!   change);
//! - the **unplaced** annotations (imported ones that could not be placed),
//!   written only when they change;
//! - the **relations** between its annotations, in the order they were
//!   made, in **pages** of [`RELATION_PAGE`] (schema 5; schema 4 kept them
//!   under one key): a change rewrites the pages from the first relation it
//!   moved or changed to the last, so making a relation, or undoing the
//!   last one, rewrites only the last page;
//! - its **codebook** (schema 6), written only when it changes, and only
//!   when it is not the default ([`codebook_json`]);
//! - **chunks**: its annotations, grouped by the block of
//!   [`CHUNK_PARAGRAPHS`] paragraphs in which each one starts. A change
//!   rewrites only the chunks it touched (and the small head).
//!
//! Offsets are code points, as everywhere. The export format
//! ([`crate::format`]) is separate.
//!
//! Schemas 2 (before labels and placements), 3 (before relations), 4
//! (relations under one key), 5 (before multi-part annotations) and 6
//! (before annotators) are still read: their records, heads and rows are
//! schema 7's without the new fields and parts. [`Restored::old`] says so,
//! and the caller writes the document again in schema 7.
//!
//! The keys the parts are stored under are named in [`keys`]; the store
//! itself is behind the [`KeyValue`] trait ([`MemoryStore`] in tests).

pub mod keys;
mod kv;
mod memory;
mod restore;

pub use kv::{KeyValue, StorageError};
pub use memory::MemoryStore;
pub use restore::{restore, Part, Restored, Restoring};

use crate::annotation::{Annotation, Placement, Timestamp};
use crate::document::Document;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The value of `format` in a stored record.
pub const STORE_FORMAT: &str = "marginalia-store";
/// The storage schema version of records, heads and chunks.
pub const STORE_VERSION: u64 = 7;
/// The oldest storage schema still read.
pub const OLDEST_STORE_VERSION: u64 = 2;
/// Relations per stored page.
pub const RELATION_PAGE: usize = 256;
/// Paragraphs per chunk.
pub const CHUNK_PARAGRAPHS: usize = 32;

/// Why stored data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    /// Not JSON, or not the expected shape.
    #[error("stored data is damaged ({0})")]
    Damaged(String),
    /// Written by a newer version.
    #[error("stored data was written by a newer Marginalia (storage version {0})")]
    TooNew(u64),
}

#[derive(Serialize, Deserialize)]
struct RecordJson {
    format: String,
    version: u64,
    id: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    created: Timestamp,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct HeadJson {
    version: u64,
    modified: Timestamp,
    chunks: usize,
    /// Checked one by one when read (see [`restore`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    labels: Vec<String>,
    /// The annotators its annotations name (schema 7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    annotators: Vec<crate::Annotator>,
}

/// One stored annotation: `[id, tag, start, end, note, created, modified]`,
/// then its placement when it is not exact (schema 3) or it has parts, then
/// the parts of a multi-part annotation as one flat list of offsets,
/// `[start, end, start, end, …]` (schema 6; empty when it has attribute
/// values but one span), then its attribute values as an object (schema 6),
/// then its annotator's id (schema 7).
struct AnnotationRow(Annotation);

impl Serialize for AnnotationRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let a = &self.0;
        let exact = a.placement == Placement::Exact;
        let len = if a.annotator.is_some() {
            11
        } else if !a.attributes.is_empty() {
            10
        } else if a.is_multipart() {
            9
        } else if exact {
            7
        } else {
            8
        };
        let mut seq = s.serialize_seq(Some(len))?;
        seq.serialize_element(&a.id)?;
        seq.serialize_element(&a.tag)?;
        seq.serialize_element(&a.start)?;
        seq.serialize_element(&a.end)?;
        seq.serialize_element(&a.note)?;
        seq.serialize_element(&a.created)?;
        seq.serialize_element(&a.modified)?;
        if len > 7 {
            seq.serialize_element(&a.placement)?;
        }
        if len > 8 {
            let flat: Vec<usize> = a.parts.iter().flat_map(|p| [p.start, p.end]).collect();
            seq.serialize_element(&flat)?;
        }
        if len > 9 {
            seq.serialize_element(&a.attributes)?;
        }
        if len > 10 {
            seq.serialize_element(&a.annotator)?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for AnnotationRow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Row;
        impl<'de> serde::de::Visitor<'de> for Row {
            type Value = AnnotationRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an annotation row of 7 to 11 items")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                use serde::de::Error;
                let id = need(seq.next_element()?, 0)?;
                let tag = need(seq.next_element()?, 1)?;
                let start = need(seq.next_element()?, 2)?;
                let end = need(seq.next_element()?, 3)?;
                let note = need(seq.next_element()?, 4)?;
                let created = need(seq.next_element()?, 5)?;
                let modified = need(seq.next_element()?, 6)?;
                let placement = seq.next_element()?.unwrap_or_default();
                let flat: Vec<usize> = seq.next_element()?.unwrap_or_default();
                let attributes = seq.next_element()?.unwrap_or_default();
                let annotator = seq.next_element()?.unwrap_or_default();
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(12, &Row));
                }
                let a = Annotation {
                    id,
                    tag,
                    start,
                    end,
                    note,
                    created,
                    modified,
                    placement,
                    parts: Vec::new(),
                    attributes,
                    annotator,
                };
                if flat.is_empty() {
                    return Ok(AnnotationRow(a));
                }
                let parts = flat.chunks(2).map(|p| p[0]..p.get(1).copied().unwrap_or(0));
                let a = a
                    .with_parts(parts)
                    .filter(|a| flat.len().is_multiple_of(2) && a.is_multipart());
                a.map(AnnotationRow).ok_or_else(|| {
                    A::Error::custom("an annotation's parts are not pairs of offsets")
                })
            }
        }
        d.deserialize_seq(Row)
    }
}

fn need<T, E: serde::de::Error>(item: Option<T>, index: usize) -> Result<T, E> {
    item.ok_or_else(|| E::invalid_length(index, &"an annotation row of 7 to 11 items"))
}

/// The number of chunks of a text.
pub fn chunk_count(text: &Text) -> usize {
    text.paragraphs().len().div_ceil(CHUNK_PARAGRAPHS)
}

/// The chunk an annotation belongs to.
pub fn chunk_of(text: &Text, a: &Annotation) -> usize {
    text.paragraph_at(a.start) / CHUNK_PARAGRAPHS
}

/// The chunk of the annotations that start in paragraph `paragraph`.
pub fn chunk_of_paragraph(paragraph: usize) -> usize {
    paragraph / CHUNK_PARAGRAPHS
}

/// One annotation as a stored row (the sync writes one per CouchDB
/// document; a list of rows is a chunk [`Restoring::chunk`] reads).
pub fn row_value(a: &Annotation) -> serde_json::Value {
    serde_json::to_value(AnnotationRow(a.clone())).expect("plain data always serialises")
}

/// The document's record (metadata and text).
pub fn record_json(doc: &Document) -> String {
    let m = doc.meta();
    serde_json::to_string(&RecordJson {
        format: STORE_FORMAT.into(),
        version: STORE_VERSION,
        id: doc.id().to_string(),
        title: m.title.clone(),
        source: m.source.clone(),
        url: m.url.clone(),
        attribution: m.attribution.clone(),
        published: m.published.clone(),
        created: doc.created().clone(),
        text: doc.text().as_str().to_string(),
    })
    .expect("plain data always serialises")
}

/// The document's codebook as stored (the codebook file's JSON), or `None`
/// when it is the default (then nothing is stored).
pub fn codebook_json(doc: &Document) -> Option<String> {
    let c = doc.codebook();
    (*c != crate::Codebook::default()).then(|| crate::codebook::file::to_json(c))
}

/// The document's head (last change, number of chunks).
pub fn head_json(doc: &Document) -> String {
    serde_json::to_string(&HeadJson {
        version: STORE_VERSION,
        modified: doc.modified().clone(),
        chunks: chunk_count(doc.text()),
        labels: doc.labels().iter().map(|l| l.as_str().into()).collect(),
        annotators: doc.annotators().to_vec(),
    })
    .expect("plain data always serialises")
}

/// The document's unplaced annotations (a JSON list, `[]` when none).
pub fn unplaced_json(doc: &Document) -> String {
    serde_json::to_string(doc.unplaced()).expect("plain data always serialises")
}

/// How many pages the document's relations take (none without relations).
pub fn relation_pages(doc: &Document) -> usize {
    doc.relations().len().div_ceil(RELATION_PAGE)
}

/// The page that holds the relation at `index` (in the document's order).
pub fn relation_page_of(index: usize) -> usize {
    index / RELATION_PAGE
}

/// Page `k` of the document's relations (a JSON list, `[]` past the last).
pub fn relation_page_json(doc: &Document, k: usize) -> String {
    let all = doc.relations();
    let first = (k * RELATION_PAGE).min(all.len());
    let last = (first + RELATION_PAGE).min(all.len());
    serde_json::to_string(&all[first..last]).expect("plain data always serialises")
}

/// Chunk `k` of the document: the annotations starting in its paragraphs,
/// in text order.
pub fn chunk_json(doc: &Document, k: usize) -> String {
    let first = k * CHUNK_PARAGRAPHS;
    let last = (first + CHUNK_PARAGRAPHS).min(doc.text().paragraphs().len());
    let mut rows: Vec<&Annotation> = Vec::new();
    for p in first..last {
        for a in doc.annotations_in_paragraph(p) {
            if chunk_of(doc.text(), a) == k {
                rows.push(a);
            }
        }
    }
    // An annotation crossing paragraphs is met once per paragraph; after
    // sorting, its copies are next to each other.
    Annotation::sort_in_text_order(&mut rows);
    rows.dedup_by(|a, b| a.id == b.id);
    let rows: Vec<AnnotationRow> = rows.into_iter().map(|a| AnnotationRow(a.clone())).collect();
    serde_json::to_string(&rows).expect("plain data always serialises")
}

/// True when `raw` is a stored record (storage schema 2) rather than a
/// Marginalia export file (schema 1, the storage of earlier versions).
pub fn is_record(raw: &str) -> bool {
    #[derive(Deserialize)]
    struct Format {
        format: Option<String>,
    }
    serde_json::from_str::<Format>(raw).is_ok_and(|f| f.format.as_deref() == Some(STORE_FORMAT))
}

fn damaged(e: impl ToString) -> StoreError {
    StoreError::Damaged(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{AnnotationId, DocumentId, Label, Tag, Unplaced};
    use crate::document::tests::{add_generated, ann, ts};
    use crate::document::{Command, Metadata};
    use proptest::prelude::*;

    fn doc(paragraphs: usize) -> Document {
        let text: Vec<String> = (0..paragraphs)
            .map(|i| format!("Para {i} 東京 🍵 text."))
            .collect();
        Document::new(
            DocumentId::new("d").unwrap(),
            Metadata {
                title: "T".into(),
                attribution: Some("credit".into()),
                ..Metadata::default()
            },
            Text::new(text.join("\n")),
            ts("00"),
        )
    }

    fn save(d: &Document) -> (String, String, Vec<Option<String>>) {
        (
            record_json(d),
            head_json(d),
            (0..chunk_count(d.text()))
                .map(|k| Some(chunk_json(d, k)))
                .collect(),
        )
    }

    #[test]
    fn annotators_are_stored_with_their_annotations() {
        let mut d = doc(3);
        let ana = crate::Annotator::new(crate::AnnotatorId::new("a-1").unwrap(), "Ana Ruiz");
        let mut a = crate::testing::ann("x", crate::Tag::Quote, 0, 4);
        a.annotator = Some(ana.id.clone());
        d.apply(Command::Batch(vec![
            d.record_annotator(&ana).unwrap(),
            Command::Add(a),
        ]))
        .unwrap();
        let (record, head, chunks) = save(&d);
        assert!(
            head.contains(r#""annotators":[{"id":"a-1","name":"Ana Ruiz"}]"#),
            "{head}"
        );
        let chunk = chunks[0].as_deref().unwrap();
        assert!(chunk.contains(r#""exact",[],{},"a-1"]"#), "{chunk}");
        let back = restore(&record, Some(&head), &chunks, None).unwrap();
        assert!(back.damaged.is_empty() && !back.old);
        assert_eq!(back.document, d);
        // Schema 6 (no annotators) is read and written again.
        let old = record.replace("\"version\":7", "\"version\":6");
        let plain = chunk.replace(r#","exact",[],{},"a-1"]"#, "]");
        let back = restore(&old, Some(&head), &[Some(plain)], None).unwrap();
        assert!(back.old);
        assert_eq!(back.document.len(), 1);
        assert_eq!(back.document.annotations().next().unwrap().annotator, None);
    }

    #[test]
    fn round_trip_through_chunks() {
        let mut d = doc(70);
        let starts: Vec<usize> = d.text().paragraphs().iter().map(|r| r.start).collect();
        d.apply(Command::Add(ann("a", Tag::Claim, starts[0], starts[0] + 4)))
            .unwrap();
        d.apply(Command::Add(ann(
            "b",
            Tag::Quote,
            starts[31] + 2,
            starts[33] + 3,
        )))
        .unwrap(); // crosses chunks
        let mut c = ann("c", Tag::Source, starts[69], starts[69] + 4);
        c.note = "note \"quoted\" 😀\nline".into();
        d.apply(Command::Add(c)).unwrap();
        d.touch(ts("30"));
        assert_eq!(chunk_count(d.text()), 3);
        let (record, head, chunks) = save(&d);
        assert!(is_record(&record));
        assert!(
            chunks[0].as_ref().unwrap().contains("\"b\""),
            "an annotation lives in the chunk where it starts"
        );
        assert!(!chunks[1].as_ref().unwrap().contains("\"b\""));
        let back = restore(&record, Some(&head), &chunks, None).unwrap();
        assert!(back.damaged.is_empty());
        assert_eq!(back.document, d);
    }

    #[test]
    fn labels_placements_and_unplaced_ones_are_stored() {
        let mut d = doc(40);
        let person = Label::new("Named person").unwrap();
        let mut a = ann("a", Tag::Other(person.clone()), 0, 4);
        a.placement = Placement::Fuzzy(901);
        d.apply(Command::Batch(vec![
            Command::AddLabel(person.clone()),
            Command::Add(a),
            Command::Add(ann("b", Tag::Claim, 5, 9)),
            Command::AddUnplaced(Unplaced {
                id: AnnotationId::new("u").unwrap(),
                tag: Tag::Quote,
                exact: "lost".into(),
                prefix: String::new(),
                suffix: " words".into(),
                note: String::new(),
                created: ts("01"),
                modified: ts("01"),
                why: crate::annotation::Unplacement::Ambiguous,
                attributes: Default::default(),
            }),
        ]))
        .unwrap();
        let (record, head, chunks) = save(&d);
        let rows = chunks[0].as_deref().unwrap();
        assert!(rows.contains(r#"{"fuzzy":901}]"#), "{rows}");
        let unplaced = unplaced_json(&d);
        let back = restore(&record, Some(&head), &chunks, Some(&unplaced)).unwrap();
        assert!(back.damaged.is_empty() && !back.old);
        assert_eq!(back.document, d);
        // Without a readable head, the labels in use come back from the
        // rows; the damage is reported (for the head to be set aside).
        let back = restore(&record, Some("{"), &chunks, Some(&unplaced)).unwrap();
        assert_eq!(back.document.labels(), std::slice::from_ref(&person));
        assert_eq!(
            (back.document.len(), back.document.unplaced().len()),
            (2, 1)
        );
        assert_eq!(back.damaged[0].0, Part::Head);
        // A bad label or unplaced entry costs only itself.
        let head = head.replace(r#""labels":["#, r#""labels":[" bad ","#);
        let unplaced = unplaced.replacen('[', r#"[{"id":"x y"},"#, 1);
        let back = restore(&record, Some(&head), &chunks, Some(&unplaced)).unwrap();
        assert_eq!(back.document, d);
        let parts: Vec<Part> = back.damaged.iter().map(|(p, _)| *p).collect();
        assert_eq!(parts, [Part::Head, Part::Unplaced]);
    }

    /// A save interrupted between the chunk and the unplaced list of an
    /// attach leaves an id in both: it stays placed; duplicate labels in a
    /// head are read once. Nothing makes the document unreadable.
    #[test]
    fn parts_that_disagree_still_give_the_document() {
        let mut d = doc(3);
        d.apply(Command::Add(ann("a", Tag::Claim, 0, 4))).unwrap();
        let (record, head, chunks) = save(&d);
        let stale = r#"[{"id":"a","tag":"quote","exact":"Para","created":"2026-11-24T10:00:00Z","modified":"2026-11-24T10:00:00Z","why":"orphaned"}]"#;
        let head = head.replace(r#""chunks":1"#, r#""chunks":1,"labels":["X","X"]"#);
        let back = restore(&record, Some(&head), &chunks, Some(stale)).unwrap();
        assert!(back.damaged.is_empty(), "{:?}", back.damaged);
        assert_eq!(back.document.len(), 1);
        assert!(back.document.unplaced().is_empty());
        assert_eq!(back.document.labels(), [Label::new("X").unwrap()]);
    }

    #[test]
    fn relations_are_stored_and_a_bad_one_costs_only_itself() {
        use crate::relation::{Relation, RelationId, RelationKind};
        let mut d = doc(40);
        let link = |id: &str, from: &str, to: &str| Relation {
            id: RelationId::new(id).unwrap(),
            kind: RelationKind::attributed_to(),
            from: AnnotationId::new(from).unwrap(),
            to: AnnotationId::new(to).unwrap(),
            note: if id == "r2" {
                "check 😀".into()
            } else {
                String::new()
            },
            created: ts("02"),
        };
        d.apply(Command::Batch(vec![
            Command::Add(ann("q", Tag::Quote, 0, 4)),
            Command::Add(ann("s", Tag::Source, 5, 9)),
            Command::Add(ann("c", Tag::Claim, 10, 14)),
            Command::AddRelation(link("r1", "q", "s")),
            Command::AddRelation(link("r2", "c", "s")),
        ]))
        .unwrap();
        let (record, head, chunks) = save(&d);
        assert_eq!(relation_pages(&d), 1);
        let relations = relation_page_json(&d, 0);
        let read = |relations: Option<String>| {
            let mut r = Restoring::begin(&record, Some(&head)).unwrap();
            for (k, c) in chunks.iter().enumerate() {
                r.chunk(k, c.as_deref());
            }
            r.relations(Some(0), relations.as_deref());
            r.finish(None).unwrap()
        };
        let back = read(Some(relations.clone()));
        assert!(back.damaged.is_empty() && !back.old);
        assert_eq!(back.document, d);
        // A relation to an annotation that is gone, a duplicate and a
        // malformed entry are left out and reported; the others are kept.
        let spoiled = relations.replacen(
            '[',
            r#"[{"id":"r1","type":"x","from":"q","to":"c","created":"2026-11-24T10:00:00Z"},{"id":"r9","type":"x","from":"q","to":"gone","created":"2026-11-24T10:00:00Z"},{"id":7},"#,
            1,
        );
        let back = read(Some(spoiled));
        assert_eq!(back.document.relations().len(), 2);
        assert_eq!(back.document.relations()[0].kind.as_str(), "x");
        assert_eq!(back.damaged.len(), 1);
        assert_eq!(back.damaged[0].0, Part::Relations(None));
        let back = read(Some("{".into()));
        assert!(back.document.relations().is_empty());
        assert_eq!(back.document.len(), 3);
        // Schema 3 data (no relations part) is read and written again.
        let old = record.replace("\"version\":7", "\"version\":3");
        let back = restore(&old, Some(&head), &chunks, None).unwrap();
        assert!(back.old && back.document.relations().is_empty());
    }

    #[test]
    fn parts_are_stored_and_older_rows_still_read() {
        let mut d = doc(3);
        let q = ann("q", Tag::Quote, 0, 1).with_parts([0..4, 6..9]).unwrap();
        let mut moved = ann("m", Tag::Claim, 2, 3).with_parts([2..3, 5..6]).unwrap();
        moved.placement = Placement::Moved;
        let mut s = ann("s", Tag::Source, 1, 2);
        s.attributes.insert("type".into(), "named".into());
        d.apply(Command::Batch(vec![
            Command::Add(q),
            Command::Add(moved),
            Command::Add(s),
        ]))
        .unwrap();
        let (record, head, chunks) = save(&d);
        let chunk = chunks[0].as_deref().unwrap();
        assert!(chunk.contains(r#""exact",[0,4,6,9]]"#), "{chunk}");
        assert!(chunk.contains(r#""moved",[2,3,5,6]]"#), "{chunk}");
        assert!(chunk.contains(r#""exact",[],{"type":"named"}]"#), "{chunk}");
        let back = restore(&record, Some(&head), &chunks, None).unwrap();
        assert!(back.damaged.is_empty() && !back.old);
        assert_eq!(back.document, d);
        // Schema 5 (no parts) is read and written again; parts that are
        // not pairs damage their chunk (reported, as any bad row).
        let old = record.replace("\"version\":7", "\"version\":5");
        let spoiled = chunk.replace("[0,4,6,9]", "[0,4,6]");
        let back = restore(&old, Some(&head), &[Some(spoiled)], None).unwrap();
        assert!(back.old);
        assert_eq!(
            back.damaged,
            vec![(Part::Chunk(0), back.damaged[0].1.clone())]
        );
        let back = restore(&old, Some(&head), &chunks, None).unwrap();
        assert!(back.old && back.damaged.is_empty());
        assert_eq!(back.document, d);
    }

    #[test]
    fn the_codebook_is_stored_unless_it_is_the_default_and_a_bad_one_costs_only_itself() {
        use crate::annotation::Label;
        let mut d = doc(3);
        assert_eq!(codebook_json(&d), None);
        d.apply(Command::Batch(vec![
            Command::AddLabel(Label::new("Cue").unwrap()),
            Command::SetCodebook(Box::new(crate::Codebook::attribution())),
        ]))
        .unwrap();
        let (record, head, chunks) = save(&d);
        let stored = codebook_json(&d).unwrap();
        let read = |codebook: Option<&str>, head: Option<&str>| {
            let mut r = Restoring::begin(&record, head).unwrap();
            for (k, c) in chunks.iter().enumerate() {
                r.chunk(k, c.as_deref());
            }
            r.codebook(codebook);
            r.finish(None).unwrap()
        };
        let back = read(Some(&stored), Some(&head));
        assert!(back.damaged.is_empty());
        assert_eq!(back.document, d);
        // Its labels come back even from a lost head.
        let back = read(Some(&stored), None);
        assert_eq!(back.document.codebook(), d.codebook());
        let back = read(Some("{"), Some(&head));
        assert_eq!(back.document.codebook(), &crate::Codebook::default());
        assert_eq!(back.damaged[0].0, Part::Codebook);
    }

    #[test]
    fn relations_are_paged_in_order() {
        use crate::relation::{Relation, RelationId, RelationKind};
        let mut d = doc(4);
        d.apply(Command::Add(ann("q", Tag::Quote, 0, 4))).unwrap();
        d.apply(Command::Add(ann("s", Tag::Source, 5, 9))).unwrap();
        let n = RELATION_PAGE * 2 + 3;
        let links: Vec<Command> = (0..n)
            .map(|i| {
                Command::AddRelation(Relation {
                    id: RelationId::new(format!("r{i}")).unwrap(),
                    kind: RelationKind::new(format!("k{}", n - i)).unwrap(),
                    from: AnnotationId::new("q").unwrap(),
                    to: AnnotationId::new("s").unwrap(),
                    note: String::new(),
                    created: ts("02"),
                })
            })
            .collect();
        d.apply(Command::Batch(links)).unwrap();
        assert_eq!(relation_pages(&d), 3);
        assert_eq!(relation_page_of(RELATION_PAGE * 2), 2);
        assert_eq!(relation_page_json(&d, 3), "[]");
        let (record, head, chunks) = save(&d);
        let mut r = Restoring::begin(&record, Some(&head)).unwrap();
        for (k, c) in chunks.iter().enumerate() {
            r.chunk(k, c.as_deref());
        }
        for k in 0..3 {
            r.relations(Some(k), Some(&relation_page_json(&d, k)));
        }
        let back = r.finish(None).unwrap();
        assert!(back.damaged.is_empty());
        assert_eq!(back.document, d, "every relation, in its order");
        // Schema 4 kept them under one key: read as one page, then written
        // again.
        let mut r = Restoring::begin(
            &record.replace("\"version\":7", "\"version\":4"),
            Some(&head),
        )
        .unwrap();
        for (k, c) in chunks.iter().enumerate() {
            r.chunk(k, c.as_deref());
        }
        r.relations(None, Some(&serde_json::to_string(d.relations()).unwrap()));
        let back = r.finish(None).unwrap();
        assert!(back.old);
        assert_eq!(back.document, d);
    }

    #[test]
    fn schema_2_data_is_still_read() {
        let record = r#"{"format":"marginalia-store","version":2,"id":"d","title":"T","created":"2026-11-24T10:00:00Z","text":"one two"}"#;
        let head = r#"{"version":2,"modified":"2026-11-24T10:00:30Z","chunks":1}"#;
        let chunk = r#"[["a","claim",0,3,"n","2026-11-24T10:00:00Z","2026-11-24T10:00:00Z"]]"#;
        let back = restore(record, Some(head), &[Some(chunk.into())], None)
            .unwrap()
            .document;
        let a = back.annotations().next().unwrap();
        assert_eq!((a.start, a.end, a.placement), (0, 3, Placement::Exact));
        assert_eq!(back.modified(), &ts("30"));
        let bad = r#"[["a","claim",0,3,"n","2026-11-24T10:00:00Z"]]"#;
        let r = restore(record, Some(head), &[Some(bad.into())], None).unwrap();
        assert_eq!(r.damaged.len(), 1);
        assert!(r.old, "schema 2 is to be written again");
    }

    #[test]
    fn a_damaged_chunk_costs_only_its_annotations() {
        let mut d = doc(70);
        let starts: Vec<usize> = d.text().paragraphs().iter().map(|r| r.start).collect();
        d.apply(Command::Add(ann("a", Tag::Claim, starts[0], starts[0] + 4)))
            .unwrap();
        d.apply(Command::Add(ann(
            "z",
            Tag::Claim,
            starts[40],
            starts[40] + 4,
        )))
        .unwrap();
        let (record, head, mut chunks) = save(&d);
        chunks[1] = Some("[[\"z\", \"claim\", 1".into());
        let back = restore(&record, Some(&head), &chunks, None).unwrap();
        assert_eq!(back.document.len(), 1);
        assert_eq!(back.damaged.len(), 1);
        assert_eq!(back.damaged[0].0, Part::Chunk(1));
        // A missing head falls back to the creation time; a missing chunk is empty.
        let back = restore(&record, None, &[None, None, None], None).unwrap();
        assert_eq!(back.document.modified(), &ts("00"));
        assert!(back.document.is_empty());
    }

    #[test]
    fn duplicate_after_an_interrupted_move_keeps_the_newest() {
        let d = doc(70);
        let starts: Vec<usize> = d.text().paragraphs().iter().map(|r| r.start).collect();
        let mut old = ann("m", Tag::Claim, starts[1], starts[1] + 4);
        old.modified = ts("01");
        let mut new = ann("m", Tag::Quote, starts[40], starts[40] + 4);
        new.modified = ts("02");
        let mut with_old = d.clone();
        with_old.apply(Command::Add(old)).unwrap();
        let mut with_new = d.clone();
        with_new.apply(Command::Add(new.clone())).unwrap();
        let chunks = vec![
            Some(chunk_json(&with_old, 0)),
            Some(chunk_json(&with_new, 1)),
            Some("[]".into()),
        ];
        let back = restore(&record_json(&d), None, &chunks, None).unwrap();
        assert_eq!(
            back.document.annotations().cloned().collect::<Vec<_>>(),
            vec![new]
        );
    }

    #[test]
    fn versions_are_checked() {
        let d = doc(3);
        let newer = record_json(&d).replace("\"version\":7", "\"version\":8");
        assert!(matches!(
            restore(&newer, None, &[], None),
            Err(StoreError::TooNew(8))
        ));
        assert!(matches!(
            restore("{", None, &[], None),
            Err(StoreError::Damaged(_))
        ));
        assert!(!is_record("{\"format\":\"marginalia\",\"version\":1}"));
    }

    proptest! {
        #[test]
        fn any_document_round_trips(
            paragraphs in 1usize..100,
            spans in proptest::collection::vec((0usize..4000, 1usize..300, 0usize..3), 0..40),
        ) {
            let mut d = doc(paragraphs);
            add_generated(&mut d, "x", spans.into_iter().map(|(s, l, t)| (s, l, t, String::new())));
            let (record, head, chunks) = save(&d);
            let back = restore(&record, Some(&head), &chunks, None).unwrap();
            prop_assert_eq!(back.document, d);
        }
    }
}
