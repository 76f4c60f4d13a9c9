//! The document's codebook: reading it, replacing it, which tags it shows,
//! and renaming or deleting a tag (Marginalia's three too) everywhere
//! (annotations, unplaced ones, the codebook) in one command.

use super::{Applied, Command, CommandError, Document};
use crate::annotation::{Label, Tag};
use crate::codebook::Codebook;

impl Document {
    /// What its labels are and how they link.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The one command that deletes `tag`: every annotation with it
    /// (placed or not, with their relations), its codebook entry, and, for
    /// a label, the label itself; undone in one step. One of Marginalia's
    /// three, once the codebook leaves it out and nothing uses it, is no
    /// longer shown ([`Document::shown_tags`]).
    pub fn delete_label(&self, tag: &Tag) -> Command {
        let mut commands: Vec<Command> = self
            .annotations()
            .filter(|a| &a.tag == tag)
            .map(|a| Command::Remove(a.id.clone()))
            .collect();
        commands.extend(
            self.unplaced
                .iter()
                .filter(|u| &u.tag == tag)
                .map(|u| Command::RemoveUnplaced(u.id.clone())),
        );
        if self.codebook.def(tag).is_some() {
            commands.push(Command::SetCodebook(Box::new(self.codebook.without(tag))));
        }
        if let Tag::Other(label) = tag {
            commands.push(Command::RemoveLabel(label.clone()));
        }
        Command::Batch(commands)
    }

    /// The one command that renames `from` to `to` everywhere (annotations
    /// placed or not, the codebook, relation ends), undone in one step. A
    /// label is renamed in place; one of Marginalia's three renamed becomes
    /// a label (after the others) with the tag's colour, key and
    /// attributes; a label renamed to one of the three (which must be
    /// unused and left out of the codebook) becomes that tag.
    pub fn rename_tag(&self, from: &Tag, to: Tag) -> Command {
        match (from, to) {
            (Tag::Other(a), Tag::Other(b)) => Command::RenameLabel(a.clone(), b),
            (Tag::Other(a), to) => Command::Batch(vec![
                Command::RetagAll(from.clone(), to),
                Command::RemoveLabel(a.clone()),
            ]),
            (_, Tag::Other(b)) => Command::Batch(vec![
                Command::AddLabel(b.clone()),
                Command::RetagAll(from.clone(), Tag::Other(b)),
            ]),
            (_, to) => Command::RetagAll(from.clone(), to),
        }
    }

    /// The tags the document shows (toolbar, panels, keys, and the configs
    /// written for other tools), each with its place in
    /// [`Document::tags`]: those the codebook describes, in its order, then
    /// the other labels and any of Marginalia's three still in use. One of
    /// the three that the codebook leaves out and nothing uses was deleted
    /// or renamed, and is not shown.
    pub fn shown_tags(&self) -> Vec<(usize, Tag)> {
        let mut shown: Vec<(usize, Tag)> = self
            .codebook
            .labels
            .iter()
            .filter_map(|d| self.slot(&d.name).map(|i| (i, d.name.clone())))
            .collect();
        for (i, t) in self.tags().into_iter().enumerate() {
            if self.codebook.def(&t).is_none() && (!t.is_builtin() || self.uses(&t) > 0) {
                shown.push((i, t));
            }
        }
        shown
    }

    /// The one command that makes `codebook` the document's: the labels it
    /// describes that the label set lacks are added first.
    pub fn adopt_codebook(&self, codebook: Codebook) -> Command {
        let mut commands: Vec<Command> = codebook
            .own_labels()
            .filter(|l| self.slot(&Tag::Other((*l).clone())).is_none())
            .map(|l| Command::AddLabel(l.clone()))
            .collect();
        commands.push(Command::SetCodebook(Box::new(codebook)));
        Command::Batch(commands)
    }

    /// How many annotations (placed or not) have `tag`.
    pub fn uses(&self, tag: &Tag) -> usize {
        self.count(tag) + self.unplaced.iter().filter(|u| &u.tag == tag).count()
    }

    pub(super) fn set_codebook(
        &mut self,
        codebook: Codebook,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        codebook.check()?;
        if let Some(d) = codebook
            .labels
            .iter()
            .find(|d| self.slot(&d.name).is_none())
        {
            return Err(CommandError::UnknownLabel(d.name.as_str().into()));
        }
        let old = std::mem::replace(&mut self.codebook, codebook);
        out.codebook = true;
        // Colours reach the page as style rules and keys the toolbar; only
        // a changed letter is drawn in the paragraphs.
        let tags = self.tags();
        if tags
            .iter()
            .any(|t| old.letter_of(t) != self.codebook.letter_of(t))
        {
            out.paragraphs.push(0..self.by_paragraph.len());
        }
        Ok(Command::SetCodebook(Box::new(old)))
    }

    pub(super) fn rename_label(
        &mut self,
        from: Label,
        to: Label,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        let at = self
            .labels
            .iter()
            .position(|l| l == &from)
            .ok_or_else(|| CommandError::UnknownLabel(from.as_str().into()))?;
        if self
            .labels
            .iter()
            .any(|l| l != &from && l.token() == to.token())
        {
            return Err(CommandError::DuplicateLabel(to.as_str().into()));
        }
        let (old, new) = (Tag::Other(from.clone()), Tag::Other(to.clone()));
        self.labels[at] = to.clone();
        self.move_tag(&old, &new, out);
        out.labels = true;
        Ok(Command::RenameLabel(to, from))
    }

    pub(super) fn retag_all(
        &mut self,
        from: Tag,
        to: Tag,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        let unknown = |t: &Tag| CommandError::UnknownLabel(t.as_str().into());
        let slot = self.slot(&from).ok_or_else(|| unknown(&from))?;
        let target = self.slot(&to).ok_or_else(|| unknown(&to))?;
        if from == to {
            return Ok(Command::RetagAll(to, from));
        }
        if self.uses(&to) > 0 || self.codebook.def(&to).is_some() {
            return Err(CommandError::DuplicateLabel(to.as_str().into()));
        }
        self.counts[target] = std::mem::take(&mut self.counts[slot]);
        self.move_tag(&from, &to, out);
        out.labels = true;
        Ok(Command::RetagAll(to, from))
    }

    /// Gives every annotation, placed or not, with tag `old` tag `new`, and
    /// renames it in the codebook (its entry and relation ends).
    fn move_tag(&mut self, old: &Tag, new: &Tag, out: &mut Applied) {
        for a in self.annotations.values_mut().filter(|a| &a.tag == old) {
            a.tag = new.clone();
            out.annotations.push(a.id.clone());
            // (Its chunk is written again; only these paragraphs change.)
            out.paragraphs
                .push(self.text.paragraphs_touched(a.start, a.end));
        }
        for u in self.unplaced.iter_mut().filter(|u| &u.tag == old) {
            u.tag = new.clone();
            out.unplaced = true;
        }
        self.codebook = self.codebook.renamed(old, new);
        out.codebook = true;
    }
}

#[cfg(test)]
mod tests {
    use crate::annotation::{Label, Tag};
    use crate::codebook::Codebook;
    use crate::document::{Command, CommandError};
    use crate::testing::{ann, doc};

    fn label(s: &str) -> Label {
        Label::new(s).unwrap()
    }

    #[test]
    fn a_template_is_applied_with_its_labels_and_undone_in_one_step() {
        let mut d = doc("Officials said the sea was calm.");
        let bare = Command::SetCodebook(Box::new(Codebook::attribution()));
        assert_eq!(
            d.apply(bare),
            Err(CommandError::UnknownLabel("Cue".into())),
            "its Cue label must be in the label set first"
        );
        let apply = Command::Batch(vec![
            Command::AddLabel(label("Cue")),
            Command::SetCodebook(Box::new(Codebook::attribution())),
        ]);
        let applied = d.apply(apply).unwrap();
        assert!(applied.codebook && applied.labels);
        assert_eq!(d.codebook(), &Codebook::attribution());
        assert_eq!(d.tags().len(), 4);
        d.apply(applied.inverse).unwrap();
        assert_eq!(d.codebook(), &Codebook::default());
        assert!(d.labels().is_empty());
    }

    #[test]
    fn deleting_a_label_in_use_takes_its_annotations_and_entry_and_comes_back() {
        let mut d = doc("Officials said the sea was calm.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(label("Cue")),
            Command::SetCodebook(Box::new(Codebook::attribution())),
            Command::Add(ann("c", Tag::Other(label("Cue")), 10, 14)),
            Command::Add(ann("q", Tag::Quote, 15, 31)),
        ]))
        .unwrap();
        assert_eq!(
            d.apply(Command::RemoveLabel(label("Cue"))),
            Err(CommandError::LabelInUse("Cue".into()))
        );
        let cue = Tag::Other(label("Cue"));
        assert_eq!(d.uses(&cue), 1);
        let before = d.clone();
        let done = d.apply(d.delete_label(&cue)).unwrap();
        assert!(d.labels().is_empty() && d.len() == 1);
        assert_eq!(
            d.codebook().relations.len(),
            2,
            "cue of went with its label"
        );
        d.apply(done.inverse).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn renaming_a_label_renames_its_annotations_and_the_codebook_in_place() {
        let mut d = doc("Officials said the sea was calm.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(label("Cue")),
            Command::AddLabel(label("Other")),
            Command::SetCodebook(Box::new(Codebook::attribution())),
            Command::Add(ann("c", Tag::Other(label("Cue")), 10, 14)),
            Command::Add(ann("q", Tag::Quote, 15, 31)),
        ]))
        .unwrap();
        let renamed = d
            .apply(Command::RenameLabel(label("Cue"), label("Speech verb")))
            .unwrap();
        let verb = Tag::Other(label("Speech verb"));
        assert_eq!(
            d.labels(),
            [label("Speech verb"), label("Other")],
            "in place"
        );
        assert_eq!(
            d.annotation(&crate::AnnotationId::new("c").unwrap())
                .unwrap()
                .tag,
            verb
        );
        assert_eq!(d.count(&verb), 1);
        assert_eq!(d.codebook().labels[3].name, verb);
        assert_eq!(d.codebook().relations[2].from, vec![verb.clone()]);
        assert_eq!(renamed.annotations.len(), 1);
        assert_eq!(
            d.apply(Command::RenameLabel(label("Other"), label("Speech_verb"))),
            Err(CommandError::DuplicateLabel("Speech_verb".into()))
        );
        d.apply(renamed.inverse).unwrap();
        let cue = Tag::Other(label("Cue"));
        assert_eq!(d.count(&cue), 1);
        assert_eq!(d.codebook(), &Codebook::attribution());
    }

    #[test]
    fn a_builtin_tag_renamed_becomes_a_label_with_its_entry_and_comes_back() {
        let mut d = doc("Officials said the sea was calm.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(label("Cue")),
            Command::SetCodebook(Box::new(Codebook::attribution())),
            Command::Add(ann("q", Tag::Quote, 15, 31)),
            Command::Add(ann("s", Tag::Source, 0, 9)),
        ]))
        .unwrap();
        let before = d.clone();
        let speech = Tag::Other(label("Speech"));
        let done = d.apply(d.rename_tag(&Tag::Quote, speech.clone())).unwrap();
        assert_eq!(d.count(&speech), 1);
        assert_eq!(d.count(&Tag::Quote), 0);
        let def = d.codebook().def(&speech).expect("the entry follows");
        assert_eq!(def.key, before.codebook().def(&Tag::Quote).unwrap().key);
        assert!(!def.attributes.is_empty(), "with its attributes");
        assert!(d
            .codebook()
            .relations
            .iter()
            .any(|r| r.from.contains(&speech)));
        let shown: Vec<Tag> = d.shown_tags().into_iter().map(|(_, t)| t).collect();
        assert!(!shown.contains(&Tag::Quote), "the renamed tag is not shown");
        let at = shown.iter().position(|t| t == &speech).unwrap();
        assert_eq!(at, 2, "in the codebook's order, where Quote was");
        assert_eq!(
            d.shown_tags()[at].0,
            d.slot(&speech).unwrap(),
            "with its place in the tags"
        );
        // And back to a built-in tag, which is free again.
        let back = d.apply(d.rename_tag(&speech, Tag::Quote)).unwrap();
        assert_eq!(d, before);
        d.apply(back.inverse).unwrap();
        d.apply(done.inverse).unwrap();
        assert_eq!(d, before);
    }

    #[test]
    fn a_builtin_tag_in_use_is_not_a_rename_target() {
        let mut d = doc("Officials said the sea was calm.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(label("Cue")),
            Command::Add(ann("q", Tag::Quote, 15, 31)),
            Command::Add(ann("c", Tag::Other(label("Cue")), 10, 14)),
        ]))
        .unwrap();
        let before = d.clone();
        assert_eq!(
            d.apply(d.rename_tag(&Tag::Other(label("Cue")), Tag::Quote)),
            Err(CommandError::DuplicateLabel("quote".into()))
        );
        assert_eq!(
            d.apply(d.rename_tag(&Tag::Quote, Tag::Claim)),
            Err(CommandError::DuplicateLabel("claim".into())),
            "claim is still described by the codebook"
        );
        assert_eq!(d, before, "nothing half done");
    }

    #[test]
    fn a_builtin_tag_deleted_takes_its_annotations_and_is_no_longer_shown() {
        let mut d = doc("Officials said the sea was calm.");
        d.apply(Command::Add(ann("c", Tag::Claim, 15, 31))).unwrap();
        let before = d.clone();
        let done = d.apply(d.delete_label(&Tag::Claim)).unwrap();
        assert_eq!(d.len(), 0);
        assert!(d.codebook().def(&Tag::Claim).is_none());
        assert_eq!(
            d.codebook().relations[0].from,
            [Tag::Quote],
            "attributed to keeps its other end"
        );
        let shown: Vec<(usize, Tag)> = d.shown_tags();
        assert_eq!(shown, [(1, Tag::Source), (2, Tag::Quote)]);
        // An import that brings a claim shows it again.
        d.apply(Command::Add(ann("c2", Tag::Claim, 0, 9))).unwrap();
        assert_eq!(d.shown_tags().last(), Some(&(0, Tag::Claim)));
        d.apply(Command::Remove(crate::AnnotationId::new("c2").unwrap()))
            .unwrap();
        d.apply(done.inverse).unwrap();
        assert_eq!(d, before);
        assert_eq!(d.shown_tags().len(), 3);
    }
}
