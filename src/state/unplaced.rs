//! Imported annotations that have no place in the text: attaching one to
//! the selected text, or deleting it.

use super::{AppState, Outcome};
use crate::texts;
use marginalia_core::{trim_span, Annotation, AnnotationId, Command, Placement, Timestamp};
use std::ops::Range;

impl AppState {
    /// Gives the unplaced annotation `id` the span `span` (trimmed) as its
    /// place: one undo step.
    pub(super) fn attach(
        &mut self,
        id: AnnotationId,
        span: Range<usize>,
        now: Timestamp,
    ) -> Outcome {
        let found = self.with_doc(|doc| {
            let unplaced = doc.unplaced_one(&id)?.clone();
            let links: Vec<Command> = doc
                .relations_of(&id)
                .cloned()
                .map(Command::AddRelation)
                .collect();
            let trimmed = trim_span(doc.text(), span.start, span.end);
            Some((unplaced, trimmed, links))
        });
        let Some((unplaced, trimmed, links)) = found else {
            return Outcome::Unchanged;
        };
        let Some((start, end)) = trimmed else {
            return self.notice(texts::SELECT_WHERE_IT_BELONGS.into());
        };
        let annotation = Annotation {
            id: id.clone(),
            tag: unplaced.tag,
            start,
            end,
            note: unplaced.note,
            created: unplaced.created,
            modified: now.clone(),
            placement: Placement::Exact,
            parts: Vec::new(),
            attributes: unplaced.attributes,
            annotator: None,
        };
        // Removing the unplaced one removes its relations; they come back
        // with the placed one.
        let mut steps = vec![
            Command::RemoveUnplaced(id.clone()),
            Command::Add(annotation),
        ];
        steps.extend(links);
        let command = Command::Batch(steps);
        if self.execute(command, None, now).is_some() {
            self.select(Some(id));
            self.notice(texts::ATTACHED.into());
        }
        Outcome::Changed
    }

    /// Deletes the unplaced annotation `id`.
    pub(super) fn delete_unplaced(&mut self, id: AnnotationId, now: Timestamp) -> Outcome {
        if self
            .execute(Command::RemoveUnplaced(id), None, now)
            .is_some()
        {
            self.notice(texts::UNPLACED_DELETED.into());
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::ts;
    use super::super::{Action, AppState};
    use crate::persist::Persist;
    use marginalia_core::{
        AnnotationId, Command, Document, DocumentId, Index, Metadata, Tag, Text, Unplaced,
        Unplacement,
    };
    use std::rc::Rc;
    use yew::Reducible;

    /// A document with one unplaced annotation, "u".
    fn with_unplaced() -> Rc<AppState> {
        let mut doc = Document::new(
            DocumentId::new("x").unwrap(),
            Metadata::default(),
            Text::new("Alpha beta.\nGamma delta."),
            ts("00"),
        );
        doc.apply(Command::AddUnplaced(Unplaced {
            id: AnnotationId::new("u").unwrap(),
            tag: Tag::Source,
            exact: "Gama".into(),
            prefix: String::new(),
            suffix: String::new(),
            note: "kept".into(),
            created: ts("00"),
            modified: ts("00"),
            why: Unplacement::Orphaned,
            attributes: Default::default(),
        }))
        .unwrap();
        Rc::new(AppState::new(
            doc,
            false,
            Index::new(),
            Vec::new(),
            Persist::in_memory(),
        ))
    }

    fn attach(state: &Rc<AppState>, id: &str, start: usize, end: usize) -> Rc<AppState> {
        state.clone().reduce(Action::Attach {
            id: AnnotationId::new(id).unwrap(),
            start,
            end,
            now: ts("01"),
        })
    }

    #[test]
    fn attaching_places_it_on_the_trimmed_span_in_one_undo_step() {
        let s = with_unplaced();
        let same = attach(&s, "nobody", 12, 17);
        assert!(Rc::ptr_eq(&same, &s), "no such unplaced annotation");
        let blank = attach(&s, "u", 11, 12);
        assert!(blank
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("not only spaces"));
        let placed = attach(&s, "u", 11, 18);
        let a = placed
            .with_doc(|d| d.annotations().next().cloned())
            .unwrap();
        assert_eq!((a.start, a.end, a.note.as_str()), (12, 17, "kept"));
        assert!(placed.with_doc(|d| d.unplaced().is_empty()));
        assert_eq!(placed.selected.as_ref().unwrap().id.as_str(), "u");
        let undone = placed.reduce(Action::Undo(ts("02")));
        assert_eq!(undone.with_doc(|d| (d.len(), d.unplaced().len())), (0, 1));
    }

    #[test]
    fn deleting_an_unplaced_annotation_can_be_undone() {
        let s = with_unplaced().reduce(Action::DeleteUnplaced(
            AnnotationId::new("u").unwrap(),
            ts("01"),
        ));
        assert!(s.with_doc(|d| d.unplaced().is_empty()));
        assert!(s.status.as_ref().unwrap().text.contains("Ctrl+Z"));
        let undone = s.reduce(Action::Undo(ts("02")));
        assert_eq!(undone.with_doc(|d| d.unplaced().len()), 1);
    }
}
