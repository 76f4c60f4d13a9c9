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
            Some((unplaced, trim_span(doc.text(), span.start, span.end)))
        });
        let Some((unplaced, trimmed)) = found else {
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
        };
        let command = Command::Batch(vec![
            Command::RemoveUnplaced(id.clone()),
            Command::Add(annotation),
        ]);
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
