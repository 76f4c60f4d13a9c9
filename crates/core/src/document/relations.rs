//! The document's relations: reading them, and the commands that add and
//! remove them (removing an annotation removes its relations; undo puts
//! both back).

use super::{Applied, Command, CommandError, Document};
use crate::annotation::AnnotationId;
use crate::relation::{Relation, RelationId};

impl Document {
    /// Every relation, in the order they were made.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The relation with this id.
    pub fn relation(&self, id: &RelationId) -> Option<&Relation> {
        self.relations.iter().find(|r| &r.id == id)
    }

    /// The relations annotation `id` takes part in, at either end, in the
    /// order they were made.
    pub fn relations_of<'a>(
        &'a self,
        id: &'a AnnotationId,
    ) -> impl Iterator<Item = &'a Relation> + 'a {
        self.relations.iter().filter(move |r| r.touches(id))
    }

    pub(super) fn insert_relation(
        &mut self,
        at: usize,
        r: Relation,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        if r.from == r.to {
            return Err(CommandError::SameEnds);
        }
        for end in [&r.from, &r.to] {
            if !self.has_id(end) {
                return Err(CommandError::MissingEnd(end.clone()));
            }
        }
        if self.relation_ids.contains(&r.id) {
            return Err(CommandError::DuplicateRelation(r.id));
        }
        let id = r.id.clone();
        self.relation_ids.insert(id.clone());
        let at = at.min(self.relations.len());
        self.relations.insert(at, r);
        out.relations_at(at);
        Ok(Command::RemoveRelation(id))
    }

    pub(super) fn remove_relation(
        &mut self,
        id: RelationId,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        let i = self
            .relations
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(|| CommandError::NoRelation(id.clone()))?;
        out.relations_at(i);
        self.relation_ids.remove(&id);
        Ok(Command::InsertRelation(i, self.relations.remove(i)))
    }

    /// Removes the relations `id` takes part in; returns the commands that
    /// put them back where they were (in ascending position).
    pub(super) fn drop_relations_of(
        &mut self,
        id: &AnnotationId,
        out: &mut Applied,
    ) -> Vec<Command> {
        if !self.relations.iter().any(|r| r.touches(id)) {
            return Vec::new();
        }
        let mut kept = Vec::with_capacity(self.relations.len());
        let mut back = Vec::new();
        for (i, r) in std::mem::take(&mut self.relations).into_iter().enumerate() {
            if r.touches(id) {
                self.relation_ids.remove(&r.id);
                if back.is_empty() {
                    out.relations_at(i);
                }
                back.push(Command::InsertRelation(i, r));
            } else {
                kept.push(r);
            }
        }
        self.relations = kept;
        back
    }
}

/// `first`, followed by the commands that restore its relations, as one
/// command.
pub(super) fn with_links(first: Command, links: Vec<Command>) -> Command {
    if links.is_empty() {
        first
    } else {
        let mut all = Vec::with_capacity(links.len() + 1);
        all.push(first);
        all.extend(links);
        Command::Batch(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Tag, Unplaced, Unplacement};
    use crate::relation::RelationKind;
    use crate::testing::{ann, doc, ts};

    fn id(s: &str) -> AnnotationId {
        AnnotationId::new(s).unwrap()
    }

    fn link(rid: &str, from: &str, to: &str) -> Relation {
        Relation {
            id: RelationId::new(rid).unwrap(),
            kind: RelationKind::attributed_to(),
            from: id(from),
            to: id(to),
            note: String::new(),
            created: ts("00"),
        }
    }

    fn sample() -> Document {
        let mut d = doc("“We are ready,” said Marta. She left. “Later,” she said.");
        for (a, tag, s, e) in [
            ("q1", Tag::Quote, 0, 15),
            ("s", Tag::Source, 21, 26),
            ("q2", Tag::Quote, 38, 46),
        ] {
            d.apply(Command::Add(ann(a, tag, s, e))).unwrap();
        }
        d
    }

    #[test]
    fn relations_link_existing_annotations_only() {
        let mut d = sample();
        let before = d.clone();
        assert_eq!(
            d.apply(Command::AddRelation(link("r", "q1", "nobody"))),
            Err(CommandError::MissingEnd(id("nobody")))
        );
        assert_eq!(
            d.apply(Command::AddRelation(link("r", "q1", "q1"))),
            Err(CommandError::SameEnds)
        );
        assert_eq!(d, before);
        let added = d
            .apply(Command::AddRelation(link("r1", "q1", "s")))
            .unwrap();
        assert!(added.relations && added.paragraphs.is_empty());
        assert_eq!(
            d.apply(Command::AddRelation(link("r1", "q2", "s"))),
            Err(CommandError::DuplicateRelation(
                RelationId::new("r1").unwrap()
            ))
        );
        d.apply(Command::AddRelation(link("r2", "q2", "s")))
            .unwrap();
        let source = id("s");
        let of_source: Vec<&str> = d.relations_of(&source).map(|r| r.id.as_str()).collect();
        assert_eq!(of_source, ["r1", "r2"], "one source, many quotes");
        assert_eq!(d.relations_of(&id("q2")).count(), 1);
        d.apply(added.inverse).unwrap();
        assert_eq!(d.relations()[0].id.as_str(), "r2");
    }

    #[test]
    fn removing_an_annotation_removes_its_relations_and_undo_restores_both() {
        let mut d = sample();
        for (r, from) in [("r1", "q1"), ("r2", "q2")] {
            d.apply(Command::AddRelation(link(r, from, "s"))).unwrap();
        }
        d.apply(Command::AddRelation(link("r3", "q2", "q1")))
            .unwrap();
        let before = d.clone();
        let removed = d.apply(Command::Remove(id("s"))).unwrap();
        assert!(removed.relations);
        assert_eq!(d.relations().len(), 1);
        assert_eq!(d.relations()[0].id.as_str(), "r3");
        d.apply(removed.inverse).unwrap();
        assert_eq!(d, before, "the source and both links, in their places");
        // Removing a relation alone, and undoing it, keeps the order too.
        let gone = d
            .apply(Command::RemoveRelation(RelationId::new("r2").unwrap()))
            .unwrap();
        assert_eq!(d.relations().len(), 2);
        d.apply(gone.inverse).unwrap();
        assert_eq!(d, before);
        assert!(d
            .apply(Command::RemoveRelation(RelationId::new("r9").unwrap()))
            .is_err());
    }

    #[test]
    fn unplaced_annotations_keep_their_relations_until_removed() {
        let mut d = sample();
        d.apply(Command::AddUnplaced(Unplaced {
            id: id("u"),
            tag: Tag::Quote,
            exact: "gone".into(),
            prefix: String::new(),
            suffix: String::new(),
            note: String::new(),
            created: ts("00"),
            modified: ts("00"),
            why: Unplacement::Orphaned,
            attributes: Default::default(),
        }))
        .unwrap();
        d.apply(Command::AddRelation(link("r", "u", "s"))).unwrap();
        let before = d.clone();
        // A batch that fails puts the cascade back too.
        assert!(d
            .apply(Command::Batch(vec![
                Command::RemoveUnplaced(id("u")),
                Command::Remove(id("zzz")),
            ]))
            .is_err());
        assert_eq!(d, before);
        let removed = d.apply(Command::RemoveUnplaced(id("u"))).unwrap();
        assert!(d.relations().is_empty());
        d.apply(removed.inverse).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn replacing_an_annotation_keeps_its_relations() {
        let mut d = sample();
        d.apply(Command::AddRelation(link("r", "q1", "s"))).unwrap();
        let mut retagged = ann("q1", Tag::Claim, 0, 15);
        retagged.note = "checked".into();
        d.apply(Command::Replace(retagged)).unwrap();
        assert_eq!(d.relations().len(), 1);
    }
}
