//! The Sync panel's choice of what to sync: the whole library, or the
//! documents ticked.

use crate::actions::AppContext;
use crate::hooks::SyncContext;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Whole library / Chosen documents, with a box per document.
#[component(SyncScope)]
pub fn sync_scope() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let ctx = use_context::<SyncContext>().expect("sync context");
    let only = ctx.view.only.clone();
    let on_whole = {
        let sync = ctx.sync.clone();
        Callback::from(move |_: Event| sync.set_scope(None))
    };
    let on_chosen = {
        let sync = ctx.sync.clone();
        let every: BTreeSet<String> = state
            .library
            .documents
            .iter()
            .map(|e| e.id.to_string())
            .collect();
        // Choosing starts from everything ticked: nothing stops at once.
        Callback::from(move |_: Event| sync.set_scope(Some(every.clone())))
    };
    let boxes = only.as_ref().map(|chosen| {
        state
            .library
            .documents
            .iter()
            .map(|e| {
                let id = e.id.to_string();
                let ticked = chosen.contains(&id);
                let on_tick = {
                    let (sync, chosen, id) = (ctx.sync.clone(), chosen.clone(), id.clone());
                    Callback::from(move |_: Event| {
                        let mut next = (*chosen).clone();
                        if !next.remove(&id) {
                            next.insert(id.clone());
                        }
                        sync.set_scope(Some(next));
                    })
                };
                html! {
                    <li key={id.clone()}>
                        <label>
                            <input type="checkbox" checked={ticked} onchange={on_tick} />
                            { format!(" {}", e.title) }
                        </label>
                    </li>
                }
            })
            .collect::<Html>()
    });
    html! {
        <fieldset class="sync-scope" data-testid="sync-scope">
            <legend>{ "What to sync" }</legend>
            <label>
                <input type="radio" name="sync-scope" checked={only.is_none()} onchange={on_whole} />
                { " Whole library" }
            </label>
            <label>
                <input type="radio" name="sync-scope" checked={only.is_some()} onchange={on_chosen} />
                { " Chosen documents" }
            </label>
            if let Some(boxes) = boxes {
                <ul class="sync-documents" aria-label="Documents to sync">{ boxes }</ul>
                <p class="hint">{ "Documents not ticked are neither sent nor brought in." }</p>
            }
        </fieldset>
    }
}
