//! Imported annotations that could not be placed on the text (ambiguous or
//! orphaned): listed with what they quoted, to be attached to the right
//! text by selecting it, or deleted.

use crate::actions::{self, AppContext};
use crate::state::Action;
use crate::texts;
use crate::web;
use marginalia_core::anchor::match_quote_all;
use marginalia_core::{AnnotationId, Text, Unplaced, Unplacement};
use yew::prelude::*;

/// The "Not placed" section of the side panel (nothing when there are none).
#[component(UnplacedList)]
pub fn unplaced_list() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    // The rows' callbacks, made once per open document, so that a row is
    // redrawn only when its own annotation changes.
    let on_attach = {
        // Attaching reads the selection and dispatches: any handle will do.
        let state = state.clone();
        use_callback((), move |id: AnnotationId, _| actions::attach(&state, id))
    };
    let on_attach_at = {
        let dispatcher = state.dispatcher();
        use_callback(
            (),
            move |(id, start, end): (AnnotationId, usize, usize), _| {
                dispatcher.dispatch(Action::Attach {
                    id,
                    start,
                    end,
                    now: web::now(),
                })
            },
        )
    };
    let on_delete = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id: AnnotationId, _| {
            dispatcher.dispatch(Action::DeleteUnplaced(id, web::now()))
        })
    };
    let find_places = use_callback(state.session.clone(), |exact: String, session| {
        places(session.borrow().doc().text(), &exact)
    });
    let (doc, items) = state.with_doc(|doc| {
        let items: Vec<_> = doc
            .unplaced()
            .iter()
            .map(|unplaced| (unplaced.clone(), crate::view::tag_style(doc, &unplaced.tag)))
            .collect();
        (doc.id().clone(), items)
    });
    if items.is_empty() {
        return html! {};
    }
    let count = items.len();
    let rows = items.into_iter().map(|(unplaced, style)| {
        // Places found belong to one document's text.
        let key = format!("{doc} {}", unplaced.id);
        html! {
            <UnplacedRow {key} {unplaced} {style} on_attach={on_attach.clone()}
                on_attach_at={on_attach_at.clone()} on_delete={on_delete.clone()}
                find_places={find_places.clone()} />
        }
    });
    html! {
        <details class="unplaced" open=true data-testid="unplaced-list">
            <summary>{ format!("Not placed ({count})") }</summary>
            <p class="hint">{ texts::unplaced_hint(count) }</p>
            <ul>{ for rows }</ul>
        </details>
    }
}

/// How many places of a quote are offered at most.
const PLACES: usize = 20;
/// Code points of context shown around a place.
const AROUND: usize = 24;

/// A place of an unplaced annotation's quote in the text, with a little
/// context.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    /// Start, in code points.
    start: usize,
    /// End, in code points.
    end: usize,
    /// The text just before it.
    before: String,
    /// The text just after it.
    after: String,
}

/// The first [`PLACES`] places where `exact` occurs in `text`.
fn places(text: &Text, exact: &str) -> Vec<Place> {
    match_quote_all(text, exact, "", "")
        .into_iter()
        .take(PLACES)
        .map(|(start, end)| Place {
            start,
            end,
            before: text.slice(start.saturating_sub(AROUND)..start).to_string(),
            after: text.slice(end..(end + AROUND).min(text.len())).to_string(),
        })
        .collect()
}

/// Props of [`UnplacedRow`].
#[derive(Properties, PartialEq)]
struct RowProps {
    unplaced: Unplaced,
    style: &'static str,
    /// Attach it to the text selected in the article.
    on_attach: Callback<AnnotationId>,
    /// Attach it to this span (start, end).
    on_attach_at: Callback<(AnnotationId, usize, usize)>,
    /// Delete it.
    on_delete: Callback<AnnotationId>,
    /// The places of a quote in the open document's text.
    find_places: Callback<String, Vec<Place>>,
}

/// One unplaced annotation: its tag, quote, context and note; attach it to
/// the selected text, or (asked for, since it searches the whole text) to
/// one of the places where its quote occurs.
#[component(UnplacedRow)]
fn unplaced_row(props: &RowProps) -> Html {
    let unplaced = &props.unplaced;
    // The places of the quote, once the user asks for them.
    let places = use_state(|| None::<Vec<Place>>);
    // Keep the article's text selection when a button is pressed.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let on_attach = {
        let (on_attach, id) = (props.on_attach.clone(), unplaced.id.clone());
        Callback::from(move |_: MouseEvent| on_attach.emit(id.clone()))
    };
    let on_delete = {
        let (on_delete, id) = (props.on_delete.clone(), unplaced.id.clone());
        Callback::from(move |_: MouseEvent| on_delete.emit(id.clone()))
    };
    let on_find = {
        let (find_places, places) = (props.find_places.clone(), places.clone());
        let exact = unplaced.exact.clone();
        Callback::from(move |_: MouseEvent| places.set(Some(find_places.emit(exact.clone()))))
    };
    let found = places.as_ref().map(|list| {
        if list.is_empty() {
            return html! { <p class="hint">{ texts::QUOTE_NOT_IN_TEXT }</p> };
        }
        let rows = list.iter().map(|place| {
            let (on_attach_at, id) = (props.on_attach_at.clone(), unplaced.id.clone());
            let (start, end) = (place.start, place.end);
            let onclick =
                Callback::from(move |_: MouseEvent| on_attach_at.emit((id.clone(), start, end)));
            html! {
                <li data-testid="unplaced-place" data-start={start.to_string()}>
                    <span class="around">{ format!("…{}", place.before) }</span>
                    <mark>{ unplaced.exact.clone() }</mark>
                    <span class="around">{ format!("{}…", place.after) }</span>{ " " }
                    <button class="link" {onclick}>{ "Attach here" }</button>
                </li>
            }
        });
        html! { <ol class="places">{ for rows }</ol> }
    });
    html! {
        <li class={classes!("unplaced-item", format!("tag-{}", props.style))} data-testid="unplaced-item"
            data-annotation-id={unplaced.id.to_string()} data-tag={unplaced.tag.token().into_owned()} data-why={unplaced.why.as_str()}>
            <span class="badge" title={unplaced.tag.label().to_string()}>{ crate::texts::shortened(unplaced.tag.label()) }</span>
            <span class="why">{ why(unplaced) }</span>
            <p class="context">
                <span class="around">{ tail(&unplaced.prefix) }</span>
                <q class="quote">{ if unplaced.exact.is_empty() { "(no quote)".to_string() } else { unplaced.exact.clone() } }</q>
                <span class="around">{ head(&unplaced.suffix) }</span>
            </p>
            if !unplaced.note.is_empty() { <p class="note">{ unplaced.note.clone() }</p> }
            <div class="actions">
                <button onmousedown={keep_selection} onclick={on_attach}
                        title="Select the text this annotation belongs to in the article, then press this">
                    { "Attach to selected text" }
                </button>
                if !unplaced.exact.is_empty() && places.is_none() {
                    <button class="link" onclick={on_find}>{ "Find its quote" }</button>
                }
                <button class="link danger" onclick={on_delete}>{ "Delete" }</button>
            </div>
            { for found }
        </li>
    }
}

fn why(unplaced: &Unplaced) -> &'static str {
    match unplaced.why {
        Unplacement::Ambiguous => "fits several places",
        Unplacement::Orphaned => "not found",
    }
}

/// The last few words of a prefix.
fn tail(prefix: &str) -> String {
    let length = prefix.chars().count();
    if length <= 24 {
        prefix.to_string()
    } else {
        format!("…{}", prefix.chars().skip(length - 24).collect::<String>())
    }
}

/// The first few words of a suffix.
fn head(suffix: &str) -> String {
    if suffix.chars().count() <= 24 {
        suffix.to_string()
    } else {
        format!("{}…", suffix.chars().take(24).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::{head, places, tail, Place, AROUND, PLACES};
    use marginalia_core::Text;

    #[test]
    fn places_carry_code_point_spans_and_context() {
        let text = Text::new("🍵 東京 tea, then 東京 again");
        assert_eq!(
            places(&text, "東京"),
            vec![
                Place {
                    start: 2,
                    end: 4,
                    before: "🍵 ".into(),
                    after: " tea, then 東京 again".into(),
                },
                Place {
                    start: 15,
                    end: 17,
                    before: "🍵 東京 tea, then ".into(),
                    after: " again".into(),
                },
            ]
        );
        assert!(places(&text, "coffee").is_empty());
        let long = Text::new("ab ".repeat(100));
        let found = places(&long, "ab");
        assert_eq!(found.len(), PLACES, "at most {PLACES} places");
        assert_eq!(found[10].before.chars().count(), AROUND);
    }

    #[test]
    fn context_is_cut_to_24_code_points() {
        let long = "é".repeat(30);
        assert_eq!(tail(&long), format!("…{}", "é".repeat(24)));
        assert_eq!(head(&long), format!("{}…", "é".repeat(24)));
        assert_eq!(tail("short"), "short");
    }
}
