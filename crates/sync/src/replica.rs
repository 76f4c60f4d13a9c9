//! The browser's copy of the synced database: every document's tree, which
//! local changes the server has not confirmed, where pulling resumes, and
//! what the user decided about conflicts. Stored as one JSON value.

use crate::rev::{History, Rev};
use crate::tree::{Leaf, Merge, Tree};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The field naming the CouchDB user who first wrote a document (the
/// design document lets only them, or an admin, change it).
pub const OWNER: &str = "owner";

/// Fields a deletion keeps, so the server can tell whose it is and which
/// article it belongs to.
/// Marks the deletion that closes a branch of a conflict.
pub const CLOSED: &str = "closed";

const KEPT_IN_DELETION: [&str; 3] = ["type", "document", OWNER];

/// The local copy of the database.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Replica {
    docs: BTreeMap<String, Tree>,
    /// Ids changed here and not yet confirmed by the server, with the
    /// change counter of their last change.
    pending: BTreeMap<String, u64>,
    counter: u64,
    /// The server's sequence after the last change pulled (`null`: none).
    #[serde(default)]
    pub since: Value,
    /// Deletions (`id rev`) the user chose to ignore, keeping the edit.
    #[serde(default)]
    kept: BTreeSet<String>,
    /// Ids the server refused to take, and its reason.
    #[serde(default)]
    refused: BTreeMap<String, String>,
}

impl Replica {
    /// An empty replica.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tree of a document.
    pub fn tree(&self, id: &str) -> Option<&Tree> {
        self.docs.get(id)
    }

    /// Every document id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &String> + '_ {
        self.docs.keys()
    }

    /// The ids starting with `prefix`, in order.
    pub fn ids_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.docs
            .range(prefix.to_string()..)
            .map(|(k, _)| k)
            .take_while(move |k| k.starts_with(prefix))
    }

    /// The winning body of a document that is there.
    pub fn body(&self, id: &str) -> Option<&Value> {
        let w = self.docs.get(id)?.winner()?;
        (!w.deleted).then_some(&w.body)
    }

    /// Records a change made here: `body` (its owner set to the winner's,
    /// or `user` for a new document) or, with `None`, a deletion. Returns
    /// whether anything changed.
    pub fn set_local(&mut self, id: &str, body: Option<Value>, user: &str) -> bool {
        let tree = self.docs.entry(id.to_string()).or_default();
        let winner = tree.winner().cloned();
        let live = winner.as_ref().filter(|w| !w.deleted);
        let leaf = match body {
            Some(mut body) => {
                let owner = live
                    .and_then(|w| w.body.get(OWNER).cloned())
                    .unwrap_or_else(|| Value::String(user.to_string()));
                if let Value::Object(m) = &mut body {
                    m.insert(OWNER.into(), owner);
                }
                if live.is_some_and(|w| w.body == body) {
                    return false;
                }
                child(winner.as_ref(), body, false)
            }
            None => match live {
                Some(w) => child(Some(w), deletion_of(&w.body), true),
                None => return false,
            },
        };
        tree.merge(leaf);
        self.touch(id);
        true
    }

    /// Records a document as this browser holds it when joining without a
    /// base (no replica of its own from before): nothing tells for sure
    /// whether this copy or the server's is the newer, so a part the
    /// server holds is never overwritten. It is left as the server has it
    /// when it is another user's (or names no owner), when it is not an
    /// annotation (only annotations' conflicts are offered to the user),
    /// and when the server's annotation was modified no earlier than this
    /// copy (this one is an older state of it). An annotation of `user`'s
    /// modified here later, or deleted on the server, becomes a branch of
    /// its own (a first revision), so both versions survive as a conflict
    /// for the user to settle. A part the server lacks is recorded as by
    /// [`Replica::set_local`]. Returns whether anything changed.
    pub fn join_local(&mut self, id: &str, body: Value, user: &str) -> bool {
        let Some(winner) = self.docs.get(id).and_then(Tree::winner) else {
            return self.set_local(id, Some(body), user);
        };
        let owner = winner.body.get(OWNER).and_then(Value::as_str);
        let annotation = body.get("type").and_then(Value::as_str) == Some("annotation");
        if owner != Some(user) || !annotation {
            return false;
        }
        let mut body = body;
        if let Value::Object(m) = &mut body {
            m.insert(OWNER.into(), Value::String(user.to_string()));
        }
        let modified = |b: &Value| {
            b.pointer("/row/6")
                .and_then(Value::as_str)
                .map(String::from)
        };
        if !winner.deleted {
            let older = matches!((modified(&body), modified(&winner.body)), (Some(here), Some(there)) if here <= there);
            if winner.body == body || older {
                return false;
            }
        }
        let tree = self.docs.get_mut(id).expect("looked up above");
        if tree.merge(child(None, body, false)) == Merge::Known {
            return false;
        }
        self.touch(id);
        true
    }

    /// Takes in a revision pulled from the server; returns what it did.
    pub fn merge_remote(&mut self, id: &str, leaf: Leaf) -> Merge {
        self.docs.entry(id.to_string()).or_default().merge(leaf)
    }

    fn touch(&mut self, id: &str) {
        self.counter += 1;
        self.pending.insert(id.to_string(), self.counter);
        self.refused.remove(id);
    }

    /// How many documents hold changes the server has not confirmed.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Up to `n` of them (refused ones left out), with their change counter.
    pub fn pending_batch(&self, n: usize) -> Vec<(String, u64)> {
        self.pending
            .iter()
            .filter(|(id, _)| !self.refused.contains_key(*id))
            .take(n)
            .map(|(id, c)| (id.clone(), *c))
            .collect()
    }

    /// The server has every leaf of `id` as of change `counter`.
    pub fn confirm(&mut self, id: &str, counter: u64) {
        if self.pending.get(id) == Some(&counter) {
            self.pending.remove(id);
        }
    }

    /// The server refused `id` (it stays pending, not retried until it
    /// changes again).
    pub fn refuse(&mut self, id: &str, reason: &str) {
        self.refused.insert(id.to_string(), reason.to_string());
    }

    /// What the server refused, and why.
    pub fn refused(&self) -> &BTreeMap<String, String> {
        &self.refused
    }

    /// Every document to be offered to the server again (it forgot them:
    /// a new or recreated database).
    pub fn mark_all_pending(&mut self) {
        let ids: Vec<String> = self.docs.keys().cloned().collect();
        for id in ids {
            self.touch(&id);
        }
    }

    /// Keeps the other version `rev` of `id` in place of the winner: the
    /// winner's branch takes its body, its own branch is closed.
    pub fn keep_other(&mut self, id: &str, rev: &Rev) -> bool {
        let Some(tree) = self.docs.get_mut(id) else {
            return false;
        };
        let (Some(w), Some(other)) = (tree.winner().cloned(), find(tree, rev)) else {
            return false;
        };
        if other.deleted || other.rev() == w.rev() {
            return false;
        }
        let mut body = other.body.clone();
        if let (Value::Object(m), Some(owner)) = (&mut body, w.body.get(OWNER)) {
            m.insert(OWNER.into(), owner.clone());
        }
        tree.merge(child(Some(&w), body, false));
        tree.merge(child(Some(&other), closing(&other.body), true));
        self.touch(id);
        true
    }

    /// Discards the other version `rev` of `id` (its branch is closed).
    pub fn discard_other(&mut self, id: &str, rev: &Rev) -> bool {
        let Some(tree) = self.docs.get_mut(id) else {
            return false;
        };
        let Some(other) = find(tree, rev).filter(|o| !o.deleted) else {
            return false;
        };
        if tree.winner().is_some_and(|w| w.rev() == other.rev()) {
            return false;
        }
        tree.merge(child(Some(&other), closing(&other.body), true));
        self.touch(id);
        true
    }

    /// The user saw the deletion `rev` beside an edit and keeps the edit.
    pub fn keep_despite(&mut self, id: &str, rev: &Rev) {
        self.kept.insert(format!("{id} {rev}"));
    }

    /// Deletions beside a live edit the user has not yet decided about.
    pub fn open_deletions(&self, id: &str) -> Vec<&Leaf> {
        self.docs.get(id).map_or_else(Vec::new, |t| {
            t.deletions_beside()
                .into_iter()
                .filter(|l| !self.kept.contains(&format!("{id} {}", l.rev())))
                .collect()
        })
    }

    /// Ids with versions in conflict or deletions not decided about.
    pub fn in_conflict(&self) -> Vec<&String> {
        self.docs
            .iter()
            .filter(|(id, t)| !t.conflicts().is_empty() || !self.open_deletions(id).is_empty())
            .map(|(id, _)| id)
            .collect()
    }
}

fn find(tree: &Tree, rev: &Rev) -> Option<Leaf> {
    tree.leaves.iter().find(|l| &l.rev() == rev).cloned()
}

fn deletion_of(body: &Value) -> Value {
    let mut m = Map::new();
    for k in KEPT_IN_DELETION {
        if let Some(v) = body.get(k) {
            m.insert(k.into(), v.clone());
        }
    }
    Value::Object(m)
}

/// The deletion that closes a branch after the user chose between
/// versions (not a deletion the user must decide about).
fn closing(body: &Value) -> Value {
    let mut d = deletion_of(body);
    d[CLOSED] = true.into();
    d
}

fn child(parent: Option<&Leaf>, body: Value, deleted: bool) -> Leaf {
    let rev = Rev::next(parent.map(Leaf::rev).as_ref(), &body, deleted);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_local_change_is_pending_until_confirmed_at_its_counter() {
        let mut r = Replica::new();
        assert!(r.set_local("a", Some(json!({"n": 1})), "ana"));
        assert!(!r.set_local("a", Some(json!({"n": 1})), "ana"), "no change");
        assert_eq!(r.body("a").unwrap()[OWNER], "ana");
        let batch = r.pending_batch(10);
        assert!(r.set_local("a", Some(json!({"n": 2})), "ana"));
        r.confirm("a", batch[0].1);
        assert_eq!(r.pending_count(), 1, "changed again since the batch");
        r.confirm("a", r.pending_batch(10)[0].1);
        assert_eq!(r.pending_count(), 0);
    }

    #[test]
    fn the_owner_stays_the_first_writers() {
        let mut r = Replica::new();
        r.set_local("a", Some(json!({"n": 1})), "ana");
        r.set_local("a", Some(json!({"n": 2})), "ben");
        assert_eq!(r.body("a").unwrap()[OWNER], "ana");
    }

    #[test]
    fn a_deletion_keeps_whose_and_where() {
        let mut r = Replica::new();
        r.set_local(
            "a",
            Some(json!({"type": "annotation", "document": "d", "row": [1]})),
            "ana",
        );
        assert!(r.set_local("a", None, "ana"));
        assert!(!r.set_local("a", None, "ana"));
        let w = r.tree("a").unwrap().winner().unwrap();
        assert!(w.deleted);
        assert_eq!(
            w.body,
            json!({"type": "annotation", "document": "d", "owner": "ana"})
        );
        assert_eq!(r.body("a"), None);
    }

    fn conflicted() -> (Replica, Rev) {
        let mut here = Replica::new();
        here.set_local("a", Some(json!({"n": 1})), "ana");
        let mut there = here.clone();
        here.set_local("a", Some(json!({"n": "here"})), "ana");
        there.set_local("a", Some(json!({"n": "there"})), "ana");
        let theirs = there.tree("a").unwrap().winner().unwrap().clone();
        here.merge_remote("a", theirs);
        let other = here.tree("a").unwrap().conflicts()[0].rev();
        (here, other)
    }

    #[test]
    fn keeping_the_other_version_ends_the_conflict_with_its_body() {
        let (mut r, other) = conflicted();
        let lost = find(r.tree("a").unwrap(), &other).unwrap().body;
        assert!(r.keep_other("a", &other));
        let t = r.tree("a").unwrap();
        assert!(t.conflicts().is_empty());
        assert_eq!(r.body("a"), Some(&lost));
        assert!(r.in_conflict().is_empty());
    }

    #[test]
    fn discarding_the_other_version_keeps_the_winner() {
        let (mut r, other) = conflicted();
        let won = r.body("a").cloned();
        assert!(r.discard_other("a", &other));
        assert_eq!(r.body("a").cloned(), won);
        assert!(r.in_conflict().is_empty());
        assert!(!r.discard_other("a", &other), "already closed");
    }

    #[test]
    fn a_deletion_beside_an_edit_waits_for_the_user() {
        let mut here = Replica::new();
        here.set_local("a", Some(json!({"n": 1})), "ana");
        let mut there = here.clone();
        here.set_local("a", Some(json!({"n": 2})), "ana");
        there.set_local("a", None, "ana");
        here.merge_remote("a", there.tree("a").unwrap().winner().unwrap().clone());
        assert!(here.body("a").is_some(), "the edit wins");
        let gone = here.open_deletions("a")[0].rev();
        assert_eq!(here.in_conflict().len(), 1);
        here.keep_despite("a", &gone);
        assert!(here.in_conflict().is_empty());
    }

    #[test]
    fn survives_a_round_trip_through_json() {
        let (r, _) = conflicted();
        let back: Replica = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}
