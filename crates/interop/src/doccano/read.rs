//! Reading a whole doccano file: its records, the ones skipped, the notes
//! about the file, and joining its documents into one text.

use super::records::{records, Columns};
use super::{invalid, read_record, NUMBERED};
use crate::reanchor::{Position, Unit};
use crate::{ForeignFile, FormatKind, InteropError};
use marginalia_core::anchor::TextQuote;
use marginalia_core::text::Text;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// What a doccano file holds.
pub(super) struct Read {
    /// Its documents, in file order.
    pub docs: Vec<ForeignFile>,
    /// Warnings about the whole file (custom columns, skipped records,
    /// numbered labels).
    pub notes: Vec<String>,
}

/// Reads every record of `content` that has a text; a record without one
/// is skipped, with a note (doccano refuses such a record on import too).
/// A file with no record that has a text is an error.
pub(super) fn read(content: &str) -> Result<Read, InteropError> {
    let records = records(content)?;
    let columns = Columns::of(&records);
    let mut docs = Vec::with_capacity(records.len());
    let mut skipped = Vec::new();
    let mut numbers = BTreeSet::new();
    for (path, obj) in &records {
        let Some(text) = columns.text(obj) else {
            skipped.push(path.as_str());
            continue;
        };
        docs.push(read_record(path, obj, text, &columns)?);
        numbers.extend(numbered(obj, &columns));
    }
    let field = columns.text.as_deref().unwrap_or("text");
    if docs.is_empty() {
        return Err(match skipped.first() {
            Some(path) => invalid(*path, format!("no \"{field}\" string")),
            None => invalid("the file", "no documents"),
        });
    }
    let mut notes: Vec<String> = columns.note().into_iter().collect();
    if !skipped.is_empty() {
        notes.push(format!(
            "skipped {} (no \"{field}\" string, so nothing to place their spans on)",
            skipped.join(", ")
        ));
    }
    if !numbers.is_empty() {
        let ids: Vec<String> = numbers.iter().map(u64::to_string).collect();
        notes.push(format!(
            "the labels are numbers ({}): the file names labels by its doccano project's label ids (a doccano 1.0 export), so they were read as \"{NUMBERED}{}\" and so on; rename them to the project's label names",
            ids.join(", "),
            ids[0],
        ));
    }
    Ok(Read { docs, notes })
}

/// The numeric labels of a record's spans.
fn numbered(obj: &Map<String, Value>, columns: &Columns) -> Vec<u64> {
    let Some((_, items)) = columns.spans(obj) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Value::Array(a) => a.get(2)?.as_u64(),
            Value::Object(m) => m.get("label")?.as_u64(),
            _ => None,
        })
        .collect()
}

/// Between two joined documents.
const SEPARATOR: &str = "\n\n";

/// The documents as one: their texts in order with a blank line between
/// each, their spans moved to match (quotes taken from the whole text), and
/// their relations, warnings, first title and first source.
pub(super) fn join(docs: Vec<ForeignFile>) -> ForeignFile {
    let n = docs.len();
    let mut text = String::new();
    let mut shift = 0;
    let mut out = ForeignFile {
        format: FormatKind::Doccano,
        text: None,
        title: None,
        source: None,
        annotations: Vec::new(),
        relations: Vec::new(),
        warnings: Vec::new(),
        codebook: None,
    };
    for (i, d) in docs.into_iter().enumerate() {
        if i > 0 {
            text.push_str(SEPARATOR);
            shift += SEPARATOR.chars().count();
        }
        let own = d.text.unwrap_or_default();
        let base = out.annotations.len();
        out.annotations
            .extend(d.annotations.into_iter().map(|mut a| {
                if let Some(p) = a.selector.position.as_mut() {
                    p.start += shift;
                    p.end += shift;
                }
                a
            }));
        out.relations.extend(d.relations.into_iter().map(|mut r| {
            r.from += base;
            r.to += base;
            r
        }));
        out.warnings.extend(d.warnings);
        out.title = out.title.or(d.title);
        out.source = out.source.or(d.source);
        shift += own.chars().count();
        text.push_str(&own);
    }
    let whole = Text::new(&text);
    for a in &mut out.annotations {
        if let Some(Position {
            start,
            end,
            unit: Unit::CodePoint,
        }) = a.selector.position
        {
            a.selector.quote = Some(TextQuote::of(&whole, start, end));
        }
    }
    out.warnings.push(format!(
        "the file holds {n} documents and the first has no spans, so they were read as parts of one text: joined in file order, a blank line between each"
    ));
    out.text = Some(text);
    out
}
