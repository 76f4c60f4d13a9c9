//! What the CouchDB sync brings to the open document: the document as the
//! replica now holds it (this browser's edits and everyone else's) takes
//! the place of the open one. The layers shown, the highlighted blocks and
//! the selection (when its annotation is still there) stay; the undo
//! history starts again, since its steps were made on the document before.

use super::{AppState, Outcome, Shared};
use crate::view::article_view;
use marginalia_core::{Document, Entry, Index};
use std::rc::Rc;

impl AppState {
    /// The sync rebuilt `doc`; shows it when it is the open document.
    pub(super) fn synced(&mut self, doc: Document) -> Outcome {
        let (open, same) = self.with_doc(|d| (d.id() == doc.id(), *d == doc));
        if !open || same || self.frozen {
            return Outcome::Unchanged;
        }
        let selected = self.selected.as_ref().map(|s| s.id.clone());
        self.session = Shared::new(doc, true);
        let mut library = Index::clone(&self.library);
        {
            let session = self.session.borrow();
            let doc = session.doc();
            self.article = Rc::new(article_view(doc, &self.near, &self.layers));
            library.upsert(Entry::of(doc));
        }
        self.library = Rc::new(library);
        self.revision += 1;
        self.linking = None;
        self.comparison = None;
        self.select(selected);
        Outcome::Changed
    }
}

impl AppState {
    /// From now on, annotations made here are `who`'s.
    pub(super) fn become_annotator(&mut self, who: marginalia_core::Annotator) -> Outcome {
        if who == self.me {
            return Outcome::Unchanged;
        }
        if let Err(e) = self.persist.save_annotator(&who) {
            return self.alert(crate::texts::annotator_not_saved(&e));
        }
        self.me = who;
        self.layers = Rc::new(crate::layers::Layers::new(self.me.id.clone()));
        self.article = Rc::new(self.with_doc(|d| article_view(d, &self.near, &self.layers)));
        let name = self.me.shown_name().to_string();
        self.notice(crate::texts::sync_same_annotator(&name))
    }
}

#[cfg(test)]
mod tests {
    use crate::state::fixtures::{state, tag};
    use crate::state::Action;
    use marginalia_core::testing::ann;
    use marginalia_core::{AnnotationId, Command, Tag};
    use yew::Reducible;

    #[test]
    fn a_synced_document_replaces_the_open_one_and_keeps_the_selection() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a1");
        let s = s.reduce(Action::Select(Some(AnnotationId::new("a1").unwrap())));
        let mut doc = s.with_doc(Clone::clone);
        doc.apply(Command::Add(ann("b1", Tag::Quote, 14, 19)))
            .unwrap();
        let before = s.revision;
        let s = s.reduce(Action::Synced(Box::new(doc)));
        assert_eq!(s.with_doc(|d| d.len()), 2);
        assert!(s.revision > before, "to be saved");
        assert_eq!(s.selected.as_ref().map(|x| x.id.as_str()), Some("a1"));
        let again = s.with_doc(Clone::clone);
        let same = s.clone().reduce(Action::Synced(Box::new(again)));
        assert!(std::rc::Rc::ptr_eq(&s, &same), "nothing new: no change");
    }
}
