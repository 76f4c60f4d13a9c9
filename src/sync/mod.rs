//! The CouchDB sync while the page is open: sign-in, then two loops — one
//! pulling (a long poll while caught up), one pushing what changed here —
//! around the pure [`Driver`]. What a pull rebuilt is shown (the open
//! document) or stored (the library's others); the replica is stored
//! between visits, the password never. `docs/sync.md` tells the whole.

pub mod view;

use crate::persist::{Dirty, Persist, SyncSettings};
use crate::state::{Action, AppState, Shared};
use crate::web::couch::{carry, Abort, Credentials};
use marginalia_core::store::StorageError;
use marginalia_core::{Document, Entry, Index};
use marginalia_sync::wire::Request;
use marginalia_sync::{Driver, Endpoint, SyncError};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use view::{conflicts, SyncState, SyncView};
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

pub mod actions;
mod connect;
mod scope;

/// How often the push loop looks for local changes, in ms.
const TICK_MS: u64 = 200;
/// The longest wait before trying an unreachable server again, in ms.
const MAX_BACKOFF_MS: u64 = 5_000;
/// How long a request may take before the server counts as unreachable,
/// in ms (a long poll: the server's wait and this).
const TIMEOUT_MS: u32 = 60_000;
/// How long the server holds a caught-up pull before answering, in ms.
const LONG_POLL_MS: u32 = 25_000;
/// The replica is written at most this often, in ms (it is large).
const SAVE_EVERY_MS: f64 = 1_000.0;

/// One connection: the driver and where it talks.
struct Live {
    driver: Driver,
    end: Endpoint,
    who: Credentials,
    abort: Abort,
    url: String,
    /// Aborts the requests under way when the browser goes offline.
    _offline: crate::web::events::Connectivity,
}

/// The sync of this page: shared by the hook, the panel and the loops.
pub struct Sync {
    persist: Persist,
    dispatch: UseReducerDispatcher<AppState>,
    set_view: RefCell<Option<UseStateSetter<SyncView>>>,
    view: RefCell<SyncView>,
    live: RefCell<Option<Live>>,
    /// Bumped by every connect and disconnect: a loop of an older one stops.
    generation: Cell<u64>,
    open: RefCell<Option<Shared>>,
    library: RefCell<Rc<Index>>,
    /// The open document changed since it was last recorded.
    changed: Cell<bool>,
    replica_dirty: Cell<bool>,
    /// The replica found no room: it is tried again only when the page
    /// is left (each try writes it whole).
    replica_unkept: Cell<bool>,
    saved_at: Cell<f64>,
    /// This profile's annotator has made annotations: it is not replaced.
    keep_annotator: Cell<bool>,
}

impl Sync {
    /// The page's sync, off.
    pub fn new(persist: Persist, dispatch: UseReducerDispatcher<AppState>) -> Rc<Self> {
        let sync = Rc::new(Sync {
            persist,
            dispatch,
            set_view: RefCell::new(None),
            view: RefCell::new(SyncView::default()),
            live: RefCell::new(None),
            generation: Cell::new(0),
            open: RefCell::new(None),
            library: RefCell::new(Rc::new(Index::new())),
            changed: Cell::new(false),
            replica_unkept: Cell::new(false),
            replica_dirty: Cell::new(false),
            saved_at: Cell::new(0.0),
            keep_annotator: Cell::new(false),
        });
        sync.load_scope();
        sync
    }

    /// The settings as stored (a client id made on the first visit).
    pub fn settings(&self) -> SyncSettings {
        self.persist.sync_settings(crate::web::uuid)
    }

    /// The view now.
    pub fn view(&self) -> SyncView {
        self.view.borrow().clone()
    }

    /// Where the page shows the view.
    pub fn show_with(&self, setter: UseStateSetter<SyncView>) {
        *self.set_view.borrow_mut() = Some(setter);
    }

    /// The page rendered: the open document (changed when `revision`
    /// moved) and the library as they are now.
    pub fn rendered(&self, open: &Shared, library: &Rc<Index>) {
        let same = self.open.borrow().as_ref() == Some(open);
        if !same {
            *self.open.borrow_mut() = Some(open.clone());
        }
        self.changed.set(true);
        *self.library.borrow_mut() = library.clone();
        // A change is on its way until the push loop has recorded and sent
        // it: the status says so at once.
        if self.live.borrow().is_some() {
            self.update(|v| {
                if v.state == SyncState::Synced {
                    v.state = SyncState::Syncing;
                }
            });
        }
    }

    fn update(&self, f: impl FnOnce(&mut SyncView)) {
        let mut v = self.view.borrow().clone();
        if let Some(live) = self.live.borrow().as_ref() {
            v.set_pending(live.driver.pending());
            v.refused = live.driver.refused().len();
            let now = conflicts(&live.driver.replica);
            if *v.conflicts != now {
                v.conflicts = Rc::new(now);
            }
        }
        f(&mut v);
        if *self.view.borrow() != v {
            *self.view.borrow_mut() = v.clone();
            if let Some(set) = self.set_view.borrow().as_ref() {
                set.set(v);
            }
        }
    }

    fn current(&self, generation: u64) -> bool {
        self.generation.get() == generation && self.live.borrow().is_some()
    }

    /// Runs `f` on the connection of `generation`, if it is still the one.
    fn with_live<R>(&self, generation: u64, f: impl FnOnce(&mut Live) -> R) -> Option<R> {
        if self.generation.get() != generation {
            return None;
        }
        self.live.borrow_mut().as_mut().map(f)
    }

    fn open_doc(&self) -> Option<Document> {
        let open = self.open.borrow();
        open.as_ref().map(|s| s.borrow().doc().clone())
    }

    /// The open document, when it is synced.
    fn open_synced(&self) -> Option<Document> {
        self.open_doc().filter(|d| self.syncs(d.id().as_str()))
    }

    /// The library's documents that are synced.
    fn synced_docs(&self) -> Vec<Document> {
        let mut docs = self.library_docs();
        docs.retain(|d| self.syncs(d.id().as_str()));
        docs
    }

    /// Every document of the library: the open one as it is here, the
    /// others as stored.
    fn library_docs(&self) -> Vec<Document> {
        let open = self.open_doc();
        let open_id = open.as_ref().map(|d| d.id().clone());
        let index = self.library.borrow().clone();
        let mut docs: Vec<Document> = index
            .documents
            .iter()
            .filter(|e| Some(&e.id) != open_id.as_ref())
            .filter_map(|e| self.persist.peek_document(&e.id))
            .collect();
        docs.extend(open);
        docs
    }

    /// Shows or stores what a pull rebuilt.
    fn arrived(&self, documents: Vec<(String, Option<marginalia_core::store::Restored>)>) {
        let open_id = self.open_doc().map(|d| d.id().to_string());
        let mut library = Index::clone(&self.library.borrow());
        let mut listed = false;
        for (id, restored) in documents {
            let Some(r) = restored.filter(|_| self.syncs(&id)) else {
                continue;
            };
            if Some(&id) == open_id.as_ref() {
                self.dispatch.dispatch(Action::Synced(Box::new(r.document)));
                continue;
            }
            let mut dirty = Dirty {
                all: true,
                ..Dirty::default()
            };
            match self.persist.save_changes(&r.document, &mut dirty) {
                Ok(()) => {
                    library.upsert(Entry::of(&r.document));
                    listed = true;
                }
                Err(e) => {
                    let title = r.document.meta().title.clone();
                    self.update(|v| {
                        v.unkept = Some(crate::texts::sync_document_not_stored(&title, &e))
                    })
                }
            }
        }
        if listed {
            self.dispatch.dispatch(Action::LibraryChanged(library));
        }
    }

    /// When this user annotated from another browser and this profile's
    /// annotator has made nothing yet, this profile becomes that annotator
    /// (one person, one layer). Once it has made something, it stays itself.
    fn adopt_annotator(&self, generation: u64) {
        if self.keep_annotator.get() {
            return;
        }
        let Some(theirs) = self
            .with_live(generation, |l| l.driver.annotator_of(&l.who.name))
            .flatten()
        else {
            return;
        };
        let Some(who) = marginalia_core::Annotator::from_json(&theirs.to_string()) else {
            return;
        };
        let me = self.persist.annotator();
        if me.as_ref().is_some_and(|m| m.id == who.id) {
            return;
        }
        let made_something = me.is_some_and(|m| {
            self.library_docs()
                .iter()
                .any(|d| d.annotator(&m.id).is_some())
        });
        if made_something {
            self.keep_annotator.set(true);
        } else {
            self.dispatch
                .dispatch(Action::BecomeAnnotator(Box::new(who)));
        }
    }

    /// Writes the replica when it changed and was not written lately (or
    /// now, with `force`).
    fn save_replica(&self, force: bool) {
        if !self.replica_dirty.get() {
            return;
        }
        let now = crate::web::clock_ms();
        if !force && (self.replica_unkept.get() || now - self.saved_at.get() < SAVE_EVERY_MS) {
            return;
        }
        let result = self.live.borrow().as_ref().map(|l| {
            let saved = self.persist.save_sync_replica(&l.url, &l.driver.replica);
            if saved.is_ok() {
                self.persist
                    .replica_stored_with_pending(l.driver.replica.pending_count() > 0);
            }
            saved
        });
        self.saved_at.set(now);
        match result {
            Some(Err(StorageError::Full)) => {
                // An older copy left stored would be taken as the base of
                // the next visit: better none (a fresh join).
                self.persist.forget_sync_replica();
                self.replica_unkept.set(true);
                self.update(|v| v.unkept = Some(crate::texts::SYNC_NO_ROOM.into()));
            }
            Some(Err(e)) => self.update(|v| v.unkept = Some(crate::texts::sync_not_stored(&e))),
            _ => self.replica_dirty.set(false),
        }
    }
}

/// Waits `ms`, doubling the next wait up to [`MAX_BACKOFF_MS`].
async fn back_off(ms: &mut u64) {
    sleep(std::time::Duration::from_millis(*ms)).await;
    *ms = (*ms * 2).min(MAX_BACKOFF_MS);
}

/// What a failed step means for the status.
fn failed(v: &mut SyncView, e: &SyncError) {
    if matches!(e, SyncError::Offline) {
        v.state = SyncState::Offline;
        v.message = Some(crate::texts::SYNC_OFFLINE.into());
    } else {
        v.state = SyncState::Error;
        v.message = Some(crate::texts::sync_failed(e));
    }
}

/// Pulls until the connection of `generation` ends.
async fn pull_loop(sync: Rc<Sync>, generation: u64) {
    let mut wait = 500;
    loop {
        let step = sync.with_live(generation, |l| {
            (
                l.driver.pull_request(),
                l.end.clone(),
                l.who.clone(),
                l.abort.clone(),
                l.driver.pull_waits(),
            )
        });
        let Some((req, end, who, abort, waits)) = step else {
            return;
        };
        if !waits {
            sync.update(|v| {
                if v.state != SyncState::Error {
                    v.state = SyncState::Syncing;
                }
            });
        }
        let timeout = if waits {
            LONG_POLL_MS + 10_000
        } else {
            TIMEOUT_MS
        };
        let answer = carry(&end, &who, &req, &abort, timeout).await;
        if !sync.current(generation) {
            return;
        }
        // The open document is recorded first before an answer that brings
        // revisions in (`_bulk_get`), and before any other when it changed
        // since it was last recorded (laying out a large one is not free;
        // the flag is set after the render, the session changes before).
        let merging = req.path.starts_with("_bulk_get");
        let open = if sync.changed.replace(false) || merging {
            sync.open_synced()
        } else {
            None
        };
        let result = sync.with_live(generation, |l| {
            l.driver
                .pull_answer(answer, open.as_ref(), || sync.synced_docs())
        });
        if matches!(&result, Some(Ok(a)) if !a.documents.is_empty()) {
            sync.adopt_annotator(generation);
        }
        match result {
            None => return,
            Some(Ok(arrived)) => {
                wait = 500;
                sync.replica_dirty.set(true);
                let caught_up = arrived.pulled.caught_up;
                let progress = (arrived.pulled.done, arrived.pulled.left);
                sync.arrived(arrived.documents);
                // At most once a second (each save writes it whole).
                sync.save_replica(false);
                sync.update(|v| {
                    v.progress = (!caught_up).then_some(progress);
                    settle_state(v, caught_up);
                });
            }
            Some(Err(e)) => {
                sync.update(|v| failed(v, &e));
                back_off(&mut wait).await;
            }
        }
    }
}

/// Syncing or synced, once a step went well.
fn settle_state(v: &mut SyncView, caught_up: bool) {
    if v.refused > 0 {
        // The refusal's message stays while what it refused waits here.
        v.state = SyncState::Error;
        return;
    }
    v.state = if caught_up && v.pending == 0 {
        SyncState::Synced
    } else {
        SyncState::Syncing
    };
    if v.state == SyncState::Synced {
        v.message = None;
    }
}

/// Pushes local changes until the connection of `generation` ends.
async fn push_loop(sync: Rc<Sync>, generation: u64) {
    let mut wait = 500;
    loop {
        if !sync.current(generation) {
            return;
        }
        if sync.changed.replace(false) {
            if let Some(doc) = sync.open_synced() {
                let n = sync
                    .with_live(generation, |l| l.driver.record(&doc))
                    .unwrap_or(0);
                if n > 0 {
                    sync.replica_dirty.set(true);
                }
            }
        }
        match push_all(&sync, generation).await {
            Ok(_) => {
                wait = 500;
                // Caught up when the puller waits for news; a pull failing
                // meanwhile says so itself.
                let caught_up = sync
                    .with_live(generation, |l| l.driver.pull_waits())
                    .unwrap_or(false);
                sync.update(|v| {
                    if v.state != SyncState::Offline || caught_up {
                        settle_state(v, caught_up);
                    }
                });
                sync.save_replica(false);
                sleep(std::time::Duration::from_millis(TICK_MS)).await;
            }
            Err(e) => {
                sync.update(|v| failed(v, &e));
                back_off(&mut wait).await;
            }
        }
    }
}

/// Pushes everything waiting; whether anything was sent.
async fn push_all(sync: &Rc<Sync>, generation: u64) -> Result<bool, SyncError> {
    let mut sent = false;
    loop {
        let step = sync.with_live(generation, |l| {
            l.driver
                .push_request()
                .map(|r| (r, l.end.clone(), l.who.clone(), l.abort.clone()))
        });
        let Some(Some((req, end, who, abort))) = step else {
            return Ok(sent);
        };
        let answer = carry(&end, &who, &req, &abort, TIMEOUT_MS).await;
        let Some(result) = sync.with_live(generation, |l| l.driver.push_answer(answer)) else {
            return Ok(sent);
        };
        let pushed = result?;
        sent = true;
        sync.replica_dirty.set(true);
        if let Some((_, reason)) = pushed.refused.first() {
            let n = pushed.refused.len();
            sync.update(|v| {
                v.state = SyncState::Error;
                v.message = Some(crate::texts::sync_refused(n, reason));
            });
        }
    }
}

/// Carries one request on the connection of `generation` (the panel's
/// actions: preparing the database).
async fn carry_now(
    sync: &Rc<Sync>,
    generation: u64,
    req: &Request,
) -> Result<marginalia_sync::Response, SyncError> {
    let Some((end, who, abort)) = sync.with_live(generation, |l| {
        (l.end.clone(), l.who.clone(), l.abort.clone())
    }) else {
        return Err(SyncError::Offline);
    };
    carry(&end, &who, req, &abort, TIMEOUT_MS).await
}

/// Starts both loops for the connection of `generation`.
fn start_loops(sync: &Rc<Sync>, generation: u64) {
    spawn_local(pull_loop(sync.clone(), generation));
    spawn_local(push_loop(sync.clone(), generation));
}
