//! Which annotation is selected, and which blocks of the article are drawn
//! with their highlights.

use super::{AppState, Outcome, Selected};
use crate::view::{update_view, BLOCK_SIZE};
use marginalia_core::AnnotationId;
use std::ops::Range;
use std::rc::Rc;

impl AppState {
    /// Selects an annotation (or none), unless it is selected already.
    pub(super) fn select_action(&mut self, id: Option<AnnotationId>) -> Outcome {
        if self.selected.as_ref().map(|chosen| &chosen.id) == id.as_ref() {
            return Outcome::Unchanged;
        }
        self.select(id);
        Outcome::Changed
    }

    /// A click on a highlight covered by `ids`: selects one of them (see
    /// [`AppState::pick`]).
    pub(super) fn click_highlight(&mut self, ids: &[AnnotationId]) -> Outcome {
        let id = self.pick(ids);
        self.select(id);
        Outcome::Changed
    }

    /// These blocks came near the viewport: draws their highlights, unless
    /// they are drawn already.
    pub(super) fn near_blocks(&mut self, blocks: &[usize]) -> Outcome {
        if blocks.iter().all(|&block| self.near.is_near(block)) {
            return Outcome::Unchanged;
        }
        self.show_blocks(blocks);
        Outcome::Changed
    }

    /// Selects `id` (none when it is not an annotation of the document) and
    /// draws the highlights of the blocks it spans.
    pub(super) fn select(&mut self, id: Option<AnnotationId>) {
        self.linking = None;
        let selected = {
            let session = self.session.borrow();
            let doc = session.doc();
            let spanned = |id: &AnnotationId| {
                let a = doc.annotation(id)?;
                Some(doc.text().paragraphs_touched(a.start, a.end))
            };
            id.and_then(|id| {
                let paragraphs = spanned(&id)?;
                let related = doc
                    .relations_of(&id)
                    .filter_map(|r| r.other_end(&id))
                    .filter_map(|other| Some((other.clone(), spanned(other)?)))
                    .collect();
                Some(Selected {
                    paragraphs,
                    related: Rc::new(related),
                    id,
                })
            })
        };
        // The highlights of the selected annotation and of those related to
        // it are drawn wherever they are.
        if let Some(chosen) = &selected {
            let mut blocks = Vec::new();
            let spans =
                std::iter::once(&chosen.paragraphs).chain(chosen.related.iter().map(|(_, p)| p));
            for paragraphs in spans {
                blocks.extend(paragraphs.start / BLOCK_SIZE..=(paragraphs.end - 1) / BLOCK_SIZE);
            }
            blocks.sort_unstable();
            blocks.dedup();
            self.show_blocks(&blocks);
        }
        self.selected = selected;
    }

    /// Draws the highlights of these blocks (rebuilding those that were
    /// plain text).
    fn show_blocks(&mut self, blocks: &[usize]) {
        let added = self.near.add(blocks);
        if added.is_empty() {
            return;
        }
        let paragraphs: Vec<Range<usize>> = added
            .iter()
            .map(|block| block * BLOCK_SIZE..(block + 1) * BLOCK_SIZE)
            .collect();
        let session = self.session.borrow();
        self.article = Rc::new(update_view(
            &self.article,
            session.doc(),
            &paragraphs,
            &self.near,
            &self.layers,
        ));
    }

    /// The annotation to select for a click on a run covered by `ids`: the
    /// next one after the selected one when it is among them (repeated
    /// clicks cycle through overlapping annotations), else the shortest.
    fn pick(&self, ids: &[AnnotationId]) -> Option<AnnotationId> {
        let current = self.selected.as_ref().map(|chosen| &chosen.id);
        if let Some(index) = ids.iter().position(|id| Some(id) == current) {
            return ids.get((index + 1) % ids.len()).cloned();
        }
        self.with_doc(|doc| {
            ids.iter()
                .filter_map(|id| doc.annotation(id))
                .min_by_key(|annotation| (annotation.end - annotation.start, annotation.start))
                .map(|annotation| annotation.id.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::{Action, AppState};
    use crate::persist::Persist;
    use marginalia_core::{AnnotationId, Document, DocumentId, Index, Metadata, Tag, Text};
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn clicks_on_overlaps_pick_the_shortest_then_cycle() {
        let s = tag(&state(), 2, 26, Tag::Claim, "long");
        let s = tag(&s, 8, 12, Tag::Source, "short");
        let s = s.reduce(Action::Select(None));
        let ids = vec![
            AnnotationId::new("long").unwrap(),
            AnnotationId::new("short").unwrap(),
        ];
        let s = s.reduce(Action::ClickHighlight(ids.clone()));
        assert_eq!(s.selected.as_ref().unwrap().id.as_str(), "short");
        let s = s.reduce(Action::ClickHighlight(ids));
        assert_eq!(s.selected.as_ref().unwrap().id.as_str(), "long");
        assert_eq!(s.selected.as_ref().unwrap().paragraphs, 0..2);
    }

    #[test]
    fn selecting_the_selected_annotation_keeps_the_same_state() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let same = s
            .clone()
            .reduce(Action::Select(Some(AnnotationId::new("a").unwrap())));
        assert!(Rc::ptr_eq(&same, &s));
    }

    #[test]
    fn far_blocks_are_plain_until_near_or_selected() {
        // 200 paragraphs (7 blocks), each "p<i> word", annotated in block 5.
        let text: Vec<String> = (0..200).map(|i| format!("p{i} word")).collect();
        let doc = Document::new(
            DocumentId::new("long").unwrap(),
            Metadata::default(),
            Text::new(text.join("\n")),
            ts("00"),
        );
        let s = Rc::new(AppState::new(
            doc,
            true,
            Index::new(),
            Vec::new(),
            Persist::in_memory(),
        ));
        let at = s.with_doc(|d| d.text().paragraphs()[170].start);
        let s = tag(&s, at, at + 4, Tag::Quote, "far");
        let highlighted = |s: &AppState, b: usize| {
            s.article.blocks[b]
                .paragraphs
                .iter()
                .any(|p| p.runs.iter().any(|r| !r.ids.is_empty()))
        };
        assert!(
            highlighted(&s, 5),
            "tagging selects it, so its block is drawn"
        );
        let s = s.reduce(Action::Select(None));
        assert!(highlighted(&s, 5), "blocks stay drawn");
        // A fresh state: block 5 is plain text with the same text.
        let s = Rc::new(AppState::new(
            s.with_doc(|d| d.clone()),
            false,
            Index::new(),
            Vec::new(),
            Persist::in_memory(),
        ));
        assert!(!highlighted(&s, 5));
        let p = &s.article.blocks[5].paragraphs[170 - 160];
        assert_eq!(p.runs.len(), 1);
        assert_eq!(p.runs[0].text, "p170 word");
        let same = s.clone().reduce(Action::Near(vec![0, 1]));
        assert!(Rc::ptr_eq(&same, &s), "already near: no new state");
        let s = s.reduce(Action::Near(vec![5]));
        assert!(highlighted(&s, 5) && !highlighted(&s, 4));
        let s = Rc::new(AppState::new(
            s.with_doc(|d| d.clone()),
            false,
            Index::new(),
            Vec::new(),
            Persist::in_memory(),
        ));
        let s = s.reduce(Action::Select(Some(AnnotationId::new("far").unwrap())));
        assert!(highlighted(&s, 5), "selecting draws its block");
    }
}
