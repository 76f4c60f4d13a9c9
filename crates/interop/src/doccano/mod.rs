//! doccano JSONL: one JSON object per line, one line per document
//! (<https://github.com/doccano/doccano>, sequence labelling projects).
//!
//! **Offset unit: UTF-16 code units** — not code points. doccano's
//! annotation view (`v-annotator`) takes the browser selection's offsets,
//! which count UTF-16 units, and stores them as they are; doccano issues
//! #2290 (2023) and #2484 (2026), both open, report that its offsets differ
//! from Python's `str` indices after any character outside the Basic
//! Multilingual Plane (emoji, some CJK). Projects created with "Count
//! grapheme clusters as one character" count grapheme clusters instead;
//! those are not supported (offsets after a multi-code-point cluster, such
//! as `e` + combining accent or a ZWJ emoji, would be misread). Code points,
//! UTF-16 units and bytes agree on text without such characters.
//!
//! Writing ([`export`], [`export_all`]): the "relation extraction" shape that
//! doccano exports and imports when relations are enabled:
//! `{"id", "text", "entities": [{"id", "label", "start_offset",
//! "end_offset"}], "relations": []}`, offsets in UTF-16 units so that doccano
//! shows the spans where they belong. Entity ids are 0, 1, 2… in text order
//! (doccano requires integers). doccano's comments belong to a whole
//! document, not to a span, so a note is written as a `"note"` field on its
//! entity (doccano ignores unknown entity fields on import). The title, and
//! the outlet and URL when known, are extra top-level fields
//! (`"title"`, `"source"`, `"url"`), which doccano keeps as metadata.
//!
//! Reading ([`import`], [`import_all`]): that shape and the older one,
//! `"label": [[start, end, "LABEL"], …]` (also under `"labels"` or
//! `"entities"`, and with `"data"` for `"text"`), or doccano 1.0's
//! `"annotations"` whose labels are numbers (read as `label 12`, with a
//! warning: the file names labels by its project's ids). Records are read
//! as JSON Lines, pretty-printed objects (one or several) or a JSON array
//! (see `records.rs`); custom column names are found and said. A record without
//! a text is skipped with a warning. [`import`] returns the first document
//! and warns when there are more, unless the first has no spans and others
//! have: the documents are then joined into one text; [`import_all`]
//! returns them all.
//! Offsets are read as UTF-16 units; where the text has characters outside
//! the BMP and the offsets only make sense as code points (they would split
//! a surrogate pair, run past the end, or land inside words where code
//! points land on word edges) they are read as code points, with a warning,
//! since files produced by Python scripts count code points. Positions are
//! handed on in code points with a quote taken from the file's text.
//! `relations` (`from_id` → `to_id` by entity id, with a `type`; with or
//! without an `id`) become relations between the entities; document
//! comments are skipped with a warning.

use crate::reanchor::{Position, Selector, Unit};
use crate::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use marginalia_core::anchor::TextQuote;
use marginalia_core::document::Document;
use marginalia_core::import::ForeignRelation;
use marginalia_core::text::{Text, Utf16Index};
use read::Read;
use records::Columns;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

const FORMAT: &str = "doccano";

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<RelationOut<'a>>,
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
}

/// A relation as doccano writes it: between two entities of the line.
#[derive(Serialize)]
struct RelationOut<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// Writes `doc` as one doccano JSONL line (ending in `\n`). Offsets are
/// UTF-16 code units, as doccano counts them. Relations are written as
/// doccano's `relations` (`from_id` → `to_id`, by entity id); a relation's
/// note has no place there and is left out. Each part of a multi-part
/// annotation is an entity of its own (same label and note; the first
/// stands for it in relations).
pub fn export(doc: &Document) -> String {
    let text = doc.text().as_str();
    let utf16 = Utf16Index::new(text);
    let meta = doc.meta();
    // One entity per span: a multi-part annotation's parts are entities of
    // their own (doccano has no multi-part spans), the first one standing
    // for it in relations.
    let mut entity_of: HashMap<&marginalia_core::AnnotationId, usize> = HashMap::new();
    let mut entities = Vec::with_capacity(doc.len());
    for a in doc.annotations() {
        entity_of.insert(&a.id, entities.len());
        for p in a.parts() {
            entities.push(Entity {
                id: entities.len(),
                label: a.tag.as_str(),
                start_offset: utf16.to_utf16(p.start),
                end_offset: utf16.to_utf16(p.end),
                note: &a.note,
            });
        }
    }
    let relations = doc
        .relations()
        .iter()
        .filter_map(|r| Some((*entity_of.get(&r.from)?, *entity_of.get(&r.to)?, r)))
        .enumerate()
        .map(|(i, (from_id, to_id, r))| RelationOut {
            id: i,
            from_id,
            to_id,
            kind: r.kind.as_str(),
        })
        .collect();
    let line = Line {
        id: doc.id().as_str(),
        text,
        entities,
        relations,
        title: &meta.title,
        source: meta.source.as_deref(),
        url: meta.url.as_deref(),
    };
    let mut out = serde_json::to_string(&line).unwrap_or_default();
    out.push('\n');
    out
}

/// Writes several documents as doccano JSONL, one line each, in order.
/// Offsets are UTF-16 code units.
pub fn export_all<'a>(docs: impl IntoIterator<Item = &'a Document>) -> String {
    docs.into_iter().map(export).collect()
}

fn invalid(path: impl Into<String>, reason: impl Into<String>) -> InteropError {
    InteropError::Invalid {
        format: FORMAT,
        path: path.into(),
        reason: reason.into(),
    }
}

/// JSON objects, each with where in the file it was found.
pub(super) type Located = Vec<(String, Map<String, Value>)>;

/// A span as the file states it, offsets not yet interpreted.
struct RawSpan {
    id: Option<String>,
    start: usize,
    end: usize,
    label: String,
    note: String,
    /// Who made it (doccano 1.x's `user`, a user id), when the file says.
    user: Option<String>,
}

/// The annotator of a span by doccano user `user` (its id): `doccano-user-<id>`,
/// named "doccano user <id>" (the file gives no name).
fn user_annotator(user: &str) -> Option<marginalia_core::Annotator> {
    let id = marginalia_core::AnnotatorId::of_foreign("doccano-user", user)?;
    Some(marginalia_core::Annotator::new(
        id,
        &format!("doccano user {user}"),
    ))
}

fn offset(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// The prefix of a label read from a number: doccano 1.0 exports name
/// labels by their project's numeric ids, so `12` is read as `label 12`.
pub(super) const NUMBERED: &str = "label ";

/// A span's label: a string as it is, a number `n` as `label n` (see
/// [`NUMBERED`]).
fn label_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() => Some(format!("{NUMBERED}{n}")),
        _ => None,
    }
}

fn raw_span(path: &str, item: &Value) -> Result<RawSpan, InteropError> {
    let span = match item {
        Value::Array(v) => match (
            offset(v.first()),
            offset(v.get(1)),
            v.get(2).and_then(label_of),
        ) {
            (Some(start), Some(end), Some(label)) => RawSpan {
                id: None,
                start,
                end,
                label,
                note: String::new(),
                user: None,
            },
            _ => return Err(invalid(path, "expected [start, end, \"LABEL\"]")),
        },
        Value::Object(m) => {
            let (Some(start), Some(end), Some(label)) = (
                offset(m.get("start_offset")),
                offset(m.get("end_offset")),
                m.get("label").and_then(label_of),
            ) else {
                return Err(invalid(
                    path,
                    "expected \"start_offset\", \"end_offset\" (whole numbers) and \"label\"",
                ));
            };
            let id = id_of(m.get("id"));
            let note = m
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let user = match m.get("user") {
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::String(u)) if !u.trim().is_empty() => Some(u.trim().to_string()),
                _ => None,
            };
            RawSpan {
                id,
                start,
                end,
                label,
                note,
                user,
            }
        }
        Value::String(_) => {
            return Err(invalid(
                path,
                "a category, not a span: this looks like a text-classification export",
            ))
        }
        _ => return Err(invalid(path, "expected a span")),
    };
    if span.start >= span.end {
        return Err(invalid(path, "the span ends before it starts or is empty"));
    }
    if span.label.is_empty() {
        return Err(invalid(path, "the label is empty"));
    }
    Ok(span)
}

/// How well a code-point span sits on the text: 1 when it neither starts
/// nor ends with white space nor cuts a word, else 0.
fn fits(chars: &[char], (s, e): (usize, usize)) -> usize {
    let word = |c: char| c.is_alphanumeric();
    let clean = !chars[s].is_whitespace() && !chars[e - 1].is_whitespace();
    let left = s == 0 || !(word(chars[s - 1]) && word(chars[s]));
    let right = e == chars.len() || !(word(chars[e - 1]) && word(chars[e]));
    usize::from(clean && left && right)
}

/// Reads one record, whose text is `text`, its spans where `columns` say.
fn read_record(
    path: &str,
    obj: &Map<String, Value>,
    text: &str,
    columns: &Columns,
) -> Result<ForeignFile, InteropError> {
    let spans = record_spans(path, obj, columns)?;
    let mut warnings = skipped_warnings(path, obj);
    let utf16 = Utf16Index::new(text);
    let as_utf16: Vec<Option<(usize, usize)>> = spans
        .iter()
        .map(|s| Some((utf16.to_cp_exact(s.start)?, utf16.to_cp_exact(s.end)?)))
        .collect();
    let cp_len = utf16.len();
    let as_cp: Vec<Option<(usize, usize)>> = spans
        .iter()
        .map(|s| (s.end <= cp_len).then_some((s.start, s.end)))
        .collect();
    let use_cp =
        utf16.extra() > 0 && !spans.is_empty() && code_points_fit_better(text, &as_utf16, &as_cp);
    if use_cp {
        warnings.push(format!(
            "{path}: offsets read as code points (as Python counts), not as UTF-16 units like doccano, because they fit the text that way"
        ));
    }
    let placed = if use_cp { as_cp } else { as_utf16 };
    let (annotations, bad) = place_spans(&Text::new(text), spans, placed);
    if bad > 0 {
        warnings.push(format!(
            "{path}: {bad} span(s) do not fit the text (past its end or inside a character)"
        ));
    }
    let relations = read_relations(path, obj, &annotations, &mut warnings);
    let string = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(ForeignFile {
        format: FormatKind::Doccano,
        text: Some(text.to_string()),
        title: string("title"),
        source: string("url").or_else(|| string("source")),
        annotations,
        relations,
        warnings,
        codebook: None,
    })
}

/// A JSON id (a number or a string) as text.
fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The record's `relations` (`from_id` → `to_id`, entity ids, and a
/// `type`) between its `annotations`. One that is malformed or names an
/// entity the record does not have is skipped, and counted in a warning.
fn read_relations(
    path: &str,
    obj: &Map<String, Value>,
    annotations: &[ForeignAnnotation],
    warnings: &mut Vec<String>,
) -> Vec<ForeignRelation> {
    let Some(items) = obj.get("relations").and_then(Value::as_array) else {
        return Vec::new();
    };
    let index: HashMap<&str, usize> = annotations
        .iter()
        .enumerate()
        .filter_map(|(i, a)| Some((a.id.as_deref()?, i)))
        .collect();
    let end = |v: Option<&Value>| id_of(v).and_then(|id| index.get(id.as_str()).copied());
    let mut skipped = Vec::new();
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let kind = item.get("type").and_then(Value::as_str).unwrap_or_default();
        match (end(item.get("from_id")), end(item.get("to_id"))) {
            (Some(from), Some(to)) if !kind.is_empty() => out.push(ForeignRelation {
                id: None,
                kind: kind.to_string(),
                from,
                to,
                note: String::new(),
            }),
            _ => skipped.push(i.to_string()),
        }
    }
    if !skipped.is_empty() {
        warnings.push(format!(
            "{path}: skipped relations[{}] (without a type, or to an entity the line does not have)",
            skipped.join(", ")
        ));
    }
    out
}

/// Where a record keeps its spans: the entities form, the classic `label`
/// (or `labels`) lists, or doccano 1.x's `annotations` (objects with
/// `start_offset`, `end_offset`, `label` and the `user` who made them).
const SPAN_KEYS: [&str; 4] = ["entities", "label", "labels", "annotations"];

/// The spans of a record: the first list it has under [`SPAN_KEYS`], or
/// under the file's custom column.
fn record_spans(
    path: &str,
    obj: &Map<String, Value>,
    columns: &Columns,
) -> Result<Vec<RawSpan>, InteropError> {
    let mut spans = Vec::new();
    if let Some((key, items)) = columns.spans(obj) {
        for (i, item) in items.iter().enumerate() {
            spans.push(raw_span(&format!("{path}: {key}[{i}]"), item)?);
        }
    }
    Ok(spans)
}

/// Warnings for what a record holds that Marginalia does not read:
/// document comments.
fn skipped_warnings(path: &str, obj: &Map<String, Value>) -> Vec<String> {
    let mut warnings = Vec::new();
    let count = |k: &str| obj.get(k).and_then(Value::as_array).map_or(0, Vec::len);
    let comments = count("Comments") + count("comments");
    if comments > 0 {
        warnings.push(format!(
            "{path}: skipped {comments} document comment(s) (Marginalia notes belong to spans)"
        ));
    }
    warnings
}

/// True when the spans, read as code points, fit `text` better than read as
/// UTF-16 units: only they all fit, or both do and they sit better on word
/// edges (see [`fits`]).
fn code_points_fit_better(
    text: &str,
    as_utf16: &[Option<(usize, usize)>],
    as_cp: &[Option<(usize, usize)>],
) -> bool {
    let all16 = as_utf16.iter().all(Option::is_some);
    let all_cp = as_cp.iter().all(Option::is_some);
    if all16 && all_cp {
        let chars: Vec<char> = text.chars().collect();
        let score = |v: &[Option<(usize, usize)>]| -> usize {
            v.iter().flatten().map(|&s| fits(&chars, s)).sum()
        };
        score(as_cp) > score(as_utf16)
    } else {
        all_cp && !all16
    }
}

/// The annotations of the spans at their code-point places (`placed`, one
/// per span), with how many did not fit the text (kept with their offsets
/// in an unknown unit and no quote).
fn place_spans(
    t: &Text,
    spans: Vec<RawSpan>,
    placed: Vec<Option<(usize, usize)>>,
) -> (Vec<ForeignAnnotation>, usize) {
    let mut bad = 0;
    let annotations = spans
        .into_iter()
        .zip(placed)
        .map(|(s, placed)| {
            let selector = match placed {
                Some((start, end)) => Selector {
                    position: Some(Position {
                        start,
                        end,
                        unit: Unit::CodePoint,
                    }),
                    quote: Some(TextQuote::of(t, start, end)),
                },
                None => {
                    bad += 1;
                    Selector {
                        position: Some(Position {
                            start: s.start,
                            end: s.end,
                            unit: Unit::Unknown,
                        }),
                        quote: None,
                    }
                }
            };
            ForeignAnnotation {
                id: s.id,
                label: s.label,
                selector,
                note: s.note,
                created: None,
                modified: None,
                parts: Vec::new(),
                attributes: Default::default(),
                part_quotes: Vec::new(),
                annotator: s.user.as_deref().and_then(user_annotator),
            }
        })
        .collect();
    (annotations, bad)
}

/// Reads every document of a doccano file, in order (see the module notes):
/// each carries the notes about the whole file after its own warnings.
/// Positions come out in code points (see the module notes on units).
pub fn import_all(content: &str) -> Result<Vec<ForeignFile>, InteropError> {
    let Read { mut docs, notes } = read::read(content)?;
    for d in &mut docs {
        d.warnings.extend(notes.iter().cloned());
    }
    Ok(docs)
}

/// Reads the first document of a doccano file, warning when the file holds
/// more (they are checked but not returned; see [`import_all`]). When the
/// first has no spans but others have, the documents are parts of one text
/// (paragraphs annotated one by one, as a doccano project often holds a
/// long text): they are joined, a blank line between each, and said so.
pub fn import(content: &str) -> Result<ForeignFile, InteropError> {
    let Read { docs, notes } = read::read(content)?;
    let join = docs.len() > 1
        && docs[0].annotations.is_empty()
        && docs.iter().any(|d| !d.annotations.is_empty());
    let mut file = if join {
        read::join(docs)
    } else {
        super::first_of(docs, "documents", invalid("the file", "no documents"))?
    };
    file.warnings.extend(notes);
    Ok(file)
}

/// True when `content` reads as a doccano file: its first record (first
/// JSON value, or first item of an array) is an object with a text
/// (`"text"`, `"data"` or a custom column) and a list of spans (under one
/// of `entities`, `label`, `labels`, `annotations`, or a custom column).
pub fn looks_like(content: &str) -> bool {
    records::first_is_record(content)
}

mod read;
#[cfg(test)]
mod real_tests;
mod records;
#[cfg(test)]
mod tests;
