//! Startup: the library index read (or rebuilt from the saved documents)
//! and the document that was open restored.

use super::steps::{at_once, no_pause, Pause};
use super::{capitalise, OpenError, Persist};
use crate::sample;
use marginalia_core::store::keys;
use marginalia_core::{Document, DocumentId, Entry, Index, IndexError};

/// What startup found.
pub struct Boot {
    /// The document to show.
    pub doc: Document,
    /// True when `doc` is new (not yet saved).
    pub fresh: bool,
    /// The library.
    pub library: Index,
    /// Problems to report.
    pub alerts: Vec<String>,
}

impl Persist {
    /// Restores the library and the document that was open, or starts with
    /// the sample article.
    pub fn boot(&self) -> Boot {
        at_once(self.boot_in_steps(&no_pause))
    }

    /// [`boot`](Self::boot), pausing with `pause` between steps of reading
    /// the document (in the browser, so that reloading a long document is
    /// several short tasks).
    pub async fn boot_in_steps(&self, pause: Pause<'_>) -> Boot {
        self.reset();
        let mut alerts = Vec::new();
        let mut library = self.read_index(&mut alerts);
        let mut candidates: Vec<DocumentId> = library.current.iter().cloned().collect();
        candidates.extend(library.documents.iter().map(|e| e.id.clone()));
        for id in candidates {
            if library.get(&id).is_none() {
                continue;
            }
            match self.load_document_in_steps(&id, pause).await {
                Ok(loaded) => {
                    alerts.extend(loaded.warnings);
                    return Boot {
                        doc: loaded.doc,
                        fresh: loaded.rewrite,
                        library,
                        alerts,
                    };
                }
                Err(OpenError::Storage(e)) => {
                    alerts.push(capitalise(&e.to_string()));
                    break;
                }
                Err(e) => {
                    if !matches!(e, OpenError::Missing) {
                        alerts.push(capitalise(&e.to_string()));
                    }
                    library.remove(&id);
                }
            }
        }
        let id = self.free_id(&library, &DocumentId::new(sample::ID).expect("valid id"));
        Boot {
            doc: sample::document(id, self.now()),
            fresh: true,
            library,
            alerts,
        }
    }

    /// Rebuilds an index from the documents found in storage.
    fn rebuild(&self, alerts: &mut Vec<String>) -> Index {
        let mut index = Index::new();
        let found = self.kv().keys(keys::DOC_PREFIX).unwrap_or_default();
        for id in found.iter().filter_map(|key| keys::doc_id(key)) {
            match self.load_document(&id) {
                Ok(loaded) => {
                    alerts.extend(loaded.warnings);
                    index.upsert(Entry::of(&loaded.doc));
                }
                Err(e) => alerts.push(capitalise(&e.to_string())),
            }
        }
        index
    }

    fn read_index(&self, alerts: &mut Vec<String>) -> Index {
        let raw = match self.kv().get(keys::INDEX) {
            Err(e) => {
                alerts.push(capitalise(&format!(
                    "{e}; your work will not be kept after you close this page"
                )));
                return Index::new();
            }
            Ok(None) => return self.rebuild(alerts),
            Ok(Some(raw)) => raw,
        };
        match Index::parse(&raw) {
            Ok(index) => index,
            Err(IndexError::TooNew(v)) => {
                self.inner.index_locked.set(true);
                alerts.push(format!(
                    "Your library was saved by a newer version of Marginalia (index version {v}). This version shows \
                     the documents it can read and leaves the library's stored list unchanged."
                ));
                self.rebuild(alerts)
            }
            Err(problem) => {
                match self.set_aside(keys::INDEX, &raw) {
                    Ok(key) => alerts.push(capitalise(&format!(
                        "{problem}; it was kept under the storage key \"{key}\" and the library was rebuilt from the saved documents"
                    ))),
                    Err(e) => {
                        self.inner.index_locked.set(true);
                        alerts.push(capitalise(&format!(
                            "{problem}, and it could not be set aside ({e}); it is left untouched and the library will not be saved during this visit"
                        )));
                    }
                }
                self.rebuild(alerts)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use marginalia_core::store::{KeyValue, StorageError};

    fn sample_id() -> DocumentId {
        DocumentId::new(sample::ID).unwrap()
    }

    #[test]
    fn empty_storage_starts_with_the_sample_and_writes_nothing() {
        let (p, kv) = setup();
        let boot = p.boot();
        assert_eq!(boot.doc.id(), &sample_id());
        assert_eq!(boot.doc.created(), &ts());
        assert!(boot.fresh && boot.alerts.is_empty());
        assert!(boot.library.documents.is_empty());
        assert!(kv.snapshot().is_empty());
    }

    #[test]
    fn the_open_document_of_the_library_is_restored() {
        let (p, kv) = setup();
        let first = long_doc(40);
        let second = doc_with("second", "Second article.\nIts body.");
        rewrite(&p, &first);
        rewrite(&p, &second);
        kv.put(keys::INDEX, &index_of(&[&second, &first]).to_json());
        let before = kv.snapshot();
        let boot = p.boot();
        assert_eq!(boot.doc, second);
        assert!(!boot.fresh && boot.alerts.is_empty());
        assert_eq!(boot.library, index_of(&[&second, &first]));
        assert_eq!(kv.snapshot(), before, "nothing is rewritten");
    }

    #[test]
    fn a_long_document_is_restored_in_steps_and_a_short_one_at_once() {
        use super::super::steps::{no_pause, STEP_BYTES};
        use std::cell::Cell;
        let (p, kv) = setup();
        // About 40 bytes per paragraph: several steps of text alone.
        let long = long_doc(4 * STEP_BYTES / 40);
        rewrite(&p, &long);
        kv.put(keys::INDEX, &index_of(&[&long]).to_json());
        let pauses = Cell::new(0);
        let pause = || {
            pauses.set(pauses.get() + 1);
            no_pause()
        };
        let boot = at_once(p.boot_in_steps(&pause));
        assert_eq!(boot.doc, long);
        assert!(pauses.get() >= 2, "{} pauses", pauses.get());
        let short = doc_with("short", "A short one.");
        rewrite(&p, &short);
        kv.put(keys::INDEX, &index_of(&[&short]).to_json());
        pauses.set(0);
        assert_eq!(at_once(p.boot_in_steps(&pause)).doc, short);
        assert_eq!(pauses.get(), 1, "one pause, before the document is built");
    }

    #[test]
    fn a_library_without_its_index_is_rebuilt_from_the_documents() {
        let (p, kv) = setup();
        let doc = long_doc(40);
        rewrite(&p, &doc);
        kv.put("marginalia:doc:not an id", "{}");
        let boot = p.boot();
        assert_eq!(boot.library.documents.len(), 1);
        assert_eq!(boot.library.documents[0].id, *doc.id());
        assert!(boot.alerts.is_empty(), "{:?}", boot.alerts);
        assert_eq!(boot.doc, doc, "no document is current: the first one opens");
        assert_eq!(kv.value("marginalia:doc:not an id").as_deref(), Some("{}"));
    }

    #[test]
    fn a_missing_current_document_gives_way_to_the_next() {
        let (p, kv) = setup();
        let doc = long_doc(10);
        rewrite(&p, &doc);
        let gone = doc_with("gone", "Gone.");
        kv.put(keys::INDEX, &index_of(&[&gone, &doc]).to_json());
        let boot = p.boot();
        assert_eq!(boot.doc, doc);
        assert!(boot.alerts.is_empty(), "a missing document is not an alarm");
        assert!(boot.library.get(gone.id()).is_none());
    }

    #[test]
    fn a_schema_1_document_is_opened_to_be_written_again() {
        let (p, kv) = setup();
        let doc = long_doc(40);
        preload_schema_1(&kv, &doc);
        let boot = p.boot();
        assert_eq!(boot.doc, doc);
        assert!(boot.fresh, "written in full by the first save");
    }

    #[test]
    fn damaged_storage_is_set_aside_and_reported() {
        let (p, kv) = setup();
        let index = "{\"version\":1,\"documents\":[";
        let broken = "{\"format\":\"marginalia\",\"version\":1,\"document\":{}}";
        kv.put(keys::INDEX, index);
        kv.put("marginalia:doc:broken", broken);
        let boot = p.boot();
        let alerts = boot.alerts.join(" ");
        assert!(alerts.contains("library index is damaged"), "{alerts}");
        assert!(
            alerts.contains("saved document could not be read"),
            "{alerts}"
        );
        let aside = kv.keys(keys::DAMAGED_PREFIX).unwrap();
        assert_eq!(aside.len(), 2, "{aside:?}");
        let mut values: Vec<String> = aside.iter().filter_map(|k| kv.value(k)).collect();
        values.sort();
        assert_eq!(values, [broken, index]);
        assert_eq!(kv.value("marginalia:doc:broken"), None);
        assert_eq!(kv.value(keys::INDEX), None);
        // The app still works, with the sample article and a fresh index.
        assert_eq!(boot.doc.id(), &sample_id());
        p.save_index(&boot.library).unwrap();
        assert_eq!(p.peek_index(), Some(boot.library));
    }

    #[test]
    fn a_damaged_index_that_cannot_be_set_aside_is_never_overwritten() {
        let (p, kv) = setup();
        kv.put(keys::INDEX, "{\"version\":1,\"documents\":[");
        kv.fill(0);
        let boot = p.boot();
        assert!(
            boot.alerts[0].contains("could not be set aside"),
            "{:?}",
            boot.alerts
        );
        kv.set_quota(None);
        p.save_index(&Index::new()).unwrap();
        assert_eq!(
            kv.value(keys::INDEX).as_deref(),
            Some("{\"version\":1,\"documents\":["),
            "the index is not saved during this visit"
        );
        // A new start decides afresh.
        kv.put(keys::INDEX, "{");
        p.boot();
        assert_eq!(kv.value(keys::INDEX), None, "set aside this time");
    }

    #[test]
    fn data_from_a_newer_version_is_kept_untouched() {
        let (p, kv) = setup();
        let newer_doc = r#"{"format":"marginalia","version":99,"document":{"text":"from the future"},"annotations":[]}"#;
        let newer_index = r#"{"version":2,"current":"future","documents":[{"id":"future"}]}"#;
        kv.put("marginalia:doc:future", newer_doc);
        kv.put(keys::INDEX, newer_index);
        let boot = p.boot();
        let alerts = boot.alerts.join(" ");
        assert!(
            alerts.contains("saved by a newer version of Marginalia"),
            "{alerts}"
        );
        assert!(
            alerts.contains("cannot be opened by this version"),
            "{alerts}"
        );
        assert!(boot.library.documents.is_empty());
        // Work on the sample, and let it save.
        assert_eq!(boot.doc.id(), &sample_id());
        rewrite(&p, &boot.doc);
        let mut library = boot.library.clone();
        library.upsert(Entry::of(&boot.doc));
        p.save_index(&library).unwrap();
        assert_eq!(p.peek_document(&sample_id()), Some(boot.doc));
        assert_eq!(
            kv.value("marginalia:doc:future").as_deref(),
            Some(newer_doc)
        );
        assert_eq!(
            kv.value(keys::INDEX).as_deref(),
            Some(newer_index),
            "index left as the newer version wrote it"
        );
    }

    #[test]
    fn damaged_data_that_cannot_be_set_aside_is_never_overwritten() {
        let (p, kv) = setup();
        // The damaged document has the sample's id, is large, and storage
        // is nearly full: it cannot be copied aside, so it must stay, and
        // its id must not be reused.
        let key = keys::doc(&sample_id());
        let damaged = format!(
            "{{\"format\":\"marginalia\",\"version\":1,\"document\":{{\"text\":\"{}",
            "z".repeat(600_000)
        );
        kv.put(&key, &damaged);
        kv.fill(3 * 16_384);
        let boot = p.boot();
        let alerts = boot.alerts.join(" ");
        assert!(alerts.contains("left untouched"), "{alerts}");
        assert!(p.is_protected(&sample_id()));
        assert_ne!(
            boot.doc.id(),
            &sample_id(),
            "the damaged document's id is not reused"
        );
        rewrite(&p, &boot.doc);
        let mut library = boot.library.clone();
        library.upsert(Entry::of(&boot.doc));
        p.save_index(&library).unwrap();
        assert_eq!(p.peek_document(boot.doc.id()), Some(boot.doc));
        assert_eq!(kv.value(&key), Some(damaged));
    }

    #[test]
    fn storage_that_refuses_to_be_read_is_reported() {
        let (p, kv) = setup();
        kv.set_unavailable(true);
        let boot = p.boot();
        assert_eq!(
            boot.alerts,
            [capitalise(&format!(
                "{}; your work will not be kept after you close this page",
                StorageError::Unavailable
            ))]
        );
        assert_eq!(boot.doc.id(), &sample_id());
    }
}
