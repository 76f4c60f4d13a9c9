//! A file input that looks like a button; its label is its accessible name.

use crate::web::files::{files_from_input, File};
use yew::prelude::*;

/// Props of [`FileButton`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Visible text and accessible name (e.g. "Open article").
    pub label: AttrValue,
    /// The `accept` attribute.
    pub accept: AttrValue,
    /// Called with the chosen files.
    pub on_files: Callback<Vec<File>>,
    /// Tooltip.
    #[prop_or_default]
    pub title: AttrValue,
    /// Several files may be chosen at once.
    #[prop_or_default]
    pub multiple: bool,
    /// Called when the user opens the file picker (before choosing).
    #[prop_or_default]
    pub on_activate: Callback<()>,
}

/// A visually hidden `<input type="file">` wrapped in a label styled as a
/// button, so it stays keyboard-focusable and screen-reader friendly.
#[component(FileButton)]
pub fn file_button(props: &Props) -> Html {
    let on_files = props.on_files.clone();
    let onchange = Callback::from(move |e: Event| on_files.emit(files_from_input(&e)));
    let onclick = props.on_activate.reform(|_: MouseEvent| ());
    html! {
        <label class="button file-button" title={props.title.clone()} {onclick}>
            { props.label.clone() }
            <input type="file" class="visually-hidden" accept={props.accept.clone()}
                   multiple={props.multiple} {onchange} />
        </label>
    }
}
