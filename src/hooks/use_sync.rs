//! The page's CouchDB sync as a hook: made once, told of every render's
//! open document and library, and its view kept as state so the status and
//! the panel redraw when it changes.

use crate::state::AppState;
use crate::sync::view::SyncView;
use crate::sync::Sync;
use std::rc::Rc;
use yew::prelude::*;

/// The sync and its view, for the components (a context).
#[derive(Clone)]
pub struct SyncContext {
    /// The sync.
    pub sync: Rc<Sync>,
    /// What it shows now.
    pub view: SyncView,
}

impl PartialEq for SyncContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.sync, &other.sync) && self.view == other.view
    }
}

/// Makes the page's sync (off until the user connects).
#[hook]
pub fn use_sync(state: &UseReducerHandle<AppState>) -> SyncContext {
    let sync = {
        let persist = state.persist.clone();
        let dispatch = state.dispatcher();
        use_mut_ref(move || Sync::new(persist, dispatch))
            .borrow()
            .clone()
    };
    let view = use_state(|| sync.view());
    sync.show_with(view.setter());
    {
        let sync = sync.clone();
        let deps = (state.session.clone(), state.revision, state.library.clone());
        use_effect_with(deps, move |(session, _, library)| {
            sync.rendered(session, library);
        });
    }
    SyncContext {
        sync,
        view: (*view).clone(),
    }
}
