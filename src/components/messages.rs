//! Errors (`role="alert"`) and notices (`role="status"`).

use crate::actions::AppContext;
use crate::state::Action;
use yew::prelude::*;

/// The message regions.
#[component(Messages)]
pub fn messages() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let alerts = state.alerts.iter().map(|m| {
        let state = state.clone();
        let id = m.id;
        let dismiss = Callback::from(move |_: MouseEvent| state.dispatch(Action::Dismiss(id)));
        html! {
            <p key={m.id} class="message error">
                <span>{ m.text.clone() }</span>
                <button class="icon" onclick={dismiss} aria-label="Dismiss message">{ "✕" }</button>
            </p>
        }
    });
    html! {
        <div class="messages">
            <div role="alert" class="alerts">{ for alerts }</div>
            <div role="status" class="status">
                if let Some(m) = &state.status { <p key={m.id} class="message notice">{ m.text.clone() }</p> }
            </div>
        </div>
    }
}
