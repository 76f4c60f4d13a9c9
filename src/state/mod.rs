//! The app's state and the actions that change it. `reduce` is a dispatch:
//! each action is handled by a small method in the file of its area
//! (editing, selection, unplaced annotations, the library, imports,
//! messages), and every change of annotations is delegated to the core's
//! [`Session`]. Nothing here performs I/O (saving and downloads happen in
//! effects and handlers).

mod agreement;
mod annotator;
mod codebook;
mod compare;
mod editing;
mod import;
mod job;
mod library;
mod linking;
mod messages;
mod page;
mod parts;
mod selection;
mod sync;
mod unplaced;

#[cfg(test)]
mod fixtures;

pub use agreement::{Agreed, AgreementKey};
pub use import::PendingImport;
pub use linking::{Choice, Linking};
pub use messages::Message;
pub use page::PageChoice;

use crate::layers::Layers;
use crate::persist::{Dirty, Persist};
use crate::progress::{JobAction, JobView};
use crate::texts;
use crate::view::{update_view, ArticleView, NearBlocks};
use marginalia_core::store::chunk_of_paragraph;
use marginalia_core::{
    Annotation, AnnotationId, Applied, Command, Document, DocumentId, Entry, Index, Label,
    RelationId, Session, Tag, Timestamp,
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
        for range in &applied.paragraphs {
            dirty.mark_chunk(chunk_of_paragraph(range.start));
        }
        dirty.head |= applied.labels;
        dirty.unplaced |= applied.unplaced;
        dirty.codebook |= applied.codebook;
        dirty.mark_relations(applied.relations_from);
    }
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
    /// The codebook: labels, their colours, keys, guidelines and
    /// attributes, and the relation types.
    Codebook,
    /// What the annotations add up to.
    Statistics,
    /// How far the annotators' layers agree.
    Agreement,
    /// Where the layers disagree, and adjudication into the gold layer.
    Compare,
    /// The CouchDB sync: server, sign-in, status, conflicts.
    Sync,
}

/// The annotation selected for editing, with the paragraphs it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// Its id.
    pub id: AnnotationId,
    /// Paragraph indices it touches.
    pub paragraphs: Range<usize>,
    /// The placed annotations related to it (either way), with the
    /// paragraphs each touches (outlined in the text).
    pub related: Rc<Vec<(AnnotationId, Range<usize>)>>,
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
    /// A relation being made from the selected annotation: the choice of
    /// its other end.
    pub linking: Option<Rc<Linking>>,
    /// An import waiting for confirmation.
    pub pending_import: Option<Rc<PendingImport>>,
    /// The work running in the format engine, if any.
    pub job: Option<Rc<JobView>>,
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
    /// The app's storage.
    pub persist: Persist,
    /// This browser profile's annotator: who the annotations made here
    /// say made them.
    pub me: marginalia_core::Annotator,
    /// Which annotators' layers are shown (all, when a document opens).
    pub layers: Rc<Layers>,
    /// The agreement figures last computed.
    pub agreement: Option<Rc<Agreed>>,
    /// The comparison of the layers, while the Compare view is open.
    pub comparison: Option<Rc<marginalia_core::compare::Comparison>>,
    /// The open document came from a saved web page: its article or its
    /// whole text, and the other one the user may switch to.
    pub page: Option<Rc<PageChoice>>,
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
    /// The CouchDB sync rebuilt this document (shown when it is open).
    Synced(Box<Document>),
    /// This profile is from now on this annotator (the same user's, from
    /// another browser).
    BecomeAnnotator(Box<marginalia_core::Annotator>),
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
    /// The document just opened came from this web page: offer the other
    /// reading of it (article or whole text).
    OfferPage(Rc<PageChoice>),
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
    /// Add the text selected in the article (`None`: nothing selected) to
    /// the selected annotation as another part (Shift+A).
    AddPart {
        /// The selected span, in code points.
        span: Option<std::ops::Range<usize>>,
        /// When.
        now: Timestamp,
    },
    /// Remove the part at this index (text order) of the selected
    /// annotation.
    RemovePart(usize, Timestamp),
    /// Make this the document's codebook (a template, a file, an edit).
    SetCodebook(Box<marginalia_core::Codebook>, Timestamp),
    /// Rename a tag (to the name typed) on every annotation.
    RenameLabel(Tag, String, Timestamp),
    /// Delete a tag with every annotation that has it.
    DeleteLabel(Tag, Timestamp),
    /// Give this profile's annotator the name typed.
    SetAnnotatorName(String, Timestamp),
    /// Agreement figures were computed.
    Agreed(Box<Agreed>),
    /// An adjudication step: this command (adding to the gold layer), and
    /// what to tell the user.
    Adjudicate {
        /// The command.
        command: Command,
        /// The notice.
        notice: String,
        /// When.
        now: Timestamp,
    },
    /// Show the layer of this annotator when hidden, hide it when shown.
    ToggleLayer(marginalia_core::AnnotatorId),
    /// Make every annotation of this annotator's layer this profile's
    /// annotator's.
    TakeOverLayer(marginalia_core::AnnotatorId, Timestamp),
    /// Copy the selected annotation (another annotator's) as this
    /// annotator's, with this id.
    CopyToMine(AnnotationId, Timestamp),
    /// Set (`Some`) or clear (`None`) an attribute value of an annotation.
    SetAttribute(AnnotationId, String, Option<String>, Timestamp),
    /// Start making a relation from the selected annotation (L).
    StartLink,
    /// Narrow the candidates for the relation's other end: what was typed,
    /// and the candidates it lets through ([`Linking::passing`], folded
    /// at the edge).
    LinkFilter(String, Option<Vec<usize>>),
    /// Move the highlighted candidate by this many places.
    LinkMove(isize),
    /// Make the relation to a candidate: the one at this index of the
    /// shown list, or (after a click in the text) the first candidate among
    /// these annotations.
    LinkTo {
        /// Where the user chose.
        choice: Choice,
        /// Id for the new relation.
        id: RelationId,
        /// When.
        now: Timestamp,
    },
    /// Stop making a relation.
    CancelLink,
    /// Delete a relation.
    RemoveRelation(RelationId, Timestamp),
    /// Escape: stop making a relation, or else deselect and close panels.
    Escape,
    /// News of the work running in the format engine.
    Job(JobAction),
}

impl Action {
    /// True for the actions that change the open document (refused while
    /// it is frozen).
    fn edits(&self) -> bool {
        matches!(
            self,
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
                | Action::StartLink
                | Action::AddPart { .. }
                | Action::SetCodebook(..)
                | Action::RenameLabel(..)
                | Action::DeleteLabel(..)
                | Action::SetAttribute(..)
                | Action::RemovePart(..)
                | Action::LinkTo { .. }
                | Action::RemoveRelation(..)
                | Action::CopyToMine(..)
                | Action::Adjudicate { .. }
                | Action::TakeOverLayer(..)
        )
    }
}

/// Whether handling an action changed the state. `reduce` hands Yew a new
/// state only when it did, and else the same `Rc`, so that Yew 0.23 skips
/// the render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Something changed: a new state.
    Changed,
    /// Nothing changed: the same state.
    Unchanged,
}

impl AppState {
    /// The state showing `doc`, with the library `library` and startup
    /// messages.
    pub fn new(
        doc: Document,
        fresh: bool,
        library: Index,
        alerts: Vec<String>,
        persist: Persist,
    ) -> Self {
        let me = persist.annotator().unwrap_or_else(|| {
            let id = marginalia_core::AnnotatorId::new("a-local").expect("a valid id");
            marginalia_core::Annotator::new(id, "")
        });
        let mut state = Self {
            session: Shared::new(doc, fresh),
            revision: 0,
            article: Rc::new(ArticleView { blocks: Vec::new() }),
            near: NearBlocks::default(),
            selected: None,
            linking: None,
            pending_import: None,
            job: None,
            library: Rc::new(library),
            alerts: Rc::new(Vec::new()),
            status: None,
            panel: Panel::Closed,
            note_edit: 0,
            frozen: false,
            layers: Rc::new(Layers::new(me.id.clone())),
            agreement: None,
            comparison: None,
            page: None,
            me,
            persist,
            next_message: 1,
        };
        state.opened(fresh);
        for text in alerts {
            state.alert(text);
        }
        state
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

    /// Handles one action on this (cloned) state.
    fn apply(&mut self, action: Action) -> Outcome {
        if action.edits() && self.frozen {
            return self.notice(texts::FROZEN_NO_EDITS.into());
        }
        if let Some(refused) = self.refuse_others(&action) {
            return refused;
        }
        match action {
            Action::TagSpan {
                start,
                end,
                tag,
                id,
                now,
            } => self.tag_span(start..end, tag, id, now),
            Action::Retag(tag, now) => self.retag(tag, now),
            Action::SetNote(id, note, now) => self.set_note(id, note, now),
            Action::DeleteSelected(now) => self.delete_selected(now),
            Action::ConfirmPlacement(now) => self.confirm_placement(now),
            Action::RemoveLabel(label, now) => self.remove_label(label, now),
            Action::Job(news) => self.job_news(news),
            Action::AddPart { span, now } => self.add_part(span, now),
            Action::SetCodebook(c, now) => self.set_codebook(*c, now),
            Action::RenameLabel(from, to, now) => self.rename_label(from, to, now),
            Action::DeleteLabel(label, now) => self.delete_label(label, now),
            Action::SetAnnotatorName(name, now) => self.set_annotator_name(name, now),
            Action::CopyToMine(id, now) => self.copy_to_mine(id, now),
            Action::ToggleLayer(who) => self.toggle_layer(&who),
            Action::TakeOverLayer(who, now) => self.take_over_layer(&who, now),
            Action::Agreed(agreed) => self.agreed(*agreed),
            Action::Adjudicate {
                command,
                notice,
                now,
            } => self.adjudicate(command, notice, now),
            Action::SetAttribute(id, name, value, now) => self.set_attribute(id, name, value, now),
            Action::RemovePart(index, now) => self.remove_part(index, now),
            Action::StartLink => self.start_link(),
            Action::LinkFilter(text, passing) => self.link_filter(text, passing),
            Action::LinkMove(by) => self.link_move(by),
            Action::LinkTo { choice, id, now } => self.link_to(choice, id, now),
            Action::CancelLink => self.cancel_link(),
            Action::RemoveRelation(id, now) => self.remove_relation(id, now),
            Action::Escape => self.escape(),
            Action::Undo(now) => self.undo(now),
            Action::Redo(now) => self.redo(now),
            Action::NoteFocused => self.note_focused(),
            Action::Attach {
                id,
                start,
                end,
                now,
            } => self.attach(id, start..end, now),
            Action::DeleteUnplaced(id, now) => self.delete_unplaced(id, now),
            Action::Select(id) => self.select_action(id),
            Action::ClickHighlight(ids) => self.click_highlight(&ids),
            Action::Near(blocks) => self.near_blocks(&blocks),
            Action::Open { doc, fresh, notice } => self.open_action(*doc, fresh, notice),
            Action::Forget(id) => self.forget(&id),
            Action::ChangedElsewhere(id) => self.changed_elsewhere(&id),
            Action::LibraryChanged(index) => self.library_changed(index),
            Action::Synced(doc) => self.synced(*doc),
            Action::BecomeAnnotator(who) => self.become_annotator(*who),
            Action::ShowPanel(panel) => self.show_panel(panel),
            Action::Alert(text) => self.alert(text),
            Action::Notice(text) => self.notice(text),
            Action::Dismiss(id) => self.dismiss(id),
            Action::ProposeImport(pending) => self.propose_import(pending),
            Action::ApplyImport {
                command,
                notice,
                now,
            } => self.apply_import(command, notice, now),
            Action::CancelImport => self.cancel_import(),
            Action::OfferPage(choice) => self.offer_page(choice),
        }
    }

    /// Runs `command` on the session; on success records the change, on
    /// failure tells the user.
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
                self.alert(texts::change_failed(&e));
                None
            }
        }
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
            &self.layers,
        ));
        let mut library = Index::clone(&self.library);
        library.upsert(Entry::of(doc));
        self.library = Rc::new(library);
        self.revision += 1;
        drop(session);
        if self.panel == Panel::Compare {
            self.refresh_comparison();
        }
    }

    /// The selected annotation, if any.
    fn selected_annotation(&self) -> Option<Annotation> {
        let id = &self.selected.as_ref()?.id;
        self.session.borrow().doc().annotation(id).cloned()
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = AppState::clone(&self);
        match next.apply(action) {
            Outcome::Changed => Rc::new(next),
            Outcome::Unchanged => self,
        }
    }
}
