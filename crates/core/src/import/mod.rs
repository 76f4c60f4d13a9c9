//! Another tool's annotations, from the file to a change of the open
//! document. `marginalia-interop` reads the file into a [`ForeignFile`] and
//! places every annotation on the document's text (an [`ImportPlan`]); here
//! the outcome is counted for the user to see first ([`Summary`],
//! [`ImportPlan::effect`]), and only when they confirm does it become one
//! undoable command (merge, or replace what is there). These values cross
//! from the format engine (a Web Worker) to the app, so they are serde
//! types.

use crate::annotation::{
    Annotation, AnnotationId, Label, Placement, Tag, Timestamp, Unplaced, Unplacement,
};
use crate::document::{Command, Document};
use crate::selector::{Anchoring, Selector};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

mod existing;
mod guesses;
mod labels;
pub mod ours;
mod relations;
use existing::{existing, same_annotator};
use labels::takes_codebook;
use relations::End;
pub use relations::ForeignRelation;

/// A format Marginalia reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormatKind {
    /// Marginalia's own JSON (see `crate::format`).
    Marginalia,
    /// W3C Web Annotation JSON-LD (annotation, list, collection or page).
    W3c,
    /// brat standoff `.ann` (with its `.txt`).
    Brat,
    /// doccano JSONL (one document per line, `entities` or `label`).
    Doccano,
    /// Label Studio JSON (tasks with `annotations[].result[]`).
    LabelStudio,
    /// Recogito text-annotator's own JSON (`bodies`, `target.selector[]`
    /// of `quote`/`start`/`end`), not W3C.
    Recogito,
    /// CSV, one row per annotation (export only).
    Csv,
    /// CoNLL-style token / BIO-tag lines (export only).
    Conll,
}

/// An annotation read from another tool's file, before it is placed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignAnnotation {
    /// Its id in the file, if it has one.
    pub id: Option<String>,
    /// Its label as written in the file (e.g. `claim`, `Source`, `PER`).
    pub label: String,
    /// Where it says it is.
    pub selector: Selector,
    /// Its note (empty when none).
    pub note: String,
    /// When it was made, if the file says.
    pub created: Option<Timestamp>,
    /// When it was last changed, if the file says.
    pub modified: Option<Timestamp>,
    /// The parts of a multi-part annotation, as code-point offsets in the
    /// file's own text (the selector's position then gives their extent, in
    /// code points too); empty for one span.
    /// They follow the extent where it is placed (see
    /// [`ForeignAnnotation::parts_at`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<std::ops::Range<usize>>,
    /// Its attribute values, by name, as the file gives them.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub attributes: crate::annotation::Attributes,
    /// The text of each part as the file quotes it (W3C: each target's
    /// quote), in the order of `parts`; empty when the file gives none. The
    /// import checks them where the parts land.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub part_quotes: Vec<String>,
    /// Who made it, when the file says (W3C `creator`, Marginalia JSON).
    pub annotator: Option<crate::Annotator>,
}

impl ForeignAnnotation {
    /// Its parts once its extent is placed at `start..end`: moved by as
    /// much as the extent moved, each cut to the placed extent (an
    /// approximate placement may have made it shorter). Empty for an
    /// annotation of one span, or when the file gave no position to move
    /// them from.
    pub fn parts_at(&self, start: usize, end: usize) -> Vec<std::ops::Range<usize>> {
        let Some(from) = self.selector.position.as_ref().map(|p| p.start) else {
            return Vec::new();
        };
        self.parts
            .iter()
            .filter(|p| p.start >= from)
            .map(|p| (p.start - from + start).min(end)..(p.end - from + start).min(end))
            .filter(|p| p.start < p.end)
            .collect()
    }
}

/// What an imported file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignFile {
    /// Its format.
    pub format: FormatKind,
    /// The article text, when the file carries it.
    pub text: Option<String>,
    /// A title for the article, when the file has one.
    pub title: Option<String>,
    /// The article's URL or source, when the file has one.
    pub source: Option<String>,
    /// The annotations, in file order.
    pub annotations: Vec<ForeignAnnotation>,
    /// The relations between them, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<ForeignRelation>,
    /// Things worth telling the user (skipped items, assumptions made).
    pub warnings: Vec<String>,
    /// The codebook the file came with (brat's `annotation.conf`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<crate::Codebook>,
}

/// How much of a file [`may_be_foreign`] looks at.
pub const SNIFF: usize = 4096;

/// True when a file (its name and bytes) may hold another tool's
/// annotations, so the format engine must read it; false when it is surely
/// an article or a Marginalia file, which the app reads itself. A cheap
/// look at the name and the first bytes that errs towards the engine (which
/// answers "not foreign" when it was wrong): a `.ann` name, a UTF-16 byte
/// order mark, JSON (or JSON Lines) that is not a Marginalia file
/// ([`crate::format::looks_like`]; the engine reads it or says what it is),
/// a Label Studio labelling configuration (`<View>`), or a first line shaped
/// like a brat standoff line (an id such as `T1`, then a tab).
pub fn may_be_foreign(name: &str, bytes: &[u8]) -> bool {
    if name.to_ascii_lowercase().ends_with(".ann") {
        return true;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF)]);
    let text = head.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with(['{', '[']) {
        return !crate::format::looks_like(text);
    }
    // A Label Studio labelling configuration: the engine says what it is.
    if text
        .get(..5)
        .is_some_and(|h| h.eq_ignore_ascii_case("<view"))
    {
        return true;
    }
    let first = text.lines().next().unwrap_or("");
    first.split_once('\t').is_some_and(|(id, _)| {
        let mut chars = id.chars();
        chars.next().is_some_and(|c| "TREAMN#*".contains(c)) && chars.all(|c| c.is_ascii_digit())
    })
}

/// One imported annotation and where it was placed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planned {
    /// As read from the file.
    pub foreign: ForeignAnnotation,
    /// Where (and how surely) it was placed on the text.
    pub anchoring: Anchoring,
    /// Its tag: one of Marginalia's when the label names one, else the
    /// label (see [`Tag::from_foreign`]).
    pub tag: Tag,
}

/// What an import would do, before it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPlan {
    /// The file's format.
    pub format: FormatKind,
    /// Every annotation of the file, in file order.
    pub items: Vec<Planned>,
    /// The file's relations (their ends are indices into `items`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<ForeignRelation>,
    /// What the reader noticed about the file.
    pub warnings: Vec<String>,
    /// The file's own article text, when it carries one (it can then be
    /// opened as a new document).
    pub text: Option<String>,
    /// A title for that article, when the file has one.
    pub title: Option<String>,
    /// The article's URL or source, when the file has one.
    pub source: Option<String>,
    /// The codebook the file came with (see [`ForeignFile::codebook`]):
    /// given to a document whose codebook is still the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codebook: Option<crate::Codebook>,
    /// Approximate placements withheld because the file seems to belong to
    /// another text (item index, placement); [`ImportPlan::place_guesses`]
    /// makes them when the user asks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub guesses: Vec<(usize, Anchoring)>,
}

/// The counts shown before an import is confirmed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Annotations in the file.
    pub total: usize,
    /// Placed where their position said, with their quote there.
    pub exact: usize,
    /// Their quote found exactly, elsewhere.
    pub moved: usize,
    /// Placed by an approximate match.
    pub fuzzy: usize,
    /// Fitting several places equally: not placed.
    pub ambiguous: usize,
    /// Not found: not placed.
    pub orphaned: usize,
    /// Labels of the file that are not Marginalia tags, each once, in file
    /// order (the import adds those the document does not have yet to its
    /// label set).
    pub labels: Vec<String>,
    /// Relations in the file.
    pub relations: usize,
    /// The annotators the file names, with how many annotations each made
    /// there (in file order): they come in as those annotators' layers.
    pub layers: Vec<(crate::Annotator, usize)>,
}

impl Summary {
    /// How many annotations would be placed on the text.
    pub fn placeable(&self) -> usize {
        self.exact + self.moved + self.fuzzy
    }

    /// How many would be kept unplaced, for the user to attach.
    pub fn unplaceable(&self) -> usize {
        self.ambiguous + self.orphaned
    }
}

/// What a confirmed import does to the document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// Annotations placed on the text.
    pub placed: usize,
    /// Annotations kept unplaced.
    pub unplaced: usize,
    /// Labels added to the label set.
    pub labels: Vec<Label>,
    /// Annotations (placed or not) already there and so not added again.
    pub duplicates: usize,
    /// Annotations and unplaced ones removed first ([`Mode::Replace`]).
    pub removed: usize,
    /// Relations added.
    pub relations: usize,
    /// Relations of the file not added: already there, or an end that is
    /// not imported.
    pub relations_skipped: usize,
    /// Whether the file's codebook becomes the document's (it came with
    /// one, and the document's is still the default).
    pub codebook: bool,
}

/// How a confirmed import changes the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    /// Add the imported annotations to those already there (an annotation
    /// with the same span and tag as an existing one is not added twice).
    Merge,
    /// Remove the annotations already there, then add the imported ones.
    Replace,
}

impl ImportPlan {
    /// Drops what the page never reads of a plan that has no text of its own
    /// (so it is never placed again): the stored position and the context of
    /// the quote of every placed item. Their place, tag, id, note, times and
    /// quoted text stay; unplaced items keep their whole quote (the page
    /// keeps it with them). A 10,000-annotation plan crosses from the worker
    /// in about half the bytes.
    pub fn slim(&mut self) {
        if self.text.is_some() {
            return;
        }
        for item in &mut self.items {
            if item.anchoring.span().is_none() {
                continue;
            }
            if item.foreign.parts.is_empty() {
                // (The parts are placed from it.)
                item.foreign.selector.position = None;
            }
            if let Some(quote) = &mut item.foreign.selector.quote {
                quote.prefix = String::new();
                quote.suffix = String::new();
            }
        }
    }

    /// The file the plan was made from (to place it again on another text).
    pub fn to_file(&self) -> ForeignFile {
        ForeignFile {
            format: self.format,
            text: self.text.clone(),
            title: self.title.clone(),
            source: self.source.clone(),
            annotations: self.items.iter().map(|i| i.foreign.clone()).collect(),
            relations: self.relations.clone(),
            warnings: self.warnings.clone(),
            codebook: self.codebook.clone(),
        }
    }

    /// Counts the outcomes.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            total: self.items.len(),
            relations: self.relations.len(),
            ..Summary::default()
        };
        for item in &self.items {
            match item.anchoring {
                Anchoring::Exact { .. } => s.exact += 1,
                Anchoring::Moved { .. } => s.moved += 1,
                Anchoring::Fuzzy { .. } => s.fuzzy += 1,
                Anchoring::Ambiguous => s.ambiguous += 1,
                Anchoring::Orphaned => s.orphaned += 1,
            }
            if let Some(who) = &item.foreign.annotator {
                match s.layers.iter_mut().find(|(a, _)| a.id == who.id) {
                    Some((_, n)) => *n += 1,
                    None => s.layers.push((who.clone(), 1)),
                }
            }
            if let Tag::Other(label) = &item.tag {
                if !s.labels.iter().any(|l| l == label.as_str()) {
                    s.labels.push(label.as_str().to_string());
                }
            }
        }
        s
    }

    /// What [`ImportPlan::command`] would do to `doc` in `mode`, without
    /// making the command (for the summary shown before confirming).
    pub fn effect(&self, doc: &Document, mode: Mode) -> Effect {
        let (mut effect, ends) = self.walk(doc, mode, |_, _, _, _| {});
        effect.codebook = self.codebook.is_some() && takes_codebook(doc);
        let links = relations::resolve(&self.relations, &ends, doc, mode);
        effect.relations = links.added.len();
        effect.relations_skipped = links.skipped;
        effect
    }

    /// The one command that carries out the import on `doc`, and what it
    /// does. Placed annotations are added with their [`Placement`]; those
    /// that could not be placed are kept as [`Unplaced`] ones. Merging skips
    /// what is already there (an annotation with the same span and tag, or
    /// an unplaced one of the document with the same tag, quote and
    /// context; the file's own unplaced ones are all kept) and any span that
    /// does not fit `doc`. Labels that are not in the document's label set
    /// are added to it. A file's id is kept when it is a valid id not in
    /// use, otherwise `new_id` gives one. Missing timestamps become `now`.
    /// The file's relations follow their ends (one skipped as a duplicate
    /// links the annotation already there); see [`ForeignRelation`]. A
    /// relation without an id of its own takes one from `new_id` too.
    pub fn command(
        &self,
        doc: &Document,
        mode: Mode,
        now: &Timestamp,
        new_id: &mut dyn FnMut() -> AnnotationId,
    ) -> (Command, Effect) {
        let mut commands = Vec::new();
        if mode == Mode::Replace {
            commands.extend(doc.annotations().map(|a| Command::Remove(a.id.clone())));
            commands.extend(
                doc.unplaced()
                    .iter()
                    .map(|u| Command::RemoveUnplaced(u.id.clone())),
            );
        }
        let labels_at = commands.len();
        let mut taken: HashSet<AnnotationId> = HashSet::new();
        let mut ids: Vec<Option<AnnotationId>> = vec![None; self.items.len()];
        let (mut effect, ends) = self.walk(doc, mode, |index, item, tag, place| {
            let f = &item.foreign;
            let free = |id: &AnnotationId| {
                !taken.contains(id) && (mode == Mode::Replace || !doc.has_id(id))
            };
            let id =
                f.id.as_deref()
                    .and_then(|s| AnnotationId::new(s).ok())
                    .filter(|id| free(id))
                    .unwrap_or_else(|| loop {
                        let id = new_id();
                        if free(&id) {
                            break id;
                        }
                    });
            taken.insert(id.clone());
            ids[index] = Some(id.clone());
            commands.push(added(item, id, tag, place, now, doc.text()));
        });
        let links = relations::resolve(&self.relations, &ends, doc, mode);
        effect.relations = links.added.len();
        effect.relations_skipped = links.skipped;
        commands.extend(relations::commands(
            &self.relations,
            links,
            &ids,
            doc,
            mode,
            now,
            new_id,
        ));
        let mut first: Vec<Command> = effect
            .labels
            .iter()
            .cloned()
            .map(Command::AddLabel)
            .collect();
        if let Some(c) = self.codebook.as_ref().filter(|_| takes_codebook(doc)) {
            effect.codebook = true;
            first.extend(
                c.own_labels()
                    .filter(|l| {
                        doc.slot(&Tag::Other((*l).clone())).is_none() && !effect.labels.contains(l)
                    })
                    .map(|l| Command::AddLabel(l.clone())),
            );
            first.push(Command::SetCodebook(Box::new(c.clone())));
        }
        first.extend(self.new_annotators(doc));
        commands.splice(labels_at..labels_at, first);
        (Command::Batch(commands), effect)
    }

    /// The command that gives `doc` the file's annotators it does not know
    /// yet (those it knows keep the name it has for them), if any.
    fn new_annotators(&self, doc: &Document) -> Option<Command> {
        let mut annotators = doc.annotators().to_vec();
        for who in self
            .items
            .iter()
            .filter_map(|i| i.foreign.annotator.as_ref())
        {
            if !annotators.iter().any(|a| a.id == who.id) {
                annotators.push(who.clone());
            }
        }
        (annotators.len() > doc.annotators().len()).then_some(Command::SetAnnotators(annotators))
    }

    /// Decides what the import does with each item and counts it: `add` is
    /// called for each item to add (with its index), with its span and
    /// placement, or `None` to keep it unplaced. Also says where each item
    /// ends up, for the relations: added, the same as one already there,
    /// or nowhere (it does not fit `doc`). Linear: what is there is looked
    /// up in maps.
    fn walk<'p, 'd>(
        &'p self,
        doc: &'d Document,
        mode: Mode,
        mut add: impl FnMut(usize, &'p Planned, Tag, Option<(usize, usize, Placement)>),
    ) -> (Effect, Vec<Option<End<'d>>>) {
        let mut effect = Effect::default();
        let mut ends = Vec::with_capacity(self.items.len());
        let mut labels = self.labels_by_token(doc);
        let (mut present, kept) = match mode {
            Mode::Merge => existing(doc),
            Mode::Replace => {
                effect.removed = doc.len() + doc.unplaced().len();
                Default::default()
            }
        };
        let len = doc.text().len();
        for (index, item) in self.items.iter().enumerate() {
            let (exact, prefix, suffix) = quote_of(item);
            let tag = match &item.tag {
                Tag::Other(label) => Tag::Other(
                    labels
                        .entry(label.token().into_owned())
                        .or_insert_with(|| label.clone())
                        .clone(),
                ),
                builtin => builtin.clone(),
            };
            let place = placement(&item.anchoring);
            let by = item.foreign.annotator.as_ref().map(|a| &a.id);
            // A multi-part one is never the same as a span of its extent.
            let multipart = !item.foreign.parts.is_empty();
            let there = match place {
                // Planned on another text: it does not fit this one.
                Some((start, end, _)) if start >= end || end > len => {
                    ends.push(None);
                    continue;
                }
                Some(_) if multipart => None,
                Some((start, end, _)) => present
                    .get(&(start, end, tag.clone()))
                    .and_then(|there| same_annotator(there, by)),
                // Only against what the document keeps already: two of the
                // file's own may quote the same text (or nothing).
                None if exact.is_empty() => None,
                None => kept.get(&(tag.clone(), exact, prefix, suffix)).copied(),
            };
            if let Some(end) = there {
                effect.duplicates += 1;
                ends.push(Some(end));
                continue;
            }
            if let Some((start, end, _)) = place.filter(|_| !multipart) {
                present
                    .entry((start, end, tag.clone()))
                    .or_default()
                    .push((by.cloned(), End::New(index)));
            }
            ends.push(Some(End::New(index)));
            if let Tag::Other(label) = &tag {
                if doc.slot(&tag).is_none() && !effect.labels.contains(label) {
                    effect.labels.push(label.clone());
                }
            }
            match place {
                Some(_) => effect.placed += 1,
                None => effect.unplaced += 1,
            }
            add(index, item, tag, place);
        }
        (effect, ends)
    }
}

/// The span and placement of an anchoring that placed it, else `None`.
fn placement(anchoring: &Anchoring) -> Option<(usize, usize, Placement)> {
    match *anchoring {
        Anchoring::Exact { start, end } => Some((start, end, Placement::Exact)),
        Anchoring::Moved { start, end } => Some((start, end, Placement::Moved)),
        Anchoring::Fuzzy {
            start,
            end,
            similarity,
        } => Some((start, end, Placement::Fuzzy(similarity))),
        Anchoring::Ambiguous | Anchoring::Orphaned => None,
    }
}

/// The command that adds `item` as `id`: placed at `place`, or kept
/// unplaced.
fn added(
    item: &Planned,
    id: AnnotationId,
    tag: Tag,
    place: Option<(usize, usize, Placement)>,
    now: &Timestamp,
    text: &crate::text::Text,
) -> Command {
    let f = &item.foreign;
    let created = f.created.clone().unwrap_or_else(|| now.clone());
    let modified = f.modified.clone().unwrap_or_else(|| created.clone());
    match place {
        Some((start, end, placement)) => {
            let one = Annotation {
                id,
                tag,
                start,
                end,
                note: f.note.clone(),
                created,
                modified,
                parts: Vec::new(),
                attributes: f.attributes.clone(),
                placement,
                annotator: f.annotator.as_ref().map(|a| a.id.clone()),
            };
            let parts = join_blank_gaps(text, f.parts_at(start, end));
            Command::Add(if parts.len() > 1 {
                one.clone().with_parts(parts).unwrap_or(one)
            } else {
                one
            })
        }
        None => {
            let (exact, prefix, suffix) = quote_of(item);
            Command::AddUnplaced(Unplaced {
                id,
                tag,
                exact: exact.to_string(),
                prefix: prefix.to_string(),
                suffix: suffix.to_string(),
                note: f.note.clone(),
                created,
                modified,
                why: if item.anchoring == Anchoring::Ambiguous {
                    Unplacement::Ambiguous
                } else {
                    Unplacement::Orphaned
                },
                attributes: f.attributes.clone(),
            })
        }
    }
}

/// `parts` with those that only white space of `text` separates joined:
/// how brat (and Marginalia's brat export) cut a span that crosses a line,
/// so it comes back as one span.
fn join_blank_gaps(
    text: &crate::text::Text,
    parts: Vec<std::ops::Range<usize>>,
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(parts.len());
    for p in parts {
        match out.last_mut() {
            Some(last)
                if last.end <= p.start
                    && p.start <= text.len()
                    && text
                        .slice(last.end..p.start)
                        .chars()
                        .all(char::is_whitespace) =>
            {
                last.end = last.end.max(p.end);
            }
            _ => out.push(p),
        }
    }
    out
}

/// The quote of an item: exact, prefix, suffix (empty when it has none).
fn quote_of(item: &Planned) -> (&str, &str, &str) {
    item.foreign
        .selector
        .quote
        .as_ref()
        .map_or(("", "", ""), |q| {
            (q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str())
        })
}

#[cfg(test)]
mod tests;
