//! What is synced: the whole library, or the documents the user chose.
//! A document not chosen is neither sent nor brought in; the replica still
//! holds what the server sends (the pull is not filtered), so choosing a
//! document later brings it in at once.

use super::Sync;
use marginalia_core::DocumentId;
use marginalia_sync::layout;
use std::collections::BTreeSet;
use std::rc::Rc;

impl Sync {
    /// Whether the document `id` is synced.
    pub(super) fn syncs(&self, id: &str) -> bool {
        self.only
            .borrow()
            .as_ref()
            .is_none_or(|only| only.contains(id))
    }

    /// What is synced: `None`, the whole library; else the ids chosen.
    pub fn scope(&self) -> Option<BTreeSet<String>> {
        self.only.borrow().clone()
    }

    /// Reads the stored choice (at connect).
    pub(super) fn load_scope(&self) {
        let only: Option<BTreeSet<String>> = self.settings().only.map(|v| v.into_iter().collect());
        self.view.borrow_mut().only = only.clone().map(Rc::new);
        *self.only.borrow_mut() = only;
    }

    /// Syncs the whole library (`None`) or only the documents `only`,
    /// from now on: stored with the settings; while connected, a document
    /// newly chosen is recorded (as when joining: what the server holds is
    /// not overwritten) and one the server has and this library lacks is
    /// brought in.
    pub fn set_scope(self: &Rc<Self>, only: Option<BTreeSet<String>>) {
        let before = self.scope();
        let mut settings = self.settings();
        settings.only = only.as_ref().map(|s| s.iter().cloned().collect());
        let _ = self.persist.save_sync_settings(&settings);
        let shown = only.clone().map(Rc::new);
        *self.only.borrow_mut() = only;
        self.update(|v| v.only = shown);
        let was = |id: &str| before.as_ref().is_none_or(|b| b.contains(id));
        let generation = self.generation.get();
        let ready = self.with_live(generation, |l| l.driver.ready()) == Some(true);
        if !ready {
            return;
        }
        let docs = self.library_docs();
        let mine: BTreeSet<String> = docs.iter().map(|d| d.id().to_string()).collect();
        for doc in docs.iter().filter(|d| !was(d.id().as_str())) {
            self.with_live(generation, |l| l.driver.record_union(doc));
        }
        let arriving = self
            .with_live(generation, |l| {
                layout::documents(&l.driver.replica)
                    .into_iter()
                    .filter(|d| !mine.contains(d) && self.syncs(d))
                    .map(|d| {
                        let restored = layout::assemble(&l.driver.replica, &d).and_then(Result::ok);
                        (d, restored)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        self.replica_dirty.set(true);
        self.arrived(arriving);
    }

    /// Whether the document `id` of the library is synced (for the panel).
    pub fn syncs_document(&self, id: &DocumentId) -> bool {
        self.syncs(id.as_str())
    }
}
