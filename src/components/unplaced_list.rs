//! Imported annotations that could not be placed on the text (ambiguous or
//! orphaned): listed with what they quoted, to be attached to the right
//! text by selecting it, or deleted.

use crate::actions::{self, AppContext};
use crate::state::Action;
use crate::web;
use crate::words::plural;
use marginalia_core::{Unplaced, Unplacement};
use yew::prelude::*;

/// The "Not placed" section of the side panel (nothing when there are none).
#[component(UnplacedList)]
pub fn unplaced_list() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let items = state.with_doc(|d| {
        d.unplaced()
            .iter()
            .map(|u| (u.clone(), crate::view::tag_style(d, &u.tag)))
            .collect::<Vec<_>>()
    });
    if items.is_empty() {
        return html! {};
    }
    // Keep the article's text selection when a button is pressed.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let rows = items.into_iter().map(|(u, style)| {
        let on_attach = {
            let state = state.clone();
            let id = u.id.clone();
            Callback::from(move |_: MouseEvent| actions::attach(&state, id.clone()))
        };
        let on_delete = {
            let state = state.clone();
            let id = u.id.clone();
            Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::DeleteUnplaced(id.clone(), web::now()))
            })
        };
        html! {
            <li class={classes!("unplaced-item", format!("tag-{style}"))} data-testid="unplaced-item"
                data-annotation-id={u.id.to_string()} data-tag={u.tag.token().into_owned()} data-why={u.why.as_str()}>
                <span class="badge">{ u.tag.label().to_string() }</span>
                <span class="why">{ why(&u) }</span>
                <p class="context">
                    <span class="around">{ tail(&u.prefix) }</span>
                    <q class="quote">{ if u.exact.is_empty() { "(no quote)".to_string() } else { u.exact.clone() } }</q>
                    <span class="around">{ head(&u.suffix) }</span>
                </p>
                if !u.note.is_empty() { <p class="note">{ u.note.clone() }</p> }
                <div class="actions">
                    <button onmousedown={keep_selection.clone()} onclick={on_attach}
                            title="Select the text this annotation belongs to in the article, then press this">
                        { "Attach to selected text" }
                    </button>
                    <button class="link danger" onclick={on_delete}>{ "Delete" }</button>
                </div>
            </li>
        }
    });
    let n = state.with_doc(|d| d.unplaced().len());
    html! {
        <details class="unplaced" open=true data-testid="unplaced-list">
            <summary>{ format!("Not placed ({n})") }</summary>
            <p class="hint">{ format!(
                "{} from imports could not be placed on this text. Select where one belongs in the article, then press its Attach button.",
                plural(n, "annotation", "annotations")
            ) }</p>
            <ul>{ for rows }</ul>
        </details>
    }
}

fn why(u: &Unplaced) -> &'static str {
    match u.why {
        Unplacement::Ambiguous => "fits several places",
        Unplacement::Orphaned => "not found",
    }
}

/// The last few words of a prefix.
fn tail(s: &str) -> String {
    let n = s.chars().count();
    if n <= 24 {
        s.to_string()
    } else {
        format!("…{}", s.chars().skip(n - 24).collect::<String>())
    }
}

/// The first few words of a suffix.
fn head(s: &str) -> String {
    if s.chars().count() <= 24 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(24).collect::<String>())
    }
}
