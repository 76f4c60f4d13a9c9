//! The root component: state, persistence, shortcuts, drag and drop, layout.

use crate::actions::AppContext;
use crate::components::{
    AgreementPanel, AnnotationEditor, AnnotationList, ArticlePane, CodebookPanel, ComparePanel,
    ImportPanel, JobProgress, Library, LoadPanel, Messages, PageChoiceBar, StatisticsPanel,
    SyncPanel, SyncStatus, Toolbar,
};
use crate::hooks::{
    use_autosave, use_drop_zone, use_shortcuts, use_sync, use_tab_sync, DropZone, SyncContext,
};
use crate::persist::{Boot, Persist};
use crate::state::{Action, AppState, Panel};
use std::cell::RefCell;
use yew::prelude::*;

thread_local! {
    /// The state startup built, when it was built before the app was mounted.
    static BOOTED: RefCell<Option<AppState>> = const { RefCell::new(None) };
}

/// Builds the app's state from what [`Persist::boot`] read and keeps it
/// for the app, so that mounting it (in a later task) neither reads
/// storage again nor builds the article's view.
pub fn boot_ahead(persist: Persist, boot: Boot) {
    BOOTED.with(|b| *b.borrow_mut() = Some(state_of(persist, boot)));
}

fn state_of(persist: Persist, boot: Boot) -> AppState {
    // This profile's annotator, made on the first visit.
    persist.ensure_annotator(crate::web::uuid);
    AppState::new(boot.doc, boot.fresh, boot.library, boot.alerts, persist)
}

/// A callback doing `act` on the app's state.
fn on_state(state: &AppContext, act: fn(&AppContext)) -> Callback<()> {
    let state = state.clone();
    Callback::from(move |()| act(&state))
}

/// The whole app.
#[component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        BOOTED.with(|b| b.borrow_mut().take()).unwrap_or_else(|| {
            let persist = Persist::in_browser();
            let boot = persist.boot();
            state_of(persist, boot)
        })
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
        state.with_doc(crate::hooks::tag_keys),
    );
    {
        // The codebook's chosen colours, as a style sheet.
        let css = state.with_doc(crate::palette::rules);
        use_effect_with(css, |css| crate::web::palette::set(css));
    }
    let sync = use_sync(&state);
    use_tab_sync(
        state.dispatcher(),
        state.session.clone(),
        state.persist.clone(),
    );

    let DropZone {
        dragging,
        ondragover,
        ondragleave,
        ondrop,
    } = use_drop_zone(&state);
    let (on_cancel, on_switch_page) = (
        on_state(&state, crate::engine::cancel),
        on_state(&state, crate::pages::switch),
    );
    html! {
        <ContextProvider<AppContext> context={state.clone()}>
        <ContextProvider<SyncContext> context={sync}>
            <div class={classes!("app", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
                <header class="topbar">
                    <h1 class="brand">{ "Marginalia" }</h1>
                    <Toolbar />
                    <SyncStatus />
                </header>
                <Messages alerts={state.alerts.clone()} status={state.status.clone()} {on_dismiss} />
                if let Some(job) = state.job.clone() { <JobProgress {job} {on_cancel} /> }
                <div class="layout">
                    <Library />
                    <main class="reader">
                        { panel(state.panel) }
                        if let Some(choice) = state.page.clone() {
                            <PageChoiceBar whole={choice.whole} paragraphs={choice.shown().paragraphs.len()} on_switch={on_switch_page.clone()} />
                        }
                        <ArticlePane />
                    </main>
                    <aside class="side" aria-label="Annotations">
                        <AnnotationEditor />
                        <AnnotationList />
                    </aside>
                </div>
                if dragging { <div class="drop-hint" aria-hidden="true">{ "Drop an article (.txt, .md, .html) to open it, or annotations (Marginalia, W3C or Hypothesis, Recogito, brat .ann + .txt, doccano, Label Studio) to import them" }</div> }
            </div>
        </ContextProvider<SyncContext>>
        </ContextProvider<AppContext>>
    }
}

/// The panel open over the reader, if any.
fn panel(open: Panel) -> Html {
    match open {
        Panel::Closed => Html::default(),
        Panel::Load => html! { <LoadPanel /> },
        Panel::Import => html! { <ImportPanel /> },
        Panel::Codebook => html! { <CodebookPanel /> },
        Panel::Statistics => html! { <StatisticsPanel /> },
        Panel::Agreement => html! { <AgreementPanel /> },
        Panel::Compare => html! { <ComparePanel /> },
        Panel::Sync => html! { <SyncPanel /> },
    }
}
