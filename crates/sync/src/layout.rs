//! How a Marginalia document is laid out in CouchDB, made for few
//! conflicts: one CouchDB document per article text (written once), per
//! label set and codebook, per annotator's name, per annotation, per
//! unplaced annotation and per relation, each naming the article it
//! belongs to. Ids come from the Marginalia ids:
//! `m:<document>` (the text), `m:<document>:book`, `m:<document>:who:<annotator>`,
//! `m:<document>:a:<annotation>`, `m:<document>:u:<annotation>`,
//! `m:<document>:r:<relation>`, with `%` and `:` in a Marginalia id
//! written `%25` and `%3A` so no two ids meet.

use crate::replica::Replica;
use marginalia_core::store::{self, Restored, Restoring, StoreError};
use marginalia_core::Document;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The CouchDB id of a document's text; its other parts' ids start with
/// it and `:`.
pub fn text_id(document: &str) -> String {
    format!("m:{}", escape(document))
}

fn escape(id: &str) -> String {
    id.replace('%', "%25").replace(':', "%3A")
}

fn part(document: &str, kind: &str, id: &str) -> String {
    format!("{}:{kind}:{}", text_id(document), escape(id))
}

/// Every CouchDB document of `doc`, by id, without owners (the replica
/// adds them).
pub fn layout(doc: &Document) -> BTreeMap<String, Value> {
    let d = doc.id().as_str();
    let mut out = BTreeMap::new();
    let record: Value = serde_json::from_str(&store::record_json(doc)).expect("our own JSON");
    out.insert(
        text_id(d),
        json!({"type": "text", "document": d, "record": record}),
    );
    let labels: Vec<&str> = doc.labels().iter().map(|l| l.as_str()).collect();
    let codebook = store::codebook_json(doc)
        .map(|c| serde_json::from_str::<Value>(&c).expect("our own JSON"))
        .unwrap_or(Value::Null);
    out.insert(
        format!("{}:book", text_id(d)),
        json!({"type": "book", "document": d, "labels": labels, "codebook": codebook}),
    );
    for who in doc.annotators() {
        out.insert(
            part(d, "who", who.id.as_str()),
            json!({"type": "annotator", "document": d, "annotator": who}),
        );
    }
    for a in doc.annotations() {
        out.insert(
            part(d, "a", a.id.as_str()),
            json!({"type": "annotation", "document": d, "annotator": a.annotator,
                   "row": store::row_value(a)}),
        );
    }
    for u in doc.unplaced() {
        out.insert(
            part(d, "u", u.id.as_str()),
            json!({"type": "unplaced", "document": d, "unplaced": u}),
        );
    }
    for r in doc.relations() {
        out.insert(
            part(d, "r", r.id.as_str()),
            json!({"type": "relation", "document": d, "relation": r}),
        );
    }
    out
}

/// Records `doc` as it is now in the replica: a new revision for each
/// part that changed and, with `deletions`, a deletion for each part that
/// is gone. Without `deletions` (joining a database with no replica of
/// one's own from before), a part the server holds is never overwritten:
/// see [`Replica::join_local`]. The text is written once: a text the
/// replica holds already (another browser's copy of the same article) is
/// left as it is. Returns how many parts changed.
pub fn record(replica: &mut Replica, doc: &Document, user: &str, deletions: bool) -> usize {
    let mut parts = layout(doc);
    let text = text_id(doc.id().as_str());
    let same_text =
        |held: &Value| held.pointer("/record/text") == parts[&text].pointer("/record/text");
    if replica.body(&text).is_some_and(same_text) {
        parts.remove(&text);
    }
    let under = format!("{text}:");
    let gone: Vec<String> = replica
        .ids_under(&under)
        .filter(|id| deletions && !parts.contains_key(*id) && replica.body(id).is_some())
        .cloned()
        .collect();
    let mut changed = 0;
    for (id, body) in parts {
        let did = if deletions {
            replica.set_local(&id, Some(body), user)
        } else {
            replica.join_local(&id, body, user)
        };
        changed += usize::from(did);
    }
    for id in gone {
        changed += usize::from(replica.set_local(&id, None, user));
    }
    changed
}

/// The Marginalia documents (their ids) the CouchDB ids belong to.
pub fn documents_of<'a>(
    replica: &Replica,
    ids: impl IntoIterator<Item = &'a String>,
) -> BTreeSet<String> {
    ids.into_iter()
        .filter_map(|id| {
            let tree = replica.tree(id)?;
            let w = tree.winner()?;
            w.body.get("document")?.as_str().map(String::from)
        })
        .collect()
}

/// The ids of every article the replica holds (a live text).
pub fn documents(replica: &Replica) -> Vec<String> {
    replica
        .ids()
        .filter(|id| id.starts_with("m:") && !id[2..].contains(':'))
        .filter_map(|id| {
            replica
                .body(id)?
                .get("document")?
                .as_str()
                .map(String::from)
        })
        .collect()
}

/// Builds the document `document` from the replica's winning revisions,
/// leaving out (and reporting) whatever part is damaged; `None` when its
/// text is not there (not yet pulled, or deleted).
pub fn assemble(replica: &Replica, document: &str) -> Option<Result<Restored, StoreError>> {
    let text = text_id(document);
    let record = replica.body(&text)?.get("record")?;
    let created = record.get("created").cloned().unwrap_or(Value::Null);
    let record = record.to_string();
    let mut head = json!({"version": store::STORE_VERSION, "modified": created, "chunks": 0});
    let mut rows = Vec::new();
    let mut unplaced = Vec::new();
    let mut relations = Vec::new();
    let mut annotators = Vec::new();
    let mut codebook = None;
    let under = format!("{text}:");
    for id in replica.ids_under(&under) {
        let Some(body) = replica.body(id) else {
            continue;
        };
        let field = |k: &str| body.get(k).cloned().unwrap_or(Value::Null);
        match body.get("type").and_then(Value::as_str) {
            Some("book") => {
                head["labels"] = field("labels");
                codebook = Some(field("codebook")).filter(|c| !c.is_null());
            }
            Some("annotator") => annotators.push(field("annotator")),
            Some("annotation") => rows.push(field("row")),
            Some("unplaced") => unplaced.push(field("unplaced")),
            Some("relation") => relations.push(field("relation")),
            _ => {}
        }
    }
    head["annotators"] = Value::Array(annotators);
    let head = head.to_string();
    Some((|| {
        let mut r = Restoring::begin(&record, Some(&head))?;
        r.chunk(0, Some(&Value::Array(rows).to_string()));
        r.relations(None, Some(&Value::Array(relations).to_string()));
        r.codebook(codebook.map(|c| c.to_string()).as_deref());
        r.finish(Some(&Value::Array(unplaced).to_string()))
    })())
}
