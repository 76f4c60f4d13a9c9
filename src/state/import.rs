//! An import from another tool: proposed with its summary, then carried out
//! as one undo step or dropped.

use super::{AppState, Outcome, Panel};
use crate::texts;
use marginalia_core::import::{Effect, ImportPlan, Summary};
use marginalia_core::{Command, DocumentId, Timestamp};
use std::rc::Rc;

/// An import read and placed on the open document's text, shown to the
/// user before anything changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingImport {
    /// The file name(s) it came from.
    pub name: String,
    /// The stem of its first file's name (the title of its article when
    /// opened as a new document and the file names none).
    pub stem: String,
    /// Where its annotations go on the open document (and the file's own
    /// article text, when it has one).
    pub plan: Rc<ImportPlan>,
    /// The counts to show.
    pub summary: Summary,
    /// The open document it was planned against.
    pub document: DocumentId,
    /// What "add" would do (duplicates skipped, labels added).
    pub merge: Effect,
    /// How many annotations (placed or not) the document has now
    /// ("replace" removes them).
    pub existing: usize,
}

impl AppState {
    /// Shows an import's summary and waits for the user's decision.
    pub(super) fn propose_import(&mut self, pending: Rc<PendingImport>) -> Outcome {
        self.pending_import = Some(pending);
        self.panel = Panel::Import;
        Outcome::Changed
    }

    /// Carries out the pending import as `command` (one undo step), unless
    /// the open document changed since it was planned.
    pub(super) fn apply_import(
        &mut self,
        command: Command,
        notice: String,
        now: Timestamp,
    ) -> Outcome {
        let planned_for = self
            .pending_import
            .take()
            .map(|pending| pending.document.clone());
        self.panel = Panel::Closed;
        if self.frozen || planned_for.as_ref() != Some(&self.with_doc(|doc| doc.id().clone())) {
            self.alert(texts::IMPORT_NOT_MADE.into());
            return Outcome::Changed;
        }
        if self.execute(command, None, now).is_some() {
            self.selected = None;
            self.notice(notice);
        }
        Outcome::Changed
    }

    /// Drops the pending import.
    pub(super) fn cancel_import(&mut self) -> Outcome {
        if self.pending_import.is_none() && self.panel != Panel::Import {
            return Outcome::Unchanged;
        }
        self.pending_import = None;
        self.panel = Panel::Closed;
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, ts};
    use super::super::{Action, Panel};
    use super::PendingImport;
    use marginalia_core::import::{Effect, Mode};
    use marginalia_core::{AnnotationId, DocumentId, Selector, Tag, TextQuote};
    use marginalia_interop::plan::plan;
    use marginalia_interop::{ForeignAnnotation, ForeignFile, FormatKind};
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn an_import_waits_for_confirmation_and_is_one_undo_step() {
        let s = state();
        let file = ForeignFile {
            format: FormatKind::W3c,
            text: None,
            title: None,
            source: None,
            annotations: vec![ForeignAnnotation {
                id: Some("w1".into()),
                label: "quote".into(),
                selector: Selector {
                    position: None,
                    quote: Some(TextQuote {
                        exact: "Gamma".into(),
                        prefix: String::new(),
                        suffix: String::new(),
                    }),
                },
                note: "n".into(),
                ..ForeignAnnotation::default()
            }],
            relations: Vec::new(),
            warnings: Vec::new(),
            codebook: None,
        };
        let p = s.with_doc(|d| plan(d.text(), &file));
        let pending = Rc::new(PendingImport {
            name: "f".into(),
            summary: p.summary(),
            stem: "f".into(),
            plan: Rc::new(p),
            document: DocumentId::new("x").unwrap(),
            merge: Effect {
                placed: 1,
                ..Effect::default()
            },
            existing: 0,
        });
        let s = s.reduce(Action::ProposeImport(pending.clone()));
        assert_eq!(s.panel, Panel::Import);
        assert_eq!(
            s.with_doc(|d| d.len()),
            0,
            "nothing changes before confirming"
        );
        let (command, added) = s.with_doc(|d| {
            pending.plan.command(d, Mode::Merge, &ts("02"), &mut || {
                AnnotationId::new("fresh").unwrap()
            })
        });
        assert_eq!(added.placed, 1);
        let s = s.reduce(Action::ApplyImport {
            command: command.clone(),
            notice: "Added".into(),
            now: ts("02"),
        });
        assert_eq!(s.panel, Panel::Closed);
        assert!(s.pending_import.is_none());
        let a = s.with_doc(|d| d.annotations().next().cloned()).unwrap();
        assert_eq!(
            (a.id.as_str(), a.tag, a.note.as_str()),
            ("w1", Tag::Quote, "n")
        );
        let s = s.reduce(Action::Undo(ts("03")));
        assert_eq!(s.with_doc(|d| d.len()), 0, "one undo step");

        // Planned for another document: refused, nothing changes.
        let other = Rc::new(PendingImport {
            document: DocumentId::new("elsewhere").unwrap(),
            ..PendingImport::clone(&pending)
        });
        let s = s.reduce(Action::ProposeImport(other));
        let s = s.reduce(Action::ApplyImport {
            command,
            notice: "Added".into(),
            now: ts("04"),
        });
        assert_eq!(s.with_doc(|d| d.len()), 0);
        assert!(s.alerts.iter().any(|m| m.text.contains("not made")));
    }
}
