//! W3C Web Annotation JSON-LD (<https://www.w3.org/TR/annotation-model/>),
//! out and in.
//!
//! # Export
//!
//! [`export`] writes one `AnnotationCollection` (`@context`
//! `http://www.w3.org/ns/anno.jsonld`) whose embedded `first`
//! `AnnotationPage` holds every annotation in text order. A document without
//! annotations gives a collection with `total: 0` and no page (the model asks
//! for a first page only when there are annotations). Each annotation has:
//!
//! * `id`: an IRI, `{base}{document id}/{annotation id}` (each id
//!   percent-encoded, so `/` never occurs inside one). The base is
//!   [`W3cOptions::id_base`], by default [`DEFAULT_ID_BASE`] (`urn:x-marginalia:`,
//!   an unregistered, clearly private URN namespace: Marginalia has no server
//!   whose URLs it could mint). The collection is `{base}{document id}` and
//!   its page `{base}{document id}/page/1`.
//! * `motivation`: `commenting` when the annotation has a note (a reader's
//!   viewer should show the note), `tagging` when it has none. Either way the
//!   bodies carry their own `purpose`, so nothing depends on the motivation.
//! * `body`: a `TextualBody` with `purpose: tagging` and the tag
//!   (`claim`, `source`, `quote`) as `value`; then, when there is a note, a
//!   `TextualBody` with `purpose: commenting` holding it (`text/plain`).
//! * `creator`: the `Person` given in [`W3cOptions::creator`], else none
//!   (nothing is guessed about who annotated).
//! * `created`, `modified`: the annotation's timestamps.
//! * `generator`: `{"type": "Software", "name": "Marginalia"}`, which is how
//!   [`import`] recognises our own files (and knows their positions count
//!   code points).
//! * `target`: a `SpecificResource` whose `source` is the article's URL
//!   ([`marginalia_core::document::Metadata::url`]) when it is set and is an absolute
//!   IRI, otherwise `urn:sha256:<hex>` of the text's UTF-8 ([`text_urn`]);
//!   and two selectors for the same span: a `TextQuoteSelector` (`exact`,
//!   and 32 code points of `prefix`/`suffix`, empty strings at the text's
//!   edges) and a `TextPositionSelector` counting **code points** of
//!   Marginalia's text (which is not the text content of the article's web
//!   page, so other tools should trust the quote first).
//!
//! The W3C model never carries the annotated text, so there is no
//! "annotations only" variant: every export is annotations only.
//!
//! # Import
//!
//! [`import`] reads a single annotation, a JSON array of them, an
//! `AnnotationCollection` (embedded `first` page or `items`), an
//! `AnnotationPage`, and the Hypothesis API shapes (`{"rows": [...]}`, the
//! client's export `{"annotations": [...]}`, annotations with `tags`/`text`).
//! `target` may be a string, an object or a list (the first target with a
//! text selector is used); `selector` an object or a list. A
//! `TextQuoteSelector` anywhere in a `refinedBy` chain is used (a quote is
//! found by searching the whole text); a `TextPositionSelector` inside a
//! refinement counts from the start of the refined part, so it is not used.
//!
//! * Labels come from bodies whose purpose is `tagging` or `classifying`
//!   (a `TextualBody`'s value, or the IRI of a linked resource), from bodies
//!   without a purpose when the motivation is `tagging`/`classifying`, from
//!   bare strings in `body` that are not URLs or URNs (Recogito; unless the
//!   motivation says otherwise) and from Hypothesis `tags`. They are kept as
//!   written; a linked body (URL) is a label only when tagging.
//! * Notes come from the other textual bodies (`commenting`, `describing`,
//!   … or no purpose and no tagging motivation), `bodyValue` and Hypothesis
//!   `text`; several are joined by a blank line.
//! * An annotation with several labels becomes one [`ForeignAnnotation`] per
//!   label, all with the same selector and note; the first keeps the file's
//!   id, the others have none (a warning says so). An annotation with no
//!   label is kept with an empty label (a warning counts them).
//! * Position units: our own files ([`GENERATOR_NAME`] generator) →
//!   [`Unit::CodePoint`]; Hypothesis (fields `uri`/`user`, or `hypothes.is`
//!   in its id, creator or generator) and Recogito (`recogito`/`pelagios` in
//!   its id or generator, or an id starting with `#`) → [`Unit::Utf16`];
//!   anything else → [`Unit::Unknown`].
//! * Items that are not text annotations (whole-resource targets, image or
//!   CSS selectors, empty spans, other types) are skipped with a warning
//!   naming them. Malformed anchoring data — a missing `target`, a
//!   `TextQuoteSelector` without a string `exact`, offsets that are not
//!   whole numbers, a `TextualBody` value that is not a string — is an error
//!   naming its place, e.g. `first.items[3].target.selector[1].start`. Bad
//!   timestamps are only warned about (`modified` falls back to Hypothesis
//!   `updated`). Detailed warnings stop after 30; the rest are counted.

use super::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use crate::reanchor::{Position, Selector, Unit};
use marginalia_core::anchor::TextQuote;
use marginalia_core::annotation::{AnnotationId, Tag, Timestamp};
use marginalia_core::document::Document;
use serde::de::value::MapAccessDeserializer;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The JSON-LD context of the W3C Web Annotation model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The `generator` name written on every exported annotation.
pub const GENERATOR_NAME: &str = "Marginalia";
/// The IRI prefix of exported ids when [`W3cOptions::id_base`] is not set.
pub const DEFAULT_ID_BASE: &str = "urn:x-marginalia:";

const FORMAT: &str = "W3C Web Annotation";
/// Detailed warnings kept per import; the rest are counted.
const MAX_WARNINGS: usize = 30;

/// Choices for [`export`]. The W3C model never carries the article text, so
/// there is no "annotations only" switch: every export is annotations only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct W3cOptions {
    /// The prefix of every id written (an absolute IRI, e.g.
    /// `https://example.org/annotations/`); ids are
    /// `{base}{document id}/{annotation id}`. `None`, or a value that is not
    /// an absolute IRI, means [`DEFAULT_ID_BASE`].
    pub id_base: Option<String>,
    /// Who made the annotations, written as each annotation's `creator`.
    /// `None`: no creator is written.
    pub creator: Option<Creator>,
}

/// A person credited as the `creator` of exported annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Creator {
    /// Their name (written when not empty).
    pub name: String,
    /// An IRI for them (a profile URL, `mailto:`…); written only when it is
    /// an absolute IRI.
    pub id: Option<String>,
}

// ---------------------------------------------------------------- export

#[derive(Serialize)]
struct CollectionOut<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<PageOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageOut<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    start_index: usize,
    items: Vec<AnnotationOut<'a>>,
}

#[derive(Serialize)]
struct AnnotationOut<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<&'a AgentOut<'a>>,
    created: &'a str,
    modified: &'a str,
    generator: &'a AgentOut<'a>,
    body: Vec<BodyOut<'a>>,
    target: TargetOut<'a>,
}

#[derive(Serialize)]
struct AgentOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
}

#[derive(Serialize)]
struct BodyOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    format: &'static str,
}

#[derive(Serialize)]
struct TargetOut<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    selector: Vec<SelectorOut>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum SelectorOut {
    TextQuoteSelector {
        exact: String,
        prefix: String,
        suffix: String,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// Writes `doc`'s annotations as a W3C Web Annotation `AnnotationCollection`
/// (pretty-printed JSON-LD; see the module documentation for every choice).
pub fn export(doc: &Document, options: &W3cOptions) -> String {
    let text = doc.text();
    let base = options
        .id_base
        .as_deref()
        .map(str::trim)
        .filter(|b| is_iri(b))
        .unwrap_or(DEFAULT_ID_BASE);
    let collection = format!("{base}{}", encode_segment(doc.id().as_str()));
    let source = doc
        .meta()
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| is_iri(u))
        .map_or_else(|| text_urn(text.as_str()), str::to_string);
    let generator = AgentOut {
        id: None,
        kind: "Software",
        name: GENERATOR_NAME,
    };
    let creator = options.creator.as_ref().and_then(|c| {
        let id = c.id.as_deref().map(str::trim).filter(|i| is_iri(i));
        (id.is_some() || !c.name.is_empty()).then_some(AgentOut {
            id,
            kind: "Person",
            name: &c.name,
        })
    });
    let mut items: Vec<AnnotationOut> = doc
        .annotations()
        .map(|a| {
            let quote = TextQuote::of(doc.text(), a.start, a.end);
            let selector = vec![
                SelectorOut::TextQuoteSelector {
                    exact: quote.exact,
                    prefix: quote.prefix,
                    suffix: quote.suffix,
                },
                SelectorOut::TextPositionSelector {
                    start: a.start,
                    end: a.end,
                },
            ];
            let fields = Fields {
                id: &a.id,
                tag: &a.tag,
                note: &a.note,
                created: &a.created,
                modified: &a.modified,
            };
            annotation_out(
                fields,
                selector,
                &collection,
                &source,
                creator.as_ref(),
                &generator,
            )
        })
        .collect();
    // Annotations that could not be placed keep what they quoted only.
    items.extend(
        doc.unplaced()
            .iter()
            .filter(|u| exports_unplaced(u))
            .map(|u| {
                let selector = vec![SelectorOut::TextQuoteSelector {
                    exact: u.exact.clone(),
                    prefix: u.prefix.clone(),
                    suffix: u.suffix.clone(),
                }];
                let fields = Fields {
                    id: &u.id,
                    tag: &u.tag,
                    note: &u.note,
                    created: &u.created,
                    modified: &u.modified,
                };
                annotation_out(
                    fields,
                    selector,
                    &collection,
                    &source,
                    creator.as_ref(),
                    &generator,
                )
            }),
    );
    let title = doc.meta().title.as_str();
    let file = CollectionOut {
        context: CONTEXT,
        id: collection.clone(),
        kind: "AnnotationCollection",
        label: (!title.is_empty()).then_some(title),
        total: items.len(),
        first: (!items.is_empty()).then(|| PageOut {
            id: format!("{collection}/page/1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        }),
    };
    serde_json::to_string_pretty(&file).expect("plain data always serialises")
}

/// What an exported annotation says besides its selectors.
struct Fields<'a> {
    id: &'a AnnotationId,
    tag: &'a Tag,
    note: &'a str,
    created: &'a Timestamp,
    modified: &'a Timestamp,
}

fn annotation_out<'a>(
    a: Fields<'a>,
    selector: Vec<SelectorOut>,
    collection: &str,
    source: &'a str,
    creator: Option<&'a AgentOut<'a>>,
    generator: &'a AgentOut<'a>,
) -> AnnotationOut<'a> {
    let mut body = vec![BodyOut {
        kind: "TextualBody",
        purpose: "tagging",
        value: a.tag.as_str(),
        format: "text/plain",
    }];
    if !a.note.is_empty() {
        body.push(BodyOut {
            kind: "TextualBody",
            purpose: "commenting",
            value: a.note,
            format: "text/plain",
        });
    }
    AnnotationOut {
        id: format!("{collection}/{}", encode_segment(a.id.as_str())),
        kind: "Annotation",
        motivation: if a.note.is_empty() {
            "tagging"
        } else {
            "commenting"
        },
        creator,
        created: a.created.as_str(),
        modified: a.modified.as_str(),
        generator,
        body,
        target: TargetOut {
            kind: "SpecificResource",
            source,
            selector,
        },
    }
}

/// Whether [`export`] carries an unplaced annotation: those with a quote,
/// as a target with a `TextQuoteSelector` only (one rule with the app's
/// count of what an export leaves out).
pub use marginalia_core::export::w3c_carries as exports_unplaced;

/// The IRI that names a text with no URL: `urn:sha256:` and the lowercase
/// hex SHA-256 of its UTF-8 bytes. Two exports of the same text share it, so
/// an importer can tell whether a file was made on the text it has open.
pub fn text_urn(text: &str) -> String {
    let mut out = String::with_capacity(11 + 64);
    out.push_str("urn:sha256:");
    for b in sha256(text.as_bytes()) {
        out.push(HEX_LOWER[usize::from(b >> 4)] as char);
        out.push(HEX_LOWER[usize::from(b & 15)] as char);
    }
    out
}

const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Percent-encodes everything but ASCII letters, digits and `-._~`, so an id
/// is one IRI path segment whatever it contains.
fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX_UPPER[usize::from(b >> 4)] as char);
            out.push(HEX_UPPER[usize::from(b & 15)] as char);
        }
    }
    out
}

fn decode_segment(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex_value(*b.get(i + 1)?)?;
            let lo = hex_value(*b.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// An absolute IRI, roughly: a scheme, a colon, something after it, and no
/// whitespace, control characters or characters IRIs never contain.
fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.bytes();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        && !rest.is_empty()
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

// SHA-256 (FIPS 180-4), written out here: a few hundred bytes of code
// instead of a dependency, for the one hash the `urn:sha256:` source needs.

const H0: [u32; 8] = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut h = H0;
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        compress(&mut h, block);
    }
    // Padding: 0x80, zeros, then the length in bits as a big-endian u64,
    // filling one or two last blocks.
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let n = if rest.len() < 56 { 64 } else { 128 };
    let bits = (data.len() as u64).wrapping_mul(8);
    tail[n - 8..n].copy_from_slice(&bits.to_be_bytes());
    for block in tail[..n].chunks_exact(64) {
        compress(&mut h, block);
    }
    let mut out = [0u8; 32];
    for (o, word) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn compress(h: &mut [u32; 8], block: &[u8]) {
    let mut w = [0u32; 64];
    for (wi, c) in w.iter_mut().zip(block.chunks_exact(4)) {
        *wi = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = *h;
    for (k, wi) in K.iter().zip(w) {
        let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = hh
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(*k)
            .wrapping_add(wi);
        let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = s0.wrapping_add(maj);
        hh = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
        *x = x.wrapping_add(y);
    }
}

// ---------------------------------------------------------------- import

/// Whether `content` looks like W3C Web Annotation JSON (or a Hypothesis
/// export): an object or list whose first item has the `anno.jsonld`
/// context, an `Annotation`/`AnnotationCollection`/`AnnotationPage` type,
/// or a `target` beside a `body`, `bodyValue`, `motivation`, `tags` or
/// `text`. Marginalia's own JSON, doccano and Label Studio files are not.
/// It reads the whole file ([`files::read`](super::files::read) keeps what
/// it read for the import).
pub fn looks_like(content: &str) -> bool {
    parse(content).is_some()
}

/// A file recognised as W3C Web Annotation JSON by [`parse`], kept so that
/// it is imported ([`Parsed::import`]) without being read a second time.
pub(crate) struct Parsed<'a>(Json<'a, Node<'a>>);

/// Reads `content` when it [`looks_like`] W3C Web Annotation JSON; `None`
/// when it does not (or is not JSON at all).
pub(crate) fn parse(content: &str) -> Option<Parsed<'_>> {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let value = serde_json::from_str(t).ok()?;
    looks(&value).then_some(Parsed(value))
}

impl Parsed<'_> {
    /// Its annotations, as [`import`] reads them.
    pub(crate) fn import(&self) -> Result<ForeignFile, InteropError> {
        read(&self.0)
    }
}

fn looks(v: &Json<Node>) -> bool {
    match v {
        Json::List(list) => list
            .iter()
            .find(|x| matches!(x, Json::Object(_)))
            .is_some_and(looks),
        Json::Object(node) => {
            let anno_context = node.context.strings().any(|c| c.contains("anno.jsonld"));
            if anno_context
                || node
                    .types()
                    .any(|t| matches!(t, "Annotation" | "AnnotationCollection" | "AnnotationPage"))
            {
                return true;
            }
            if node.target.is_there() {
                return node.body.is_there()
                    || node.body_value.is_there()
                    || node.motivation.is_there()
                    || node.tags.is_there()
                    || node.text.is_there();
            }
            [&node.rows, &node.annotations]
                .into_iter()
                .any(|list| matches!(list, Json::List(_)) && looks(list))
        }
        _ => false,
    }
}

/// Reads W3C Web Annotation JSON (see the module documentation for the
/// shapes accepted). The article text is never in such a file
/// ([`ForeignFile::text`] is `None`); `title` comes from the collection's
/// `label` (or Hypothesis `document.title`), `source` from the first
/// `http(s)` target source.
pub fn import(content: &str) -> Result<ForeignFile, InteropError> {
    let content = content.trim_start_matches('\u{feff}');
    let value: Json<Node> = serde_json::from_str(content).map_err(|e| {
        invalid(
            format!("line {}, column {}", e.line(), e.column()),
            format!("not valid JSON ({e})"),
        )
    })?;
    read(&value)
}

fn read(value: &Json<Node>) -> Result<ForeignFile, InteropError> {
    let mut r = Reader::default();
    r.collect(value, &Path::Root)?;
    Ok(r.finish())
}

// The file as it is read: each object as a struct of the fields the reader
// looks at (the others are skipped unread), each field a `Json` value so
// that a value of the wrong kind is reported at its place rather than
// failing the whole file.

/// A JSON value whose objects are read as `O`. Strings are borrowed from the
/// file (unless they hold escapes); of numbers other than whole ones, and
/// of `true`/`false`, only their kind is kept, for messages.
#[derive(Default)]
enum Json<'a, O> {
    /// The field is not in its object.
    #[default]
    Missing,
    Null,
    Str(Cow<'a, str>),
    /// A whole number of at least 0.
    Uint(u64),
    /// A negative whole number.
    Int(i64),
    /// A fraction, `true` or `false`: what it is.
    Other(&'static str),
    List(Vec<Json<'a, O>>),
    Object(Box<O>),
}

impl<'de: 'a, 'a, O: Deserialize<'de>> Deserialize<'de> for Json<'a, O> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor(PhantomData))
    }
}

struct JsonVisitor<'a, O>(PhantomData<Json<'a, O>>);

impl<'de: 'a, 'a, O: Deserialize<'de>> Visitor<'de> for JsonVisitor<'a, O> {
    type Value = Json<'a, O>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Json::Other("true or false"))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Json::Uint(n))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(u64::try_from(n).map_or(Json::Int(n), Json::Uint))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Json::Other("a fraction"))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s.to_string())))
    }

    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(Json::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            list.push(item);
        }
        Ok(Json::List(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        O::deserialize(MapAccessDeserializer::new(map)).map(|o| Json::Object(Box::new(o)))
    }
}

impl<O> Json<'_, O> {
    /// Whether the field is in its object (`null` included).
    fn is_there(&self) -> bool {
        !matches!(self, Json::Missing)
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s.as_ref()),
            _ => None,
        }
    }

    fn as_object(&self) -> Option<&O> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The string, or the strings of a list.
    fn strings(&self) -> impl Iterator<Item = &str> + '_ {
        let (one, list) = match self {
            Json::Str(s) => (Some(s.as_ref()), &[][..]),
            Json::List(list) => (None, &list[..]),
            _ => (None, &[][..]),
        };
        one.into_iter().chain(list.iter().filter_map(Json::as_str))
    }

    /// The first of [`Json::strings`] that is not blank.
    fn first_string(&self) -> Option<String> {
        self.strings()
            .find(|s| !s.trim().is_empty())
            .map(str::to_string)
    }

    /// What it is, for messages (no float formatting).
    fn kind(&self) -> &'static str {
        match self {
            Json::Missing => "missing",
            Json::Null => "null",
            Json::Str(_) => "a string",
            Json::Uint(_) => "a number this large",
            Json::Int(_) => "a negative number",
            Json::Other(kind) => kind,
            Json::List(_) => "a list",
            Json::Object(_) => "an object",
        }
    }
}

/// A value whose content is not looked at (its objects are skipped).
type Plain<'a> = Json<'a, IgnoredAny>;

/// Objects with a `type` (or JSON-LD `@type`).
trait Typed<'a> {
    /// Its `type` and `@type` fields.
    fn type_fields(&self) -> (&Plain<'a>, &Plain<'a>);

    /// The values of `type` (`@type` when there is no `type`), without an
    /// `oa:` prefix.
    fn types<'s>(&'s self) -> impl Iterator<Item = &'s str>
    where
        'a: 's,
    {
        let (kind, at_kind) = self.type_fields();
        let kind = if kind.is_there() { kind } else { at_kind };
        kind.strings().map(|t| t.strip_prefix("oa:").unwrap_or(t))
    }
}

/// An item of a file: an annotation, an `AnnotationPage`, an
/// `AnnotationCollection` or a Hypothesis wrapper (`rows`, `annotations`),
/// which tell themselves apart only once all their fields are read.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Node<'a> {
    #[serde(borrow, rename = "@context")]
    context: Plain<'a>,
    #[serde(borrow)]
    id: Plain<'a>,
    #[serde(borrow, rename = "@id")]
    at_id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    at_kind: Plain<'a>,
    // An annotation.
    #[serde(borrow)]
    target: Json<'a, TargetObject<'a>>,
    #[serde(borrow)]
    body: Json<'a, BodyObject<'a>>,
    #[serde(borrow, rename = "bodyValue")]
    body_value: Plain<'a>,
    #[serde(borrow)]
    motivation: Plain<'a>,
    #[serde(borrow)]
    generator: Json<'a, Agent<'a>>,
    #[serde(borrow)]
    creator: Json<'a, Agent<'a>>,
    #[serde(borrow)]
    created: Plain<'a>,
    #[serde(borrow)]
    modified: Plain<'a>,
    // Hypothesis.
    #[serde(borrow)]
    updated: Plain<'a>,
    #[serde(borrow)]
    tags: Plain<'a>,
    #[serde(borrow)]
    text: Plain<'a>,
    #[serde(borrow)]
    document: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    uri: Plain<'a>,
    #[serde(borrow)]
    user: Plain<'a>,
    #[serde(borrow)]
    rows: Json<'a, Node<'a>>,
    #[serde(borrow)]
    annotations: Json<'a, Node<'a>>,
    // A collection or a page.
    #[serde(borrow)]
    label: Plain<'a>,
    #[serde(borrow)]
    first: Json<'a, Node<'a>>,
    #[serde(borrow)]
    items: Json<'a, Node<'a>>,
    #[serde(borrow, rename = "partOf")]
    part_of: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    next: Json<'a, Resource<'a>>,
}

/// A target that is an object (a `SpecificResource`, or a resource).
#[derive(Default, Deserialize)]
#[serde(default)]
struct TargetObject<'a> {
    #[serde(borrow)]
    id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    at_kind: Plain<'a>,
    #[serde(borrow)]
    source: Json<'a, Resource<'a>>,
    #[serde(borrow)]
    selector: Json<'a, SelectorObject<'a>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct SelectorObject<'a> {
    #[serde(borrow, rename = "type")]
    kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    at_kind: Plain<'a>,
    #[serde(borrow)]
    exact: Plain<'a>,
    #[serde(borrow)]
    prefix: Plain<'a>,
    #[serde(borrow)]
    suffix: Plain<'a>,
    #[serde(borrow)]
    start: Plain<'a>,
    #[serde(borrow)]
    end: Plain<'a>,
    #[serde(borrow, rename = "refinedBy")]
    refined_by: Json<'a, SelectorObject<'a>>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct BodyObject<'a> {
    #[serde(borrow)]
    id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    at_kind: Plain<'a>,
    #[serde(borrow)]
    purpose: Plain<'a>,
    #[serde(borrow)]
    value: Plain<'a>,
    #[serde(borrow)]
    source: Json<'a, Resource<'a>>,
    /// A `Choice`'s bodies.
    #[serde(borrow)]
    items: Json<'a, BodyObject<'a>>,
}

/// A `creator` or `generator`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Agent<'a> {
    #[serde(borrow)]
    id: Plain<'a>,
    #[serde(borrow, rename = "type")]
    kind: Plain<'a>,
    #[serde(borrow, rename = "@type")]
    at_kind: Plain<'a>,
    #[serde(borrow)]
    name: Plain<'a>,
    #[serde(borrow)]
    homepage: Plain<'a>,
}

/// Another resource the file names: a target's `source`, the next page, the
/// collection a page is part of, a Hypothesis `document`.
#[derive(Default, Deserialize)]
#[serde(default)]
struct Resource<'a> {
    #[serde(borrow)]
    id: Plain<'a>,
    #[serde(borrow)]
    label: Plain<'a>,
    #[serde(borrow)]
    title: Plain<'a>,
}

macro_rules! typed {
    ($($name:ident),*) => {
        $(impl<'a> Typed<'a> for $name<'a> {
            fn type_fields(&self) -> (&Plain<'a>, &Plain<'a>) {
                (&self.kind, &self.at_kind)
            }
        })*
    };
}
typed!(Node, TargetObject, SelectorObject, BodyObject, Agent);

/// Where a value is in the file (e.g. `first.items[3].target`), written
/// out only when a message needs it.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'static str),
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    fn key(&'p self, name: &'static str) -> Path<'p> {
        Path::Key(self, name)
    }

    fn index(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }

    /// How messages name the item at this place.
    fn place(&self) -> String {
        match self {
            Path::Root => "the annotation".into(),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, name) => f.write_str(name),
            Path::Key(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// How warnings name an annotation: its place, and its id when it has one.
struct Who<'p> {
    path: &'p Path<'p>,
    id: Option<&'p str>,
}

impl fmt::Display for Who<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.path.place())?;
        match self.id {
            Some(id) => write!(f, " ({})", shorten(id)),
            None => Ok(()),
        }
    }
}

#[derive(Default)]
struct Reader {
    annotations: Vec<ForeignAnnotation>,
    warnings: Vec<String>,
    hidden: usize,
    title: Option<String>,
    url: Option<String>,
    sources: Vec<String>,
    more_sources: bool,
    untagged: usize,
}

/// What an annotation's targets say about where it is.
#[derive(Default)]
struct Found {
    position: Option<(usize, usize)>,
    quote: Option<TextQuote>,
    /// A position relative to a refined part, not the whole text.
    relative: bool,
    /// A refinement of a text selector was ignored.
    refinement: bool,
    /// Kinds of selectors that do not describe text.
    other: Vec<String>,
}

/// A target's text selectors and source, or why it has none.
type TargetRead<'t> = Result<(Found, Option<&'t str>), String>;

/// Labels and notes gathered from an annotation's bodies.
#[derive(Default)]
struct Content {
    labels: Vec<String>,
    notes: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Tag,
    Note,
}

impl Reader {
    fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message);
        } else {
            self.hidden += 1;
        }
    }

    fn finish(mut self) -> ForeignFile {
        let mut tail = Vec::new();
        if self.untagged > 0 {
            tail.push(format!(
                "{} annotation(s) have no tag (no tagging or classifying body): they get the label \"untagged\"",
                self.untagged
            ));
        }
        if self.sources.len() > 1 {
            tail.push(format!(
                "the annotations target {}{} different documents ({}): all were read as annotations of one text",
                if self.more_sources { "more than " } else { "" },
                self.sources.len(),
                self.sources.join(", ")
            ));
        }
        if self.hidden > 0 {
            tail.push(format!("… and {} more warning(s)", self.hidden));
        }
        self.warnings.append(&mut tail);
        ForeignFile {
            format: FormatKind::W3c,
            text: None,
            title: self.title,
            source: self.url,
            annotations: self.annotations,
            warnings: self.warnings,
        }
    }

    /// Reads whatever `v` is: a list, a container, or an annotation.
    fn collect(&mut self, v: &Json<Node>, path: &Path) -> Result<(), InteropError> {
        match v {
            Json::List(list) => {
                // Room for one annotation per item, the usual case.
                self.annotations.reserve(list.len());
                for (i, item) in list.iter().enumerate() {
                    self.collect(item, &path.index(i))?;
                }
                Ok(())
            }
            Json::Object(node) => {
                if node.types().any(|t| t == "AnnotationCollection") {
                    self.collection(node, path)
                } else if node.types().any(|t| t == "AnnotationPage") {
                    self.page(node, path)
                } else if node.types().next().is_none() && !node.target.is_there() {
                    match (&node.rows, &node.annotations) {
                        (rows @ Json::List(_), _) => self.collect(rows, &path.key("rows")),
                        (_, list @ Json::List(_)) => self.collect(list, &path.key("annotations")),
                        _ => self.annotation(node, path),
                    }
                } else {
                    self.annotation(node, path)
                }
            }
            Json::Str(link) => {
                self.warn(format!(
                    "{}: a link to an annotation ({}), not the annotation itself; skipped",
                    path.place(),
                    shorten(link)
                ));
                Ok(())
            }
            _ => Err(invalid(
                path,
                "expected an annotation, a list of annotations, an AnnotationCollection or an AnnotationPage",
            )),
        }
    }

    fn collection(&mut self, node: &Node, path: &Path) -> Result<(), InteropError> {
        if self.title.is_none() {
            self.title = node.label.first_string();
        }
        let mut embedded = false;
        let mut linked = None;
        match &node.first {
            first @ Json::Object(_) => {
                self.collect(first, &path.key("first"))?;
                embedded = true;
            }
            Json::Str(link) => linked = Some(link),
            Json::Missing => {}
            _ => {
                return Err(invalid(
                    path.key("first"),
                    "must be an AnnotationPage or a link to one",
                ))
            }
        }
        if node.items.is_there() {
            self.collect(&node.items, &path.key("items"))?;
            embedded = true;
        }
        match linked {
            Some(link) if !embedded => Err(invalid(
                path.key("first"),
                format!(
                    "the annotations are on a page that is only linked ({}), not included in this file; Marginalia does not fetch it",
                    shorten(link)
                ),
            )),
            _ => Ok(()),
        }
    }

    fn page(&mut self, node: &Node, path: &Path) -> Result<(), InteropError> {
        if self.title.is_none() {
            self.title = node
                .part_of
                .as_object()
                .and_then(|p| p.label.first_string());
        }
        let items_path = path.key("items");
        match &node.items {
            items @ Json::List(_) => self.collect(items, &items_path)?,
            Json::Missing => {
                return Err(invalid(
                    items_path,
                    "missing: an AnnotationPage lists its annotations in items",
                ))
            }
            _ => return Err(invalid(items_path, "must be a list of annotations")),
        }
        if node.next.is_there() {
            let next = node
                .next
                .first_string()
                .or_else(|| {
                    let page = node.next.as_object()?;
                    page.id.as_str().map(str::to_string)
                })
                .unwrap_or_default();
            let this = match path {
                Path::Root => "this page".to_string(),
                _ => path.to_string(),
            };
            self.warn(format!(
                "{this}: only this page is in the file; the annotations on the next page ({}) were not read",
                shorten(&next)
            ));
        }
        Ok(())
    }

    fn annotation(&mut self, node: &Node, path: &Path) -> Result<(), InteropError> {
        let file_id: Option<Cow<str>> = match if node.id.is_there() {
            &node.id
        } else {
            &node.at_id
        } {
            Json::Str(s) => Some(Cow::Borrowed(s)),
            // Integers only (no float formatting code for a rare case).
            Json::Uint(n) => Some(n.to_string().into()),
            Json::Int(n) => Some(n.to_string().into()),
            _ => None,
        };
        let who = Who {
            path,
            id: file_id.as_deref(),
        };
        if node.types().next().is_some() && !node.types().any(|t| t == "Annotation") {
            let types: Vec<&str> = node.types().collect();
            self.warn(format!(
                "{who}: its type is {}, not Annotation; skipped",
                types.join("/")
            ));
            return Ok(());
        }
        let target_path = path.key("target");
        if !node.target.is_there() {
            return Err(invalid(
                target_path,
                "missing: an annotation must say what it annotates",
            ));
        }
        let (found, source) = match self.target(&node.target, &target_path, &who)? {
            Ok(found) => found,
            Err(why) => {
                self.warn(format!("{who}: {why}; skipped"));
                return Ok(());
            }
        };
        let content = self.content(node, path, &who)?;
        let ours = is_ours(node);
        let unit = if ours {
            Unit::CodePoint
        } else if is_utf16_tool(node, file_id.as_deref()) {
            Unit::Utf16
        } else {
            Unit::Unknown
        };
        if let Some(source) = source {
            self.note_source(source);
        }
        if self.title.is_none() {
            self.title = node
                .document
                .as_object()
                .and_then(|d| d.title.first_string());
        }
        let created = self.timestamp(&node.created, "created", path);
        let modified = if node.modified.is_there() {
            self.timestamp(&node.modified, "modified", path)
        } else {
            self.timestamp(&node.updated, "updated", path)
        };
        let id = file_id.as_deref().map(|id| match ours {
            // Our ids are `{base}{document}/{annotation}`, percent-encoded.
            true => id
                .rsplit_once('/')
                .and_then(|(_, last)| decode_segment(last))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| id.to_string()),
            false => id.to_string(),
        });
        let selector = Selector {
            position: found
                .position
                .map(|(start, end)| Position { start, end, unit }),
            quote: found.quote,
        };
        let note = content.notes.join("\n\n");
        let mut labels = content.labels.into_iter();
        let Some(label) = labels.next() else {
            self.untagged += 1;
            self.annotations.push(ForeignAnnotation {
                id,
                label: String::new(),
                selector,
                note,
                created,
                modified,
            });
            return Ok(());
        };
        // One annotation per label, on the same text; the first keeps the id.
        let more: Vec<ForeignAnnotation> = labels
            .map(|label| ForeignAnnotation {
                id: None,
                label,
                selector: selector.clone(),
                note: note.clone(),
                created: created.clone(),
                modified: modified.clone(),
            })
            .collect();
        if !more.is_empty() {
            let all: Vec<&str> = std::iter::once(label.as_str())
                .chain(more.iter().map(|a| a.label.as_str()))
                .collect();
            self.warn(format!(
                "{who}: {} tags ({}): one annotation per tag, on the same text (the first keeps the id)",
                all.len(),
                all.join(", ")
            ));
        }
        self.annotations.push(ForeignAnnotation {
            id,
            label,
            selector,
            note,
            created,
            modified,
        });
        self.annotations.extend(more);
        Ok(())
    }

    fn note_source(&mut self, source: &str) {
        if self.url.is_none() && (source.starts_with("http://") || source.starts_with("https://")) {
            self.url = Some(source.to_string());
        }
        if !self.sources.iter().any(|s| s == source) {
            if self.sources.len() < 5 {
                self.sources.push(source.to_string());
            } else {
                self.more_sources = true;
            }
        }
    }

    /// The first target that describes a span of text, with its source; or
    /// why none does.
    fn target<'t>(
        &mut self,
        target: &'t Json<TargetObject>,
        path: &Path,
        who: &Who,
    ) -> Result<TargetRead<'t>, InteropError> {
        match target {
            Json::Str(link) => Ok(Err(format!(
                "it annotates a whole resource ({}), not a span of text",
                shorten(link)
            ))),
            Json::Object(t) => self.target_object(t, path),
            Json::List(list) => {
                let mut first = None;
                let mut why = None;
                let mut more = 0;
                for (i, t) in list.iter().enumerate() {
                    match self.target(t, &path.index(i), who)? {
                        Ok(found) if first.is_none() => first = Some(found),
                        Ok(_) => more += 1,
                        Err(reason) => {
                            why.get_or_insert(reason);
                        }
                    }
                }
                if more > 0 {
                    self.warn(format!(
                        "{who}: {} text targets; only the first was read",
                        more + 1
                    ));
                }
                Ok(first.ok_or_else(|| why.unwrap_or_else(|| "its target list is empty".into())))
            }
            _ => Err(invalid(path, "must be a link, an object or a list of them")),
        }
    }

    fn target_object<'t>(
        &mut self,
        target: &'t TargetObject,
        path: &Path,
    ) -> Result<TargetRead<'t>, InteropError> {
        let source = match &target.source {
            Json::Str(s) => Some(s.as_ref()),
            Json::Object(s) => s.id.as_str(),
            _ => None,
        };
        if !target.selector.is_there() {
            let what = source.or_else(|| target.id.as_str()).map(shorten);
            let kind = target.types().collect::<Vec<_>>().join("/");
            return Ok(Err(match (what, kind.is_empty()) {
                (Some(what), _) => {
                    format!("it annotates a whole resource ({what}), not a span of text")
                }
                (None, false) => format!("its target is a {kind}, not a span of text"),
                (None, true) => "its target has no selector".into(),
            }));
        }
        let mut found = Found::default();
        selectors(&target.selector, &path.key("selector"), &mut found)?;
        if found.position.is_some_and(|(s, e)| s == e) {
            found.position = None;
            if found.quote.is_none() {
                return Ok(Err("it selects an empty span".into()));
            }
        }
        if found.quote.as_ref().is_some_and(|q| q.exact.is_empty()) {
            found.quote = None;
            if found.position.is_none() {
                return Ok(Err("its quote is empty".into()));
            }
        }
        if found.position.is_none() && found.quote.is_none() {
            let mut why = String::from("none of its selectors describes text");
            if found.relative {
                why.push_str(" (a TextPositionSelector inside a refinement counts from the refined part, not from the start of the text)");
            } else if !found.other.is_empty() {
                why = format!(
                    "its selectors ({}) do not describe text",
                    found.other.join(", ")
                );
            }
            return Ok(Err(why));
        }
        if found.relative {
            self.warn(format!(
                "{}: a TextPositionSelector inside a refinement was ignored (it counts from the refined part); the quote is used",
                path
            ));
        }
        if found.refinement {
            self.warn(format!(
                "{}: the refinement (refinedBy) of a text selector was ignored",
                path
            ));
        }
        Ok(Ok((found, source)))
    }

    /// Labels and notes from `body`, `bodyValue` and Hypothesis `tags`/`text`.
    fn content(&mut self, node: &Node, path: &Path, who: &Who) -> Result<Content, InteropError> {
        let motivation = role_of(node.motivation.strings());
        let mut content = Content::default();
        if node.body.is_there() {
            self.body(&node.body, &path.key("body"), motivation, &mut content)?;
            if node.body_value.is_there() {
                self.warn(format!(
                    "{who}: has both body and bodyValue (the model allows one); bodyValue was ignored"
                ));
            }
        } else if node.body_value.is_there() {
            let text = node
                .body_value
                .as_str()
                .ok_or_else(|| invalid(path.key("bodyValue"), "must be a string"))?;
            push_text(&mut content, motivation.unwrap_or(Role::Note), text);
        }
        let tags_path = path.key("tags");
        match &node.tags {
            Json::Missing | Json::Null => {}
            Json::Str(tag) => push_text(&mut content, Role::Tag, tag),
            Json::List(tags) => {
                for (i, tag) in tags.iter().enumerate() {
                    let tag = tag
                        .as_str()
                        .ok_or_else(|| invalid(tags_path.index(i), "must be a string"))?;
                    push_text(&mut content, Role::Tag, tag);
                }
            }
            _ => return Err(invalid(tags_path, "must be a list of strings")),
        }
        match &node.text {
            Json::Missing | Json::Null => {}
            Json::Str(text) => push_text(&mut content, Role::Note, text),
            _ => return Err(invalid(path.key("text"), "must be a string")),
        }
        Ok(content)
    }

    fn body(
        &mut self,
        body: &Json<BodyObject>,
        path: &Path,
        motivation: Option<Role>,
        out: &mut Content,
    ) -> Result<(), InteropError> {
        match body {
            Json::List(list) => {
                for (i, b) in list.iter().enumerate() {
                    self.body(b, &path.index(i), motivation, out)?;
                }
            }
            Json::Str(s) if is_link(s) => {
                self.resource(s, path, motivation.unwrap_or(Role::Note), out)
            }
            // A bare word is no IRI: Recogito writes tags this way.
            Json::Str(s) => push_text(out, motivation.unwrap_or(Role::Tag), s),
            Json::Object(b) => {
                let purpose = role_of(b.purpose.strings());
                let role = purpose.or(motivation).unwrap_or(Role::Note);
                if b.types().any(|t| t == "Choice") {
                    // The first item of a Choice is the one to show.
                    if let Json::List(items) = &b.items {
                        if let Some(first) = items.first() {
                            let items_path = path.key("items");
                            self.body(first, &items_path.index(0), purpose.or(motivation), out)?;
                        }
                    }
                } else if b.value.is_there() {
                    let text = b.value.as_str().ok_or_else(|| {
                        invalid(path.key("value"), "a TextualBody's value must be a string")
                    })?;
                    push_text(out, role, text);
                } else if b.types().any(|t| t == "TextualBody") {
                    return Err(invalid(
                        path.key("value"),
                        "missing: a TextualBody holds its text in value",
                    ));
                } else {
                    let link = match &b.source {
                        Json::Str(s) => Some(s.as_ref()),
                        Json::Object(s) => s.id.as_str(),
                        _ => None,
                    }
                    .or_else(|| b.id.as_str());
                    match link {
                        Some(link) => self.resource(link, path, role, out),
                        None => self.warn(format!(
                            "{path}: a body with neither a value nor a link was ignored"
                        )),
                    }
                }
            }
            Json::Null => {}
            _ => {
                return Err(invalid(
                    path,
                    "must be an object, a string or a list of them",
                ))
            }
        }
        Ok(())
    }

    /// A body that is a linked resource: a tag when tagging (its IRI is the
    /// label), else content Marginalia does not fetch.
    fn resource(&mut self, link: &str, path: &Path, role: Role, out: &mut Content) {
        match role {
            Role::Tag => push_text(out, Role::Tag, link),
            Role::Note => self.warn(format!(
                "{path}: links to {}; linked content is not fetched",
                shorten(link)
            )),
        }
    }

    fn timestamp(&mut self, value: &Plain, name: &'static str, path: &Path) -> Option<Timestamp> {
        let text = match value {
            Json::Missing => return None,
            Json::Str(s) => s.as_ref(),
            Json::List(list) => {
                self.warn(format!(
                    "{}: several values; the first was used",
                    path.key(name)
                ));
                list.first()?.as_str()?
            }
            _ => "",
        };
        match Timestamp::new(text) {
            Ok(t) => Some(t),
            Err(_) => {
                self.warn(format!(
                    "{}: \"{}\" is not a date and time with a time zone; left out",
                    path.key(name),
                    shorten(text)
                ));
                None
            }
        }
    }
}

/// Reads `selector` (an object, a list of them, or a link) into `found`.
fn selectors(v: &Json<SelectorObject>, path: &Path, found: &mut Found) -> Result<(), InteropError> {
    match v {
        Json::List(list) => {
            for (i, s) in list.iter().enumerate() {
                selectors(s, &path.index(i), found)?;
            }
            Ok(())
        }
        Json::Object(s) => selector(s, path, found, false),
        Json::Str(link) => {
            found
                .other
                .push(format!("a link to a selector ({})", shorten(link)));
            Ok(())
        }
        _ => Err(invalid(
            path,
            "must be a selector, a list of selectors or a link",
        )),
    }
}

fn selector(
    s: &SelectorObject,
    path: &Path,
    found: &mut Found,
    refined: bool,
) -> Result<(), InteropError> {
    match s.types().next().unwrap_or("") {
        "TextQuoteSelector" => {
            let q = text_quote(s, path)?;
            found.quote.get_or_insert(q);
            found.refinement |= s.refined_by.is_there();
        }
        "TextPositionSelector" => {
            let p = text_position(s, path)?;
            if refined {
                found.relative = true;
            } else {
                found.position.get_or_insert(p);
                found.refinement |= s.refined_by.is_there();
            }
        }
        other => {
            found.other.push(if other.is_empty() {
                "a selector without a type".into()
            } else {
                other.to_string()
            });
            // A quote refining another selector can still be searched for in
            // the whole text.
            refinement(&s.refined_by, &path.key("refinedBy"), found)?;
        }
    }
    Ok(())
}

/// The first text selector in a `refinedBy` chain, read as a refinement.
fn refinement(
    r: &Json<SelectorObject>,
    path: &Path,
    found: &mut Found,
) -> Result<(), InteropError> {
    let Json::Object(s) = r else {
        return Ok(());
    };
    match s.types().next() {
        Some("TextQuoteSelector" | "TextPositionSelector") => selector(s, path, found, true),
        _ => refinement(&s.refined_by, &path.key("refinedBy"), found),
    }
}

fn text_quote(s: &SelectorObject, path: &Path) -> Result<TextQuote, InteropError> {
    let field = |v: &Plain, name: &'static str, required: bool| -> Result<String, InteropError> {
        match v {
            Json::Str(s) => Ok(s.to_string()),
            Json::Missing if !required => Ok(String::new()),
            Json::Missing => Err(invalid(
                path.key(name),
                "missing: a TextQuoteSelector needs the quoted text",
            )),
            _ => Err(invalid(path.key(name), "must be a string")),
        }
    };
    Ok(TextQuote {
        exact: field(&s.exact, "exact", true)?,
        prefix: field(&s.prefix, "prefix", false)?,
        suffix: field(&s.suffix, "suffix", false)?,
    })
}

fn text_position(s: &SelectorObject, path: &Path) -> Result<(usize, usize), InteropError> {
    let field = |v: &Plain, name: &'static str| -> Result<usize, InteropError> {
        if !v.is_there() {
            return Err(invalid(
                path.key(name),
                "missing: a TextPositionSelector needs start and end",
            ));
        }
        match v {
            Json::Uint(n) => usize::try_from(*n).ok(),
            _ => None,
        }
        .ok_or_else(|| {
            invalid(
                path.key(name),
                format!("must be a whole number of at least 0, not {}", v.kind()),
            )
        })
    };
    let (start, end) = (field(&s.start, "start")?, field(&s.end, "end")?);
    if end < start {
        return Err(invalid(
            path.key("end"),
            format!("{end} is before start ({start})"),
        ));
    }
    Ok((start, end))
}

/// A string body that links to a resource rather than being a tag written
/// as a bare string (Recogito): an absolute IRI with `://` or a URN, so
/// that `PER:name` stays a tag.
fn is_link(s: &str) -> bool {
    is_iri(s) && (s.contains("://") || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")))
}

/// Adds a label (unless blank) or a note (unless empty: notes are kept
/// exactly, whitespace included), once.
fn push_text(out: &mut Content, role: Role, text: &str) {
    let list = match role {
        Role::Tag if !text.trim().is_empty() => &mut out.labels,
        Role::Note if !text.is_empty() => &mut out.notes,
        _ => return,
    };
    if !list.iter().any(|t| t == text) {
        list.push(text.to_string());
    }
}

/// What motivations or purposes ask for: tagging when one of them is
/// tagging or classifying; `None` when there are none.
fn role_of<'s>(names: impl Iterator<Item = &'s str>) -> Option<Role> {
    let mut role = None;
    for name in names {
        if matches!(
            name.strip_prefix("oa:").unwrap_or(name),
            "tagging" | "classifying"
        ) {
            return Some(Role::Tag);
        }
        role = Some(Role::Note);
    }
    role
}

fn is_ours(node: &Node) -> bool {
    let is_marginalia = |g: &Json<Agent>| {
        g.as_object().is_some_and(|g| {
            g.name.as_str() == Some(GENERATOR_NAME) && g.types().all(|t| t == "Software")
        })
    };
    match &node.generator {
        Json::List(list) => list.iter().any(is_marginalia),
        g => is_marginalia(g),
    }
}

/// Hypothesis and Recogito count offsets in UTF-16 units (JavaScript).
fn is_utf16_tool(node: &Node, id: Option<&str>) -> bool {
    if !node.context.is_there() && (node.uri.is_there() || node.user.is_there()) {
        return true;
    }
    if id.is_some_and(|id| id.starts_with('#')) {
        return true;
    }
    let named = |s: &str| {
        let s = s.as_bytes();
        ["hypothes.is", "recogito", "pelagios"]
            .iter()
            .any(|needle| {
                s.windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
            })
    };
    id.is_some_and(named)
        || [&node.creator, &node.generator]
            .into_iter()
            .any(|agent| match agent {
                Json::Str(s) => named(s),
                Json::Object(a) => [&a.id, &a.name, &a.homepage]
                    .into_iter()
                    .filter_map(Json::as_str)
                    .any(named),
                _ => false,
            })
}

fn invalid(path: impl fmt::Display, reason: impl Into<String>) -> InteropError {
    let path = path.to_string();
    InteropError::Invalid {
        format: FORMAT,
        path: if path.is_empty() { "file".into() } else { path },
        reason: reason.into(),
    }
}

fn shorten(s: &str) -> String {
    marginalia_core::text::shorten(s, 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use marginalia_core::annotation::{Annotation, DocumentId};
    use marginalia_core::document::{Command, Metadata};
    use marginalia_core::testing::{add_generated, ann, ts};
    use marginalia_core::text::Text;
    use proptest::prelude::*;
    use serde_json::Value;

    fn document(id: &str, text: &str, url: Option<&str>) -> Document {
        Document::new(
            DocumentId::new(id).unwrap(),
            Metadata {
                title: "A test article".into(),
                url: url.map(str::to_string),
                ..Metadata::default()
            },
            Text::new(text),
            ts("00"),
        )
    }

    fn add(d: &mut Document, id: &str, tag: Tag, start: usize, end: usize, note: &str) {
        let mut a = ann(id, tag, start, end);
        a.note = note.into();
        a.modified = ts("42");
        d.apply(Command::Add(a)).unwrap();
    }

    const MIXED: &str = "Tea 🍵 in 東京, said e\u{301}té: \"we will go\".\n\
        The 👩\u{200d}🔬 scientist 다시 said so.\n\
        Third paragraph, with a <tag> & \"quotes\".";

    /// Varied documents, named for the files the validator reads.
    fn samples() -> Vec<(&'static str, Document, W3cOptions)> {
        let mut mixed = document(
            "doc-mixed",
            MIXED,
            Some("https://news.example.com/2026/11/tea.html"),
        );
        add(&mut mixed, "a1", Tag::Claim, 0, 3, "");
        add(&mut mixed, "a2", Tag::Source, 4, 5, "an emoji 🍵");
        add(&mut mixed, "a3", Tag::Quote, 9, 11, "");
        add(
            &mut mixed,
            "a4",
            Tag::Claim,
            18,
            22,
            "combining mark: e\u{301}\nsecond line",
        );
        add(
            &mut mixed,
            "a5",
            Tag::Quote,
            25,
            48,
            "crosses into paragraph 2",
        );
        add(&mut mixed, "a6", Tag::Source, 42, 45, "a ZWJ sequence");
        add(&mut mixed, "a7", Tag::Source, 56, 58, "");
        add(&mut mixed, "a8", Tag::Claim, 92, 97, "");
        let mut no_url = document("doc-no-url", MIXED, None);
        add(&mut no_url, "b1", Tag::Source, 4, 11, "");
        add(
            &mut no_url,
            "b2",
            Tag::Claim,
            0,
            Text::new(MIXED).len(),
            "the whole text",
        );
        let mut odd_ids = document(
            "doc/with%odd#id",
            "Short text. Another sentence.",
            Some("not a url"),
        );
        add(
            &mut odd_ids,
            "x/1#é%",
            Tag::Claim,
            0,
            11,
            "<b>not html</b> & \"quoted\"",
        );
        let creator = W3cOptions {
            id_base: Some("https://annotations.example.org/".into()),
            creator: Some(Creator {
                name: "Ana Lyst".into(),
                id: Some("https://example.org/people/ana".into()),
            }),
        };
        let empty = document("doc-empty", "", None);
        let unannotated = document("doc-unannotated", "Nothing tagged here.", None);
        vec![
            ("mixed-scripts", mixed, W3cOptions::default()),
            ("no-url", no_url, W3cOptions::default()),
            ("odd-ids-creator", odd_ids, creator),
            ("empty", empty, W3cOptions::default()),
            ("unannotated", unannotated, W3cOptions::default()),
        ]
    }

    /// Writes every sample export where the CI's validator run finds them.
    #[test]
    fn exports_are_written_for_the_validator() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
        std::fs::create_dir_all(&dir).unwrap();
        for (name, doc, options) in samples() {
            let json = export(&doc, &options);
            let v: Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["@context"], CONTEXT);
            assert_eq!(v["type"], "AnnotationCollection");
            assert_eq!(v["total"], doc.annotations().count());
            std::fs::write(dir.join(format!("{name}.jsonld")), json).unwrap();
        }
    }

    fn exported(doc: &Document, options: &W3cOptions) -> Value {
        serde_json::from_str(&export(doc, options)).unwrap()
    }

    #[test]
    fn export_shape_for_a_tag_with_a_note() {
        let (_, doc, options) = samples().remove(0);
        let v = exported(&doc, &options);
        assert_eq!(v["id"], "urn:x-marginalia:doc-mixed");
        assert_eq!(v["label"], "A test article");
        let page = &v["first"];
        assert_eq!(page["type"], "AnnotationPage");
        assert_eq!(page["id"], "urn:x-marginalia:doc-mixed/page/1");
        assert_eq!(page["startIndex"], 0);
        let items = page["items"].as_array().unwrap();
        let ids: Vec<&str> = items.iter().map(|a| a["id"].as_str().unwrap()).collect();
        assert_eq!(ids[0], "urn:x-marginalia:doc-mixed/a1");
        assert_eq!(ids.len(), 8);
        // a1: tag only.
        let a1 = &items[0];
        assert_eq!(a1["motivation"], "tagging");
        assert_eq!(a1["body"].as_array().unwrap().len(), 1);
        assert_eq!(a1["body"][0]["purpose"], "tagging");
        assert_eq!(a1["body"][0]["value"], "claim");
        assert!(a1.get("creator").is_none());
        assert_eq!(a1["generator"]["name"], "Marginalia");
        // a2: the emoji, with a note.
        let a2 = &items[1];
        assert_eq!(a2["motivation"], "commenting");
        assert_eq!(a2["body"][1]["purpose"], "commenting");
        assert_eq!(a2["body"][1]["value"], "an emoji 🍵");
        assert_eq!(a2["created"], "2026-11-24T10:00:00Z");
        assert_eq!(a2["modified"], "2026-11-24T10:00:42Z");
        let target = &a2["target"];
        assert_eq!(target["type"], "SpecificResource");
        assert_eq!(
            target["source"],
            "https://news.example.com/2026/11/tea.html"
        );
        assert_eq!(target["selector"][0]["type"], "TextQuoteSelector");
        assert_eq!(target["selector"][0]["exact"], "🍵");
        assert_eq!(target["selector"][0]["prefix"], "Tea ");
        assert_eq!(
            target["selector"][0]["suffix"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            32
        );
        assert_eq!(target["selector"][1]["type"], "TextPositionSelector");
        assert_eq!(
            target["selector"][1]["start"], 4,
            "code points, not UTF-16 (which would be 4..6)"
        );
        assert_eq!(target["selector"][1]["end"], 5);
        // a3 is 東京 at code points 9..11.
        assert_eq!(items[2]["target"]["selector"][0]["exact"], "東京");
        assert_eq!(items[2]["target"]["selector"][1]["start"], 9);
        // Text order: a6 (42..45) comes before a5's end but after its start.
        assert_eq!(items[3]["target"]["selector"][0]["exact"], "e\u{301}té");
        assert_eq!(
            items[4]["target"]["selector"][0]["exact"],
            "we will go\".\nThe 👩\u{200d}🔬 sc"
        );
        assert_eq!(items[5]["target"]["selector"][0]["exact"], "👩\u{200d}🔬");
        assert_eq!(items[7]["target"]["selector"][0]["exact"], "<tag>");
    }

    #[test]
    fn export_without_url_names_the_text_by_its_hash() {
        let samples = samples();
        let v = exported(&samples[1].1, &samples[1].2);
        let source = v["first"]["items"][0]["target"]["source"].as_str().unwrap();
        assert_eq!(source, text_urn(MIXED));
        assert!(source.starts_with("urn:sha256:") && source.len() == 11 + 64);
        // A URL that is not an absolute IRI is not written either.
        let v = exported(&samples[2].1, &samples[2].2);
        let a = &v["first"]["items"][0];
        assert_eq!(
            a["target"]["source"],
            text_urn("Short text. Another sentence.")
        );
        assert_eq!(
            a["id"],
            "https://annotations.example.org/doc%2Fwith%25odd%23id/x%2F1%23%C3%A9%25"
        );
        assert_eq!(a["creator"]["type"], "Person");
        assert_eq!(a["creator"]["name"], "Ana Lyst");
        assert_eq!(a["creator"]["id"], "https://example.org/people/ana");
    }

    #[test]
    fn empty_documents_have_no_page() {
        for (name, doc, options) in samples()
            .into_iter()
            .filter(|s| s.1.annotations().count() == 0)
        {
            let v = exported(&doc, &options);
            assert_eq!(v["total"], 0, "{name}");
            assert!(v.get("first").is_none(), "{name}");
            let back = import(&export(&doc, &options)).unwrap();
            assert!(
                back.annotations.is_empty() && back.warnings.is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn options_fall_back_when_not_iris() {
        let mut doc = document("d", "abc", None);
        add(&mut doc, "a", Tag::Claim, 0, 1, "");
        let options = W3cOptions {
            id_base: Some("not a base".into()),
            creator: Some(Creator {
                name: String::new(),
                id: Some("nobody".into()),
            }),
        };
        let v = exported(&doc, &options);
        assert_eq!(v["first"]["items"][0]["id"], "urn:x-marginalia:d/a");
        assert!(v["first"]["items"][0].get("creator").is_none());
    }

    #[test]
    fn sha256_matches_the_fips_vectors() {
        let hex = |d: &[u8]| text_urn(std::str::from_utf8(d).unwrap())[11..].to_string();
        assert_eq!(
            hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million = "a".repeat(1_000_000);
        assert_eq!(
            text_urn(&million)[11..],
            *"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        // Lengths around the padding boundary (55, 56, 64 bytes), and UTF-8.
        assert_eq!(
            hex(&[b'a'; 55]),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"
        );
        assert_eq!(
            hex(&[b'a'; 56]),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"
        );
        assert_eq!(
            hex(&[b'a'; 64]),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"
        );
        assert_eq!(
            text_urn("東京🍵 tea e\u{301} end"),
            "urn:sha256:d912ee9b22bc9d99d1e4cd660f600f314c15c34ccf603f3016f822fdaa2f3b90"
        );
    }

    #[test]
    fn ids_encode_and_decode() {
        for id in ["a-1", "x/1#é%", "日本", "a%2Fb", "~._-"] {
            let enc = encode_segment(id);
            assert!(!enc.contains('/') && !enc.contains('#'), "{enc}");
            assert!(enc.is_ascii(), "{enc}");
            assert_eq!(decode_segment(&enc).as_deref(), Some(id));
        }
        assert_eq!(decode_segment("%zz"), None);
        assert_eq!(decode_segment("%C3"), None, "half a UTF-8 sequence");
    }

    /// Every exported annotation comes back with its label, note, times,
    /// quote and code-point position.
    fn assert_round_trip(doc: &Document, options: &W3cOptions) {
        let json = export(doc, options);
        assert!(looks_like(&json));
        let back = import(&json).unwrap();
        assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        assert_eq!(back.format, FormatKind::W3c);
        assert_eq!(back.text, None);
        // The URL travels in the targets, so only with annotations.
        let url = doc.meta().url.as_deref().filter(|u| is_iri(u));
        let url = url.filter(|_| !doc.is_empty() && doc.annotations().next().is_some());
        assert_eq!(back.source.as_deref(), url);
        let originals: Vec<&Annotation> = doc.annotations().collect();
        assert_eq!(back.annotations.len(), originals.len());
        for (a, f) in originals.iter().zip(&back.annotations) {
            assert_eq!(f.id.as_deref(), Some(a.id.as_str()));
            assert_eq!(f.label, a.tag.as_str());
            assert_eq!(f.note, a.note);
            assert_eq!(f.created.as_ref(), Some(&a.created));
            assert_eq!(f.modified.as_ref(), Some(&a.modified));
            assert_eq!(
                f.selector.quote.as_ref(),
                Some(&TextQuote::of(doc.text(), a.start, a.end))
            );
            assert_eq!(
                f.selector.position,
                Some(Position {
                    start: a.start,
                    end: a.end,
                    unit: Unit::CodePoint
                })
            );
        }
    }

    /// Labels and unplaced annotations travel too: the label as the tagging
    /// body, an unplaced annotation as a quote-only target, which the
    /// validator accepts and which an import keeps unplaced again.
    #[test]
    fn labels_and_unplaced_ones_round_trip() {
        use crate::plan::plan;
        use marginalia_core::annotation::{Label, Unplaced, Unplacement};
        use marginalia_core::import::Mode;
        let mut d = document("doc-labels", MIXED, None);
        let person = Label::new("Named person").unwrap();
        d.apply(Command::AddLabel(person.clone())).unwrap();
        add(&mut d, "p1", Tag::Other(person.clone()), 9, 11, "a city");
        add(&mut d, "c1", Tag::Claim, 0, 3, "");
        let gone = Unplaced {
            id: AnnotationId::new("u1").unwrap(),
            tag: Tag::Other(person),
            exact: "a sentence no longer here 😀".into(),
            prefix: "before ".into(),
            suffix: String::new(),
            note: "find it".into(),
            created: ts("01"),
            modified: ts("02"),
            why: Unplacement::Orphaned,
        };
        d.apply(Command::AddUnplaced(gone.clone())).unwrap();
        let json = export(&d, &W3cOptions::default());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/interop/w3c");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("labels-unplaced.jsonld"), &json).unwrap();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["total"], 3);
        let last = &v["first"]["items"][2];
        assert_eq!(last["target"]["selector"].as_array().unwrap().len(), 1);
        assert_eq!(last["body"][0]["value"], "Named person");

        let file = import(&json).unwrap();
        let fresh = document("doc-labels", MIXED, None);
        let p = plan(fresh.text(), &file);
        let (cmd, effect) = p.command(&fresh, Mode::Merge, &ts("59"), &mut || unreachable!());
        assert_eq!((effect.placed, effect.unplaced), (2, 1));
        let mut back = fresh.clone();
        back.apply(cmd).unwrap();
        assert_eq!(back.labels(), d.labels());
        assert_eq!(
            back.annotations().collect::<Vec<_>>(),
            d.annotations().collect::<Vec<_>>()
        );
        assert_eq!(back.unplaced(), [gone]);
    }

    #[test]
    fn samples_round_trip() {
        for (_, doc, options) in samples() {
            assert_round_trip(&doc, &options);
        }
        let (_, doc, options) = samples().remove(0);
        assert_eq!(
            import(&export(&doc, &options)).unwrap().title.as_deref(),
            Some("A test article")
        );
    }

    proptest! {
        #[test]
        fn any_document_round_trips(
            text in "[a-z \n\"\\\\🍵東京é\u{301}👩\u{200d}]{1,80}",
            spans in proptest::collection::vec((0usize..80, 1usize..20, 0usize..3, "[a-z😀\n\"]{0,6}"), 0..12),
            url in proptest::option::of("https://[a-z]{1,8}\\.example/[a-z0-9/]{0,10}"),
        ) {
            let mut d = document("p", &text, url.as_deref());
            add_generated(&mut d, "id", spans);
            assert_round_trip(&d, &W3cOptions::default());
        }
    }

    // ---- import of other tools' files

    fn only(file: &ForeignFile) -> &ForeignAnnotation {
        assert_eq!(file.annotations.len(), 1, "{:?}", file.annotations);
        &file.annotations[0]
    }

    fn err_path(content: &str) -> String {
        match import(content) {
            Err(InteropError::Invalid { path, .. }) => path,
            other => panic!("expected an error, got {other:?}"),
        }
    }

    macro_rules! data {
        ($name:literal) => {
            include_str!(concat!("../tests/data/w3c/", $name))
        };
    }

    #[test]
    fn reads_the_project_profile_examples() {
        let f = import(data!("crafted-valid/article-tag-claim.json")).unwrap();
        let a = only(&f);
        assert_eq!(a.label, "claim");
        assert_eq!(
            a.id.as_deref(),
            Some("urn:uuid:0d3b6a52-6a0e-4a43-9a53-0f8c1d3e6a01")
        );
        assert_eq!(a.note, "");
        assert_eq!(
            a.created.as_ref().map(Timestamp::as_str),
            Some("2024-05-01T12:00:00Z")
        );
        assert_eq!(a.modified, None);
        let q = a.selector.quote.as_ref().unwrap();
        assert_eq!(
            (q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str()),
            (
                "unemployment fell to 3.9 percent",
                "officials said ",
                " in April"
            )
        );
        assert_eq!(
            a.selector.position,
            Some(Position {
                start: 1204,
                end: 1236,
                unit: Unit::Unknown
            })
        );
        assert_eq!(
            f.source.as_deref(),
            Some("https://news.example.com/2024/05/01/article.html")
        );

        let f = import(data!("crafted-valid/article-comment-quote-only.json")).unwrap();
        let a = only(&f);
        assert_eq!(a.label, "source");
        assert_eq!(a.note, "Where is the source for this number?");
        assert_eq!(a.selector.position, None);
        assert_eq!(
            a.selector.quote.as_ref().unwrap().exact,
            "unemployment fell to 3.9 percent"
        );

        // A page of two: the second selects an empty span, so it is skipped.
        let f = import(data!("crafted-valid/article-page-two-items.json")).unwrap();
        assert_eq!(only(&f).label, "claim");
        assert_eq!(f.warnings.len(), 1, "{:?}", f.warnings);
        assert!(
            f.warnings[0].starts_with("items[1] (urn:uuid:")
                && f.warnings[0].contains("empty span"),
            "{}",
            f.warnings[0]
        );

        let f = import(data!(
            "crafted-valid/article-position-only-empty-range.json"
        ))
        .unwrap();
        assert!(f.annotations.is_empty());
        assert!(f.warnings[0].contains("empty span"));
    }

    #[test]
    fn reads_rec_examples_that_annotate_text() {
        // Example 23: a quote, with a body that is only a link (a comment
        // elsewhere): kept without a label, the link is reported.
        let f = import(data!("rec/example23.json")).unwrap();
        let a = only(&f);
        assert_eq!(a.label, "");
        assert_eq!(a.selector.quote.as_ref().unwrap().exact, "anotation");
        assert_eq!(a.selector.quote.as_ref().unwrap().suffix, " that has some");
        assert!(
            f.warnings
                .iter()
                .any(|w| w.contains("http://example.org/comment1") && w.contains("not fetched")),
            "{:?}",
            f.warnings
        );
        assert!(
            f.warnings.iter().any(|w| w.contains("no tag")),
            "{:?}",
            f.warnings
        );

        // Example 24: a position only.
        let f = import(data!("rec/example24.json")).unwrap();
        assert_eq!(
            only(&f).selector.position,
            Some(Position {
                start: 412,
                end: 795,
                unit: Unit::Unknown
            })
        );

        // Example 29: a quote refining a FragmentSelector.
        let f = import(data!("rec/example29.json")).unwrap();
        assert_eq!(
            only(&f).selector.quote.as_ref().unwrap().exact,
            "Selected Text"
        );
        assert_eq!(only(&f).selector.position, None);

        // Example 41: a tag, a Choice of descriptions, and a position inside
        // a refinement (relative to an XML element): not a whole-text span.
        let f = import(data!("rec/example41.json")).unwrap();
        assert!(f.annotations.is_empty());
        assert!(
            f.warnings[0].starts_with("the annotation (http://example.org/anno38)"),
            "{:?}",
            f.warnings
        );
        assert!(f.warnings[0].contains("refinement"), "{:?}", f.warnings);

        // Examples 1, 8, 9, 15: whole resources, skipped with a warning.
        for (content, id) in [
            (data!("rec/example01.json"), "http://example.org/anno1"),
            (data!("rec/example08.json"), "http://example.org/anno8"),
            (data!("rec/example09.json"), "http://example.org/anno9"),
            (data!("rec/example15.json"), "http://example.org/anno15"),
        ] {
            let f = import(content).unwrap();
            assert!(f.annotations.is_empty(), "{id}");
            assert_eq!(f.warnings.len(), 1, "{id}: {:?}", f.warnings);
            assert!(
                f.warnings[0].contains(id) && f.warnings[0].contains("whole resource"),
                "{:?}",
                f.warnings
            );
        }

        // Example 40: a collection with an embedded page of whole-resource
        // annotations; example 38: a collection whose page is only linked.
        let f = import(data!("rec/example40.json")).unwrap();
        assert!(f.annotations.is_empty());
        assert_eq!(f.title.as_deref(), Some("Two Annotations"));
        assert!(
            f.warnings[0].starts_with("first.items[0] (http://example.org/anno1)"),
            "{:?}",
            f.warnings
        );
        assert_eq!(err_path(data!("rec/example38.json")), "first");
    }

    #[test]
    fn reads_the_test_suite_collection() {
        // 41 annotations of every kind; three select text.
        let f = import(data!("wat/collection1.json")).unwrap();
        assert_eq!(f.title.as_deref(), Some("Annotation Examples"));
        let quotes: Vec<Option<&str>> = f
            .annotations
            .iter()
            .map(|a| a.selector.quote.as_ref().map(|q| q.exact.as_str()))
            .collect();
        assert_eq!(quotes, [Some("anotation"), None, Some("Selected Text")]);
        assert_eq!(
            f.annotations[1].id.as_deref(),
            Some("http://example.org/anno27")
        );
        assert_eq!(
            f.annotations[1].selector.position.map(|p| (p.start, p.end)),
            Some((412, 795))
        );
        assert_eq!(f.annotations[0].label, "");
        // Every other item is named in a (capped) warning.
        assert!(f
            .warnings
            .iter()
            .any(|w| w.starts_with("first.items[3] (http://example.org/anno4)")));
        assert!(
            f.warnings
                .iter()
                .any(|w| w.starts_with("… and ") && w.ends_with(" more warning(s)")),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn errors_name_the_place() {
        for (content, path) in [
            (data!("crafted-invalid/missing-target.json"), "target"),
            (data!("crafted-invalid/textposition-string-offsets.json"), "target.selector[1].start"),
            (data!("crafted-invalid/textposition-negative.json"), "target.selector[1].start"),
            (data!("crafted-invalid/textposition-missing-end.json"), "target.selector[1].end"),
            (data!("crafted-invalid/textquote-exact-array.json"), "target.selector[0].exact"),
            (data!("crafted-invalid/textquote-no-exact.json"), "target.selector[0].exact"),
            (data!("crafted-invalid/textualbody-value-not-string.json"), "body.value"),
            ("{\"type\": \"AnnotationPage\", \"items\": [{\"target\": {\"selector\": {\"type\": \"TextPositionSelector\", \"start\": 5, \"end\": 2}}}]}", "items[0].target.selector.end"),
            ("{\"type\": \"AnnotationCollection\", \"first\": {\"type\": \"AnnotationPage\", \"items\": [{}, {}, {}, {\"type\": \"Annotation\"}]}}", "first.items[0].target"),
            ("[1]", "[0]"),
            ("{\"type\": \"AnnotationPage\"}", "items"),
            ("{\"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"x\"}}, \"tags\": [\"a\", 3]}", "tags[1]"),
        ] {
            assert_eq!(err_path(content), path, "{content}");
        }
        let e = import(data!("crafted-invalid/textposition-string-offsets.json")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "W3C Web Annotation: target.selector[1].start: must be a whole number of at least 0, not a string"
        );
        let e = import(data!("crafted-invalid/textposition-negative.json")).unwrap_err();
        assert!(e.to_string().ends_with("not a negative number"), "{e}");
        let e = import("{\"target\": 3}").unwrap_err().to_string();
        assert_eq!(
            e,
            "W3C Web Annotation: target: must be a link, an object or a list of them"
        );
        assert!(
            matches!(import("{ not json"), Err(InteropError::Invalid { path, .. }) if path == "line 1, column 3")
        );
    }

    #[test]
    fn model_violations_that_do_not_touch_anchoring_are_warnings() {
        let f = import(data!("crafted-invalid/created-not-datetime.json")).unwrap();
        assert_eq!(only(&f).created, None);
        assert!(
            f.warnings[0].starts_with("created: \"2024-05-01\""),
            "{:?}",
            f.warnings
        );
        let f = import(data!("crafted-invalid/two-created.json")).unwrap();
        assert_eq!(
            only(&f).created.as_ref().map(Timestamp::as_str),
            Some("2024-05-01T12:00:00Z")
        );
        assert!(f.warnings[0].contains("several values"));
        let f = import(data!("crafted-invalid/body-and-bodyValue.json")).unwrap();
        assert_eq!(only(&f).label, "claim");
        assert!(f.warnings[0].contains("bodyValue was ignored"));
        // Missing @context or type: still an annotation.
        assert_eq!(
            only(&import(data!("crafted-invalid/missing-context.json")).unwrap()).label,
            "claim"
        );
        assert_eq!(
            only(&import(data!("crafted-invalid/missing-type.json")).unwrap()).label,
            "claim"
        );
        // A misspelled type is not an annotation.
        let f = import(data!("crafted-invalid/wrong-type.json")).unwrap();
        assert!(
            f.annotations.is_empty() && f.warnings[0].contains("not Annotation"),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn profile_failures_are_read_as_far_as_they_go() {
        // A body that is an IRI, with motivation tagging: the IRI is the tag.
        let f = import(data!("crafted-profile-fail/body-is-iri.json")).unwrap();
        assert_eq!(only(&f).label, "https://example.org/tags/claim");
        // A describing body under highlighting: a note, no label.
        let f = import(data!("crafted-profile-fail/motivation-highlighting.json")).unwrap();
        assert_eq!(
            (only(&f).label.as_str(), only(&f).note.as_str()),
            ("", "claim")
        );
        // No text selector: skipped.
        let f = import(data!("crafted-profile-fail/css-selector-only.json")).unwrap();
        assert!(
            f.annotations.is_empty() && f.warnings[0].contains("CssSelector"),
            "{:?}",
            f.warnings
        );
        let f = import(data!("crafted-profile-fail/target-plain-uri.json")).unwrap();
        assert!(
            f.annotations.is_empty() && f.warnings[0].contains("whole resource"),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn reads_hypothesis_api_annotations() {
        let f = import(data!("hypothesis-search.json")).unwrap();
        assert_eq!(f.title.as_deref(), Some("Tea prices rise again"));
        assert_eq!(
            f.source.as_deref(),
            Some("https://news.example.com/2026/11/tea.html")
        );
        // Two tags on the first: two annotations; the second has no tags.
        let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["claim", "economy", ""]);
        let a = &f.annotations[0];
        assert_eq!(a.id.as_deref(), Some("Jz6Bqk5XEeaEKe8LzHjrJg"));
        assert_eq!(f.annotations[1].id, None);
        assert_eq!(a.note, "Is this sourced?");
        assert_eq!(f.annotations[1].note, a.note);
        assert_eq!(
            a.selector.position,
            Some(Position {
                start: 4,
                end: 6,
                unit: Unit::Utf16
            })
        );
        assert_eq!(a.selector.quote.as_ref().unwrap().exact, "🍵");
        assert_eq!(
            a.created.as_ref().map(Timestamp::as_str),
            Some("2026-11-20T09:15:12.476547+00:00")
        );
        assert_eq!(
            a.modified.as_ref().map(Timestamp::as_str),
            Some("2026-11-21T10:00:00.000000+00:00")
        );
        let b = &f.annotations[2];
        assert_eq!(
            b.selector.quote.as_ref().unwrap().prefix,
            "",
            "missing prefix and suffix are empty"
        );
        assert_eq!(b.note, "Who said this?");
        assert!(
            f.warnings
                .iter()
                .any(|w| w.starts_with("rows[0] (Jz6Bqk5XEeaEKe8LzHjrJg): 2 tags")),
            "{:?}",
            f.warnings
        );
        // The client's export wraps the same annotations differently.
        let export = format!(
            "{{\"export_date\": \"2026-11-22T00:00:00Z\", \"annotations\": {}}}",
            serde_json::to_string(
                &serde_json::from_str::<Value>(data!("hypothesis-search.json")).unwrap()["rows"]
            )
            .unwrap()
        );
        assert!(looks_like(&export));
        assert_eq!(import(&export).unwrap().annotations, f.annotations);
    }

    #[test]
    fn reads_recogito_annotations() {
        let f = import(data!("recogito.json")).unwrap();
        let labels: Vec<&str> = f.annotations.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["PLACE", "port", "Quote"]);
        let a = &f.annotations[0];
        assert_eq!(a.note, "The harbour, not the city.");
        assert_eq!(a.selector.position.map(|p| p.unit), Some(Unit::Utf16));
        assert_eq!(
            a.selector.position.map(|p| (p.start, p.end)),
            Some((10, 16))
        );
        assert_eq!(
            f.annotations[2].selector.position.map(|p| p.unit),
            Some(Unit::Utf16),
            "a `#` id (RecogitoJS)"
        );
        assert_eq!(f.annotations[2].note, "");
        assert!(
            f.warnings
                .iter()
                .any(|w| w.contains("linked content is not fetched")),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn shapes_of_targets_bodies_and_selectors() {
        let base = |target: &str, body: &str| {
            format!("{{\"type\": \"Annotation\", \"motivation\": \"tagging\", \"body\": {body}, \"target\": {target}}}")
        };
        let quote = "{\"type\": \"TextQuoteSelector\", \"exact\": \"tea\"}";
        // Target as an object, a list (first text target wins), or a link.
        let t = format!("{{\"source\": \"https://a.example/\", \"selector\": {quote}}}");
        let two = format!("[\"https://b.example/\", {t}, {t}]");
        let f = import(&base(&two, "\"claim\"")).unwrap();
        assert_eq!(
            only(&f).label,
            "claim",
            "a bare word body under tagging is a tag"
        );
        assert!(f.warnings[0].contains("2 text targets"), "{:?}", f.warnings);
        // Body list with an untyped value under tagging, duplicates dropped.
        let f = import(&base(&t, "[{\"value\": \"a\"}, {\"type\": \"TextualBody\", \"value\": \"a\"}, {\"type\": \"TextualBody\", \"value\": \"why?\", \"purpose\": \"commenting\"}]")).unwrap();
        assert_eq!(
            (only(&f).label.as_str(), only(&f).note.as_str()),
            ("a", "why?")
        );
        // A Choice: its first item.
        let f = import(&base(&t, "{\"type\": \"Choice\", \"items\": [{\"type\": \"TextualBody\", \"value\": \"first\"}, {\"type\": \"TextualBody\", \"value\": \"second\"}]}")).unwrap();
        assert_eq!(only(&f).label, "first");
        // bodyValue under commenting is a note.
        let f = import(&format!(
            "{{\"motivation\": \"commenting\", \"bodyValue\": \"hm\", \"target\": {t}}}"
        ))
        .unwrap();
        assert_eq!(
            (only(&f).label.as_str(), only(&f).note.as_str()),
            ("", "hm")
        );
        // A SpecificResource tag (a semantic tag) keeps its IRI.
        let f = import(&base(&t, "{\"type\": \"SpecificResource\", \"purpose\": \"classifying\", \"source\": \"http://vocab.example/claim\"}")).unwrap();
        assert_eq!(only(&f).label, "http://vocab.example/claim");
        // Nested refinements: the quote is found through two levels.
        let refined = format!("{{\"source\": \"x:y\", \"selector\": {{\"type\": \"CssSelector\", \"value\": \"p\", \"refinedBy\": {{\"type\": \"FragmentSelector\", \"value\": \"a\", \"refinedBy\": {quote}}}}}}}");
        assert_eq!(
            only(&import(&base(&refined, "\"t\"")).unwrap())
                .selector
                .quote
                .as_ref()
                .unwrap()
                .exact,
            "tea"
        );
        // A refinement of a text selector is ignored, with a warning.
        let sel = "{\"type\": \"TextPositionSelector\", \"start\": 1, \"end\": 3, \"refinedBy\": {\"type\": \"TextQuoteSelector\", \"exact\": \"b\"}}";
        let f = import(&base(&format!("{{\"selector\": {sel}}}"), "\"t\"")).unwrap();
        assert_eq!(
            only(&f).selector.position.map(|p| (p.start, p.end)),
            Some((1, 3))
        );
        assert_eq!(only(&f).selector.quote, None);
        assert!(f.warnings[0].contains("refinedBy"), "{:?}", f.warnings);
        // Selectors that are links, or of unknown kinds.
        let f = import(&base(
            "{\"source\": \"x:y\", \"selector\": [\"http://s.example/1\", {\"value\": 1}]}",
            "\"t\"",
        ))
        .unwrap();
        assert!(f.annotations.is_empty());
        assert!(
            f.warnings[0].contains("a link to a selector")
                && f.warnings[0].contains("without a type"),
            "{:?}",
            f.warnings
        );
        // A bare string with a colon is still a tag; a URL or URN is a link.
        let f = import(&format!(
            "{{\"body\": [\"PER:name\", \"urn:x:y\"], \"target\": {t}}}"
        ))
        .unwrap();
        assert_eq!(only(&f).label, "PER:name");
        assert!(
            f.warnings[0].contains("links to urn:x:y"),
            "{:?}",
            f.warnings
        );
        // Annotation lists, and links inside them.
        let list = format!("[{}, \"http://example.org/anno9\"]", base(&t, "\"x\""));
        let f = import(&list).unwrap();
        assert_eq!(only(&f).label, "x");
        assert!(
            f.warnings[0].starts_with("[1]: a link to an annotation"),
            "{:?}",
            f.warnings
        );
        // Several documents are reported.
        let other = t.replace("a.example", "c.example");
        let f = import(&format!(
            "[{}, {}]",
            base(&t, "\"x\""),
            base(&other, "\"y\"")
        ))
        .unwrap();
        assert_eq!(f.annotations.len(), 2);
        assert!(
            f.warnings
                .iter()
                .any(|w| w.contains("2 different documents")),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn detects_w3c_and_not_the_others() {
        for yes in [
            data!("crafted-valid/article-tag-claim.json"),
            data!("crafted-invalid/missing-context.json"),
            data!("crafted-invalid/missing-type.json"),
            data!("rec/example40.json"),
            data!("hypothesis-search.json"),
            data!("recogito.json"),
            "\u{feff}[{\"target\": \"x:y\", \"body\": \"z\"}]",
        ] {
            assert!(looks_like(yes), "{yes}");
        }
        let doc = document("d", "abc", None);
        for no in [
            marginalia_core::format::to_json(&doc).as_str(),
            "{\"text\": \"a b\", \"label\": [[0, 1, \"PER\"]]}\n{\"text\": \"c\", \"label\": []}",
            "{\"text\": \"a b\", \"entities\": []}",
            "[{\"data\": {\"text\": \"a\"}, \"annotations\": [{\"result\": []}]}]",
            "T1\tClaim 0 4\tsaid",
            "[]",
            "{}",
            "",
        ] {
            assert!(!looks_like(no), "{no}");
        }
    }

    #[test]
    fn warnings_are_capped() {
        let items: Vec<String> = (0..100)
            .map(|i| format!("\"http://example.org/{i}\""))
            .collect();
        let f = import(&format!(
            "{{\"type\": \"AnnotationPage\", \"items\": [{}]}}",
            items.join(",")
        ))
        .unwrap();
        assert_eq!(f.warnings.len(), MAX_WARNINGS + 1);
        assert_eq!(f.warnings[MAX_WARNINGS], "… and 70 more warning(s)");
        let f = import(
            "{\"type\": \"AnnotationPage\", \"next\": \"http://example.org/p2\", \"items\": []}",
        )
        .unwrap();
        assert_eq!(f.warnings, ["this page: only this page is in the file; the annotations on the next page (http://example.org/p2) were not read"]);
    }

    #[test]
    fn other_generators_are_not_ours() {
        let mut doc = document("d", "Tea 🍵 time", None);
        add(&mut doc, "a", Tag::Claim, 4, 5, "");
        let json = export(&doc, &W3cOptions::default()).replace("\"Marginalia\"", "\"Other\"");
        let f = import(&json).unwrap();
        assert_eq!(
            only(&f).selector.position.map(|p| p.unit),
            Some(Unit::Unknown)
        );
        assert_eq!(
            only(&f).id.as_deref(),
            Some("urn:x-marginalia:d/a"),
            "a foreign id is kept whole"
        );
    }
}
