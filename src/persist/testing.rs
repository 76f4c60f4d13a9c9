//! What the tests of `persist` share: a store in memory, a fixed clock and
//! documents to save.

use super::{Dirty, Persist};
use marginalia_core::format::to_json;
use marginalia_core::store::{keys, MemoryStore};
use marginalia_core::{
    Annotation, AnnotationId, Command, Document, DocumentId, Entry, Index, Metadata, Tag, Text,
    Timestamp,
};
use std::rc::Rc;

/// The time the test clock always shows.
pub fn ts() -> Timestamp {
    Timestamp::new("2026-11-24T12:00:00.000Z").unwrap()
}

/// Storage in memory (the handle on it, to look inside) at time [`ts`].
pub fn setup() -> (Persist, Rc<MemoryStore>) {
    let kv = Rc::new(MemoryStore::new());
    (Persist::new(kv.clone(), ts), kv)
}

/// A document titled "Intl" holding `text`.
pub fn doc_with(id: &str, text: &str) -> Document {
    Document::new(
        DocumentId::new(id).unwrap(),
        Metadata {
            title: "Intl".into(),
            ..Metadata::default()
        },
        Text::new(text),
        ts(),
    )
}

/// A document "intl" of `paragraphs` paragraphs with one annotation at the
/// start of every tenth paragraph.
pub fn long_doc(paragraphs: usize) -> Document {
    let text: Vec<String> = (0..paragraphs)
        .map(|i| format!("Paragraph {i} says 東京 🍵 things."))
        .collect();
    let mut doc = doc_with("intl", &text.join("\n"));
    let starts: Vec<usize> = doc.text().paragraphs().iter().map(|r| r.start).collect();
    for i in (0..paragraphs).step_by(10) {
        doc.apply(Command::Add(Annotation {
            id: AnnotationId::new(format!("p{i}")).unwrap(),
            tag: Tag::Claim,
            start: starts[i],
            end: starts[i] + 9,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
    }
    doc
}

/// Writes all of `doc`.
pub fn rewrite(p: &Persist, doc: &Document) {
    let mut dirty = Dirty {
        all: true,
        ..Dirty::default()
    };
    p.save_changes(doc, &mut dirty).unwrap();
}

/// An index of `docs`, the first one open.
pub fn index_of(docs: &[&Document]) -> Index {
    let mut index = Index::new();
    for doc in docs.iter().rev() {
        index.upsert(Entry::of(doc));
    }
    index.current = docs.first().map(|d| d.id().clone());
    index
}

/// Stores `doc` the way this version does, as the open document (the
/// index holds only it).
pub fn store_current(p: &Persist, kv: &MemoryStore, doc: &Document) {
    rewrite(p, doc);
    kv.put(keys::INDEX, &index_of(&[doc]).to_json());
}

/// Stores `doc` as Marginalia 0.1 did (the whole document in the export
/// format), as the open document.
pub fn preload_schema_1(kv: &MemoryStore, doc: &Document) {
    kv.put(&keys::doc(doc.id()), &to_json(doc));
    kv.put(keys::INDEX, &index_of(&[doc]).to_json());
}
