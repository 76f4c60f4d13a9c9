//! What is synced: the whole library, or the documents the user chose.
//! A document not chosen is neither sent nor brought in; the replica still
//! holds what the server sends (the pull is not filtered), so choosing a
//! document later brings it in at once.

use super::Sync;
use marginalia_sync::layout;
use std::collections::BTreeSet;
use std::rc::Rc;

impl Sync {
    /// Whether the document `id` is synced (the choice is the view's
    /// `only`, which the panel shows).
    pub(super) fn syncs(&self, id: &str) -> bool {
        self.view
            .borrow()
            .only
            .as_ref()
            .is_none_or(|only| only.contains(id))
    }

    /// What is synced: `None`, the whole library; else the ids chosen.
    fn scope(&self) -> Option<Rc<BTreeSet<String>>> {
        self.view.borrow().only.clone()
    }

    /// Reads the stored choice (when the page's sync is made).
    pub(super) fn load_scope(&self) {
        let only = self.settings().only;
        self.view.borrow_mut().only = only.map(|v| Rc::new(v.into_iter().collect()));
    }

    /// Syncs the whole library (`None`) or only the documents `only`,
    /// from now on: stored with the settings. While connected, each
    /// document newly chosen is joined: recorded as when joining a
    /// database (what the server holds is not overwritten), then rebuilt
    /// from the replica and shown or stored, with what the server has of
    /// it; one only the server has is brought in. A document chosen while
    /// not connected makes the next connect a join of its own (the stored
    /// replica is not a base for a document it stopped following).
    pub fn set_scope(self: &Rc<Self>, only: Option<BTreeSet<String>>) {
        let before = self.scope();
        let was = |id: &str| before.as_ref().is_none_or(|b| b.contains(id));
        let newly = |id: &str| !was(id) && only.as_ref().is_none_or(|o| o.contains(id));
        let mut settings = self.settings();
        settings.only = only.as_ref().map(|s| s.iter().cloned().collect());
        let generation = self.generation.get();
        let ready = self.with_live(generation, |l| l.driver.ready()) == Some(true);
        let docs = self.library_docs();
        if !ready && docs.iter().any(|d| newly(d.id().as_str())) {
            settings.rejoin = true;
        }
        let _ = self.persist.save_sync_settings(&settings);
        let chosen: Vec<String> = {
            let replica_docs = self
                .with_live(generation, |l| layout::documents(&l.driver.replica))
                .unwrap_or_default();
            let mut ids: BTreeSet<String> = docs.iter().map(|d| d.id().to_string()).collect();
            ids.extend(replica_docs);
            ids.into_iter().filter(|id| newly(id)).collect()
        };
        self.update(|v| v.only = only.map(Rc::new));
        if !ready || chosen.is_empty() {
            return;
        }
        for doc in docs.iter().filter(|d| chosen.contains(&d.id().to_string())) {
            self.with_live(generation, |l| l.driver.record_union(doc));
        }
        let joined = self
            .with_live(generation, |l| {
                chosen
                    .iter()
                    .map(|d| {
                        let restored = layout::assemble(&l.driver.replica, d).and_then(Result::ok);
                        (d.clone(), restored)
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        self.replica_dirty.set(true);
        self.arrived(joined);
    }
}
