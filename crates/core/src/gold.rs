//! The gold layer: the adjudicated version of several annotators' work, an
//! ordinary layer whose annotator is [`gold`]. Accepting an annotator's
//! version copies their annotations into it (with the relations between
//! what it then holds); it can be taken out as a document of its own, to
//! export alone.

use crate::compare::{key, Key};
use crate::{
    Annotation, AnnotationId, Annotator, AnnotatorId, Command, Document, DocumentId, Metadata,
    RelationId, Timestamp,
};
use std::collections::{HashMap, HashSet};

/// The id of the gold layer's annotator.
pub const GOLD_ID: &str = "a-gold";

/// The gold layer's annotator: the adjudicated version.
pub fn gold() -> Annotator {
    Annotator::new(AnnotatorId::new(GOLD_ID).expect("a valid id"), "Gold")
}

/// True when `a` is in the gold layer.
pub fn is_gold(a: &Annotation) -> bool {
    a.annotator
        .as_ref()
        .is_some_and(|id| id.as_str() == GOLD_ID)
}

/// New ids for what an acceptance adds.
pub struct NewIds<'a> {
    /// For annotations.
    pub annotation: &'a mut dyn FnMut() -> AnnotationId,
    /// For relations.
    pub relation: &'a mut dyn FnMut() -> RelationId,
}

/// The one command that copies the annotations `ids` into the gold layer
/// (those it has already, by label and parts, are not copied twice), with
/// their relations whose other end is then in it too (another version's
/// relations do not come along); `None` when there is nothing to add.
pub fn accept(
    doc: &Document,
    ids: &[AnnotationId],
    now: &Timestamp,
    new: NewIds,
) -> Option<Command> {
    let mut in_gold: HashMap<Key, AnnotationId> = doc
        .annotations()
        .filter(|a| is_gold(a))
        .map(|a| (key(a), a.id.clone()))
        .collect();
    let mut commands: Vec<Command> = doc.record_annotator(&gold()).into_iter().collect();
    for a in ids.iter().filter_map(|id| doc.annotation(id)) {
        if in_gold.contains_key(&key(a)) {
            continue;
        }
        let mut copy = a.clone();
        copy.id = (new.annotation)();
        copy.annotator = Some(gold().id);
        copy.created = now.clone();
        copy.modified = now.clone();
        in_gold.insert(key(a), copy.id.clone());
        commands.push(Command::Add(copy));
    }
    let added = commands
        .iter()
        .filter(|c| matches!(c, Command::Add(_)))
        .count();
    let gold_of = |id: &AnnotationId| doc.annotation(id).and_then(|a| in_gold.get(&key(a)));
    let mut linked: HashSet<(String, AnnotationId, AnnotationId)> = doc
        .relations()
        .iter()
        .map(|r| (r.kind.as_str().to_string(), r.from.clone(), r.to.clone()))
        .collect();
    let mut links = Vec::new();
    // The relations of the accepted annotations (not of other versions of
    // them), once both their ends are in gold.
    let accepted: HashSet<&AnnotationId> = ids.iter().collect();
    for r in doc.relations() {
        if !accepted.contains(&r.from) && !accepted.contains(&r.to) {
            continue;
        }
        let (Some(from), Some(to)) = (gold_of(&r.from), gold_of(&r.to)) else {
            continue;
        };
        if linked.insert((r.kind.as_str().to_string(), from.clone(), to.clone())) {
            let mut copy = r.clone();
            copy.id = (new.relation)();
            (copy.from, copy.to, copy.created) = (from.clone(), to.clone(), now.clone());
            links.push(Command::AddRelation(copy));
        }
    }
    if added == 0 && links.is_empty() {
        return None;
    }
    commands.extend(links);
    Some(Command::Batch(commands))
}

/// The gold layer of `doc` as a document of its own (id `id`): the same
/// text, title marked "(gold)", codebook and labels, the gold annotations
/// and the relations between them.
pub fn gold_document(doc: &Document, id: DocumentId, now: &Timestamp) -> Document {
    let meta = Metadata {
        title: format!("{} (gold)", doc.meta().title),
        ..doc.meta().clone()
    };
    let mut out = Document::new(id, meta, doc.text().clone(), now.clone());
    // Each from a valid document, so each applies; one at a time, so that
    // a label the codebook brought already is not added twice.
    let _ = out.apply(Command::SetCodebook(Box::new(doc.codebook().clone())));
    let _ = out.apply(Command::SetAnnotators(vec![gold()]));
    for l in doc.labels() {
        if out.slot(&crate::Tag::Other(l.clone())).is_none() {
            let _ = out.apply(Command::AddLabel(l.clone()));
        }
    }
    let mut ids: HashSet<&AnnotationId> = HashSet::new();
    for a in doc.annotations().filter(|a| is_gold(a)) {
        if out.apply(Command::Add(a.clone())).is_ok() {
            ids.insert(&a.id);
        }
    }
    for r in doc.relations() {
        if ids.contains(&r.from) && ids.contains(&r.to) {
            let _ = out.apply(Command::AddRelation(r.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{ann, ts};
    use crate::Tag;

    #[test]
    fn accepting_copies_into_gold_once_with_relations_and_gold_stands_alone() {
        let mut d = crate::testing::doc("The minister said “we will not” 😀 today.");
        let mut add = |id: &str, tag: Tag, s: usize, e: usize| {
            let mut a = ann(id, tag, s, e);
            a.annotator = Some(AnnotatorId::new("a-ana").unwrap());
            d.apply(Command::Add(a)).unwrap();
        };
        add("src", Tag::Source, 0, 12);
        add("q", Tag::Quote, 18, 31);
        let link = crate::Relation {
            id: RelationId::new("r").unwrap(),
            kind: crate::RelationKind::attributed_to(),
            from: AnnotationId::new("q").unwrap(),
            to: AnnotationId::new("src").unwrap(),
            note: String::new(),
            created: ts("01"),
        };
        d.apply(Command::AddRelation(link)).unwrap();
        let mut a_ids = crate::testing::annotation_ids("g");
        let mut r_ids = crate::testing::relation_ids("gr");
        let ids = crate::testing::ids;
        // The quote alone: no relation yet (its source is not in gold).
        let first = accept(
            &d,
            &ids(&["q"]),
            &ts("02"),
            NewIds {
                annotation: &mut a_ids,
                relation: &mut r_ids,
            },
        )
        .unwrap();
        d.apply(first).unwrap();
        assert_eq!(d.relations().len(), 1);
        // Then the source: the relation follows.
        let second = accept(
            &d,
            &ids(&["src", "q"]),
            &ts("03"),
            NewIds {
                annotation: &mut a_ids,
                relation: &mut r_ids,
            },
        )
        .unwrap();
        d.apply(second).unwrap();
        let gold_ones: Vec<&Annotation> = d.annotations().filter(|a| is_gold(a)).collect();
        assert_eq!(gold_ones.len(), 2);
        assert_eq!(d.relations().len(), 2);
        assert!(
            accept(
                &d,
                &ids(&["src", "q"]),
                &ts("04"),
                NewIds {
                    annotation: &mut a_ids,
                    relation: &mut r_ids
                }
            )
            .is_none(),
            "nothing twice"
        );
        let alone = gold_document(&d, DocumentId::new("gold-doc").unwrap(), &ts("05"));
        assert_eq!(alone.len(), 2);
        assert_eq!(alone.relations().len(), 1);
        assert_eq!(alone.annotators(), [gold()]);
        assert!(alone.meta().title.ends_with("(gold)"));
        assert_eq!(alone.text(), d.text());
    }

    /// Bo's versions of Ana's quote and source, without her relation:
    /// accepting them brings no relation of hers along.
    #[test]
    fn another_versions_relations_stay_out_of_gold() {
        let mut a_ids = crate::testing::annotation_ids("g");
        let mut r_ids = crate::testing::relation_ids("gr");
        let ids = crate::testing::ids;
        let mut e = crate::testing::doc("The minister said “we will not” 😀 today.");
        for (id, tag, s, t, by) in [
            ("as", Tag::Source, 0, 12, "a-ana"),
            ("aq", Tag::Quote, 18, 31, "a-ana"),
            ("bs", Tag::Source, 0, 12, "a-bo"),
            ("bq", Tag::Quote, 18, 31, "a-bo"),
        ] {
            let mut a = ann(id, tag, s, t);
            a.annotator = Some(AnnotatorId::new(by).unwrap());
            e.apply(Command::Add(a)).unwrap();
        }
        e.apply(Command::AddRelation(crate::Relation {
            id: RelationId::new("r").unwrap(),
            kind: crate::RelationKind::attributed_to(),
            from: AnnotationId::new("aq").unwrap(),
            to: AnnotationId::new("as").unwrap(),
            note: String::new(),
            created: ts("01"),
        }))
        .unwrap();
        let bos = accept(
            &e,
            &ids(&["bs", "bq"]),
            &ts("02"),
            NewIds {
                annotation: &mut a_ids,
                relation: &mut r_ids,
            },
        )
        .unwrap();
        e.apply(bos).unwrap();
        assert_eq!(e.relations().len(), 1, "Ana's relation stays hers");
    }
}
