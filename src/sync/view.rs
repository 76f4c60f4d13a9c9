//! What the page shows of the sync: its state (the automation contract's
//! `data-state`), the local changes not yet on the server, a message, the
//! first sync's progress, and the conflicts waiting for the user. Pure
//! values, made from the driver's replica.

use marginalia_sync::replica::Replica;
use serde_json::Value;
use std::collections::BTreeSet;
use std::rc::Rc;

/// From how many changes to move a progress bar is shown.
const BAR_FROM: u64 = 200;

/// Where the sync stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncState {
    /// Not connected.
    #[default]
    Off,
    /// Signing in, or changes are on their way either way.
    Syncing,
    /// Everything here is on the server and everything there is here.
    Synced,
    /// The server cannot be reached; changes wait here.
    Offline,
    /// The server refused or failed; the message says why.
    Error,
}

impl SyncState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncState::Off => "off",
            SyncState::Syncing => "syncing",
            SyncState::Synced => "synced",
            SyncState::Offline => "offline",
            SyncState::Error => "error",
        }
    }
}

/// Another version of an annotation, waiting for the user's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The CouchDB id of the annotation's document.
    pub id: String,
    /// The other version's revision.
    pub rev: String,
    /// The version shown now (label and note).
    pub shown: String,
    /// The other version, or "deleted".
    pub other: String,
    /// Whether the other version is a deletion (then the choice is to
    /// keep the edit or to delete).
    pub deletion: bool,
}

/// The sync as the page shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncView {
    /// The state.
    pub state: SyncState,
    /// Documents with local changes not yet on the server.
    pub pending: usize,
    /// Of those, the ones the server refused (not sent again until changed).
    pub refused: usize,
    /// What went wrong (an error's reason, a refusal), until it is over.
    pub message: Option<String>,
    /// What this browser could not store of the sync (it lasts for the
    /// visit: synced or not, the next connect fetches it again).
    pub unkept: Option<String>,
    /// What went well (the database prepared), until the next such news.
    pub notice: Option<String>,
    /// Changes pulled so far and left, during a catch-up.
    pub progress: Option<(usize, Option<u64>)>,
    /// The most changes waiting since none last waited (what the push
    /// under way has to send in all).
    pub push_total: usize,
    /// Conflicts waiting for a choice.
    pub conflicts: Rc<Vec<Conflict>>,
    /// The database's address and the user signed in, while connected.
    pub connected: Option<(String, String)>,
    /// The documents synced (`None`: the whole library).
    pub only: Option<Rc<BTreeSet<String>>>,
}

impl SyncView {
    /// The status line: "Synced", "Syncing 40 of 200", "Offline, 3
    /// changes waiting"…
    pub fn summary(&self) -> String {
        let waiting = match self.pending {
            0 => String::new(),
            1 => ", 1 change waiting".into(),
            n => format!(", {n} changes waiting"),
        };
        match self.state {
            SyncState::Off => "Sync off".into(),
            SyncState::Syncing => match self.progress {
                Some((done, Some(left))) if left > 0 => {
                    format!("Syncing {done} of {}{waiting}", done as u64 + left)
                }
                _ => format!("Syncing{waiting}"),
            },
            SyncState::Synced => "Synced".into(),
            SyncState::Offline => format!("Offline{waiting}"),
            SyncState::Error => format!("Sync error{waiting}"),
        }
    }

    /// Notes how many changes wait now (the push's total grows with them
    /// and starts again once none waits).
    pub fn set_pending(&mut self, pending: usize) {
        self.pending = pending;
        self.push_total = if pending == 0 {
            0
        } else {
            self.push_total.max(pending)
        };
    }

    /// The progress bar of a large sync, as (done, total): the catch-up's
    /// changes pulled, else the changes sent of those that waited.
    pub fn bar(&self) -> Option<(u64, u64)> {
        if self.state != SyncState::Syncing {
            return None;
        }
        if let Some((done, Some(left))) = self.progress {
            let total = done as u64 + left;
            if left > 0 && total >= BAR_FROM {
                return Some((done as u64, total));
            }
        }
        let total = self.push_total as u64;
        (self.pending > 0 && total >= BAR_FROM).then(|| (total - self.pending as u64, total))
    }
}

/// A version of an annotation in a line: its label and note.
fn describe(body: &Value) -> String {
    let row = body.get("row");
    let label = row
        .and_then(|r| r.get(1))
        .and_then(Value::as_str)
        .unwrap_or("?");
    let note = row
        .and_then(|r| r.get(4))
        .and_then(Value::as_str)
        .unwrap_or("");
    if note.is_empty() {
        label.to_string()
    } else {
        format!("{label}: “{note}”")
    }
}

/// The conflicts of the replica's annotations the user has to settle:
/// other live versions, and deletions beside an edit not yet confirmed.
pub fn conflicts(replica: &Replica) -> Vec<Conflict> {
    let mut out = Vec::new();
    for id in replica.in_conflict() {
        let Some(w) = replica.tree(id).and_then(|t| t.winner()) else {
            continue;
        };
        if w.deleted || w.body.get("type").and_then(Value::as_str) != Some("annotation") {
            continue;
        }
        let versions = replica.tree(id).map(|t| t.conflicts()).unwrap_or_default();
        let deletions = replica.open_deletions(id);
        for (other, deletion) in versions
            .into_iter()
            .map(|l| (l, false))
            .chain(deletions.into_iter().map(|l| (l, true)))
        {
            out.push(Conflict {
                id: id.clone(),
                rev: other.rev().to_string(),
                shown: describe(&w.body),
                other: if deletion {
                    "deleted".into()
                } else {
                    describe(&other.body)
                },
                deletion,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_summary_says_what_waits() {
        let mut v = SyncView {
            state: SyncState::Offline,
            pending: 3,
            ..SyncView::default()
        };
        assert_eq!(v.summary(), "Offline, 3 changes waiting");
        v.state = SyncState::Syncing;
        v.progress = Some((40, Some(160)));
        assert_eq!(v.summary(), "Syncing 40 of 200, 3 changes waiting");
        v.state = SyncState::Synced;
        assert_eq!(v.summary(), "Synced");
    }

    #[test]
    fn a_large_sync_has_a_bar_for_the_pull_then_the_push() {
        let mut v = SyncView {
            state: SyncState::Syncing,
            progress: Some((50, Some(150))),
            ..SyncView::default()
        };
        assert_eq!(v.bar(), Some((50, 200)));
        v.progress = Some((5, Some(15)));
        assert_eq!(v.bar(), None, "too little to show a bar for");
        v.progress = None;
        v.set_pending(1000);
        assert_eq!(v.bar(), Some((0, 1000)));
        v.set_pending(400);
        assert_eq!(v.bar(), Some((600, 1000)));
        v.state = SyncState::Offline;
        assert_eq!(v.bar(), None, "only while syncing");
        v.state = SyncState::Syncing;
        v.set_pending(0);
        v.set_pending(3);
        assert_eq!(v.push_total, 3, "a new push starts from what waits then");
        assert_eq!(v.bar(), None);
    }

    #[test]
    fn an_annotation_in_a_line() {
        let body = json!({"type": "annotation", "row": ["a1", "claim", 0, 3, "é 😀", "t", "t"]});
        assert_eq!(describe(&body), "claim: “é 😀”");
    }
}
