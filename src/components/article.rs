//! The article pane: title, credits and the annotatable text.

use crate::actions::AppContext;
use crate::components::connectors::{Connectors, Links};
use crate::components::Block;
use crate::state::{Action, Choice};
use crate::texts;
use crate::web::visibility::NearWatcher;
use crate::web::{self, dom, events, selection};
use marginalia_core::AnnotationId;
use std::cell::Cell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

/// The id of the annotatable text (the focus goes there after a dialog).
pub const ARTICLE_ID: &str = "article-text";

/// Blocks whose paragraphs are in the page from a document's first render;
/// the others are empty blocks of their estimated height at first, filled
/// [`STEP_BLOCKS`] at a time, one step per task, so that opening a long
/// article never holds the page for long (a 1 MB article has 57 blocks of
/// 32 paragraphs; building them all at once was most of a 118 ms task).
pub const FIRST_BLOCKS: usize = 6;
/// Blocks filled per task after the first render.
pub const STEP_BLOCKS: usize = 6;

/// When and where the article was published, as far as known: shown as
/// text (an address from a file is never made a link).
fn origin(meta: &marginalia_core::Metadata) -> Option<String> {
    let parts: Vec<String> = [
        meta.published.as_ref().map(|p| format!("Published {p}")),
        meta.url.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The article pane.
#[component(ArticlePane)]
pub fn article_pane() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let (title, source, attribution, origin, id) = state.with_doc(|doc| {
        let meta = doc.meta();
        (
            meta.title.clone(),
            meta.source.clone(),
            meta.attribution.clone(),
            origin(meta),
            doc.id().to_string(),
        )
    });
    let article = use_node_ref();
    use_near_watcher(&state, &article, &id);
    let upto = use_filled_blocks(&id, state.article.blocks.len());
    let onclick = on_click(&state);
    let onkeydown = Callback::from(extend_selection);
    let selected = state
        .selected
        .as_ref()
        .map(|chosen| (chosen.id.clone(), chosen.paragraphs.clone()));
    let related = state.selected.as_ref().map(|chosen| chosen.related.clone());
    let links = selected_links(&state);
    let frame = use_node_ref();
    let blocks = state.article.blocks.iter().enumerate().map(|(i, block)| {
        let last = block.first + block.paragraphs.len();
        let meets =
            |spanned: &std::ops::Range<usize>| spanned.start < last && spanned.end > block.first;
        let selected = selected.clone().filter(|(_, spanned)| meets(spanned));
        let related: Vec<(AnnotationId, std::ops::Range<usize>)> = related
            .iter()
            .flat_map(|list| list.iter())
            .filter(|(_, spanned)| meets(spanned))
            .cloned()
            .collect();
        let pending = i >= upto && selected.is_none() && related.is_empty();
        html! { <Block key={block.first} view={block.clone()} {selected} {related} {pending} /> }
    });
    html! {
        <section class="article-pane" aria-labelledby="article-title">
            <header class="article-header">
                <h2 id="article-title" class="article-title">{ title }</h2>
                if let Some(source) = source { <p class="article-source">{ source }</p> }
                if let Some(credit) = attribution { <p class="article-credit">{ credit }</p> }
                if let Some(origin) = origin { <p class="article-credit" data-testid="article-origin">{ origin }</p> }
            </header>
            <p id="article-help" class="visually-hidden">
                { texts::ARTICLE_HELP }
            </p>
            <div class="article-frame" ref={frame.clone()}>
                <div data-testid="article" id={ARTICLE_ID} class="article" key={id.clone()} ref={article.clone()} tabindex="0" role="document"
                     aria-label="Article" aria-describedby="article-help" {onclick} {onkeydown}>
                    { for blocks }
                </div>
                if let Some((selected, links)) = links {
                    <Connectors {frame} column={article} {selected} {links} revision={state.revision} />
                }
            </div>
        </section>
    }
}

/// A click in the article: outside a selection, it selects the highlight
/// clicked (or nothing); while a relation is being made, it picks its other
/// end.
fn on_click(state: &AppContext) -> Callback<MouseEvent> {
    let state = state.clone();
    Callback::from(move |e: MouseEvent| {
        if selection::has_selection() {
            return;
        }
        let ids = dom::annotation_ids_at(&e);
        if state.linking.is_some() {
            // Making a relation: a click on a highlight chooses its
            // other end.
            if !ids.is_empty() {
                state.dispatch(Action::LinkTo {
                    choice: Choice::Among(ids),
                    id: web::new_relation_id(),
                    now: web::now(),
                });
            }
        } else if ids.is_empty() {
            state.dispatch(Action::Select(None));
        } else {
            state.dispatch(Action::ClickHighlight(ids));
        }
    })
}

/// The selected annotation and its relations (the other end, and whether
/// it starts at the selected one), for the connectors; `None` without any.
fn selected_links(state: &AppContext) -> Option<(AnnotationId, Links)> {
    let chosen = state.selected.as_ref()?;
    let links: Vec<(AnnotationId, bool)> = state.with_doc(|doc| {
        doc.relations_of(&chosen.id)
            .filter_map(|r| Some((r.other_end(&chosen.id)?.clone(), r.from == chosen.id)))
            .collect()
    });
    (!links.is_empty()).then(|| (chosen.id.clone(), Rc::new(links)))
}

/// Blocks far from the viewport are plain text until they come near (see
/// `view::NearBlocks`): the browser says when.
#[hook]
fn use_near_watcher(state: &AppContext, article: &NodeRef, id: &str) {
    let state = state.clone();
    let article = article.clone();
    let blocks = state.article.blocks.len();
    use_effect_with((id.to_string(), blocks), move |_| {
        let watcher = NearWatcher::start(&article, move |list| state.dispatch(Action::Near(list)));
        move || drop(watcher)
    });
}

/// How many of the document's `total` blocks have their paragraphs in the
/// page: [`FIRST_BLOCKS`] at first, then [`STEP_BLOCKS`] more per task.
#[hook]
fn use_filled_blocks(id: &str, total: usize) -> usize {
    let filled = use_state(|| (id.to_string(), FIRST_BLOCKS));
    let upto = if filled.0 == id {
        filled.1
    } else {
        FIRST_BLOCKS
    };
    use_effect_with((id.to_string(), upto, total), move |(id, upto, total)| {
        let cancelled = Rc::new(Cell::new(false));
        if upto < total {
            let (id, next, cancelled) = (id.clone(), upto + STEP_BLOCKS, cancelled.clone());
            spawn_local(async move {
                // A timer, not a microtask: the next step is a task of its own.
                sleep(std::time::Duration::ZERO).await;
                if !cancelled.get() {
                    filled.set((id, next));
                }
            });
        }
        move || cancelled.set(true)
    });
    upto
}

/// Shift with the arrow keys (and Ctrl for words) extends the selection in
/// the article by a character, a word or a line.
fn extend_selection(e: KeyboardEvent) {
    let keys = events::key_of(&e);
    if !keys.shift || keys.alt {
        return;
    }
    let step = if keys.ctrl {
        selection::Step::Word
    } else {
        selection::Step::Character
    };
    let (forward, step) = match keys.key.as_str() {
        "ArrowRight" => (true, step),
        "ArrowLeft" => (false, step),
        "ArrowDown" => (true, selection::Step::Line),
        "ArrowUp" => (false, selection::Step::Line),
        _ => return,
    };
    if let Some(article) = selection::article() {
        e.prevent_default();
        selection::extend(&article, forward, step);
    }
}
