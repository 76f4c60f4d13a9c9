//! The **Compare** view: the disagreements between the layers shown (the
//! gold layer apart), each classified and marked in the text, walked with
//! **n** / **p** and opened with Enter; and adjudication into the gold
//! layer — accept one annotator's version of a disagreement, **Accept all
//! agreements** at once (each one undo step), and **Open the gold layer as
//! a document** to export it alone.

use crate::actions::AppContext;
use crate::state::Action;
use crate::web::{self, dom};
use marginalia_core::compare::{Comparison, Disagreement};
use marginalia_core::gold::{accept, gold_document, NewIds};
use marginalia_core::{AnnotationId, Annotator};
use yew::prelude::*;

/// How many disagreements the list shows at once.
const WINDOW: usize = 50;

/// The view.
#[component(ComparePanel)]
pub fn compare_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let at = use_state(|| 0usize);
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| dom::focus(&heading));
    }
    let who = state.compared();
    let comparison = state.comparison.clone().unwrap_or_default();
    let list = &comparison.disagreements;
    let current = (*at).min(list.len().saturating_sub(1));
    let onkeydown = walk_keys(&state, &at, &comparison);
    let listed = use_node_ref();
    {
        let listed = listed.clone();
        use_effect_with(current, move |_| dom::show_current(&listed));
    }
    // A window of the list around the current one (a long article may
    // have thousands): n / p walk through all of them.
    let start = current
        .saturating_sub(WINDOW / 5)
        .min(list.len().saturating_sub(WINDOW));
    let end = (start + WINDOW).min(list.len());
    let items = list[start..end]
        .iter()
        .enumerate()
        .map(|(k, d)| item(&state, &who, d, start + k, start + k == current, &at));
    let open = list.iter().filter(|d| !d.resolved).count();
    html! {
        <section class="codebook-panel compare-panel" data-testid="compare" role="dialog"
                 aria-labelledby="compare-heading" {onkeydown}>
            <div class="codebook-row">
                <h2 id="compare-heading" tabindex="-1" ref={heading}>{ "Compare" }</h2>
                { crate::components::close_panel(&state, "Close the comparison") }
            </div>
            if who.len() < 2 {
                <p class="empty" data-testid="compare-none">{ crate::texts::COMPARE_NEEDS_TWO }</p>
            } else {
                <p data-testid="compare-summary" data-disagreements={list.len().to_string()}
                   data-open={open.to_string()} data-agreements={comparison.agreements.len().to_string()}>
                    { format!("{} — {} disagreement{} ({} not yet adjudicated), {} exact agreement{}. n / p: next / previous; Enter: show it.",
                        names(&who), list.len(), if list.len() == 1 { "" } else { "s" }, open,
                        comparison.agreements.len(), if comparison.agreements.len() == 1 { "" } else { "s" }) }
                </p>
                { adjudication_buttons(&state, &comparison) }
                if list.len() > WINDOW {
                    <p class="window">{ format!("Showing {}–{end} of {}.", start + 1, list.len()) }</p>
                }
                <ol class="disagreements" aria-label="Disagreements in text order" start={(start + 1).to_string()} ref={listed}>{ for items }</ol>
            }
        </section>
    }
}

/// The annotators' names, joined.
fn names(who: &[Annotator]) -> String {
    who.iter()
        .map(|a| a.shown_name())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// n / p move the current disagreement (and show it), Enter shows it; other
/// keys go on to the page's shortcuts.
fn walk_keys(
    state: &AppContext,
    at: &UseStateHandle<usize>,
    c: &Comparison,
) -> Callback<KeyboardEvent> {
    let state = state.clone();
    let at = at.clone();
    let firsts: Vec<Option<AnnotationId>> = c.disagreements.iter().map(first_of).collect();
    Callback::from(move |e: KeyboardEvent| {
        if e.ctrl_key() || e.alt_key() || e.meta_key() || firsts.is_empty() {
            return;
        }
        let now = (*at).min(firsts.len() - 1);
        let to = match e.key().as_str() {
            "n" => (now + 1).min(firsts.len() - 1),
            "p" => now.saturating_sub(1),
            // Enter on a button presses it.
            "Enter" if dom::on_control(&e) => return,
            "Enter" => now,
            _ => return,
        };
        e.prevent_default();
        e.stop_propagation();
        at.set(to);
        show(&state, firsts[to].as_ref());
    })
}

/// The first annotation of a disagreement (to show it by).
fn first_of(d: &Disagreement) -> Option<AnnotationId> {
    d.versions.iter().flatten().next().cloned()
}

/// Selects the annotation and brings it into view.
fn show(state: &AppContext, id: Option<&AnnotationId>) {
    if let Some(id) = id {
        state.dispatch(Action::Select(Some(id.clone())));
        dom::reveal(id);
    }
}

/// One disagreement: its kind, its text, each annotator's version (what
/// they marked there) with **Accept**.
fn item(
    state: &AppContext,
    who: &[Annotator],
    d: &Disagreement,
    index: usize,
    current: bool,
    at: &UseStateHandle<usize>,
) -> Html {
    let quote = state.with_doc(|doc| {
        let q: String = doc.text().slice(d.span.clone()).chars().take(80).collect();
        q
    });
    let versions = d.versions.iter().zip(who).map(|(ids, annotator)| {
        let said = state.with_doc(|doc| {
            ids.iter()
                .filter_map(|id| doc.annotation(id))
                .map(|a| format!("{} “{}”", a.tag.label(), doc.quote(a).chars().take(60).collect::<String>()))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let name = annotator.shown_name().to_string();
        let on_accept = {
            let state = state.clone();
            let ids = ids.clone();
            let name = name.clone();
            Callback::from(move |_: MouseEvent| accept_version(&state, &ids, &name))
        };
        html! {
            <li class="version" data-annotator={name.clone()}>
                <span class="who">{ format!("{name}: ") }</span>
                { if said.is_empty() { "— (nothing)".to_string() } else { said } }
                if !ids.is_empty() && !d.resolved {
                    <button class="accept" onclick={on_accept} aria-label={format!("Accept {name}'s version")}>{ "Accept" }</button>
                }
            </li>
        }
    });
    let onclick = {
        let (state, at, first) = (state.clone(), at.clone(), first_of(d));
        Callback::from(move |_: MouseEvent| {
            at.set(index);
            show(&state, first.as_ref());
        })
    };
    html! {
        <li data-testid="disagreement" data-kind={d.kind.name()} data-resolved={d.resolved.to_string()}
            data-start={d.span.start.to_string()} data-end={d.span.end.to_string()}
            aria-current={current.then_some("true")} class={classes!("disagreement", current.then_some("current"), d.resolved.then_some("resolved"))}>
            <button class="show-disagreement" {onclick}>
                <span class={classes!("kind", format!("d-{}", d.kind.name()))}>{ d.kind.label() }</span>
                if d.resolved { <span class="resolved-mark">{ " (in gold)" }</span> }
                <q>{ quote }</q>
            </button>
            <ul class="versions">{ for versions }</ul>
        </li>
    }
}

/// **Accept all agreements** and **Open the gold layer as a document**.
fn adjudication_buttons(state: &AppContext, c: &Comparison) -> Html {
    let on_all = {
        let state = state.clone();
        let firsts: Vec<AnnotationId> = c
            .agreements
            .iter()
            .filter_map(|g| g.first().cloned())
            .collect();
        Callback::from(move |_: MouseEvent| adjudicate(&state, &firsts, "every exact agreement"))
    };
    let on_gold = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| open_gold(&state))
    };
    let golden = state.with_doc(|doc| doc.annotations().any(marginalia_core::gold::is_gold));
    html! {
        <div class="codebook-row adjudication">
            <button onclick={on_all} disabled={c.agreements.is_empty()}
                    title="Copy every annotation all the layers agree on into the gold layer (one undo step)">{ "Accept all agreements" }</button>
            <button onclick={on_gold} disabled={!golden}
                    title="Open the gold layer alone as a new document, to export it">{ "Open the gold layer as a document" }</button>
        </div>
    }
}

/// Copies `ids` (one annotator's version) into the gold layer.
fn accept_version(state: &AppContext, ids: &[AnnotationId], name: &str) {
    adjudicate(state, ids, &format!("{name}'s version"));
}

/// Copies `ids` into the gold layer in one undo step, saying so.
fn adjudicate(state: &AppContext, ids: &[AnnotationId], what: &str) {
    let now = web::now();
    let command = state.with_doc(|doc| {
        accept(
            doc,
            ids,
            &now,
            NewIds {
                annotation: &mut web::new_annotation_id,
                relation: &mut web::new_relation_id,
            },
        )
    });
    match command {
        Some(command) => {
            state.dispatch(Action::Adjudicate {
                command,
                notice: format!("Accepted {what} into the gold layer (Ctrl+Z undoes it)."),
                now,
            });
            // The button pressed goes with the version accepted: the view
            // keeps the focus, so that n / p go on.
            dom::focus_id("compare-heading");
        }
        None => state.dispatch(Action::Notice(format!(
            "The gold layer has {what} already."
        ))),
    }
}

/// Opens the gold layer alone as a new document.
fn open_gold(state: &AppContext) {
    let now = web::now();
    let doc = state.with_doc(|doc| gold_document(doc, web::new_document_id(), &now));
    let n = doc.len();
    state.dispatch(Action::Open {
        doc: Box::new(doc),
        fresh: true,
        notice: Some(format!(
            "The gold layer opened as a document of its own ({}); export it from here.",
            crate::words::plural(n, "annotation", "annotations")
        )),
    });
}
