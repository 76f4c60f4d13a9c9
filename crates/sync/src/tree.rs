//! A document's revision tree, kept as its leaves: each with its history
//! (newest first) and, for the leaves only, its body. Enough to tell what
//! a replica knows, which revision wins and which are in conflict.

use crate::rev::{winner_order, History, Rev};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One leaf of a document's tree: a revision nothing replaces yet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Leaf {
    /// The revision and its ancestors.
    pub history: History,
    /// Whether this revision deletes the document.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// The document's fields at this revision (no `_id`, `_rev`, …).
    pub body: Value,
}

impl Leaf {
    /// Its revision.
    pub fn rev(&self) -> Rev {
        self.history.head()
    }
}

/// What merging a revision into a tree did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// The tree already held it (as a leaf or an ancestor): nothing changed.
    Known,
    /// It replaced the leaf (or leaves) it descends from.
    Extended,
    /// It starts a branch of its own: a conflict, unless it is deleted.
    Branched,
}

/// The leaves of one document, never empty once anything is merged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    /// In the order they came.
    pub leaves: Vec<Leaf>,
}

impl Tree {
    /// Whether any leaf is `rev` or descends from it.
    pub fn knows(&self, rev: &Rev) -> bool {
        self.leaves.iter().any(|l| l.history.contains(rev))
    }

    /// Takes in a revision: a leaf it descends from is replaced, one it
    /// does not is kept beside it.
    pub fn merge(&mut self, leaf: Leaf) -> Merge {
        if self.knows(&leaf.rev()) {
            return Merge::Known;
        }
        let before = self.leaves.len();
        self.leaves.retain(|l| !leaf.history.contains(&l.rev()));
        let merged = if self.leaves.len() < before || before == 0 {
            Merge::Extended
        } else {
            Merge::Branched
        };
        self.leaves.push(leaf);
        merged
    }

    /// The winning leaf, by CouchDB's rule ([`winner_order`]).
    pub fn winner(&self) -> Option<&Leaf> {
        self.leaves
            .iter()
            .max_by(|a, b| winner_order((&a.rev(), a.deleted), (&b.rev(), b.deleted)))
    }

    /// The live leaves that lost: edits made apart that the user must see.
    pub fn conflicts(&self) -> Vec<&Leaf> {
        let Some(w) = self.winner() else {
            return Vec::new();
        };
        let w = w.rev();
        self.leaves
            .iter()
            .filter(|l| !l.deleted && l.rev() != w)
            .collect()
    }

    /// Deletions beside a live winner: deleted in one place, edited in
    /// another (the edit wins until the user confirms the deletion). A
    /// deletion that closed a conflict's branch
    /// ([`crate::replica::CLOSED`]) is not one.
    pub fn deletions_beside(&self) -> Vec<&Leaf> {
        let open = |l: &&Leaf| l.deleted && l.body.get(crate::replica::CLOSED).is_none();
        match self.winner() {
            Some(w) if !w.deleted => self.leaves.iter().filter(open).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the document is there (its winner is not a deletion).
    pub fn is_live(&self) -> bool {
        self.winner().is_some_and(|w| !w.deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn leaf(parent: Option<&Leaf>, body: Value, deleted: bool) -> Leaf {
        let rev = Rev::next(parent.map(|p| p.rev()).as_ref(), &body, deleted);
        let history = match parent {
            Some(p) => p.history.child(&rev),
            None => History::root(&rev),
        };
        Leaf {
            history,
            deleted,
            body,
        }
    }

    #[test]
    fn an_edit_replaces_its_parent() {
        let mut t = Tree::default();
        let one = leaf(None, json!({"n": 1}), false);
        assert_eq!(t.merge(one.clone()), Merge::Extended);
        assert_eq!(t.merge(one.clone()), Merge::Known);
        let two = leaf(Some(&one), json!({"n": 2}), false);
        assert_eq!(t.merge(two.clone()), Merge::Extended);
        assert_eq!(t.leaves, vec![two.clone()]);
        assert_eq!(t.merge(one), Merge::Known, "an ancestor is known");
        assert!(t.conflicts().is_empty());
    }

    #[test]
    fn edits_made_apart_are_both_kept_and_every_replica_picks_one_winner() {
        let one = leaf(None, json!({"n": 1}), false);
        let a = leaf(Some(&one), json!({"n": "a"}), false);
        let b = leaf(Some(&one), json!({"n": "b"}), false);
        let mut x = Tree::default();
        let mut y = Tree::default();
        for l in [&one, &a, &b] {
            x.merge(l.clone());
        }
        for l in [&one, &b, &a] {
            y.merge(l.clone());
        }
        assert_eq!(x.leaves.len(), 2);
        assert_eq!(x.winner().unwrap().rev(), y.winner().unwrap().rev());
        assert_eq!(x.conflicts().len(), 1);
        assert_ne!(x.conflicts()[0].rev(), x.winner().unwrap().rev());
    }

    #[test]
    fn an_edit_beats_a_deletion_made_apart() {
        let one = leaf(None, json!({"n": 1}), false);
        let gone = leaf(Some(&one), json!({}), true);
        let kept = leaf(Some(&one), json!({"n": 2}), false);
        let mut t = Tree::default();
        for l in [one, gone, kept.clone()] {
            t.merge(l);
        }
        assert_eq!(t.winner().unwrap().rev(), kept.rev());
        assert!(t.is_live());
        assert!(t.conflicts().is_empty());
        assert_eq!(t.deletions_beside().len(), 1);
    }

    #[test]
    fn a_deletion_alone_leaves_nothing_live() {
        let one = leaf(None, json!({"n": 1}), false);
        let gone = leaf(Some(&one), json!({}), true);
        let mut t = Tree::default();
        t.merge(one);
        t.merge(gone);
        assert!(!t.is_live());
        assert!(t.deletions_beside().is_empty());
    }
}
