//! The Sync panel: the server's address, the sign-in (the password is held
//! in memory only), Connect / Disconnect, what the sync says, the
//! conflicts waiting for a choice, and an admin's Prepare this database.

use crate::actions::AppContext;
use crate::hooks::SyncContext;
use crate::state::{Action, Panel};
use crate::sync::actions::Choice;
use crate::sync::view::Conflict;
use crate::web::dom;
use yew::prelude::*;

/// The Sync panel.
#[component(SyncPanel)]
pub fn sync_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let ctx = use_context::<SyncContext>().expect("sync context");
    let on_close =
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ShowPanel(Panel::Closed)));
    let on_disconnect = {
        let sync = ctx.sync.clone();
        Callback::from(move |_: MouseEvent| sync.disconnect())
    };
    let conflicts = ctx
        .view
        .conflicts
        .iter()
        .map(|c| conflict(&ctx, c))
        .collect::<Html>();
    let connected = ctx.view.connected.clone();
    html! {
        <section class="sync-panel" role="dialog" aria-labelledby="sync-heading">
            <h2 id="sync-heading">{ "Sync" }</h2>
            <p class="hint">{ "Sync this library with your team's CouchDB database. Everything stays here too: \
                you can work offline, and changes are exchanged when the server is back. \
                The password is kept in memory only; after a reload, connect again." }</p>
            if let Some((at, who)) = connected.clone() {
                <p class="connected">{ format!("Connected to {at} as {who}.") }</p>
                <div class="actions">
                    <button onclick={on_disconnect}>{ "Disconnect" }</button>
                    <button onclick={on_close.clone()}>{ "Close" }</button>
                </div>
            } else {
                <SignIn on_close={on_close.clone()} />
            }
            <super::sync_scope::SyncScope />
            if let Some(m) = ctx.view.message.clone() {
                <p class="sync-message" data-testid="sync-message">{ m }</p>
            }
            if let Some(m) = ctx.view.unkept.clone() {
                <p class="sync-message" data-testid="sync-unkept">{ m }</p>
            }
            if let Some(m) = ctx.view.notice.clone() {
                <p class="sync-notice" data-testid="sync-notice">{ m }</p>
            }
            if !ctx.view.conflicts.is_empty() {
                <h3>{ "Versions to choose between" }</h3>
                <ul class="conflicts" aria-label="Conflicts">{ conflicts }</ul>
            }
            if connected.is_some() { <Prepare /> }
        </section>
    }
}

/// Props of the sign-in form.
#[derive(Properties, PartialEq)]
struct SignInProps {
    on_close: Callback<MouseEvent>,
}

/// Server URL, User name, Password and Connect.
#[component(SignIn)]
fn sign_in(props: &SignInProps) -> Html {
    let ctx = use_context::<SyncContext>().expect("sync context");
    let settings = use_memo((), {
        let sync = ctx.sync.clone();
        move |_| sync.settings()
    });
    // Address and user name as typed (kept across the panel's redraws).
    let url = use_state(|| settings.url.clone());
    let user = use_state(|| settings.user.clone());
    let typed = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(dom::input_value(&e)))
    };
    let (on_url, on_user) = (typed(&url), typed(&user));
    let password = use_node_ref();
    let on_connect = {
        let (sync, url, user, password) = (
            ctx.sync.clone(),
            url.clone(),
            user.clone(),
            password.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let pw = dom::input_text(&password);
            dom::clear_input(&password);
            sync.connect(&url, &user, &pw);
        })
    };
    html! {
        <form class="sync-form" onsubmit={on_connect}>
            <label for="sync-url">{ "Server URL" }</label>
            <input id="sync-url" type="url" value={(*url).clone()} oninput={on_url}
                   placeholder="https://couch.example.org/newsroom-2026" autocomplete="url" />
            <label for="sync-user">{ "User name" }</label>
            <input id="sync-user" value={(*user).clone()} oninput={on_user} autocomplete="username" />
            <label for="sync-password">{ "Password" }</label>
            <input id="sync-password" ref={password} type="password" autocomplete="current-password" />
            <div class="actions">
                <button class="primary" type="submit">{ "Connect" }</button>
                <button type="button" onclick={props.on_close.clone()}>{ "Close" }</button>
            </div>
        </form>
    }
}

/// An admin's Prepare this database, with its members.
#[component(Prepare)]
fn prepare() -> Html {
    let ctx = use_context::<SyncContext>().expect("sync context");
    let members = use_node_ref();
    let on_prepare = {
        let (sync, members) = (ctx.sync.clone(), members.clone());
        Callback::from(move |_: MouseEvent| sync.prepare(&dom::input_text(&members)))
    };
    html! {
        <details class="sync-admin">
            <summary>{ "For an admin of the database" }</summary>
            <p class="hint">{ "Installs the rule that each annotator may change only their own annotations \
                (and only admins the codebook), and lets only these users in." }</p>
            <label for="sync-members">{ "Members" }</label>
            <input id="sync-members" ref={members} placeholder="ana, bo, chen" />
            <button onclick={on_prepare}>{ "Prepare this database" }</button>
        </details>
    }
}

/// One conflict with its two choices.
fn conflict(ctx: &SyncContext, c: &Conflict) -> Html {
    let choose = |choice: Choice| {
        let (sync, id, rev) = (ctx.sync.clone(), c.id.clone(), c.rev.clone());
        Callback::from(move |_: MouseEvent| sync.choose(&id, &rev, choice))
    };
    let (text, keep, other) = if c.deletion {
        (
            format!("Deleted in another browser; kept here: {}", c.shown),
            "Keep it",
            ("Delete it", Choice::Delete),
        )
    } else {
        (
            format!("Shown: {} — other version: {}", c.shown, c.other),
            "Keep the shown version",
            ("Keep the other version", Choice::KeepOther),
        )
    };
    html! {
        <li data-testid="sync-conflict">
            <span>{ text }</span>
            <button onclick={choose(Choice::KeepShown)}>{ keep }</button>
            <button onclick={choose(other.1)}>{ other.0 }</button>
        </li>
    }
}
