//! The annotators a document's annotations name: their names, kept with
//! the document (storage head, Marginalia JSON), replaced in one command.

use super::{Command, CommandError, Document};
use crate::annotator::{Annotator, AnnotatorId};

impl Document {
    /// The annotators its annotations name, in the order they were first
    /// recorded.
    pub fn annotators(&self) -> &[Annotator] {
        &self.annotators
    }

    /// The annotator with this id, if the document knows them.
    pub fn annotator(&self, id: &AnnotatorId) -> Option<&Annotator> {
        self.annotators.iter().find(|a| &a.id == id)
    }

    /// The command that records `who` (added, or their name updated), or
    /// `None` when the document already knows them by that name.
    pub fn record_annotator(&self, who: &Annotator) -> Option<Command> {
        if self.annotator(&who.id) == Some(who) {
            return None;
        }
        let mut list = self.annotators.clone();
        match list.iter_mut().find(|a| a.id == who.id) {
            Some(a) => a.name = who.name.clone(),
            None => list.push(who.clone()),
        }
        Some(Command::SetAnnotators(list))
    }

    pub(super) fn set_annotators(&mut self, list: Vec<Annotator>) -> Result<Command, CommandError> {
        let mut seen = std::collections::HashSet::new();
        if let Some(a) = list.iter().find(|a| !seen.insert(&a.id)) {
            return Err(CommandError::DuplicateAnnotator(a.id.to_string()));
        }
        Ok(Command::SetAnnotators(std::mem::replace(
            &mut self.annotators,
            list,
        )))
    }
}

#[cfg(test)]
mod tests {
    use crate::annotator::{Annotator, AnnotatorId};
    use crate::document::{Command, CommandError};
    use crate::testing::doc;

    #[test]
    fn an_annotator_is_recorded_renamed_and_undone() {
        let mut d = doc("Officials said so.");
        let ana = Annotator::new(AnnotatorId::new("a-1").unwrap(), "Ana");
        let add = d.record_annotator(&ana).unwrap();
        let done = d.apply(add).unwrap();
        assert_eq!(d.annotators(), std::slice::from_ref(&ana));
        assert!(d.record_annotator(&ana).is_none(), "known by that name");
        let renamed = Annotator::new(ana.id.clone(), "Ana Ruiz");
        d.apply(d.record_annotator(&renamed).unwrap()).unwrap();
        assert_eq!(d.annotator(&ana.id).unwrap().name, "Ana Ruiz");
        d.apply(done.inverse).unwrap();
        assert!(d.annotators().is_empty());
        assert_eq!(
            d.apply(Command::SetAnnotators(vec![ana.clone(), ana])),
            Err(CommandError::DuplicateAnnotator("a-1".into()))
        );
    }
}
