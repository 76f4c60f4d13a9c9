//! The library: saved documents, switching, deleting, starting new ones.

use crate::actions::{self, AppContext};
use crate::state::{Action, Panel};
use marginalia_core::DocumentId;
use yew::prelude::*;

/// The list of saved documents.
#[component(Library)]
pub fn library() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let confirming = use_state(|| None::<DocumentId>);
    let current = state.library.current.clone();
    let on_new = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowPanel(Panel::Load)))
    };
    let items = state.library.documents.iter().map(|entry| {
        let is_current = current.as_ref() == Some(&entry.id);
        let open = {
            let state = state.clone();
            let id = entry.id.clone();
            Callback::from(move |_: MouseEvent| actions::open_saved(&state, &id))
        };
        let asking = confirming.as_ref() == Some(&entry.id);
        let delete = {
            let state = state.clone();
            let confirming = confirming.clone();
            let id = entry.id.clone();
            Callback::from(move |_: MouseEvent| {
                if confirming.as_ref() == Some(&id) {
                    confirming.set(None);
                    actions::delete_saved(&state, &id);
                } else {
                    confirming.set(Some(id.clone()));
                }
            })
        };
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(None))
        };
        let title = if entry.title.is_empty() { "Untitled".to_string() } else { entry.title.clone() };
        html! {
            <li key={entry.id.to_string()} data-testid="document-item" class="document-item"
                aria-current={is_current.then_some("true")}>
                <button class="open-document" onclick={open} title={title.clone()}>
                    <span class="doc-title">{ title.clone() }</span>
                    <span class="doc-meta">{ format!("{} annotation{}", entry.annotations, if entry.annotations == 1 { "" } else { "s" }) }</span>
                </button>
                if asking {
                    <span class="confirm">
                        <button class="danger" onclick={delete} aria-label={format!("Confirm deleting {title}")}>{ "Delete for good" }</button>
                        <button onclick={cancel}>{ "Keep" }</button>
                    </span>
                } else {
                    <button class="icon" onclick={delete} aria-label={format!("Delete document {title}")} title="Delete this document">{ "✕" }</button>
                }
            </li>
        }
    });
    let on_name = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let name = crate::web::dom::event_value(&e);
            state.dispatch(Action::SetAnnotatorName(name, crate::web::now()))
        })
    };
    html! {
        <nav class="library" aria-labelledby="library-heading">
            <h2 id="library-heading">{ "Library" }</h2>
            <div class="annotator">
                <label for="annotator-name">{ "Annotator name" }</label>
                <input id="annotator-name" type="text" maxlength="100" value={state.me.name.clone()}
                       placeholder="Your name, on your annotations" onchange={on_name}
                       title="Every annotation you make here carries it (W3C creator, CSV, Marginalia JSON); kept in this browser" />
            </div>
            <button class="new-document" onclick={on_new}>{ "New document" }</button>
            <ul data-testid="document-list" class="document-list">{ for items }</ul>
        </nav>
    }
}
