//! Writing a document as Label Studio JSON: one task, one `annotations`
//! entry per annotator.

use marginalia_core::document::Document;
use serde_json::{json, Map, Value};

/// Writes `doc` as Label Studio JSON (a list of one task with one
/// annotation per annotator, whose `completed_by` names them — with
/// `marginalia_annotator`, their id here, read back as it is). Offsets are
/// code points, as Label Studio stores them.
/// Relations between two written regions are `relation` results
/// (`from_id` → `to_id`, `direction: "right"`, the type as their one
/// label); a relation's note has no place there and is left out. Each
/// part of a multi-part annotation is a region of its own (`{id}~2`, … after
/// the first, which keeps the id and stands for it in relations).
pub fn export(doc: &Document) -> String {
    let text = doc.text();
    // One `annotations` entry per annotator (`completed_by` says who), in
    // the order they first annotate; one without, when none is recorded.
    let mut who: Vec<Option<&marginalia_core::AnnotatorId>> = Vec::new();
    for a in doc.annotations() {
        if !who.contains(&a.annotator.as_ref()) {
            who.push(a.annotator.as_ref());
        }
    }
    if who.is_empty() {
        who.push(None);
    }
    let entries: Vec<Value> = who
        .iter()
        .enumerate()
        .map(|(k, layer)| {
            let mut entry = json!({
                "result": results(doc, &|a| a.annotator.as_ref() == *layer),
                "was_cancelled": false,
                "created_at": doc.created().as_str(),
                "updated_at": doc.modified().as_str(),
            });
            if let Some(id) = layer {
                let name = doc.annotator(id).map_or("", |a| a.name.as_str());
                entry["completed_by"] = json!({
                    "id": k + 1,
                    "first_name": name,
                    "marginalia_annotator": id.as_str(),
                });
            }
            entry
        })
        .collect();
    let meta = doc.meta();
    let mut data = Map::new();
    data.insert("text".into(), text.as_str().into());
    data.insert("title".into(), meta.title.as_str().into());
    if let Some(s) = &meta.source {
        data.insert("source".into(), s.as_str().into());
    }
    if let Some(u) = &meta.url {
        data.insert("url".into(), u.as_str().into());
    }
    let task = json!([{
        "data": data,
        "annotations": entries,
    }]);
    serde_json::to_string_pretty(&task).unwrap_or_default()
}

/// The `result` list of the annotations `keep` lets through, with the
/// relations between them.
fn results(doc: &Document, keep: &dyn Fn(&marginalia_core::Annotation) -> bool) -> Vec<Value> {
    let text = doc.text();
    let mut result = Vec::new();
    for a in doc.annotations().filter(|a| keep(a)) {
        for (k, p) in a.parts().enumerate() {
            // A part after the first is a region of its own, `{id}~{k}`
            // (Label Studio has no multi-part regions).
            let id = match k {
                0 => a.id.to_string(),
                k => format!("{}~{}", a.id, k + 1),
            };
            result.push(json!({
                "id": id,
                "from_name": "label",
                "to_name": "text",
                "type": "labels",
                "origin": "manual",
                "value": {
                    "start": p.start,
                    "end": p.end,
                    "text": text.slice(p.clone()),
                    "labels": [a.tag.as_str()],
                },
            }));
            attribute_results(doc, a, &id, &p, &mut result);
            if !a.note.is_empty() {
                result.push(json!({
                    "id": id,
                    "from_name": "note",
                    "to_name": "text",
                    "type": "textarea",
                    "origin": "manual",
                    "value": {
                        "start": p.start,
                        "end": p.end,
                        "text": [a.note.as_str()],
                    },
                }));
            }
        }
    }
    for r in doc.relations() {
        let (Some(from), Some(to)) = (doc.annotation(&r.from), doc.annotation(&r.to)) else {
            continue; // an unplaced end has no region
        };
        if !keep(from) || !keep(to) {
            continue; // in another annotator's entry, or between two
        }
        result.push(json!({
            "from_id": r.from.as_str(),
            "to_id": r.to.as_str(),
            "type": "relation",
            "direction": "right",
            "labels": [r.kind.as_str()],
        }));
    }
    result
}

/// The attribute values of annotation `a` as per-region results of its
/// region `id` (at `p`): a `choices` item, or a `textarea` for a free-text
/// attribute of its codebook, on the control `attr:{label}:{attribute}`
/// of the labelling config.
fn attribute_results(
    doc: &Document,
    a: &marginalia_core::Annotation,
    id: &str,
    p: &std::ops::Range<usize>,
    result: &mut Vec<Value>,
) {
    use marginalia_core::codebook::AttributeKind;
    let def = doc.codebook().def(&a.tag);
    for (name, value) in &a.attributes {
        let text = def.is_some_and(|d| {
            d.attributes
                .iter()
                .any(|x| &x.name == name && x.kind == AttributeKind::Text)
        });
        let (kind, key) = if text {
            ("textarea", "text")
        } else {
            ("choices", "choices")
        };
        result.push(json!({
            "id": id,
            "from_name": super::config::attribute_control(&a.tag, name),
            "to_name": "text",
            "type": kind,
            "origin": "manual",
            "value": { "start": p.start, "end": p.end, key: [value] },
        }));
    }
}
