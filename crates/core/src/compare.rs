//! Where annotators' layers agree and where they do not, and the gold
//! layer built from them.
//!
//! Two annotations **agree** when they have the same label and the same
//! parts (start and end of each). A label-and-parts that every compared
//! layer has is an agreement — unless their attributes or their relations
//! (type, direction, and the other end's label and parts) differ, which is
//! a disagreement of that kind. Every other annotation is grouped with the
//! others it overlaps (sharing a code point, across layers); each group is
//! one disagreement: **missing** when a layer has nothing there, else
//! **label** when the labels differ, else **boundary**. The gold layer is
//! the annotator [`gold`]; it is not compared, and a disagreement where the
//! gold layer already has an annotation is resolved.

pub use crate::gold::{gold, GOLD_ID};
use crate::{Annotation, AnnotationId, AnnotatorId, Document};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// How layers disagree somewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A layer has nothing there.
    Missing,
    /// The same place, other labels.
    Label,
    /// The same label, other start or end.
    Boundary,
    /// The same span and label, other attribute values.
    Attribute,
    /// The same span and label, other relations.
    Relation,
}

impl Kind {
    /// Its name (`data-kind`, CSS).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Label => "label",
            Kind::Boundary => "boundary",
            Kind::Attribute => "attribute",
            Kind::Relation => "relation",
        }
    }

    /// How the Compare view says it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Missing => "Missing in a layer",
            Kind::Label => "Label differs",
            Kind::Boundary => "Boundary differs",
            Kind::Attribute => "Attribute differs",
            Kind::Relation => "Relation differs",
        }
    }
}

/// One place where the layers disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// How.
    pub kind: Kind,
    /// The stretch of text it covers, in code points.
    pub span: Range<usize>,
    /// Each compared layer's annotations there (same order as the
    /// layers; empty where a layer has none).
    pub versions: Vec<Vec<AnnotationId>>,
    /// True when the gold layer has an annotation there already.
    pub resolved: bool,
}

/// The comparison of some layers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The disagreements, in text order.
    pub disagreements: Vec<Disagreement>,
    /// The exact agreements: one annotation of each layer, in text order.
    pub agreements: Vec<Vec<AnnotationId>>,
}

/// What makes two annotations the same: label and parts.
pub(crate) type Key = (String, Vec<(usize, usize)>);

/// `a`'s label and parts.
pub(crate) fn key(a: &Annotation) -> Key {
    (
        a.tag.as_str().to_string(),
        a.parts().map(|p| (p.start, p.end)).collect(),
    )
}

/// Compares the layers of `who` (two or more; annotations naming no one
/// are `me`'s) in `doc`.
pub fn compare(doc: &Document, who: &[AnnotatorId], me: &AnnotatorId) -> Comparison {
    let layer_of = |a: &Annotation| {
        let id = a.annotator.as_ref().unwrap_or(me);
        who.iter().position(|w| w == id)
    };
    let gold_id = gold().id;
    let gold: Vec<&Annotation> = doc
        .annotations()
        .filter(|a| a.annotator.as_ref() == Some(&gold_id))
        .collect();
    // Each key's annotation in each layer (the first, when a layer has two).
    let mut by_key: HashMap<Key, Vec<Option<&Annotation>>> = HashMap::new();
    for a in doc.annotations() {
        if let Some(l) = layer_of(a) {
            let slots = by_key
                .entry(key(a))
                .or_insert_with(|| vec![None; who.len()]);
            slots[l].get_or_insert(a);
        }
    }
    let related = relations_of(doc);
    let mut out = Comparison::default();
    let mut rest: Vec<(&Annotation, usize)> = Vec::new();
    for a in doc.annotations() {
        let Some(l) = layer_of(a) else { continue };
        let slots = &by_key[&key(a)];
        if slots.iter().all(Option::is_some) {
            // Handled once, from the first layer's.
            if slots[0].map(|x| &x.id) == Some(&a.id) {
                let all: Vec<&Annotation> = slots.iter().flatten().copied().collect();
                match detail_kind(doc, &related, &all) {
                    None => out
                        .agreements
                        .push(all.iter().map(|x| x.id.clone()).collect()),
                    Some(kind) => out.disagreements.push(disagreement(
                        kind,
                        &all,
                        who.len(),
                        &layer_of,
                        &gold,
                    )),
                }
            }
        } else {
            rest.push((a, l));
        }
    }
    for group in overlapping(&rest) {
        let present: BTreeSet<usize> = group.iter().map(|(_, l)| *l).collect();
        let labels: BTreeSet<&str> = group.iter().map(|(a, _)| a.tag.as_str()).collect();
        let kind = if present.len() < who.len() {
            Kind::Missing
        } else if labels.len() > 1 {
            Kind::Label
        } else {
            Kind::Boundary
        };
        let all: Vec<&Annotation> = group.iter().map(|(a, _)| *a).collect();
        out.disagreements
            .push(disagreement(kind, &all, who.len(), &layer_of, &gold));
    }
    out.disagreements
        .sort_by_key(|d| (d.span.start, d.span.end, d.kind));
    out
}

/// The disagreement of kind `kind` over `all`.
fn disagreement(
    kind: Kind,
    all: &[&Annotation],
    layers: usize,
    layer_of: &dyn Fn(&Annotation) -> Option<usize>,
    gold: &[&Annotation],
) -> Disagreement {
    let start = all.iter().map(|a| a.start).min().unwrap_or(0);
    let end = all.iter().map(|a| a.end).max().unwrap_or(0);
    let mut versions = vec![Vec::new(); layers];
    for a in all {
        if let Some(l) = layer_of(a) {
            versions[l].push(a.id.clone());
        }
    }
    Disagreement {
        kind,
        span: start..end,
        versions,
        // Resolved once gold has something of the same label there (a
        // version accepted, and perhaps edited since).
        resolved: gold
            .iter()
            .any(|g| g.start < end && start < g.end && all.iter().any(|a| a.tag == g.tag)),
    }
}

/// Each annotation's relations (either end), to compare them in one pass.
type RelationsOf<'d> = HashMap<&'d AnnotationId, Vec<&'d crate::Relation>>;

fn relations_of(doc: &Document) -> RelationsOf<'_> {
    let mut out: RelationsOf = HashMap::new();
    for r in doc.relations() {
        out.entry(&r.from).or_default().push(r);
        if r.to != r.from {
            out.entry(&r.to).or_default().push(r);
        }
    }
    out
}

/// For annotations with one key in every layer: `None` when they agree in
/// full, else how they differ (attributes first).
fn detail_kind(doc: &Document, related: &RelationsOf, all: &[&Annotation]) -> Option<Kind> {
    if all.windows(2).any(|w| w[0].attributes != w[1].attributes) {
        return Some(Kind::Attribute);
    }
    let links = |a: &Annotation| -> BTreeSet<(String, bool, Key)> {
        related
            .get(&a.id)
            .into_iter()
            .flatten()
            .filter_map(|r| {
                let outgoing = r.from == a.id;
                let other = doc.annotation(r.other_end(&a.id)?)?;
                Some((r.kind.as_str().to_string(), outgoing, key(other)))
            })
            .collect()
    };
    let first = links(all[0]);
    all[1..]
        .iter()
        .any(|a| links(a) != first)
        .then_some(Kind::Relation)
}

/// `items` (in text order) grouped by overlap: each group the annotations
/// linked by sharing a code point, directly or through others.
fn overlapping<'d>(items: &[(&'d Annotation, usize)]) -> Vec<Vec<(&'d Annotation, usize)>> {
    let mut groups: Vec<Vec<(&Annotation, usize)>> = Vec::new();
    let mut reach = 0;
    for &(a, l) in items {
        let overlaps_last = groups
            .last()
            .is_some_and(|g| a.start < reach && g.iter().any(|(b, _)| shares(a, b)));
        if overlaps_last {
            groups.last_mut().expect("a group").push((a, l));
        } else {
            groups.push(vec![(a, l)]);
        }
        reach = if overlaps_last {
            reach.max(a.end)
        } else {
            a.end
        };
    }
    groups
}

/// True when `a` and `b` share a code point (their parts, not only their
/// extents).
fn shares(a: &Annotation, b: &Annotation) -> bool {
    a.parts()
        .any(|p| b.parts().any(|q| p.start < q.end && q.start < p.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::ann;
    use crate::{Command, Tag};

    fn who(id: &str) -> AnnotatorId {
        AnnotatorId::new(id).unwrap()
    }

    fn add(doc: &mut Document, id: &str, tag: Tag, span: (usize, usize), by: &str) {
        let mut a = ann(id, tag, span.0, span.1);
        a.annotator = Some(who(by));
        doc.apply(Command::Add(a)).unwrap();
    }

    /// "The minister said “we will not” 😀 today, sources said."
    #[test]
    fn disagreements_are_classified_and_agreements_listed() {
        let mut d = crate::testing::doc("The minister said “we will not” 😀 today, sources said.");
        add(&mut d, "a-src", Tag::Source, (0, 12), "a-ana");
        add(&mut d, "b-src", Tag::Source, (0, 12), "a-bo");
        add(&mut d, "a-q", Tag::Quote, (18, 31), "a-ana");
        add(&mut d, "b-q", Tag::Quote, (19, 30), "a-bo");
        add(&mut d, "a-emoji", Tag::Claim, (32, 33), "a-ana");
        add(&mut d, "b-emoji", Tag::Quote, (32, 33), "a-bo");
        add(&mut d, "a-later", Tag::Source, (41, 48), "a-ana");
        add(&mut d, "c-other", Tag::Source, (41, 48), "a-cy");
        let layers = [who("a-ana"), who("a-bo")];
        let c = compare(&d, &layers, &who("a-me"));
        assert_eq!(
            c.agreements,
            [vec![
                AnnotationId::new("a-src").unwrap(),
                AnnotationId::new("b-src").unwrap()
            ]]
        );
        let kinds: Vec<(Kind, Range<usize>)> = c
            .disagreements
            .iter()
            .map(|x| (x.kind, x.span.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (Kind::Boundary, 18..31),
                (Kind::Label, 32..33),
                (Kind::Missing, 41..48)
            ]
        );
        assert_eq!(
            c.disagreements[2].versions[1],
            Vec::<AnnotationId>::new(),
            "Bo has none; Cy is not compared"
        );
        assert!(c.disagreements.iter().all(|x| !x.resolved));
        // A gold annotation there resolves it.
        add(&mut d, "g", Tag::Quote, (18, 31), GOLD_ID);
        let c = compare(&d, &layers, &who("a-me"));
        assert!(c.disagreements[0].resolved && !c.disagreements[1].resolved);
        // Gold's source over Ana's claim (missing in Bo's) does not resolve it.
        add(&mut d, "a-wide", Tag::Claim, (0, 17), "a-ana");
        add(&mut d, "g-src", Tag::Source, (0, 12), GOLD_ID);
        let c = compare(&d, &layers, &who("a-me"));
        let wide = c.disagreements.iter().find(|x| x.span == (0..17)).unwrap();
        assert!(wide.kind == Kind::Missing && !wide.resolved);
    }

    #[test]
    fn attributes_and_relations_of_agreeing_spans_are_compared() {
        let mut d = crate::testing::doc("The minister said “we will not” today.");
        add(&mut d, "a-src", Tag::Source, (0, 12), "a-ana");
        add(&mut d, "b-src", Tag::Source, (0, 12), "a-bo");
        add(&mut d, "a-q", Tag::Quote, (18, 31), "a-ana");
        add(&mut d, "b-q", Tag::Quote, (18, 31), "a-bo");
        let link = |id: &str, from: &str, to: &str| {
            Command::AddRelation(crate::Relation {
                id: crate::RelationId::new(id).unwrap(),
                kind: crate::RelationKind::attributed_to(),
                from: AnnotationId::new(from).unwrap(),
                to: AnnotationId::new(to).unwrap(),
                note: String::new(),
                created: crate::testing::ts("01"),
            })
        };
        d.apply(link("r1", "a-q", "a-src")).unwrap();
        let c = compare(&d, &[who("a-ana"), who("a-bo")], &who("a-me"));
        let kinds: Vec<Kind> = c.disagreements.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Relation, Kind::Relation],
            "the source's and the quote's"
        );
        d.apply(link("r2", "b-q", "b-src")).unwrap();
        let same = compare(&d, &[who("a-ana"), who("a-bo")], &who("a-me"));
        assert!(same.disagreements.is_empty() && same.agreements.len() == 2);
        let mut b = d
            .annotation(&AnnotationId::new("b-src").unwrap())
            .unwrap()
            .clone();
        b.attributes.insert("named".into(), "yes".into());
        d.apply(Command::Replace(b)).unwrap();
        let c = compare(&d, &[who("a-ana"), who("a-bo")], &who("a-me"));
        assert_eq!(c.disagreements[0].kind, Kind::Attribute);
    }
}
