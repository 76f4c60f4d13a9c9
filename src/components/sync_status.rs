//! The sync's status in the top bar: synced, syncing (n of m), offline
//! with the changes waiting, or an error with its reason (the title).

use crate::hooks::SyncContext;
use yew::prelude::*;

/// The status line (the automation contract's `sync-status`).
#[component(SyncStatus)]
pub fn sync_status() -> Html {
    let ctx = use_context::<SyncContext>().expect("sync context");
    let v = &ctx.view;
    let title = v.message.clone().unwrap_or_else(|| v.summary());
    html! {
        <span class={classes!("sync-status", v.state.as_str())} data-testid="sync-status"
              data-state={v.state.as_str()} data-pending={v.pending.to_string()}
              {title} aria-live="polite">
            <span class="dot" aria-hidden="true"></span>
            { v.summary() }
        </span>
    }
}
