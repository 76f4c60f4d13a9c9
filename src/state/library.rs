//! The library of saved documents: opening one, forgetting one, the panels
//! over the library, and what other tabs change.

use super::{AppState, Outcome, Panel, Shared};
use crate::texts;
use crate::view::{article_view, NearBlocks};
use marginalia_core::{Document, DocumentId, Entry, Index};
use std::rc::Rc;

impl AppState {
    /// Shows `doc` (and lists it as the open document).
    pub(super) fn open(&mut self, doc: Document, fresh: bool) {
        self.session = Shared::new(doc, fresh);
        self.opened(fresh);
    }

    /// Resets the state around the document just put in `self.session`
    /// (without cloning it: a long document is large).
    pub(super) fn opened(&mut self, fresh: bool) {
        self.near = NearBlocks::default();
        self.layers = Rc::new(crate::layers::Layers::new(self.me.id.clone()));
        self.comparison = None;
        self.page = None;
        // Figures are for a document's revision, which restarts on opening.
        self.agreement = None;
        let mut library = Index::clone(&self.library);
        {
            let session = self.session.borrow();
            let doc = session.doc();
            self.article = Rc::new(article_view(doc, &self.near, &self.layers));
            library.upsert(Entry::of(doc));
            library.current = Some(doc.id().clone());
        }
        self.library = Rc::new(library);
        self.selected = None;
        self.pending_import = None;
        self.revision = u64::from(fresh);
        self.frozen = false;
    }

    /// Opens `doc`, closing the panels, with `notice` if any.
    pub(super) fn open_action(
        &mut self,
        doc: Document,
        fresh: bool,
        notice: Option<String>,
    ) -> Outcome {
        self.open(doc, fresh);
        self.panel = Panel::Closed;
        self.status = None;
        if let Some(text) = notice {
            self.notice(text);
        }
        Outcome::Changed
    }

    /// Removes a document from the library.
    pub(super) fn forget(&mut self, id: &DocumentId) -> Outcome {
        let mut library = Index::clone(&self.library);
        library.remove(id);
        self.library = Rc::new(library);
        Outcome::Changed
    }

    /// Opens or closes a panel; leaving the import panel drops the pending
    /// import.
    pub(super) fn show_panel(&mut self, panel: Panel) -> Outcome {
        if self.panel == panel {
            return Outcome::Unchanged;
        }
        if panel != Panel::Import {
            self.pending_import = None;
        }
        let comparing = panel == Panel::Compare || self.panel == Panel::Compare;
        self.panel = panel;
        if comparing {
            self.refresh_comparison();
        }
        Outcome::Changed
    }

    /// Another tab changed the stored document `id`: when it is the open
    /// one, this tab stops editing and saving it.
    pub(super) fn changed_elsewhere(&mut self, id: &DocumentId) -> Outcome {
        let title = self.with_doc(|doc| (doc.id() == id).then(|| doc.meta().title.clone()));
        let Some(title) = title else {
            return Outcome::Unchanged;
        };
        if self.frozen {
            return Outcome::Unchanged;
        }
        self.frozen = true;
        self.alert(texts::changed_in_another_tab(&title));
        Outcome::Changed
    }

    /// Another tab changed the library index: takes its list, but keeps this
    /// tab's open document listed (and its own idea of which one is open).
    pub(super) fn library_changed(&mut self, mut index: Index) -> Outcome {
        let (entry, id) = self.with_doc(|doc| (Entry::of(doc), doc.id().clone()));
        if index.get(&id).is_none() && !self.frozen {
            index.upsert(entry);
        }
        index.current = self.library.current.clone();
        if *self.library == index {
            // Nothing new: answering with a save would start the tabs
            // rewriting the index to each other forever.
            return Outcome::Unchanged;
        }
        self.library = Rc::new(index);
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::{Action, Panel};
    use marginalia_core::{DocumentId, Entry, Index, Tag};
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn unchanged_library_from_another_tab_keeps_the_same_state() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let mut incoming = Index::clone(&s.library);
        incoming.current = Some(DocumentId::new("other").unwrap());
        let same = s.clone().reduce(Action::LibraryChanged(incoming.clone()));
        assert!(
            Rc::ptr_eq(&same, &s),
            "no new state, so no save, so no echo"
        );
        let mut more = incoming;
        more.upsert(Entry {
            id: DocumentId::new("y").unwrap(),
            title: "Y".into(),
            modified: ts("09"),
            annotations: 0,
        });
        let merged = s.clone().reduce(Action::LibraryChanged(more));
        assert_eq!(merged.library.documents.len(), 2);
        assert_eq!(
            merged.library.current, s.library.current,
            "this tab's open document stays current"
        );
    }

    #[test]
    fn a_document_changed_elsewhere_is_frozen() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let frozen = s
            .clone()
            .reduce(Action::ChangedElsewhere(DocumentId::new("x").unwrap()));
        assert!(frozen.frozen);
        assert_eq!(frozen.alerts.len(), 1);
        let after = tag(&frozen, 8, 12, Tag::Quote, "b");
        assert_eq!(after.with_doc(|d| d.len()), 1, "no edits while frozen");
        let undone = after.reduce(Action::Undo(ts("05")));
        assert_eq!(undone.with_doc(|d| d.len()), 1);
        let other = s
            .clone()
            .reduce(Action::ChangedElsewhere(DocumentId::new("z").unwrap()));
        assert!(
            Rc::ptr_eq(&other, &s),
            "another document's change is not ours"
        );
    }

    #[test]
    fn showing_the_open_panel_keeps_the_same_state() {
        let s = state().reduce(Action::ShowPanel(Panel::Load));
        assert_eq!(s.panel, Panel::Load);
        let same = s.clone().reduce(Action::ShowPanel(Panel::Load));
        assert!(Rc::ptr_eq(&same, &s));
    }
}
