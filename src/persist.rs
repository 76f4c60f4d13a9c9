//! Saving and restoring the library: what happens at startup, and how a
//! document and the index are written.

use crate::sample;
use crate::web::{self, storage, storage::StorageError};
use marginalia_core::format::{from_json, to_json};
use marginalia_core::{
    Document, DocumentId, Entry, FormatError, ImportDefaults, Index, IndexError,
};
use std::cell::Cell;

thread_local! {
    /// Set when a damaged index could not be set aside: it is then never
    /// overwritten during this visit.
    static INDEX_LOCKED: Cell<bool> = const { Cell::new(false) };
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
    /// (or left in place when setting it aside failed).
    Damaged(FormatError, Result<String, StorageError>),
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
        }
    }
}

fn stamp() -> String {
    web::now().to_string()
}

/// Reads document `id` from storage, setting damaged data aside.
pub fn load_document(id: &DocumentId) -> Result<Document, OpenError> {
    let key = storage::doc_key(id);
    let raw = storage::get(&key)
        .map_err(OpenError::Storage)?
        .ok_or(OpenError::Missing)?;
    let defaults = ImportDefaults {
        now: web::now(),
        document_id: id.clone(),
    };
    match from_json(&raw, &defaults) {
        Ok(imported) => {
            let mut doc = imported.document;
            doc.set_id(id.clone());
            Ok(doc)
        }
        Err(e) => Err(OpenError::Damaged(
            e,
            storage::set_aside(&key, &raw, &stamp()),
        )),
    }
}

/// Writes a document under its key.
pub fn save_document(doc: &Document) -> Result<(), StorageError> {
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
    let problem = match Index::parse(&raw) {
        Ok(index) => return index,
        Err(e @ IndexError::TooNew(_)) | Err(e @ IndexError::Damaged(_)) => e,
    };
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

/// Restores the library and the document that was open, or starts with the
/// sample article.
pub fn boot() -> Boot {
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
    let id = library.free_id(&DocumentId::new(sample::ID).expect("valid id"));
    Boot {
        doc: sample::document(id, web::now()),
        fresh: true,
        library,
        alerts,
    }
}
