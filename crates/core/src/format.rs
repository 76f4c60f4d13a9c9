//! Marginalia's own JSON file format (`"format": "marginalia"`), used for
//! export, import and browser storage. `docs/format.md` describes it for
//! other programs.

use crate::anchor::{locate, Located, TextQuote};
use crate::annotation::{
    note_label, Annotation, AnnotationId, DocumentId, Label, Placement, Tag, Timestamp, Unplaced,
};
use crate::document::{Command, Document, Metadata};
use crate::relation::Relation;
use crate::text::Text;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;

/// The value of the `format` field.
pub const FORMAT_NAME: &str = "marginalia";
/// The schema version this build writes (and the newest it reads).
pub const SCHEMA_VERSION: u64 = 3;
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
}

fn is_exact(p: &Placement) -> bool {
    *p == Placement::Exact
}

#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: crate::loose::LooseString,
    #[serde(default)]
    version: crate::loose::LooseU64,
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
            created: Some(doc.created().to_string()),
            modified: Some(doc.modified().to_string()),
            offset_unit: Some(OFFSET_UNIT.into()),
            text: text.as_str().into(),
        },
        labels: doc.labels().iter().map(|l| l.as_str().into()).collect(),
        unplaced: doc.unplaced().to_vec(),
        relations: doc.relations().to_vec(),
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
    Ok(Annotation {
        id,
        tag,
        start,
        end,
        note: a.note,
        created,
        modified,
        placement: a.placement,
    })
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
mod tests {
    use super::*;
    use crate::document::tests::{add_generated, ann, doc, ts};
    use proptest::prelude::*;

    fn defaults() -> ImportDefaults {
        ImportDefaults {
            now: ts("59"),
            document_id: DocumentId::new("fallback").unwrap(),
        }
    }

    fn sample() -> Document {
        let mut d = doc("Tea 🍵 in 東京, said e\u{301}té.\nAnother \"quoted\" line.");
        let mut a = ann("a1", Tag::Claim, 0, 12);
        a.note = "a note with 😀 and \"quotes\"\nand a newline".into();
        a.modified = ts("30");
        d.apply(Command::Add(a)).unwrap();
        d.apply(Command::Add(ann("a2", Tag::Source, 4, 5))).unwrap();
        d.apply(Command::Add(ann("a3", Tag::Quote, 14, 33)))
            .unwrap();
        d.touch(ts("31"));
        d
    }

    #[test]
    fn round_trip_is_exact() {
        let d = sample();
        let json = to_json(&d);
        let back = from_json(&json, &defaults()).unwrap();
        assert!(back.warnings.is_empty());
        assert_eq!(back.document, d);
        assert_eq!(to_json(&back.document), json);
    }

    #[test]
    fn relations_round_trip_and_bad_ones_are_refused() {
        use crate::relation::{RelationId, RelationKind};
        let mut d = sample();
        let ids: Vec<AnnotationId> = d.annotations().map(|a| a.id.clone()).collect();
        d.apply(Command::AddRelation(Relation {
            id: RelationId::new("r1").unwrap(),
            kind: RelationKind::attributed_to(),
            from: ids[1].clone(),
            to: ids[0].clone(),
            note: "said so 😀".into(),
            created: crate::testing::ts("05"),
        }))
        .unwrap();
        let json = to_json(&d);
        assert!(json.contains(r#""type": "attributed to""#), "{json}");
        let back = from_json(&json, &defaults()).unwrap();
        assert_eq!(back.document, d);
        let dangling = json.replace(&format!(r#""to": "{}""#, ids[0]), r#""to": "nobody""#);
        match from_json(&dangling, &defaults()) {
            Err(FormatError::Invalid { path, reason }) => {
                assert_eq!(path, "relations");
                assert!(reason.contains("nobody"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // A schema-2 file (no relations) is still read.
        let old = to_json(&sample()).replace(r#""version": 3"#, r#""version": 2"#);
        assert!(from_json(&old, &defaults())
            .unwrap()
            .document
            .relations()
            .is_empty());
    }

    #[test]
    fn export_has_quote_context_and_units() {
        let v: serde_json::Value = serde_json::from_str(&to_json(&sample())).unwrap();
        assert_eq!(v["format"], "marginalia");
        assert_eq!(v["version"], SCHEMA_VERSION);
        assert_eq!(v["document"]["offsetUnit"], "codepoint");
        let a2 = &v["annotations"][1];
        assert_eq!(a2["id"], "a2");
        assert_eq!(a2["quote"], "🍵");
        assert_eq!(a2["prefix"], "Tea ");
        assert_eq!(a2["suffix"], " in 東京, said e\u{301}té.\nAnother \"quot");
    }

    fn err(input: &str) -> FormatError {
        from_json(input, &defaults()).unwrap_err()
    }

    #[test]
    fn wrong_files_give_clear_errors() {
        assert!(matches!(err("{not json"), FormatError::Json(_)));
        assert!(matches!(err(""), FormatError::Json(_)));
        assert_eq!(err("[1,2]"), FormatError::NotMarginalia);
        assert_eq!(
            err(r#"{"format":"other","version":1}"#),
            FormatError::NotMarginalia
        );
        assert_eq!(
            err(r#"{"format":"marginalia","version":"1"}"#),
            FormatError::BadVersion
        );
        assert_eq!(
            err(r#"{"format":"marginalia","version":7}"#),
            FormatError::TooNew {
                found: 7,
                supported: SCHEMA_VERSION
            }
        );
        let e =
            err(r#"{"format":"marginalia","version":1,"document":{"title":"x"},"annotations":[]}"#);
        assert!(e.to_string().contains("missing field `text`"), "{e}");
    }

    fn file(annotations: &str) -> String {
        format!(
            r#"{{"format":"marginalia","version":1,"document":{{"text":"one two one three"}},"annotations":[{annotations}]}}"#
        )
    }

    #[test]
    fn bad_annotations_are_located_in_the_message() {
        let e = err(&file(r#"{"id":"x","tag":"claim","start":3,"end":99}"#));
        assert_eq!(
            e.to_string(),
            "annotations[0]: span 3..99 is empty or outside the text (17 code points)"
        );
        let e = err(&file(r#"{"id":"x","tag":" ","start":0,"end":3}"#));
        assert!(
            e.to_string()
                .starts_with("annotations[0].tag: a label must not be empty"),
            "{e}"
        );
        let e = err(&file(
            r#"{"id":"x","tag":"claim","start":0,"end":3},{"id":"x","tag":"quote","start":4,"end":7}"#,
        ));
        assert_eq!(e.to_string(), "annotations[1].id: the id x is used twice");
        let e = err(&file(
            r#"{"id":"x","tag":"claim","start":0,"end":3,"quote":"four"}"#,
        ));
        assert!(e.to_string().contains("is not in the text"), "{e}");
        let e = err(&file(
            r#"{"id":"x","tag":"claim","start":4,"end":7,"quote":"one"}"#,
        ));
        assert!(e.to_string().contains("several places"), "{e}");
        let e = err(&file(
            r#"{"id":"x","tag":"claim","start":0,"end":3,"created":"today"}"#,
        ));
        assert!(e.to_string().starts_with("annotations[0].created:"), "{e}");
    }

    #[test]
    fn labels_placements_and_unplaced_ones_round_trip() {
        let mut d = sample();
        let person = Label::new("Named person").unwrap();
        let unused = Label::new("Org").unwrap();
        let mut moved = ann("p1", Tag::Other(person.clone()), 4, 5);
        moved.placement = Placement::Fuzzy(912);
        d.apply(Command::Batch(vec![
            Command::AddLabel(person.clone()),
            Command::AddLabel(unused),
            Command::Add(moved),
            Command::AddUnplaced(Unplaced {
                id: AnnotationId::new("u1").unwrap(),
                tag: Tag::Other(person),
                exact: "gone 😀".into(),
                prefix: "was ".into(),
                suffix: String::new(),
                note: "find it".into(),
                created: ts("01"),
                modified: ts("02"),
                why: crate::annotation::Unplacement::Orphaned,
            }),
        ]))
        .unwrap();
        let json = to_json(&d);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["labels"], serde_json::json!(["Named person", "Org"]));
        assert_eq!(v["unplaced"][0]["why"], "orphaned");
        let back = from_json(&json, &defaults()).unwrap().document;
        assert_eq!(back, d);
        // Generated ids stay clear of the unplaced ones' ids.
        let got = from_json(
            r#"{"format":"marginalia","version":2,"document":{"text":"one two"},"annotations":[{"tag":"claim","start":0,"end":3}],"unplaced":[{"id":"a1","tag":"quote","exact":"x","created":"2026-11-24T10:00:00Z","modified":"2026-11-24T10:00:00Z","why":"orphaned"}]}"#,
            &defaults(),
        )
        .unwrap()
        .document;
        assert_eq!(got.annotations().next().unwrap().id.as_str(), "a2");
        // A label only an annotation names is added to the set.
        let got = from_json(
            &file(r#"{"id":"x","tag":"PER","start":0,"end":3}"#),
            &defaults(),
        )
        .unwrap()
        .document;
        assert_eq!(got.labels(), [Label::new("PER").unwrap()]);
    }

    #[test]
    fn minimal_files_get_defaults_and_quotes_fix_offsets() {
        let got = from_json(
            &file(r#"{"tag":"claim","start":0,"end":3},{"id":"a1","tag":"Quote","start":4,"end":7,"quote":"one","prefix":"two "}"#),
            &defaults(),
        )
        .unwrap();
        let d = &got.document;
        assert_eq!(d.id().as_str(), "fallback");
        assert_eq!(d.created(), &ts("59"));
        let list: Vec<(&str, usize, usize)> = d
            .annotations()
            .map(|a| (a.id.as_str(), a.start, a.end))
            .collect();
        assert_eq!(list, vec![("a2", 0, 3), ("a1", 8, 11)]);
        assert_eq!(
            got.warnings,
            vec![
                ImportWarning::Moved {
                    id: AnnotationId::new("a1").unwrap(),
                    from: (4, 7),
                    to: (8, 11)
                },
                ImportWarning::IdsAssigned(1)
            ]
        );
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        "[a-z \n\"\\\\🍵東京é\u{301}👩\u{200d}]{1,80}"
    }

    proptest! {
        #[test]
        fn any_document_round_trips(
            text in text_strategy(),
            spans in proptest::collection::vec((0usize..80, 1usize..20, 0usize..3, "[a-z😀\n\"]{0,6}"), 0..12),
        ) {
            let mut d = doc(&text);
            add_generated(&mut d, "id", spans);
            let json = to_json(&d);
            let back = from_json(&json, &defaults()).unwrap();
            prop_assert!(back.warnings.is_empty());
            prop_assert_eq!(&back.document, &d);
            prop_assert_eq!(to_json(&back.document), json);
        }
    }
}
