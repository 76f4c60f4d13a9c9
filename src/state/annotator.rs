//! The name this profile's annotator goes by (**Annotator name**): kept in
//! storage, and in the open document when it already names them.

use super::{AppState, Outcome};
use crate::texts;
use marginalia_core::{Annotator, Timestamp};

impl AppState {
    /// Gives this profile's annotator `name` (cleaned): stored for every
    /// document, recorded in the open one when it already names them (one
    /// undo step there).
    pub(super) fn set_annotator_name(&mut self, name: String, now: Timestamp) -> Outcome {
        let who = Annotator::new(self.me.id.clone(), &name);
        if who == self.me {
            return Outcome::Unchanged;
        }
        self.me = who.clone();
        if let Err(e) = self.persist.save_annotator(&who) {
            return self.alert(texts::annotator_not_saved(&e));
        }
        let known = self.with_doc(|doc| doc.annotator(&who.id).is_some());
        if known && !self.frozen {
            if let Some(record) = self.with_doc(|doc| doc.record_annotator(&who)) {
                self.execute(record, None, now);
            }
        }
        self.notice(texts::annotator_named(&who.name))
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::Action;
    use marginalia_core::Tag;
    use yew::Reducible;

    #[test]
    fn annotations_name_their_annotator_whose_name_follows() {
        let s = state();
        let me = s.me.id.clone();
        let s = tag(&s, 2, 7, Tag::Quote, "q");
        let q = marginalia_core::AnnotationId::new("q").unwrap();
        assert_eq!(
            s.with_doc(|d| d.annotation(&q).unwrap().annotator.clone()),
            Some(me.clone())
        );
        assert_eq!(s.with_doc(|d| d.annotators().len()), 1);
        let s = s.reduce(Action::SetAnnotatorName("  Ana Ruiz ".into(), ts("02")));
        assert_eq!(s.me.name, "Ana Ruiz");
        assert_eq!(
            s.with_doc(|d| d.annotator(&me).unwrap().name.clone()),
            "Ana Ruiz"
        );
        assert_eq!(
            s.persist.annotator().map(|a| a.name),
            Some("Ana Ruiz".into())
        );
        let same = s
            .clone()
            .reduce(Action::SetAnnotatorName("Ana Ruiz".into(), ts("03")));
        assert!(std::rc::Rc::ptr_eq(&same, &s));
        // One undo takes the name change back in the document, not the tag.
        let s = s.reduce(Action::Undo(ts("04")));
        assert_eq!(s.with_doc(|d| d.annotator(&me).unwrap().name.clone()), "");
        assert_eq!(s.with_doc(|d| d.len()), 1);
    }
}
