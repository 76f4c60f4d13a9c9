//! Writing: what changed of the open document, the library index, and
//! removing a document.

use super::Persist;
use marginalia_core::store::{self, keys, StorageError};
use marginalia_core::{Document, DocumentId, Index};

/// What of the open document has changed since it was last written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Everything must be written (a new document, or one stored by an
    /// earlier version).
    pub all: bool,
    /// Annotation chunks to write, ascending, each once.
    pub chunks: Vec<usize>,
    /// The head must be written (the label set changed; it is also written
    /// with any chunk).
    pub head: bool,
    /// The unplaced annotations must be written.
    pub unplaced: bool,
    /// The relations must be written: the pages from the one holding
    /// `relations_from` (see [`Dirty::mark_relations`]).
    pub relations: bool,
    /// The position of the first relation changed since the last write.
    pub relations_from: usize,
    /// The codebook must be written.
    pub codebook: bool,
}

impl Dirty {
    /// Notes that chunk `k` must be written.
    pub fn mark_chunk(&mut self, k: usize) {
        if let Err(at) = self.chunks.binary_search(&k) {
            self.chunks.insert(at, k);
        }
    }

    /// Notes that the relations changed from position `from` on (`None`:
    /// they did not).
    pub fn mark_relations(&mut self, from: Option<usize>) {
        if let Some(from) = from {
            self.relations_from = if self.relations {
                self.relations_from.min(from)
            } else {
                from
            };
            self.relations = true;
        }
    }

    /// Nothing to write.
    pub fn is_clean(&self) -> bool {
        !self.all
            && !self.head
            && !self.unplaced
            && !self.relations
            && !self.codebook
            && self.chunks.is_empty()
    }
}

impl Persist {
    /// Writes what changed of `doc`: the touched annotation chunks and the
    /// head, or (when `dirty.all`) everything, the text record last. On
    /// success `dirty` is cleared; on failure it is kept, to be written
    /// next time, and what was stored before stays as it was.
    pub fn save_changes(&self, doc: &Document, dirty: &mut Dirty) -> Result<(), StorageError> {
        if self.is_protected(doc.id()) {
            return Err(StorageError::Other(
                "this document's stored data is kept as it was (damaged or from a newer version) and is not overwritten".into(),
            ));
        }
        if dirty.is_clean() {
            return Ok(());
        }
        let kv = self.kv();
        let id = doc.id();
        let count = store::chunk_count(doc.text());
        if dirty.all {
            for k in 0..count {
                kv.set(&keys::chunk(id, k), &store::chunk_json(doc, k))?;
            }
            for (k, key) in self.chunk_keys(id) {
                if k >= count {
                    kv.remove(&key)?;
                }
            }
            kv.set(&keys::unplaced(id), &store::unplaced_json(doc))?;
            self.save_relations(doc, 0)?;
            kv.remove(&keys::relations(id))?;
            self.save_codebook(doc)?;
            kv.set(&keys::head(id), &store::head_json(doc))?;
            kv.set(&keys::doc(id), &store::record_json(doc))?;
        } else {
            for &k in dirty.chunks.iter().filter(|&&k| k < count) {
                kv.set(&keys::chunk(id, k), &store::chunk_json(doc, k))?;
            }
            if dirty.unplaced {
                kv.set(&keys::unplaced(id), &store::unplaced_json(doc))?;
            }
            if dirty.relations {
                self.save_relations(doc, dirty.relations_from)?;
            }
            if dirty.codebook {
                self.save_codebook(doc)?;
            }
            kv.set(&keys::head(id), &store::head_json(doc))?;
        }
        *dirty = Dirty::default();
        Ok(())
    }

    /// Writes `doc`'s codebook, or removes it when it is the default.
    fn save_codebook(&self, doc: &Document) -> Result<(), StorageError> {
        let key = keys::codebook(doc.id());
        match store::codebook_json(doc) {
            Some(json) => self.kv().set(&key, &json),
            None => self.kv().remove(&key),
        }
    }

    /// Writes the pages of `doc`'s relations from the one holding the
    /// relation at `from`, and removes the pages after the last (a change
    /// that removed relations leaves them behind; pages are contiguous).
    fn save_relations(&self, doc: &Document, from: usize) -> Result<(), StorageError> {
        let kv = self.kv();
        let id = doc.id();
        let count = store::relation_pages(doc);
        for k in store::relation_page_of(from)..count {
            kv.set(
                &keys::relation_page(id, k),
                &store::relation_page_json(doc, k),
            )?;
        }
        self.remove_relation_pages(id, count)
    }

    /// Removes the stored relation pages of document `id` from page `k` on.
    fn remove_relation_pages(&self, id: &DocumentId, mut k: usize) -> Result<(), StorageError> {
        let kv = self.kv();
        while kv.get(&keys::relation_page(id, k))?.is_some() {
            kv.remove(&keys::relation_page(id, k))?;
            k += 1;
        }
        Ok(())
    }

    /// Writes the library index (unless a damaged or newer index is being
    /// protected).
    pub fn save_index(&self, index: &Index) -> Result<(), StorageError> {
        if self.inner.index_locked.get() {
            return Ok(());
        }
        self.kv().set(keys::INDEX, &index.to_json())
    }

    /// Removes a document from storage (record, head, unplaced annotations,
    /// relations and chunks).
    pub fn delete_document(&self, id: &DocumentId) -> Result<(), StorageError> {
        for (_, key) in self.chunk_keys(id) {
            self.kv().remove(&key)?;
        }
        self.kv().remove(&keys::head(id))?;
        self.kv().remove(&keys::unplaced(id))?;
        self.kv().remove(&keys::relations(id))?;
        self.kv().remove(&keys::codebook(id))?;
        self.remove_relation_pages(id, 0)?;
        self.kv().remove(&keys::doc(id))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use marginalia_core::{Annotation, AnnotationId, Command, Tag, Timestamp};

    /// `doc` with a new annotation at the start of paragraph `p`, changed
    /// a second later.
    fn annotated(doc: &Document, p: usize, id: &str) -> Document {
        let mut doc = doc.clone();
        let start = doc.text().paragraphs()[p].start;
        doc.apply(Command::Add(Annotation {
            id: AnnotationId::new(id).unwrap(),
            tag: Tag::Source,
            start,
            end: start + 9,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
        doc.touch(Timestamp::new("2026-11-24T12:00:01.000Z").unwrap());
        doc
    }

    fn changed_keys(
        before: &std::collections::BTreeMap<String, String>,
        after: &std::collections::BTreeMap<String, String>,
    ) -> Vec<String> {
        let mut keys: Vec<String> = before.keys().chain(after.keys()).cloned().collect();
        keys.sort();
        keys.dedup();
        keys.retain(|k| before.get(k) != after.get(k));
        keys
    }

    #[test]
    fn a_change_writes_only_the_chunk_it_touched_and_the_head() {
        let (p, kv) = setup();
        let doc = long_doc(100); // four chunks of 32 paragraphs
        store_current(&p, &kv, &doc);
        let before = kv.snapshot();
        let doc = annotated(&doc, 71, "new");
        let mut dirty = Dirty::default();
        dirty.mark_chunk(store::chunk_of_paragraph(71));
        dirty.mark_chunk(store::chunk_of_paragraph(70));
        assert_eq!(dirty.chunks, [2]);
        p.save_changes(&doc, &mut dirty).unwrap();
        assert!(dirty.is_clean());
        assert_eq!(
            changed_keys(&before, &kv.snapshot()),
            ["marginalia:ann:intl:2", "marginalia:head:intl"],
            "the text and the other chunks are not rewritten"
        );
        assert_eq!(p.peek_document(doc.id()), Some(doc));
    }

    #[test]
    fn a_relation_writes_only_the_relations() {
        use marginalia_core::{Relation, RelationId, RelationKind};
        let (p, kv) = setup();
        let doc = long_doc(100);
        store_current(&p, &kv, &doc);
        let before = kv.snapshot();
        let mut linked = doc.clone();
        let applied = linked
            .apply(Command::AddRelation(Relation {
                id: RelationId::new("r1").unwrap(),
                kind: RelationKind::attributed_to(),
                from: AnnotationId::new("p10").unwrap(),
                to: AnnotationId::new("p90").unwrap(),
                note: String::new(),
                created: ts(),
            }))
            .unwrap();
        let mut dirty = Dirty::default();
        dirty.mark_relations(applied.relations_from);
        p.save_changes(&linked, &mut dirty).unwrap();
        assert_eq!(
            changed_keys(&before, &kv.snapshot()),
            ["marginalia:rel:intl:0"],
            "no chunk and not the text (the head is written, unchanged)"
        );
        assert_eq!(p.peek_document(doc.id()), Some(linked.clone()));
        // Deleting the annotation takes its relation with it, in storage too.
        let mut dirty = Dirty::default();
        let removed = linked
            .apply(Command::Remove(AnnotationId::new("p90").unwrap()))
            .unwrap();
        dirty.mark_relations(removed.relations_from);
        for r in &removed.paragraphs {
            dirty.mark_chunk(store::chunk_of_paragraph(r.start));
        }
        p.save_changes(&linked, &mut dirty).unwrap();
        let back = p.peek_document(doc.id()).unwrap();
        assert!(back.relations().is_empty() && back.len() == doc.len() - 1);
        assert_eq!(
            kv.value("marginalia:rel:intl:0"),
            None,
            "no page without relations"
        );
    }

    #[test]
    fn a_codebook_change_writes_only_the_codebook_and_going_back_to_the_default_removes_it() {
        use marginalia_core::{Codebook, Label};
        let (p, kv) = setup();
        let doc = long_doc(40);
        store_current(&p, &kv, &doc);
        let before = kv.snapshot();
        let mut changed = doc.clone();
        let applied = changed
            .apply(Command::Batch(vec![
                Command::AddLabel(Label::new("Cue").unwrap()),
                Command::SetCodebook(Box::new(Codebook::attribution())),
            ]))
            .unwrap();
        let mut dirty = Dirty {
            head: applied.labels,
            codebook: applied.codebook,
            ..Dirty::default()
        };
        p.save_changes(&changed, &mut dirty).unwrap();
        assert_eq!(
            changed_keys(&before, &kv.snapshot()),
            ["marginalia:codebook:intl", "marginalia:head:intl"]
        );
        assert_eq!(p.peek_document(doc.id()), Some(changed.clone()));
        changed.apply(applied.inverse).unwrap();
        let mut dirty = Dirty {
            head: true,
            codebook: true,
            ..Dirty::default()
        };
        p.save_changes(&changed, &mut dirty).unwrap();
        assert_eq!(kv.value("marginalia:codebook:intl"), None);
        assert_eq!(p.peek_document(doc.id()), Some(doc));
    }

    /// With 600 relations (three pages): making one, or undoing it,
    /// rewrites the last page only; removing an early one, the pages from
    /// its own on; removing the annotation at every end, all of them.
    #[test]
    fn a_relation_edit_rewrites_only_the_pages_it_moved() {
        use marginalia_core::{Relation, RelationId, RelationKind};
        let (p, kv) = setup();
        let mut doc = long_doc(100);
        let link = |i: usize, from: &str| Relation {
            id: RelationId::new(format!("r{i}")).unwrap(),
            kind: RelationKind::attributed_to(),
            from: AnnotationId::new(from).unwrap(),
            to: AnnotationId::new("p90").unwrap(),
            note: String::new(),
            created: ts(),
        };
        let links: Vec<Command> = (0..600)
            .map(|i| Command::AddRelation(link(i, ["p10", "p20", "p30"][i % 3])))
            .collect();
        doc.apply(Command::Batch(links)).unwrap();
        store_current(&p, &kv, &doc);
        let page = |k: usize| format!("marginalia:rel:intl:{k}");
        assert!(kv.value(&page(2)).is_some() && kv.value(&page(3)).is_none());
        let save = |doc: &Document, from: Option<usize>| {
            let before = kv.snapshot();
            let mut dirty = Dirty::default();
            dirty.mark_relations(from);
            p.save_changes(doc, &mut dirty).unwrap();
            let mut changed = changed_keys(&before, &kv.snapshot());
            changed.retain(|k| k.starts_with("marginalia:rel:"));
            changed
        };
        let made = doc.apply(Command::AddRelation(link(600, "p40"))).unwrap();
        assert_eq!(save(&doc, made.relations_from), [page(2)]);
        let undone = doc.apply(made.inverse).unwrap();
        assert_eq!(save(&doc, undone.relations_from), [page(2)]);
        let early = doc
            .apply(Command::RemoveRelation(RelationId::new("r300").unwrap()))
            .unwrap();
        assert_eq!(undone.relations_from, Some(600));
        assert_eq!(save(&doc, early.relations_from), [page(1), page(2)]);
        assert_eq!(p.peek_document(doc.id()), Some(doc.clone()));
        // The target of every relation goes: so do they, and their pages.
        let gone = doc
            .apply(Command::Remove(AnnotationId::new("p90").unwrap()))
            .unwrap();
        assert_eq!(save(&doc, gone.relations_from), [page(0), page(1), page(2)]);
        assert!((0..3).all(|k| kv.value(&page(k)).is_none()));
        // (Only the relations were saved here, not the annotation's chunk.)
        assert!(p.peek_document(doc.id()).unwrap().relations().is_empty());
    }

    #[test]
    fn nothing_to_write_writes_nothing() {
        let (p, kv) = setup();
        let doc = long_doc(5);
        p.save_changes(&doc, &mut Dirty::default()).unwrap();
        assert!(kv.snapshot().is_empty());
    }

    #[test]
    fn full_storage_is_reported_and_saved_work_is_kept() {
        let (p, kv) = setup();
        let doc = long_doc(100);
        store_current(&p, &kv, &doc);
        let before = kv.snapshot();
        kv.fill(0);
        let changed = annotated(&doc, 71, "new");
        let mut dirty = Dirty::default();
        dirty.mark_chunk(2);
        let e = p.save_changes(&changed, &mut dirty).unwrap_err();
        assert_eq!(e, StorageError::Full);
        assert!(e.to_string().contains("storage for this page is full"));
        assert_eq!(dirty.chunks, [2], "still to be written");
        assert_eq!(kv.snapshot(), before, "what was saved is intact");
        let mut all = Dirty {
            all: true,
            ..Dirty::default()
        };
        assert_eq!(
            p.save_changes(&long_doc(300), &mut all),
            Err(StorageError::Full)
        );
        assert_eq!(kv.snapshot(), before);
        kv.set_quota(None);
        p.save_changes(&changed, &mut dirty).unwrap();
        assert_eq!(p.peek_document(doc.id()), Some(changed));
    }

    #[test]
    fn a_full_write_removes_chunks_past_the_text() {
        let (p, kv) = setup();
        let doc = long_doc(10);
        let stale = keys::chunk(doc.id(), 7);
        kv.put(&stale, "[]");
        store_current(&p, &kv, &doc);
        assert_eq!(kv.value(&stale), None);
        assert_eq!(p.peek_document(doc.id()), Some(doc));
    }

    #[test]
    fn deleting_removes_every_key_of_the_document_only() {
        let (p, kv) = setup();
        let doc = long_doc(100);
        let other = doc_with("intl-2", "Other text.");
        store_current(&p, &kv, &other);
        let kept = kv.snapshot();
        store_current(&p, &kv, &doc);
        p.delete_document(doc.id()).unwrap();
        let left = kv.snapshot();
        assert!(
            left.keys()
                .all(|k| !k.contains(":intl:") && !k.ends_with(":intl")),
            "{left:?}"
        );
        assert_eq!(p.peek_document(doc.id()), None);
        assert_eq!(p.peek_document(other.id()), Some(other));
        let documents_kept = |m: &std::collections::BTreeMap<String, String>| {
            m.iter()
                .filter(|(k, _)| k.as_str() != keys::INDEX)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(documents_kept(&left), documents_kept(&kept));
    }

    #[test]
    fn the_index_is_written() {
        let (p, kv) = setup();
        let mut index = Index::new();
        index.upsert(marginalia_core::Entry::of(&long_doc(2)));
        p.save_index(&index).unwrap();
        assert_eq!(kv.value(keys::INDEX), Some(index.to_json()));
        kv.fill(0);
        index.upsert(marginalia_core::Entry::of(&doc_with("more", "Text.")));
        assert_eq!(p.save_index(&index), Err(StorageError::Full));
    }
}
