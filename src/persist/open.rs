//! Reading a saved document: its parts put back together, damaged parts
//! set aside, data from a newer version protected.

use super::steps::{at_once, no_pause, Pause, Stepper};
use super::Persist;
use marginalia_core::format::from_json;
use marginalia_core::store::{self, keys, Part, Restored, Restoring, StorageError, StoreError};
use marginalia_core::{Document, DocumentId, FormatError, ImportDefaults};

/// Why a saved document could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// No document is stored under that id.
    Missing,
    /// Storage refused to be read.
    Storage(StorageError),
    /// The stored data is damaged; it was set aside under the given key
    /// (or left in place, protected, when setting it aside failed).
    Damaged(String, Result<String, StorageError>),
    /// A newer Marginalia wrote it; it is left in place, protected.
    Newer(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Missing => write!(f, "the saved document is missing from browser storage"),
            OpenError::Storage(e) => write!(f, "{e}"),
            OpenError::Damaged(e, Ok(key)) => write!(
                f,
                "a saved document could not be read ({e}); its data was kept under the storage key \"{key}\" and left out of the library"
            ),
            OpenError::Damaged(e, Err(_)) => write!(
                f,
                "a saved document could not be read ({e}); it was left untouched in storage and out of the library"
            ),
            OpenError::Newer(e) => write!(
                f,
                "a saved document cannot be opened by this version ({e}); it is kept untouched in storage"
            ),
        }
    }
}

/// A document as read from storage.
struct Read {
    doc: Document,
    /// Stored in the format of earlier versions (one export-format entry,
    /// or an older storage schema): to be written again.
    legacy: bool,
    /// Keys of parts that could not be read (empty for data with nothing
    /// to keep), with why and what they held.
    damaged_chunks: Vec<(String, String, &'static str)>,
}

enum Problem {
    Damaged(String),
    Newer(String),
}

impl Problem {
    fn of(e: StoreError) -> Self {
        match e {
            StoreError::TooNew(_) => Problem::Newer(e.to_string()),
            e => Problem::Damaged(e.to_string()),
        }
    }
}

impl Read {
    /// Document `id` as restored, with its damaged parts' keys.
    fn of(id: &DocumentId, restored: Restored) -> Self {
        let mut doc = restored.document;
        doc.set_id(id.clone());
        let damaged_chunks = restored
            .damaged
            .into_iter()
            .map(|(part, e)| {
                let (key, what) = match part {
                    Part::Chunk(k) => (keys::chunk(id, k), "Some annotations"),
                    Part::Head => (keys::head(id), "The label set"),
                    Part::Unplaced => (keys::unplaced(id), "Some unplaced annotations"),
                    Part::Relations(Some(k)) => (keys::relation_page(id, k), "Some relations"),
                    Part::Relations(None) => (keys::relations(id), "Some relations"),
                    Part::OutsideText => (String::new(), "Some annotations"),
                    Part::Codebook => (keys::codebook(id), "The codebook"),
                };
                (key, e.to_string(), what)
            })
            .collect();
        Read {
            doc,
            legacy: restored.old,
            damaged_chunks,
        }
    }
}

/// A document loaded from storage.
pub struct Loaded {
    /// The document.
    pub doc: Document,
    /// True when it must be written again in full: it was stored by an
    /// earlier version, or some of its data had to be set aside.
    pub rewrite: bool,
    /// What the user should hear about.
    pub warnings: Vec<String>,
}

impl Persist {
    /// Reads document `id` without changing anything in storage, pausing
    /// with `pause` between steps of [`STEP_BYTES`](super::steps::STEP_BYTES).
    async fn read_document(
        &self,
        id: &DocumentId,
        pause: Pause<'_>,
    ) -> Result<(String, Result<Read, Problem>), OpenError> {
        let raw = self
            .kv()
            .get(&keys::doc(id))
            .map_err(OpenError::Storage)?
            .ok_or(OpenError::Missing)?;
        let mut steps = Stepper::new(pause);
        if !store::is_record(&raw) {
            let read = self.read_schema_1(id, &raw);
            return Ok((raw, read));
        }
        let get = |key: &str| self.kv().get(key).ok().flatten();
        let head = get(&keys::head(id));
        let chunk_keys = self.chunk_keys(id);
        let begun = Restoring::begin(&raw, head.as_deref());
        steps.read(raw.len()).await;
        let mut restoring = match begun {
            Ok(r) => r,
            Err(e) => return Ok((raw, Err(Problem::of(e)))),
        };
        for (k, key) in &chunk_keys {
            let chunk = get(key);
            restoring.chunk(*k, chunk.as_deref());
            steps.read(chunk.map_or(0, |c| c.len())).await;
        }
        // Pages 0, 1… (schema 5), else all under one key (schema 4).
        let mut k = 0;
        while let Some(page) = get(&keys::relation_page(id, k)) {
            restoring.relations(Some(k), Some(&page));
            steps.read(page.len()).await;
            k += 1;
        }
        if k == 0 {
            let relations = get(&keys::relations(id));
            restoring.relations(None, relations.as_deref());
            steps.read(relations.map_or(0, |r| r.len())).await;
        }
        restoring.codebook(get(&keys::codebook(id)).as_deref());
        steps.pause().await;
        let unplaced = get(&keys::unplaced(id));
        let read = restoring
            .finish(unplaced.as_deref())
            .map(|restored| Read::of(id, restored))
            .map_err(Problem::of);
        Ok((raw, read))
    }

    /// Storage schema 1: the whole document in the export format.
    fn read_schema_1(&self, id: &DocumentId, raw: &str) -> Result<Read, Problem> {
        let defaults = ImportDefaults {
            now: self.now(),
            document_id: id.clone(),
        };
        match from_json(raw, &defaults) {
            Ok(imported) => {
                let mut doc = imported.document;
                doc.set_id(id.clone());
                Ok(Read {
                    doc,
                    legacy: true,
                    damaged_chunks: Vec::new(),
                })
            }
            Err(e @ FormatError::TooNew { .. }) => Err(Problem::Newer(e.to_string())),
            Err(e) => Err(Problem::Damaged(e.to_string())),
        }
    }

    /// Reads document `id` from storage. Damaged data is set aside (or,
    /// when that fails, protected); data from a newer version is protected.
    pub fn load_document(&self, id: &DocumentId) -> Result<Loaded, OpenError> {
        at_once(self.load_document_in_steps(id, &no_pause))
    }

    /// [`load_document`](Self::load_document), pausing with `pause` between
    /// steps of the read.
    pub async fn load_document_in_steps(
        &self,
        id: &DocumentId,
        pause: Pause<'_>,
    ) -> Result<Loaded, OpenError> {
        let (raw, read) = self.read_document(id, pause).await?;
        match read {
            Ok(read) => {
                let mut warnings = Vec::new();
                for (key, why, what) in &read.damaged_chunks {
                    let kept = self.keep_damaged_part(id, key);
                    warnings.push(format!(
                        "{what} of “{}” could not be read ({why}); {kept}.",
                        read.doc.meta().title
                    ));
                }
                Ok(Loaded {
                    rewrite: read.legacy || !warnings.is_empty(),
                    doc: read.doc,
                    warnings,
                })
            }
            Err(Problem::Newer(e)) => {
                self.protect(id);
                Err(OpenError::Newer(e))
            }
            Err(Problem::Damaged(e)) => {
                let aside = self.set_aside(&keys::doc(id), &raw);
                if aside.is_err() {
                    self.protect(id);
                }
                Err(OpenError::Damaged(e, aside))
            }
        }
    }

    /// Sets aside the damaged part of document `id` stored under `key`
    /// (empty: nothing to keep), protecting the document when that fails.
    /// Says what became of it.
    fn keep_damaged_part(&self, id: &DocumentId, key: &str) -> String {
        // Nothing stored there (relations whose ends are gone, say): no
        // data to keep.
        let Some(raw) = Some(key)
            .filter(|k| !k.is_empty())
            .and_then(|k| self.kv().get(k).ok().flatten())
        else {
            return String::from("they were left out");
        };
        match self.set_aside(key, &raw) {
            Ok(aside) => format!("the stored data was kept under the storage key \"{aside}\""),
            Err(_) => {
                self.protect(id);
                String::from("the stored data was left untouched")
            }
        }
    }

    /// Reads document `id` if it is stored and readable, changing nothing.
    pub fn peek_document(&self, id: &DocumentId) -> Option<Document> {
        at_once(self.read_document(id, &no_pause))
            .ok()?
            .1
            .ok()
            .map(|r| r.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::Dirty;
    use super::*;
    use marginalia_core::store::{KeyValue, MemoryStore};

    fn damaged_keys(kv: &MemoryStore) -> Vec<String> {
        kv.keys(keys::DAMAGED_PREFIX).unwrap()
    }

    #[test]
    fn a_saved_document_is_loaded_as_it_was() {
        let (p, kv) = setup();
        let doc = long_doc(100);
        store_current(&p, &kv, &doc);
        let loaded = p.load_document(doc.id()).unwrap();
        assert_eq!(loaded.doc, doc);
        assert!(!loaded.rewrite && loaded.warnings.is_empty());
        assert_eq!(p.peek_document(doc.id()), Some(doc));
    }

    #[test]
    fn a_missing_document_or_refusing_storage_is_an_error() {
        let (p, kv) = setup();
        let id = DocumentId::new("none").unwrap();
        assert!(matches!(p.load_document(&id), Err(OpenError::Missing)));
        kv.set_unavailable(true);
        assert!(matches!(
            p.load_document(&id),
            Err(OpenError::Storage(StorageError::Unavailable))
        ));
        assert_eq!(p.peek_document(&id), None);
    }

    /// Marginalia 0.1 stored the whole document in the export format.
    #[test]
    fn a_document_of_schema_1_is_read_and_written_again() {
        let (p, kv) = setup();
        let doc = long_doc(40);
        preload_schema_1(&kv, &doc);
        let loaded = p.load_document(doc.id()).unwrap();
        assert_eq!(loaded.doc, doc);
        assert!(loaded.rewrite, "to be written in the current layout");
        rewrite(&p, &loaded.doc);
        assert!(store::is_record(&kv.value(&keys::doc(doc.id())).unwrap()));
        assert!(
            kv.value(&keys::chunk(doc.id(), 1)).is_some(),
            "two chunks for 40 paragraphs"
        );
        assert_eq!(p.peek_document(doc.id()), Some(doc));
    }

    #[test]
    fn a_document_of_schema_2_to_6_is_read_and_written_as_schema_7() {
        use marginalia_core::{AnnotationId, Command, Relation, RelationId, RelationKind};
        for older in [
            "\"version\":2",
            "\"version\":3",
            "\"version\":4",
            "\"version\":5",
            "\"version\":6",
        ] {
            let (p, kv) = setup();
            let mut doc = long_doc(40);
            let schema_4 = older == "\"version\":4";
            // Schemas 5 and 6 page the relations as 7 does.
            let schema_5 = older == "\"version\":5" || older == "\"version\":6";
            if schema_4 || schema_5 {
                doc.apply(Command::AddRelation(Relation {
                    id: RelationId::new("r1").unwrap(),
                    kind: RelationKind::attributed_to(),
                    from: AnnotationId::new("p10").unwrap(),
                    to: AnnotationId::new("p20").unwrap(),
                    note: "kept".into(),
                    created: ts(),
                }))
                .unwrap();
            }
            store_current(&p, &kv, &doc);
            for key in [keys::doc(doc.id()), keys::head(doc.id())] {
                let v7 = kv.value(&key).unwrap();
                assert!(v7.contains("\"version\":7"), "{v7}");
                kv.put(&key, &v7.replace("\"version\":7", older));
            }
            // Schemas 5 and 6 paged the relations as 7 does; 4 kept them under one
            // key; 2 and 3 had none.
            let page = keys::relation_page(doc.id(), 0);
            if schema_4 {
                kv.put(&keys::relations(doc.id()), &kv.value(&page).unwrap());
            }
            if !schema_5 {
                kv.remove(&page).unwrap();
            }
            let loaded = p.load_document(doc.id()).unwrap();
            assert_eq!(loaded.doc, doc);
            assert!(loaded.rewrite && loaded.warnings.is_empty());
            rewrite(&p, &loaded.doc);
            for key in [keys::doc(doc.id()), keys::head(doc.id())] {
                assert!(kv.value(&key).unwrap().contains("\"version\":7"), "{key}");
            }
            assert_eq!(
                kv.value(&keys::relations(doc.id())),
                None,
                "the old key goes"
            );
            assert_eq!(kv.value(&page).is_some(), schema_4 || schema_5);
            let again = p.load_document(doc.id()).unwrap();
            assert_eq!(again.doc, doc);
            assert!(!again.rewrite);
        }
    }

    #[test]
    fn a_damaged_chunk_is_set_aside_and_costs_only_its_annotations() {
        let (p, kv) = setup();
        let doc = long_doc(100);
        store_current(&p, &kv, &doc);
        let chunk = keys::chunk(doc.id(), 1);
        assert!(kv.damage(&chunk));
        let damaged = kv.value(&chunk).unwrap();
        let before = kv.snapshot();
        assert_eq!(
            p.peek_document(doc.id()).map(|d| d.len()),
            Some(doc.len() - 3)
        );
        assert_eq!(kv.snapshot(), before, "peeking changes nothing");
        let loaded = p.load_document(doc.id()).unwrap();
        assert_eq!(loaded.doc.len(), doc.len() - 3, "paragraphs 40, 50 and 60");
        assert!(loaded.rewrite);
        assert_eq!(loaded.warnings.len(), 1);
        assert!(
            loaded.warnings[0].starts_with("Some annotations of “Intl” could not be read"),
            "{:?}",
            loaded.warnings
        );
        let aside = damaged_keys(&kv);
        assert_eq!(aside, [keys::damaged(&chunk, &ts().to_string())]);
        assert!(loaded.warnings[0].contains(&aside[0]));
        assert_eq!(kv.value(&aside[0]), Some(damaged));
        assert_eq!(kv.value(&chunk), None);
        assert!(!p.is_protected(doc.id()));
        rewrite(&p, &loaded.doc);
        assert_eq!(p.peek_document(doc.id()), Some(loaded.doc));
    }

    #[test]
    fn a_damaged_chunk_that_cannot_be_set_aside_is_never_overwritten() {
        let (p, kv) = setup();
        let doc = long_doc(100);
        store_current(&p, &kv, &doc);
        let chunk = keys::chunk(doc.id(), 1);
        kv.damage(&chunk);
        let damaged = kv.value(&chunk);
        kv.fill(0);
        let loaded = p.load_document(doc.id()).unwrap();
        assert!(loaded.warnings[0].ends_with("the stored data was left untouched."));
        assert!(p.is_protected(doc.id()));
        kv.set_quota(None);
        let mut dirty = Dirty {
            all: true,
            ..Dirty::default()
        };
        assert!(matches!(
            p.save_changes(&loaded.doc, &mut dirty),
            Err(StorageError::Other(_))
        ));
        assert!(!dirty.is_clean(), "kept, to be written when it can be");
        assert_eq!(kv.value(&chunk), damaged);
        assert!(damaged_keys(&kv).is_empty());
    }

    #[test]
    fn a_damaged_record_is_set_aside() {
        let (p, kv) = setup();
        let doc = long_doc(10);
        store_current(&p, &kv, &doc);
        let record = keys::doc(doc.id());
        kv.damage(&record);
        let damaged = kv.value(&record).unwrap();
        let e = p.load_document(doc.id()).err().unwrap();
        let OpenError::Damaged(_, Ok(aside)) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(kv.value(aside).as_ref(), Some(&damaged));
        assert_eq!(kv.value(&record), None);
        assert!(e.to_string().contains(aside.as_str()));
        assert!(!p.is_protected(doc.id()));
    }

    #[test]
    fn a_damaged_record_that_cannot_be_set_aside_is_protected() {
        let (p, kv) = setup();
        let record = "marginalia:doc:broken";
        kv.put(
            record,
            r#"{"format":"marginalia","version":1,"document":{}}"#,
        );
        kv.fill(10);
        let id = DocumentId::new("broken").unwrap();
        let e = p.load_document(&id).err().unwrap();
        assert!(
            matches!(e, OpenError::Damaged(_, Err(StorageError::Full))),
            "{e:?}"
        );
        assert!(e.to_string().contains("left untouched"));
        assert!(p.is_protected(&id));
        assert!(kv.value(record).is_some());
    }

    #[test]
    fn a_document_from_a_newer_version_is_protected() {
        let (p, kv) = setup();
        let newer = r#"{"format":"marginalia","version":99,"document":{"text":"from the future"},"annotations":[]}"#;
        kv.put("marginalia:doc:future", newer);
        let id = DocumentId::new("future").unwrap();
        let e = p.load_document(&id).err().unwrap();
        assert!(matches!(e, OpenError::Newer(_)), "{e:?}");
        assert!(e.to_string().contains("cannot be opened by this version"));
        assert!(p.is_protected(&id));
        assert_eq!(kv.value("marginalia:doc:future").as_deref(), Some(newer));
        let doc = long_doc(3);
        let record = store::record_json(&doc).replace("\"version\":7", "\"version\":8");
        kv.put(&keys::doc(doc.id()), &record);
        assert!(matches!(
            p.load_document(doc.id()),
            Err(OpenError::Newer(_))
        ));
        assert!(p.is_protected(doc.id()));
    }
}
