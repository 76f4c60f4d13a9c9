//! The library index: which documents are saved and which one is open.
//! Stored beside the documents (one storage entry per document).

use crate::annotation::{DocumentId, Timestamp};
use crate::document::Document;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Schema version of the stored index.
pub const INDEX_VERSION: u64 = 1;

/// One saved document as the library lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The document's id (its storage key is derived from it).
    pub id: DocumentId,
    /// Its title.
    pub title: String,
    /// When it last changed.
    pub modified: Timestamp,
    /// How many annotations it has.
    pub annotations: usize,
}

impl Entry {
    /// The entry describing `doc`.
    pub fn of(doc: &Document) -> Self {
        Self {
            id: doc.id().clone(),
            title: doc.meta().title.clone(),
            modified: doc.modified().clone(),
            annotations: doc.len(),
        }
    }
}

/// The list of saved documents, most recently changed first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// Always [`INDEX_VERSION`] when written by this build.
    pub version: u64,
    /// The document that was open last.
    pub current: Option<DocumentId>,
    /// The saved documents.
    pub documents: Vec<Entry>,
}

/// Why a stored index could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IndexError {
    /// Not JSON, or not an index.
    #[error("the library index is damaged ({0})")]
    Damaged(String),
    /// Written by a newer version.
    #[error("the library index was written by a newer Marginalia (version {0})")]
    TooNew(u64),
}

impl Index {
    /// An empty index.
    pub fn new() -> Self {
        Self {
            version: INDEX_VERSION,
            current: None,
            documents: Vec::new(),
        }
    }

    /// Reads a stored index. The version is checked first, so an index
    /// written by a newer version is reported as such, whatever its shape.
    pub fn parse(s: &str) -> Result<Self, IndexError> {
        #[derive(Deserialize)]
        struct Version {
            #[serde(default)]
            version: crate::loose::LooseU64,
        }
        let damaged = |e: serde_json::Error| IndexError::Damaged(e.to_string());
        let version: Version = serde_json::from_str(s).map_err(damaged)?;
        match version.version.0 {
            Some(INDEX_VERSION) => serde_json::from_str(s).map_err(damaged),
            Some(v) if v > INDEX_VERSION => Err(IndexError::TooNew(v)),
            _ => Err(IndexError::Damaged("no valid version".into())),
        }
    }

    /// The index as stored.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data always serialises")
    }

    /// The entry for `id`.
    pub fn get(&self, id: &DocumentId) -> Option<&Entry> {
        self.documents.iter().find(|e| &e.id == id)
    }

    /// Adds or refreshes an entry, keeping the list most recent first.
    pub fn upsert(&mut self, entry: Entry) {
        self.documents.retain(|e| e.id != entry.id);
        let at = self
            .documents
            .partition_point(|e| e.modified.as_str() >= entry.modified.as_str());
        self.documents.insert(at, entry);
    }

    /// Removes an entry; the current document is cleared if it was this one.
    pub fn remove(&mut self, id: &DocumentId) {
        self.documents.retain(|e| &e.id != id);
        if self.current.as_ref() == Some(id) {
            self.current = None;
        }
    }

    /// An id not used by any entry, built from `base` (`base`, `base-2`, …).
    pub fn free_id(&self, base: &DocumentId) -> DocumentId {
        self.free_id_except(base, |_| false)
    }

    /// Like [`Index::free_id`], also avoiding every id for which `taken` is
    /// true (ids reserved outside the index).
    pub fn free_id_except(
        &self,
        base: &DocumentId,
        taken: impl Fn(&DocumentId) -> bool,
    ) -> DocumentId {
        let free = |id: &DocumentId| self.get(id).is_none() && !taken(id);
        if free(base) {
            return base.clone();
        }
        (2u64..)
            .map(|n| {
                let suffix = format!("-{n}");
                // Shorten the base so that the suffixed id stays within the length limit.
                let keep: String = base.as_str().chars().take(200 - suffix.len()).collect();
                DocumentId::new(keep + &suffix).expect("a shortened id with a suffix is valid")
            })
            .find(free)
            .expect("some suffix is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, modified: &str) -> Entry {
        Entry {
            id: DocumentId::new(id).unwrap(),
            title: id.to_uppercase(),
            modified: Timestamp::new(modified).unwrap(),
            annotations: 0,
        }
    }

    #[test]
    fn upsert_keeps_most_recent_first() {
        let mut ix = Index::new();
        ix.upsert(entry("a", "2026-01-01T00:00:00Z"));
        ix.upsert(entry("b", "2026-02-01T00:00:00Z"));
        ix.upsert(entry("c", "2026-01-15T00:00:00Z"));
        let ids: Vec<&str> = ix.documents.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
        ix.upsert(entry("a", "2026-03-01T00:00:00Z"));
        assert_eq!(ix.documents[0].id.as_str(), "a");
        assert_eq!(ix.documents.len(), 3);
    }

    #[test]
    fn parse_round_trips_and_rejects_damage() {
        let mut ix = Index::new();
        ix.upsert(entry("a", "2026-01-01T00:00:00Z"));
        ix.current = Some(DocumentId::new("a").unwrap());
        assert_eq!(Index::parse(&ix.to_json()), Ok(ix.clone()));
        assert!(matches!(
            Index::parse("{\"version\":1"),
            Err(IndexError::Damaged(_))
        ));
        assert!(matches!(Index::parse("[]"), Err(IndexError::Damaged(_))));
        let newer = ix.to_json().replace("\"version\":1", "\"version\":2");
        assert_eq!(Index::parse(&newer), Err(IndexError::TooNew(2)));
        assert_eq!(
            Index::parse(r#"{"version":3,"docs":"another shape"}"#),
            Err(IndexError::TooNew(3))
        );
        assert!(matches!(
            Index::parse(r#"{"version":0}"#),
            Err(IndexError::Damaged(_))
        ));
    }

    #[test]
    fn free_id_and_remove() {
        let mut ix = Index::new();
        ix.upsert(entry("a", "2026-01-01T00:00:00Z"));
        ix.upsert(entry("a-2", "2026-01-01T00:00:00Z"));
        let a = DocumentId::new("a").unwrap();
        assert_eq!(ix.free_id(&a).as_str(), "a-3");
        ix.current = Some(a.clone());
        ix.remove(&a);
        assert_eq!(ix.current, None);
        assert_eq!(ix.free_id(&a).as_str(), "a");
        assert_eq!(
            ix.free_id_except(&a, |id| id.as_str() == "a").as_str(),
            "a-3"
        );
    }

    #[test]
    fn free_id_of_a_longest_id_stays_valid() {
        let mut ix = Index::new();
        let long = "x".repeat(200);
        ix.upsert(entry(&long, "2026-01-01T00:00:00Z"));
        let free = ix.free_id(&DocumentId::new(long.clone()).unwrap());
        assert_eq!(free.as_str().chars().count(), 200);
        assert!(free.as_str().ends_with("-2"));
    }
}
