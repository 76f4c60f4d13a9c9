//! The selected annotation's attribute values, in the editor: one control
//! per attribute its label has in the codebook (a choice list, a yes/no
//! box, a text field), and the values it has that the codebook does not
//! name (an import's), as text fields.

use crate::web::dom;
use marginalia_core::annotation::Attributes;
use marginalia_core::codebook::{AttributeDef, AttributeKind};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`AttributeFields`].
#[derive(Properties, PartialEq)]
pub struct AttributeFieldsProps {
    /// The attributes the codebook gives the annotation's label.
    pub defs: Rc<Vec<AttributeDef>>,
    /// The annotation's values.
    pub values: Rc<Attributes>,
    /// Set (`Some`) or clear (`None`) the value of an attribute.
    pub on_set: Callback<(String, Option<String>)>,
}

/// The attribute values of the selected annotation.
#[component(AttributeFields)]
pub fn attribute_fields(props: &AttributeFieldsProps) -> Html {
    let others: Vec<(String, String)> = props
        .values
        .iter()
        .filter(|(k, _)| !props.defs.iter().any(|d| &d.name == *k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if props.defs.is_empty() && others.is_empty() {
        return html! {};
    }
    let fields = props.defs.iter().map(|d| field(d, props));
    let extra = others.into_iter().map(|(name, _)| {
        let def = AttributeDef {
            name,
            kind: AttributeKind::Text,
        };
        field(&def, props)
    });
    html! {
        <fieldset class="attributes" data-testid="attributes">
            <legend>{ "Attributes" }</legend>
            { for fields }
            { for extra }
        </fieldset>
    }
}

/// The control of one attribute.
fn field(d: &AttributeDef, props: &AttributeFieldsProps) -> Html {
    let name = d.name.clone();
    let current = props.values.get(&d.name).cloned();
    let id = format!("attr-{}", d.name.replace(char::is_whitespace, "-"));
    let set = {
        let (on_set, name) = (props.on_set.clone(), name.clone());
        move |value: Option<String>| on_set.emit((name.clone(), value))
    };
    let control = match &d.kind {
        AttributeKind::Choice { values } => {
            let onchange = Callback::from(move |e: Event| {
                let v = dom::event_value(&e);
                set((!v.is_empty()).then_some(v));
            });
            let known = current.as_ref().is_none_or(|c| values.contains(c));
            html! {
                <select id={id.clone()} {onchange}>
                    <option value="" selected={current.is_none()}>{ "—" }</option>
                    { for values.iter().map(|v| html! { <option value={v.clone()} selected={current.as_ref() == Some(v)}>{ v.clone() }</option> }) }
                    if !known {
                        <option value={current.clone().unwrap_or_default()} selected=true>{ current.clone().unwrap_or_default() }</option>
                    }
                </select>
            }
        }
        AttributeKind::Flag => {
            let onchange = Callback::from(move |e: Event| {
                set(Some(
                    if dom::event_checked(&e) { "yes" } else { "no" }.to_string(),
                ))
            });
            html! { <input id={id.clone()} type="checkbox" checked={current.as_deref() == Some("yes")} {onchange} /> }
        }
        AttributeKind::Text => {
            let onchange = Callback::from(move |e: Event| {
                let v = dom::event_value(&e);
                set((!v.trim().is_empty()).then(|| v.trim().to_string()));
            });
            html! { <input id={id.clone()} type="text" value={current.clone().unwrap_or_default()} {onchange} /> }
        }
    };
    html! {
        <div class="editor-row attribute" data-testid="attribute-field" data-name={name.clone()}>
            <label for={id}>{ name }</label>
            { control }
        </div>
    }
}
