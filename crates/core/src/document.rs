//! A document: an article's text and metadata with its annotations, changed
//! only through [`Command`]s.

use crate::annotation::{Annotation, AnnotationId, DocumentId, Label, Tag, Timestamp, Unplaced};
use crate::relation::{Relation, RelationId};
use crate::text::Text;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use thiserror::Error;

mod annotators;
mod codebook;
mod relations;

/// What stands for the text between two parts of a multi-part annotation
/// where its quote is shown or written as one string.
pub const PART_GAP: &str = " … ";

/// Descriptive data about an article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The article's headline.
    pub title: String,
    /// The outlet or author that published it.
    pub source: Option<String>,
    /// Where it was found, if known.
    pub url: Option<String>,
    /// Credit or licence line to show with the text.
    pub attribution: Option<String>,
    /// When it was published, as the page said (an ISO 8601 date or
    /// date-time, usually), if known.
    pub published: Option<String>,
}

/// A change to a document's annotations. Every change, including its undo,
/// is a command, so a command and the inverse returned by
/// [`Document::apply`] are all an undo history needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Adds an annotation whose id is not yet used.
    Add(Annotation),
    /// Removes the annotation with this id, and the relations it takes
    /// part in.
    Remove(AnnotationId),
    /// Replaces the annotation with the same id (new tag, note, span or times).
    Replace(Annotation),
    /// Applies several commands as one step; all or nothing.
    Batch(Vec<Command>),
    /// Adds a label to the document's label set (after the others).
    AddLabel(Label),
    /// Removes a label nothing uses (no annotation, placed or not) from the
    /// label set.
    RemoveLabel(Label),
    /// Puts a label back at this position of the label set (the inverse of
    /// [`Command::RemoveLabel`]).
    InsertLabel(usize, Label),
    /// Keeps an imported annotation that could not be placed (after the
    /// others).
    AddUnplaced(Unplaced),
    /// Removes the unplaced annotation with this id, and the relations it
    /// takes part in.
    RemoveUnplaced(AnnotationId),
    /// Puts an unplaced annotation back at this position of the list (the
    /// inverse of [`Command::RemoveUnplaced`]).
    InsertUnplaced(usize, Unplaced),
    /// Adds a relation between two annotations (placed or unplaced) of the
    /// document (after the others).
    AddRelation(Relation),
    /// Removes the relation with this id.
    RemoveRelation(RelationId),
    /// Puts a relation back at this position of the list (the inverse of
    /// [`Command::RemoveRelation`]).
    InsertRelation(usize, Relation),
    /// Replaces the codebook (every label it describes must be a tag of
    /// the document; see [`crate::Codebook::check`]).
    SetCodebook(Box<crate::Codebook>),
    /// Renames a label of the label set, in place: every annotation,
    /// placed or not, and the codebook follow.
    RenameLabel(Label, Label),
    /// Gives every annotation (placed or not) with the first tag the
    /// second, which nothing uses and the codebook does not describe; the
    /// codebook's entry and relation ends follow (renaming one of
    /// Marginalia's own tags: see [`Document::rename_tag`]).
    RetagAll(Tag, Tag),
    /// Replaces the names of the annotators (ids unique; see
    /// [`Document::annotators`]).
    SetAnnotators(Vec<crate::Annotator>),
}

/// Why a command could not be applied. The document is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommandError {
    /// No annotation has this id.
    #[error("there is no annotation {0}")]
    NotFound(AnnotationId),
    /// An annotation with this id already exists.
    #[error("an annotation with id {0} already exists")]
    DuplicateId(AnnotationId),
    /// The parts of a multi-part annotation are not in order, overlap,
    /// touch, or do not span its `start..end`.
    #[error("the parts of annotation {0} are not separate spans in text order")]
    BadParts(AnnotationId),
    /// The span is empty or runs past the end of the text.
    #[error("span {start}..{end} is empty or outside the text (length {len})")]
    BadSpan {
        /// Requested start.
        start: usize,
        /// Requested end.
        end: usize,
        /// Length of the text in code points.
        len: usize,
    },
    /// The tag is a label the document's label set does not hold.
    #[error("\"{0}\" is not in this document's label set")]
    UnknownLabel(String),
    /// The label set already holds this label, or one written the same
    /// way but for `_` in place of spaces.
    #[error("the label set already holds \"{0}\" (or the same with `_` for spaces)")]
    DuplicateLabel(String),
    /// Annotations still use this label.
    #[error("annotations still use the label \"{0}\"")]
    LabelInUse(String),
    /// The codebook still describes this label (remove it there first).
    #[error("the codebook still describes the label \"{0}\"")]
    LabelInCodebook(String),
    /// A relation's end is not an annotation of the document.
    #[error("there is no annotation {0} to link")]
    MissingEnd(AnnotationId),
    /// A relation would link an annotation to itself.
    #[error("a relation must link two different annotations")]
    SameEnds,
    /// Two annotators share an id.
    #[error("the annotator {0} is listed twice")]
    DuplicateAnnotator(String),
    /// A relation with this id already exists.
    #[error("a relation with id {0} already exists")]
    DuplicateRelation(RelationId),
    /// No relation has this id.
    #[error("there is no relation {0}")]
    NoRelation(RelationId),
    /// The codebook cannot be used.
    #[error("{0}")]
    Codebook(#[from] crate::CodebookError),
}

/// What applying a command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The command that undoes this one.
    pub inverse: Command,
    /// Paragraph index ranges whose highlights changed (may overlap).
    pub paragraphs: Vec<Range<usize>>,
    /// Annotations added, removed or changed, in command order.
    pub annotations: Vec<AnnotationId>,
    /// Whether the label set changed.
    pub labels: bool,
    /// Whether the unplaced annotations changed.
    pub unplaced: bool,
    /// Whether the relations changed.
    pub relations: bool,
    /// The position of the first relation added, removed or moved (those
    /// after it moved too); `None` when the relations did not change.
    pub relations_from: Option<usize>,
    /// Whether the codebook changed.
    pub codebook: bool,
}

impl Applied {
    fn new() -> Self {
        Self {
            inverse: Command::Batch(Vec::new()),
            paragraphs: Vec::new(),
            annotations: Vec::new(),
            labels: false,
            unplaced: false,
            relations: false,
            relations_from: None,
            codebook: false,
        }
    }

    /// Notes that the relation at position `i` (and so every later one)
    /// changed.
    pub(crate) fn relations_at(&mut self, i: usize) {
        self.relations = true;
        self.relations_from = Some(self.relations_from.map_or(i, |f| f.min(i)));
    }
}

/// An article with its annotations, kept indexed for text-order listing and
/// per-paragraph highlight queries.
#[derive(Clone, Debug)]
pub struct Document {
    id: DocumentId,
    meta: Metadata,
    text: Text,
    created: Timestamp,
    modified: Timestamp,
    annotations: HashMap<AnnotationId, Annotation>,
    order: BTreeSet<(usize, usize, AnnotationId)>,
    by_paragraph: Vec<Vec<AnnotationId>>,
    labels: Vec<Label>,
    unplaced: Vec<Unplaced>,
    relations: Vec<Relation>,
    /// What its labels are and how they link.
    codebook: crate::Codebook,
    /// The annotators its annotations name.
    annotators: Vec<crate::Annotator>,
    /// The ids of `relations` (a new one is checked against it).
    relation_ids: std::collections::HashSet<RelationId>,
    /// Annotations per tag: Marginalia's three, then one per label.
    counts: Vec<usize>,
    /// Annotations whose placement is doubtful (moved or approximate).
    doubtful: usize,
}

impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.meta == other.meta
            && self.text == other.text
            && self.created == other.created
            && self.modified == other.modified
            && self.labels == other.labels
            && self.unplaced == other.unplaced
            && self.relations == other.relations
            && self.codebook == other.codebook
            && self.annotators == other.annotators
            && self.annotations == other.annotations
    }
}
impl Eq for Document {}

impl Document {
    /// A document with no annotations.
    pub fn new(id: DocumentId, meta: Metadata, text: Text, created: Timestamp) -> Self {
        let paragraphs = text.paragraphs().len();
        Self {
            id,
            meta,
            text,
            modified: created.clone(),
            created,
            annotations: HashMap::new(),
            order: BTreeSet::new(),
            by_paragraph: vec![Vec::new(); paragraphs],
            labels: Vec::new(),
            unplaced: Vec::new(),
            relations: Vec::new(),
            codebook: crate::Codebook::default(),
            annotators: Vec::new(),
            relation_ids: Default::default(),
            counts: vec![0; Tag::ALL.len()],
            doubtful: 0,
        }
    }

    /// The document's identifier.
    pub fn id(&self) -> &DocumentId {
        &self.id
    }

    /// Gives the document another identifier (used when an import would
    /// collide with a document already in the library).
    pub fn set_id(&mut self, id: DocumentId) {
        self.id = id;
    }

    /// Title, outlet and other metadata.
    pub fn meta(&self) -> &Metadata {
        &self.meta
    }

    /// The annotated text.
    pub fn text(&self) -> &Text {
        &self.text
    }

    /// When the document was created.
    pub fn created(&self) -> &Timestamp {
        &self.created
    }

    /// When the document last changed.
    pub fn modified(&self) -> &Timestamp {
        &self.modified
    }

    /// Records the time of a change.
    pub fn touch(&mut self, at: Timestamp) {
        self.modified = at;
    }

    /// Number of annotations.
    pub fn len(&self) -> usize {
        self.annotations.len()
    }

    /// True when there are no annotations.
    pub fn is_empty(&self) -> bool {
        self.annotations.is_empty()
    }

    /// Number of annotations with `tag`.
    pub fn count(&self, tag: &Tag) -> usize {
        self.slot(tag).map_or(0, |i| self.counts[i])
    }

    /// Imported annotations that could not be placed on the text, in the
    /// order they were kept.
    pub fn unplaced(&self) -> &[Unplaced] {
        &self.unplaced
    }

    /// The unplaced annotation with this id.
    pub fn unplaced_one(&self, id: &AnnotationId) -> Option<&Unplaced> {
        self.unplaced.iter().find(|u| &u.id == id)
    }

    /// Whether an annotation or an unplaced annotation has this id.
    pub fn has_id(&self, id: &AnnotationId) -> bool {
        self.annotations.contains_key(id) || self.unplaced_one(id).is_some()
    }

    /// How many annotations were placed on import by moving or approximate
    /// match and not checked since ([`crate::Placement::is_doubtful`]).
    pub fn doubtful(&self) -> usize {
        self.doubtful
    }

    /// The labels this document has besides Marginalia's three tags, in the
    /// order they were added (labels brought in by imports).
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Every tag an annotation of this document may have, by place (which
    /// gives a tag its default colour and key): Marginalia's three, then
    /// the document's labels. What the toolbar shows is
    /// [`Document::shown_tags`].
    pub fn tags(&self) -> Vec<Tag> {
        let mut tags = Tag::ALL.to_vec();
        tags.extend(self.labels.iter().cloned().map(Tag::Other));
        tags
    }

    /// The position of `tag` in [`Document::tags`], if it is there.
    pub fn slot(&self, tag: &Tag) -> Option<usize> {
        match tag {
            Tag::Claim => Some(0),
            Tag::Source => Some(1),
            Tag::Quote => Some(2),
            Tag::Other(l) => self
                .labels
                .iter()
                .position(|x| x == l)
                .map(|i| i + Tag::ALL.len()),
        }
    }

    /// The annotation with this id.
    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.annotations.get(id)
    }

    /// All annotations in text order (start, then end, then id).
    pub fn annotations(&self) -> impl DoubleEndedIterator<Item = &Annotation> + '_ {
        self.order.iter().map(|(_, _, id)| &self.annotations[id])
    }

    /// The annotations touching paragraph `index`, in text order.
    pub fn annotations_in_paragraph(&self, index: usize) -> Vec<&Annotation> {
        let mut list: Vec<&Annotation> = self
            .by_paragraph
            .get(index)
            .map(|ids| ids.iter().map(|id| &self.annotations[id]).collect())
            .unwrap_or_default();
        Annotation::sort_in_text_order(&mut list);
        list
    }

    /// The text an annotation covers; a multi-part annotation's parts are
    /// joined by [`PART_GAP`].
    pub fn quote(&self, a: &Annotation) -> std::borrow::Cow<'_, str> {
        if !a.is_multipart() {
            return self.text.slice(a.start..a.end).into();
        }
        let parts: Vec<&str> = a.parts().map(|p| self.text.slice(p)).collect();
        parts.join(PART_GAP).into()
    }

    /// Applies a command, returning its inverse, or changes nothing and
    /// returns why not.
    pub fn apply(&mut self, command: Command) -> Result<Applied, CommandError> {
        let mut applied = Applied::new();
        applied.inverse = self.apply_into(command, &mut applied)?;
        Ok(applied)
    }

    fn apply_into(&mut self, command: Command, out: &mut Applied) -> Result<Command, CommandError> {
        match command {
            Command::Add(a) => self.add(a, out),
            Command::Remove(id) => {
                let old = self.take(&id, out).ok_or(CommandError::NotFound(id))?;
                let links = self.drop_relations_of(&old.id, out);
                Ok(relations::with_links(Command::Add(old), links))
            }
            Command::Replace(a) => self.replace(a, out),
            Command::AddLabel(label) => {
                let at = self.labels.len();
                self.insert_label(at, label, out)
            }
            Command::InsertLabel(at, label) => self.insert_label(at, label, out),
            Command::RemoveLabel(label) => self.remove_label(label, out),
            Command::AddUnplaced(u) => {
                let at = self.unplaced.len();
                self.insert_unplaced(at, u, out)
            }
            Command::InsertUnplaced(at, u) => self.insert_unplaced(at, u, out),
            Command::RemoveUnplaced(id) => self.remove_unplaced(id, out),
            Command::AddRelation(r) => {
                let at = self.relations.len();
                self.insert_relation(at, r, out)
            }
            Command::InsertRelation(at, r) => self.insert_relation(at, r, out),
            Command::RemoveRelation(id) => self.remove_relation(id, out),
            Command::SetCodebook(c) => self.set_codebook(*c, out),
            Command::RenameLabel(from, to) => self.rename_label(from, to, out),
            Command::RetagAll(from, to) => self.retag_all(from, to, out),
            Command::SetAnnotators(list) => self.set_annotators(list),
            Command::Batch(commands) => self.apply_batch(commands, out),
        }
    }

    fn add(&mut self, a: Annotation, out: &mut Applied) -> Result<Command, CommandError> {
        self.check_span(&a)?;
        if self.has_id(&a.id) {
            return Err(CommandError::DuplicateId(a.id));
        }
        let id = a.id.clone();
        self.insert(a, out);
        Ok(Command::Remove(id))
    }

    fn replace(&mut self, a: Annotation, out: &mut Applied) -> Result<Command, CommandError> {
        self.check_span(&a)?;
        let old = self
            .take(&a.id, out)
            .ok_or_else(|| CommandError::NotFound(a.id.clone()))?;
        self.insert(a, out);
        out.annotations.pop();
        Ok(Command::Replace(old))
    }

    fn remove_label(&mut self, label: Label, out: &mut Applied) -> Result<Command, CommandError> {
        let tag = Tag::Other(label.clone());
        let slot = self
            .slot(&tag)
            .ok_or_else(|| CommandError::UnknownLabel(label.as_str().into()))?;
        if self.counts[slot] > 0 || self.unplaced.iter().any(|u| u.tag == tag) {
            return Err(CommandError::LabelInUse(label.as_str().into()));
        }
        if self.codebook.def(&tag).is_some() {
            return Err(CommandError::LabelInCodebook(label.as_str().into()));
        }
        let at = slot - Tag::ALL.len();
        self.counts.remove(slot);
        self.labels.remove(at);
        out.labels = true;
        if at < self.labels.len() {
            // Later labels moved up a place (and change colour).
            out.paragraphs.push(0..self.by_paragraph.len());
        }
        Ok(Command::InsertLabel(at, label))
    }

    fn remove_unplaced(
        &mut self,
        id: AnnotationId,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        let i = self
            .unplaced
            .iter()
            .position(|u| u.id == id)
            .ok_or_else(|| CommandError::NotFound(id.clone()))?;
        out.unplaced = true;
        let old = Command::InsertUnplaced(i, self.unplaced.remove(i));
        let links = self.drop_relations_of(&id, out);
        Ok(relations::with_links(old, links))
    }

    /// Applies `commands` in order, all or none: on an error, what the batch
    /// already did is rolled back.
    fn apply_batch(
        &mut self,
        commands: Vec<Command>,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        // Room for every add at once (no rehashing of a growing map).
        self.annotations.reserve(commands.len());
        out.paragraphs.reserve(commands.len());
        out.annotations.reserve(commands.len());
        let mut inverses = Vec::with_capacity(commands.len());
        for c in commands {
            match self.apply_into(c, out) {
                Ok(inv) => inverses.push(inv),
                Err(e) => {
                    // Roll back what this batch already did.
                    let mut scratch = Applied::new();
                    for inv in inverses.into_iter().rev() {
                        self.apply_into(inv, &mut scratch)
                            .expect("the inverse of an applied command applies");
                    }
                    return Err(e);
                }
            }
        }
        inverses.reverse();
        Ok(Command::Batch(inverses))
    }

    fn insert_label(
        &mut self,
        at: usize,
        label: Label,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        // Two labels may not share a token (`data-tags`, brat, CoNLL).
        if self.labels.iter().any(|l| l.token() == label.token()) {
            return Err(CommandError::DuplicateLabel(label.as_str().into()));
        }
        let at = at.min(self.labels.len());
        if at < self.labels.len() {
            // Later labels move down a place (and change colour).
            out.paragraphs.push(0..self.by_paragraph.len());
        }
        self.labels.insert(at, label.clone());
        self.counts.insert(at + Tag::ALL.len(), 0);
        out.labels = true;
        Ok(Command::RemoveLabel(label))
    }

    fn insert_unplaced(
        &mut self,
        at: usize,
        u: Unplaced,
        out: &mut Applied,
    ) -> Result<Command, CommandError> {
        if self.has_id(&u.id) {
            return Err(CommandError::DuplicateId(u.id));
        }
        if self.slot(&u.tag).is_none() {
            return Err(CommandError::UnknownLabel(u.tag.as_str().into()));
        }
        let id = u.id.clone();
        self.unplaced.insert(at.min(self.unplaced.len()), u);
        out.unplaced = true;
        Ok(Command::RemoveUnplaced(id))
    }

    fn check_span(&self, a: &Annotation) -> Result<(), CommandError> {
        if self.slot(&a.tag).is_none() {
            return Err(CommandError::UnknownLabel(a.tag.as_str().into()));
        }
        if !a.parts_are_sound() {
            return Err(CommandError::BadParts(a.id.clone()));
        }
        if a.start < a.end && a.end <= self.text.len() {
            Ok(())
        } else {
            Err(CommandError::BadSpan {
                start: a.start,
                end: a.end,
                len: self.text.len(),
            })
        }
    }

    fn insert(&mut self, a: Annotation, out: &mut Applied) {
        let touched = self.text.paragraphs_touched(a.start, a.end);
        for p in touched.clone() {
            self.by_paragraph[p].push(a.id.clone());
        }
        out.paragraphs.push(touched);
        out.annotations.push(a.id.clone());
        let slot = self.slot(&a.tag).expect("checked before insert");
        self.counts[slot] += 1;
        self.doubtful += usize::from(a.placement.is_doubtful());
        self.order.insert(a.order_key());
        self.annotations.insert(a.id.clone(), a);
    }

    fn take(&mut self, id: &AnnotationId, out: &mut Applied) -> Option<Annotation> {
        let a = self.annotations.remove(id)?;
        let touched = self.text.paragraphs_touched(a.start, a.end);
        for p in touched.clone() {
            self.by_paragraph[p].retain(|x| x != id);
        }
        out.paragraphs.push(touched);
        out.annotations.push(a.id.clone());
        if let Some(slot) = self.slot(&a.tag) {
            self.counts[slot] -= 1;
        }
        self.doubtful -= usize::from(a.placement.is_doubtful());
        self.order.remove(&a.order_key());
        Some(a)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) use crate::testing::{add_generated, ann, doc, ts};

    #[test]
    fn add_lists_in_text_order_and_counts() {
        let mut d = doc("one two\nthree four\nfive");
        d.apply(Command::Add(ann("b", Tag::Source, 8, 13))).unwrap();
        d.apply(Command::Add(ann("a", Tag::Claim, 0, 3))).unwrap();
        let applied = d.apply(Command::Add(ann("c", Tag::Claim, 4, 18))).unwrap();
        assert_eq!(applied.paragraphs, vec![0..2]);
        let ids: Vec<&str> = d.annotations().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c", "b"]);
        assert_eq!(d.count(&Tag::Claim), 2);
        assert_eq!(d.count(&Tag::Quote), 0);
        let in_p1: Vec<&str> = d
            .annotations_in_paragraph(1)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(in_p1, ["c", "b"]);
        assert_eq!(
            d.quote(d.annotation(&AnnotationId::new("b").unwrap()).unwrap()),
            "three"
        );
    }

    #[test]
    fn invalid_commands_change_nothing() {
        let mut d = doc("short text");
        assert!(matches!(
            d.apply(Command::Add(ann("a", Tag::Claim, 3, 3))),
            Err(CommandError::BadSpan { .. })
        ));
        assert!(d.apply(Command::Add(ann("a", Tag::Claim, 3, 11))).is_err());
        d.apply(Command::Add(ann("a", Tag::Claim, 0, 5))).unwrap();
        let before = d.clone();
        assert_eq!(
            d.apply(Command::Add(ann("a", Tag::Quote, 1, 2))),
            Err(CommandError::DuplicateId(AnnotationId::new("a").unwrap()))
        );
        let batch = Command::Batch(vec![
            Command::Add(ann("b", Tag::Quote, 1, 2)),
            Command::Remove(AnnotationId::new("a").unwrap()),
            Command::Remove(AnnotationId::new("zzz").unwrap()),
        ]);
        assert!(matches!(d.apply(batch), Err(CommandError::NotFound(_))));
        assert_eq!(d, before);
        assert_eq!(d.annotations_in_paragraph(0).len(), 1);
        assert_eq!(d.count(&Tag::Quote), 0);
    }

    #[test]
    fn inverse_restores_previous_state() {
        let mut d = doc("alpha beta\ngamma");
        d.apply(Command::Add(ann("a", Tag::Claim, 0, 5))).unwrap();
        let before = d.clone();
        let mut changed = ann("a", Tag::Quote, 6, 16);
        changed.note = "moved".into();
        let applied = d.apply(Command::Replace(changed)).unwrap();
        assert_eq!(applied.paragraphs, vec![0..1, 0..2]);
        assert_eq!(d.count(&Tag::Quote), 1);
        d.apply(applied.inverse).unwrap();
        assert_eq!(d, before);
        assert_eq!(d.count(&Tag::Claim), 1);
        assert!(d.annotations_in_paragraph(1).is_empty());
    }

    #[test]
    fn labels_are_a_checked_part_of_the_document() {
        let mut d = doc("alpha beta gamma");
        let person = Label::new("Person").unwrap();
        let org = Label::new("Org").unwrap();
        let tagged = |id, l: &Label| ann(id, Tag::Other(l.clone()), 0, 5);
        assert_eq!(
            d.apply(Command::Add(tagged("a", &person))),
            Err(CommandError::UnknownLabel("Person".into()))
        );
        let before = d.clone();
        let import = d
            .apply(Command::Batch(vec![
                Command::AddLabel(person.clone()),
                Command::AddLabel(org.clone()),
                Command::Add(tagged("a", &person)),
            ]))
            .unwrap();
        assert_eq!(d.labels(), [person.clone(), org.clone()]);
        assert_eq!(d.tags().len(), 5);
        assert_eq!(d.slot(&Tag::Other(org.clone())), Some(4));
        assert_eq!(d.count(&Tag::Other(person.clone())), 1);
        assert_eq!(
            d.apply(Command::AddLabel(org.clone())),
            Err(CommandError::DuplicateLabel("Org".into()))
        );
        assert_eq!(
            d.apply(Command::RemoveLabel(person.clone())),
            Err(CommandError::LabelInUse("Person".into()))
        );
        // Removing a label before another one repaints everything (colours
        // follow positions); removing the last one does not. Undo puts a
        // label back where it was.
        let mut removed = d.clone();
        removed
            .apply(Command::Remove(AnnotationId::new("a").unwrap()))
            .unwrap();
        let before_removal = removed.clone();
        let mut first_gone = removed.clone();
        let first = first_gone
            .apply(Command::RemoveLabel(person.clone()))
            .unwrap();
        assert_eq!(first.paragraphs, vec![0..1]);
        assert_eq!(first_gone.labels(), std::slice::from_ref(&org));
        let back = first_gone.apply(first.inverse).unwrap();
        assert_eq!(back.paragraphs, vec![0..1]);
        assert_eq!(first_gone, before_removal);
        assert_eq!(first_gone.slot(&Tag::Other(org.clone())), Some(4));
        // A batch that fails after removing a label leaves it in place.
        assert!(first_gone
            .apply(Command::Batch(vec![
                Command::RemoveLabel(person.clone()),
                Command::Remove(AnnotationId::new("nope").unwrap()),
            ]))
            .is_err());
        assert_eq!(first_gone, before_removal);
        let last = removed.apply(Command::RemoveLabel(org)).unwrap();
        assert!(last.paragraphs.is_empty());
        d.apply(import.inverse).unwrap();
        assert_eq!(d, before);
        assert!(d.labels().is_empty());
    }

    #[test]
    fn unplaced_ones_share_ids_with_annotations_and_undo_in_place() {
        let mut d = doc("alpha beta");
        let kept = |id: &str| Unplaced {
            id: AnnotationId::new(id).unwrap(),
            tag: Tag::Quote,
            exact: format!("gone {id}"),
            prefix: String::new(),
            suffix: String::new(),
            note: String::new(),
            created: ts("00"),
            modified: ts("00"),
            why: crate::annotation::Unplacement::Orphaned,
            attributes: Default::default(),
        };
        d.apply(Command::Add(ann("a", Tag::Claim, 0, 5))).unwrap();
        for id in ["u1", "u2", "u3"] {
            d.apply(Command::AddUnplaced(kept(id))).unwrap();
        }
        assert_eq!(
            d.apply(Command::AddUnplaced(kept("a"))),
            Err(CommandError::DuplicateId(AnnotationId::new("a").unwrap()))
        );
        assert_eq!(
            d.apply(Command::Add(ann("u2", Tag::Claim, 6, 10))),
            Err(CommandError::DuplicateId(AnnotationId::new("u2").unwrap()))
        );
        let before = d.clone();
        // Attaching u2: it leaves the list and becomes an annotation.
        let attach = d
            .apply(Command::Batch(vec![
                Command::RemoveUnplaced(AnnotationId::new("u2").unwrap()),
                Command::Add(ann("u2", Tag::Quote, 6, 10)),
            ]))
            .unwrap();
        assert!(attach.unplaced);
        assert_eq!(d.unplaced().len(), 2);
        d.apply(attach.inverse).unwrap();
        assert_eq!(d, before, "back in its place in the list");
    }
}
