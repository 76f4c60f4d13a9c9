//! The export: a document as a brat `.txt` and `.ann`.

use super::is_break;
use marginalia_core::annotation::AnnotationId;
use marginalia_core::codebook::brat::name as brat_name;
use marginalia_core::document::Document;
use marginalia_core::text::Text;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Writes `doc` as a brat `.txt` and `.ann` pair: `(txt, ann)`. Offsets are
/// code points.
pub fn export(doc: &Document) -> (String, String) {
    (doc.text().as_str().to_string(), export_ann(doc))
}

/// Writes only the `.ann` of [`export`] (annotations without the article;
/// the `T` lines still carry the text of each span; each part of a
/// multi-part annotation is a fragment of its `T` line, `T1\tQuote 10
/// 20;35 60\t…`), then an `R` line per
/// relation between two annotations written here (`R1\tattributed_to
/// Arg1:T2 Arg2:T1`: Arg1 is the relation's start), then the notes.
/// Offsets are code points.
pub fn export_ann(doc: &Document) -> String {
    let text = doc.text();
    let mut out = String::new();
    let mut notes = String::new();
    let (mut t, mut n) = (0, 0);
    let mut attributes = (String::new(), 0);
    let known = marginalia_core::codebook::brat::brat_attributes(doc.codebook());
    let mut written: HashMap<&AnnotationId, usize> = HashMap::new();
    for a in doc.annotations() {
        let pieces: Vec<(usize, usize)> = a
            .parts()
            .flat_map(|p| pieces(text, p.start, p.end))
            .collect();
        if pieces.is_empty() {
            continue;
        }
        t += 1;
        written.insert(&a.id, t);
        attribute_lines(doc, &known, a, t, &mut attributes);
        let spans: Vec<String> = pieces.iter().map(|(s, e)| format!("{s} {e}")).collect();
        let words: Vec<&str> = pieces.iter().map(|&(s, e)| text.slice(s..e)).collect();
        let _ = writeln!(
            out,
            "T{t}\t{} {}\t{}",
            brat_name(a.tag.as_str()),
            spans.join(";"),
            words.join(" ")
        );
        let note = one_line(&a.note);
        if !note.is_empty() {
            n += 1;
            let _ = writeln!(notes, "#{n}\tAnnotatorNotes T{t}\t{note}");
        }
    }
    let mut r = 0;
    for rel in doc.relations() {
        let (Some(from), Some(to)) = (written.get(&rel.from), written.get(&rel.to)) else {
            continue; // an end that is unplaced (or only spaces) has no T line
        };
        r += 1;
        let _ = writeln!(
            out,
            "R{r}\t{} Arg1:T{from} Arg2:T{to}",
            brat_name(rel.kind.as_str())
        );
        let note = one_line(&rel.note);
        if !note.is_empty() {
            n += 1;
            let _ = writeln!(notes, "#{n}\tAnnotatorNotes R{r}\t{note}");
        }
    }
    out.push_str(&attributes.0);
    out.push_str(&notes);
    out
}

/// Appends the `A` lines of annotation `a`, written as `T{t}`, named as
/// the codebook's `annotation.conf` declares them
/// ([`brat_attributes`](marginalia_core::codebook::brat::brat_attributes)):
/// a yes/no as a binary attribute (present when yes), any other as
/// `A1\tkind T3 direct` (names and values with `_` for spaces); a
/// free-text attribute of the codebook has no brat form and is left out.
/// Numbered on from the `A` lines already in `out` (their count kept beside
/// it, so a long export does not count its lines again for each).
fn attribute_lines(
    doc: &Document,
    known: &[marginalia_core::codebook::brat::BratAttribute],
    a: &marginalia_core::Annotation,
    t: usize,
    (out, written): &mut (String, usize),
) {
    let token = brat_name;
    let def = doc.codebook().def(&a.tag);
    for (name, value) in &a.attributes {
        let n = *written + 1;
        let line = match known.iter().find(|k| k.label == a.tag && &k.name == name) {
            Some(k) if k.values.is_none() => {
                (value == "yes").then(|| format!("A{n}\t{} T{t}", k.brat))
            }
            Some(k) => Some(format!("A{n}\t{} T{t} {}", k.brat, token(value))),
            // A free-text attribute of the codebook.
            None if def.is_some_and(|d| d.attributes.iter().any(|x| &x.name == name)) => None,
            None => Some(format!("A{n}\t{} T{t} {}", token(name), token(value))),
        };
        if let Some(line) = line {
            *written += 1;
            let _ = writeln!(out, "{line}");
        }
    }
}

/// The pieces of `start..end` between line breaks, without their leading
/// and trailing white space, as code-point ranges (empty pieces dropped).
pub(super) fn pieces(text: &Text, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut piece_start = start;
    let mut push = |s: usize, e: usize| {
        let slice = text.slice(s..e);
        let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
        let trail = slice
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace())
            .count();
        if s + lead < e {
            out.push((s + lead, e - trail));
        }
    };
    for (i, c) in text.slice(start..end).chars().enumerate() {
        if is_break(c) {
            push(piece_start, start + i);
            piece_start = start + i + 1;
        }
    }
    push(piece_start, end);
    out
}

/// A note on one line: breaks and tabs become single spaces.
pub(super) fn one_line(note: &str) -> String {
    note.split(is_break)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
