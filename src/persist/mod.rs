//! Saving and restoring the library: what happens at startup, and how a
//! document and the index are written.
//!
//! Everything goes through a [`Persist`]: a handle on a [`KeyValue`] store
//! (the browser's `localStorage` in the app, a
//! [`MemoryStore`](marginalia_core::store::MemoryStore) in tests) with what
//! this visit has learnt about it — which stored data must not be
//! overwritten. The keys are named in [`marginalia_core::store::keys`].

mod annotator;
mod boot;
mod codebook;
mod open;
mod room;
mod save;
mod steps;
mod sync;
#[cfg(test)]
mod testing;

pub use boot::Boot;
pub use marginalia_core::store::keys::is_save_marker;
pub use open::{Loaded, OpenError};
pub use save::Dirty;
pub use sync::SyncSettings;

use crate::web::{self, storage::LocalStorage};
use marginalia_core::store::{keys, KeyValue, StorageError};
use marginalia_core::{DocumentId, Index, Timestamp};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The app's storage: one per app, shared by cheap clones. Two handles are
/// equal when they are clones of one another.
#[derive(Clone)]
pub struct Persist {
    inner: Rc<Inner>,
}

struct Inner {
    kv: Rc<room::LibraryFirst>,
    now: fn() -> Timestamp,
    /// Set when the stored index must not be overwritten during this
    /// visit: it is damaged and could not be set aside, or a newer version
    /// wrote it.
    index_locked: Cell<bool>,
    /// Documents whose stored data must not be overwritten during this
    /// visit, for the same reasons; their ids are not reused either.
    protected: RefCell<Vec<DocumentId>>,
}

impl Persist {
    /// Storage in `kv`, with `now` for the times it records (when damaged
    /// data is set aside, when an old document is read).
    pub fn new(kv: Rc<dyn KeyValue>, now: fn() -> Timestamp) -> Self {
        Self {
            inner: Rc::new(Inner {
                kv: Rc::new(room::LibraryFirst::new(kv)),
                now,
                index_locked: Cell::new(false),
                protected: RefCell::new(Vec::new()),
            }),
        }
    }

    /// The page's `localStorage`, with the browser's clock.
    pub fn in_browser() -> Self {
        Self::new(Rc::new(LocalStorage), web::now)
    }

    /// A fresh in-memory store (for tests of code that needs a `Persist`
    /// but does not look at what it stores).
    #[cfg(test)]
    pub(crate) fn in_memory() -> Self {
        testing::setup().0
    }

    fn kv(&self) -> &dyn KeyValue {
        self.inner.kv.as_ref()
    }

    /// Whether the sync's stored replica gave its room to the library
    /// during this visit (then it is not stored again until the next).
    pub fn replica_yielded(&self) -> bool {
        self.inner.kv.yielded()
    }

    /// Notes whether the replica just stored holds changes not yet on the
    /// server (such a replica is not given up to make room).
    pub fn replica_stored_with_pending(&self, pending: bool) {
        self.inner.kv.set_pending(pending);
    }

    fn now(&self) -> Timestamp {
        (self.inner.now)()
    }

    fn protect(&self, id: &DocumentId) {
        let mut p = self.inner.protected.borrow_mut();
        if !p.contains(id) {
            p.push(id.clone());
        }
    }

    /// True when the stored document `id` must be left as it is.
    pub fn is_protected(&self, id: &DocumentId) -> bool {
        self.inner.protected.borrow().contains(id)
    }

    /// An id for a new document: free in the library and not protected.
    pub fn free_id(&self, library: &Index, base: &DocumentId) -> DocumentId {
        library.free_id_except(base, |id| self.is_protected(id))
    }

    /// Forgets what was protected: a new start decides afresh.
    fn reset(&self) {
        self.inner.index_locked.set(false);
        self.inner.protected.borrow_mut().clear();
    }

    /// Moves unreadable data out of the way: copies `raw` to a new
    /// `marginalia:damaged:<key>:<time>` key, then removes `key`. Returns
    /// the new key. If the copy cannot be written, `key` is left untouched.
    fn set_aside(&self, key: &str, raw: &str) -> Result<String, StorageError> {
        let aside = keys::damaged(key, &self.now().to_string());
        self.kv().set(&aside, raw)?;
        self.kv().remove(key)?;
        Ok(aside)
    }

    /// The chunk keys stored for `id`, by chunk number.
    fn chunk_keys(&self, id: &DocumentId) -> Vec<(usize, String)> {
        self.kv()
            .keys(&keys::chunk_prefix(id))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|key| Some((keys::chunk_number(id, &key)?, key)))
            .collect()
    }

    /// The stored library index, if there is a readable one (changing
    /// nothing).
    pub fn peek_index(&self) -> Option<Index> {
        let raw = self.kv().get(keys::INDEX).ok().flatten()?;
        Index::parse(&raw).ok()
    }
}

impl PartialEq for Persist {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl std::fmt::Debug for Persist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Persist")
            .field("index_locked", &self.inner.index_locked.get())
            .field("protected", &self.inner.protected.borrow())
            .finish_non_exhaustive()
    }
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

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn messages_become_sentences() {
        assert_eq!(capitalise("saving failed: x"), "Saving failed: x.");
        assert_eq!(capitalise(""), "");
    }

    #[test]
    fn handles_are_equal_only_to_their_clones() {
        let (p, _) = setup();
        assert_eq!(p, p.clone());
        assert_ne!(p, Persist::in_memory());
    }

    #[test]
    fn new_ids_avoid_the_library_and_protected_documents() {
        let (p, _) = setup();
        let base = DocumentId::new("d").unwrap();
        let mut library = Index::new();
        library.upsert(marginalia_core::Entry::of(&doc_with("d", "Text.")));
        let first = p.free_id(&library, &base);
        assert_ne!(first, base);
        p.protect(&first);
        let second = p.free_id(&library, &base);
        assert!(second != first && second != base);
        p.reset();
        assert_eq!(p.free_id(&library, &base), first);
    }

    #[test]
    fn the_index_is_peeked_only_when_readable() {
        let (p, kv) = setup();
        assert_eq!(p.peek_index(), None);
        kv.put(keys::INDEX, "{");
        assert_eq!(p.peek_index(), None);
        kv.put(keys::INDEX, &Index::new().to_json());
        assert_eq!(p.peek_index(), Some(Index::new()));
        assert_eq!(kv.value(keys::INDEX), Some(Index::new().to_json()));
    }
}
