//! The import: a W3C file (or a Hypothesis export) read into a
//! [`ForeignFile`], with warnings for what is skipped and errors naming the
//! place of what cannot be read (the rules are in `docs/formats/w3c.md`).

use super::iri::decode_segment;
use super::json::{Json, Path, Plain, Typed};
use super::links::Link;
use super::objects::{Agent, Node};
use super::unplaceable::{is_hypothesis, unplaceable, Skipped};
use super::{FORMAT, GENERATOR_NAME, MAX_WARNINGS};
use crate::reanchor::{Position, Selector, Unit};
use crate::{ForeignAnnotation, ForeignFile, FormatKind, InteropError};
use marginalia_core::annotation::Timestamp;
use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// Whether `content` looks like W3C Web Annotation JSON (or a Hypothesis
/// export): an object or list whose first item has the `anno.jsonld`
/// context, an `Annotation`/`AnnotationCollection`/`AnnotationPage` type,
/// or a `target` beside a `body`, `bodyValue`, `motivation`, `tags` or
/// `text` (in `rows` or `annotations`, and in a CouchDB `_all_docs` row's
/// `value`). Marginalia's own JSON, doccano and Label Studio files are not.
/// It reads the whole file ([`files::read`](crate::files::read) keeps what
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

/// The test of [`looks_like`], on a file already read.
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
            if node.id.is_there() && matches!(node.value, Json::Object(_)) {
                // A CouchDB `_all_docs` row.
                return looks(&node.value);
            }
            [&node.rows, &node.annotations]
                .into_iter()
                .any(|list| matches!(list, Json::List(_)) && looks(list))
        }
        _ => false,
    }
}

/// Reads W3C Web Annotation JSON (`docs/formats/w3c.md` lists the shapes
/// accepted). The article text is never in such a file
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

/// Reads every annotation of a file already parsed.
fn read(value: &Json<Node>) -> Result<ForeignFile, InteropError> {
    let mut r = Reader::default();
    r.collect(value, &Path::Root)?;
    if r.annotations.is_empty() && r.links.is_empty() {
        if let Some(refusal) = r.skipped.refusal() {
            return Err(refusal);
        }
    }
    Ok(r.finish())
}

/// How warnings name an annotation: its place, and its id when it has one.
pub(super) struct Who<'p> {
    pub(super) path: &'p Path<'p>,
    pub(super) id: Option<&'p str>,
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

/// What has been read so far of a file.
#[derive(Default)]
pub(super) struct Reader {
    annotations: Vec<ForeignAnnotation>,
    /// The first [`MAX_WARNINGS`] warnings.
    warnings: Vec<String>,
    /// How many warnings came after those.
    hidden: usize,
    /// The collection's label, or the first document title seen.
    title: Option<String>,
    /// The first `http(s)` target source.
    url: Option<String>,
    /// The first five different target sources of the annotations read.
    sources: Vec<String>,
    /// Every different target source of the annotations read, and of
    /// all the file's annotations.
    read_pages: HashSet<String>,
    pages: HashSet<String>,
    /// The annotations left out as no text can hold them.
    skipped: Skipped,
    /// Annotations read without a label.
    untagged: usize,
    /// Linking annotations read, resolved once the file is read.
    pub(super) links: Vec<Link>,
}

impl Reader {
    /// Keeps a warning, or counts it past [`MAX_WARNINGS`].
    pub(super) fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message);
        } else {
            self.hidden += 1;
        }
    }

    /// The file read, with the warnings that sum up the whole of it.
    fn finish(mut self) -> ForeignFile {
        let annotations = std::mem::take(&mut self.annotations);
        let relations = self.relations(&annotations);
        let mut tail = Vec::new();
        if self.untagged > 0 {
            tail.push(format!(
                "{} annotation(s) have no tag (no tagging or classifying body): they get the label \"untagged\"",
                self.untagged
            ));
        }
        tail.extend(self.skipped.warnings());
        if let Some(pages) = self.pages_warning() {
            tail.push(pages);
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
            annotations,
            relations,
            warnings: self.warnings,
            codebook: None,
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
                    match (&node.rows, &node.annotations, &node.value) {
                        (rows @ Json::List(_), _, _) => self.collect(rows, &path.key("rows")),
                        (_, list @ Json::List(_), _) => {
                            self.collect(list, &path.key("annotations"))
                        }
                        // A CouchDB `_all_docs` row: its document.
                        (_, _, doc @ Json::Object(_)) if node.id.is_there() => {
                            self.collect(doc, &path.key("value"))
                        }
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

    /// An `AnnotationCollection`: its embedded first page and `items` (a page
    /// that is only linked is an error: nothing is fetched).
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

    /// An `AnnotationPage`: its `items` (a next page is warned about).
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

    /// Reads one annotation: skipped with a warning when it is not a text
    /// annotation, one [`ForeignAnnotation`] per label otherwise.
    fn annotation(&mut self, node: &Node, path: &Path) -> Result<(), InteropError> {
        let file_id = file_id(node);
        let who = Who {
            path,
            id: file_id.as_deref(),
        };
        if !self.is_annotation(node, &who) {
            return Ok(());
        }
        let ours = is_ours(node);
        if self.link(node, &who, file_id.as_deref(), ours) {
            return Ok(());
        }
        self.note_page(node);
        if let Some(why) = unplaceable(node) {
            self.skipped.add(why);
            return Ok(());
        }
        let target_path = path.key("target");
        if !node.target.is_there() {
            return Err(invalid(
                target_path,
                "missing: an annotation must say what it annotates",
            ));
        }
        let (mut found, source) = match self.target(&node.target, &target_path, &who)? {
            Ok(found) => found,
            Err(why) => {
                self.warn(format!("{who}: {why}; skipped"));
                return Ok(());
            }
        };
        let content = self.content(node, path, &who)?;
        let unit = if ours {
            Unit::CodePoint
        } else if is_utf16_tool(node, file_id.as_deref()) {
            Unit::Utf16
        } else {
            Unit::Unknown
        };
        if unit != Unit::CodePoint {
            self.first_part_only(&mut found, &who);
        }
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
        let first = ForeignAnnotation {
            id: file_id.as_deref().map(|id| kept_id(id, ours)),
            label: String::new(),
            selector: Selector {
                position: found
                    .position
                    .map(|(start, end)| Position { start, end, unit }),
                quote: found.quote,
            },
            note: content.notes.join("\n\n"),
            created,
            modified,
            parts: found.parts,
            attributes: content.attributes,
            part_quotes: found.part_quotes,
            annotator: annotator_of(&node.creator).or_else(|| hypothesis_user(node)),
        };
        self.push_per_label(first, content.labels, &who);
        Ok(())
    }

    /// Whether `node` is to be read as an annotation: it has no type, or
    /// `Annotation`, or is Hypothesis's with a type a collector added
    /// (GeoJSON `Feature`; counted). Warned about when not.
    fn is_annotation(&mut self, node: &Node, who: &Who) -> bool {
        if node.types().next().is_none() || node.types().any(|t| t == "Annotation") {
            return true;
        }
        let types = node.types().collect::<Vec<_>>().join("/");
        if is_hypothesis(node) && node.target.is_there() {
            self.skipped.retyped(&types);
            return true;
        }
        self.warn(format!(
            "{who}: its type is {types}, not Annotation; skipped"
        ));
        false
    }

    /// Parts are read as code points, so only from our own files: another
    /// tool's several text targets are read as the first, with a warning.
    fn first_part_only(&mut self, found: &mut super::targets::Found, who: &Who) {
        if found.parts.is_empty() {
            return;
        }
        self.warn(format!(
            "{who}: {} text targets; only the first was read (their positions may not count code points)",
            found.parts.len()
        ));
        found.position = found.parts.first().map(|p| (p.start, p.end));
        found.parts.clear();
        found.part_quotes.clear();
    }

    /// Adds `first` with the first of `labels` and, for each other label, a
    /// copy without the id (with a warning); `first` alone, unlabelled and
    /// counted, when there are none.
    fn push_per_label(&mut self, first: ForeignAnnotation, labels: Vec<String>, who: &Who) {
        let mut labels = labels.into_iter();
        let Some(label) = labels.next() else {
            self.untagged += 1;
            self.annotations.push(first);
            return;
        };
        // One annotation per label, on the same text; the first keeps the id.
        let more: Vec<ForeignAnnotation> = labels
            .map(|label| ForeignAnnotation {
                id: None,
                label,
                ..first.clone()
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
        self.annotations.push(ForeignAnnotation { label, ..first });
        self.annotations.extend(more);
    }

    /// Remembers a target source, for the file's URL and the warning about
    /// several documents.
    fn note_source(&mut self, source: &str) {
        if self.url.is_none() && (source.starts_with("http://") || source.starts_with("https://")) {
            self.url = Some(source.to_string());
        }
        if self.sources.len() < 5 && !self.sources.iter().any(|s| s == source) {
            self.sources.push(source.to_string());
        }
        if !self.read_pages.contains(source) {
            self.read_pages.insert(source.to_string());
        }
    }

    /// Remembers the sources of every target of `node`, read or not.
    fn note_page(&mut self, node: &Node) {
        let one = |t: &Json<super::objects::TargetObject>| match t {
            Json::Str(s) => Some(s.to_string()),
            Json::Object(t) => match &t.source {
                Json::Str(s) => Some(s.to_string()),
                Json::Object(s) => s.id.as_str().map(str::to_string),
                _ => None,
            },
            _ => None,
        };
        let all: Vec<String> = match &node.target {
            Json::List(list) => list.iter().filter_map(one).collect(),
            t => one(t).into_iter().collect(),
        };
        self.pages.extend(all);
    }

    /// How many documents the annotations target, when more than one.
    fn pages_warning(&self) -> Option<String> {
        let (read, all) = (self.read_pages.len(), self.pages.len());
        if read < 2 {
            return (all > 1 && read < all && self.skipped.any()).then(|| {
                format!("the file annotates {all} different documents; the annotations read are of one of them")
            });
        }
        let more = read - self.sources.len();
        let mut w = format!(
            "the annotations read target {read} different documents ({}{}): all were read as annotations of one text, so those of another document will not be found in it",
            self.sources.join(", "),
            if more > 0 { format!(", and {more} more") } else { String::new() }
        );
        if all > read {
            w.push_str(&format!(
                " (the file annotates {all} documents in all, counting the annotations left out)"
            ));
        }
        Some(w)
    }

    /// A timestamp field, when it holds one (warned about when it does not).
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

/// The annotation's `id` (or `@id`): a string, or a whole number written
/// out (no float formatting code for a rare case).
fn file_id<'n>(node: &'n Node) -> Option<Cow<'n, str>> {
    let id = if node.id.is_there() {
        &node.id
    } else {
        &node.at_id
    };
    match id {
        Json::Str(s) => Some(Cow::Borrowed(s)),
        Json::Uint(n) => Some(n.to_string().into()),
        Json::Int(n) => Some(n.to_string().into()),
        _ => None,
    }
}

/// The id kept for an annotation: ours are `{base}{document}/{annotation}`,
/// percent-encoded, so their last segment decoded; others whole.
pub(super) fn kept_id(id: &str, ours: bool) -> String {
    match ours {
        true => id
            .rsplit_once('/')
            .and_then(|(_, last)| decode_segment(last))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| id.to_string()),
        false => id.to_string(),
    }
}

/// Whether Marginalia wrote it (a `Software` generator named
/// [`GENERATOR_NAME`]): its positions count code points.
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
    if is_hypothesis(node) {
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

/// An error at `path` (the whole file when the path is empty).
pub(super) fn invalid(path: impl fmt::Display, reason: impl Into<String>) -> InteropError {
    let path = path.to_string();
    InteropError::Invalid {
        format: FORMAT,
        path: if path.is_empty() { "file".into() } else { path },
        reason: reason.into(),
    }
}

/// A value quoted in a message, cut to 60 characters.
pub(super) fn shorten(s: &str) -> String {
    marginalia_core::text::shorten(s, 60)
}

/// Who made a Hypothesis annotation: its `user` (`acct:ana@hypothes.is`)
/// as the id, named by `user_info.display_name`, else the account's name.
fn hypothesis_user(node: &Node) -> Option<marginalia_core::Annotator> {
    let user = node.user.as_str()?.trim();
    if user.is_empty() {
        return None;
    }
    let name = node
        .user_info
        .as_object()
        .and_then(|u| u.display_name.first_string())
        .unwrap_or_else(|| {
            let account = user.strip_prefix("acct:").unwrap_or(user);
            account.split('@').next().unwrap_or(account).to_string()
        });
    let id = marginalia_core::AnnotatorId::new(user)
        .ok()
        .or_else(|| marginalia_core::AnnotatorId::of_foreign("hypothesis", user))?;
    Some(marginalia_core::Annotator::new(id, &name))
}

/// Who made an annotation, from its `creator`: ours
/// (`urn:marginalia:annotator:<id>`) by their id, another IRI as it is,
/// or a name alone as `name:<name>`; the first of a list. `None` when it
/// names no one usable (an id must hold no white space, ≤ 200 characters).
fn annotator_of(creator: &Json<'_, Agent<'_>>) -> Option<marginalia_core::Annotator> {
    let (iri, name) = match creator {
        Json::Str(s) => (Some(s.as_ref()), None),
        Json::Object(a) => (a.id.as_str(), a.name.first_string()),
        Json::List(list) => return list.first().and_then(annotator_of),
        _ => return None,
    };
    let name = name.unwrap_or_default();
    let id = match iri.map(str::trim).filter(|i| !i.is_empty()) {
        Some(i) => match i.strip_prefix(crate::w3c::export::ANNOTATOR_IRI) {
            Some(ours) => decode_segment(ours)?,
            None => i.to_string(),
        },
        None if !name.trim().is_empty() => format!(
            "name:{}",
            name.split_whitespace().collect::<Vec<_>>().join("_")
        ),
        None => return None,
    };
    let id = marginalia_core::AnnotatorId::new(id).ok()?;
    Some(marginalia_core::Annotator::new(id, &name))
}
