//! The app's state and the actions that change it. `reduce` delegates every
//! change of annotations to the core's [`Session`]; it performs no I/O
//! (saving and downloads happen in effects and handlers).

use crate::persist::Dirty;
use crate::view::{article_view, update_view, ArticleView, NearBlocks, BLOCK_SIZE};
use marginalia_core::interop::plan::{Effect, ImportPlan, Summary};
use marginalia_core::interop::ForeignFile;
use marginalia_core::store::chunk_of_paragraph;
use marginalia_core::{
    trim_span, Annotation, AnnotationId, Applied, Command, Document, DocumentId, Entry, Index,
    Label, Placement, Session, Tag, Timestamp,
};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;
use yew::Reducible;

/// The open document with its history, and what of it is not saved yet.
/// One per opened document: it is mutated in place by `reduce` (cloning a
/// large document per keystroke would not scale), and replaced when another
/// document is opened.
#[derive(Clone, Debug)]
pub struct Shared {
    session: Rc<RefCell<Session>>,
    /// Parts of the document changed since they were last written.
    pub dirty: Rc<RefCell<Dirty>>,
}

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
    }
}

impl Shared {
    fn new(doc: Document, fresh: bool) -> Self {
        Self {
            session: Rc::new(RefCell::new(Session::new(doc))),
            dirty: Rc::new(RefCell::new(Dirty {
                all: fresh,
                ..Dirty::default()
            })),
        }
    }

    /// The session, to read.
    pub fn borrow(&self) -> std::cell::Ref<'_, Session> {
        self.session.borrow()
    }

    fn borrow_mut(&self) -> std::cell::RefMut<'_, Session> {
        self.session.borrow_mut()
    }

    /// Notes the annotation chunks a change touched, to be saved.
    fn mark(&self, applied: &Applied) {
        let mut dirty = self.dirty.borrow_mut();
        for r in &applied.paragraphs {
            dirty.mark_chunk(chunk_of_paragraph(r.start));
        }
        dirty.head |= applied.labels;
        dirty.unplaced |= applied.unplaced;
    }
}

/// A message for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Identifies the message (to dismiss it).
    pub id: u64,
    /// What to say.
    pub text: String,
}

/// Which panel is open over the library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    /// None.
    Closed,
    /// The "paste or open an article" panel.
    Load,
    /// The summary of an import, waiting for the user's decision.
    Import,
}

/// An import read and placed on the open document's text, shown to the
/// user before anything changes.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingImport {
    /// The file name(s) it came from.
    pub name: String,
    /// What was read.
    pub file: Rc<ForeignFile>,
    /// Where its annotations go on the open document.
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

/// The annotation selected for editing, with the paragraphs it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// Its id.
    pub id: AnnotationId,
    /// Paragraph indices it touches.
    pub paragraphs: Range<usize>,
}

/// Everything the UI shows.
#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The open document.
    pub session: Shared,
    /// Counts changes to the open document; 0 means unchanged since it was
    /// read from storage (nothing to save).
    pub revision: u64,
    /// The article as rendered.
    pub article: Rc<ArticleView>,
    /// The blocks drawn with their highlights.
    pub near: NearBlocks,
    /// The annotation being edited.
    pub selected: Option<Selected>,
    /// An import waiting for confirmation.
    pub pending_import: Option<Rc<PendingImport>>,
    /// Saved documents.
    pub library: Rc<Index>,
    /// Errors (shown in a `role="alert"` region until dismissed).
    pub alerts: Rc<Vec<Message>>,
    /// The latest notice (shown in a `role="status"` region).
    pub status: Option<Message>,
    /// The open panel.
    pub panel: Panel,
    /// Bumped when the note editor gains focus, so that one stretch of
    /// typing is one undo step.
    pub note_edit: u64,
    /// Set when another tab changed the open document: this tab then stops
    /// editing and saving it, so neither tab overwrites the other.
    pub frozen: bool,
    next_message: u64,
}

/// Everything that can happen.
#[derive(Debug)]
pub enum Action {
    /// Tag the selected text `start..end` (code points; trimmed here).
    TagSpan {
        /// Selection start.
        start: usize,
        /// Selection end.
        end: usize,
        /// The tag.
        tag: Tag,
        /// Id for the new annotation.
        id: AnnotationId,
        /// Current time.
        now: Timestamp,
    },
    /// Change the selected annotation's tag.
    Retag(Tag, Timestamp),
    /// Set an annotation's note.
    SetNote(AnnotationId, String, Timestamp),
    /// Delete the selected annotation.
    DeleteSelected(Timestamp),
    /// Select an annotation (or none).
    Select(Option<AnnotationId>),
    /// A click on a highlight covered by these annotations.
    ClickHighlight(Vec<AnnotationId>),
    /// Undo the latest change.
    Undo(Timestamp),
    /// Redo the latest undone change.
    Redo(Timestamp),
    /// Open a document. `fresh` documents (new, imported) are saved at once;
    /// documents read from storage are not rewritten until changed.
    Open {
        /// The document.
        doc: Box<Document>,
        /// True when it is not in storage yet.
        fresh: bool,
        /// A notice to show.
        notice: Option<String>,
    },
    /// Remove a document from the library (its storage key is removed by
    /// the caller).
    Forget(DocumentId),
    /// Show an error.
    Alert(String),
    /// Show a notice.
    Notice(String),
    /// Dismiss an error.
    Dismiss(u64),
    /// Open or close a panel.
    ShowPanel(Panel),
    /// The note editor gained focus.
    NoteFocused,
    /// Another tab changed this stored document.
    ChangedElsewhere(DocumentId),
    /// Another tab changed the library index.
    LibraryChanged(Index),
    /// These blocks of the article came near the viewport: draw their
    /// highlights.
    Near(Vec<usize>),
    /// Show an import's summary and wait for the user's decision.
    ProposeImport(Rc<PendingImport>),
    /// Carry out the pending import as this command (one undo step).
    ApplyImport {
        /// The command (a batch of adds, and removals when replacing).
        command: Command,
        /// What to tell the user.
        notice: String,
        /// When.
        now: Timestamp,
    },
    /// Drop the pending import.
    CancelImport,
    /// Attach an unplaced annotation to this span (trimmed), which becomes
    /// its place.
    Attach {
        /// The unplaced annotation.
        id: AnnotationId,
        /// Start of the selected span, in code points.
        start: usize,
        /// End of the selected span.
        end: usize,
        /// When.
        now: Timestamp,
    },
    /// Delete an unplaced annotation.
    DeleteUnplaced(AnnotationId, Timestamp),
    /// Mark the selected annotation's place as checked (exact).
    ConfirmPlacement(Timestamp),
    /// Remove a label that nothing uses from the document's label set.
    RemoveLabel(Label, Timestamp),
}

impl AppState {
    /// The state showing `doc`, with the library `library` and startup
    /// messages.
    pub fn new(doc: Document, fresh: bool, library: Index, alerts: Vec<String>) -> Self {
        let mut s = Self {
            session: Shared::new(doc, fresh),
            revision: 0,
            article: Rc::new(ArticleView { blocks: Vec::new() }),
            near: NearBlocks::default(),
            selected: None,
            pending_import: None,
            library: Rc::new(library),
            alerts: Rc::new(Vec::new()),
            status: None,
            panel: Panel::Closed,
            note_edit: 0,
            frozen: false,
            next_message: 1,
        };
        s.opened(fresh);
        for a in alerts {
            s.alert(a);
        }
        s
    }

    /// Runs `f` with the open document.
    pub fn with_doc<R>(&self, f: impl FnOnce(&Document) -> R) -> R {
        f(self.session.borrow().doc())
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        self.session.borrow().can_undo()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        self.session.borrow().can_redo()
    }

    fn open(&mut self, doc: Document, fresh: bool) {
        self.session = Shared::new(doc, fresh);
        self.opened(fresh);
    }

    /// Resets the state around the document just put in `self.session`.
    fn opened(&mut self, fresh: bool) {
        self.near = NearBlocks::default();
        let mut library = Index::clone(&self.library);
        {
            let session = self.session.borrow();
            let doc = session.doc();
            self.article = Rc::new(article_view(doc, &self.near));
            library.upsert(Entry::of(doc));
            library.current = Some(doc.id().clone());
        }
        self.library = Rc::new(library);
        self.selected = None;
        self.pending_import = None;
        self.revision = u64::from(fresh);
        self.frozen = false;
    }

    fn alert(&mut self, text: String) {
        if self.alerts.iter().any(|m| m.text == text) {
            return;
        }
        let mut list = Vec::clone(&self.alerts);
        list.push(Message {
            id: self.next_message,
            text,
        });
        self.next_message += 1;
        self.alerts = Rc::new(list);
    }

    fn notice(&mut self, text: String) {
        self.status = Some(Message {
            id: self.next_message,
            text,
        });
        self.next_message += 1;
    }

    fn select(&mut self, id: Option<AnnotationId>) {
        let selected = {
            let session = self.session.borrow();
            id.and_then(|id| {
                let a = session.doc().annotation(&id)?;
                Some(Selected {
                    paragraphs: session.doc().text().paragraphs_touched(a.start, a.end),
                    id,
                })
            })
        };
        // The selected annotation's highlights are drawn wherever it is.
        if let Some(s) = &selected {
            let (first, last) = (
                s.paragraphs.start / BLOCK_SIZE,
                (s.paragraphs.end - 1) / BLOCK_SIZE,
            );
            self.show_blocks(&(first..=last).collect::<Vec<_>>());
        }
        self.selected = selected;
    }

    /// Draws the highlights of these blocks (rebuilding those that were
    /// plain text).
    fn show_blocks(&mut self, blocks: &[usize]) {
        let added = self.near.add(blocks);
        if added.is_empty() {
            return;
        }
        let paragraphs: Vec<Range<usize>> = added
            .iter()
            .map(|b| b * BLOCK_SIZE..(b + 1) * BLOCK_SIZE)
            .collect();
        let session = self.session.borrow();
        self.article = Rc::new(update_view(
            &self.article,
            session.doc(),
            &paragraphs,
            &self.near,
        ));
    }

    /// Records a change: rebuilds the touched paragraphs and the library entry.
    fn changed(&mut self, applied: &Applied) {
        self.session.mark(applied);
        let session = self.session.borrow();
        let doc = session.doc();
        self.article = Rc::new(update_view(
            &self.article,
            doc,
            &applied.paragraphs,
            &self.near,
        ));
        let mut library = Index::clone(&self.library);
        library.upsert(Entry::of(doc));
        self.library = Rc::new(library);
        self.revision += 1;
    }

    fn execute(
        &mut self,
        command: Command,
        merge: Option<&str>,
        now: Timestamp,
    ) -> Option<Applied> {
        let result = self.session.borrow_mut().execute(command, merge, now);
        match result {
            Ok(applied) => {
                self.changed(&applied);
                Some(applied)
            }
            Err(e) => {
                self.alert(format!("That change could not be made: {e}."));
                None
            }
        }
    }

    fn selected_annotation(&self) -> Option<Annotation> {
        let id = &self.selected.as_ref()?.id;
        self.session.borrow().doc().annotation(id).cloned()
    }

    fn tag_span(&mut self, start: usize, end: usize, tag: Tag, id: AnnotationId, now: Timestamp) {
        let span = self.with_doc(|d| {
            let (s, e) = trim_span(d.text(), start, end)?;
            let duplicate = d
                .annotations_in_paragraph(d.text().paragraph_at(s))
                .iter()
                .any(|a| (a.start, a.end, &a.tag) == (s, e, &tag));
            Some((s, e, duplicate))
        });
        match span {
            None => self.notice("Select some text (not only spaces) to tag it.".into()),
            Some((_, _, true)) => {
                self.notice(format!("That text is already tagged {}.", tag.label()))
            }
            Some((s, e, false)) => {
                let a = Annotation {
                    id: id.clone(),
                    tag,
                    start: s,
                    end: e,
                    note: String::new(),
                    created: now.clone(),
                    modified: now.clone(),
                    placement: Placement::Exact,
                };
                if self.execute(Command::Add(a), None, now).is_some() {
                    self.select(Some(id));
                    self.status = None;
                }
            }
        }
    }

    /// Gives the unplaced annotation `id` the span `start..end` (trimmed) as
    /// its place: one undo step.
    fn attach(&mut self, id: AnnotationId, start: usize, end: usize, now: Timestamp) {
        let found = self.with_doc(|d| {
            let u = d.unplaced_one(&id)?.clone();
            Some((u, trim_span(d.text(), start, end)))
        });
        let Some((u, span)) = found else { return };
        let Some((start, end)) = span else {
            self.notice("Select the text it belongs to in the article (not only spaces), then choose Attach.".into());
            return;
        };
        let a = Annotation {
            id: id.clone(),
            tag: u.tag,
            start,
            end,
            note: u.note,
            created: u.created,
            modified: now.clone(),
            placement: Placement::Exact,
        };
        let command = Command::Batch(vec![Command::RemoveUnplaced(id.clone()), Command::Add(a)]);
        if self.execute(command, None, now).is_some() {
            self.select(Some(id));
            self.notice("Attached to the selected text (Ctrl+Z undoes it).".into());
        }
    }

    /// The annotation to select for a click on a run covered by `ids`: the
    /// next one after the selected one when it is among them (repeated
    /// clicks cycle through overlapping annotations), else the shortest.
    fn pick(&self, ids: &[AnnotationId]) -> Option<AnnotationId> {
        let current = self.selected.as_ref().map(|s| &s.id);
        if let Some(i) = ids.iter().position(|id| Some(id) == current) {
            return ids.get((i + 1) % ids.len()).cloned();
        }
        self.with_doc(|d| {
            ids.iter()
                .filter_map(|id| d.annotation(id))
                .min_by_key(|a| (a.end - a.start, a.start))
                .map(|a| a.id.clone())
        })
    }

    fn after_history(&mut self, applied: Option<Applied>, what: &str) {
        match applied {
            Some(applied) => {
                self.changed(&applied);
                let focus = applied.annotations.last().cloned();
                self.select(focus);
                self.status = None;
            }
            None => self.notice(format!("Nothing to {what}.")),
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = AppState::clone(&self);
        let edits = matches!(
            action,
            Action::TagSpan { .. }
                | Action::Retag(..)
                | Action::SetNote(..)
                | Action::DeleteSelected(_)
                | Action::Undo(_)
                | Action::Redo(_)
                | Action::Attach { .. }
                | Action::DeleteUnplaced(..)
                | Action::ConfirmPlacement(_)
                | Action::RemoveLabel(..)
        );
        if edits && s.frozen {
            s.notice(
                "This document was changed in another tab; reload the page to edit it here.".into(),
            );
            return Rc::new(s);
        }
        match action {
            Action::TagSpan {
                start,
                end,
                tag,
                id,
                now,
            } => s.tag_span(start, end, tag, id, now),
            Action::Retag(tag, now) => {
                let Some(mut a) = s.selected_annotation() else {
                    s.notice(format!(
                        "Select text or an annotation first, then choose {}.",
                        tag.label()
                    ));
                    return Rc::new(s);
                };
                if a.tag == tag {
                    return self;
                }
                a.tag = tag;
                a.modified = now.clone();
                s.execute(Command::Replace(a), None, now);
            }
            Action::SetNote(id, note, now) => {
                let Some(mut a) = s.with_doc(|d| d.annotation(&id).cloned()) else {
                    return self;
                };
                if a.note == note {
                    return self;
                }
                a.note = note;
                a.modified = now.clone();
                let key = format!("note:{id}:{}", s.note_edit);
                s.execute(Command::Replace(a), Some(&key), now);
            }
            Action::Attach {
                id,
                start,
                end,
                now,
            } => s.attach(id, start, end, now),
            Action::DeleteUnplaced(id, now) => {
                if s.execute(Command::RemoveUnplaced(id), None, now).is_some() {
                    s.notice("Unplaced annotation deleted (Ctrl+Z brings it back).".into());
                }
            }
            Action::RemoveLabel(label, now) => {
                let name = label.as_str().to_string();
                if s.execute(Command::RemoveLabel(label), None, now).is_some() {
                    s.notice(format!("Label {name} removed (Ctrl+Z brings it back)."));
                }
            }
            Action::ConfirmPlacement(now) => {
                let Some(mut a) = s.selected_annotation() else {
                    return self;
                };
                if a.placement == Placement::Exact {
                    return self;
                }
                a.placement = Placement::Exact;
                a.modified = now.clone();
                s.execute(Command::Replace(a), None, now);
            }
            Action::DeleteSelected(now) => {
                let Some(a) = s.selected_annotation() else {
                    return self;
                };
                if s.execute(Command::Remove(a.id), None, now).is_some() {
                    s.selected = None;
                    s.notice("Annotation deleted (Ctrl+Z brings it back).".into());
                }
            }
            Action::Select(id) => {
                if s.selected.as_ref().map(|x| &x.id) == id.as_ref() {
                    return self;
                }
                s.select(id);
            }
            Action::ClickHighlight(ids) => {
                let id = s.pick(&ids);
                s.select(id);
            }
            Action::Undo(now) => {
                let applied = s.session.borrow_mut().undo(now);
                s.after_history(applied, "undo");
            }
            Action::Redo(now) => {
                let applied = s.session.borrow_mut().redo(now);
                s.after_history(applied, "redo");
            }
            Action::Open { doc, fresh, notice } => {
                s.open(*doc, fresh);
                s.panel = Panel::Closed;
                s.status = None;
                if let Some(n) = notice {
                    s.notice(n);
                }
            }
            Action::Forget(id) => {
                let mut library = Index::clone(&s.library);
                library.remove(&id);
                s.library = Rc::new(library);
            }
            Action::Alert(text) => s.alert(text),
            Action::Notice(text) => s.notice(text),
            Action::Dismiss(id) => {
                s.alerts = Rc::new(s.alerts.iter().filter(|m| m.id != id).cloned().collect());
            }
            Action::ShowPanel(panel) => {
                if s.panel == panel {
                    return self;
                }
                if panel != Panel::Import {
                    s.pending_import = None;
                }
                s.panel = panel;
            }
            Action::NoteFocused => s.note_edit += 1,
            Action::ChangedElsewhere(id) => {
                let title = s.with_doc(|d| (d.id() == &id).then(|| d.meta().title.clone()));
                let Some(title) = title else { return self };
                if s.frozen {
                    return self;
                }
                s.frozen = true;
                s.alert(format!(
                    "“{title}” was changed in another tab. So that neither tab overwrites the other, this tab no \
                     longer edits or saves it: reload the page to continue with the latest version, or export \
                     to keep what this tab shows."
                ));
            }
            Action::LibraryChanged(mut index) => {
                // Take the other tab's list, but keep this tab's open document
                // listed (and its own idea of which document is open).
                let (entry, id) = s.with_doc(|d| (Entry::of(d), d.id().clone()));
                if index.get(&id).is_none() && !s.frozen {
                    index.upsert(entry);
                }
                index.current = s.library.current.clone();
                if *s.library == index {
                    // Nothing new: answering with a save would start the
                    // tabs rewriting the index to each other forever.
                    return self;
                }
                s.library = Rc::new(index);
            }
            Action::Near(blocks) => {
                if blocks.iter().all(|&b| s.near.is_near(b)) {
                    return self;
                }
                s.show_blocks(&blocks);
            }
            Action::ProposeImport(pending) => {
                s.pending_import = Some(pending);
                s.panel = Panel::Import;
            }
            Action::ApplyImport {
                command,
                notice,
                now,
            } => {
                let planned_for = s.pending_import.take().map(|p| p.document.clone());
                s.panel = Panel::Closed;
                if s.frozen || planned_for.as_ref() != Some(&s.with_doc(|d| d.id().clone())) {
                    s.alert("The import was not made: the open document changed since it was read. Import the file again.".into());
                    return Rc::new(s);
                }
                if s.execute(command, None, now).is_some() {
                    s.selected = None;
                    s.notice(notice);
                }
            }
            Action::CancelImport => {
                if s.pending_import.is_none() && s.panel != Panel::Import {
                    return self;
                }
                s.pending_import = None;
                s.panel = Panel::Closed;
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::{Metadata, Text};

    fn ts(s: &str) -> Timestamp {
        Timestamp::new(format!("2026-11-24T10:00:{s}Z")).unwrap()
    }

    fn state() -> Rc<AppState> {
        let doc = Document::new(
            DocumentId::new("x").unwrap(),
            Metadata {
                title: "X".into(),
                ..Metadata::default()
            },
            Text::new("  Alpha beta.\nGamma delta."),
            ts("00"),
        );
        Rc::new(AppState::new(doc, true, Index::new(), Vec::new()))
    }

    fn tag(s: &Rc<AppState>, start: usize, end: usize, tag: Tag, id: &str) -> Rc<AppState> {
        s.clone().reduce(Action::TagSpan {
            start,
            end,
            tag,
            id: AnnotationId::new(id).unwrap(),
            now: ts("01"),
        })
    }

    #[test]
    fn tagging_trims_selects_and_refuses_duplicates() {
        let s = tag(&state(), 0, 8, Tag::Claim, "a");
        let a = s.with_doc(|d| d.annotations().next().cloned()).unwrap();
        assert_eq!(
            (a.start, a.end),
            (2, 7),
            "leading spaces and the trailing space trimmed"
        );
        assert_eq!(s.selected.as_ref().map(|x| x.id.as_str()), Some("a"));
        assert_eq!(s.library.documents[0].annotations, 1);
        let again = tag(&s, 2, 7, Tag::Claim, "b");
        assert_eq!(again.with_doc(|d| d.len()), 1);
        assert!(again
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("already tagged"));
        let blank = tag(&s, 0, 2, Tag::Quote, "c");
        assert!(blank
            .status
            .as_ref()
            .unwrap()
            .text
            .contains("Select some text"));
    }

    #[test]
    fn clicks_on_overlaps_pick_the_shortest_then_cycle() {
        let s = tag(&state(), 2, 26, Tag::Claim, "long");
        let s = tag(&s, 8, 12, Tag::Source, "short");
        let s = s.reduce(Action::Select(None));
        let ids = vec![
            AnnotationId::new("long").unwrap(),
            AnnotationId::new("short").unwrap(),
        ];
        let s = s.reduce(Action::ClickHighlight(ids.clone()));
        assert_eq!(s.selected.as_ref().unwrap().id.as_str(), "short");
        let s = s.reduce(Action::ClickHighlight(ids));
        assert_eq!(s.selected.as_ref().unwrap().id.as_str(), "long");
        assert_eq!(s.selected.as_ref().unwrap().paragraphs, 0..2);
    }

    #[test]
    fn unchanged_library_from_another_tab_keeps_the_same_state() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let mut incoming = Index::clone(&s.library);
        incoming.current = Some(DocumentId::new("other").unwrap());
        let same = s.clone().reduce(Action::LibraryChanged(incoming.clone()));
        assert!(
            Rc::ptr_eq(&same, &s),
            "no new state, so no save, so no echo"
        );
        let mut more = incoming;
        more.upsert(Entry {
            id: DocumentId::new("y").unwrap(),
            title: "Y".into(),
            modified: ts("09"),
            annotations: 0,
        });
        let merged = s.clone().reduce(Action::LibraryChanged(more));
        assert_eq!(merged.library.documents.len(), 2);
        assert_eq!(
            merged.library.current, s.library.current,
            "this tab's open document stays current"
        );
    }

    #[test]
    fn a_document_changed_elsewhere_is_frozen() {
        let s = tag(&state(), 2, 7, Tag::Claim, "a");
        let frozen = s
            .clone()
            .reduce(Action::ChangedElsewhere(DocumentId::new("x").unwrap()));
        assert!(frozen.frozen);
        assert_eq!(frozen.alerts.len(), 1);
        let after = tag(&frozen, 8, 12, Tag::Quote, "b");
        assert_eq!(after.with_doc(|d| d.len()), 1, "no edits while frozen");
        let undone = after.reduce(Action::Undo(ts("05")));
        assert_eq!(undone.with_doc(|d| d.len()), 1);
        let other = s
            .clone()
            .reduce(Action::ChangedElsewhere(DocumentId::new("z").unwrap()));
        assert!(
            Rc::ptr_eq(&other, &s),
            "another document's change is not ours"
        );
    }

    #[test]
    fn far_blocks_are_plain_until_near_or_selected() {
        // 200 paragraphs (7 blocks), each "p<i> word", annotated in block 5.
        let text: Vec<String> = (0..200).map(|i| format!("p{i} word")).collect();
        let doc = Document::new(
            DocumentId::new("long").unwrap(),
            Metadata::default(),
            Text::new(text.join("\n")),
            ts("00"),
        );
        let s = Rc::new(AppState::new(doc, true, Index::new(), Vec::new()));
        let at = s.with_doc(|d| d.text().paragraphs()[170].start);
        let s = tag(&s, at, at + 4, Tag::Quote, "far");
        let highlighted = |s: &AppState, b: usize| {
            s.article.blocks[b]
                .paragraphs
                .iter()
                .any(|p| p.runs.iter().any(|r| !r.ids.is_empty()))
        };
        assert!(
            highlighted(&s, 5),
            "tagging selects it, so its block is drawn"
        );
        let s = s.reduce(Action::Select(None));
        assert!(highlighted(&s, 5), "blocks stay drawn");
        // A fresh state: block 5 is plain text with the same text.
        let s = Rc::new(AppState::new(
            s.with_doc(|d| d.clone()),
            false,
            Index::new(),
            Vec::new(),
        ));
        assert!(!highlighted(&s, 5));
        let p = &s.article.blocks[5].paragraphs[170 - 160];
        assert_eq!(p.runs.len(), 1);
        assert_eq!(p.runs[0].text, "p170 word");
        let same = s.clone().reduce(Action::Near(vec![0, 1]));
        assert!(Rc::ptr_eq(&same, &s), "already near: no new state");
        let s = s.reduce(Action::Near(vec![5]));
        assert!(highlighted(&s, 5) && !highlighted(&s, 4));
        let s = Rc::new(AppState::new(
            s.with_doc(|d| d.clone()),
            false,
            Index::new(),
            Vec::new(),
        ));
        let s = s.reduce(Action::Select(Some(AnnotationId::new("far").unwrap())));
        assert!(highlighted(&s, 5), "selecting draws its block");
    }

    #[test]
    fn an_import_waits_for_confirmation_and_is_one_undo_step() {
        use marginalia_core::interop::plan::{plan, Mode};
        use marginalia_core::interop::{ForeignAnnotation, FormatKind};
        use marginalia_core::{Selector, TextQuote};
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
                created: None,
                modified: None,
            }],
            warnings: Vec::new(),
        };
        let p = s.with_doc(|d| plan(d.text(), &file));
        let pending = Rc::new(PendingImport {
            name: "f".into(),
            summary: p.summary(),
            file: Rc::new(file),
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
