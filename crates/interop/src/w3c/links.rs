//! Linking annotations read as relations between the file's annotations.
//!
//! A `linking` annotation whose targets are annotations (IRIs, or objects
//! with an `id` and no selector or source) is a relation:
//! - ours: one target, the annotation it starts at; the bodies without a
//!   value are the annotations it points to (one relation each);
//! - Recogito's: two targets, the first the start, the second the end, and
//!   no body that is an annotation.
//!
//! Its type is the value of a tagging body (else [`RELATED_TO`]), its note
//! the values of the other textual bodies. Ends are matched to the ids of
//! the file's annotations once the whole file is read; a link to an
//! annotation that is not in the file is skipped with a warning.

use super::import::{kept_id, Reader, Who};
use super::json::{Json, Typed};
use super::objects::{BodyObject, Node, TargetObject};
use crate::ForeignAnnotation;
use marginalia_core::import::ForeignRelation;
use marginalia_core::relation::RELATED_TO;
use std::collections::HashMap;

/// A link as read, its ends still IRIs.
pub(super) struct Link {
    /// Where it is in the file, for warnings.
    who: String,
    /// Its id as kept (ours: the relation's own id).
    id: Option<String>,
    from: String,
    to: Vec<String>,
    kind: String,
    note: String,
}

/// The IRI an annotation-target names: a string, or an object with an
/// `id` and neither a selector nor a source (a `SpecificResource` of a
/// text is a text target).
fn target_iri<'t>(t: &'t Json<TargetObject>) -> Option<&'t str> {
    match t {
        Json::Str(s) => Some(s.as_ref()),
        Json::Object(o) if !o.selector.is_there() && !o.source.is_there() => o.id.as_str(),
        _ => None,
    }
}

/// True when `node` says it is linking.
fn is_linking(node: &Node) -> bool {
    node.motivation
        .strings()
        .any(|m| m.strip_prefix("oa:").unwrap_or(m) == "linking")
}

/// The IRIs of `node`'s targets when all of them name annotations.
fn targets<'n>(node: &'n Node) -> Option<Vec<&'n str>> {
    match &node.target {
        Json::List(list) if !list.is_empty() => list.iter().map(target_iri).collect(),
        Json::List(_) => None,
        one => target_iri(one).map(|iri| vec![iri]),
    }
}

impl Reader {
    /// Reads `node` as a link when it is a linking annotation between
    /// annotations; `false` (nothing read) when it is not one.
    pub(super) fn link(&mut self, node: &Node, who: &Who, id: Option<&str>, ours: bool) -> bool {
        if !is_linking(node) {
            return false;
        }
        let Some(targets) = targets(node) else {
            return false;
        };
        let mut kinds = Vec::new();
        let mut notes = Vec::new();
        let mut ends = Vec::new();
        let bodies: Vec<&Json<BodyObject>> = match &node.body {
            Json::List(list) => list.iter().collect(),
            Json::Missing | Json::Null => Vec::new(),
            one => vec![one],
        };
        for b in bodies {
            match b {
                Json::Str(s) => ends.push(s.to_string()),
                Json::Object(o) => match o.value.as_str() {
                    Some(v)
                        if o.purpose
                            .strings()
                            .any(|p| p == "tagging" || p == "classifying") =>
                    {
                        kinds.push(v.to_string())
                    }
                    Some(v) => notes.push(v.to_string()),
                    None if o.types().all(|t| t != "TextualBody") => {
                        if let Some(iri) = o.id.as_str() {
                            ends.push(iri.to_string());
                        }
                    }
                    None => {}
                },
                _ => {}
            }
        }
        let (from, to) = match (targets.as_slice(), ends.is_empty()) {
            ([from], false) => (from.to_string(), ends),
            ([from, to], true) => (from.to_string(), vec![to.to_string()]),
            _ => {
                self.warn(format!(
                    "{who}: a link between {} targets and {} annotation bodies is not a relation between two annotations; skipped",
                    targets.len(),
                    ends.len()
                ));
                return true;
            }
        };
        let kind = kinds
            .into_iter()
            .find(|k| !k.trim().is_empty())
            .unwrap_or_else(|| RELATED_TO.to_string());
        // Ends as the annotations' ids are kept (ours: the last segment).
        self.links.push(Link {
            who: who.to_string(),
            id: id.filter(|_| ours).map(|id| kept_id(id, true)),
            from: kept_id(&from, ours),
            to: to.iter().map(|t| kept_id(t, ours)).collect(),
            kind: kind.trim().to_string(),
            note: notes.join("\n\n"),
        });
        true
    }

    /// The links read, as relations between the annotations (`annotations`,
    /// the first of each id) they name; nothing is looked up in a file
    /// without links.
    pub(super) fn relations(&mut self, annotations: &[ForeignAnnotation]) -> Vec<ForeignRelation> {
        if self.links.is_empty() {
            return Vec::new();
        }
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, a) in annotations.iter().enumerate() {
            if let Some(id) = &a.id {
                ids.entry(id.as_str()).or_insert(i);
            }
        }
        let mut out = Vec::new();
        let mut missing = Vec::new();
        for link in std::mem::take(&mut self.links) {
            let several = link.to.len() > 1;
            for to in &link.to {
                match (ids.get(link.from.as_str()), ids.get(to.as_str())) {
                    (Some(&from), Some(&to)) => out.push(ForeignRelation {
                        id: link.id.clone().filter(|_| !several),
                        kind: link.kind.clone(),
                        from,
                        to,
                        note: link.note.clone(),
                    }),
                    _ => missing.push(link.who.clone()),
                }
            }
        }
        if !missing.is_empty() {
            missing.dedup();
            self.warn(format!(
                "{} link(s) to annotations that are not in the file were skipped: {}",
                missing.len(),
                missing.join(", ")
            ));
        }
        out
    }
}
