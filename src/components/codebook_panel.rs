//! The **Codebook** panel: the open document's labels (each with its
//! colour, key, guideline and attributes), its relation types, a template
//! to start from, and the codebook as a file (export, import — ours or
//! brat's `annotation.conf` — and the library's default for new
//! documents). Every change is one undo step.

use crate::actions::{self, AppContext};
use crate::components::codebook_label::CodebookLabel;
use crate::components::codebook_relations::CodebookRelations;
use crate::components::FileButton;
use crate::state::Action;
use crate::web::{self, dom};
use marginalia_core::codebook::{Codebook, LabelDef, TEMPLATES};
use marginalia_core::{Document, Tag};
use std::rc::Rc;
use yew::prelude::*;

/// The codebook as the panel shows it: every tag of the document
/// described (a tag the codebook leaves out gets the defaults of its
/// place), in toolbar order.
pub fn shown(doc: &Document) -> Codebook {
    let c = doc.codebook();
    Codebook {
        name: c.name.clone(),
        labels: doc
            .shown_tags()
            .iter()
            .map(|(i, t)| c.def_or_default(t, *i))
            .collect(),
        relations: c.relations.clone(),
    }
}

/// The panel.
#[component(CodebookPanel)]
pub fn codebook_panel() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let chosen = use_state(|| TEMPLATES[0].to_string());
    let new_name = use_node_ref();
    let (codebook, rows) = state.with_doc(|doc| {
        let codebook = shown(doc);
        let rows: Vec<(LabelDef, &'static str, usize)> = codebook
            .labels
            .iter()
            .map(|d| {
                (
                    d.clone(),
                    crate::view::tag_style(doc, &d.name),
                    doc.uses(&d.name),
                )
            })
            .collect();
        (codebook, rows)
    });
    let codebook = Rc::new(codebook);
    let set = {
        let state = state.clone();
        Callback::from(move |c: Codebook| {
            state.dispatch(Action::SetCodebook(Box::new(c), web::now()))
        })
    };
    let letter = |d: &LabelDef| {
        d.letter
            .unwrap_or_else(|| d.name.letter())
            .to_uppercase()
            .to_string()
    };
    let letters: Vec<String> = codebook.labels.iter().map(letter).collect();
    let labels = rows.into_iter().enumerate().map(|(i, (def, style, uses))| {
        let shares_letter = letters.iter().enumerate().any(|(j, l)| j != i && *l == letters[i]);
        let on_change = {
            let (codebook, set) = (codebook.clone(), set.clone());
            Callback::from(move |d: LabelDef| {
                let mut c = (*codebook).clone();
                c.labels[i] = d;
                set.emit(c);
            })
        };
        let on_rename = rename(&state, &def.name);
        let on_delete = delete(&state, &def.name);
        let key = def.name.as_str().to_string();
        html! { <CodebookLabel {key} {def} {style} {uses} {shares_letter} {on_change} {on_rename} {on_delete} /> }
    });
    let tags: Rc<Vec<Tag>> = Rc::new(codebook.labels.iter().map(|d| d.name.clone()).collect());
    let on_relations = {
        let (codebook, set) = (codebook.clone(), set.clone());
        Callback::from(move |types| {
            let mut c = (*codebook).clone();
            c.relations = types;
            set.emit(c);
        })
    };
    html! {
        <section class="codebook-panel" data-testid="codebook" role="dialog" aria-labelledby="codebook-heading">
            <div class="codebook-row">
                <h2 id="codebook-heading">{ "Codebook" }</h2>
                <span class="codebook-name">{ codebook.name.clone() }</span>
                { crate::components::close_panel(&state, "Close the codebook") }
            </div>
            { templates(&state, chosen) }
            <h3>{ "Labels" }</h3>
            <ul class="codebook-labels">{ for labels }</ul>
            { add_label(&codebook, &set, new_name) }
            <CodebookRelations types={Rc::new(codebook.relations.clone())} {tags} on_change={on_relations} />
            { files(&state, &codebook) }
        </section>
    }
}

/// The choice of a built-in template.
fn templates(state: &AppContext, chosen: UseStateHandle<String>) -> Html {
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(dom::event_value(&e)))
    };
    let on_use = {
        let (state, chosen) = (state.clone(), chosen.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = Codebook::template(&chosen) {
                state.dispatch(Action::SetCodebook(Box::new(c), web::now()));
            }
        })
    };
    html! {
        <div class="codebook-row">
            <label for="codebook-template">{ "Template" }</label>
            <select id="codebook-template" onchange={on_pick}>
                { for TEMPLATES.iter().map(|t| html! { <option value={*t} selected={*t == *chosen}>{ *t }</option> }) }
            </select>
            <button onclick={on_use} title="Replace this document's codebook by the template (labels in use stay; Ctrl+Z undoes it)">{ "Use template" }</button>
        </div>
    }
}

/// A field and a button to add a label.
fn add_label(codebook: &Rc<Codebook>, set: &Callback<Codebook>, name: NodeRef) -> Html {
    let onclick = {
        let (codebook, set, name) = (codebook.clone(), set.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            let typed = dom::input_text(&name);
            let Ok(label) = marginalia_core::Label::new(typed.trim()) else {
                return;
            };
            let mut c = (*codebook).clone();
            let tag = Tag::Other(label);
            if c.def(&tag).is_some() {
                return;
            }
            let position = c.labels.len();
            c.labels.push(c.def_or_default(&tag, position));
            dom::clear_input(&name);
            set.emit(c);
        })
    };
    html! {
        <div class="codebook-row">
            <label for="codebook-new-label">{ "New label" }</label>
            <input id="codebook-new-label" ref={name} type="text" placeholder="e.g. Cue, Named source" />
            <button {onclick}>{ "Add label" }</button>
        </div>
    }
}

/// Export, import, and the library's default.
fn files(state: &AppContext, codebook: &Rc<Codebook>) -> Html {
    let on_export = {
        let (state, codebook) = (state.clone(), codebook.clone());
        Callback::from(move |_: MouseEvent| actions::export_codebook(&state, &codebook))
    };
    let on_import = {
        let state = state.clone();
        Callback::from(move |files| actions::import_codebook(&state, files))
    };
    let on_default = {
        let (state, codebook) = (state.clone(), codebook.clone());
        Callback::from(move |_: MouseEvent| actions::save_default_codebook(&state, &codebook))
    };
    html! {
        <div class="codebook-row codebook-files">
            <button onclick={on_export}>{ "Export codebook" }</button>
            <FileButton label="Import codebook" accept=".json,.conf,application/json,text/plain" on_files={on_import}
                        title="A Marginalia codebook (.json) or a brat annotation.conf" />
            <button onclick={on_default}>{ "Save as default for new documents" }</button>
        </div>
    }
}

fn rename(state: &AppContext, tag: &Tag) -> Callback<String> {
    let (state, tag) = (state.clone(), tag.clone());
    Callback::from(move |to: String| {
        state.dispatch(Action::RenameLabel(tag.clone(), to, web::now()))
    })
}

fn delete(state: &AppContext, tag: &Tag) -> Callback<()> {
    let (state, tag) = (state.clone(), tag.clone());
    Callback::from(move |()| state.dispatch(Action::DeleteLabel(tag.clone(), web::now())))
}
