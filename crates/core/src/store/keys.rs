//! Every storage key Marginalia uses, named in this one place.
//!
//! - `marginalia:index`: the library index;
//! - `marginalia:doc:<id>`: a document's record (or, as stored by
//!   Marginalia 0.1, the whole document in the export format);
//! - `marginalia:head:<id>`: its head;
//! - `marginalia:unplaced:<id>`: its unplaced annotations;
//! - `marginalia:rel:<id>:<k>`: page `k` of its relations (storage schema
//!   5); `marginalia:rel:<id>`: all of them (schema 4, still read);
//! - `marginalia:ann:<id>:<k>`: its annotation chunk `k`;
//! - `marginalia:codebook:<id>`: its codebook (storage schema 6; absent:
//!   the default);
//! - `marginalia:damaged:<key>:<time>`: unreadable data set aside from
//!   `<key>`;
//! - `marginalia:sync`: the sync's settings (server address, user name,
//!   this profile's client id; never a password);
//! - `marginalia:sync:replica`: the sync's copy of the database.

use crate::annotation::DocumentId;

/// The key of the library index.
pub const INDEX: &str = "marginalia:index";
/// Prefix of every document record key.
pub const DOC_PREFIX: &str = "marginalia:doc:";
/// Prefix of the keys where unreadable data is set aside.
pub const DAMAGED_PREFIX: &str = "marginalia:damaged:";
const HEAD_PREFIX: &str = "marginalia:head:";
const UNPLACED_PREFIX: &str = "marginalia:unplaced:";
const CHUNK_PREFIX: &str = "marginalia:ann:";
const RELATIONS_PREFIX: &str = "marginalia:rel:";
const CODEBOOK_PREFIX: &str = "marginalia:codebook:";
/// The key of the library's default codebook for new documents.
pub const DEFAULT_CODEBOOK: &str = "marginalia:default-codebook";
/// This browser profile's annotator: `{"id", "name"}` (their name is
/// theirs to give; nothing secret is kept).
pub const ANNOTATOR: &str = "marginalia:annotator";

/// The sync's settings: `{"url", "user", "client", "on"}` (no password).
pub const SYNC: &str = "marginalia:sync";
/// The sync's replica of the database: `{"url", "replica"}`.
pub const SYNC_REPLICA: &str = "marginalia:sync:replica";

/// The key of a document's codebook.
pub fn codebook(id: &DocumentId) -> String {
    format!("{CODEBOOK_PREFIX}{id}")
}

/// The key of a document's record.
pub fn doc(id: &DocumentId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// The document id in a record key, if `key` is one and holds a valid id.
pub fn doc_id(key: &str) -> Option<DocumentId> {
    DocumentId::new(key.strip_prefix(DOC_PREFIX)?).ok()
}

/// The key of a document's head.
pub fn head(id: &DocumentId) -> String {
    format!("{HEAD_PREFIX}{id}")
}

/// The key of a document's unplaced annotations.
pub fn unplaced(id: &DocumentId) -> String {
    format!("{UNPLACED_PREFIX}{id}")
}

/// The key of a document's relations as storage schema 4 kept them (all
/// under one key; read, then replaced by pages).
pub fn relations(id: &DocumentId) -> String {
    format!("{RELATIONS_PREFIX}{id}")
}

/// The key of page `k` of a document's relations.
pub fn relation_page(id: &DocumentId, k: usize) -> String {
    format!("{RELATIONS_PREFIX}{id}:{k}")
}

/// The prefix shared by the keys of a document's annotation chunks.
pub fn chunk_prefix(id: &DocumentId) -> String {
    format!("{CHUNK_PREFIX}{id}:")
}

/// The key of a document's annotation chunk `k`.
pub fn chunk(id: &DocumentId, k: usize) -> String {
    format!("{}{k}", chunk_prefix(id))
}

/// The chunk number in `key`, when it is a chunk key of document `id`.
pub fn chunk_number(id: &DocumentId, key: &str) -> Option<usize> {
    key.strip_prefix(&chunk_prefix(id))?.parse().ok()
}

/// Where data that could not be read from `key` is set aside, at `stamp`.
pub fn damaged(key: &str, stamp: &str) -> String {
    format!("{DAMAGED_PREFIX}{key}:{stamp}")
}

/// True when writing `key` marks a save of document `id` (every save
/// writes its head; a first save also its record).
pub fn is_save_marker(key: &str, id: &DocumentId) -> bool {
    key == head(id) || key == doc(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_spelled_as_stored() {
        let id = DocumentId::new("intl").unwrap();
        assert_eq!(doc(&id), "marginalia:doc:intl");
        assert_eq!(head(&id), "marginalia:head:intl");
        assert_eq!(unplaced(&id), "marginalia:unplaced:intl");
        assert_eq!(chunk(&id, 2), "marginalia:ann:intl:2");
        assert_eq!(relations(&id), "marginalia:rel:intl");
        assert_eq!(relation_page(&id, 3), "marginalia:rel:intl:3");
        assert_eq!(
            damaged(&chunk(&id, 1), "T"),
            "marginalia:damaged:marginalia:ann:intl:1:T"
        );
        assert_eq!(INDEX, "marginalia:index");
    }

    #[test]
    fn keys_are_read_back() {
        let id = DocumentId::new("intl").unwrap();
        assert_eq!(doc_id(&doc(&id)), Some(id.clone()));
        assert_eq!(doc_id(&head(&id)), None);
        assert_eq!(chunk_number(&id, &chunk(&id, 12)), Some(12));
        assert_eq!(chunk_number(&id, "marginalia:ann:intl:x"), None);
        let other = DocumentId::new("intl2").unwrap();
        assert_eq!(chunk_number(&id, &chunk(&other, 0)), None);
        assert!(is_save_marker(&head(&id), &id) && is_save_marker(&doc(&id), &id));
        assert!(!is_save_marker(&chunk(&id, 0), &id) && !is_save_marker(&head(&other), &id));
    }
}
