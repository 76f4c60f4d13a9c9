//! The import: a brat `.ann` (and its `.txt` when there is one) read into a
//! [`ForeignFile`].

use super::links::{self, Bounds, Link};
use super::{invalid, is_id, parse_spans, Spans};
use crate::reanchor::{Position, Selector, Unit};
use crate::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use marginalia_core::anchor::TextQuote;
use marginalia_core::import::ForeignRelation;
use marginalia_core::text::Text;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A text-bound annotation as read.
struct TextBound {
    id: String,
    label: String,
    spans: Spans,
    text: Option<String>,
    note: String,
    /// Its `A` / `M` attributes (`_` read as a space; a binary one `yes`).
    attributes: marginalia_core::annotation::Attributes,
}

/// A `#` line: its type (`AnnotatorNotes`…), the id it is on, its text.
struct Note {
    kind: String,
    target: String,
    text: String,
}

/// The lines of an `.ann` as read, before notes are attached.
#[derive(Default)]
struct Lines {
    bounds: Vec<TextBound>,
    links: Vec<Link>,
    notes: Vec<Note>,
    /// `AnnotatorNotes` on ids that are not `T` lines: (target, text).
    other_notes: Vec<(String, String)>,
    /// `A` / `M` lines: (target, name, value).
    attributes: Vec<(String, String, String)>,
    /// Lines of the kinds Marginalia does not keep, counted by kind.
    skipped: BTreeMap<&'static str, usize>,
    warnings: Vec<String>,
}

/// Reads a brat `.ann` file, with its `.txt` when there is one. Offsets are
/// code points. A line that is not brat (no TAB after a brat id, or a `T`
/// line whose offsets do not parse) is an error naming the line. `R`, `E`
/// and `*` lines become relations (see the `links` module); attributes
/// (`A`, `M`) of text-bound annotations their attribute values;
/// normalisations, attributes of events and notes other than
/// `AnnotatorNotes` are skipped with a warning.
pub fn import(ann: &str, txt: Option<&str>) -> Result<ForeignFile, InteropError> {
    let ann = ann.strip_prefix('\u{feff}').unwrap_or(ann);
    let mut lines = read_lines(ann)?;
    attach_notes(&mut lines);
    attach_attributes(&mut lines);
    let (bounds, relations) = relations(&mut lines);
    let Lines {
        skipped,
        mut warnings,
        ..
    } = lines;
    if !skipped.is_empty() {
        let list: Vec<String> = skipped
            .iter()
            .map(|(k, n)| format!("{n} {k}{}", if *n == 1 { "" } else { "s" }))
            .collect();
        warnings.push(format!(
            "skipped {} (Marginalia keeps text spans, their attributes, relations, events, equivalences and AnnotatorNotes)",
            list.join(", ")
        ));
    }
    let text = txt.map(Text::new);
    let annotations = bounds
        .into_iter()
        .map(|b| annotation(b, text.as_ref(), &mut warnings))
        .collect();
    Ok(ForeignFile {
        format: FormatKind::Brat,
        text: txt.map(str::to_string),
        title: None,
        source: None,
        annotations,
        relations,
        warnings,
        codebook: None,
    })
}

/// Resolves the links of `lines` (taking its text-bound annotations and
/// notes on other lines): the annotations the file keeps, and the
/// relations between them by index among those.
fn relations(lines: &mut Lines) -> (Vec<TextBound>, Vec<ForeignRelation>) {
    let bounds = std::mem::take(&mut lines.bounds);
    if lines.links.is_empty() {
        let unused = lines.other_notes.len();
        if unused > 0 {
            *lines.skipped.entry("other note").or_default() += unused;
        }
        return (bounds, Vec::new());
    }
    let view = Bounds {
        index: bounds
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect(),
        spans: bounds.iter().map(|b| &b.spans).collect(),
        noted: bounds
            .iter()
            .enumerate()
            .filter(|(_, b)| !b.note.is_empty())
            .map(|(i, _)| i)
            .collect(),
    };
    let resolved = links::resolve(&view, &lines.links, &lines.other_notes);
    if resolved.unused_notes > 0 {
        *lines.skipped.entry("other note").or_default() += resolved.unused_notes;
    }
    lines.warnings.extend(resolved.warnings);
    let dropped: &HashSet<usize> = &resolved.dropped;
    let mut new_index = vec![None; bounds.len()];
    let mut kept = Vec::with_capacity(bounds.len() - dropped.len());
    for (i, b) in bounds.into_iter().enumerate() {
        if !dropped.contains(&i) {
            new_index[i] = Some(kept.len());
            kept.push(b);
        }
    }
    let relations = resolved
        .relations
        .into_iter()
        .filter_map(|r| {
            Some(ForeignRelation {
                from: new_index[r.from]?,
                to: new_index[r.to]?,
                ..r
            })
        })
        .collect();
    (kept, relations)
}

/// Reads every line: `T` lines and `#` notes are kept, other kinds counted.
fn read_lines(ann: &str) -> Result<Lines, InteropError> {
    let mut out = Lines::default();
    for (n, raw) in ann.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let (id, rest) = line
            .split_once('\t')
            .ok_or_else(|| invalid(n, "no TAB after the annotation id"))?;
        if !is_id(id) {
            return Err(invalid(n, format!("\"{id}\" is not a brat annotation id")));
        }
        let kind = match id.chars().next() {
            Some('T') => {
                let (data, text) = match rest.split_once('\t') {
                    Some((d, t)) => (d, Some(t.to_string())),
                    None => (rest, None),
                };
                let (label, spans) = parse_spans(data).map_err(|r| invalid(n, r))?;
                if spans.iter().all(|(s, e)| s == e) {
                    out.warnings
                        .push(format!("{id} has an empty span and was skipped"));
                    continue;
                }
                out.bounds.push(TextBound {
                    id: id.to_string(),
                    label: label.to_string(),
                    spans,
                    text,
                    note: String::new(),
                    attributes: Default::default(),
                });
                continue;
            }
            Some('#') => match note(rest) {
                Some(note) => {
                    out.notes.push(note);
                    continue;
                }
                None => "malformed note",
            },
            Some('R' | 'E' | '*') => match links::parse(id, rest) {
                Ok(link) => {
                    out.links.push(link);
                    continue;
                }
                Err(reason) => {
                    out.warnings
                        .push(format!("line {}: {reason}; it was skipped", n + 1));
                    continue;
                }
            },
            Some('A' | 'M') => {
                let mut f = rest.split_whitespace();
                match (f.next(), f.next(), f.next(), f.next()) {
                    (Some(name), Some(target), value, None) => {
                        let value = value.map_or("yes".to_string(), |v| v.replace('_', " "));
                        out.attributes
                            .push((target.to_string(), name.replace('_', " "), value));
                        continue;
                    }
                    _ => "malformed attribute",
                }
            }
            Some('N') => "normalization",
            _ => "unknown",
        };
        *out.skipped.entry(kind).or_default() += 1;
    }
    Ok(out)
}

/// A `#` line after its id: `TYPE TARGET\tTEXT`; `None` when malformed.
fn note(rest: &str) -> Option<Note> {
    let (data, text) = rest.split_once('\t').unwrap_or((rest, ""));
    let mut fields = data.split_whitespace();
    match (fields.next(), fields.next(), fields.next()) {
        (Some(kind), Some(target), None) => Some(Note {
            kind: kind.to_string(),
            target: target.to_string(),
            text: text.to_string(),
        }),
        _ => None,
    }
}

/// Gives each `T` line its attributes; those on other lines (events) are
/// counted.
fn attach_attributes(lines: &mut Lines) {
    let index: HashMap<String, usize> = lines
        .bounds
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.clone(), i))
        .collect();
    for (target, name, value) in std::mem::take(&mut lines.attributes) {
        match index.get(&target) {
            Some(&i) => {
                lines.bounds[i].attributes.insert(name, value);
            }
            None => *lines.skipped.entry("event attribute").or_default() += 1,
        }
    }
}

/// Warns of ids used twice, and makes each `AnnotatorNotes` on a `T` line
/// its note (several joined by line breaks); other notes are counted.
fn attach_notes(lines: &mut Lines) {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for (i, b) in lines.bounds.iter().enumerate() {
        if index.insert(b.id.as_str(), i).is_some() {
            duplicates.push(b.id.clone());
        }
    }
    if !duplicates.is_empty() {
        lines.warnings.push(format!(
            "ids used more than once (each line kept): {}",
            duplicates.join(", ")
        ));
    }
    let mut attached: Vec<(usize, String)> = Vec::new();
    for n in std::mem::take(&mut lines.notes) {
        match index.get(n.target.as_str()) {
            _ if n.kind != "AnnotatorNotes" => *lines.skipped.entry("other note").or_default() += 1,
            Some(&i) => attached.push((i, n.text)),
            None => lines.other_notes.push((n.target, n.text)),
        }
    }
    for (i, text) in attached {
        let note = &mut lines.bounds[i].note;
        if !text.is_empty() {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&text);
        }
    }
}

/// A text-bound annotation: its extent (from the start of its first piece
/// to the end of its last) with the quote it has (see [`quote`]), and its
/// pieces as parts. With the `.txt`, pieces that only white space
/// separates are one part (brat and Marginalia cut a span that crosses
/// lines so); without it, the pieces are the parts, and those that only
/// white space of the text they are placed on separates are joined when
/// they are placed (`ImportPlan::command`).
fn annotation(b: TextBound, text: Option<&Text>, warnings: &mut Vec<String>) -> ForeignAnnotation {
    let start = b.spans.iter().map(|s| s.0).min().unwrap_or(0);
    let end = b.spans.iter().map(|s| s.1).max().unwrap_or(0);
    let quote = quote(&b, start, end, text, warnings);
    let parts = parts_of(&b.spans, text);
    ForeignAnnotation {
        id: Some(b.id),
        label: b.label,
        selector: Selector {
            position: Some(Position {
                start,
                end,
                unit: Unit::CodePoint,
            }),
            quote,
        },
        note: b.note,
        created: None,
        modified: None,
        parts,
        attributes: b.attributes,
        part_quotes: Vec::new(),
        annotator: None,
    }
}

/// The parts of a span of `pieces` (see [`annotation`]); empty when they
/// make one.
fn parts_of(pieces: &[(usize, usize)], text: Option<&Text>) -> Vec<std::ops::Range<usize>> {
    let mut sorted: Vec<(usize, usize)> = pieces.to_vec();
    sorted.sort_unstable();
    let mut parts: Vec<std::ops::Range<usize>> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        let joins = |last: &std::ops::Range<usize>| match text {
            _ if s <= last.end => true,
            Some(t) if s <= t.len() => t.slice(last.end..s).chars().all(char::is_whitespace),
            _ => false,
        };
        match parts.last_mut() {
            Some(last) if joins(last) => last.end = last.end.max(e),
            _ => parts.push(s..e),
        }
    }
    if parts.len() < 2 {
        parts.clear();
    }
    parts
}

/// The quote of `b` (spanning `start..end`): from the `.txt` when its text
/// field agrees with it, else the text field itself (continuous spans
/// only), with a warning where they disagree.
fn quote(
    b: &TextBound,
    start: usize,
    end: usize,
    text: Option<&Text>,
    warnings: &mut Vec<String>,
) -> Option<TextQuote> {
    let continuous = b.spans.len() == 1;
    match text {
        Some(t) if end <= t.len() => {
            let joined: Vec<&str> = b.spans.iter().map(|&(s, e)| t.slice(s..e)).collect();
            let joined = joined.join(" ");
            match &b.text {
                Some(field) if *field != joined => {
                    warnings.push(format!(
                        "{}: its text \u{201c}{field}\u{201d} is not the text at {start}..{end} of the .txt (\u{201c}{joined}\u{201d})",
                        b.id
                    ));
                    continuous.then(|| bare_quote(field))
                }
                _ => Some(TextQuote::of(t, start, end)),
            }
        }
        Some(t) => {
            warnings.push(format!(
                "{}: offsets {start}..{end} run past the end of the .txt ({} characters)",
                b.id,
                t.len()
            ));
            b.text.as_deref().filter(|_| continuous).map(bare_quote)
        }
        None => {
            if let Some(field) = &b.text {
                if continuous && field.chars().count() != end - start {
                    warnings.push(format!(
                        "{}: its text is {} characters long but its offsets {start}..{end} span {}",
                        b.id,
                        field.chars().count(),
                        end - start
                    ));
                }
            }
            b.text.as_deref().filter(|_| continuous).map(bare_quote)
        }
    }
}

/// A quote of `exact` alone, without context.
fn bare_quote(exact: &str) -> TextQuote {
    TextQuote {
        exact: exact.to_string(),
        prefix: String::new(),
        suffix: String::new(),
    }
}
