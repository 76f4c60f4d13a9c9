//! One label in the **Codebook** panel: its name (renaming changes every
//! annotation with it), colour (flagged when it reads poorly), key,
//! guideline and attributes, and deleting it (asking first when
//! annotations use it).

use crate::web::dom;
use marginalia_core::codebook::colour::{one_decimal, Colour, Legibility};
use marginalia_core::codebook::{AttributeDef, AttributeKind, LabelDef};
use yew::prelude::*;

/// Props of [`CodebookLabel`].
#[derive(Properties, PartialEq)]
pub struct CodebookLabelProps {
    /// What the codebook says of the label.
    pub def: LabelDef,
    /// Its style name (`claim`, `x0`…), for its swatch.
    pub style: &'static str,
    /// How many annotations have it.
    pub uses: usize,
    /// Another label is drawn with the same letter.
    pub shares_letter: bool,
    /// The label changed (colour, key, guideline, attributes).
    pub on_change: Callback<LabelDef>,
    /// Rename it to the name typed.
    pub on_rename: Callback<String>,
    /// Delete it with its annotations.
    pub on_delete: Callback<()>,
}

/// One label's editor.
#[component(CodebookLabel)]
pub fn codebook_label(props: &CodebookLabelProps) -> Html {
    let preview = use_state(|| None::<Colour>);
    let confirming = use_state(|| false);
    let def = &props.def;
    let slug = def.name.token().into_owned();
    let id = |what: &str| format!("cb-{what}-{slug}");
    let changed = |edit: fn(&mut LabelDef, String)| {
        let (def, on_change) = (def.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let mut d = def.clone();
            edit(&mut d, dom::event_value(&e));
            if d != def {
                on_change.emit(d);
            }
        })
    };
    let on_colour_input = {
        let preview = preview.clone();
        Callback::from(move |e: InputEvent| preview.set(Colour::parse(&dom::input_value(&e)).ok()))
    };
    let on_colour = {
        let preview = preview.clone();
        let commit = changed(|d, v| {
            if let Ok(c) = Colour::parse(&v) {
                d.colour = c;
            }
        });
        Callback::from(move |e: Event| {
            preview.set(None);
            commit.emit(e);
        })
    };
    let on_key = changed(|d, v| d.key = v.trim().chars().next());
    let on_letter = changed(|d, v| d.letter = v.trim().chars().next());
    let letter = def.letter.unwrap_or_else(|| def.name.letter());
    let on_description = changed(|d, v| d.description = v.trim().to_string());
    let on_rename = props.on_rename.reform(|e: Event| dom::event_value(&e));
    let colour = preview.unwrap_or(def.colour);
    html! {
        <li class={classes!("codebook-label", format!("tag-{}", props.style))} data-testid="codebook-label" data-label={def.name.as_str().to_string()}>
            <div class="codebook-row">
                <span class="swatch" aria-hidden="true"></span>
                <label for={id("name")}>{ "Name" }</label>
                <input id={id("name")} type="text" value={def.name.label().to_string()}
                       title="Renaming changes every annotation with this label" onchange={on_rename} />
                <label for={id("colour")}>{ "Colour" }</label>
                <input id={id("colour")} type="color" value={colour.to_string()} oninput={on_colour_input} onchange={on_colour} />
                <label for={id("key")}>{ "Key" }</label>
                <input id={id("key")} class="key" type="text" maxlength="1" size="2"
                       value={def.key.map(String::from).unwrap_or_default()} onchange={on_key} />
                <label for={id("letter")}>{ "Letter" }</label>
                <input id={id("letter")} class="key" type="text" maxlength="1" size="2"
                       title="The letter drawn where its annotations begin"
                       value={letter.to_string()} onchange={on_letter} />
                <span class="uses">{ crate::words::plural(props.uses, "annotation", "annotations") }</span>
            </div>
            { contrast_note(colour) }
            if props.shares_letter {
                <p class="contrast-warning" data-testid="letter-warning" role="note">
                    { format!("Another label is drawn with the letter {}: give one of them another, so the two can be told apart without colour.", letter.to_uppercase()) }
                </p>
            }
            <label for={id("description")}>{ "Guideline" }</label>
            <textarea id={id("description")} rows="2" value={def.description.clone()} onchange={on_description}
                      placeholder="When to use this label (shown on hover and in the editor)" />
            { attributes(def, &props.on_change) }
            { delete_row(props, confirming) }
        </li>
    }
}

/// The warning shown while a colour reads poorly, else nothing.
fn contrast_note(colour: Colour) -> Html {
    let l = Legibility::of(colour);
    if l.passes() {
        return html! {};
    }
    let text = format!(
        "Low contrast: text on this highlight {}:1 (WCAG AA asks 4.5:1), its line and letter on the page {}:1 (asks 3:1). The underline pattern and letter still tell the labels apart.",
        one_decimal(l.text),
        one_decimal(l.mark)
    );
    html! { <p class="contrast-warning" data-testid="contrast-warning" role="note">{ text }</p> }
}

/// Delete, with a confirmation when annotations use the label.
fn delete_row(props: &CodebookLabelProps, confirming: UseStateHandle<bool>) -> Html {
    let name = props.def.name.label().to_string();
    if *confirming {
        let on_yes = props.on_delete.reform(|_: MouseEvent| ());
        let on_no = Callback::from(move |_: MouseEvent| confirming.set(false));
        let ask = format!(
            "{} “{name}”. Delete the label and them? (Ctrl+Z brings them back.)",
            crate::words::plural(props.uses, "annotation has", "annotations have")
        );
        return html! {
            <div class="codebook-row confirm" role="group" aria-label={format!("Delete {name}?")}>
                <span>{ ask }</span>
                <button class="danger" onclick={on_yes}>{ format!("Delete {name} and its annotations") }</button>
                <button onclick={on_no}>{ "Keep it" }</button>
            </div>
        };
    }
    let uses = props.uses;
    let on_delete = props.on_delete.clone();
    let onclick = Callback::from(move |_: MouseEvent| match uses {
        0 => on_delete.emit(()),
        _ => confirming.set(true),
    });
    html! { <button class="link danger" {onclick}>{ format!("Delete label {name}") }</button> }
}

/// The label's attributes, each editable, and a way to add one.
fn attributes(def: &LabelDef, on_change: &Callback<LabelDef>) -> Html {
    let rows = def.attributes.iter().enumerate().map(|(i, a)| {
        let edit = |f: fn(&mut AttributeDef, String)| {
            let (def, on_change) = (def.clone(), on_change.clone());
            Callback::from(move |e: Event| {
                let mut d = def.clone();
                f(&mut d.attributes[i], dom::event_value(&e));
                on_change.emit(d);
            })
        };
        let on_name = edit(|a, v| a.name = v.trim().to_string());
        let on_kind = edit(|a, v| a.kind = kind_named(&v, &a.kind));
        let on_values = edit(|a, v| {
            if let AttributeKind::Choice { values } = &mut a.kind {
                *values = split_values(&v);
            }
        });
        let on_remove = {
            let (def, on_change) = (def.clone(), on_change.clone());
            Callback::from(move |_: MouseEvent| {
                let mut d = def.clone();
                d.attributes.remove(i);
                on_change.emit(d);
            })
        };
        let kind = kind_name(&a.kind);
        let values = match &a.kind {
            AttributeKind::Choice { values } => Some(values.join(", ")),
            _ => None,
        };
        html! {
            <li class="codebook-row" data-testid="codebook-attribute" data-name={a.name.clone()}>
                <input type="text" aria-label="Attribute name" value={a.name.clone()} onchange={on_name} />
                <select aria-label="Attribute type" onchange={on_kind}>
                    { for ["choice", "yes/no", "text"].iter().map(|k| html! { <option value={*k} selected={*k == kind}>{ *k }</option> }) }
                </select>
                if let Some(values) = values {
                    <input type="text" aria-label="Values (comma-separated)" value={values} onchange={on_values} />
                }
                <button class="link danger" onclick={on_remove} aria-label={format!("Remove attribute {}", a.name)}>{ "Remove" }</button>
            </li>
        }
    });
    let on_add = {
        let (def, on_change) = (def.clone(), on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut d = def.clone();
            d.attributes.push(AttributeDef {
                name: free_name(&d),
                kind: AttributeKind::Choice {
                    values: vec!["yes".into(), "no".into()],
                },
            });
            on_change.emit(d);
        })
    };
    html! {
        <div class="codebook-attributes">
            <span class="codebook-subheading">{ "Attributes" }</span>
            <ul>{ for rows }</ul>
            <button class="link" onclick={on_add}>{ format!("Add attribute to {}", def.name.label()) }</button>
        </div>
    }
}

fn kind_name(k: &AttributeKind) -> &'static str {
    match k {
        AttributeKind::Choice { .. } => "choice",
        AttributeKind::Flag => "yes/no",
        AttributeKind::Text => "text",
    }
}

/// The kind named `name`, keeping the values of `old` when it had some.
fn kind_named(name: &str, old: &AttributeKind) -> AttributeKind {
    match name {
        "yes/no" => AttributeKind::Flag,
        "text" => AttributeKind::Text,
        _ => match old {
            AttributeKind::Choice { .. } => old.clone(),
            _ => AttributeKind::Choice {
                values: vec!["yes".into(), "no".into()],
            },
        },
    }
}

/// Comma-separated values, trimmed, empty ones dropped, each once.
fn split_values(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in s.split(',').map(str::trim).filter(|v| !v.is_empty()) {
        if !out.iter().any(|o| o == v) {
            out.push(v.to_string());
        }
    }
    out
}

/// `attribute`, or `attribute 2`… — a name the label does not use yet.
fn free_name(d: &LabelDef) -> String {
    let taken = |n: &str| d.attributes.iter().any(|a| a.name == n);
    let mut name = "attribute".to_string();
    let mut i = 1;
    while taken(&name) {
        i += 1;
        name = format!("attribute {i}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_split_trimmed_and_kept_once() {
        assert_eq!(
            split_values(" direct, indirect,,direct , mixed "),
            ["direct", "indirect", "mixed"]
        );
        assert!(split_values(" , ").is_empty());
        let choice = AttributeKind::Choice {
            values: vec!["a".into()],
        };
        assert_eq!(kind_named("choice", &choice), choice);
        assert_eq!(kind_named("yes/no", &choice), AttributeKind::Flag);
        assert!(matches!(
            kind_named("choice", &AttributeKind::Text),
            AttributeKind::Choice { .. }
        ));
    }
}
