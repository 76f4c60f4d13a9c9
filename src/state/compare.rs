//! The Compare view's state: the comparison of the layers shown (every
//! annotator's but the gold layer's), computed when the view opens and
//! again after each change while it is open, with the disagreements marked
//! in the text; and adjudication, whose commands (made with fresh ids by
//! [`crate::actions`]) add to the gold layer in one undo step each.

use super::{AppState, Outcome, Panel};
use crate::layers::{agreeing, Layers};
use marginalia_core::compare::{compare, Comparison};
use marginalia_core::gold::GOLD_ID;
use marginalia_core::{AnnotatorId, Command, Timestamp};
use std::collections::HashMap;
use std::rc::Rc;

impl AppState {
    /// The annotators the Compare view compares: those whose layers the
    /// agreement takes, but the gold layer.
    pub fn compared(&self) -> Vec<marginalia_core::Annotator> {
        self.with_doc(|doc| agreeing(doc, &self.layers, &self.me))
            .into_iter()
            .filter(|a| a.id.as_str() != GOLD_ID)
            .collect()
    }

    /// Computes the comparison again (while the Compare view is open; else
    /// drops it) and marks its unresolved disagreements in the text.
    pub(super) fn refresh_comparison(&mut self) {
        let comparison = (self.panel == Panel::Compare).then(|| {
            let who: Vec<AnnotatorId> = self.compared().into_iter().map(|a| a.id).collect();
            if who.len() < 2 {
                return Comparison::default();
            }
            self.with_doc(|doc| compare(doc, &who, &self.me.id))
        });
        let disputed = comparison.as_ref().map(|c| {
            let mut map = HashMap::new();
            for d in c.disagreements.iter().filter(|d| !d.resolved) {
                for id in d.versions.iter().flatten() {
                    map.entry(id.clone()).or_insert(d.kind);
                }
            }
            Rc::new(map)
        });
        self.comparison = comparison.map(Rc::new);
        if self.layers.disputed != disputed {
            self.layers = Rc::new(Layers {
                disputed,
                ..Layers::clone(&self.layers)
            });
            let session = self.session.borrow();
            let view = crate::view::article_view(session.doc(), &self.near, &self.layers);
            drop(session);
            self.article = Rc::new(view);
        }
    }

    /// Carries out an adjudication step (accepting a version, or every
    /// agreement) and says what it did.
    pub(super) fn adjudicate(
        &mut self,
        command: Command,
        notice: String,
        now: Timestamp,
    ) -> Outcome {
        if self.execute(command, None, now).is_some() {
            self.notice(notice);
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::state;
    use super::super::{Action, Panel};
    use marginalia_core::compare::Kind;
    use marginalia_core::gold::{accept, NewIds};
    use marginalia_core::testing::{ann, ts};
    use marginalia_core::{Annotator, AnnotatorId, Command, Tag};
    use yew::Reducible;

    #[test]
    fn compare_marks_disagreements_and_accepting_resolves_them_undoably() {
        let s = state();
        let (ana, bo) = (
            Annotator::new(AnnotatorId::new("a-ana").unwrap(), "Ana"),
            Annotator::new(AnnotatorId::new("a-bo").unwrap(), "Bo"),
        );
        let by = |id: &str, who: &Annotator, start, end| {
            let mut a = ann(id, Tag::Quote, start, end);
            a.annotator = Some(who.id.clone());
            Command::Add(a)
        };
        let batch = Command::Batch(vec![
            Command::SetAnnotators(vec![ana.clone(), bo.clone()]),
            by("a1", &ana, 2, 7),
            by("b1", &bo, 2, 12),
            by("a2", &ana, 14, 19),
            by("b2", &bo, 14, 19),
        ]);
        s.session
            .borrow_mut()
            .execute(batch, None, ts("01"))
            .unwrap();
        let s = s.reduce(Action::ShowPanel(Panel::Compare));
        let c = s.comparison.clone().expect("compared");
        assert_eq!(c.disagreements.len(), 1);
        assert_eq!(c.disagreements[0].kind, Kind::Boundary);
        assert_eq!(c.agreements.len(), 1);
        let marked = s.article.blocks[0].paragraphs[0]
            .runs
            .iter()
            .any(|r| r.class.contains("dispute d-boundary"));
        assert!(marked, "the disagreement is marked in the text");
        // Accept Bo's version: resolved, and undone in one step.
        let mut a_ids = marginalia_core::testing::annotation_ids("g");
        let mut r_ids = marginalia_core::testing::relation_ids("r");
        let command = s.with_doc(|d| {
            accept(
                d,
                &c.disagreements[0].versions[1],
                &ts("02"),
                NewIds {
                    annotation: &mut a_ids,
                    relation: &mut r_ids,
                },
            )
        });
        let s = s.reduce(Action::Adjudicate {
            command: command.unwrap(),
            notice: "Accepted".into(),
            now: ts("02"),
        });
        let c = s.comparison.clone().unwrap();
        assert!(c.disagreements[0].resolved);
        assert_eq!(s.with_doc(|d| d.len()), 5);
        let s = s.reduce(Action::Undo(ts("03")));
        assert_eq!(s.with_doc(|d| d.len()), 4);
        assert!(!s.comparison.clone().unwrap().disagreements[0].resolved);
        // Closing the view takes the marks away.
        let s = s.reduce(Action::ShowPanel(Panel::Closed));
        assert!(s.comparison.is_none() && s.layers.disputed.is_none());
    }
}
