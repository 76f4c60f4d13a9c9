//! The selected annotation's relations, in the editor: the list (both
//! directions, each with a jump and a delete), the **Link** button, and the
//! choice of a new relation's other end.

use crate::web::dom;
use marginalia_core::{AnnotationId, RelationId};
use std::rc::Rc;
use yew::prelude::*;

/// One relation of the selected annotation, as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationRow {
    /// The relation.
    pub id: RelationId,
    /// Its start and end.
    pub from: AnnotationId,
    /// Its end.
    pub to: AnnotationId,
    /// Its type.
    pub kind: String,
    /// True when the selected annotation is its start (`→`).
    pub outgoing: bool,
    /// The other end's tag label and a short quote of it.
    pub other: (String, String),
}

/// A candidate for a new relation's other end, as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateRow {
    /// The annotation.
    pub to: AnnotationId,
    /// Its tag label.
    pub tag: String,
    /// A short quote of it.
    pub quote: String,
    /// The relation's type.
    pub kind: String,
}

/// Props of [`Relations`].
#[derive(Properties, PartialEq)]
pub struct RelationsProps {
    /// The selected annotation's relations.
    pub rows: Rc<Vec<RelationRow>>,
    /// When a relation is being made: the shown candidates and the
    /// highlighted one.
    pub choosing: Option<(Rc<Vec<CandidateRow>>, usize, String)>,
    /// Start making a relation.
    pub on_link: Callback<()>,
    /// Delete a relation.
    pub on_delete: Callback<RelationId>,
    /// Select (and show) an annotation.
    pub on_jump: Callback<AnnotationId>,
    /// The filter was typed.
    pub on_filter: Callback<String>,
    /// Move the highlighted candidate.
    pub on_move: Callback<isize>,
    /// Choose the candidate at this index of the shown list.
    pub on_choose: Callback<usize>,
    /// Stop making a relation.
    pub on_cancel: Callback<()>,
}

/// The selected annotation's relations and the way to make one.
#[component(Relations)]
pub fn relations(props: &RelationsProps) -> Html {
    let items = props.rows.iter().map(|row| relation_item(row, props));
    let on_link = props.on_link.reform(|_: MouseEvent| ());
    html! {
        <div class="relations" data-testid="relations">
            <div class="editor-row">
                <span class="relations-heading">{ "Relations" }</span>
                <button onclick={on_link} aria-keyshortcuts="L" title="Link this annotation to another (L)">{ "Link" }</button>
            </div>
            if !props.rows.is_empty() {
                <ul class="relation-list">{ for items }</ul>
            }
            if let Some((rows, active, filter)) = &props.choosing {
                <LinkChoice rows={rows.clone()} active={*active} filter={filter.clone()}
                            on_filter={props.on_filter.clone()} on_move={props.on_move.clone()}
                            on_choose={props.on_choose.clone()} on_cancel={props.on_cancel.clone()} />
            }
        </div>
    }
}

fn relation_item(row: &RelationRow, props: &RelationsProps) -> Html {
    let arrow = if row.outgoing { "→" } else { "←" };
    let other = if row.outgoing { &row.to } else { &row.from };
    let on_jump = {
        let (jump, id) = (props.on_jump.clone(), other.clone());
        Callback::from(move |_: MouseEvent| jump.emit(id.clone()))
    };
    let on_delete = {
        let (delete, id) = (props.on_delete.clone(), row.id.clone());
        Callback::from(move |_: MouseEvent| delete.emit(id.clone()))
    };
    let (tag, quote) = &row.other;
    html! {
        <li data-testid="relation-item" data-from={row.from.to_string()} data-to={row.to.to_string()} data-type={row.kind.clone()}>
            <button class="link relation-jump" onclick={on_jump} title={format!("{} {}", row.kind, if row.outgoing { "this" } else { "that" })}>
                { format!("{arrow} {quote} ({})", tag.to_ascii_lowercase()) }
            </button>
            <span class="relation-kind">{ row.kind.clone() }</span>
            <button class="icon" onclick={on_delete} aria-label={format!("Delete relation {arrow} {quote}")}>{ "×" }</button>
        </li>
    }
}

/// Props of [`LinkChoice`].
#[derive(Properties, PartialEq)]
struct LinkChoiceProps {
    rows: Rc<Vec<CandidateRow>>,
    active: usize,
    filter: String,
    on_filter: Callback<String>,
    on_move: Callback<isize>,
    on_choose: Callback<usize>,
    on_cancel: Callback<()>,
}

/// The choice of a new relation's other end: a filter field (focused when
/// it opens; ↑/↓ move, Enter chooses, Escape cancels) and the candidates,
/// nearest first.
#[component(LinkChoice)]
fn link_choice(props: &LinkChoiceProps) -> Html {
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with((), move |_| dom::focus(&field));
    }
    let on_input = props.on_filter.reform(|e: InputEvent| dom::input_value(&e));
    let onkeydown = {
        let (on_move, on_choose, active) =
            (props.on_move.clone(), props.on_choose.clone(), props.active);
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "ArrowDown" => {
                e.prevent_default();
                on_move.emit(1);
            }
            "ArrowUp" => {
                e.prevent_default();
                on_move.emit(-1);
            }
            "Enter" => {
                e.prevent_default();
                on_choose.emit(active);
            }
            _ => {}
        })
    };
    let options = props.rows.iter().enumerate().map(|(i, row)| {
        let choose = props.on_choose.reform(move |_: MouseEvent| i);
        let active = i == props.active;
        html! {
            <li role="option" id={format!("link-option-{i}")} aria-selected={active.to_string()} class={classes!(active.then_some("active"))}
                data-testid="link-candidate" data-to={row.to.to_string()} data-type={row.kind.clone()} onclick={choose}>
                <span class="candidate-tag">{ row.tag.clone() }</span>{ " " }{ row.quote.clone() }
                <span class="relation-kind">{ row.kind.clone() }</span>
            </li>
        }
    });
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="link-choice" data-testid="link-choice">
            <label for="link-filter">{ "Link to (type to filter, ↑/↓, Enter; or click a highlight)" }</label>
            <input id="link-filter" ref={field} type="search" value={props.filter.clone()} oninput={on_input} {onkeydown}
                   role="combobox" aria-expanded="true" aria-controls="link-options"
                   aria-activedescendant={format!("link-option-{}", props.active)} autocomplete="off" />
            if props.rows.is_empty() {
                <p class="hint">{ "No candidate matches." }</p>
            } else {
                <ul id="link-options" role="listbox" class="link-options">{ for options }</ul>
            }
            <button class="link" onclick={on_cancel}>{ "Cancel (Escape)" }</button>
        </div>
    }
}
