//! The layers' toggles: one per annotator when the document holds the
//! work of several, each showing or hiding that annotator's annotations in
//! the text and the list, with their count.

use crate::actions::AppContext;
use crate::layers::layer_counts;
use crate::state::Action;
use yew::prelude::*;

/// The toggles (nothing when the document holds one annotator's work).
#[component(LayerToggles)]
pub fn layer_toggles() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let counts = state.with_doc(|doc| layer_counts(doc, &state.layers, &state.me));
    if counts.is_empty() {
        return html! {};
    }
    let toggles = counts.into_iter().map(|layer| {
        let onchange = {
            let state = state.clone();
            let who = layer.annotator.id.clone();
            Callback::from(move |_: Event| state.dispatch(Action::ToggleLayer(who.clone())))
        };
        let name = layer.annotator.shown_name().to_string();
        let shown_as = if layer.mine { format!("{name} (you)") } else { name.clone() };
        let title = if layer.mine {
            "Show or hide your annotations".to_string()
        } else {
            format!("Show or hide the annotations of {name} (read-only; outlined in the text, marked {})", layer.annotator.initials())
        };
        let outline = (!layer.mine).then_some("layer-other");
        let gold = layer.annotator.id.as_str() == marginalia_core::gold::GOLD_ID;
        let take_over = (!layer.mine && !gold && layer.count > 0).then(|| {
            let state = state.clone();
            let who = layer.annotator.id.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::TakeOverLayer(who.clone(), crate::web::now()))
            });
            let label = format!("Make {name}'s annotations yours");
            html! { <button class="take-over" {onclick} aria-label={label.clone()} title={format!("{label}: for your own work that came in under another name (one undo step)")}>{ "Mine" }</button> }
        });
        html! {
            <span class="filter-chip">
                <label class={classes!("filter", "layer-toggle", outline)} {title}
                       data-testid="layer-toggle" data-annotator={name.clone()} data-count={layer.count.to_string()}
                       data-shown={layer.shown.to_string()}>
                    <input type="checkbox" checked={layer.shown} {onchange} />
                    <abbr class="initials" aria-hidden="true">{ layer.annotator.initials() }</abbr>
                    { shown_as }{ " " }<span class="count">{ layer.count }</span>
                </label>
                { for take_over }
            </span>
        }
    });
    html! {
        <div class="filters layers" role="group" aria-label="Annotators' layers">
            { for toggles }
        </div>
    }
}
