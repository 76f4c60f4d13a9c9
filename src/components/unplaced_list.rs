//! Imported annotations that could not be placed on the text (ambiguous or
//! orphaned): listed with what they quoted, to be attached to the right
//! text by selecting it, or deleted.

use crate::actions::{self, AppContext};
use crate::state::Action;
use crate::web;
use crate::words::plural;
use marginalia_core::anchor::match_quote_all;
use marginalia_core::{Unplaced, Unplacement};
use yew::prelude::*;

/// The "Not placed" section of the side panel (nothing when there are none).
#[component(UnplacedList)]
pub fn unplaced_list() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let (doc, items) = state.with_doc(|d| {
        let items: Vec<_> = d
            .unplaced()
            .iter()
            .map(|u| (u.clone(), crate::view::tag_style(d, &u.tag)))
            .collect();
        (d.id().clone(), items)
    });
    if items.is_empty() {
        return html! {};
    }
    let rows = items.into_iter().map(|(u, style)| {
        // Places found belong to one document's text.
        let key = format!("{doc} {}", u.id);
        html! { <UnplacedRow {key} unplaced={u} {style} /> }
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

/// How many places of a quote are offered at most.
const PLACES: usize = 20;
/// Code points of context shown around a place.
const AROUND: usize = 24;

/// Props of [`UnplacedRow`].
#[derive(Properties, PartialEq)]
struct RowProps {
    unplaced: Unplaced,
    style: &'static str,
}

/// One unplaced annotation: its tag, quote, context and note; attach it to
/// the selected text, or (asked for, since it searches the whole text) to
/// one of the places where its quote occurs.
#[component(UnplacedRow)]
fn unplaced_row(props: &RowProps) -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let u = &props.unplaced;
    // The places of the quote, once the user asks for them.
    let places = use_state(|| None::<Vec<(usize, usize, String, String)>>);
    // Keep the article's text selection when a button is pressed.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
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
    let on_find = {
        let state = state.clone();
        let places = places.clone();
        let exact = u.exact.clone();
        Callback::from(move |_: MouseEvent| {
            places.set(Some(state.with_doc(|d| {
                let text = d.text();
                match_quote_all(text, &exact, "", "")
                    .into_iter()
                    .take(PLACES)
                    .map(|(s, e)| {
                        let before = text.slice(s.saturating_sub(AROUND)..s).to_string();
                        let after = text.slice(e..(e + AROUND).min(text.len())).to_string();
                        (s, e, before, after)
                    })
                    .collect()
            })))
        })
    };
    let found = places.as_ref().map(|list| {
        if list.is_empty() {
            return html! { <p class="hint">{ "Its quote is not in this text: select where it belongs." }</p> };
        }
        let rows = list.iter().cloned().map(|(start, end, before, after)| {
            let state = state.clone();
            let id = u.id.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                state.dispatch(Action::Attach { id: id.clone(), start, end, now: web::now() })
            });
            html! {
                <li data-testid="unplaced-place" data-start={start.to_string()}>
                    <span class="around">{ format!("…{before}") }</span>
                    <mark>{ u.exact.clone() }</mark>
                    <span class="around">{ format!("{after}…") }</span>{ " " }
                    <button class="link" {onclick}>{ "Attach here" }</button>
                </li>
            }
        });
        html! { <ol class="places">{ for rows }</ol> }
    });
    html! {
        <li class={classes!("unplaced-item", format!("tag-{}", props.style))} data-testid="unplaced-item"
            data-annotation-id={u.id.to_string()} data-tag={u.tag.token().into_owned()} data-why={u.why.as_str()}>
            <span class="badge">{ u.tag.label().to_string() }</span>
            <span class="why">{ why(u) }</span>
            <p class="context">
                <span class="around">{ tail(&u.prefix) }</span>
                <q class="quote">{ if u.exact.is_empty() { "(no quote)".to_string() } else { u.exact.clone() } }</q>
                <span class="around">{ head(&u.suffix) }</span>
            </p>
            if !u.note.is_empty() { <p class="note">{ u.note.clone() }</p> }
            <div class="actions">
                <button onmousedown={keep_selection} onclick={on_attach}
                        title="Select the text this annotation belongs to in the article, then press this">
                    { "Attach to selected text" }
                </button>
                if !u.exact.is_empty() && places.is_none() {
                    <button class="link" onclick={on_find}>{ "Find its quote" }</button>
                }
                <button class="link danger" onclick={on_delete}>{ "Delete" }</button>
            </div>
            { for found }
        </li>
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
