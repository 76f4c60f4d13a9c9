//! Reading a stored document back: the record and head first, then its
//! chunks one at a time (so that a caller can spread a long document over
//! several tasks), then the relations and the unplaced annotations.

use super::{damaged, AnnotationRow, HeadJson, RecordJson, StoreError};
use super::{OLDEST_STORE_VERSION, STORE_VERSION};
use crate::annotation::Unplaced;
use crate::annotation::{note_label, Annotation, AnnotationId, DocumentId, Label, Tag, Timestamp};
use crate::document::{Command, Document, Metadata};
use crate::relation::{Relation, RelationId};
use crate::text::Text;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// A stored part of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Annotation chunk `k`.
    Chunk(usize),
    /// The head (last change, label set).
    Head,
    /// The unplaced annotations.
    Unplaced,
    /// A page of the relations (`None`: the relations as a whole, or as
    /// storage schema 4 kept them under one key).
    Relations(Option<usize>),
    /// Annotations read but outside the text (left out; nothing to keep).
    OutsideText,
    /// The codebook (the default is used instead).
    Codebook,
}

/// A document read back from storage, with what could not be read.
#[derive(Debug)]
pub struct Restored {
    /// The document.
    pub document: Document,
    /// Parts that could not be read, or not wholly (what they held is
    /// missing from the document; the caller keeps their stored data).
    pub damaged: Vec<(Part, StoreError)>,
    /// Stored in an older storage schema (to be written again).
    pub old: bool,
}

/// Rebuilds a document from its record, its head, its chunks (`None` for a
/// chunk that is absent) and its unplaced annotations, all as stored: the
/// steps of [`Restoring`] in one go.
pub fn restore(
    record: &str,
    head: Option<&str>,
    chunks: &[Option<String>],
    unplaced: Option<&str>,
) -> Result<Restored, StoreError> {
    let mut restoring = Restoring::begin(record, head)?;
    for (k, chunk) in chunks.iter().enumerate() {
        restoring.chunk(k, chunk.as_deref());
    }
    restoring.finish(unplaced)
}

/// A document being read back, step by step.
///
/// An unreadable record is an error. Anything else that cannot be read is
/// reported and left out, so one damaged entry costs only what it held;
/// and the parts never contradict each other in the result: an annotation
/// found in two chunks (a save interrupted while it moved) is kept once,
/// in its latest version; one both placed and unplaced (an interrupted
/// attach) stays placed; labels in use but not in the head come back.
#[derive(Debug)]
pub struct Restoring {
    document: Document,
    broken: Vec<(Part, StoreError)>,
    labels: Vec<Label>,
    modified: Timestamp,
    version: u64,
    /// The annotations read so far, by id (the latest version of each).
    found: HashMap<AnnotationId, Annotation>,
    /// The relations read (their ends are checked in [`Restoring::finish`]).
    relations: Vec<Relation>,
    /// Stored relations that could not be read.
    bad_relations: usize,
    /// The codebook read, if one was stored.
    codebook: Option<crate::Codebook>,
    /// The annotators the head names.
    annotators: Vec<crate::Annotator>,
}

impl Restoring {
    /// Reads the record (metadata and text) and the head (label set, last
    /// change).
    pub fn begin(record: &str, head: Option<&str>) -> Result<Self, StoreError> {
        let (record, version) = read_record(record)?;
        let id = DocumentId::new(record.id).map_err(damaged)?;
        let meta = Metadata {
            title: record.title,
            source: record.source,
            url: record.url,
            attribution: record.attribution,
            published: record.published,
        };
        let document = Document::new(id, meta, Text::new(record.text), record.created.clone());
        let mut restoring = Restoring {
            document,
            broken: Vec::new(),
            labels: Vec::new(),
            modified: record.created,
            version,
            found: HashMap::new(),
            relations: Vec::new(),
            bad_relations: 0,
            codebook: None,
            annotators: Vec::new(),
        };
        if let Some(head) = head {
            restoring.read_head(head);
        }
        Ok(restoring)
    }

    fn read_head(&mut self, raw: &str) {
        let head = match serde_json::from_str::<HeadJson>(raw) {
            Ok(h) => h,
            Err(e) => return self.broken.push((Part::Head, damaged(e))),
        };
        self.modified = head.modified;
        self.annotators = head.annotators;
        let mut bad = 0;
        for l in head.labels {
            match Label::new(l) {
                Ok(l) => note_label(&mut self.labels, &Tag::Other(l)),
                Err(_) => bad += 1,
            }
        }
        if bad > 0 {
            let problem = damaged(format!("{bad} unreadable label(s)"));
            self.broken.push((Part::Head, problem));
        }
    }

    /// Reads chunk `k` as stored (`None` when it is absent). An annotation
    /// found in two chunks (a save interrupted while it moved between
    /// them) is kept once, in its most recent version.
    pub fn chunk(&mut self, k: usize, raw: Option<&str>) {
        let Some(raw) = raw else { return };
        match serde_json::from_str::<Vec<AnnotationRow>>(raw) {
            Ok(rows) => {
                for AnnotationRow(a) in rows {
                    match self.found.get(&a.id) {
                        Some(b) if b.modified >= a.modified => {}
                        _ => {
                            self.found.insert(a.id.clone(), a);
                        }
                    }
                }
            }
            Err(e) => self.broken.push((Part::Chunk(k), damaged(e))),
        }
    }

    /// Reads page `page` of the relations as stored, in order (`None`:
    /// all of them under one key, as storage schema 4 kept them; absent
    /// before schema 4); their ends are checked in [`Restoring::finish`],
    /// once all are known. Each entry is read on its own, so a bad one
    /// costs only itself.
    pub fn relations(&mut self, page: Option<usize>, raw: Option<&str>) {
        let Some(raw) = raw else { return };
        let items = match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(raw) {
            Ok(items) => items,
            Err(e) => return self.broken.push((Part::Relations(page), damaged(e))),
        };
        for item in items {
            match serde_json::from_str::<Relation>(item.get()) {
                Ok(r) => self.relations.push(r),
                Err(_) => self.bad_relations += 1,
            }
        }
    }

    /// Reads the codebook as stored (`None`: none is, the default). One
    /// that cannot be read, or that no longer fits the label set, is
    /// reported and the default used.
    pub fn codebook(&mut self, raw: Option<&str>) {
        let Some(raw) = raw else { return };
        match crate::codebook::file::from_json(raw) {
            Ok(c) => {
                // Its labels join the label set (they may have no
                // annotation yet).
                for label in c.own_labels() {
                    note_label(&mut self.labels, &Tag::Other(label.clone()));
                }
                self.codebook = Some(c);
            }
            Err(e) => self.broken.push((Part::Codebook, damaged(e))),
        }
    }

    /// Reads the unplaced annotations as stored and builds the document.
    pub fn finish(mut self, unplaced: Option<&str>) -> Result<Restored, StoreError> {
        let mut list: Vec<Annotation> = std::mem::take(&mut self.found).into_values().collect();
        list.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let len = self.document.text().len();
        let (valid, invalid): (Vec<_>, Vec<_>) = list
            .into_iter()
            .partition(|a| a.start < a.end && a.end <= len);
        if !invalid.is_empty() {
            let problem = damaged(format!("{} annotation(s) outside the text", invalid.len()));
            self.broken.push((Part::OutsideText, problem));
        }
        let kept = match unplaced {
            Some(raw) => self.read_unplaced(raw, &valid),
            None => Vec::new(),
        };
        // A label used but not in the head (a damaged head) is added back.
        let used = valid
            .iter()
            .map(|a| &a.tag)
            .chain(kept.iter().map(|u| &u.tag));
        for tag in used {
            note_label(&mut self.labels, tag);
        }
        let links = if self.relations.is_empty() && self.bad_relations == 0 {
            Vec::new()
        } else {
            let ends: HashSet<&AnnotationId> = valid
                .iter()
                .map(|a| &a.id)
                .chain(kept.iter().map(|u| &u.id))
                .collect();
            let read = std::mem::take(&mut self.relations);
            self.linkable(read, &ends)
        };
        let commands = std::mem::take(&mut self.labels)
            .into_iter()
            .map(Command::AddLabel)
            .chain(valid.into_iter().map(Command::Add))
            .chain(kept.into_iter().map(Command::AddUnplaced))
            .chain(links.into_iter().map(Command::AddRelation))
            .collect();
        let mut document = self.document;
        document.apply(Command::Batch(commands)).map_err(damaged)?;
        let annotators = std::mem::take(&mut self.annotators);
        if let Err(e) = document.apply(Command::SetAnnotators(annotators)) {
            self.broken.push((Part::Head, damaged(e)));
        }
        if let Some(c) = self.codebook.take() {
            if let Err(e) = document.apply(Command::SetCodebook(Box::new(c))) {
                self.broken.push((Part::Codebook, damaged(e)));
            }
        }
        document.touch(self.modified);
        Ok(Restored {
            document,
            damaged: self.broken,
            old: self.version < STORE_VERSION,
        })
    }

    /// The stored unplaced annotations not already placed. Each entry is
    /// read on its own, so a bad one costs only itself.
    fn read_unplaced(&mut self, raw: &str, placed: &[Annotation]) -> Vec<Unplaced> {
        let items = match serde_json::from_str::<Vec<&serde_json::value::RawValue>>(raw) {
            Ok(items) => items,
            Err(e) => {
                self.broken.push((Part::Unplaced, damaged(e)));
                return Vec::new();
            }
        };
        let placed: HashSet<&AnnotationId> = placed.iter().map(|a| &a.id).collect();
        let mut seen: HashSet<AnnotationId> = HashSet::new();
        let mut kept = Vec::new();
        let mut bad = 0;
        for item in items {
            match serde_json::from_str::<Unplaced>(item.get()) {
                Ok(u) if !placed.contains(&u.id) && seen.insert(u.id.clone()) => kept.push(u),
                Ok(_) => {}
                Err(_) => bad += 1,
            }
        }
        if bad > 0 {
            let problem = damaged(format!("{bad} unreadable unplaced annotation(s)"));
            self.broken.push((Part::Unplaced, problem));
        }
        kept
    }
}

impl Restoring {
    /// The relations whose ends are both in `ends`, each once; the others
    /// (an end gone with a damaged chunk, a duplicate id) are reported.
    fn linkable(&mut self, read: Vec<Relation>, ends: &HashSet<&AnnotationId>) -> Vec<Relation> {
        let mut seen: HashSet<RelationId> = HashSet::new();
        let count = read.len();
        let kept: Vec<Relation> = read
            .into_iter()
            .filter(|r| {
                r.from != r.to
                    && ends.contains(&r.from)
                    && ends.contains(&r.to)
                    && seen.insert(r.id.clone())
            })
            .collect();
        let bad = count - kept.len() + self.bad_relations;
        if bad > 0 {
            let problem = damaged(format!(
                "{bad} relation(s) unreadable, with an end that is gone, or twice"
            ));
            self.broken.push((Part::Relations(None), problem));
        }
        kept
    }
}

/// The record and its storage version. The record (with the whole text)
/// is read once; only when it does not read is it read again for its
/// version, to tell why.
fn read_record(raw: &str) -> Result<(RecordJson, u64), StoreError> {
    #[derive(Deserialize)]
    struct Version {
        version: Option<u64>,
    }
    let check = |v: Option<u64>| match v {
        Some(n @ OLDEST_STORE_VERSION..=STORE_VERSION) => Ok(n),
        Some(n) if n > STORE_VERSION => Err(StoreError::TooNew(n)),
        _ => Err(damaged("no storage version")),
    };
    match serde_json::from_str::<RecordJson>(raw) {
        Ok(r) => {
            let version = check(Some(r.version))?;
            Ok((r, version))
        }
        Err(e) => {
            let v: Version = serde_json::from_str(raw).map_err(damaged)?;
            check(v.version)?;
            Err(damaged(e))
        }
    }
}
