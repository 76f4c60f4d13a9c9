//! The selected annotation's parts, in the editor: each part's text with a
//! **Remove part** button (when it has several), and the **Add part**
//! button (Shift+A) that adds the text selected in the article.

use std::rc::Rc;
use yew::prelude::*;

/// One part as listed: its code-point span and its text.
#[derive(Clone, Debug, PartialEq)]
pub struct PartRow {
    /// First code point.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// Its text, shortened.
    pub text: String,
}

/// Props of [`Parts`].
#[derive(Properties, PartialEq)]
pub struct PartsProps {
    /// The parts, in text order (one for an annotation of one span).
    pub rows: Rc<Vec<PartRow>>,
    /// Add the selected text as another part.
    pub on_add: Callback<()>,
    /// Remove the part at this index.
    pub on_remove: Callback<usize>,
}

/// The parts of the selected annotation and the way to add one.
#[component(Parts)]
pub fn parts(props: &PartsProps) -> Html {
    let several = props.rows.len() > 1;
    let items = props.rows.iter().enumerate().map(|(i, row)| {
        let on_remove = props.on_remove.reform(move |_: MouseEvent| i);
        let label = format!("Remove part {} of {}", i + 1, props.rows.len());
        html! {
            <li data-testid="part-item" data-start={row.start.to_string()} data-end={row.end.to_string()}>
                <span class="part-text">{ format!("\u{201c}{}\u{201d}", row.text) }</span>
                <button class="link danger" onclick={on_remove} aria-label={label}>{ "Remove part" }</button>
            </li>
        }
    });
    let on_add = props.on_add.reform(|_: MouseEvent| ());
    html! {
        <div class="parts" data-testid="parts">
            <div class="editor-row">
                <span class="parts-heading">{ if several { format!("Parts ({})", props.rows.len()) } else { "One span".to_string() } }</span>
                <button onclick={on_add} aria-keyshortcuts="Shift+A"
                        title="Add the text selected in the article to this annotation as another part (Shift+A)">{ "Add part" }</button>
            </div>
            if several {
                <ol class="part-list">{ for items }</ol>
            }
        </div>
    }
}
