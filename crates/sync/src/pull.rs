//! Pulling: the server's changes since the checkpoint (`_changes` with
//! `style=all_docs`, every leaf), the revisions this replica lacks
//! (`_bulk_get` with their histories), merged into its trees; the
//! checkpoint saved in a `_local/` document so a restart resumes.

use crate::couch::from_couch;
use crate::replica::Replica;
use crate::rev::Rev;
use crate::wire::{check, encode, Method, Request, Response, SyncError};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Changes asked for at once.
pub const BATCH: usize = 200;

/// What a pull step brought.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pulled {
    /// The document ids whose winner may have changed.
    pub changed: BTreeSet<String>,
    /// Changes read so far in this catch-up, and how many the server said
    /// were left (when it says).
    pub done: usize,
    /// Changes the server has left to send, when it says.
    pub left: Option<u64>,
    /// Whether the replica holds everything the server has (the next
    /// request waits for news).
    pub caught_up: bool,
    /// Documents the server sent that were not taken, and why.
    pub skipped: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    /// Read the checkpoint.
    Checkpoint,
    /// Ask for changes.
    Changes,
    /// Fetch the revisions wanted, then move to `since`.
    Fetch {
        wanted: Vec<(String, String)>,
        since: Value,
        more: bool,
    },
    /// Save the checkpoint.
    Save,
}

/// The pulling half of a sync, as a state machine: ask it for the next
/// [`Request`], give it the [`Response`].
#[derive(Clone, Debug)]
pub struct Puller {
    local_id: String,
    step: Step,
    checkpoint_rev: Option<String>,
    /// How long a caught-up request waits for news, in ms (`None`: it does
    /// not wait, for tests and one-off syncs).
    pub wait_ms: Option<u32>,
    done: usize,
    /// Caught up: the next `_changes` waits for news.
    live: bool,
}

impl Puller {
    /// A puller whose checkpoint is `_local/<client>` (one per browser).
    pub fn new(client: &str) -> Self {
        Puller {
            local_id: format!("_local/marginalia-{}", encode(client)),
            step: Step::Checkpoint,
            checkpoint_rev: None,
            wait_ms: Some(25_000),
            done: 0,
            live: false,
        }
    }

    /// Starts again from reading the checkpoint (after an error).
    pub fn restart(&mut self) {
        self.step = Step::Checkpoint;
        self.done = 0;
        self.live = false;
    }

    /// Whether the next request waits for news (a long poll).
    pub fn is_waiting(&self) -> bool {
        matches!(self.step, Step::Changes) && self.live
    }

    /// The next request.
    pub fn request(&self, replica: &Replica) -> Request {
        match &self.step {
            Step::Checkpoint => Request::get(self.local_id.clone()),
            Step::Changes => {
                let mut path = format!("_changes?style=all_docs&limit={BATCH}");
                if !replica.since.is_null() {
                    let since = match &replica.since {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    path.push_str(&format!("&since={}", encode(&since)));
                }
                if let (true, Some(ms)) = (self.is_waiting(), self.wait_ms) {
                    path.push_str(&format!("&feed=longpoll&timeout={ms}"));
                }
                Request::get(path)
            }
            Step::Fetch { wanted, .. } => {
                let docs: Vec<Value> = wanted
                    .iter()
                    .map(|(id, rev)| json!({"id": id, "rev": rev}))
                    .collect();
                Request::with(
                    Method::Post,
                    "_bulk_get?revs=true",
                    &json!({ "docs": docs }),
                )
            }
            Step::Save => {
                let mut doc = json!({"since": replica.since});
                if let Some(rev) = &self.checkpoint_rev {
                    doc["_rev"] = rev.clone().into();
                }
                Request::with(Method::Put, self.local_id.clone(), &doc)
            }
        }
    }

    /// Takes the answer to the last request.
    pub fn handle(
        &mut self,
        replica: &mut Replica,
        answer: Result<Response, SyncError>,
    ) -> Result<Pulled, SyncError> {
        let response = answer?;
        let mut pulled = Pulled::default();
        match std::mem::replace(&mut self.step, Step::Changes) {
            Step::Checkpoint => self.read_checkpoint(replica, &response)?,
            Step::Changes => self.read_changes(replica, &response, &mut pulled)?,
            Step::Fetch { since, more, .. } => {
                read_docs(replica, &response, &mut pulled)?;
                self.advance(replica, since, more, &mut pulled);
            }
            Step::Save => {
                let saved = check(&response)?;
                self.checkpoint_rev = saved.get("rev").and_then(Value::as_str).map(String::from);
                self.live = true;
                pulled.caught_up = true;
            }
        }
        pulled.done = self.done;
        Ok(pulled)
    }

    fn read_checkpoint(&mut self, replica: &mut Replica, r: &Response) -> Result<(), SyncError> {
        match check(r) {
            Ok(doc) => {
                self.checkpoint_rev = doc.get("_rev").and_then(Value::as_str).map(String::from);
                // Not where this browser left off (another copy of its
                // storage, or a server restored from a backup): start over
                // both ways; what either side has is skipped cheaply.
                if doc.get("since") != Some(&replica.since) {
                    replica.since = Value::Null;
                    replica.mark_all_pending();
                }
            }
            // The server does not know this browser (a new or recreated
            // database): everything is offered to it again.
            Err(SyncError::NoDatabase(why)) if why == "missing" || why == "deleted" => {
                self.checkpoint_rev = None;
                replica.since = Value::Null;
                replica.mark_all_pending();
            }
            Err(e) => return Err(e),
        }
        self.done = 0;
        Ok(())
    }

    fn read_changes(
        &mut self,
        replica: &mut Replica,
        r: &Response,
        pulled: &mut Pulled,
    ) -> Result<(), SyncError> {
        let json = check(r)?;
        let results = json
            .get("results")
            .and_then(Value::as_array)
            .ok_or_else(|| SyncError::Garbled("_changes without results".into()))?;
        let since = json.get("last_seq").cloned().unwrap_or(Value::Null);
        pulled.left = json.get("pending").and_then(Value::as_u64);
        let mut wanted = Vec::new();
        for change in results {
            let Some(id) = change.get("id").and_then(Value::as_str) else {
                continue;
            };
            if id.starts_with("_design/") {
                continue;
            }
            let revs = change.get("changes").and_then(Value::as_array);
            for rev in revs.into_iter().flatten() {
                let Some(rev) = rev.get("rev").and_then(Value::as_str) else {
                    continue;
                };
                let known =
                    Rev::parse(rev).is_some_and(|r| replica.tree(id).is_some_and(|t| t.knows(&r)));
                if !known {
                    wanted.push((id.to_string(), rev.to_string()));
                }
            }
        }
        if self.live && !results.is_empty() {
            self.live = false;
            self.done = 0;
        }
        self.done += results.len();
        let more = results.len() >= BATCH || pulled.left.is_some_and(|l| l > 0);
        if wanted.is_empty() {
            self.advance(replica, since, more, pulled);
        } else {
            self.step = Step::Fetch {
                wanted,
                since,
                more,
            };
        }
        Ok(())
    }

    fn advance(&mut self, replica: &mut Replica, since: Value, more: bool, pulled: &mut Pulled) {
        let moved = !since.is_null() && since != replica.since;
        if moved {
            replica.since = since;
        }
        self.step = if more {
            Step::Changes
        } else if moved || self.checkpoint_rev.is_none() {
            Step::Save
        } else {
            self.live = true;
            pulled.caught_up = true;
            Step::Changes
        };
    }
}

fn read_docs(replica: &mut Replica, r: &Response, pulled: &mut Pulled) -> Result<(), SyncError> {
    let json = check(r)?;
    let results = json
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| SyncError::Garbled("_bulk_get without results".into()))?;
    for result in results {
        let docs = result.get("docs").and_then(Value::as_array);
        for entry in docs.into_iter().flatten() {
            let Some(doc) = entry.get("ok") else {
                let why = entry.get("error").map(Value::to_string).unwrap_or_default();
                pulled.skipped.push(crate::wire::short(&why));
                continue;
            };
            match from_couch(doc) {
                Ok((id, _)) if id.starts_with("_design/") => {}
                Ok((id, leaf)) => {
                    if replica.merge_remote(&id, leaf) != crate::tree::Merge::Known {
                        pulled.changed.insert(id);
                    }
                }
                Err(why) => pulled.skipped.push(crate::wire::short(&why)),
            }
        }
    }
    Ok(())
}
