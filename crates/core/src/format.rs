//! Marginalia's own JSON file format (`"format": "marginalia"`), used for
//! export, import and browser storage. `docs/format.md` describes it for
//! other programs.

use crate::anchor::{locate, Located, TextQuote};
use crate::annotation::{
    note_label, Annotation, AnnotationId, DocumentId, Label, Placement, Tag, Timestamp, Unplaced,
};
use crate::document::{Command, Document, Metadata};
use crate::loose::Header;
use crate::relation::Relation;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;

/// The value of the `format` field.
pub const FORMAT_NAME: &str = "marginalia";
/// The schema version this build writes (and the newest it reads).
pub const SCHEMA_VERSION: u64 = 5;
/// The value of `document.offsetUnit`: offsets count Unicode code points.
pub const OFFSET_UNIT: &str = "codepoint";

/// Why a file could not be read. Nothing is imported when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FormatError {
    /// The file is not JSON.
    #[error("the file is not valid JSON ({0})")]
    Json(String),
    /// The file is JSON but not a Marginalia document.
    #[error("this is not a Marginalia file: it has no \"format\": \"marginalia\" field")]
    NotMarginalia,
    /// The file was written by a newer version.
    #[error("this file uses schema version {found}, newer than this Marginalia reads (up to {supported}); update Marginalia to open it")]
    TooNew {
        /// The file's version.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
    },
    /// The version field is missing or not a positive integer.
    #[error("the file's \"version\" must be a whole number from 1 to {SCHEMA_VERSION}")]
    BadVersion,
    /// A field is missing, has the wrong type or an impossible value.
    #[error("{path}: {reason}")]
    Invalid {
        /// Where in the file (e.g. `annotations[3]`).
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Something the importer repaired and the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportWarning {
    /// An annotation's offsets did not match its quote; it was placed where
    /// the quote is found.
    Moved {
        /// The annotation.
        id: AnnotationId,
        /// Offsets in the file.
        from: (usize, usize),
        /// Offsets used.
        to: (usize, usize),
    },
    /// This many annotations had no id and were given one.
    IdsAssigned(usize),
}

/// What to use where a file leaves something out.
#[derive(Debug, Clone)]
pub struct ImportDefaults {
    /// Used for missing timestamps.
    pub now: Timestamp,
    /// Used when the file has no document id.
    pub document_id: DocumentId,
}

/// A successfully read file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The document, exactly as the file describes it.
    pub document: Document,
    /// Repairs made while reading.
    pub warnings: Vec<ImportWarning>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileJson {
    format: String,
    version: u64,
    document: DocumentJson,
    /// The document's labels besides Marginalia's tags (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    labels: Vec<String>,
    annotations: Vec<AnnotationJson>,
    /// Imported annotations not placed on the text (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    unplaced: Vec<Unplaced>,
    /// Relations between annotations, placed or not (schema 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<Relation>,
    /// The document's codebook, when it is not the default (schema 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    codebook: Option<crate::Codebook>,
    /// The annotators its annotations name: id and name (schema 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    annotators: Vec<crate::Annotator>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DocumentJson {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default)]
    offset_unit: Option<String>,
    text: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnnotationJson {
    #[serde(default)]
    id: Option<String>,
    tag: String,
    start: usize,
    end: usize,
    #[serde(default)]
    quote: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    suffix: Option<String>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    created: Option<String>,
    #[serde(default)]
    modified: Option<String>,
    #[serde(default, skip_serializing_if = "is_exact")]
    placement: Placement,
    /// The parts of a multi-part annotation (schema 4); `start`, `end` and
    /// the quote are then their extent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    parts: Vec<PartJson>,
    /// Its attribute values by name (schema 4).
    #[serde(
        default,
        skip_serializing_if = "crate::annotation::Attributes::is_empty"
    )]
    attributes: crate::annotation::Attributes,
    /// The id of who made it, one of the file's `annotators` (schema 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    annotator: Option<crate::AnnotatorId>,
}

/// One part of a multi-part annotation.
#[derive(Serialize, Deserialize)]
struct PartJson {
    start: usize,
    end: usize,
}

fn is_exact(p: &Placement) -> bool {
    *p == Placement::Exact
}

/// True when `text` looks like a Marginalia file: a JSON object whose first
/// 200 characters hold the `"format": "marginalia"` field it starts with
/// (see [`to_json`]). The one rule for telling our files from others'.
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start();
    let head: String = t.chars().take(200).collect();
    t.starts_with('{') && head.contains("\"format\"") && head.contains("\"marginalia\"")
}

/// Writes a document as a Marginalia JSON file (pretty-printed, annotations
/// in text order, each with its quote and context).
pub fn to_json(doc: &Document) -> String {
    let text = doc.text();
    let meta = doc.meta();
    let file = FileJson {
        format: FORMAT_NAME.into(),
        version: SCHEMA_VERSION,
        document: DocumentJson {
            id: Some(doc.id().to_string()),
            title: meta.title.clone(),
            source: meta.source.clone(),
            url: meta.url.clone(),
            attribution: meta.attribution.clone(),
            published: meta.published.clone(),
            created: Some(doc.created().to_string()),
            modified: Some(doc.modified().to_string()),
            offset_unit: Some(OFFSET_UNIT.into()),
            text: text.as_str().into(),
        },
        labels: doc.labels().iter().map(|l| l.as_str().into()).collect(),
        unplaced: doc.unplaced().to_vec(),
        relations: doc.relations().to_vec(),
        codebook: Some(doc.codebook().clone()).filter(|c| *c != crate::Codebook::default()),
        annotators: doc.annotators().to_vec(),
        annotations: doc
            .annotations()
            .map(|a| {
                let q = TextQuote::of(text, a.start, a.end);
                AnnotationJson {
                    id: Some(a.id.to_string()),
                    tag: a.tag.as_str().into(),
                    start: a.start,
                    end: a.end,
                    quote: Some(q.exact),
                    prefix: Some(q.prefix),
                    suffix: Some(q.suffix),
                    note: a.note.clone(),
                    created: Some(a.created.to_string()),
                    modified: Some(a.modified.to_string()),
                    placement: a.placement,
                    parts: a
                        .parts
                        .iter()
                        .map(|p| PartJson {
                            start: p.start,
                            end: p.end,
                        })
                        .collect(),
                    attributes: a.attributes.clone(),
                    annotator: a.annotator.clone(),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).expect("plain data always serialises")
}

/// Reads a Marginalia JSON file. Either the whole document is returned or
/// an error saying what is wrong and where; nothing partial.
pub fn from_json(input: &str, defaults: &ImportDefaults) -> Result<Imported, FormatError> {
    let json_err = |e: serde_json::Error| match e.classify() {
        serde_json::error::Category::Data => FormatError::Invalid {
            path: "file".into(),
            reason: e.to_string(),
        },
        _ => FormatError::Json(e.to_string()),
    };
    // One pass when the file is well-formed; when it is not, its header
    // decides the message (not ours, a version we do not know, or what is
    // wrong in the data), so that is checked first then.
    match serde_json::from_str::<FileJson>(input) {
        Ok(file) => {
            check_header(Some(&file.format), Some(file.version))?;
            build(file, defaults)
        }
        Err(e) => {
            let header: Header = serde_json::from_str(input).map_err(|e| match e.classify() {
                serde_json::error::Category::Data => FormatError::NotMarginalia,
                _ => FormatError::Json(e.to_string()),
            })?;
            check_header(header.format.0.as_deref(), header.version.0)?;
            Err(json_err(e))
        }
    }
}

/// Checks a file's `format` and `version` fields.
fn check_header(format: Option<&str>, version: Option<u64>) -> Result<(), FormatError> {
    if format != Some(FORMAT_NAME) {
        return Err(FormatError::NotMarginalia);
    }
    let version = version.filter(|&v| v >= 1).ok_or(FormatError::BadVersion)?;
    if version > SCHEMA_VERSION {
        return Err(FormatError::TooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn invalid(path: impl Into<String>, reason: impl ToString) -> FormatError {
    FormatError::Invalid {
        path: path.into(),
        reason: reason.to_string(),
    }
}

fn timestamp(
    value: Option<String>,
    fallback: &Timestamp,
    path: &str,
) -> Result<Timestamp, FormatError> {
    match value {
        Some(s) => Timestamp::new(s).map_err(|e| invalid(path, e)),
        None => Ok(fallback.clone()),
    }
}

fn build(file: FileJson, defaults: &ImportDefaults) -> Result<Imported, FormatError> {
    let header = read_document_header(file.document, defaults)?;
    let text = header.text;
    let created = header.created;
    let mut warnings = Vec::new();
    let mut ids = IdAllocator::new(&file.annotations, &file.unplaced);
    let mut labels = declared_labels(file.labels, &file.unplaced)?;
    if let Some(c) = &file.codebook {
        for label in c.own_labels() {
            note_label(&mut labels, &Tag::Other(label.clone()));
        }
    }
    let mut seen = HashSet::new();
    let mut adds = Vec::with_capacity(file.annotations.len());
    for (i, mut a) in file.annotations.into_iter().enumerate() {
        let path = format!("annotations[{i}]");
        let id = ids.take(a.id.take(), &path)?;
        if !seen.insert(id.clone()) {
            return Err(invalid(
                format!("{path}.id"),
                format!("the id {id} is used twice"),
            ));
        }
        let annotation = read_annotation(a, id, &text, &created, &path, &mut warnings)?;
        note_label(&mut labels, &annotation.tag);
        adds.push(Command::Add(annotation));
    }
    if ids.assigned > 0 {
        warnings.push(ImportWarning::IdsAssigned(ids.assigned));
    }
    let mut document = Document::new(header.id, header.meta, text, created);
    let commands = labels
        .into_iter()
        .map(Command::AddLabel)
        .chain(adds)
        .chain(file.unplaced.into_iter().map(Command::AddUnplaced))
        .collect();
    document
        .apply(Command::Batch(commands))
        .map_err(|e| invalid("annotations", e))?;
    let links = file.relations.into_iter().map(Command::AddRelation);
    document
        .apply(Command::Batch(links.collect()))
        .map_err(|e| invalid("relations", e))?;
    if let Some(c) = file.codebook {
        document
            .apply(Command::SetCodebook(Box::new(c)))
            .map_err(|e| invalid("codebook", e))?;
    }
    let named: HashSet<&crate::AnnotatorId> = file.annotators.iter().map(|a| &a.id).collect();
    if let Some(a) = document
        .annotations()
        .find(|a| a.annotator.as_ref().is_some_and(|id| !named.contains(id)))
    {
        return Err(invalid(
            format!("annotation {}", a.id),
            "its annotator is not one of the file's annotators",
        ));
    }
    document
        .apply(Command::SetAnnotators(file.annotators))
        .map_err(|e| invalid("annotators", e))?;
    document.touch(header.modified);
    Ok(Imported { document, warnings })
}

/// The document part of a file, checked, with defaults filled in.
struct DocumentHeader {
    id: DocumentId,
    meta: Metadata,
    text: Text,
    created: Timestamp,
    modified: Timestamp,
}

/// Checks the `document` object's offset unit, id and timestamps.
fn read_document_header(
    d: DocumentJson,
    defaults: &ImportDefaults,
) -> Result<DocumentHeader, FormatError> {
    if let Some(unit) = &d.offset_unit {
        if unit != OFFSET_UNIT {
            return Err(invalid(
                "document.offsetUnit",
                format!("\"{unit}\" is not supported; offsets must count code points (\"{OFFSET_UNIT}\")"),
            ));
        }
    }
    let id = match d.id {
        Some(id) => DocumentId::new(id).map_err(|e| invalid("document.id", e))?,
        None => defaults.document_id.clone(),
    };
    let created = timestamp(d.created, &defaults.now, "document.created")?;
    let modified = timestamp(d.modified, &created, "document.modified")?;
    let meta = Metadata {
        title: d.title,
        source: d.source,
        url: d.url,
        attribution: d.attribution,
        published: d.published,
    };
    Ok(DocumentHeader {
        id,
        meta,
        text: Text::new(d.text),
        created,
        modified,
    })
}

/// The declared labels (without repeats), then those only unplaced
/// annotations name.
fn declared_labels(
    declared: Vec<String>,
    unplaced: &[Unplaced],
) -> Result<Vec<Label>, FormatError> {
    let mut labels = Vec::new();
    for (i, l) in declared.into_iter().enumerate() {
        let label = Label::new(l).map_err(|e| invalid(format!("labels[{i}]"), e))?;
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    for u in unplaced {
        note_label(&mut labels, &u.tag);
    }
    Ok(labels)
}

/// Hands out annotation ids: the file's own, or `a1`, `a2`, … for those
/// without one, skipping ids the file already uses.
struct IdAllocator {
    /// Ids given in the file (only valid ones can clash with generated ids).
    given: HashSet<AnnotationId>,
    next_generated: usize,
    /// How many ids were generated.
    assigned: usize,
}

impl IdAllocator {
    fn new(annotations: &[AnnotationJson], unplaced: &[Unplaced]) -> Self {
        let given = annotations
            .iter()
            .filter_map(|a| AnnotationId::new(a.id.clone()?).ok())
            .chain(unplaced.iter().map(|u| u.id.clone()))
            .collect();
        IdAllocator {
            given,
            next_generated: 1,
            assigned: 0,
        }
    }

    /// The id of the annotation at `path`: its own (checked) or a new one.
    fn take(&mut self, id: Option<String>, path: &str) -> Result<AnnotationId, FormatError> {
        match id {
            Some(id) => AnnotationId::new(id).map_err(|e| invalid(format!("{path}.id"), e)),
            None => Ok(self.generate()),
        }
    }

    fn generate(&mut self) -> AnnotationId {
        let generated =
            |n: usize| AnnotationId::new(format!("a{n}")).expect("generated ids are valid");
        while self.given.contains(&generated(self.next_generated)) {
            self.next_generated += 1;
        }
        self.assigned += 1;
        self.next_generated += 1;
        generated(self.next_generated - 1)
    }
}

/// Reads one annotation (its id already settled): tag, timestamps and span.
fn read_annotation(
    a: AnnotationJson,
    id: AnnotationId,
    text: &Text,
    doc_created: &Timestamp,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Annotation, FormatError> {
    let tag = Tag::parse_any(&a.tag).map_err(|e| invalid(format!("{path}.tag"), e))?;
    let created = timestamp(a.created, doc_created, &format!("{path}.created"))?;
    let modified = timestamp(a.modified, &created, &format!("{path}.modified"))?;
    let quote = a.quote.map(|exact| TextQuote {
        exact,
        prefix: a.prefix.unwrap_or_default(),
        suffix: a.suffix.unwrap_or_default(),
    });
    let (start, end) = place_span(text, (a.start, a.end), quote, &id, path, warnings)?;
    let placed = Annotation {
        id,
        tag,
        start,
        end,
        note: a.note,
        created,
        modified,
        placement: a.placement,
        parts: Vec::new(),
        attributes: a.attributes,
        annotator: a.annotator,
    };
    if a.parts.is_empty() {
        return Ok(placed);
    }
    // The parts move with the extent (its quote was found elsewhere).
    let (from, shift) = (a.start, start);
    let bad = || {
        invalid(
            format!("{path}.parts"),
            "parts must be separate spans inside start..end",
        )
    };
    if !a.parts.iter().all(|p| a.start <= p.start && p.end <= a.end) {
        return Err(bad());
    }
    let at = |x: usize| (x - from).checked_add(shift).ok_or_else(bad);
    let mut moved = Vec::with_capacity(a.parts.len());
    for p in &a.parts {
        moved.push(at(p.start)?..at(p.end)?);
    }
    let placed = placed.with_parts(moved).ok_or_else(bad)?;
    if placed.start == start && placed.end == end && placed.parts.len() == a.parts.len() {
        Ok(placed)
    } else {
        Err(bad())
    }
}

/// Where an annotation goes: its offsets when they hold its quote (or when
/// it has no quote and they are in range), else where its quote is found
/// (with a [`ImportWarning::Moved`]).
fn place_span(
    text: &Text,
    (start, end): (usize, usize),
    quote: Option<TextQuote>,
    id: &AnnotationId,
    path: &str,
    warnings: &mut Vec<ImportWarning>,
) -> Result<(usize, usize), FormatError> {
    let in_range = start < end && end <= text.len();
    let Some(quote) = quote else {
        if in_range {
            return Ok((start, end));
        }
        return Err(invalid(
            path,
            format!(
                "span {start}..{end} is empty or outside the text ({} code points)",
                text.len()
            ),
        ));
    };
    if in_range && text.slice(start..end) == quote.exact {
        return Ok((start, end));
    }
    match locate(text, &quote, Some(start)) {
        Located::At(s, e) => {
            warnings.push(ImportWarning::Moved {
                id: id.clone(),
                from: (start, end),
                to: (s, e),
            });
            Ok((s, e))
        }
        Located::Ambiguous => Err(invalid(
            path,
            format!("its quote is not at {start}..{end} and occurs at several places in the text"),
        )),
        Located::NotFound => Err(invalid(
            path,
            format!("its quote \"{}\" is not in the text", shorten(&quote.exact)),
        )),
    }
}

fn shorten(s: &str) -> String {
    crate::text::shorten(s, 40)
}

#[cfg(test)]
mod tests;
