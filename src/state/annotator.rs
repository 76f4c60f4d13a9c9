//! The name this profile's annotator goes by (**Annotator name**): kept in
//! storage, and in the open document when it already names them. Another
//! annotator's annotations are read-only here; **Copy to mine** makes one
//! of them this annotator's.

use super::{Action, AppState, Outcome};
use crate::texts;
use marginalia_core::{Annotation, AnnotationId, Annotator, AnnotatorId, Command, Timestamp};

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

    /// The command that adds `a`, made by this annotator: the document
    /// learns their name first when it does not know it yet (or an older
    /// one).
    pub(super) fn add_mine(&self, mut a: Annotation) -> Command {
        a.annotator = Some(self.me.id.clone());
        let add = Command::Add(a);
        match self.with_doc(|doc| doc.record_annotator(&self.me)) {
            Some(record) => Command::Batch(vec![record, add]),
            None => add,
        }
    }

    /// Whose annotation `a` is, when it is another annotator's (one made
    /// here, or that names no one, is this annotator's to edit; so is the
    /// gold layer, which adjudication builds).
    pub fn owner_of(&self, a: &Annotation) -> Option<String> {
        let who = a
            .annotator
            .as_ref()
            .filter(|id| **id != self.me.id && id.as_str() != marginalia_core::gold::GOLD_ID)?;
        Some(self.with_doc(|doc| {
            doc.annotator(who)
                .map_or("another annotator".into(), |w| w.shown_name().to_string())
        }))
    }

    /// The notice refusing `action` when it would change another
    /// annotator's annotation, else `None`.
    pub(super) fn refuse_others(&mut self, action: &Action) -> Option<Outcome> {
        let target = match action {
            Action::Retag(..)
            | Action::DeleteSelected(_)
            | Action::AddPart { .. }
            | Action::RemovePart(..) => self.selected_annotation(),
            Action::SetNote(id, ..) | Action::SetAttribute(id, ..) => {
                self.with_doc(|doc| doc.annotation(id).cloned())
            }
            _ => None,
        }?;
        let owner = self.owner_of(&target)?;
        Some(self.notice(texts::not_yours(&owner)))
    }

    /// Shows `who`'s layer when hidden, hides it when shown: the article is
    /// drawn again with the layers shown, and a selected annotation of a
    /// layer now hidden is let go.
    pub(super) fn toggle_layer(&mut self, who: &AnnotatorId) -> Outcome {
        self.layers = std::rc::Rc::new(self.layers.toggled(who));
        self.refresh_comparison();
        let session = self.session.borrow();
        let doc = session.doc();
        self.article = std::rc::Rc::new(crate::view::article_view(doc, &self.near, &self.layers));
        let hidden = self.selected.as_ref().is_some_and(|chosen| {
            doc.annotation(&chosen.id)
                .is_some_and(|a| !self.layers.shows(a))
        });
        drop(session);
        if hidden {
            self.select(None);
        }
        Outcome::Changed
    }

    /// Makes every annotation of `who`'s layer this annotator's (one undo
    /// step): for work that came in from another tool under its user's
    /// name and is in fact this annotator's own.
    pub(super) fn take_over_layer(&mut self, who: &AnnotatorId, now: Timestamp) -> Outcome {
        if *who == self.me.id {
            return Outcome::Unchanged;
        }
        let me = self.me.clone();
        let command = self.with_doc(|doc| {
            let mut batch: Vec<Command> = doc.record_annotator(&me).into_iter().collect();
            batch.extend(
                doc.annotations()
                    .filter(|a| a.annotator.as_ref() == Some(who))
                    .map(|a| {
                        let mut mine = a.clone();
                        mine.annotator = Some(me.id.clone());
                        mine.modified = now.clone();
                        Command::Replace(mine)
                    }),
            );
            batch
        });
        let n = command
            .iter()
            .filter(|c| matches!(c, Command::Replace(_)))
            .count();
        if n == 0 {
            return Outcome::Unchanged;
        }
        if self.execute(Command::Batch(command), None, now).is_some() {
            self.notice(texts::taken_over(n));
        }
        Outcome::Changed
    }

    /// Copies the selected annotation (another annotator's) as this
    /// annotator's, with id `id`, and selects the copy: one undo step.
    pub(super) fn copy_to_mine(&mut self, id: AnnotationId, now: Timestamp) -> Outcome {
        let Some(mut copy) = self.selected_annotation() else {
            return Outcome::Unchanged;
        };
        copy.id = id.clone();
        copy.created = now.clone();
        copy.modified = now.clone();
        let command = self.add_mine(copy);
        if self.execute(command, None, now).is_some() {
            self.select(Some(id));
            self.notice(texts::COPIED_TO_MINE.into());
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::{Action, AppState};
    use marginalia_core::{AnnotationId, Annotator, AnnotatorId, Command, Tag};
    use yew::Reducible;

    #[test]
    fn another_annotators_annotation_is_read_only_until_copied() {
        let s = state();
        let bo = Annotator::new(AnnotatorId::new("a-bo").unwrap(), "Bo");
        let mut theirs = marginalia_core::testing::ann("b1", Tag::Quote, 2, 7);
        theirs.annotator = Some(bo.id.clone());
        s.session
            .borrow_mut()
            .execute(
                Command::Batch(vec![
                    Command::SetAnnotators(vec![bo.clone()]),
                    Command::Add(theirs),
                ]),
                None,
                ts("01"),
            )
            .unwrap();
        let b1 = AnnotationId::new("b1").unwrap();
        let s = s.reduce(Action::Select(Some(b1.clone())));
        let s = s.reduce(Action::Retag(Tag::Claim, ts("02")));
        assert_eq!(
            s.with_doc(|d| d.annotation(&b1).unwrap().tag.clone()),
            Tag::Quote
        );
        assert!(s.status.as_ref().unwrap().text.contains("Bo"));
        let s = s.reduce(Action::DeleteSelected(ts("03")));
        assert_eq!(s.with_doc(|d| d.len()), 1, "not deleted");
        let mine = AnnotationId::new("m1").unwrap();
        let s = s.reduce(Action::CopyToMine(mine.clone(), ts("04")));
        assert_eq!(s.selected.as_ref().map(|x| &x.id), Some(&mine));
        assert_eq!(
            s.with_doc(|d| d.annotation(&mine).unwrap().annotator.clone()),
            Some(s.me.id.clone())
        );
        let s = s.reduce(Action::Retag(Tag::Claim, ts("05")));
        assert_eq!(
            s.with_doc(|d| d.annotation(&mine).unwrap().tag.clone()),
            Tag::Claim,
            "the copy is mine"
        );
        // Hiding Bo's layer takes their highlight out of the text and lets
        // go of their selected annotation; showing it brings it back.
        let drawn = |s: &AppState| {
            s.article.blocks[0].paragraphs[0]
                .runs
                .iter()
                .any(|r| r.ids.contains("b1"))
        };
        assert!(drawn(&s));
        let s = s.reduce(Action::Select(Some(b1.clone())));
        let s = s.reduce(Action::ToggleLayer(bo.id.clone()));
        assert!(!drawn(&s) && s.selected.is_none());
        let s = s.reduce(Action::ToggleLayer(bo.id.clone()));
        assert!(drawn(&s));
        // Taking Bo's layer over makes it mine, in one undo step.
        let s = s.reduce(Action::TakeOverLayer(bo.id.clone(), ts("06")));
        assert_eq!(
            s.with_doc(|d| d.annotation(&b1).unwrap().annotator.clone()),
            Some(s.me.id.clone())
        );
        let s = s.reduce(Action::Undo(ts("07")));
        assert_eq!(
            s.with_doc(|d| d.annotation(&b1).unwrap().annotator.clone()),
            Some(bo.id.clone())
        );
    }

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
