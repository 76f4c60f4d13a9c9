//! The library comes before the sync's copy: when the browser's storage is
//! full while writing any of the library, the stored replica (a copy of
//! the server that the next connect can fetch again) is removed and the
//! write tried once more — unless the replica holds changes not yet on
//! the server (they are nowhere else). From then on, for this visit, the
//! replica is not stored again, so it never takes the library's room back.

use marginalia_core::store::{keys, KeyValue, StorageError};
use std::cell::Cell;
use std::rc::Rc;

/// A [`KeyValue`] that gives the replica's room to the library.
pub(super) struct LibraryFirst {
    inner: Rc<dyn KeyValue>,
    /// Set once the replica was removed to make room.
    yielded: Cell<bool>,
    /// Whether the stored replica holds changes not yet on the server
    /// (then it is not given up: they are there only); `None` until the
    /// sync says, then read from what is stored.
    pending: Cell<Option<bool>>,
}

impl LibraryFirst {
    pub(super) fn new(inner: Rc<dyn KeyValue>) -> Self {
        Self {
            inner,
            yielded: Cell::new(false),
            pending: Cell::new(None),
        }
    }

    /// Notes whether the replica just stored holds changes not yet sent.
    pub(super) fn set_pending(&self, pending: bool) {
        self.pending.set(Some(pending));
    }

    /// Whether the stored replica may be given up: there is one, and
    /// everything in it is on the server.
    fn droppable(&self) -> Result<bool, StorageError> {
        Ok(match self.pending.get() {
            Some(true) => false,
            // Whether it is there, without reading it (it is large).
            Some(false) => self
                .inner
                .keys(keys::SYNC_REPLICA)?
                .iter()
                .any(|k| k == keys::SYNC_REPLICA),
            None => self
                .inner
                .get(keys::SYNC_REPLICA)?
                .is_some_and(|raw| raw.contains(r#""pending":{}"#)),
        })
    }

    /// Whether the replica gave its room to the library during this visit.
    pub(super) fn yielded(&self) -> bool {
        self.yielded.get()
    }
}

impl KeyValue for LibraryFirst {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.inner.get(key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if key == keys::SYNC_REPLICA {
            if self.yielded.get() {
                return Err(StorageError::Full);
            }
            return self.inner.set(key, value);
        }
        match self.inner.set(key, value) {
            Err(StorageError::Full) if self.droppable()? => {
                self.inner.remove(keys::SYNC_REPLICA)?;
                self.yielded.set(true);
                self.inner.set(key, value)
            }
            other => other,
        }
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.inner.remove(key)
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.inner.keys(prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::store::MemoryStore;

    #[test]
    fn a_full_store_drops_the_replica_for_the_library_and_keeps_it_out() {
        let mem = Rc::new(MemoryStore::new());
        let kv = LibraryFirst::new(mem.clone());
        kv.set(
            keys::SYNC_REPLICA,
            &format!(r#"{{"pending":{{}},"x":"{}"}}"#, "r".repeat(60)),
        )
        .unwrap();
        kv.set("marginalia:doc:a", &"d".repeat(20)).unwrap();
        mem.set_quota(Some(mem.used() + 10));
        kv.set("marginalia:doc:b", &"e".repeat(40)).unwrap();
        assert!(kv.yielded());
        assert_eq!(mem.get(keys::SYNC_REPLICA).unwrap(), None);
        assert_eq!(mem.get("marginalia:doc:a").unwrap().unwrap().len(), 20);
        assert_eq!(mem.get("marginalia:doc:b").unwrap().unwrap().len(), 40);
        // Room enough now, but the replica stays out for this visit.
        mem.set_quota(None);
        assert_eq!(kv.set(keys::SYNC_REPLICA, "small"), Err(StorageError::Full));
    }

    #[test]
    fn a_replica_with_changes_not_yet_sent_is_kept() {
        let mem = Rc::new(MemoryStore::new());
        let kv = LibraryFirst::new(mem.clone());
        kv.set(keys::SYNC_REPLICA, r#"{"pending":{"m:d:a:1":3}}"#)
            .unwrap();
        mem.set_quota(Some(mem.used() + 10));
        assert_eq!(
            kv.set("marginalia:doc:b", &"e".repeat(40)),
            Err(StorageError::Full)
        );
        assert!(mem.get(keys::SYNC_REPLICA).unwrap().is_some());
        // Once the sync says everything is sent, it may go.
        kv.set_pending(false);
        kv.set("marginalia:doc:b", &"e".repeat(40)).unwrap();
        assert!(kv.yielded());
    }

    #[test]
    fn with_no_replica_to_drop_full_is_full() {
        let mem = Rc::new(MemoryStore::new());
        let kv = LibraryFirst::new(mem.clone());
        mem.set_quota(Some(10));
        assert_eq!(
            kv.set("marginalia:doc:a", &"x".repeat(40)),
            Err(StorageError::Full)
        );
        assert!(!kv.yielded());
        assert_eq!(mem.get("marginalia:doc:a").unwrap(), None);
    }
}
