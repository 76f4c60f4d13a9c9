//! One row of the annotation list.

use crate::actions::AppContext;
use crate::listing::Item;
use crate::state::Action;
use crate::web::dom;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`AnnotationRow`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// What to show.
    pub item: Item,
    /// True for the selected annotation.
    pub selected: bool,
    /// How many rows the list has in all (for assistive technology).
    pub total: usize,
}

/// A list entry: tag, quote and note; clicking it (or Enter) selects the
/// annotation and brings it into view in the article.
#[component(AnnotationRow)]
pub fn annotation_row(props: &Props) -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let item = &props.item;
    let choose = {
        let id = item.id.clone();
        Rc::new(move || {
            state.dispatch(Action::Select(Some(id.clone())));
            dom::reveal(&id);
        })
    };
    let onclick = {
        let choose = choose.clone();
        Callback::from(move |_: MouseEvent| choose())
    };
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            e.prevent_default();
            choose();
        }
    });
    html! {
        <li data-testid="annotation-item" role="option" tabindex="0"
            class={classes!("annotation-item", format!("tag-{}", item.style))}
            data-annotation-id={item.id.to_string()} data-tag={item.tag.token().into_owned()}
            data-placement={item.placement.is_doubtful().then_some(item.placement.as_str())}
            aria-selected={props.selected.to_string()}
            aria-posinset={(item.position + 1).to_string()} aria-setsize={props.total.to_string()}
            {onclick} {onkeydown}>
            <span class="badge">{ item.tag.label().to_string() }</span>
            if item.placement.is_doubtful() {
                <span class="placed" title="Placed on import by moving or approximate match: check it">
                    { match item.placement {
                        marginalia_core::Placement::Fuzzy(s) => format!("approximate, {}%", s / 10),
                        p => p.as_str().to_string(),
                    } }
                </span>
            }
            <q class="quote">{ item.quote.clone() }</q>
            if !item.note.is_empty() { <p class="note">{ item.note.clone() }</p> }
        </li>
    }
}
