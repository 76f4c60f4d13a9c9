//! Editing the open document's annotations: tagging, retagging, notes,
//! deleting, confirming a place, removing a label, undo and redo.

use super::{AppState, Outcome};
use crate::texts;
use marginalia_core::{
    trim_span, Annotation, AnnotationId, Applied, Command, Label, Placement, Tag, Timestamp,
};
use std::ops::Range;

impl AppState {
    /// Tags the selected text `span` (trimmed), unless it is blank or
    /// already tagged so; the new annotation is selected.
    pub(super) fn tag_span(
        &mut self,
        span: Range<usize>,
        tag: Tag,
        id: AnnotationId,
        now: Timestamp,
    ) -> Outcome {
        let trimmed = self.with_doc(|doc| {
            let (start, end) = trim_span(doc.text(), span.start, span.end)?;
            let duplicate = doc
                .annotations_in_paragraph(doc.text().paragraph_at(start))
                .iter()
                .any(|other| {
                    !other.is_multipart()
                        && (other.start, other.end, &other.tag) == (start, end, &tag)
                });
            Some((start, end, duplicate))
        });
        match trimmed {
            None => self.notice(texts::SELECT_SOME_TEXT.into()),
            Some((_, _, true)) => self.notice(texts::already_tagged(tag.label())),
            Some((start, end, false)) => {
                let annotation = Annotation {
                    id: id.clone(),
                    tag,
                    start,
                    end,
                    note: String::new(),
                    created: now.clone(),
                    modified: now.clone(),
                    placement: Placement::Exact,
                    parts: Vec::new(),
                    attributes: Default::default(),
                    annotator: None,
                };
                let command = self.add_mine(annotation);
                if self.execute(command, None, now).is_some() {
                    self.select(Some(id));
                    self.status = None;
                }
                Outcome::Changed
            }
        }
    }

    /// Gives the selected annotation another tag.
    pub(super) fn retag(&mut self, tag: Tag, now: Timestamp) -> Outcome {
        let Some(mut annotation) = self.selected_annotation() else {
            return self.notice(texts::select_before_tagging(tag.label()));
        };
        if annotation.tag == tag {
            return Outcome::Unchanged;
        }
        annotation.tag = tag;
        annotation.modified = now.clone();
        self.execute(Command::Replace(annotation), None, now);
        Outcome::Changed
    }

    /// Sets an annotation's note; one stretch of typing (see
    /// [`AppState::note_edit`]) is one undo step.
    pub(super) fn set_note(&mut self, id: AnnotationId, note: String, now: Timestamp) -> Outcome {
        let Some(mut annotation) = self.with_doc(|doc| doc.annotation(&id).cloned()) else {
            return Outcome::Unchanged;
        };
        if annotation.note == note {
            return Outcome::Unchanged;
        }
        annotation.note = note;
        annotation.modified = now.clone();
        let merge_key = format!("note:{id}:{}", self.note_edit);
        self.execute(Command::Replace(annotation), Some(&merge_key), now);
        Outcome::Changed
    }

    /// The note editor gained focus: typing from now on is a new undo step.
    pub(super) fn note_focused(&mut self) -> Outcome {
        self.note_edit += 1;
        Outcome::Changed
    }

    /// Deletes the selected annotation.
    pub(super) fn delete_selected(&mut self, now: Timestamp) -> Outcome {
        let Some(annotation) = self.selected_annotation() else {
            return Outcome::Unchanged;
        };
        if self
            .execute(Command::Remove(annotation.id), None, now)
            .is_some()
        {
            self.selected = None;
            self.notice(texts::ANNOTATION_DELETED.into());
        }
        Outcome::Changed
    }

    /// Marks the selected annotation's place as checked (exact).
    pub(super) fn confirm_placement(&mut self, now: Timestamp) -> Outcome {
        let Some(mut annotation) = self.selected_annotation() else {
            return Outcome::Unchanged;
        };
        if annotation.placement == Placement::Exact {
            return Outcome::Unchanged;
        }
        annotation.placement = Placement::Exact;
        annotation.modified = now.clone();
        self.execute(Command::Replace(annotation), None, now);
        Outcome::Changed
    }

    /// Removes a label nothing uses from the document's label set.
    pub(super) fn remove_label(&mut self, label: Label, now: Timestamp) -> Outcome {
        let name = label.as_str().to_string();
        // Only a label nothing uses (its codebook entry goes with it); the
        // codebook panel deletes one in use, after asking.
        let tag = Tag::Other(label.clone());
        let command = self.with_doc(|doc| match doc.uses(&tag) {
            0 => doc.delete_label(&tag),
            _ => Command::RemoveLabel(label.clone()),
        });
        if self.execute(command, None, now).is_some() {
            self.notice(texts::label_removed(&name));
        }
        Outcome::Changed
    }

    /// Undoes the latest change.
    pub(super) fn undo(&mut self, now: Timestamp) -> Outcome {
        let applied = self.session.borrow_mut().undo(now);
        self.after_history(applied, "undo")
    }

    /// Redoes the latest undone change.
    pub(super) fn redo(&mut self, now: Timestamp) -> Outcome {
        let applied = self.session.borrow_mut().redo(now);
        self.after_history(applied, "redo")
    }

    /// After an undo or redo: records the change and selects the annotation
    /// it touched last, or says there was nothing to `what`.
    fn after_history(&mut self, applied: Option<Applied>, what: &str) -> Outcome {
        match applied {
            Some(applied) => {
                self.changed(&applied);
                // A relation's undo keeps the annotation it was made from
                // selected.
                let current = self.selected.as_ref().map(|s| s.id.clone());
                let focus = match applied.annotations.last() {
                    Some(id) => Some(id.clone()),
                    None if applied.relations => current,
                    None => None,
                };
                self.select(focus);
                self.status = None;
                Outcome::Changed
            }
            None => self.notice(texts::nothing_to(what)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::Action;
    use marginalia_core::Tag;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn tagging_trims_selects_and_refuses_duplicates() {
        let s = tag(&state(), 0, 8, Tag::Claim, "a");
        let a = s.with_doc(|d| d.annotations().next().cloned()).unwrap();
        assert_eq!(
            (a.start, a.end),
            (2, 7),
            "leading spaces and the trailing space trimmed"
        );
        assert_eq!(s.selected.as_ref().map(|x| x.id.as_str()), Some("a"));
        assert_eq!(s.library.documents[0].annotations, 1);
        let again = tag(&s, 2, 7, Tag::Claim, "b");
        assert_eq!(again.with_doc(|d| d.len()), 1);
        assert!(again
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("already tagged"));
        let blank = tag(&s, 0, 2, Tag::Quote, "c");
        assert!(blank
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Select some text"));
    }

    #[test]
    fn edits_that_change_nothing_keep_the_same_state() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let same = s.clone().reduce(Action::Retag(Tag::Claim, ts("02")));
        assert!(Rc::ptr_eq(&same, &s), "the same tag: no new state");
        let same = s.clone().reduce(Action::ConfirmPlacement(ts("02")));
        assert!(Rc::ptr_eq(&same, &s), "already exact: no new state");
        let retagged = s.reduce(Action::Retag(Tag::Quote, ts("02")));
        let a = retagged
            .with_doc(|d| d.annotations().next().cloned())
            .unwrap();
        assert_eq!(a.tag, Tag::Quote);
        let undone = retagged.reduce(Action::Undo(ts("03")));
        assert_eq!(
            undone.with_doc(|d| d.annotations().next().map(|a| a.tag.clone())),
            Some(Tag::Claim)
        );
        let nothing = undone
            .reduce(Action::Redo(ts("04")))
            .reduce(Action::Redo(ts("05")));
        assert_eq!(
            nothing.status.as_ref().map(|m| m.text.as_str()),
            Some("Nothing to redo.")
        );
    }
}
