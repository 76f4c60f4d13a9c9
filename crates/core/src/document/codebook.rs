//! The document's codebook: reading it, replacing it, and renaming a label
//! everywhere (annotations, unplaced ones, the codebook) in one command.

use super::{Applied, Command, CommandError, Document};
use crate::annotation::{Label, Tag};
use crate::codebook::Codebook;

impl Document {
    /// What its labels are and how they link.
    pub fn codebook(&self) -> &Codebook {
        &self.codebook
    }

    /// The one command that deletes `label`: every annotation with it
    /// (placed or not, with their relations), its codebook entry, and the
    /// label itself; undone in one step.
    pub fn delete_label(&self, label: &Label) -> Command {
        let tag = Tag::Other(label.clone());
        let mut commands: Vec<Command> = self
            .annotations()
            .filter(|a| a.tag == tag)
            .map(|a| Command::Remove(a.id.clone()))
            .collect();
        commands.extend(
            self.unplaced
                .iter()
                .filter(|u| u.tag == tag)
                .map(|u| Command::RemoveUnplaced(u.id.clone())),
        );
        if self.codebook.def(&tag).is_some() {
            commands.push(Command::SetCodebook(Box::new(self.codebook.without(&tag))));
        }
        commands.push(Command::RemoveLabel(label.clone()));
        Command::Batch(commands)
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
        for a in self.annotations.values_mut().filter(|a| a.tag == old) {
            a.tag = new.clone();
            out.annotations.push(a.id.clone());
            // (Its chunk is written again.)
            out.paragraphs
                .push(self.text.paragraphs_touched(a.start, a.end));
        }
        for u in self.unplaced.iter_mut().filter(|u| u.tag == old) {
            u.tag = new.clone();
            out.unplaced = true;
        }
        self.codebook = self.codebook.renamed(&old, &new);
        out.labels = true;
        out.codebook = true;
        // (Only the renamed annotations' paragraphs, pushed above, change.)
        Ok(Command::RenameLabel(to, from))
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
        let done = d.apply(d.delete_label(&label("Cue"))).unwrap();
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
}
