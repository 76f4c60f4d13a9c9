//! A fake CouchDB for native tests: the endpoints the sync uses, over the
//! same trees, with faults on demand (a lost request, a lost answer, a
//! duplicate delivery, a failure, a partial bulk failure, a refusal).

use crate::couch::{from_couch, to_couch};
use crate::rev::Rev;
use crate::tree::Tree;
use crate::wire::{Method, Request, Response, SyncError};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// What goes wrong with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Nothing.
    None,
    /// The request never arrives.
    LostRequest,
    /// It is carried out, but the answer is lost.
    LostAnswer,
    /// It arrives twice.
    Duplicate,
    /// The server answers 500 without doing anything.
    Fail,
    /// Every other document of a `_bulk_docs` fails.
    PartialBulk,
}

/// The fake server's database.
#[derive(Clone, Debug, Default)]
pub struct FakeCouch {
    docs: BTreeMap<String, Tree>,
    /// Update sequence of each document's last change.
    seqs: BTreeMap<String, u64>,
    seq: u64,
    local: BTreeMap<String, (u64, Value)>,
    /// Owners who may not write (the design document's refusal).
    pub forbidden: Vec<String>,
    /// Answers success to updates of existing documents but drops them, as
    /// pouchdb-server does in a database with a validation function.
    pub drops_updates: bool,
}

impl FakeCouch {
    /// Carries a request with a fault.
    pub fn carry(&mut self, req: &Request, fault: Fault) -> Result<Response, SyncError> {
        match fault {
            Fault::None => Ok(self.handle(req, false)),
            Fault::LostRequest => Err(SyncError::Offline),
            Fault::LostAnswer => {
                self.handle(req, false);
                Err(SyncError::Offline)
            }
            Fault::Duplicate => {
                self.handle(req, false);
                Ok(self.handle(req, false))
            }
            Fault::Fail => Ok(Response {
                status: 500,
                body: "{\"error\":\"unknown_error\"}".into(),
            }),
            Fault::PartialBulk => Ok(self.handle(req, true)),
        }
    }

    /// Every live document's winning body, by id.
    pub fn winners(&self) -> BTreeMap<String, Value> {
        self.docs
            .iter()
            .filter_map(|(id, t)| {
                let w = t.winner()?;
                (!w.deleted).then(|| (id.clone(), w.body.clone()))
            })
            .collect()
    }

    /// The trees, to compare with a replica's.
    pub fn tree(&self, id: &str) -> Option<&Tree> {
        self.docs.get(id)
    }

    /// Forgets everything (a server restarted with an in-memory database).
    pub fn wipe(&mut self) {
        *self = FakeCouch {
            forbidden: std::mem::take(&mut self.forbidden),
            ..FakeCouch::default()
        };
    }

    fn handle(&mut self, req: &Request, partial: bool) -> Response {
        let body: Value = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        let q = |k: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                .map(|v| v.replace("%22", "\""))
        };
        let (status, out) = match (req.method, path) {
            (Method::Get, "_changes") => (200, self.changes(q("since"), q("limit"))),
            (Method::Post, "_revs_diff") => (200, self.revs_diff(&body)),
            (Method::Post, "_bulk_get") => (200, self.bulk_get(&body)),
            (Method::Post, "_bulk_docs") => (201, self.bulk_docs(&body, partial)),
            (Method::Get, p) if p.starts_with("_local/") => match self.local.get(p) {
                Some((n, doc)) => {
                    let mut d = doc.clone();
                    d["_rev"] = format!("0-{n}").into();
                    (200, d)
                }
                None => (404, json!({"error": "not_found", "reason": "missing"})),
            },
            (Method::Put, p) if p.starts_with("_local/") => {
                let n = self.local.get(p).map_or(0, |(n, _)| *n) + 1;
                self.local.insert(p.to_string(), (n, body));
                (201, json!({"ok": true, "id": p, "rev": format!("0-{n}")}))
            }
            _ => (
                404,
                json!({"error": "not_found", "reason": "no such endpoint"}),
            ),
        };
        Response {
            status,
            body: out.to_string(),
        }
    }

    fn changes(&self, since: Option<String>, limit: Option<String>) -> Value {
        let since: u64 = since.and_then(|s| s.parse().ok()).unwrap_or(0);
        let limit: usize = limit.and_then(|s| s.parse().ok()).unwrap_or(usize::MAX);
        let mut by_seq: Vec<(u64, &String)> = self
            .seqs
            .iter()
            .filter(|(_, s)| **s > since)
            .map(|(id, s)| (*s, id))
            .collect();
        by_seq.sort();
        let left = by_seq.len().saturating_sub(limit);
        let results: Vec<Value> = by_seq
            .iter()
            .take(limit)
            .map(|(s, id)| {
                let revs: Vec<Value> = self.docs[*id]
                    .leaves
                    .iter()
                    .map(|l| json!({"rev": l.rev().to_string()}))
                    .collect();
                json!({"seq": s, "id": id, "changes": revs})
            })
            .collect();
        let last = by_seq
            .iter()
            .take(limit)
            .next_back()
            .map_or(since, |(s, _)| *s);
        json!({"results": results, "last_seq": last, "pending": left})
    }

    fn revs_diff(&self, body: &Value) -> Value {
        let mut out = serde_json::Map::new();
        for (id, revs) in body.as_object().into_iter().flatten() {
            let missing: Vec<Value> = revs
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|r| {
                    let rev = Rev::parse(r);
                    !rev.is_some_and(|rev| self.docs.get(id).is_some_and(|t| t.knows(&rev)))
                })
                .map(|r| r.into())
                .collect();
            if !missing.is_empty() {
                out.insert(id.clone(), json!({ "missing": missing }));
            }
        }
        Value::Object(out)
    }

    fn bulk_get(&self, body: &Value) -> Value {
        let asked = body["docs"].as_array().cloned().unwrap_or_default();
        let results: Vec<Value> = asked
            .iter()
            .map(|a| {
                let id = a["id"].as_str().unwrap_or_default();
                let rev = a["rev"].as_str().unwrap_or_default();
                let leaf = self
                    .docs
                    .get(id)
                    .and_then(|t| t.leaves.iter().find(|l| l.rev().to_string() == rev));
                let doc = match leaf {
                    Some(l) => json!({"ok": to_couch(id, l)}),
                    None => json!({"error": {"id": id, "rev": rev, "error": "not_found"}}),
                };
                json!({"id": id, "docs": [doc]})
            })
            .collect();
        json!({ "results": results })
    }

    fn bulk_docs(&mut self, body: &Value, partial: bool) -> Value {
        let mut errors = Vec::new();
        for (i, doc) in body["docs"].as_array().into_iter().flatten().enumerate() {
            let Ok((id, leaf)) = from_couch(doc) else {
                continue;
            };
            let owner = leaf.body.get("owner").and_then(Value::as_str).unwrap_or("");
            if self.forbidden.iter().any(|f| f == owner) {
                errors.push(json!({"id": id, "error": "forbidden", "reason": format!("{owner} may not write")}));
                continue;
            }
            if partial && i % 2 == 1 {
                errors.push(json!({"id": id, "error": "unknown_error", "reason": "disk full"}));
                continue;
            }
            if self.drops_updates && self.docs.contains_key(&id) {
                continue;
            }
            let tree = self.docs.entry(id.clone()).or_default();
            if tree.merge(leaf) != crate::tree::Merge::Known {
                self.seq += 1;
                self.seqs.insert(id, self.seq);
            }
        }
        Value::Array(errors)
    }
}
