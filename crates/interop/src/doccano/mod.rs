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
//! `"entities"`, and with `"data"` for `"text"`), one document per line (a
//! JSON array of such objects is accepted too). [`import`] returns the first
//! document and warns when there are more; [`import_all`] returns them all.
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

/// The JSON objects of a file, each with where it was found.
fn records(content: &str) -> Result<Located, InteropError> {
    let content = content.trim_start_matches('\u{feff}');
    let values: Vec<(String, Value)> = if content.trim_start().starts_with('[') {
        let list: Vec<Value> = serde_json::from_str(content)
            .map_err(|e| invalid("the file", format!("not a JSON array ({e})")))?;
        list.into_iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect()
    } else {
        let mut out = Vec::new();
        for (n, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let path = format!("line {}", n + 1);
            let v = serde_json::from_str(line)
                .map_err(|e| invalid(path.clone(), format!("not JSON ({e})")))?;
            out.push((path, v));
        }
        out
    };
    values
        .into_iter()
        .map(|(path, v)| match v {
            Value::Object(m) => Ok((path, m)),
            _ => Err(invalid(path, "not a JSON object")),
        })
        .collect()
}

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

fn raw_span(path: &str, item: &Value) -> Result<RawSpan, InteropError> {
    let span = match item {
        Value::Array(v) => match (offset(v.first()), offset(v.get(1)), v.get(2)) {
            (Some(start), Some(end), Some(Value::String(label))) => RawSpan {
                id: None,
                start,
                end,
                label: label.clone(),
                note: String::new(),
                user: None,
            },
            _ => return Err(invalid(path, "expected [start, end, \"LABEL\"]")),
        },
        Value::Object(m) => {
            if m.get("label").is_some_and(Value::is_number) {
                return Err(invalid(
                    path,
                    "its labels are numbers (a doccano 1.0 export, which names labels by their project's ids); export the project again with label names, or replace the numbers by the names",
                ));
            }
            let (Some(start), Some(end), Some(label)) = (
                offset(m.get("start_offset")),
                offset(m.get("end_offset")),
                m.get("label").and_then(Value::as_str),
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
                label: label.to_string(),
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

fn read_record(path: &str, obj: &Map<String, Value>) -> Result<ForeignFile, InteropError> {
    let text = ["text", "data"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .ok_or_else(|| invalid(path, "no \"text\" string"))?;
    let spans = record_spans(path, obj)?;
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

/// The spans of a record: its `entities`, `label` or `labels` list (the
/// first of them that it has).
/// Where a record keeps its spans: the entities form, the classic `label`
/// (or `labels`) lists, or doccano 1.x's `annotations` (objects with
/// `start_offset`, `end_offset`, `label` and the `user` who made them).
const SPAN_KEYS: [&str; 4] = ["entities", "label", "labels", "annotations"];

fn record_spans(path: &str, obj: &Map<String, Value>) -> Result<Vec<RawSpan>, InteropError> {
    let mut spans = Vec::new();
    if let Some((key, items)) = SPAN_KEYS
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_array).map(|a| (*k, a)))
    {
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

/// Reads every document of a doccano JSONL file (or JSON array), in order.
/// Positions come out in code points (see the module notes on units).
pub fn import_all(content: &str) -> Result<Vec<ForeignFile>, InteropError> {
    records(content)?
        .iter()
        .map(|(path, obj)| read_record(path, obj))
        .collect()
}

/// Reads the first document of a doccano JSONL file, warning when the file
/// holds more (they are checked but not returned; see [`import_all`]).
pub fn import(content: &str) -> Result<ForeignFile, InteropError> {
    super::first_of(
        import_all(content)?,
        "documents",
        invalid("the file", "no documents"),
    )
}

/// True when `content` reads as doccano sequence-labelling JSONL: its first
/// record is an object with a `"text"` (or `"data"`) string and a list of
/// spans under one of [`SPAN_KEYS`].
pub fn looks_like(content: &str) -> bool {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    let first: Option<Value> = if t.starts_with('[') {
        serde_json::from_str::<Vec<Value>>(t)
            .ok()
            .and_then(|v| v.into_iter().next())
    } else {
        t.lines().next().and_then(|l| serde_json::from_str(l).ok())
    };
    let Some(Value::Object(m)) = first else {
        return false;
    };
    let has_text = ["text", "data"]
        .iter()
        .any(|k| m.get(*k).is_some_and(Value::is_string));
    let has_spans = SPAN_KEYS.iter().any(|k| {
        m.get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| a.first().is_none_or(|x| x.is_array() || x.is_object()))
    });
    has_text && has_spans
}

#[cfg(test)]
mod tests;
