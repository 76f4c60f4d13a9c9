//! Saves the open document and the library index shortly after each change.
//!
//! Changes are collected for [`DELAY_MS`] and then written at once; when
//! another document is opened, or the page is hidden or closed, pending
//! changes are written immediately.

use crate::persist::Persist;
use crate::state::{AppState, Shared};
use crate::web::events::on_page_hide;
use marginalia_core::Index;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

/// How long changes are collected before they are written.
pub const DELAY_MS: u64 = 300;

struct Pending {
    persist: Persist,
    session: Shared,
    revision: u64,
    library: Rc<Index>,
    frozen: bool,
}

#[derive(Default)]
struct Saver {
    pending: Option<Pending>,
    generation: u64,
    saved_doc: Option<(Shared, u64)>,
    saved_library: Option<Rc<Index>>,
    on_error: Option<Callback<String>>,
}

impl Saver {
    fn flush(&mut self) {
        self.flush_with(None);
    }

    /// Writes what is pending. When another document has just been opened,
    /// `newest_library` is the library as it is now: the previous document
    /// is written only if it is still in it (it may have just been deleted),
    /// and the index is left to the next save.
    fn flush_with(&mut self, newest_library: Option<&Rc<Index>>) {
        let Some(p) = self.pending.take() else { return };
        if p.frozen {
            // Another tab changed this document: writing would overwrite it.
            return;
        }
        let library = newest_library.unwrap_or(&p.library);
        let done = Some((p.session.clone(), p.revision));
        if p.revision > 0 && self.saved_doc != done {
            let result = {
                let session = p.session.borrow();
                let doc = session.doc();
                let mut dirty = p.session.dirty.borrow_mut();
                library
                    .get(doc.id())
                    .map(|_| p.persist.save_changes(doc, &mut dirty))
            };
            if let Some(Err(e)) = result {
                self.report(e.to_string());
                return;
            }
            self.saved_doc = done;
        }
        if newest_library.is_some() {
            return;
        }
        let index_saved = self
            .saved_library
            .as_ref()
            .is_some_and(|l| Rc::ptr_eq(l, &p.library));
        if !index_saved {
            match p.persist.save_index(&p.library) {
                Ok(()) => self.saved_library = Some(p.library),
                Err(e) => self.report(e.to_string()),
            }
        }
    }

    fn report(&self, message: String) {
        if let Some(cb) = &self.on_error {
            cb.emit(crate::persist::capitalise(&message));
        }
    }
}

fn flush_later(saver: Weak<RefCell<Saver>>, generation: u64) {
    spawn_local(async move {
        sleep(std::time::Duration::from_millis(DELAY_MS)).await;
        if let Some(saver) = saver.upgrade() {
            let mut s = saver.borrow_mut();
            if s.generation == generation {
                s.flush();
            }
        }
    });
}

/// Keeps storage in step with `state`; save failures are passed to
/// `on_error`.
#[hook]
pub fn use_autosave(state: &AppState, on_error: Callback<String>) {
    let saver = use_mut_ref(Saver::default);
    saver.borrow_mut().on_error = Some(on_error);
    {
        let saver = saver.clone();
        use_effect_with((), move |_| {
            let s = saver.clone();
            let listeners = on_page_hide(move || s.borrow_mut().flush());
            move || {
                drop(listeners);
                saver.borrow_mut().flush();
            }
        });
    }
    let persist = state.persist.clone();
    let deps = (
        state.session.clone(),
        state.revision,
        LibraryRef(state.library.clone()),
        state.frozen,
    );
    use_effect_with(deps, move |(session, revision, library, frozen)| {
        let mut s = saver.borrow_mut();
        if s.pending.as_ref().is_some_and(|p| &p.session != session) {
            // Another document was opened: write the previous one now.
            s.flush_with(Some(&library.0));
        }
        s.pending = Some(Pending {
            persist: persist.clone(),
            session: session.clone(),
            revision: *revision,
            library: library.0.clone(),
            frozen: *frozen,
        });
        s.generation += 1;
        flush_later(Rc::downgrade(&saver), s.generation);
        || ()
    });
}

/// Compares libraries by identity: a new `Rc` means a change to save.
struct LibraryRef(Rc<Index>);

impl PartialEq for LibraryRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
