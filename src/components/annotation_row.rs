//! One row of the annotation list.

use crate::listing::Item;
use marginalia_core::{AnnotationId, Placement, Tag};
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
    /// Called with the row's annotation when the user chooses it (a click,
    /// Enter or Space). The list passes the same callback to every row, so
    /// that a row's props change only when its own item does (or the total).
    pub on_choose: Callback<AnnotationId>,
}

/// A list entry: tag, quote and note; choosing it (a click or Enter) calls
/// `on_choose`, which selects the annotation and brings it into view.
///
/// The entry's attributes (position, count, selection) are drawn here; its
/// text is a memoised [`RowText`], so a change of the list's length redraws
/// the attributes of the rows in the window, not their text.
#[component(AnnotationRow)]
pub fn annotation_row(props: &Props) -> Html {
    let item = &props.item;
    let onclick = {
        let (on_choose, id) = (props.on_choose.clone(), item.id.clone());
        Callback::from(move |_: MouseEvent| on_choose.emit(id.clone()))
    };
    let onkeydown = {
        let (on_choose, id) = (props.on_choose.clone(), item.id.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                on_choose.emit(id.clone());
            }
        })
    };
    html! {
        <li data-testid="annotation-item" role="option" tabindex="0"
            class={classes!("annotation-item", format!("tag-{}", item.style), item.by.as_ref().map(|b| b.2))}
            data-annotation-id={item.id.to_string()} data-tag={item.tag.token().into_owned()}
            data-placement={item.placement.is_doubtful().then_some(item.placement.as_str())}
            aria-selected={props.selected.to_string()}
            aria-posinset={(item.position + 1).to_string()} aria-setsize={props.total.to_string()}
            {onclick} {onkeydown}>
            <RowText tag={item.tag.clone()} placement={item.placement} quote={item.quote.clone()}
                     note={item.note.clone()} links={item.links.clone()}
                     by={item.by.as_ref().map(|b| (b.0.clone(), b.1.clone()))} />
        </li>
    }
}

/// Props of [`RowText`].
#[derive(Properties, PartialEq)]
struct RowTextProps {
    tag: Tag,
    placement: Placement,
    quote: String,
    note: String,
    links: String,
    /// Another annotator's initials and name.
    by: Option<(String, String)>,
}

/// What a row says: its tag, how it was placed (when doubtful), its quote
/// and its note.
#[component(RowText)]
fn row_text(props: &RowTextProps) -> Html {
    crate::metrics::row_text_rendered();
    html! {
        <>
            <span class="badge" title={props.tag.label().to_string()}>{ crate::texts::shortened(props.tag.label()) }</span>
            if let Some((initials, name)) = &props.by {
                <abbr class="initials" data-testid="row-annotator" title={format!("By {name} (read-only)")}
                      aria-label={format!("by {name}")}>{ initials.clone() }</abbr>
            }
            if props.placement.is_doubtful() {
                <span class="placed" title="Placed on import by moving or approximate match: check it">
                    { match props.placement {
                        Placement::Fuzzy(similarity) => format!("approximate, {}%", similarity / 10),
                        other => other.as_str().to_string(),
                    } }
                </span>
            }
            if !props.links.is_empty() {
                <span class="links" data-testid="row-links" title="Relations: → to, ← from">{ props.links.clone() }</span>
            }
            <q class="quote">{ props.quote.clone() }</q>
            if !props.note.is_empty() { <p class="note">{ props.note.clone() }</p> }
        </>
    }
}
