//! Making a relation from the selected annotation: the list of candidates
//! for its other end (nearest first, narrowed by typing), the choice by
//! keyboard or click, and deleting a relation.

use super::{AppState, Outcome};
use crate::listing::Fold;
use crate::texts;
use marginalia_core::linking::{candidates, Candidate};
use marginalia_core::{AnnotationId, Command, Document, Relation, RelationId, Timestamp};

/// A relation being made: from which annotation, and the choice of its
/// other end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Linking {
    /// The annotation the relation starts at.
    pub from: AnnotationId,
    /// Every possible other end, nearest first.
    pub candidates: Vec<Candidate>,
    /// What the user typed to narrow the list.
    pub filter: String,
    /// The candidates (by index) whose quote, tag or type hold what was
    /// typed, case folded at the edge (see [`Linking::passing`]); `None`:
    /// no filter, all of them.
    pub passing: Option<Vec<usize>>,
    /// The highlighted entry of the shown list.
    pub active: usize,
}

/// Where the user chose the relation's other end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// This entry of the shown (filtered) list.
    Shown(usize),
    /// A click in the text on a run covered by these annotations: the first
    /// candidate among them.
    Among(Vec<AnnotationId>),
}

/// How many candidates are listed at most (the nearest; typing narrows).
pub const SHOWN_CANDIDATES: usize = 50;

impl Linking {
    /// The candidates the filter lets through, the nearest
    /// [`SHOWN_CANDIDATES`].
    pub fn shown(&self) -> Vec<&Candidate> {
        match &self.passing {
            None => self.candidates.iter().take(SHOWN_CANDIDATES).collect(),
            Some(list) => list
                .iter()
                .filter_map(|&i| self.candidates.get(i))
                .take(SHOWN_CANDIDATES)
                .collect(),
        }
    }

    /// The candidates (by index) whose quote, tag or relation type holds
    /// `text`, ignoring case as `fold` lower-cases (the browser's
    /// `toLowerCase` in the app: `É` matches `é`); `None` for a blank text.
    pub fn passing(&self, doc: &Document, text: &str, fold: Fold) -> Option<Vec<usize>> {
        let needle = text.trim();
        if needle.is_empty() {
            return None;
        }
        let mut texts = vec![needle.to_string()];
        for c in &self.candidates {
            let (quote, tag) = doc
                .annotation(&c.to)
                .map(|a| (doc.quote(a), a.tag.label()))
                .unwrap_or_default();
            texts.push(format!("{quote}\u{1}{tag}\u{1}{}", c.kind));
        }
        let folded = fold(&texts);
        let needle = folded[0].as_str();
        Some(
            folded[1..]
                .iter()
                .enumerate()
                .filter(|(_, t)| t.contains(needle))
                .map(|(i, _)| i)
                .collect(),
        )
    }
}

impl AppState {
    /// Opens the choice of the other end of a relation from the selected
    /// annotation.
    pub(super) fn start_link(&mut self) -> Outcome {
        let Some(from) = self.selected.as_ref().map(|s| s.id.clone()) else {
            return self.notice(texts::SELECT_BEFORE_LINKING.into());
        };
        let (found, tag) = self.with_doc(|doc| {
            let tag = doc.annotation(&from).map(|a| a.tag.label().to_string());
            (candidates(doc, &from, &doc.codebook().rules()), tag)
        });
        if found.is_empty() {
            return self.notice(texts::nothing_to_link(&tag.unwrap_or_default()));
        }
        self.linking = Some(std::rc::Rc::new(Linking {
            from,
            candidates: found,
            filter: String::new(),
            passing: None,
            active: 0,
        }));
        Outcome::Changed
    }

    /// Narrows the candidates to those matching `text`.
    pub(super) fn link_filter(&mut self, text: String, passing: Option<Vec<usize>>) -> Outcome {
        let Some(linking) = &self.linking else {
            return Outcome::Unchanged;
        };
        let mut next = Linking::clone(linking);
        next.filter = text;
        next.passing = passing;
        next.active = 0;
        self.linking = Some(std::rc::Rc::new(next));
        Outcome::Changed
    }

    /// Moves the highlighted candidate (wrapping around).
    pub(super) fn link_move(&mut self, by: isize) -> Outcome {
        let Some(linking) = &self.linking else {
            return Outcome::Unchanged;
        };
        let count = linking.shown().len();
        if count == 0 {
            return Outcome::Unchanged;
        }
        let mut next = Linking::clone(linking);
        next.active = (next.active as isize + by).rem_euclid(count as isize) as usize;
        self.linking = Some(std::rc::Rc::new(next));
        Outcome::Changed
    }

    /// Makes the relation to the chosen candidate: one undo step.
    pub(super) fn link_to(&mut self, choice: Choice, id: RelationId, now: Timestamp) -> Outcome {
        let Some(linking) = self.linking.clone() else {
            return Outcome::Unchanged;
        };
        let picked = match &choice {
            Choice::Shown(i) => linking.shown().get(*i).map(|c| (*c).clone()),
            Choice::Among(ids) => linking
                .candidates
                .iter()
                .find(|c| ids.contains(&c.to))
                .cloned(),
        };
        let Some(candidate) = picked else {
            return match choice {
                Choice::Among(_) => self.notice(texts::NOT_A_CANDIDATE.into()),
                Choice::Shown(_) => Outcome::Unchanged,
            };
        };
        let relation = Relation {
            id,
            kind: candidate.kind,
            from: linking.from.clone(),
            to: candidate.to,
            note: String::new(),
            created: now.clone(),
        };
        let label = relation.kind.to_string();
        self.linking = None;
        if self
            .execute(Command::AddRelation(relation), None, now)
            .is_some()
        {
            self.select(Some(linking.from.clone()));
            self.notice(texts::linked(&label));
        }
        Outcome::Changed
    }

    /// Closes the choice of a relation's other end.
    pub(super) fn cancel_link(&mut self) -> Outcome {
        if self.linking.take().is_none() {
            return Outcome::Unchanged;
        }
        Outcome::Changed
    }

    /// Deletes relation `id` (one undo step).
    pub(super) fn remove_relation(&mut self, id: RelationId, now: Timestamp) -> Outcome {
        if self
            .execute(Command::RemoveRelation(id), None, now)
            .is_some()
        {
            let current = self.selected.as_ref().map(|s| s.id.clone());
            self.select(current);
            self.notice(texts::RELATION_DELETED.into());
        }
        Outcome::Changed
    }

    /// Escape: closes the choice of a relation's other end when it is open;
    /// otherwise deselects and closes the panel.
    pub(super) fn escape(&mut self) -> Outcome {
        if self.linking.is_some() {
            return self.cancel_link();
        }
        let deselected = self.select_action(None);
        let closed = self.show_panel(super::Panel::Closed);
        if deselected == Outcome::Changed || closed == Outcome::Changed {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::Action;
    use super::Choice;
    use marginalia_core::{AnnotationId, RelationId, Tag};
    use yew::Reducible;

    fn rid(s: &str) -> RelationId {
        RelationId::new(s).unwrap()
    }

    /// The filter passes what the fold (the browser's `toLowerCase` in the
    /// app) makes match, in quotes, tags and types; a blank one passes all.
    #[test]
    fn the_filter_folds_case_at_the_edge() {
        let s = tag(&state(), 2, 7, Tag::Source, "alpha");
        let s = tag(&s, 14, 19, Tag::Source, "gamma");
        let s = tag(&s, 20, 25, Tag::Quote, "q");
        let s = s.reduce(Action::StartLink);
        let linking = s.linking.clone().unwrap();
        let fold = |texts: &[String]| texts.iter().map(|t| t.to_lowercase()).collect();
        let passing = s.with_doc(|doc| linking.passing(doc, " GAMMA ", &fold));
        let at = |id: &str| linking.candidates.iter().position(|c| c.to.as_str() == id);
        assert_eq!(passing, Some(vec![at("gamma").unwrap()]));
        assert_eq!(s.with_doc(|doc| linking.passing(doc, "  ", &fold)), None);
        let by_tag = s.with_doc(|doc| linking.passing(doc, "SOURCE", &fold));
        assert_eq!(by_tag.map(|v| v.len()), Some(2));
        let s = s.reduce(Action::LinkFilter("GAMMA".into(), passing));
        let shown: Vec<&str> = s
            .linking
            .as_ref()
            .unwrap()
            .shown()
            .iter()
            .map(|c| c.to.as_str())
            .collect();
        assert_eq!(shown, ["gamma"]);
        let s = s.reduce(Action::LinkFilter("zzz".into(), Some(Vec::new())));
        assert!(s.linking.as_ref().unwrap().shown().is_empty());
    }

    #[test]
    fn link_by_keyboard_then_undo_and_redo() {
        let s = tag(&state(), 0, 5, Tag::Source, "src");
        let s = tag(&s, 8, 12, Tag::Source, "far");
        let s = tag(&s, 20, 26, Tag::Quote, "q");
        let s = s.reduce(Action::StartLink);
        let linking = s.linking.clone().expect("the choice is open");
        let order: Vec<&str> = linking.candidates.iter().map(|c| c.to.as_str()).collect();
        assert_eq!(order, ["far", "src"], "nearest first");
        let s = s.reduce(Action::LinkMove(1));
        let s = s.reduce(Action::LinkMove(1));
        assert_eq!(s.linking.as_ref().unwrap().active, 0, "wraps around");
        let s = s.reduce(Action::LinkTo {
            choice: Choice::Shown(0),
            id: rid("r1"),
            now: ts("02"),
        });
        assert!(s.linking.is_none());
        let (count, to) = s.with_doc(|d| (d.relations().len(), d.relations()[0].to.clone()));
        assert_eq!((count, to.as_str()), (1, "far"));
        assert_eq!(s.selected.as_ref().unwrap().id.as_str(), "q");
        assert!(s.session.dirty.borrow().relations);
        let s = s.reduce(Action::Undo(ts("03")));
        assert!(s.with_doc(|d| d.relations().is_empty()));
        assert_eq!(
            s.selected.as_ref().unwrap().id.as_str(),
            "q",
            "still selected"
        );
        let s = s.reduce(Action::Redo(ts("04")));
        assert_eq!(s.with_doc(|d| d.relations().len()), 1);
    }

    #[test]
    fn a_click_links_to_a_candidate_and_escape_cancels() {
        let s = tag(&state(), 0, 5, Tag::Source, "src");
        let s = tag(&s, 20, 26, Tag::Quote, "q");
        let s = s.reduce(Action::StartLink);
        let s = s.reduce(Action::LinkTo {
            choice: Choice::Among(vec![AnnotationId::new("q").unwrap()]),
            id: rid("r1"),
            now: ts("02"),
        });
        assert!(s.linking.is_some(), "the quote itself is no candidate");
        assert!(s.with_doc(|d| d.relations().is_empty()));
        let s = s.reduce(Action::Escape);
        assert!(s.linking.is_none());
        assert!(s.selected.is_some(), "Escape first closes only the choice");
        let s = s.reduce(Action::StartLink);
        let s = s.reduce(Action::LinkTo {
            choice: Choice::Among(vec![AnnotationId::new("src").unwrap()]),
            id: rid("r1"),
            now: ts("02"),
        });
        assert_eq!(s.with_doc(|d| d.relations().len()), 1);
        // Deleting the source deletes the relation; undo brings both back.
        let s = s.reduce(Action::Select(Some(AnnotationId::new("src").unwrap())));
        let s = s.reduce(Action::DeleteSelected(ts("03")));
        assert!(s.with_doc(|d| d.relations().is_empty()));
        let s = s.reduce(Action::Undo(ts("03")));
        assert_eq!(s.with_doc(|d| (d.len(), d.relations().len())), (2, 1));
    }

    #[test]
    fn nothing_to_link_says_so() {
        let s = tag(&state(), 0, 5, Tag::Quote, "q");
        let s = s.reduce(Action::StartLink);
        assert!(s.linking.is_none());
        assert!(s.status.as_ref().unwrap().text.contains("source"));
        let s = tag(&s, 8, 12, Tag::Source, "src");
        let s = s.reduce(Action::StartLink);
        assert!(
            s.linking.is_none(),
            "a source is not where a relation starts"
        );
    }
}
