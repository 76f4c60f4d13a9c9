//! The root component: state, persistence, shortcuts, drag and drop, layout.

use crate::actions::{self, AppContext};
use crate::components::{
    AnnotationEditor, AnnotationList, ArticlePane, ImportPanel, JobProgress, Library, LoadPanel,
    Messages, Toolbar,
};
use crate::hooks::{use_autosave, use_shortcuts, use_tab_sync};
use crate::loading::Intent;
use crate::persist::{Boot, Persist};
use crate::state::{Action, AppState, Panel};
use crate::web::files;
use std::cell::RefCell;
use yew::prelude::*;

thread_local! {
    /// What startup read, when it was read before the app was mounted.
    static BOOTED: RefCell<Option<(Persist, Boot)>> = const { RefCell::new(None) };
}

/// Hands the app what [`persist::boot`] read, so that mounting it (in a
/// later task) does not read storage again.
pub fn boot_ahead(persist: Persist, boot: Boot) {
    BOOTED.with(|b| *b.borrow_mut() = Some((persist, boot)));
}

/// The whole app.
#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (persist, boot) = BOOTED.with(|b| b.borrow_mut().take()).unwrap_or_else(|| {
            let persist = Persist::in_browser();
            let boot = persist.boot();
            (persist, boot)
        });
        AppState::new(boot.doc, boot.fresh, boot.library, boot.alerts, persist)
    });
    let on_save_error = {
        let dispatch = state.dispatcher();
        Callback::from(move |m: String| dispatch.dispatch(Action::Alert(m)))
    };
    use_autosave(&state, on_save_error);
    let on_dismiss = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id: u64, _| {
            dispatcher.dispatch(Action::Dismiss(id))
        })
    };
    use_shortcuts(
        state.dispatcher(),
        state.selected.is_some(),
        state.with_doc(|d| d.tags()),
    );
    use_tab_sync(
        state.dispatcher(),
        state.session.clone(),
        state.persist.clone(),
    );

    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if files::drag_has_files(&e) {
                e.prevent_default();
                if !*dragging {
                    dragging.set(true);
                    // Files may be another tool's: the engine gets ready.
                    crate::engine::prepare();
                }
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let state = state.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            actions::open_files(&state, files::files_from_drop(&e), Intent::Any);
        })
    };
    let on_cancel = {
        let state = state.clone();
        Callback::from(move |()| crate::engine::cancel(&state))
    };
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
                <header class="topbar">
                    <h1 class="brand">{ "Marginalia" }</h1>
                    <Toolbar />
                </header>
                <Messages alerts={state.alerts.clone()} status={state.status.clone()} {on_dismiss} />
                if let Some(job) = state.job.clone() { <JobProgress {job} {on_cancel} /> }
                <div class="layout">
                    <Library />
                    <main class="reader">
                        if state.panel == Panel::Load { <LoadPanel /> }
                        if state.panel == Panel::Import { <ImportPanel /> }
                        <ArticlePane />
                    </main>
                    <aside class="side" aria-label="Annotations">
                        <AnnotationEditor />
                        <AnnotationList />
                    </aside>
                </div>
                if *dragging { <div class="drop-hint" aria-hidden="true">{ "Drop an article (.txt, .md, .html) to open it, or annotations (Marginalia, W3C, brat .ann + .txt, doccano, Label Studio) to import them" }</div> }
            </div>
        </ContextProvider<AppContext>>
    }
}
