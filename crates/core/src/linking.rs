//! Choosing the other end of a new relation: which annotations a relation
//! from the selected one may point to, nearest in the text first.

use crate::annotation::{Annotation, AnnotationId};
use crate::document::Document;
use crate::relation::{RelationKind, RelationRule};

/// An annotation a new relation may point to, with the relation's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The annotation.
    pub to: AnnotationId,
    /// The relation's type (when rules allow several types between the two
    /// tags, each is a candidate of its own, in the rules' order).
    pub kind: RelationKind,
    /// Code points between the two spans (0 when they touch or overlap).
    pub distance: usize,
}

/// The annotations a relation from `from` may point to under `rules`:
/// every placed annotation but `from` whose tag a rule allows at the `to`
/// end, leaving out links that exist already. Nearest first (then in text
/// order); for one annotation, its types in the rules' order.
pub fn candidates(doc: &Document, from: &AnnotationId, rules: &[RelationRule]) -> Vec<Candidate> {
    let Some(source) = doc.annotation(from) else {
        return Vec::new();
    };
    let kinds: Vec<&RelationRule> = rules
        .iter()
        .filter(|r| r.from.is_empty() || r.from.contains(&source.tag))
        .collect();
    if kinds.is_empty() {
        return Vec::new();
    }
    // The links `from` starts already (few), looked up for every annotation.
    let existing: Vec<(&AnnotationId, &RelationKind)> = doc
        .relations_of(from)
        .filter(|r| &r.from == from)
        .map(|r| (&r.to, &r.kind))
        .collect();
    let exists = |to: &AnnotationId, kind: &RelationKind| {
        existing.iter().any(|&(t, k)| t == to && k == kind)
    };
    let mut found: Vec<(usize, usize, usize, Candidate)> = Vec::new();
    // Ties (same distance) go in text order: `place` is the position in it.
    for (place, other) in doc.annotations().enumerate().filter(|(_, a)| &a.id != from) {
        for (order, rule) in kinds.iter().enumerate() {
            if !rule.allows(&source.tag, &other.tag) || exists(&other.id, &rule.kind) {
                continue;
            }
            let distance = gap(source, other);
            let candidate = Candidate {
                to: other.id.clone(),
                kind: rule.kind.clone(),
                distance,
            };
            found.push((distance, place, order, candidate));
        }
    }
    found.sort_unstable_by_key(|a| (a.0, a.1, a.2));
    found.into_iter().map(|(_, _, _, c)| c).collect()
}

/// Code points between two spans (0 when they touch or overlap).
fn gap(a: &Annotation, b: &Annotation) -> usize {
    if b.start >= a.end {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Tag;
    use crate::document::Command;
    use crate::relation::{Relation, RelationId};
    use crate::testing::{ann, doc, ts};

    #[test]
    fn sources_nearest_first_and_existing_links_left_out() {
        let mut d = doc("Anna said: “Rain.” Ben said: “Sun.” Carl agreed.");
        for (id, tag, s, e) in [
            ("anna", Tag::Source, 0, 4),
            ("rain", Tag::Quote, 11, 18),
            ("ben", Tag::Source, 19, 22),
            ("sun", Tag::Quote, 29, 35),
            ("carl", Tag::Source, 36, 40),
        ] {
            d.apply(Command::Add(ann(id, tag, s, e))).unwrap();
        }
        let rules = RelationRule::defaults();
        let sun = AnnotationId::new("sun").unwrap();
        let order: Vec<String> = candidates(&d, &sun, &rules)
            .into_iter()
            .map(|c| c.to.to_string())
            .collect();
        assert_eq!(order, ["carl", "ben", "anna"]);
        d.apply(Command::AddRelation(Relation {
            id: RelationId::new("r").unwrap(),
            kind: RelationKind::attributed_to(),
            from: sun.clone(),
            to: AnnotationId::new("carl").unwrap(),
            note: String::new(),
            created: ts("00"),
        }))
        .unwrap();
        let left: Vec<String> = candidates(&d, &sun, &rules)
            .into_iter()
            .map(|c| c.to.to_string())
            .collect();
        assert_eq!(left, ["ben", "anna"]);
        // A source is the far end of the default relation, not its start.
        assert!(candidates(&d, &AnnotationId::new("ben").unwrap(), &rules).is_empty());
    }

    #[test]
    fn several_types_between_two_tags_are_offered_in_order() {
        let mut d = doc("Anna said rain.");
        d.apply(Command::Add(ann("a", Tag::Source, 0, 4))).unwrap();
        d.apply(Command::Add(ann("q", Tag::Quote, 10, 14))).unwrap();
        let mut rules = RelationRule::defaults();
        rules.push(RelationRule {
            kind: RelationKind::new("denied by").unwrap(),
            from: vec![Tag::Quote],
            to: vec![],
        });
        let found = candidates(&d, &AnnotationId::new("q").unwrap(), &rules);
        let kinds: Vec<&str> = found.iter().map(|c| c.kind.as_str()).collect();
        assert_eq!(kinds, ["attributed to", "denied by"]);
        assert_eq!(found[0].distance, 6);
    }
}
