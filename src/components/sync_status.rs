//! The sync's status in the top bar: synced, syncing (n of m), offline
//! with the changes waiting, or an error with its reason (the title).

use crate::hooks::SyncContext;
use yew::prelude::*;

/// The status line (the automation contract's `sync-status`).
#[component(SyncStatus)]
pub fn sync_status() -> Html {
    let ctx = use_context::<SyncContext>().expect("sync context");
    let v = &ctx.view;
    let title = v
        .message
        .clone()
        .or_else(|| v.unkept.clone())
        .unwrap_or_else(|| v.summary());
    html! {
        <span class={classes!("sync-status", v.state.as_str(), v.unkept.is_some().then_some("unkept"))}
              data-testid="sync-status"
              data-state={v.state.as_str()} data-pending={v.pending.to_string()}
              {title} aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            { v.summary() }
            if let Some((done, total)) = v.bar() {
                <progress class="sync-progress" data-testid="sync-progress"
                          max={total.to_string()} value={done.to_string()}
                          aria-label={format!("Syncing {done} of {total}")}></progress>
            }
            if v.unkept.is_some() {
                <span class="unkept-mark">{ " · not all stored here" }</span>
            }
        </span>
    }
}
