//! One browser's sync as the app drives it: the replica with its puller and
//! pusher, the library's documents recorded into it, and what a pull
//! brought turned back into documents. No I/O: the app carries the
//! requests (two loops, one pulling, one pushing) and gives the answers.
//!
//! Order matters for losing nothing: before a pull's answer is merged, the
//! open document is recorded (so an edit made while the request was under
//! way becomes a revision, not something the merge overwrites), and right
//! after, the documents it touched are assembled again and shown.

use crate::layout::{self, assemble};
use crate::pull::{Pulled, Puller};
use crate::push::{Pushed, Pusher};
use crate::replica::Replica;
use crate::wire::{Request, Response, SyncError};
use marginalia_core::store::Restored;
use marginalia_core::Document;
use std::collections::BTreeSet;

/// A browser's sync with one database.
#[derive(Clone, Debug)]
pub struct Driver {
    /// The local copy (stored by the app between visits).
    pub replica: Replica,
    puller: Puller,
    pusher: Pusher,
    user: String,
    /// Whether the replica has caught up with the server once; before,
    /// nothing local is recorded (a fresh replica would otherwise read the
    /// server's documents this browser lacks as deleted here).
    caught_up_once: bool,
    /// Documents touched before the first catch-up, shown once it is done.
    held: BTreeSet<String>,
}

/// What a pull answer changed.
#[derive(Debug, Default)]
pub struct Arrived {
    /// The pull step's figures.
    pub pulled: Pulled,
    /// The Marginalia documents whose parts changed, rebuilt.
    pub documents: Vec<(String, Option<Restored>)>,
}

impl Driver {
    /// The sync of CouchDB user `user` from this browser (`client`, a
    /// stable id of the profile), resuming from `replica` when stored.
    pub fn new(client: &str, user: &str, replica: Option<Replica>) -> Self {
        let caught_up_once = replica.as_ref().is_some_and(|r| !r.since.is_null());
        Driver {
            replica: replica.unwrap_or_default(),
            puller: Puller::new(client),
            pusher: Pusher::new(),
            user: user.to_string(),
            caught_up_once,
            held: BTreeSet::new(),
        }
    }

    /// Whether local documents are recorded yet (after the first catch-up).
    pub fn ready(&self) -> bool {
        self.caught_up_once
    }

    /// Records `doc` as it is here; returns how many of its parts changed.
    /// Before the first catch-up it does nothing.
    pub fn record(&mut self, doc: &Document) -> usize {
        if !self.caught_up_once {
            return 0;
        }
        layout::record(&mut self.replica, doc, &self.user, true)
    }

    /// Records `doc` without deleting what the replica has and it lacks:
    /// the first recording of a library into a replica that has just
    /// caught up (what the server holds and this browser did not yet see
    /// is new here, not deleted).
    pub fn record_union(&mut self, doc: &Document) -> usize {
        layout::record(&mut self.replica, doc, &self.user, false)
    }

    /// The next push request, if anything waits.
    pub fn push_request(&mut self) -> Option<Request> {
        self.pusher.request(&self.replica)
    }

    /// Takes a push answer; on an error the batch is offered again later.
    pub fn push_answer(
        &mut self,
        answer: Result<Response, SyncError>,
    ) -> Result<Pushed, SyncError> {
        let r = self.pusher.handle(&mut self.replica, answer);
        if r.is_err() {
            self.pusher.restart();
        }
        r
    }

    /// The next pull request.
    pub fn pull_request(&self) -> Request {
        self.puller.request(&self.replica)
    }

    /// Whether the next pull request waits for news.
    pub fn pull_waits(&self) -> bool {
        self.puller.is_waiting()
    }

    /// Sets how long a caught-up pull waits for news (`None`: not at all).
    pub fn set_wait(&mut self, ms: Option<u32>) {
        self.puller.wait_ms = ms;
    }

    /// Takes a pull answer: records `open` first (see the module's note),
    /// merges, and rebuilds the documents touched (`None` for one whose
    /// text is gone). The first catch-up records `library` too.
    pub fn pull_answer(
        &mut self,
        answer: Result<Response, SyncError>,
        open: Option<&Document>,
        library: impl FnOnce() -> Vec<Document>,
    ) -> Result<Arrived, SyncError> {
        if let Some(doc) = open {
            self.record(doc);
        }
        let pulled = match self.puller.handle(&mut self.replica, answer) {
            Ok(p) => p,
            Err(e) => {
                self.puller.restart();
                return Err(e);
            }
        };
        let mut touched: BTreeSet<String> = layout::documents_of(&self.replica, &pulled.changed);
        if !self.caught_up_once {
            // Nothing is shown before the first catch-up: the library is
            // recorded then, and a document replaced earlier would lose
            // what this browser has and the server does not.
            self.held.append(&mut touched);
            if !pulled.caught_up {
                return Ok(Arrived {
                    pulled,
                    documents: Vec::new(),
                });
            }
            touched = std::mem::take(&mut self.held);
            self.caught_up_once = true;
            for doc in library() {
                if self.record_union(&doc) > 0
                    || self
                        .replica
                        .body(&layout::text_id(doc.id().as_str()))
                        .is_some()
                {
                    touched.insert(doc.id().to_string());
                }
            }
        }
        let documents = touched
            .into_iter()
            .map(|d| {
                let restored = assemble(&self.replica, &d).and_then(Result::ok);
                (d, restored)
            })
            .collect();
        Ok(Arrived { pulled, documents })
    }

    /// The annotator (as the layout stores it) that CouchDB user `user`
    /// wrote from another browser, if any: the first by id, so every
    /// browser of one user picks the same.
    pub fn annotator_of(&self, user: &str) -> Option<serde_json::Value> {
        self.replica
            .ids()
            .filter(|id| id.contains(":who:"))
            .filter_map(|id| self.replica.body(id))
            .find(|b| b.get(crate::replica::OWNER).and_then(|o| o.as_str()) == Some(user))
            .and_then(|b| b.get("annotator").cloned())
    }

    /// How many documents hold changes not yet on the server.
    pub fn pending(&self) -> usize {
        self.replica.pending_count()
    }

    /// The server's refusals, by CouchDB id, with its reasons.
    pub fn refused(&self) -> Vec<(String, String)> {
        self.replica
            .refused()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// Forgets requests under way (after the server restarted, say).
    pub fn restart(&mut self) {
        self.puller.restart();
        self.pusher.restart();
    }
}
