//! Multi-part annotations: adding the selected text to the selected
//! annotation as another part (Shift+A, **Add part**), and removing a part.
//! Each change is one undo step (a `Replace` of the annotation).

use super::{AppState, Outcome};
use crate::texts;
use marginalia_core::{trim_span, Command, Timestamp};
use std::ops::Range;

impl AppState {
    /// Adds the selected text `span` (trimmed) to the selected annotation
    /// as another part. A part that overlaps or touches one it has joins
    /// it; one inside it adds nothing and says so.
    pub(super) fn add_part(&mut self, span: Option<Range<usize>>, now: Timestamp) -> Outcome {
        let Some(annotation) = self.selected_annotation() else {
            return self.notice(texts::SELECT_BEFORE_ADDING_A_PART.into());
        };
        let trimmed = span.and_then(|s| self.with_doc(|doc| trim_span(doc.text(), s.start, s.end)));
        let Some((start, end)) = trimmed else {
            return self.notice(texts::SELECT_THE_PART.into());
        };
        let before: Vec<Range<usize>> = annotation.parts().collect();
        let mut changed = match annotation
            .clone()
            .with_parts(before.iter().cloned().chain(std::iter::once(start..end)))
        {
            Some(a) => a,
            None => return Outcome::Unchanged,
        };
        if changed.parts().eq(before.iter().cloned()) {
            return self.notice(texts::PART_ALREADY_COVERED.into());
        }
        changed.modified = now.clone();
        let count = changed.parts().count();
        let id = changed.id.clone();
        if self.execute(Command::Replace(changed), None, now).is_some() {
            // Its paragraphs changed: select it again so they are drawn.
            self.select(Some(id));
            self.notice(texts::part_added(count));
        }
        Outcome::Changed
    }

    /// Removes part `index` (in text order) of the selected annotation; an
    /// annotation of one span has no part to remove.
    pub(super) fn remove_part(&mut self, index: usize, now: Timestamp) -> Outcome {
        let Some(annotation) = self.selected_annotation() else {
            return Outcome::Unchanged;
        };
        if !annotation.is_multipart() || index >= annotation.parts.len() {
            return Outcome::Unchanged;
        }
        let kept: Vec<Range<usize>> = annotation
            .parts()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, p)| p)
            .collect();
        let Some(mut changed) = annotation.with_parts(kept) else {
            return Outcome::Unchanged;
        };
        changed.modified = now.clone();
        let id = changed.id.clone();
        if self.execute(Command::Replace(changed), None, now).is_some() {
            self.select(Some(id));
            self.notice(texts::PART_REMOVED.into());
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::Action;
    use marginalia_core::Tag;
    use yew::Reducible;

    fn parts(s: &super::AppState) -> Vec<std::ops::Range<usize>> {
        s.with_doc(|d| d.annotations().next().unwrap().parts().collect())
    }

    /// "  Alpha beta.\nGamma delta.": Alpha 2..7, beta 8..12, Gamma 14..19.
    #[test]
    fn parts_are_added_joined_removed_and_undone() {
        let s = tag(&state(), 2, 7, Tag::Quote, "q");
        let add = |s: std::rc::Rc<super::AppState>, start, end| {
            s.reduce(Action::AddPart {
                span: Some(start..end),
                now: ts("02"),
            })
        };
        // (The states share one session: each step goes on from the last.)
        let s = add(s, 13, 20);
        assert_eq!(parts(&s), vec![2..7, 14..19], "trimmed, in text order");
        assert!(s.status.as_ref().unwrap().text.contains("2 parts"));
        let s = add(s, 15, 17);
        assert_eq!(parts(&s), vec![2..7, 14..19]);
        assert_eq!(
            s.status.as_ref().unwrap().text,
            crate::texts::PART_ALREADY_COVERED
        );
        let s = s.reduce(Action::AddPart {
            span: None,
            now: ts("02"),
        });
        assert_eq!(
            s.status.as_ref().unwrap().text,
            crate::texts::SELECT_THE_PART
        );
        let s = add(s, 5, 10);
        assert_eq!(parts(&s), vec![2..10, 14..19], "overlapping parts join");
        let s = s.reduce(Action::RemovePart(0, ts("03")));
        assert_eq!(parts(&s), vec![14..19]);
        assert!(!s.with_doc(|d| d.annotations().next().unwrap().is_multipart()));
        let s = s.reduce(Action::Undo(ts("04")));
        assert_eq!(parts(&s), vec![2..10, 14..19]);
        let s = s.reduce(Action::Undo(ts("05")));
        assert_eq!(parts(&s), vec![2..7, 14..19]);
        let s = s.reduce(Action::Redo(ts("06")));
        assert_eq!(parts(&s), vec![2..10, 14..19]);
    }

    #[test]
    fn adding_a_part_needs_a_selected_annotation() {
        let s = state().reduce(Action::AddPart {
            span: Some(2..7),
            now: ts("02"),
        });
        assert_eq!(
            s.status.as_ref().unwrap().text,
            crate::texts::SELECT_BEFORE_ADDING_A_PART
        );
    }
}
