//! The toolbar: tag buttons, undo/redo, and file actions.

use crate::actions::{self, AppContext};
use crate::components::FileButton;
use crate::loading::Intent;
use crate::state::{Action, Panel};
use crate::web::{self, dom};
use marginalia_core::export::ExportFormat;

use yew::prelude::*;

/// Accepted article files.
pub const ARTICLE_TYPES: &str =
    ".txt,.text,.md,.markdown,.html,.htm,.json,text/plain,text/markdown,text/html";

/// Accepted annotation files (the format is read from the content).
pub const IMPORT_TYPES: &str =
    ".json,.jsonld,.jsonl,.ann,.txt,application/json,application/ld+json,text/plain";

/// The toolbar.
#[component(Toolbar)]
pub fn toolbar() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    // Keep the text selection when a toolbar button is pressed.
    let keep_selection = Callback::from(|e: MouseEvent| e.prevent_default());
    let tag_buttons = tag_buttons(&state, &keep_selection);
    let dispatch = |action: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(action()))
    };
    let on_undo = dispatch(|| Action::Undo(web::now()));
    let on_redo = dispatch(|| Action::Redo(web::now()));
    let on_paste = dispatch(|| Action::ShowPanel(Panel::Load));
    let on_codebook = dispatch(|| Action::ShowPanel(Panel::Codebook));
    let on_statistics = dispatch(|| Action::ShowPanel(Panel::Statistics));
    let on_agreement = dispatch(|| Action::ShowPanel(Panel::Agreement));
    let on_compare = dispatch(|| Action::ShowPanel(Panel::Compare));
    let on_sync = dispatch(|| Action::ShowPanel(Panel::Sync));
    let on_export = {
        let state = state.clone();
        Callback::from(move |_| actions::export(&state))
    };
    let on_open = {
        let state = state.clone();
        Callback::from(move |files| actions::open_files(&state, files, Intent::Any))
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |files| actions::open_files(&state, files, Intent::Import))
    };
    let on_menu_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.stop_propagation();
            dom::close_menu_from(&e);
        }
    });
    let export_items = export_items(&state);
    html! {
        <div class="toolbar" role="toolbar" aria-label="Annotation tools">
            <div class="group" role="group" aria-label="Tag selection">{ tag_buttons }</div>
            <div class="group" role="group" aria-label="History">
                <button onclick={on_undo} disabled={!state.can_undo()} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">{ "Undo" }</button>
                <button onclick={on_redo} disabled={!state.can_redo()} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)">{ "Redo" }</button>
            </div>
            <div class="group" role="group" aria-label="Codebook">
                <button onclick={on_codebook} title="The labels, their colours, keys, guidelines and attributes, and the relation types">{ "Codebook" }</button>
                <button onclick={on_statistics} title="Annotations per label, who is quoted how often, and where each label falls along the article">{ "Statistics" }</button>
                <button onclick={on_compare} title="Where the annotators' layers disagree, and adjudication into a gold layer">{ "Compare" }</button>
                <button onclick={on_agreement} title="How far the annotators' layers agree: κ, α, α_u, span and relation F1, per label and overall">{ "Agreement" }</button>
            </div>
            <div class="group" role="group" aria-label="Team">
                <button onclick={on_sync} title="Sync this library with your team's CouchDB: several browsers and annotators, offline-first">{ "Sync" }</button>
            </div>
            <div class="group" role="group" aria-label="Files">
                <button onclick={on_paste} title="Paste the text of an article">{ "Paste article" }</button>
                <FileButton label="Open article" accept={ARTICLE_TYPES} on_files={on_open}
                            title="Open a .txt, .md or .html file as a new document" />
                <FileButton label="Import annotations" accept={IMPORT_TYPES} on_files={on_import} multiple=true
                            on_activate={Callback::from(|()| crate::engine::prepare())}
                            title="Import annotations: Marginalia, W3C or Hypothesis JSON, Recogito JSON, brat .ann (with its .txt), doccano JSONL, Label Studio JSON" />
                <button onclick={on_export} title="Download this document with its annotations as Marginalia JSON">{ "Export" }</button>
                <details class="menu export-menu" onkeydown={on_menu_key}>
                    <summary title="Download in another tool's format" onclick={Callback::from(|_: MouseEvent| crate::engine::prepare())}>{ "Export as…" }</summary>
                    <div class="menu-items" role="group" aria-label="Export formats">{ export_items }</div>
                </details>
            </div>
        </div>
    }
}

/// One button per tag of the document, with its shortcut key.
fn tag_buttons(state: &AppContext, keep_selection: &Callback<MouseEvent>) -> Html {
    let tags = state.with_doc(|d| {
        let codebook = d.codebook();
        d.shown_tags()
            .into_iter()
            .map(|(i, t)| {
                let def = codebook.def_or_default(&t, i);
                (crate::view::tag_style(d, &t), def.key, def.description, t)
            })
            .collect::<Vec<_>>()
    });
    tags.into_iter()
        .map(|(style, key, description, tag)| {
            let mut title = match key {
                Some(k) => format!("Tag the selected text as {} (key {k})", tag.label()),
                None => format!("Tag the selected text as {}", tag.label()),
            };
            if !description.is_empty() {
                title = format!("{title}: {description}");
            }
            let label = crate::texts::shortened(tag.label());
            let state = state.clone();
            let onclick = Callback::from(move |_| actions::tag(&state, tag.clone()));
            html! {
                <button class={classes!("tag-button", format!("tag-{style}"))}
                        onmousedown={keep_selection.clone()} {onclick} {title}
                        aria-keyshortcuts={key.map(|k| k.to_string())}>
                    <span class="swatch" aria-hidden="true"></span>
                    { label }
                </button>
            }
        })
        .collect()
}

/// The "Export as…" menu's items: every format but Marginalia's own.
fn export_items(state: &AppContext) -> Html {
    ExportFormat::ALL[1..]
        .iter()
        .map(|&format| {
            let state = state.clone();
            let onclick = Callback::from(move |e: MouseEvent| {
                actions::export_as(&state, format);
                dom::close_menu(&e);
            });
            html! { <button {onclick}>{ format.label() }</button> }
        })
        .collect()
}
