//! Errors (`role="alert"`) and notices (`role="status"`).

use crate::state::Message;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The errors shown, oldest first.
    pub alerts: Rc<Vec<Message>>,
    /// The latest notice.
    pub status: Option<Message>,
    /// Called with an error's id when the user dismisses it.
    pub on_dismiss: Callback<u64>,
}

/// The message regions.
#[component(Messages)]
pub fn messages(props: &Props) -> Html {
    let alerts = props.alerts.iter().map(|message| {
        let (on_dismiss, id) = (props.on_dismiss.clone(), message.id);
        let dismiss = Callback::from(move |_: MouseEvent| on_dismiss.emit(id));
        html! {
            <p key={message.id} class="message error">
                <span>{ message.text.clone() }</span>
                <button class="icon" onclick={dismiss} aria-label="Dismiss message">{ "✕" }</button>
            </p>
        }
    });
    html! {
        <div class="messages">
            <div role="alert" class="alerts">{ for alerts }</div>
            <div role="status" class="status">
                if let Some(message) = &props.status { <p key={message.id} class="message notice">{ message.text.clone() }</p> }
            </div>
        </div>
    }
}
