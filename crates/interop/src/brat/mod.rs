//! brat standoff: a `.txt` file holding the text and an `.ann` file holding
//! one annotation per line (<https://brat.nlplab.org/standoff.html>).
//!
//! **Offset unit: Unicode code points**, both ways, so they are Marginalia's
//! own offsets unchanged. [`export`] writes one text-bound `T` line per
//! annotation (cut at line breaks into a discontinuous span, as brat does;
//! a multi-part annotation's parts are fragments of its line too)
//! and an `AnnotatorNotes` line per note (on one line: the one lossy step),
//! and an `R` line per relation; [`import`] reads `T` lines and their
//! `AnnotatorNotes`, reading the fragments of a discontinuous span as the
//! parts of one annotation (fragments only white space separates are one
//! part), reads relations,
//! events and equivalences as relations (`links`), and skips the other
//! kinds with a count. Every choice is written out in `docs/formats/brat.md`.

use crate::InteropError;

mod conf;
mod export;
mod import;
pub mod layers;
mod links;
#[cfg(test)]
mod tests;

pub use conf::{annotation_conf, apply_visual_names, kb_shortcuts_conf, visual_conf};
pub use export::{export, export_ann};
pub use import::import;

/// An `annotation.conf` for a brat project holding Marginalia exports of
/// the three tags only: the tags as entity types, and the default relation
/// (a quote or claim `attributed_to` a source). [`annotation_conf`] writes
/// the one of a document (its labels, the relation types it uses).
pub const ANNOTATION_CONF: &str =
    "[entities]\nclaim\nsource\nquote\n\n[relations]\nattributed_to\tArg1:quote|claim, Arg2:source\n\n[events]\n\n[attributes]\n";

/// The format's name in error messages.
const FORMAT: &str = "brat";

/// Characters that end a line for Python's `str.splitlines` (which brat's
/// reader uses), plus TAB, the field separator of `.ann` lines.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\t'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// True when `id` is an annotation id as brat reads them: `*`, or letters
/// (or `#` and optional letters) followed by a number and any suffix.
fn is_id(id: &str) -> bool {
    if id == "*" {
        return true;
    }
    let rest = match id.strip_prefix('#') {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_alphabetic()),
        None => {
            let r = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            if r.len() == id.len() {
                return false;
            }
            r
        }
    };
    rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Code-point `(start, end)` pieces of a text-bound annotation.
type Spans = Vec<(usize, usize)>;

/// Parses the middle field of a `T` line: `TYPE START END[;START END]*`.
fn parse_spans(data: &str) -> Result<(&str, Spans), String> {
    let (label, spans) = data
        .split_once(' ')
        .ok_or_else(|| "expected TYPE START END after the id".to_string())?;
    if label.is_empty() {
        return Err("the type is empty".into());
    }
    let mut out = Vec::new();
    for piece in spans.trim_end().split(';') {
        let nums: Vec<&str> = piece.split(' ').collect();
        let parsed: Option<Vec<usize>> = match nums.as_slice() {
            [s, e] => s
                .parse()
                .ok()
                .and_then(|s| e.parse().ok().map(|e| vec![s, e])),
            _ => None,
        };
        match parsed.as_deref() {
            Some(&[s, e]) if s <= e => out.push((s, e)),
            Some(_) => return Err(format!("span \"{piece}\" ends before it starts")),
            None => return Err(format!("\"{piece}\" is not a START END pair of offsets")),
        }
    }
    Ok((label, out))
}

/// An error at line `line` (counted from 0).
fn invalid(line: usize, reason: impl Into<String>) -> InteropError {
    InteropError::Invalid {
        format: FORMAT,
        path: format!("line {}", line + 1),
        reason: reason.into(),
    }
}

/// True when `content` reads as a brat `.ann` file: its first (up to five)
/// non-blank lines are all brat annotation lines (`ID\t…`, with `T` lines
/// holding `TYPE START END`). An empty file is not recognised.
pub fn looks_like(content: &str) -> bool {
    let mut seen = 0;
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    for raw in content.lines().filter(|l| !l.trim().is_empty()).take(5) {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some((id, rest)) = line.split_once('\t') else {
            return false;
        };
        if !is_id(id) || !id.starts_with(['T', 'R', 'E', 'A', 'M', 'N', '#', '*']) {
            return false;
        }
        if id.starts_with('T') {
            let data = rest.split('\t').next().unwrap_or("");
            if parse_spans(data).is_err() {
                return false;
            }
        }
        seen += 1;
    }
    seen > 0
}
