//! The bar over an article opened from a saved web page: which reading it
//! is (the extracted article or the whole page text), and the switch.

use crate::texts;
use yew::prelude::*;

/// Props of [`PageChoiceBar`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// True when the document holds the page's whole text.
    pub whole: bool,
    /// Paragraphs of the reading shown.
    pub paragraphs: usize,
    /// Called when the user asks for the other reading.
    pub on_switch: Callback<()>,
}

/// "Article extracted (N paragraphs); show the whole page text instead".
#[component(PageChoiceBar)]
pub fn page_choice_bar(props: &Props) -> Html {
    let on_switch = props.on_switch.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_switch.emit(()));
    html! {
        <p class="page-choice" data-testid="page-choice" data-whole={props.whole.to_string()}>
            <span>{ texts::page_shown(props.whole, props.paragraphs) }</span>
            <button class="link" {onclick}>{ texts::page_switch(props.whole) }</button>
        </p>
    }
}
