//! Label Studio JSON: a list of tasks, each with its `data` and the
//! `annotations` (and `predictions`) made on it (<https://labelstud.io/guide/task_format>).
//!
//! **Offset unit: Unicode code points.** Label Studio runs in the browser,
//! but its text tools convert selection offsets from UTF-16 units to code
//! points before storing them and back when drawing: `fixCodePointsInRange`
//! and `findGlobalOffset` in its `selection-tools` count `[...text].length`,
//! commented "in python and other modern tools complex unicode symbols
//! handled as code points … so for external usage js length should be
//! converted to code points count" (the fix for issues #1008 and #1347,
//! where 2021 versions stored UTF-16 units). So `value.start` / `value.end`
//! are written in code points, Marginalia's own offsets.
//!
//! Writing ([`export`]): a list holding one task:
//! `data.text` (plus `data.title`, and `data.source` / `data.url` when
//! known), and one annotation whose `result` has, per span, an item of type
//! `labels` (`from_name` `"label"`, `to_name` `"text"`, `value {start, end,
//! text, labels: [tag]}`, `id` = the annotation's id). A note is a second
//! item with the same `id`, of type `textarea` (`from_name` `"note"`,
//! `value {start, end, text: [note]}`): Label Studio's per-region text area,
//! which its interface shows and edits with the span. [`label_config`]
//! writes the project's labelling configuration that matches these names
//! (the export's second file), with the document's labels and relation
//! types. The annotation's
//! `created_at` / `updated_at` are the document's times (Label Studio has no
//! per-region times).
//!
//! Reading ([`import`], [`import_all`]): the same shape, tolerant of other
//! fields: a list of tasks or one task; for each task the first annotation
//! not marked `was_cancelled` (older files say `completions`), or else the
//! first prediction. `labels` items become annotations (one per label when a
//! region has several); a `textarea` item with the same `id`, and the
//! region's `meta.text`, become its note. `relation` items become
//! relations between the regions' annotations (`direction` `left` turns
//! one round, `bi` gives one each way; a relation without `labels` is
//! [`UNLABELLED_RELATION`]). Other result types (choices, HTML regions with
//! XPath offsets…) are skipped with a warning.
//! The article text is `data.text` (or the only string in `data`). A region
//! whose text does not match the code-point slice but matches the UTF-16
//! slice (files from the 2021 versions) is read as UTF-16, with a warning.

use crate::doccano::Located;
use crate::reanchor::{Position, Selector, Unit};
use crate::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use marginalia_core::anchor::TextQuote;
use marginalia_core::annotation::{Attributes, Timestamp};
use marginalia_core::import::ForeignRelation;
use marginalia_core::text::{Text, Utf16Index};
use marginalia_core::{Annotator, AnnotatorId};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

const FORMAT: &str = "Label Studio";

/// The type given to a Label Studio relation that has no label.
pub const UNLABELLED_RELATION: &str = marginalia_core::relation::RELATED_TO;

/// A Label Studio labelling configuration matching [`export`] for a
/// document without labels of its own: the three tags as `Labels` named
/// `label` on a `Text` named `text` (from `$text`), the default relation
/// type, and a per-region `TextArea` named `note`. [`label_config`] writes
/// the one of a document (its labels, the relation types it uses).
pub const LABEL_CONFIG: &str = r##"<View>
  <Header value="$title"/>
  <Labels name="label" toName="text">
    <Label value="claim" background="#9a3412"/>
    <Label value="source" background="#1d4ed8"/>
    <Label value="quote" background="#047857"/>
  </Labels>
  <Relations>
    <Relation value="attributed to"/>
  </Relations>
  <Text name="text" value="$text"/>
  <TextArea name="note" toName="text" perRegion="true" editable="true" placeholder="Note"/>
</View>
"##;

fn invalid(path: impl Into<String>, reason: impl Into<String>) -> InteropError {
    InteropError::Invalid {
        format: FORMAT,
        path: path.into(),
        reason: reason.into(),
    }
}

/// The tasks of a file: a list of tasks or one task.
fn tasks(content: &str) -> Result<Located, InteropError> {
    let v: Value = serde_json::from_str(content.trim_start_matches('\u{feff}'))
        .map_err(|e| invalid("the file", format!("not JSON ({e})")))?;
    let list = match v {
        Value::Array(list) => list
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("[{i}]"), t))
            .collect(),
        one @ Value::Object(_) => vec![("the task".to_string(), one)],
        _ => return Err(invalid("the file", "not a list of tasks")),
    };
    list.into_iter()
        .map(|(path, t)| match t {
            Value::Object(m) if m.get("data").is_some_and(Value::is_object) => Ok((path, m)),
            _ => Err(invalid(path, "not a task (an object with \"data\")")),
        })
        .collect()
}

fn offset(v: Option<&Value>) -> Option<usize> {
    v.and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

/// Label Studio writes line breaks in `value.text` as `\` + `n`.
fn same_text(slice: &str, stated: &str) -> bool {
    slice == stated || slice.replace(['\n', '\r'], "\\n") == stated
}

/// Texts of a `textarea` value or `meta.text`: a string or a list of them.
fn texts(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn timestamp(v: Option<&Value>) -> Option<Timestamp> {
    v.and_then(Value::as_str)
        .and_then(|s| Timestamp::new(s).ok())
}

fn read_task(path: &str, task: &Map<String, Value>) -> Result<ForeignFile, InteropError> {
    let data = task.get("data").and_then(Value::as_object);
    let mut warnings = Vec::new();
    let chosen = choose_annotations(path, task, &mut warnings);
    let mut text = data.and_then(task_text);
    if chosen.iter().any(|(a, _)| hypertext::has_regions(a)) {
        // A HyperText task: its text is HTML, read as a page's visible text.
        text = text.map(|html| hypertext::visible_text(&html));
        warnings.push(format!("{path}: a HyperText task: its HTML was read as text, and its regions placed by their text"));
    }
    let mut annotations = Vec::new();
    let mut relations = Vec::new();
    let several = chosen.len() > 1;
    let mut counts = Vec::new();
    for (k, (value, chosen_path)) in chosen.iter().enumerate() {
        let (mut read, links) =
            read_result(path, chosen_path, value, text.as_deref(), &mut warnings)?;
        // Each annotation of a task is its annotator's (`completed_by`).
        let who = annotator_of(value, k, several);
        if let Some(w) = &who {
            counts.push(format!("{}: {}", w.name, read.len()));
        }
        for a in &mut read {
            a.annotator = who.clone();
        }
        let offset = annotations.len();
        annotations.append(&mut read);
        relations.extend(links.into_iter().map(|mut r| {
            r.from += offset;
            r.to += offset;
            r
        }));
    }
    if several {
        warnings.push(format!(
            "{path}: {} annotations read, each as its annotator's layer ({})",
            chosen.len(),
            counts.join(", ")
        ));
    }
    let string = |k: &str| {
        data.and_then(|d| d.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(ForeignFile {
        format: FormatKind::LabelStudio,
        text,
        title: string("title"),
        source: string("url").or_else(|| string("source")),
        annotations,
        relations,
        warnings,
        codebook: None,
    })
}

/// The article text of a task's `data`: its `text`, or else its only string.
fn task_text(data: &Map<String, Value>) -> Option<String> {
    match data.get("text") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => {
            let strings: Vec<&str> = data.values().filter_map(Value::as_str).collect();
            match strings.as_slice() {
                [one] => Some(one.to_string()),
                _ => None,
            }
        }
    }
}

/// The annotations to import and where they are: every one not cancelled
/// that has a `result` list (each annotator's), else the first prediction.
/// Warns about what is left aside.
fn choose_annotations<'t>(
    path: &str,
    task: &'t Map<String, Value>,
    warnings: &mut Vec<String>,
) -> Vec<(&'t Value, String)> {
    let list = |k: &str| task.get(k).and_then(Value::as_array);
    let annotations = list("annotations").or_else(|| list("completions"));
    let kept: Vec<(&Value, String)> = annotations
        .into_iter()
        .flatten()
        .enumerate()
        .filter(|(_, x)| {
            x.get("was_cancelled").and_then(Value::as_bool) != Some(true)
                && x.get("result").is_some_and(Value::is_array)
        })
        .map(|(i, a)| (a, format!("{path}.annotations[{i}]")))
        .collect();
    let total = annotations.map_or(0, Vec::len) + list("predictions").map_or(0, Vec::len);
    let chosen = if kept.is_empty() {
        list("predictions")
            .and_then(|p| p.first())
            .map(|p| (p, format!("{path}.predictions[0]")))
            .into_iter()
            .collect()
    } else {
        kept
    };
    if total > chosen.len() {
        let read: Vec<&str> = chosen.iter().map(|(_, p)| p.as_str()).collect();
        warnings.push(format!(
            "{path}: the task has {total} annotations and predictions; {} imported",
            if read.is_empty() {
                "none was".to_string()
            } else {
                format!("{} was", read.join(", "))
            }
        ));
    }
    chosen
}

/// Who made a task's annotation (the `k`-th of its list): its
/// `completed_by` — a user id, an email, or a user object with `id`,
/// `email`, names — as annotator `labelstudio-<id>` named by the names or
/// email (or "Label Studio user <id>"). With several annotations, one that
/// names no one usable is "annotation <its id or place>": each is a layer
/// of its own, never the importer's.
fn annotator_of(annotation: &Value, k: usize, several: bool) -> Option<Annotator> {
    let by = annotation.get("completed_by");
    let field = |k: &str| {
        by.and_then(|b| b.get(k))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    // Marginalia's own export names its annotator as it is.
    if let Some(ours) = field("marginalia_annotator").and_then(|id| AnnotatorId::new(id).ok()) {
        return Some(Annotator::new(ours, field("first_name").unwrap_or("")));
    }
    let scalar = |v: &Value| match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    let id = match by {
        Some(Value::Object(o)) => o
            .get("id")
            .and_then(scalar)
            .or_else(|| field("email").map(str::to_string)),
        Some(v) => scalar(v),
        None => None,
    };
    let name = match (field("first_name"), field("last_name")) {
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(n), None) | (None, Some(n)) => Some(n.to_string()),
        _ => field("email").map(str::to_string),
    };
    let (id, name) = match id {
        Some(id) => {
            let name = name.unwrap_or_else(|| match by {
                Some(Value::String(s)) => s.trim().to_string(),
                _ => format!("Label Studio user {id}"),
            });
            (id, name)
        }
        None if several => {
            let own = annotation
                .get("id")
                .and_then(scalar)
                .unwrap_or_else(|| format!("#{}", k + 1));
            (format!("annotation-{own}"), format!("annotation {own}"))
        }
        None => return None,
    };
    let id = AnnotatorId::of_foreign("labelstudio", &id)
        .unwrap_or_else(|| AnnotatorId::new(format!("labelstudio-{}", k + 1)).expect("a valid id"));
    Some(Annotator::new(id, &name))
}

/// What reading a `result` list counted, for the task's warnings.
#[derive(Default)]
struct Tally {
    /// Regions whose offsets were UTF-16 units, converted.
    as_utf16: usize,
    /// Regions whose stated text is not the task's text at their offsets.
    mismatched: usize,
    /// Result items skipped, by kind.
    skipped: BTreeMap<String, usize>,
    /// Relations with `direction: "bi"`, read as one each way.
    both_ways: usize,
}

impl Tally {
    fn skip(&mut self, kind: &str) {
        *self.skipped.entry(kind.to_string()).or_default() += 1;
    }

    fn warn(&self, path: &str, warnings: &mut Vec<String>) {
        let Tally {
            as_utf16,
            mismatched,
            skipped,
            both_ways,
        } = self;
        if *both_ways > 0 {
            warnings.push(format!(
                "{path}: {both_ways} relation(s) in both directions, read as one relation each way"
            ));
        }
        if *as_utf16 > 0 {
            warnings.push(format!(
                "{path}: {as_utf16} region(s) counted UTF-16 units (as Label Studio did in 2021) and were converted"
            ));
        }
        if *mismatched > 0 {
            warnings.push(format!(
                "{path}: {mismatched} region(s) state a text that is not the task's text at their offsets"
            ));
        }
        if !skipped.is_empty() {
            let list: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
            warnings.push(format!(
                "{path}: skipped result items: {} (Marginalia reads labelled text regions and their relations)",
                list.join(", ")
            ));
        }
    }
}

/// The annotations of the chosen annotation's `result` list: one per label
/// of each `labels` region, with the notes of its text areas; and the
/// relations between them (see [`relations`]).
fn read_result(
    path: &str,
    chosen_path: &str,
    chosen: &Value,
    text: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<(Vec<ForeignAnnotation>, Vec<ForeignRelation>), InteropError> {
    let results = chosen
        .get("result")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid(chosen_path, "no \"result\" list"))?;
    let created = timestamp(chosen.get("created_at"));
    let modified = timestamp(chosen.get("updated_at")).or_else(|| created.clone());
    let mut tally = Tally::default();
    // Notes first: per-region text areas, keyed by region id; then the
    // attribute values (per-region choices, `attr:` text areas).
    let notes = region_notes(results, &mut tally);
    let attributes = region_attributes(results, &mut tally);
    let article = text.map(|t| (Text::new(t), Utf16Index::new(t)));
    let mut out = Vec::new();
    let mut regions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in results.iter().enumerate() {
        let rpath = || format!("{chosen_path}.result[{i}]");
        let Some(mut region) = labelled_region(r, rpath, &mut tally)? else {
            continue;
        };
        if let Some(id) = region.id {
            let each = regions.entry(id).or_default();
            each.extend(out.len()..out.len() + region.labels.len());
        }
        let quote = match &article {
            _ if region.hyper => region.stated.map(hypertext::quote),
            Some((t, table)) => place(t, table, &mut region, &mut tally),
            None => region.stated.map(bare_quote),
        };
        let mut note: Vec<String> = region
            .id
            .and_then(|id| notes.get(id))
            .cloned()
            .unwrap_or_default();
        note.extend(texts(r.pointer("/meta/text")));
        note.retain(|n| !n.is_empty());
        let note = note.join("\n");
        let values = region.id.and_then(|id| attributes.get(id)).cloned();
        let first = out.len();
        out.extend(per_label(region, quote, &note, &created, &modified));
        if let Some(values) = values {
            for a in &mut out[first..] {
                a.attributes = values.clone();
            }
        }
    }
    let relations = relations(results, &regions, &mut tally);
    tally.warn(path, warnings);
    Ok((out, relations))
}

/// The `relation` items of a result list between the regions read
/// (`regions`: the annotations of each region id). `direction` `right` (or
/// none) links `from_id` → `to_id`, `left` the other way, `bi` both ways;
/// each label is a relation of that type, and one without labels is
/// [`UNLABELLED_RELATION`]. A relation whose region was not read is
/// counted as skipped.
fn relations(
    results: &[Value],
    regions: &HashMap<&str, Vec<usize>>,
    tally: &mut Tally,
) -> Vec<ForeignRelation> {
    let mut out = Vec::new();
    for r in results {
        if r.get("type").and_then(Value::as_str) != Some("relation") {
            continue;
        }
        let end = |k: &str| {
            r.get(k)
                .and_then(Value::as_str)
                .and_then(|id| regions.get(id))
        };
        let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
            tally.skip("relation to a region not read");
            continue;
        };
        let mut kinds = texts(r.get("labels"));
        if kinds.is_empty() {
            kinds.push(UNLABELLED_RELATION.to_string());
        }
        let ways: &[(&Vec<usize>, &Vec<usize>)] = match r.get("direction").and_then(Value::as_str) {
            Some("left") => &[(to, from)],
            Some("bi") => {
                tally.both_ways += 1;
                &[(from, to), (to, from)]
            }
            _ => &[(from, to)],
        };
        for kind in &kinds {
            for (starts, ends) in ways {
                for &f in *starts {
                    for &t in *ends {
                        out.push(ForeignRelation {
                            id: None,
                            kind: kind.clone(),
                            from: f,
                            to: t,
                            note: String::new(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// The texts of the `textarea` items that belong to a `labels` region,
/// keyed by region id; the others are counted as skipped.
fn region_notes<'r>(results: &'r [Value], tally: &mut Tally) -> HashMap<&'r str, Vec<String>> {
    let mut notes: HashMap<&str, Vec<String>> = HashMap::new();
    let region_ids = region_ids(results);
    for r in results {
        if r.get("type").and_then(Value::as_str) != Some("textarea") || attribute_name(r).is_some()
        {
            continue;
        }
        match r.get("id").and_then(Value::as_str) {
            Some(id) if region_ids.contains(id) => notes
                .entry(id)
                .or_default()
                .extend(texts(r.pointer("/value/text"))),
            _ => tally.skip("textarea"),
        }
    }
    notes
}

/// The attribute an item gives a value of: a `choices` item's control
/// name, or a text area named `attr:{label}:{attribute}` (ours; the
/// attribute is what follows the label).
fn attribute_name(r: &Value) -> Option<&str> {
    attribute_of(r, None)
}

/// [`attribute_name`], knowing the label of the item's region (`label`), so
/// that a label or attribute name holding `:` comes back whole.
fn attribute_of<'r>(r: &'r Value, label: Option<&str>) -> Option<&'r str> {
    let name = r.get("from_name").and_then(Value::as_str)?;
    let rest = name.strip_prefix("attr:");
    let exact = rest
        .zip(label)
        .and_then(|(rest, label)| rest.strip_prefix(label))
        .and_then(|rest| rest.strip_prefix(':'));
    let ours = exact.or_else(|| rest.and_then(|rest| rest.rsplit_once(':')).map(|(_, a)| a));
    match r.get("type").and_then(Value::as_str) {
        Some("choices") => Some(ours.unwrap_or(name)),
        Some("textarea") => ours,
        _ => None,
    }
}

/// The attribute values of each region, keyed by region id: its
/// per-region `choices` (several joined by `, `) and `attr:` text areas;
/// choices of no region (of the whole task) are counted as skipped.
fn region_attributes<'r>(results: &'r [Value], tally: &mut Tally) -> HashMap<&'r str, Attributes> {
    let regions = region_ids(results);
    let labels = region_labels(results);
    let mut out: HashMap<&str, Attributes> = HashMap::new();
    for r in results {
        let label = r
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| labels.get(id).copied());
        let Some(name) = attribute_of(r, label) else {
            continue;
        };
        let Some(id) = r
            .get("id")
            .and_then(Value::as_str)
            .filter(|id| regions.contains(id))
        else {
            tally.skip("choices");
            continue;
        };
        let value = r.get("value");
        let mut values = texts(value.and_then(|v| v.get("choices")));
        values.extend(texts(value.and_then(|v| v.get("text"))));
        if !values.is_empty() {
            out.entry(id)
                .or_default()
                .insert(name.to_string(), values.join(", "));
        }
    }
    out
}

/// The first label of each `labels` region, by id.
fn region_labels(results: &[Value]) -> HashMap<&str, &str> {
    (results.iter())
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("labels"))
        .filter_map(|r| {
            let id = r.get("id").and_then(Value::as_str)?;
            let labels = r.get("value")?.get("labels")?.as_array()?;
            Some((id, labels.first()?.as_str()?))
        })
        .collect()
}

/// The ids of the `labels` regions of a result list.
fn region_ids(results: &[Value]) -> HashSet<&str> {
    results
        .iter()
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("labels"))
        .filter_map(|r| r.get("id").and_then(Value::as_str))
        .collect()
}

/// A `labels` region as the file states it.
struct Region<'r> {
    id: Option<&'r str>,
    start: usize,
    end: usize,
    labels: Vec<String>,
    stated: Option<&'r str>,
    /// A HyperText region: placed by its text (see [`hypertext`]).
    hyper: bool,
}

/// The region a result item states, or `None` for an item that is not a
/// `labels` region with numeric offsets (counted as skipped, except text
/// areas, which are notes, and relations, read after the regions).
fn labelled_region<'r>(
    r: &'r Value,
    rpath: impl Fn() -> String,
    tally: &mut Tally,
) -> Result<Option<Region<'r>>, InteropError> {
    match r.get("type").and_then(Value::as_str).unwrap_or("(none)") {
        "labels" => {}
        "hypertextlabels" => return hypertext::region(r, rpath),
        "textarea" | "relation" => return Ok(None),
        "choices" if attribute_name(r).is_some() => return Ok(None),
        other => {
            tally.skip(other);
            return Ok(None);
        }
    }
    let value = r.get("value");
    let (Some(start), Some(end)) = (
        offset(value.and_then(|v| v.get("start"))),
        offset(value.and_then(|v| v.get("end"))),
    ) else {
        tally.skip("labels without numeric offsets");
        return Ok(None);
    };
    if start >= end {
        return Err(invalid(
            rpath(),
            "the region ends before it starts or is empty",
        ));
    }
    let labels = texts(value.and_then(|v| v.get("labels")));
    if labels.is_empty() {
        return Err(invalid(rpath(), "no \"labels\""));
    }
    Ok(Some(Region {
        id: r.get("id").and_then(Value::as_str),
        start,
        end,
        labels,
        stated: value.and_then(|v| v.get("text")).and_then(Value::as_str),
        hyper: false,
    }))
}

/// The quote of a region on the task's text: at its code-point offsets when
/// they hold its stated text, else at its UTF-16 offsets when those do (the
/// region's offsets are then converted), else its stated text alone.
fn place(
    t: &Text,
    table: &Utf16Index,
    region: &mut Region,
    tally: &mut Tally,
) -> Option<TextQuote> {
    let (start, end, stated) = (region.start, region.end, region.stated);
    let fits = end <= t.len();
    let cp_ok = fits && stated.is_none_or(|s| same_text(t.slice(start..end), s));
    let utf16 = (table.to_cp_exact(start), table.to_cp_exact(end));
    match (cp_ok, utf16, stated) {
        (true, _, _) => Some(TextQuote::of(t, start, end)),
        (false, (Some(s), Some(e)), Some(stated)) if s < e && same_text(t.slice(s..e), stated) => {
            tally.as_utf16 += 1;
            (region.start, region.end) = (s, e);
            Some(TextQuote::of(t, s, e))
        }
        _ => {
            tally.mismatched += 1;
            stated.map(bare_quote)
        }
    }
}

/// One annotation per label of a region (ids `id/label` when it has several).
fn per_label<'a>(
    region: Region<'a>,
    quote: Option<TextQuote>,
    note: &'a str,
    created: &'a Option<Timestamp>,
    modified: &'a Option<Timestamp>,
) -> impl Iterator<Item = ForeignAnnotation> + 'a {
    let several = region.labels.len() > 1;
    let (id, start, end) = (region.id, region.start, region.end);
    region
        .labels
        .into_iter()
        .map(move |label| ForeignAnnotation {
            id: id.map(|id| {
                if several {
                    format!("{id}/{label}")
                } else {
                    id.to_string()
                }
            }),
            label,
            selector: Selector {
                // (A HyperText region without global offsets has none.)
                position: (start < end).then_some(Position {
                    start,
                    end,
                    unit: Unit::CodePoint,
                }),
                quote: quote.clone(),
            },
            note: note.to_string(),
            created: created.clone(),
            modified: modified.clone(),
            parts: Vec::new(),
            attributes: Default::default(),
            part_quotes: Vec::new(),
            annotator: None,
        })
}

fn bare_quote(exact: &str) -> TextQuote {
    TextQuote {
        exact: exact.replace("\\n", "\n"),
        prefix: String::new(),
        suffix: String::new(),
    }
}

/// Reads every task of a Label Studio JSON export, in order. Positions are
/// code points.
pub fn import_all(content: &str) -> Result<Vec<ForeignFile>, InteropError> {
    tasks(content)?
        .iter()
        .map(|(path, t)| read_task(path, t))
        .collect()
}

/// Reads the first task of a Label Studio JSON export, warning when the
/// file holds more (see [`import_all`]).
pub fn import(content: &str) -> Result<ForeignFile, InteropError> {
    super::first_of(
        import_all(content)?,
        "tasks",
        invalid("the file", "no tasks"),
    )
}

/// True when `content` reads as Label Studio JSON: a task (or a list whose
/// first item is one) with a `data` object and an `annotations`,
/// `predictions` or `completions` list.
pub fn looks_like(content: &str) -> bool {
    let t = content.trim_start_matches('\u{feff}').trim_start();
    if !t.starts_with(['[', '{']) {
        return false;
    }
    let first = match serde_json::from_str::<Value>(t) {
        Ok(Value::Array(list)) => list.into_iter().next(),
        Ok(one) => Some(one),
        Err(_) => None,
    };
    let Some(Value::Object(task)) = first else {
        return false;
    };
    task.get("data").is_some_and(Value::is_object)
        && ["annotations", "predictions", "completions"]
            .iter()
            .any(|k| task.get(*k).is_some_and(Value::is_array))
}

mod config;
mod export;
mod hypertext;
pub use config::label_config;
pub use export::export;

#[cfg(test)]
mod tests;
