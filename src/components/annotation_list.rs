//! The side list of annotations, in text order, with filters. The list is
//! virtualised (see `crate::listing`): rows have a fixed height and only a
//! window of them is in the page.

use crate::actions::AppContext;
use crate::components::{AnnotationRow, LayerToggles, UnplacedList};
use crate::listing::{position_of, rows, scroll_to_show, window, Filter, Item, ROW_HEIGHT};
use crate::state::Action;
use crate::texts;
use crate::web::{self, dom};
use marginalia_core::{AnnotationId, Label, Tag};
use std::ops::Range;
use yew::prelude::*;

/// The annotation list with tag toggles (showing counts) and a text filter.
#[component(AnnotationList)]
pub fn annotation_list() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let chosen = use_state(Filter::default);
    // The filter chosen here, with the layers shown (the app's).
    let filter = Filter {
        layers: Some(state.layers.clone()),
        ..(*chosen).clone()
    };
    let scroll = use_state(|| 0.0f64);
    // Last known scroll position and height of the viewport, read only in
    // scroll events (reading them after a change would force a layout).
    let seen = use_mut_ref(|| (0.0f64, 600.0f64));
    let viewport = use_node_ref();
    let list = use_node_ref();
    // One callback for every row, made once, so that rows are redrawn only
    // when their own props change.
    let on_choose = {
        let dispatcher = state.dispatcher();
        use_callback((), move |id: AnnotationId, _| {
            dispatcher.dispatch(Action::Select(Some(id.clone())));
            dom::reveal(&id);
        })
    };
    let (total, items, range) = list_window(&state, &filter, *scroll);
    use_list_geometry(list.clone(), range.start, total);
    use_viewport_height(viewport.clone(), seen.clone());
    use_selected_in_view(&state, &filter, viewport.clone(), seen.clone());
    let onscroll = scroll_callback(scroll, viewport.clone(), seen, total);
    let (toggles, all, doubtful) = filter_chips(&state, &chosen);
    // Once relations are made, how many quotes and claims are left.
    let unlinked = state.with_doc(|doc| {
        (!doc.relations().is_empty() || filter.unlinked)
            .then(|| crate::listing::unlinked_count(doc))
    });
    let selected = state.selected.as_ref().map(|chosen| chosen.id.clone());
    html! {
        <section class="annotations" aria-labelledby="annotations-heading">
            <h2 id="annotations-heading">{ format!("Annotations ({all})") }</h2>
            <UnplacedList />
            <LayerToggles />
            <div class="filters" role="group" aria-label="Filter annotations">
                { for toggles }
                if doubtful > 0 || filter.doubtful {
                    { doubtful_toggle(&chosen, doubtful) }
                }
                if let Some(left) = unlinked {
                    { unlinked_toggle(&chosen, left) }
                }
            </div>
            { search_box(&chosen) }
            if total == 0 {
                <p class="empty">{ if all == 0 { texts::NO_ANNOTATIONS_YET } else { texts::NO_MATCH } }</p>
            }
            <div class="list-viewport" ref={viewport} {onscroll}>
                <ul data-testid="annotation-list" class="annotation-list" role="listbox" ref={list}
                    aria-label="Annotations in text order" data-total={total.to_string()}>
                    { for items.into_iter().map(|item| {
                        let is_selected = selected.as_ref() == Some(&item.id);
                        let key = item.id.to_string();
                        html! { <AnnotationRow {key} {item} selected={is_selected} {total} on_choose={on_choose.clone()} /> }
                    }) }
                </ul>
            </div>
        </section>
    }
}

/// The window of rows to render, with the number of rows in all and the
/// window's range; when a filter is on, the total is only known after a
/// pass, and near the end the window may then move back.
fn list_window(
    state: &AppContext,
    filter: &Filter,
    scroll: f64,
) -> (usize, Vec<Item>, Range<usize>) {
    state.with_doc(|doc| {
        let guess = window(
            scroll,
            if filter.is_open() {
                doc.len()
            } else {
                usize::MAX
            },
        );
        let (total, items) = rows(doc, filter, guess.clone(), &web::lower_case_all);
        let range = window(scroll, total);
        if range == guess {
            (total, items, range)
        } else {
            (
                total,
                rows(doc, filter, range.clone(), &web::lower_case_all).1,
                range,
            )
        }
    })
}

/// The list is as tall as all its rows; the rendered window sits at its place.
#[hook]
fn use_list_geometry(list: NodeRef, start: usize, total: usize) {
    use_effect_with((start, total), move |(start, total)| {
        dom::set_list_geometry(
            &list,
            *start as f64 * ROW_HEIGHT,
            *total as f64 * ROW_HEIGHT,
        );
    });
}

/// Reads the viewport's height once, when the list first appears.
#[hook]
fn use_viewport_height(viewport: NodeRef, seen: Seen) {
    use_effect_with((), move |_| {
        *seen.borrow_mut() = (0.0, dom::client_height(&viewport));
    });
}

/// Keeps the selected annotation in view in the list.
#[hook]
fn use_selected_in_view(state: &AppContext, filter: &Filter, viewport: NodeRef, seen: Seen) {
    let selected = state.selected.as_ref().map(|chosen| chosen.id.clone());
    let state = state.clone();
    let filter = filter.clone();
    use_effect_with(selected, move |selected| {
        let position = selected.as_ref().and_then(|id| {
            state.with_doc(|doc| position_of(doc, &filter, id, &web::lower_case_all))
        });
        let (top, height) = *seen.borrow();
        if let Some(to) = position.and_then(|row| scroll_to_show(row, top, height)) {
            dom::set_scroll_top(&viewport, to);
        }
    });
}

/// On scroll: remembers where the viewport is, and moves the rendered
/// window only when it changes.
fn scroll_callback(
    scroll: UseStateHandle<f64>,
    viewport: NodeRef,
    seen: Seen,
    total: usize,
) -> Callback<Event> {
    Callback::from(move |_: Event| {
        let top = dom::scroll_top(&viewport);
        *seen.borrow_mut() = (top, dom::client_height(&viewport));
        if window(top, total) != window(*scroll, total) {
            scroll.set(top);
        }
    })
}

/// The tag toggles, with the number of annotations in all and the number
/// of doubtful ones.
fn filter_chips(state: &AppContext, filter: &UseStateHandle<Filter>) -> (Vec<Html>, usize, usize) {
    let (tags, doubtful) = state.with_doc(|doc| {
        // A label nothing uses (not even an unplaced annotation) can go.
        let unused = |tag: &Tag| {
            !tag.is_builtin()
                && doc.count(tag) == 0
                && !doc.unplaced().iter().any(|unplaced| &unplaced.tag == tag)
        };
        let tags: Vec<_> = doc
            .shown_tags()
            .into_iter()
            .map(|(_, tag)| {
                let style = crate::view::tag_style(doc, &tag);
                (doc.count(&tag), style, unused(&tag), tag)
            })
            .collect();
        (tags, doc.doubtful())
    });
    let all: usize = tags.iter().map(|(count, _, _, _)| count).sum();
    let toggles = tags
        .into_iter()
        .map(|(count, style, unused, tag)| {
            let remove = match (&tag, unused) {
                (Tag::Other(label), true) => remove_label_button(state, label),
                _ => html! {},
            };
            filter_chip(filter, tag, count, style, remove)
        })
        .collect();
    (toggles, all, doubtful)
}

/// The button that removes a label nothing uses.
fn remove_label_button(state: &AppContext, label: &Label) -> Html {
    let state = state.clone();
    let label = label.clone();
    let name = format!("Remove label {}", label.as_str());
    let onclick = Callback::from(move |_: MouseEvent| {
        state.dispatch(Action::RemoveLabel(label.clone(), web::now()));
    });
    html! { <button class="remove-label" aria-label={name.clone()} title={name} {onclick}>{ "×" }</button> }
}

/// One tag's toggle: shows or hides its annotations, with their count.
fn filter_chip(
    filter: &UseStateHandle<Filter>,
    tag: Tag,
    count: usize,
    style: &str,
    remove: Html,
) -> Html {
    let filter = filter.clone();
    let shown = !filter.hidden.contains(&tag);
    let testid = format!("count-{}", tag.token());
    let (title, name) = if tag.is_builtin() {
        (
            format!("Show or hide {} annotations", tag.label()),
            format!("{}s ", tag.label()),
        )
    } else {
        (
            format!("Show or hide annotations labelled {}", tag.label()),
            format!("{} ", crate::texts::shortened(tag.label())),
        )
    };
    let onchange = Callback::from(move |_: Event| {
        let mut next = (*filter).clone();
        if let Some(index) = next.hidden.iter().position(|hidden| *hidden == tag) {
            next.hidden.remove(index);
        } else {
            next.hidden.push(tag.clone());
        }
        filter.set(next);
    });
    html! {
        <span class="filter-chip">
            <label class={classes!("filter", format!("tag-{style}"))} {title}>
                <input type="checkbox" checked={shown} {onchange} />
                <span class="swatch" aria-hidden="true"></span>
                { name }<span class="count" data-testid={testid}>{ count }</span>
            </label>
            { remove }
        </span>
    }
}

/// The toggle that shows only the annotations to check.
fn doubtful_toggle(filter: &UseStateHandle<Filter>, doubtful: usize) -> Html {
    let on_doubtful = {
        let filter = filter.clone();
        Callback::from(move |_: Event| {
            let mut next = (*filter).clone();
            next.doubtful = !next.doubtful;
            filter.set(next);
        })
    };
    html! {
        <label class="filter doubtful" title="Show only annotations placed on import by moving or approximate match, to check them">
            <input type="checkbox" checked={filter.doubtful} onchange={on_doubtful} />
            { "Only to check " }<span class="count" data-testid="count-doubtful">{ doubtful }</span>
        </label>
    }
}

/// The toggle that shows only the quotes and claims not yet attributed.
fn unlinked_toggle(filter: &UseStateHandle<Filter>, left: usize) -> Html {
    let on_change = {
        let filter = filter.clone();
        Callback::from(move |_: Event| {
            let mut next = (*filter).clone();
            next.unlinked = !next.unlinked;
            filter.set(next);
        })
    };
    html! {
        <label class="filter unlinked" title="Show only the quotes and claims not yet attributed to a source">
            <input type="checkbox" checked={filter.unlinked} onchange={on_change} />
            { "Only unlinked " }<span class="count" data-testid="count-unlinked">{ left }</span>
        </label>
    }
}

/// The text filter's search box.
fn search_box(filter: &UseStateHandle<Filter>) -> Html {
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*filter).clone();
            next.text = dom::input_value(&e);
            filter.set(next);
        })
    };
    html! {
        <input type="search" class="search" placeholder="Filter by text or note" aria-label="Filter annotations by text"
               value={filter.text.clone()} {oninput} />
    }
}

/// The viewport's last known scroll position and height.
type Seen = std::rc::Rc<std::cell::RefCell<(f64, f64)>>;
