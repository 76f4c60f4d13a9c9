//! Keeps tabs of Marginalia from overwriting each other's work: another
//! tab's change to the library index is merged in, and a change to the
//! document open here stops this tab from editing and saving it.

use crate::persist::{is_save_marker, peek_document};
use crate::state::{Action, AppState, Shared};
use crate::web::{events::on_storage_change, storage};
use marginalia_core::Index;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Listens for other tabs' storage changes while the app is mounted.
#[hook]
pub fn use_tab_sync(dispatch: UseReducerDispatcher<AppState>, open: Shared) {
    let current = use_mut_ref(|| Rc::new(RefCell::new(open.clone())));
    let shared = current.borrow().clone();
    *shared.borrow_mut() = open;
    use_effect_with((), move |_| {
        let listener = on_storage_change(move |key| {
            let session = shared.borrow().clone();
            let id = session.borrow().doc().id().clone();
            match key.as_deref() {
                Some(storage::INDEX_KEY) => {
                    if let Some(index) = storage::get(storage::INDEX_KEY)
                        .ok()
                        .flatten()
                        .and_then(|raw| Index::parse(&raw).ok())
                    {
                        dispatch.dispatch(Action::LibraryChanged(index));
                    }
                }
                Some(k) if is_save_marker(k, &id) => {
                    // A late event for what this page itself saved (before a
                    // reload, say) holds what is open here: nothing to do.
                    let same =
                        peek_document(&id).is_some_and(|stored| &stored == session.borrow().doc());
                    if !same {
                        dispatch.dispatch(Action::ChangedElsewhere(id));
                    }
                }
                None => dispatch.dispatch(Action::ChangedElsewhere(id)),
                Some(_) => {}
            }
        });
        move || drop(listener)
    });
}
