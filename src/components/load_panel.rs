//! The panel for starting a new document from pasted text.

use crate::actions::{self, AppContext};
use crate::state::{Action, Panel};
use crate::web::dom;
use yew::prelude::*;

/// Paste an article (or use the sample) to start a new document.
#[component(LoadPanel)]
pub fn load_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let text = use_node_ref();
    {
        let text = text.clone();
        use_effect_with((), move |_| dom::focus(&text));
    }
    let codebook = use_state(String::new);
    let on_codebook = {
        let codebook = codebook.clone();
        Callback::from(move |e: Event| codebook.set(dom::event_value(&e)))
    };
    let on_load = {
        let state = state.clone();
        let text = text.clone();
        let codebook = codebook.clone();
        Callback::from(move |_: MouseEvent| {
            actions::load_pasted(&state, &dom::textarea_value(&text), &codebook);
        })
    };
    let has_default = state.persist.default_codebook().is_some();
    let on_sample = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| actions::load_sample(&state))
    };
    let on_cancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowPanel(Panel::Closed)))
    };
    html! {
        <section class="load-panel" role="dialog" aria-labelledby="load-heading">
            <h2 id="load-heading">{ "New document" }</h2>
            <p class="hint">{ "Paste an article's text below (a headline on the first line becomes the title), \
                open a .txt, .md or .html file with Open article, or drop a file anywhere on the page. \
                Your current document stays in the library." }</p>
            <textarea ref={text} aria-label="Article text" rows="10" placeholder="Paste the article here" />
            <div class="actions">
                <label for="new-codebook">{ "Codebook" }</label>
                <select id="new-codebook" onchange={on_codebook}>
                    <option value="" selected={codebook.is_empty()}>
                        { if has_default { "The library's default" } else { "Claim / Source / Quote (the default)" } }
                    </option>
                    { for marginalia_core::codebook::TEMPLATES.iter().map(|t| html! {
                        <option value={*t} selected={*codebook == *t}>{ *t }</option>
                    }) }
                </select>
            </div>
            <div class="actions">
                <button class="primary" onclick={on_load}>{ "Load" }</button>
                <button onclick={on_sample}>{ "Use the sample article" }</button>
                <button onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </section>
    }
}
