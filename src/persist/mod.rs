//! Saving and restoring the library: what happens at startup, and how a
//! document and the index are written.

use crate::sample;
use crate::web::{self, storage, storage::StorageError};
use marginalia_core::format::from_json;
use marginalia_core::store::{self, Part, StoreError};
use marginalia_core::{
    Document, DocumentId, Entry, FormatError, ImportDefaults, Index, IndexError,
};
use std::cell::{Cell, RefCell};

thread_local! {
    /// Set when the stored index must not be overwritten during this visit:
    /// it is damaged and could not be set aside, or a newer version wrote it.
    static INDEX_LOCKED: Cell<bool> = const { Cell::new(false) };
    /// Documents whose stored data must not be overwritten during this
    /// visit, for the same reasons; their ids are not reused either.
    static PROTECTED: RefCell<Vec<DocumentId>> = const { RefCell::new(Vec::new()) };
}

fn protect(id: &DocumentId) {
    PROTECTED.with(|p| {
        let mut p = p.borrow_mut();
        if !p.contains(id) {
            p.push(id.clone());
        }
    });
}

/// True when the stored document `id` must be left as it is.
pub fn is_protected(id: &DocumentId) -> bool {
    PROTECTED.with(|p| p.borrow().contains(id))
}

/// An id for a new document: free in the library and not protected.
pub fn free_id(library: &Index, base: &DocumentId) -> DocumentId {
    library.free_id_except(base, is_protected)
}

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

fn stamp() -> String {
    web::now().to_string()
}

/// The storage key of a document's head (storage schema 2).
fn head_key(id: &DocumentId) -> String {
    format!("marginalia:head:{id}")
}

/// The key of a document's unplaced annotations.
fn unplaced_key(id: &DocumentId) -> String {
    format!("marginalia:unplaced:{id}")
}

/// True when writing `key` marks a save of document `id` (every save
/// writes its head; a first save also its record).
pub fn is_save_marker(key: &str, id: &DocumentId) -> bool {
    key == head_key(id) || key == storage::doc_key(id)
}

fn chunk_prefix(id: &DocumentId) -> String {
    format!("marginalia:ann:{id}:")
}

/// The storage key of a document's annotation chunk `k` (storage schema 2).
fn chunk_key(id: &DocumentId, k: usize) -> String {
    format!("{}{k}", chunk_prefix(id))
}

/// The chunk keys stored for `id`, by chunk number.
fn chunk_keys(id: &DocumentId) -> Vec<(usize, String)> {
    let prefix = chunk_prefix(id);
    storage::keys_with_prefix(&prefix)
        .into_iter()
        .filter_map(|key| Some((key[prefix.len()..].parse().ok()?, key)))
        .collect()
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

/// Reads document `id` without changing anything in storage.
fn read_document(id: &DocumentId) -> Result<(String, Result<Read, Problem>), OpenError> {
    let raw = storage::get(&storage::doc_key(id))
        .map_err(OpenError::Storage)?
        .ok_or(OpenError::Missing)?;
    if !store::is_record(&raw) {
        // Storage schema 1: the whole document in the export format.
        let defaults = ImportDefaults {
            now: web::now(),
            document_id: id.clone(),
        };
        let read = match from_json(&raw, &defaults) {
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
        };
        return Ok((raw, read));
    }
    let head = storage::get(&head_key(id)).ok().flatten();
    let keys = chunk_keys(id);
    let count = keys.iter().map(|(k, _)| k + 1).max().unwrap_or(0);
    let mut chunks = vec![None; count];
    for (k, key) in &keys {
        chunks[*k] = storage::get(key).ok().flatten();
    }
    let unplaced = storage::get(&unplaced_key(id)).ok().flatten();
    let read = match store::restore(&raw, head.as_deref(), &chunks, unplaced.as_deref()) {
        Ok(restored) => {
            let mut doc = restored.document;
            doc.set_id(id.clone());
            let damaged_chunks = restored
                .damaged
                .into_iter()
                .map(|(part, e)| {
                    let (key, what) = match part {
                        Part::Chunk(k) => (chunk_key(id, k), "Some annotations"),
                        Part::Head => (head_key(id), "The label set"),
                        Part::Unplaced => (unplaced_key(id), "Some unplaced annotations"),
                        Part::OutsideText => (String::new(), "Some annotations"),
                    };
                    (key, e.to_string(), what)
                })
                .collect();
            Ok(Read {
                doc,
                legacy: restored.old,
                damaged_chunks,
            })
        }
        Err(e @ StoreError::TooNew(_)) => Err(Problem::Newer(e.to_string())),
        Err(e) => Err(Problem::Damaged(e.to_string())),
    };
    Ok((raw, read))
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

/// Reads document `id` from storage. Damaged data is set aside (or, when
/// that fails, protected); data from a newer version is protected.
pub fn load_document(id: &DocumentId) -> Result<Loaded, OpenError> {
    let (raw, read) = read_document(id)?;
    match read {
        Ok(read) => {
            let mut warnings = Vec::new();
            for (key, why, what) in &read.damaged_chunks {
                let kept = if key.is_empty() {
                    String::from("they were left out")
                } else {
                    let raw = storage::get(key).ok().flatten().unwrap_or_default();
                    match storage::set_aside(key, &raw, &stamp()) {
                        Ok(aside) => {
                            format!("the stored data was kept under the storage key \"{aside}\"")
                        }
                        Err(_) => {
                            protect(id);
                            String::from("the stored data was left untouched")
                        }
                    }
                };
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
            protect(id);
            Err(OpenError::Newer(e))
        }
        Err(Problem::Damaged(e)) => {
            let aside = storage::set_aside(&storage::doc_key(id), &raw, &stamp());
            if aside.is_err() {
                protect(id);
            }
            Err(OpenError::Damaged(e, aside))
        }
    }
}

/// Reads document `id` if it is stored and readable, changing nothing.
pub fn peek_document(id: &DocumentId) -> Option<Document> {
    read_document(id).ok()?.1.ok().map(|r| r.doc)
}

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
}

impl Dirty {
    /// Notes that chunk `k` must be written.
    pub fn mark_chunk(&mut self, k: usize) {
        if let Err(at) = self.chunks.binary_search(&k) {
            self.chunks.insert(at, k);
        }
    }

    /// Nothing to write.
    pub fn is_clean(&self) -> bool {
        !self.all && !self.head && !self.unplaced && self.chunks.is_empty()
    }
}

/// Writes what changed of `doc`: the touched annotation chunks and the
/// head, or (when `dirty.all`) everything, the text record last. On success
/// `dirty` is cleared; on failure it is kept, to be written next time, and
/// what was stored before stays as it was.
pub fn save_changes(doc: &Document, dirty: &mut Dirty) -> Result<(), StorageError> {
    if is_protected(doc.id()) {
        return Err(StorageError::Other(
            "this document's stored data is kept as it was (damaged or from a newer version) and is not overwritten".into(),
        ));
    }
    if dirty.is_clean() {
        return Ok(());
    }
    let id = doc.id();
    let count = store::chunk_count(doc.text());
    if dirty.all {
        for k in 0..count {
            storage::set(&chunk_key(id, k), &store::chunk_json(doc, k))?;
        }
        for (k, key) in chunk_keys(id) {
            if k >= count {
                storage::remove(&key)?;
            }
        }
        storage::set(&unplaced_key(id), &store::unplaced_json(doc))?;
        storage::set(&head_key(id), &store::head_json(doc))?;
        storage::set(&storage::doc_key(id), &store::record_json(doc))?;
    } else {
        for &k in dirty.chunks.iter().filter(|&&k| k < count) {
            storage::set(&chunk_key(id, k), &store::chunk_json(doc, k))?;
        }
        if dirty.unplaced {
            storage::set(&unplaced_key(id), &store::unplaced_json(doc))?;
        }
        storage::set(&head_key(id), &store::head_json(doc))?;
    }
    *dirty = Dirty::default();
    Ok(())
}

/// Writes the library index (unless a damaged index is being protected).
pub fn save_index(index: &Index) -> Result<(), StorageError> {
    if INDEX_LOCKED.with(Cell::get) {
        return Ok(());
    }
    storage::set(storage::INDEX_KEY, &index.to_json())
}

/// Removes a document from storage (record, head and chunks).
pub fn delete_document(id: &DocumentId) -> Result<(), StorageError> {
    for (_, key) in chunk_keys(id) {
        storage::remove(&key)?;
    }
    storage::remove(&head_key(id))?;
    storage::remove(&unplaced_key(id))?;
    storage::remove(&storage::doc_key(id))
}

/// Rebuilds an index from the documents found in storage.
fn rebuild(alerts: &mut Vec<String>) -> Index {
    let mut index = Index::new();
    for key in storage::keys_with_prefix(storage::DOC_PREFIX) {
        let Ok(id) = DocumentId::new(&key[storage::DOC_PREFIX.len()..]) else {
            continue;
        };
        match load_document(&id) {
            Ok(loaded) => {
                alerts.extend(loaded.warnings);
                index.upsert(Entry::of(&loaded.doc));
            }
            Err(e) => alerts.push(capitalise(&e.to_string())),
        }
    }
    index
}

/// An error message as a sentence: first letter upper case, full stop at
/// the end. The messages are our own English text, so ASCII case is enough
/// (Unicode case tables would add to the bundle).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => {
            let mut out = String::with_capacity(s.len() + 1);
            out.push(f.to_ascii_uppercase());
            out.push_str(c.as_str());
            out.push('.');
            out
        }
        None => String::new(),
    }
}

fn read_index(alerts: &mut Vec<String>) -> Index {
    let raw = match storage::get(storage::INDEX_KEY) {
        Err(e) => {
            alerts.push(capitalise(&format!(
                "{e}; your work will not be kept after you close this page"
            )));
            return Index::new();
        }
        Ok(None) => return rebuild(alerts),
        Ok(Some(raw)) => raw,
    };
    match Index::parse(&raw) {
        Ok(index) => index,
        Err(IndexError::TooNew(v)) => {
            INDEX_LOCKED.with(|l| l.set(true));
            alerts.push(format!(
                "Your library was saved by a newer version of Marginalia (index version {v}). This version shows \
                 the documents it can read and leaves the library's stored list unchanged."
            ));
            rebuild(alerts)
        }
        Err(problem) => {
            match storage::set_aside(storage::INDEX_KEY, &raw, &stamp()) {
                Ok(key) => alerts.push(capitalise(&format!(
                    "{problem}; it was kept under the storage key \"{key}\" and the library was rebuilt from the saved documents"
                ))),
                Err(e) => {
                    INDEX_LOCKED.with(|l| l.set(true));
                    alerts.push(capitalise(&format!(
                        "{problem}, and it could not be set aside ({e}); it is left untouched and the library will not be saved during this visit"
                    )));
                }
            }
            rebuild(alerts)
        }
    }
}

/// Restores the library and the document that was open, or starts with the
/// sample article.
pub fn boot() -> Boot {
    // A new start decides afresh what must be protected.
    INDEX_LOCKED.with(|l| l.set(false));
    PROTECTED.with(|p| p.borrow_mut().clear());
    let mut alerts = Vec::new();
    let mut library = read_index(&mut alerts);
    let mut candidates: Vec<DocumentId> = library.current.iter().cloned().collect();
    candidates.extend(library.documents.iter().map(|e| e.id.clone()));
    for id in candidates {
        if library.get(&id).is_none() {
            continue;
        }
        match load_document(&id) {
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
    let id = free_id(&library, &DocumentId::new(sample::ID).expect("valid id"));
    Boot {
        doc: sample::document(id, web::now()),
        fresh: true,
        library,
        alerts,
    }
}
