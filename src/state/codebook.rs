//! Editing the open document's codebook (the **Codebook** panel): replacing
//! it (a template, an imported file, or one field changed), renaming a
//! label everywhere, deleting a label with its annotations. Each is one
//! undo step.

use super::{AppState, Outcome};
use crate::texts;
use marginalia_core::{Codebook, Command, Tag, Timestamp};

impl AppState {
    /// Makes `codebook` the document's, adding to the label set the labels
    /// it describes that are not there yet.
    pub(super) fn set_codebook(&mut self, codebook: Codebook, now: Timestamp) -> Outcome {
        if self.with_doc(|doc| doc.codebook() == &codebook) {
            return Outcome::Unchanged;
        }
        let name = codebook.name.clone();
        let command = self.with_doc(|doc| doc.adopt_codebook(codebook));
        if self.execute(command, None, now).is_some() {
            self.notice(texts::codebook_changed(&name));
        }
        Outcome::Changed
    }

    /// Renames tag `from` to `to` (trimmed) everywhere; one of
    /// Marginalia's three becomes a label, and a label may take the name of
    /// one of the three that is free.
    pub(super) fn rename_label(&mut self, from: Tag, to: String, now: Timestamp) -> Outcome {
        let to = match Tag::parse_any(to.trim()) {
            Ok(t) if t == from => return Outcome::Unchanged,
            Ok(t) => t,
            Err(e) => return self.notice(texts::cannot_rename(from.label(), &e)),
        };
        let name = to.label().to_string();
        let command = self.with_doc(|doc| doc.rename_tag(&from, to));
        if self.execute(command, None, now).is_some() {
            self.notice(texts::label_renamed(from.label(), &name));
        }
        Outcome::Changed
    }

    /// Sets (or clears) attribute `name` of annotation `id`: one undo step.
    pub(super) fn set_attribute(
        &mut self,
        id: marginalia_core::AnnotationId,
        name: String,
        value: Option<String>,
        now: Timestamp,
    ) -> Outcome {
        let Some(mut a) = self.with_doc(|doc| doc.annotation(&id).cloned()) else {
            return Outcome::Unchanged;
        };
        let before = a.attributes.clone();
        match value {
            Some(v) => a.attributes.insert(name, v),
            None => a.attributes.remove(&name),
        };
        if a.attributes == before {
            return Outcome::Unchanged;
        }
        a.modified = now.clone();
        self.execute(Command::Replace(a), None, now);
        Outcome::Changed
    }

    /// Deletes `tag` with every annotation that has it (the panel asks
    /// first when there are some).
    pub(super) fn delete_label(&mut self, tag: Tag, now: Timestamp) -> Outcome {
        let (command, uses) = self.with_doc(|doc| (doc.delete_label(&tag), doc.uses(&tag)));
        if self.execute(command, None, now).is_some() {
            self.notice(texts::label_deleted(tag.label(), uses));
        }
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag, ts};
    use super::super::Action;
    use marginalia_core::{Codebook, Label, Tag};
    use yew::Reducible;

    fn label(s: &str) -> Label {
        Label::new(s).unwrap()
    }

    #[test]
    fn an_attribute_value_is_set_cleared_and_undone() {
        let s = tag(&state(), 2, 7, Tag::Quote, "q");
        let id = marginalia_core::AnnotationId::new("q").unwrap();
        let get =
            |s: &super::AppState| s.with_doc(|d| d.annotation(&id).unwrap().attributes.clone());
        let s = s.reduce(Action::SetAttribute(
            id.clone(),
            "kind".into(),
            Some("direct".into()),
            ts("02"),
        ));
        assert_eq!(get(&s).get("kind").map(String::as_str), Some("direct"));
        let same = s.clone().reduce(Action::SetAttribute(
            id.clone(),
            "kind".into(),
            Some("direct".into()),
            ts("03"),
        ));
        assert!(std::rc::Rc::ptr_eq(&same, &s));
        let s = s.reduce(Action::SetAttribute(
            id.clone(),
            "kind".into(),
            None,
            ts("04"),
        ));
        assert!(get(&s).is_empty());
        let s = s.reduce(Action::Undo(ts("05")));
        assert_eq!(get(&s).len(), 1);
    }

    #[test]
    fn a_template_then_a_rename_then_a_delete_each_undo_in_one_step() {
        let s = state().reduce(Action::SetCodebook(
            Box::new(Codebook::attribution()),
            ts("01"),
        ));
        assert_eq!(s.with_doc(|d| d.labels().to_vec()), [label("Cue")]);
        let cue = Tag::Other(label("Cue"));
        let s = tag(&s, 14, 19, cue.clone(), "c");
        let s = s.reduce(Action::RenameLabel(
            cue.clone(),
            " Speech verb ".into(),
            ts("02"),
        ));
        let verb = Tag::Other(label("Speech verb"));
        assert_eq!(s.with_doc(|d| d.count(&verb)), 1);
        assert!(s.status.as_ref().unwrap().text.contains("Speech verb"));
        let s = s.reduce(Action::RenameLabel(verb.clone(), "  ".into(), ts("03")));
        assert_eq!(s.with_doc(|d| d.count(&verb)), 1, "a blank name is refused");
        let s = s.reduce(Action::DeleteLabel(verb.clone(), ts("04")));
        assert_eq!(s.with_doc(|d| (d.len(), d.labels().len())), (0, 0));
        assert!(s.status.as_ref().unwrap().text.contains("1 annotation"));
        let s = s.reduce(Action::Undo(ts("05")));
        assert_eq!(s.with_doc(|d| d.count(&verb)), 1);
        let s = s.reduce(Action::Undo(ts("06")));
        assert_eq!(s.with_doc(|d| d.count(&cue)), 1);
        let s = s.reduce(Action::Undo(ts("07")));
        let s = s.reduce(Action::Undo(ts("08")));
        assert_eq!(s.with_doc(|d| d.codebook().clone()), Codebook::default());
        assert!(s.with_doc(|d| d.labels().is_empty()));
    }
}
