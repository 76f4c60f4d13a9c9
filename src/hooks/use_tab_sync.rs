//! Keeps tabs of Marginalia from overwriting each other's work: another
//! tab's change to the library index is merged in, and a change to the
//! document open here stops this tab from editing and saving it.

use crate::persist::{is_save_marker, Persist};
use crate::state::{Action, AppState, Shared};
use crate::web::events::on_storage_change;
use marginalia_core::store::keys;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Listens for other tabs' storage changes while the app is mounted.
#[hook]
pub fn use_tab_sync(dispatch: UseReducerDispatcher<AppState>, open: Shared, persist: Persist) {
    let current = use_mut_ref(|| Rc::new(RefCell::new(open.clone())));
    let shared = current.borrow().clone();
    *shared.borrow_mut() = open;
    use_effect_with((), move |_| {
        let listener = on_storage_change(move |key| {
            let session = shared.borrow().clone();
            let id = session.borrow().doc().id().clone();
            match key.as_deref() {
                Some(keys::INDEX) => {
                    if let Some(index) = persist.peek_index() {
                        dispatch.dispatch(Action::LibraryChanged(index));
                    }
                }
                Some(k) if is_save_marker(k, &id) => {
                    // A late event for what this page itself saved (before a
                    // reload, say) holds what is open here: nothing to do.
                    let same = persist
                        .peek_document(&id)
                        .is_some_and(|stored| &stored == session.borrow().doc());
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
