//! The side list of annotations, in text order, with filters.

use crate::actions::AppContext;
use crate::state::Action;
use crate::web::dom;
use marginalia_core::{AnnotationId, Tag};
use std::rc::Rc;
use yew::prelude::*;

/// One row of the list.
#[derive(Clone, PartialEq)]
struct Item {
    id: AnnotationId,
    tag: Tag,
    quote: String,
    note: String,
}

/// Which annotations to show.
#[derive(Clone, PartialEq, Default)]
struct Filter {
    hidden: [bool; 3],
    text: String,
}

impl Filter {
    fn keeps(&self, tag: Tag, quote: &str, note: &str) -> bool {
        if self.hidden[tag.index()] {
            return false;
        }
        let needle = self.text.trim().to_lowercase();
        needle.is_empty()
            || quote.to_lowercase().contains(&needle)
            || note.to_lowercase().contains(&needle)
    }
}

/// The annotation list with tag toggles (showing counts) and a text filter.
#[component(AnnotationList)]
pub fn annotation_list() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let filter = use_state(Filter::default);
    let items = {
        let f = (*filter).clone();
        let deps = (state.session.clone(), state.revision, f);
        let state = state.clone();
        use_memo(deps, move |(_, _, f)| {
            state.with_doc(|d| {
                d.annotations()
                    .filter(|a| f.keeps(a.tag, d.quote(a), &a.note))
                    .map(|a| Item {
                        id: a.id.clone(),
                        tag: a.tag,
                        quote: d.quote(a).to_string(),
                        note: a.note.clone(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let counts = state.with_doc(|d| Tag::ALL.map(|t| d.count(t)));
    let toggles = Tag::ALL.into_iter().map(|tag| {
        let filter = filter.clone();
        let shown = !filter.hidden[tag.index()];
        let onchange = Callback::from(move |_: Event| {
            let mut f = (*filter).clone();
            f.hidden[tag.index()] = !f.hidden[tag.index()];
            filter.set(f);
        });
        html! {
            <label class={classes!("filter", format!("tag-{}", tag.as_str()))} title={format!("Show or hide {} annotations", tag.label())}>
                <input type="checkbox" checked={shown} {onchange} />
                <span class="swatch" aria-hidden="true"></span>
                { format!("{}s ", tag.label()) }<span class="count" data-testid={format!("count-{}", tag.as_str())}>{ counts[tag.index()] }</span>
            </label>
        }
    });
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = (*filter).clone();
            f.text = dom::input_value(&e);
            filter.set(f);
        })
    };
    let selected = state.selected.as_ref().map(|s| s.id.clone());
    let total: usize = counts.iter().sum();
    html! {
        <section class="annotations" aria-labelledby="annotations-heading">
            <h2 id="annotations-heading">{ format!("Annotations ({total})") }</h2>
            <div class="filters" role="group" aria-label="Filter annotations">{ for toggles }</div>
            <input type="search" class="search" placeholder="Filter by text or note" aria-label="Filter annotations by text"
                   value={filter.text.clone()} {oninput} />
            <ul data-testid="annotation-list" class="annotation-list" role="listbox" aria-label="Annotations in text order">
                { for items.iter().map(|item| render_item(&state, item, selected.as_ref() == Some(&item.id))) }
            </ul>
            if items.is_empty() {
                <p class="empty">{ if total == 0 { "No annotations yet: select text in the article and press 1, 2 or 3." } else { "No annotation matches the filter." } }</p>
            }
        </section>
    }
}

fn render_item(state: &AppContext, item: &Item, selected: bool) -> Html {
    let choose = {
        let state = state.clone();
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
        <li key={item.id.to_string()} data-testid="annotation-item" role="option" tabindex="0"
            class={classes!("annotation-item", format!("tag-{}", item.tag.as_str()))}
            data-annotation-id={item.id.to_string()} data-tag={item.tag.as_str()}
            aria-selected={selected.to_string()} {onclick} {onkeydown}>
            <span class="badge">{ item.tag.label() }</span>
            <q class="quote">{ item.quote.clone() }</q>
            if !item.note.is_empty() { <p class="note">{ item.note.clone() }</p> }
        </li>
    }
}
