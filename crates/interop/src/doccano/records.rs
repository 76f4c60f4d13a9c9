//! The records of a doccano file and the columns they keep their text and
//! spans in.
//!
//! A file is read as a stream of JSON values: JSON Lines (one record a
//! line), one pretty-printed record or several concatenated ones (doccano's
//! own export examples are pretty-printed in `.jsonl` files), or a JSON
//! array of records. Each record is named by the line it starts on
//! (`line 3`), or by its index in the array (`[2]`).
//!
//! doccano lets a project map its own column names at import time (e.g.
//! `column_data` for the text, `column_label` for the spans). When a file's
//! records have none of the usual names, the text is the one string field
//! that is not metadata, and the spans the field whose items are all
//! spans; the file then says which it read, in a warning.

use super::{invalid, Located, SPAN_KEYS};
use crate::InteropError;
use serde_json::{Map, Value};

/// The usual names of a record's text: `text`, or doccano 1.x's `data`.
pub(super) const TEXT_KEYS: [&str; 2] = ["text", "data"];

/// Fields that are never the text or the spans of a record.
const METADATA: [&str; 12] = [
    "id",
    "title",
    "url",
    "source",
    "meta",
    "user",
    "created_at",
    "updated_at",
    "annotation_approver",
    "relations",
    "comments",
    "Comments",
];

/// The JSON objects of a file, each with where it was found.
pub(super) fn records(content: &str) -> Result<Located, InteropError> {
    let content = content.trim_start_matches('\u{feff}');
    let values = values(content)?;
    let alone = values.len() == 1;
    let mut out = Vec::new();
    for (line, v) in values {
        match v {
            Value::Array(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    let path = if alone {
                        format!("[{i}]")
                    } else {
                        format!("line {line}: [{i}]")
                    };
                    out.push((path, item));
                }
            }
            v => out.push((format!("line {line}"), v)),
        }
    }
    out.into_iter()
        .map(|(path, v)| match v {
            Value::Object(m) => Ok((path, m)),
            _ => Err(invalid(path, "not a JSON object")),
        })
        .collect()
}

/// The JSON values of `content` in order, each with the line it starts on.
fn values(content: &str) -> Result<Vec<(usize, Value)>, InteropError> {
    let mut stream = serde_json::Deserializer::from_str(content).into_iter::<Value>();
    let mut out = Vec::new();
    let (mut line, mut counted) = (1, 0);
    loop {
        let at = stream.byte_offset();
        let start = at + (content[at..].len() - content[at..].trim_start().len());
        match stream.next() {
            None => return Ok(out),
            Some(Ok(v)) => {
                line += content[counted..start].matches('\n').count();
                counted = start;
                out.push((line, v));
            }
            Some(Err(e)) => {
                return Err(invalid(
                    format!("line {}", e.line().max(1)),
                    format!("not JSON ({e})"),
                ))
            }
        }
    }
}

/// True when `v` is a span: `[start, end, label]` or an object with
/// `start_offset` and `end_offset`.
fn is_span(v: &Value) -> bool {
    match v {
        Value::Array(a) => {
            a.len() >= 3 && a[0].is_u64() && a[1].is_u64() && (a[2].is_string() || a[2].is_number())
        }
        Value::Object(m) => m.contains_key("start_offset") && m.contains_key("end_offset"),
        _ => false,
    }
}

/// Where a file's records keep their text and spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Columns {
    /// The text's field, when the records have a usual one or the file has
    /// a custom one; `None` reads the usual names record by record.
    pub text: Option<String>,
    /// The spans' field, when the file has a custom one; `None` reads the
    /// usual names ([`SPAN_KEYS`]) record by record.
    pub spans: Option<String>,
}

impl Columns {
    /// The usual names.
    pub(super) const USUAL: Columns = Columns {
        text: None,
        spans: None,
    };

    /// The record's text under these columns.
    pub(super) fn text<'a>(&self, obj: &'a Map<String, Value>) -> Option<&'a str> {
        match &self.text {
            Some(k) => obj.get(k).and_then(Value::as_str),
            None => TEXT_KEYS
                .iter()
                .find_map(|k| obj.get(*k).and_then(Value::as_str)),
        }
    }

    /// The record's span list (with its field's name) under these columns.
    pub(super) fn spans<'a>(&self, obj: &'a Map<String, Value>) -> Option<(&'a str, &'a [Value])> {
        let named = |k: &str| {
            obj.get_key_value(k)
                .and_then(|(k, v)| Some((k.as_str(), v.as_array()?.as_slice())))
        };
        match &self.spans {
            Some(k) => named(k),
            None => SPAN_KEYS.iter().find_map(|k| named(k)),
        }
    }

    /// The columns of a file: the usual names when a record uses them,
    /// else the custom ones the first records show (see the module notes).
    pub(super) fn of(records: &Located) -> Columns {
        let objs = || records.iter().map(|(_, m)| m);
        let usual_text = objs().any(|m| Columns::USUAL.text(m).is_some());
        let usual_spans = objs().any(|m| Columns::USUAL.spans(m).is_some());
        let text = if usual_text {
            None
        } else {
            objs().find_map(custom_text)
        };
        let spans = if usual_spans {
            None
        } else {
            objs()
                .find_map(|m| custom_spans(m, true))
                .or_else(|| objs().find_map(|m| custom_spans(m, false)))
        };
        Columns { text, spans }
    }

    /// A warning naming the custom columns read, if any.
    pub(super) fn note(&self) -> Option<String> {
        let field = |k: &Option<String>| k.as_ref().map(|k| format!("\"{k}\""));
        match (field(&self.text), field(&self.spans)) {
            (None, None) => None,
            (t, s) => Some(format!(
                "custom column names (as a doccano project may map them): the text read from {}, the spans from {}",
                t.unwrap_or_else(|| "\"text\"".into()),
                s.unwrap_or_else(|| "\"label\"".into()),
            )),
        }
    }
}

/// The one string field of `m` that may be its text (not metadata).
fn custom_text(m: &Map<String, Value>) -> Option<String> {
    let mut strings = m
        .iter()
        .filter(|(k, v)| v.is_string() && !METADATA.contains(&k.as_str()));
    let (k, _) = strings.next()?;
    strings.next().is_none().then(|| k.clone())
}

/// The field of `m` whose items are all spans: a non-empty one when
/// `filled`, else an empty list (the only list field of the record).
fn custom_spans(m: &Map<String, Value>, filled: bool) -> Option<String> {
    let lists = || {
        m.iter()
            .filter(|(k, _)| !METADATA.contains(&k.as_str()))
            .filter_map(|(k, v)| Some((k, v.as_array()?)))
    };
    if filled {
        lists()
            .find(|(_, a)| !a.is_empty() && a.iter().all(is_span))
            .map(|(k, _)| k.clone())
    } else {
        let mut all = lists();
        let (k, a) = all.next()?;
        (a.is_empty() && all.next().is_none()).then(|| k.clone())
    }
}

/// True when the first record of `content` (its first JSON value, or the
/// first item of an array) has a text and a list of spans, under the usual
/// names or custom ones.
pub(super) fn first_is_record(content: &str) -> bool {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    let first = serde_json::Deserializer::from_str(t)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok);
    let first = match first {
        Some(Value::Array(a)) => a.into_iter().next(),
        v => v,
    };
    let Some(Value::Object(m)) = first else {
        return false;
    };
    let located = vec![(String::new(), m)];
    let columns = Columns::of(&located);
    let m = &located[0].1;
    columns.text(m).is_some()
        && columns
            .spans(m)
            .is_some_and(|(_, a)| a.first().is_none_or(|x| x.is_array() || x.is_object()))
}
