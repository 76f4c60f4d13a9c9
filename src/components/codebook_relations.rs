//! The relation types in the **Codebook** panel: each one's name, the
//! labels allowed where it starts and where it points, and its guideline;
//! adding and removing types.

use crate::web::dom;
use marginalia_core::codebook::RelationType;
use marginalia_core::{RelationKind, Tag};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`CodebookRelations`].
#[derive(Properties, PartialEq)]
pub struct CodebookRelationsProps {
    /// The relation types, the default first.
    pub types: Rc<Vec<RelationType>>,
    /// The document's tags, in toolbar order.
    pub tags: Rc<Vec<Tag>>,
    /// The types changed.
    pub on_change: Callback<Vec<RelationType>>,
}

/// The relation types and their ends.
#[component(CodebookRelations)]
pub fn codebook_relations(props: &CodebookRelationsProps) -> Html {
    let rows = props
        .types
        .iter()
        .enumerate()
        .map(|(i, r)| row(props, i, r));
    let on_add = {
        let (types, on_change) = (props.types.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut list = (*types).clone();
            let mut n = 1;
            let name = loop {
                let name = if n == 1 {
                    "related to".to_string()
                } else {
                    format!("related to {n}")
                };
                if !list.iter().any(|r| r.kind.as_str() == name) {
                    break name;
                }
                n += 1;
            };
            if let Ok(kind) = RelationKind::new(name) {
                list.push(RelationType {
                    kind,
                    from: Vec::new(),
                    to: Vec::new(),
                    description: String::new(),
                });
                on_change.emit(list);
            }
        })
    };
    html! {
        <section class="codebook-relations" aria-labelledby="codebook-relations-heading">
            <h3 id="codebook-relations-heading">{ "Relation types" }</h3>
            <p class="hint">{ "The first is offered first when you press L. No label ticked on a side allows any." }</p>
            <ul>{ for rows }</ul>
            <button onclick={on_add}>{ "Add relation type" }</button>
        </section>
    }
}

/// One relation type's editor.
fn row(props: &CodebookRelationsProps, i: usize, r: &RelationType) -> Html {
    let emit = |edit: Edit| {
        let (types, on_change) = (props.types.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let mut list = (*types).clone();
            edit(&mut list[i], &e);
            if list != *types {
                on_change.emit(list);
            }
        })
    };
    let on_name = emit(Rc::new(|r, e| {
        if let Ok(kind) = RelationKind::new(dom::event_value(e).trim()) {
            r.kind = kind;
        }
    }));
    let on_description = emit(Rc::new(|r, e| {
        r.description = dom::event_value(e).trim().into()
    }));
    let on_remove = {
        let (types, on_change) = (props.types.clone(), props.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut list = (*types).clone();
            list.remove(i);
            on_change.emit(list);
        })
    };
    let ends = |side: Side| {
        let boxes = props.tags.iter().map(|tag| {
            let ticked = side.of(r).contains(tag);
            let t = tag.clone();
            let onchange = emit(Rc::new(move |r, e| {
                let list = side.of_mut(r);
                list.retain(|x| x != &t);
                if dom::event_checked(e) {
                    list.push(t.clone());
                }
            }));
            html! {
                <label class="end">
                    <input type="checkbox" checked={ticked} {onchange} />
                    { tag.label().to_string() }
                </label>
            }
        });
        html! { <fieldset><legend>{ side.name() }</legend>{ for boxes }</fieldset> }
    };
    html! {
        <li class="codebook-relation" data-testid="codebook-relation" data-type={r.kind.as_str().to_string()}>
            <div class="codebook-row">
                <input type="text" aria-label="Relation type" value={r.kind.as_str().to_string()} onchange={on_name} />
                <button class="link danger" onclick={on_remove}>{ format!("Remove relation type {}", r.kind) }</button>
            </div>
            <div class="codebook-row">{ ends(Side::From) }{ ends(Side::To) }</div>
            <textarea rows="1" aria-label={format!("Guideline for {}", r.kind)} value={r.description.clone()} onchange={on_description} />
        </li>
    }
}

/// A change of one relation type, made from the event of a field.
type Edit = Rc<dyn Fn(&mut RelationType, &Event)>;

/// An end of a relation type.
#[derive(Clone, Copy)]
enum Side {
    From,
    To,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Side::From => "From",
            Side::To => "To",
        }
    }

    fn of(self, r: &RelationType) -> &Vec<Tag> {
        match self {
            Side::From => &r.from,
            Side::To => &r.to,
        }
    }

    fn of_mut(self, r: &mut RelationType) -> &mut Vec<Tag> {
        match self {
            Side::From => &mut r.from,
            Side::To => &mut r.to,
        }
    }
}
