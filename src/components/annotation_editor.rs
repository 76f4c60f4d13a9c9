//! Editing the selected annotation: tag, note, delete; for an imported one
//! placed by moving or approximate match, where it came from.

use crate::actions::AppContext;
use crate::components::attributes::AttributeFields;
use crate::components::parts::{PartRow, Parts};
use crate::components::relations::{CandidateRow, RelationRow, Relations};
use crate::state::{Action, AppState, Choice};
use crate::texts;
use crate::web::{self, dom, events::NOTE_EDITOR_ID};
use marginalia_core::{Annotation, AnnotationId, Document, Placement, Tag};
use std::rc::Rc;
use yew::prelude::*;

/// The editor of the selected annotation (nothing when none is selected).
#[component(AnnotationEditor)]
pub fn annotation_editor() -> Html {
    let state = use_context::<AppContext>().expect("app context");
    let Some(selected) = state.selected.clone() else {
        return html! {
            <section class="editor empty" aria-label="Selected annotation">
                <p>{ texts::EDITOR_EMPTY }</p>
            </section>
        };
    };
    let Some((annotation, quote, tags, style)) = state.with_doc(|doc| {
        doc.annotation(&selected.id).map(|annotation| {
            (
                annotation.clone(),
                doc.quote(annotation).to_string(),
                doc.shown_tags().into_iter().map(|(_, t)| t).collect(),
                crate::view::tag_style(doc, &annotation.tag),
            )
        })
    }) else {
        return html! {};
    };
    let on_delete = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::DeleteSelected(web::now())))
    };
    let on_show = {
        let id = annotation.id.clone();
        Callback::from(move |_: MouseEvent| dom::reveal(&id))
    };
    let length = annotation.end - annotation.start;
    // Another annotator's: read-only, with the way to take it over.
    let owner = state.owner_of(&annotation);
    let initials = owner.as_ref().and_then(|_| {
        let who = annotation.annotator.as_ref()?;
        state.with_doc(|doc| doc.annotator(who).map(|a| a.initials()))
    });
    let by = owner_row(
        &state,
        owner.as_deref(),
        initials,
        annotation.annotator.is_some(),
    );
    html! {
        <section class={classes!("editor", format!("tag-{style}"))} aria-labelledby="editor-heading">
            <h2 id="editor-heading">{ "Selected annotation" }</h2>
            <blockquote class="editor-quote" title={format!("Code points {}–{} ({} long)", annotation.start, annotation.end, length)}>{ quote }</blockquote>
            { by }
            // Where an import placed it is the importer's to confirm, even
            // for another annotator's annotation; and it can always be
            // shown in the text.
            { placement_note(&state, &annotation) }
            if owner.is_some() {
                <div class="editor-row"><button class="link" onclick={on_show.clone()}>{ "Show in text" }</button></div>
            }
            <fieldset class="editor-fields" disabled={owner.is_some()}>
            <div class="editor-row">
                <label for="tag-select">{ "Tag" }</label>
                { tag_select(&state, tags, &annotation.tag) }
                if owner.is_none() {
                    <button class="link" onclick={on_show}>{ "Show in text" }</button>
                }
            </div>
            { attributes(&state, &annotation) }
            { parts(&state, &annotation) }
            { relations(&state, &annotation.id) }
            { note_field(&state, &annotation) }
            <div class="editor-row">
                <button class="danger" onclick={on_delete} aria-keyshortcuts="Delete">{ "Delete annotation" }</button>
                <span class="times" title={format!("Created {}", annotation.created)}>{ format!("Changed {}", short_time(annotation.modified.as_str())) }</span>
            </div>
            </fieldset>
        </section>
    }
}

/// Who made the annotation: "By you", or another annotator's name with
/// **Copy to mine**; nothing when it names no one.
fn owner_row(
    state: &AppContext,
    owner: Option<&str>,
    initials: Option<String>,
    named: bool,
) -> Html {
    match owner {
        Some(name) => {
            let on_copy = {
                let state = state.clone();
                Callback::from(move |_: MouseEvent| {
                    state.dispatch(Action::CopyToMine(web::new_annotation_id(), web::now()))
                })
            };
            html! {
                <div class="editor-row owner" data-testid="annotation-owner" data-mine="false">
                    <abbr class="initials" aria-hidden="true">{ initials.unwrap_or_else(|| "?".into()) }</abbr>
                    <span>{ format!("By {name} — read-only") }</span>
                    <button onclick={on_copy} title="Make a copy of it as your annotation, which you can change">{ "Copy to mine" }</button>
                </div>
            }
        }
        None if named => html! {
            <div class="editor-row owner" data-testid="annotation-owner" data-mine="true"><span>{ "By you" }</span></div>
        },
        None => html! {},
    }
}

/// The annotation's attribute values, as its label's codebook entry
/// declares them.
fn attributes(state: &AppContext, annotation: &Annotation) -> Html {
    let defs = state.with_doc(|doc| {
        doc.codebook()
            .def(&annotation.tag)
            .map(|d| d.attributes.clone())
            .unwrap_or_default()
    });
    let on_set = {
        let (state, id) = (state.clone(), annotation.id.clone());
        Callback::from(move |(name, value)| {
            state.dispatch(Action::SetAttribute(id.clone(), name, value, web::now()))
        })
    };
    html! { <AttributeFields defs={Rc::new(defs)} values={Rc::new(annotation.attributes.clone())} {on_set} /> }
}

/// The annotation's parts, and the way to add one.
fn parts(state: &AppContext, annotation: &Annotation) -> Html {
    let rows: Vec<PartRow> = state.with_doc(|doc| {
        annotation
            .parts()
            .map(|p| PartRow {
                start: p.start,
                end: p.end,
                text: short(doc.text().slice(p)),
            })
            .collect()
    });
    let on_add = {
        let state = state.clone();
        Callback::from(move |_: ()| crate::actions::add_part(&state))
    };
    let on_remove = {
        let state = state.clone();
        Callback::from(move |i| state.dispatch(Action::RemovePart(i, web::now())))
    };
    html! { <Parts rows={Rc::new(rows)} {on_add} {on_remove} /> }
}

/// The annotation's relations, and the way to make one.
fn relations(state: &AppContext, id: &AnnotationId) -> Html {
    let (rows, choosing) = state.with_doc(|doc| (relation_rows(doc, id), choosing(state, doc)));
    let dispatch = |make: fn() -> Action| {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(make()))
    };
    let on_delete = {
        let state = state.clone();
        Callback::from(move |rid| state.dispatch(Action::RemoveRelation(rid, web::now())))
    };
    let on_jump = {
        let state = state.clone();
        Callback::from(move |to: AnnotationId| {
            dom::reveal(&to);
            state.dispatch(Action::Select(Some(to)));
        })
    };
    let on_filter = {
        let state = state.clone();
        Callback::from(move |text: String| {
            let passing = state.linking.as_ref().and_then(|linking| {
                state.with_doc(|doc| linking.passing(doc, &text, &web::lower_case_all))
            });
            state.dispatch(Action::LinkFilter(text, passing))
        })
    };
    let on_move = {
        let state = state.clone();
        Callback::from(move |by| state.dispatch(Action::LinkMove(by)))
    };
    let on_choose = {
        let state = state.clone();
        Callback::from(move |i| {
            state.dispatch(Action::LinkTo {
                choice: Choice::Shown(i),
                id: web::new_relation_id(),
                now: web::now(),
            })
        })
    };
    html! {
        <Relations rows={Rc::new(rows)} {choosing} on_link={dispatch(|| Action::StartLink)}
                   {on_delete} {on_jump} {on_filter} {on_move} {on_choose} on_cancel={dispatch(|| Action::CancelLink)} />
    }
}

/// The relations of annotation `id`, in the order they were made.
fn relation_rows(doc: &Document, id: &AnnotationId) -> Vec<RelationRow> {
    doc.relations_of(id)
        .map(|r| {
            let outgoing = &r.from == id;
            let other = if outgoing { &r.to } else { &r.from };
            RelationRow {
                id: r.id.clone(),
                from: r.from.clone(),
                to: r.to.clone(),
                kind: r.kind.to_string(),
                outgoing,
                other: describe(doc, other),
            }
        })
        .collect()
}

/// When a relation is being made: the candidates shown, the highlighted
/// one and the filter.
fn choosing(state: &AppState, doc: &Document) -> Option<(Rc<Vec<CandidateRow>>, usize, String)> {
    let linking = state.linking.as_ref()?;
    let rows = linking
        .shown()
        .into_iter()
        .map(|c| {
            let (tag, quote) = describe(doc, &c.to);
            CandidateRow {
                to: c.to.clone(),
                tag,
                quote,
                kind: c.kind.to_string(),
            }
        })
        .collect();
    Some((Rc::new(rows), linking.active, linking.filter.clone()))
}

/// An annotation's tag label and a short quote of it (`“We are…”`); an
/// unplaced one's quote as it was.
fn describe(doc: &Document, id: &AnnotationId) -> (String, String) {
    let (tag, text) = match doc.annotation(id) {
        Some(a) => (a.tag.label().to_string(), doc.quote(a).to_string()),
        None => match doc.unplaced_one(id) {
            Some(u) => (u.tag.label().to_string(), u.exact.clone()),
            None => (String::new(), id.to_string()),
        },
    };
    (tag, format!("“{}”", short(&text)))
}

/// `text` cut to 40 code points (with `…` when it was longer), trimmed.
fn short(text: &str) -> String {
    let cut: String = text.chars().take(40).collect();
    let more = if text.chars().count() > 40 { "…" } else { "" };
    format!("{}{more}", cut.trim())
}

/// The choice of the annotation's tag.
fn tag_select(state: &AppContext, tags: Vec<Tag>, current: &Tag) -> Html {
    let options = tags.iter().enumerate().map(|(index, tag)| html! {
        <option value={index.to_string()} selected={tag == current} title={tag.label().to_string()}>{ crate::texts::shortened(tag.label()) }</option>
    }).collect::<Html>();
    let on_tag = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let chosen = dom::event_value(&e).parse::<usize>().ok();
            if let Some(tag) = chosen.and_then(|index| tags.get(index)) {
                state.dispatch(Action::Retag(tag.clone(), web::now()));
            }
        })
    };
    html! {
        <select id="tag-select" onchange={on_tag}>
            { options }
        </select>
    }
}

/// For an annotation placed by moving or approximate match: how, and a
/// button to confirm the place (nothing for an exact one).
fn placement_note(state: &AppContext, annotation: &Annotation) -> Html {
    let why = match annotation.placement {
        Placement::Exact => return html! {},
        Placement::Moved => texts::PLACED_BY_MOVING.to_string(),
        Placement::Fuzzy(similarity) => texts::placed_by_approximate_match(similarity / 10),
    };
    let on_confirm = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::ConfirmPlacement(web::now())))
    };
    html! {
        <div class="placement" data-testid="placement" data-placement={annotation.placement.as_str()}>
            <p>{ why }</p>
            <button onclick={on_confirm}>{ "The place is right" }</button>
        </div>
    }
}

/// The note's label and text area.
fn note_field(state: &AppContext, annotation: &Annotation) -> Html {
    let on_note = {
        let state = state.clone();
        let id = annotation.id.clone();
        Callback::from(move |e: InputEvent| {
            state.dispatch(Action::SetNote(
                id.clone(),
                dom::input_value(&e),
                web::now(),
            ))
        })
    };
    let on_focus = {
        let state = state.clone();
        Callback::from(move |_: FocusEvent| state.dispatch(Action::NoteFocused))
    };
    html! {
        <>
            <label for={NOTE_EDITOR_ID}>{ "Note" }</label>
            <textarea id={NOTE_EDITOR_ID} rows="4" value={annotation.note.clone()} oninput={on_note} onfocus={on_focus}
                      placeholder="Why this matters, who said it, how to check it…" />
        </>
    }
}

/// `2026-11-24T21:15:00.000Z` → `2026-11-24 21:15 UTC`.
fn short_time(stamp: &str) -> String {
    match (stamp.get(0..10), stamp.get(11..16)) {
        (Some(date), Some(time)) if stamp.ends_with('Z') => format!("{date} {time} UTC"),
        _ => stamp.to_string(),
    }
}
