//! A leaf as a CouchDB document (`_id`, `_rev`, `_revisions`, `_deleted`
//! beside its fields) and back, refusing what a server should never send.

use crate::rev::{History, Rev};
use crate::tree::Leaf;
use serde_json::{Map, Value};

/// The document CouchDB stores for `id` at this leaf, with its history
/// (for `_bulk_docs` with `new_edits: false`).
pub fn to_couch(id: &str, leaf: &Leaf) -> Value {
    let mut m = match &leaf.body {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    m.insert("_id".into(), id.into());
    m.insert("_rev".into(), leaf.rev().to_string().into());
    m.insert(
        "_revisions".into(),
        serde_json::to_value(&leaf.history).expect("plain data"),
    );
    if leaf.deleted {
        m.insert("_deleted".into(), true.into());
    }
    Value::Object(m)
}

/// Reads a document the server sent with `revs=true`: its id and leaf.
/// Fields starting with `_` other than those four are dropped (`_conflicts`,
/// `_attachments`: the sync writes none).
pub fn from_couch(doc: &Value) -> Result<(String, Leaf), String> {
    let m = doc.as_object().ok_or("a document that is not an object")?;
    let id = m
        .get("_id")
        .and_then(Value::as_str)
        .ok_or("a document without _id")?;
    let rev = m
        .get("_rev")
        .and_then(Value::as_str)
        .and_then(Rev::parse)
        .ok_or_else(|| format!("{id}: no valid _rev"))?;
    let history = match m.get("_revisions") {
        Some(h) => serde_json::from_value::<History>(h.clone())
            .ok()
            .filter(History::is_sound)
            .ok_or_else(|| format!("{id}: a damaged _revisions"))?,
        None => History::root(&rev),
    };
    if history.head() != rev {
        return Err(format!("{id}: _revisions does not end at _rev"));
    }
    let deleted = m.get("_deleted").and_then(Value::as_bool).unwrap_or(false);
    let body: Map<String, Value> = m
        .iter()
        .filter(|(k, _)| !k.starts_with('_'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok((
        id.to_string(),
        Leaf {
            history,
            deleted,
            body: Value::Object(body),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn round_trips() {
        let one = Rev::next(None, &json!({}), false);
        let two = Rev::next(Some(&one), &json!({"n": 2}), true);
        let leaf = Leaf {
            history: History::root(&one).child(&two),
            deleted: true,
            body: json!({"n": 2}),
        };
        let doc = to_couch("x:1", &leaf);
        assert_eq!(doc["_deleted"], true);
        assert_eq!(from_couch(&doc).unwrap(), ("x:1".to_string(), leaf));
    }

    #[test]
    fn refuses_what_a_server_should_not_send() {
        for bad in [
            json!([]),
            json!({"_rev": "1-a"}),
            json!({"_id": "a", "_rev": "one"}),
            json!({"_id": "a", "_rev": "2-b", "_revisions": {"start": 2, "ids": ["c", "a"]}}),
            json!({"_id": "a", "_rev": "2-b", "_revisions": {"start": 1, "ids": ["b", "a"]}}),
            json!({"_id": "a", "_rev": "2-b", "_revisions": "x"}),
        ] {
            assert!(from_couch(&bad).is_err(), "{bad}");
        }
        let (_, leaf) =
            from_couch(&json!({"_id": "a", "_rev": "1-b", "_conflicts": [], "k": 1})).unwrap();
        assert_eq!(leaf.body, json!({"k": 1}));
    }
}
