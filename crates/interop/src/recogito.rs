//! Recogito text-annotator's own JSON (its in-memory `TextAnnotation`,
//! which it also saves when no W3C adapter is set): not W3C. A list of
//! `{"id", "bodies": [...], "target": {"selector": [{"quote", "start",
//! "end", "range"}], "creator", "created", "updated"}}`.
//!
//! Each annotation's `quote` is the text to find; `start`/`end` count UTF-16
//! units of the text content of the page's annotated element, which is not
//! Marginalia's text (and they go stale when the page is re-indented), so
//! they are only a hint: the quote decides where an annotation lands. The
//! `creator` is its annotator; bodies whose `purpose` is `tagging` are its
//! labels (one annotation per label, as for W3C), the others its note.
//! The rules are in `docs/formats/w3c.md`.

use crate::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use marginalia_core::anchor::TextQuote;
use marginalia_core::annotation::Timestamp;
use marginalia_core::selector::{Position, Selector, Unit};
use serde_json::Value;

/// The format's name in messages.
const FORMAT: &str = "Recogito text annotator";

/// Whether `content` is Recogito text-annotator's own JSON: a list (or one
/// object) whose first annotation has a `bodies` list and a `target` whose
/// `selector` holds a `quote` or `start`. W3C files (`body`, `@context`)
/// are not.
pub fn looks_like(content: &str) -> bool {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    if !(t.starts_with('[') || t.starts_with('{')) || !t.contains("\"bodies\"") {
        return false;
    }
    serde_json::from_str::<Value>(t).is_ok_and(|v| match &v {
        Value::Array(list) => list.iter().find(|a| a.is_object()).is_some_and(is_native),
        one => is_native(one),
    })
}

/// One annotation of the format.
fn is_native(a: &Value) -> bool {
    let first = match &a["target"]["selector"] {
        Value::Array(list) => list.first(),
        one => Some(one),
    };
    a["bodies"].is_array()
        && a.get("@context").is_none()
        && first.is_some_and(|s| s.get("quote").is_some() || s.get("start").is_some())
}

/// Reads Recogito text-annotator's own JSON (see the module documentation).
/// The file never carries the text ([`ForeignFile::text`] is `None`).
pub fn import(content: &str) -> Result<ForeignFile, InteropError> {
    let content = content.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(content).map_err(|e| {
        invalid(
            format!("line {}, column {}", e.line(), e.column()),
            format!("not valid JSON ({e})"),
        )
    })?;
    let list = match value {
        Value::Array(list) => list,
        one @ Value::Object(_) => vec![one],
        _ => return Err(invalid("file", "expected a list of annotations")),
    };
    let mut file = ForeignFile {
        format: FormatKind::Recogito,
        text: None,
        title: None,
        source: None,
        annotations: Vec::with_capacity(list.len()),
        relations: Vec::new(),
        warnings: Vec::new(),
        codebook: None,
    };
    let mut untagged = 0;
    for (i, a) in list.iter().enumerate() {
        let read = read_one(a, &format!("[{i}]"), &mut file.warnings)?;
        let Some((first, labels)) = read else {
            continue;
        };
        if labels.is_empty() {
            untagged += 1;
        }
        push_per_label(&mut file, first, labels);
    }
    if untagged > 0 {
        file.warnings.push(format!(
            "{untagged} annotation(s) have no tag (no tagging body): they get the label \"untagged\""
        ));
    }
    Ok(file)
}

/// One annotation (`None` when it selects nothing, with a warning) and
/// its labels.
fn read_one(
    a: &Value,
    at: &str,
    warnings: &mut Vec<String>,
) -> Result<Option<(ForeignAnnotation, Vec<String>)>, InteropError> {
    let target = a
        .get("target")
        .filter(|t| t.is_object())
        .ok_or_else(|| invalid(format!("{at}.target"), "missing: an object with a selector"))?;
    let selectors: Vec<&Value> = match &target["selector"] {
        Value::Array(list) => list.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => {
            return Err(invalid(
                format!("{at}.target.selector"),
                "missing: a list of {quote, start, end}",
            ))
        }
    };
    let id = a.get("id").and_then(Value::as_str).map(str::to_string);
    let who = match &id {
        Some(id) => format!("{at} ({})", marginalia_core::text::shorten(id, 60)),
        None => at.to_string(),
    };
    let Some(first) = selectors.first() else {
        warnings.push(format!("{who}: its selector list is empty; skipped"));
        return Ok(None);
    };
    if selectors.len() > 1 {
        warnings.push(format!(
            "{who}: {} selected ranges; only the first was read",
            selectors.len()
        ));
    }
    let selector = read_selector(first, &format!("{at}.target.selector[0]"))?;
    if selector.quote.is_none() && selector.position.is_none() {
        warnings.push(format!("{who}: it selects no text; skipped"));
        return Ok(None);
    }
    let (labels, note) = bodies(&a["bodies"], at, warnings)?;
    let time = |name: &str| {
        let t = target.get(name).or_else(|| a.get(name))?.as_str()?;
        Timestamp::new(t).ok()
    };
    let creator = target.get("creator").or_else(|| a.get("creator"));
    let annotation = ForeignAnnotation {
        id,
        label: String::new(),
        selector,
        note,
        created: time("created"),
        modified: time("updated"),
        annotator: creator.and_then(annotator_of),
        ..ForeignAnnotation::default()
    };
    Ok(Some((annotation, labels)))
}

/// `{quote, start, end}`: the quote (when not empty) and the position as
/// a UTF-16 hint (when both ends are whole numbers, `end` not before
/// `start`, and they select something).
fn read_selector(s: &Value, at: &str) -> Result<Selector, InteropError> {
    let quote = match s.get("quote") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) if q.is_empty() => None,
        Some(Value::String(q)) => Some(TextQuote {
            exact: q.clone(),
            prefix: String::new(),
            suffix: String::new(),
        }),
        Some(_) => return Err(invalid(format!("{at}.quote"), "must be a string")),
    };
    let end_of = |name: &str| -> Result<Option<usize>, InteropError> {
        match s.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        format!("{at}.{name}"),
                        "must be a whole number of at least 0",
                    )
                }),
        }
    };
    let position = match (end_of("start")?, end_of("end")?) {
        (Some(start), Some(end)) if end < start => {
            return Err(invalid(
                format!("{at}.end"),
                format!("{end} is before start ({start})"),
            ))
        }
        (Some(start), Some(end)) if end > start => Some(Position {
            start,
            end,
            unit: Unit::Utf16,
        }),
        _ => None,
    };
    Ok(Selector { position, quote })
}

/// The labels (tagging bodies) and the note (the other bodies' values,
/// joined by a blank line) of `bodies`.
fn bodies(
    bodies: &Value,
    at: &str,
    warnings: &mut Vec<String>,
) -> Result<(Vec<String>, String), InteropError> {
    let list = match bodies {
        Value::Array(list) => list.as_slice(),
        Value::Null => &[],
        _ => return Err(invalid(format!("{at}.bodies"), "must be a list")),
    };
    let (mut labels, mut notes) = (Vec::<String>::new(), Vec::<String>::new());
    for (i, b) in list.iter().enumerate() {
        let Some(value) = b.get("value").and_then(Value::as_str) else {
            warnings.push(format!(
                "{at}.bodies[{i}]: a body without a text value was ignored"
            ));
            continue;
        };
        let tagging = matches!(b.get("purpose").and_then(Value::as_str), Some("tagging"));
        let (list, keep) = match tagging {
            true => (&mut labels, !value.trim().is_empty()),
            false => (&mut notes, !value.is_empty()),
        };
        if keep && !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
    Ok((labels, notes.join("\n\n")))
}

/// Adds `first` once per label (the first keeps the id, with a warning
/// when there are several), or once unlabelled.
fn push_per_label(file: &mut ForeignFile, first: ForeignAnnotation, labels: Vec<String>) {
    if labels.len() > 1 {
        file.warnings.push(format!(
            "{}: {} tags ({}): one annotation per tag, on the same text (the first keeps the id)",
            first.id.as_deref().unwrap_or("an annotation"),
            labels.len(),
            labels.join(", ")
        ));
    }
    if labels.is_empty() {
        file.annotations.push(first);
        return;
    }
    for (i, label) in labels.into_iter().enumerate() {
        let id = if i == 0 { first.id.clone() } else { None };
        file.annotations.push(ForeignAnnotation {
            id,
            label,
            ..first.clone()
        });
    }
}

/// The annotator of a `creator` (`{"id", "name"?, "isGuest"?}`): its id as
/// it is (as the W3C reader keeps Recogito's), or a safe form of it.
fn annotator_of(creator: &Value) -> Option<marginalia_core::Annotator> {
    let id = creator.get("id")?.as_str()?.trim();
    if id.is_empty() {
        return None;
    }
    let name = creator.get("name").and_then(Value::as_str).unwrap_or("");
    let id = marginalia_core::AnnotatorId::new(id)
        .ok()
        .or_else(|| marginalia_core::AnnotatorId::of_foreign("recogito", id))?;
    Some(marginalia_core::Annotator::new(id, name))
}

/// An error at `path`.
fn invalid(path: impl Into<String>, reason: impl Into<String>) -> InteropError {
    InteropError::Invalid {
        format: FORMAT,
        path: path.into(),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests;
