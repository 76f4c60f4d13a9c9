//! Saving and restoring the library: what happens at startup, and how a
//! document and the index are written.

use crate::sample;
use crate::web::{self, storage, storage::StorageError};
use marginalia_core::format::{from_json, to_json};
use marginalia_core::{
    Document, DocumentId, Entry, FormatError, ImportDefaults, Index, IndexError,
};
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

thread_local! {
    /// Set when the stored index must not be overwritten during this visit:
    /// it is damaged and could not be set aside, or a newer version wrote it.
    static INDEX_LOCKED: Cell<bool> = const { Cell::new(false) };
    /// Documents whose stored data must not be overwritten during this
    /// visit, for the same reasons; their ids are not reused either.
    static PROTECTED: RefCell<HashSet<DocumentId>> = RefCell::new(HashSet::new());
}

fn protect(id: &DocumentId) {
    PROTECTED.with(|p| p.borrow_mut().insert(id.clone()));
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
    Damaged(FormatError, Result<String, StorageError>),
    /// A newer Marginalia wrote it; it is left in place, protected.
    Newer(FormatError),
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

fn read_document(id: &DocumentId) -> Result<(String, Result<Document, FormatError>), OpenError> {
    let raw = storage::get(&storage::doc_key(id))
        .map_err(OpenError::Storage)?
        .ok_or(OpenError::Missing)?;
    let defaults = ImportDefaults {
        now: web::now(),
        document_id: id.clone(),
    };
    let parsed = from_json(&raw, &defaults).map(|imported| {
        let mut doc = imported.document;
        doc.set_id(id.clone());
        doc
    });
    Ok((raw, parsed))
}

/// Reads document `id` from storage. Damaged data is set aside (or, when
/// that fails, protected); data from a newer version is protected.
pub fn load_document(id: &DocumentId) -> Result<Document, OpenError> {
    let (raw, parsed) = read_document(id)?;
    match parsed {
        Ok(doc) => Ok(doc),
        Err(e @ FormatError::TooNew { .. }) => {
            protect(id);
            Err(OpenError::Newer(e))
        }
        Err(e) => {
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
    read_document(id).ok()?.1.ok()
}

/// Writes a document under its key (never over protected data).
pub fn save_document(doc: &Document) -> Result<(), StorageError> {
    if is_protected(doc.id()) {
        return Err(StorageError::Other(
            "this document's stored data is kept as it was (damaged or from a newer version) and is not overwritten".into(),
        ));
    }
    storage::set(&storage::doc_key(doc.id()), &to_json(doc))
}

/// Writes the library index (unless a damaged index is being protected).
pub fn save_index(index: &Index) -> Result<(), StorageError> {
    if INDEX_LOCKED.with(Cell::get) {
        return Ok(());
    }
    storage::set(storage::INDEX_KEY, &index.to_json())
}

/// Removes a document from storage.
pub fn delete_document(id: &DocumentId) -> Result<(), StorageError> {
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
            Ok(doc) => index.upsert(Entry::of(&doc)),
            Err(e) => alerts.push(capitalise(&e.to_string())),
        }
    }
    index
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect::<String>() + ".",
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
            Ok(doc) => {
                return Boot {
                    doc,
                    fresh: false,
                    library,
                    alerts,
                }
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
