//! The export: a document's annotations as one `AnnotationCollection`
//! (the choices are in `docs/formats/w3c.md`).

use super::iri::{encode_segment, is_iri, text_urn};
use super::{exports_unplaced, W3cOptions, CONTEXT, DEFAULT_ID_BASE, GENERATOR_NAME};
use marginalia_core::anchor::TextQuote;
use marginalia_core::annotation::{Annotation, AnnotationId, Tag, Timestamp, Unplaced};
use marginalia_core::annotator::AnnotatorId;
use marginalia_core::document::Document;
use marginalia_core::export::ExportFormat;
use serde::Serialize;

/// The IRI prefix of an annotator's `creator` id (then the annotator's id).
pub const ANNOTATOR_IRI: &str = "urn:marginalia:annotator:";

// What is written, field by field in the order it is written.

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
    items: Vec<ItemOut<'a>>,
}

/// An annotation as written: of text (bodies [`BodyOut`], a [`TargetOut`]
/// target) by default, or a link ([`LinkingOut`]).
#[derive(Serialize)]
struct AnnotationOut<'a, B = BodyOut<'a>, T = Targets<'a>> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<&'a AgentOut<'a>>,
    created: &'a str,
    modified: &'a str,
    generator: &'a AgentOut<'a>,
    body: Vec<B>,
    target: T,
}

/// The body or target of a linking annotation, as written: another
/// annotation of the collection, by IRI, or the link's type or note.
#[derive(Serialize)]
#[serde(untagged)]
enum LinkBodyOut<'a> {
    Text(BodyOut<'a>),
    Annotation { id: String },
}

/// A relation: a `linking` annotation whose target is (the IRI of) the
/// annotation it starts at and whose bodies are its type (tagging), its
/// note (commenting) and the annotation it points to.
type LinkingOut<'a> = AnnotationOut<'a, LinkBodyOut<'a>, String>;

/// An item of the collection's page.
#[derive(Serialize)]
#[serde(untagged)]
enum ItemOut<'a> {
    Annotation(AnnotationOut<'a>),
    Linking(LinkingOut<'a>),
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
    /// An attribute's name (`rdfs:label` of a classifying body).
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
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

/// The target of an annotation of text: one, or one per part of a
/// multi-part annotation (the body applies to each, as the model says of
/// several targets).
#[derive(Serialize)]
#[serde(untagged)]
enum Targets<'a> {
    One(TargetOut<'a>),
    Parts(Vec<TargetOut<'a>>),
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
/// (pretty-printed JSON-LD; `docs/formats/w3c.md` gives every choice).
pub fn export(doc: &Document, options: &W3cOptions) -> String {
    let collection = format!("{}{}", id_base(options), encode_segment(doc.id().as_str()));
    let source = source_of(doc);
    let generator = AgentOut {
        id: None,
        kind: "Software",
        name: GENERATOR_NAME,
    };
    let creator = creator_of(options);
    // Each annotator the annotations name, as a Person with their name.
    let iris: Vec<String> = (doc.annotators().iter())
        .map(|a| format!("{ANNOTATOR_IRI}{}", encode_segment(a.id.as_str())))
        .collect();
    let annotators: Vec<(&AnnotatorId, AgentOut)> = (doc.annotators().iter())
        .zip(&iris)
        .map(|(a, iri)| {
            let agent = AgentOut {
                id: Some(iri.as_str()),
                kind: "Person",
                name: &a.name,
            };
            (&a.id, agent)
        })
        .collect();
    let shared = Shared {
        collection: &collection,
        source: &source,
        creator: creator.as_ref(),
        generator: &generator,
        annotators: &annotators,
    };
    let mut items: Vec<ItemOut> = doc
        .annotations()
        .map(|a| ItemOut::Annotation(placed(doc, a, &shared)))
        .collect();
    // Annotations that could not be placed keep what they quoted only.
    items.extend(
        doc.unplaced()
            .iter()
            .filter(|u| exports_unplaced(u))
            .map(|u| ItemOut::Annotation(unplaced(u, &shared))),
    );
    items.extend(linking(doc, &shared).map(ItemOut::Linking));
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

/// The prefix of every id: the option when it is an absolute IRI, else
/// [`DEFAULT_ID_BASE`].
fn id_base(options: &W3cOptions) -> &str {
    options
        .id_base
        .as_deref()
        .map(str::trim)
        .filter(|b| is_iri(b))
        .unwrap_or(DEFAULT_ID_BASE)
}

/// The target's `source`: the article's URL when it is an absolute IRI,
/// else the `urn:sha256:` of its text.
fn source_of(doc: &Document) -> String {
    doc.meta()
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| is_iri(u))
        .map_or_else(|| text_urn(doc.text().as_str()), str::to_string)
}

/// The `creator` to write, when the options name one with a name or an IRI.
fn creator_of(options: &W3cOptions) -> Option<AgentOut<'_>> {
    options.creator.as_ref().and_then(|c| {
        let id = c.id.as_deref().map(str::trim).filter(|i| is_iri(i));
        (id.is_some() || !c.name.is_empty()).then_some(AgentOut {
            id,
            kind: "Person",
            name: &c.name,
        })
    })
}

/// What every annotation of one export shares.
struct Shared<'a> {
    /// The collection's id, the prefix of each annotation's.
    collection: &'a str,
    source: &'a str,
    creator: Option<&'a AgentOut<'a>>,
    generator: &'a AgentOut<'a>,
    /// The document's annotators as agents (an annotation's `creator`,
    /// before the export's own `creator`).
    annotators: &'a [(&'a AnnotatorId, AgentOut<'a>)],
}

impl<'a> Shared<'a> {
    /// The `creator` of an annotation made by `who`.
    fn creator(&self, who: Option<&AnnotatorId>) -> Option<&'a AgentOut<'a>> {
        let of = who.and_then(|id| self.annotators.iter().find(|(i, _)| *i == id));
        of.map(|(_, agent)| agent).or(self.creator)
    }
}

/// A placed annotation: its quote and its code-point position (of each
/// part, for a multi-part annotation).
fn placed<'a>(doc: &Document, a: &'a Annotation, shared: &Shared<'a>) -> AnnotationOut<'a> {
    let selectors = a.parts().map(|p| {
        let quote = TextQuote::of(doc.text(), p.start, p.end);
        vec![
            SelectorOut::TextQuoteSelector {
                exact: quote.exact,
                prefix: quote.prefix,
                suffix: quote.suffix,
            },
            SelectorOut::TextPositionSelector {
                start: p.start,
                end: p.end,
            },
        ]
    });
    let fields = Fields {
        id: &a.id,
        tag: &a.tag,
        note: &a.note,
        created: &a.created,
        modified: &a.modified,
        attributes: &a.attributes,
        annotator: a.annotator.as_ref(),
    };
    annotation_out(fields, selectors.collect(), shared)
}

/// An unplaced annotation: the quote it had, and no position.
fn unplaced<'a>(u: &'a Unplaced, shared: &Shared<'a>) -> AnnotationOut<'a> {
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
        attributes: &u.attributes,
        annotator: None,
    };
    annotation_out(fields, vec![selector], shared)
}

/// What an exported annotation says besides its selectors.
struct Fields<'a> {
    id: &'a AnnotationId,
    tag: &'a Tag,
    note: &'a str,
    created: &'a Timestamp,
    modified: &'a Timestamp,
    attributes: &'a marginalia_core::annotation::Attributes,
    annotator: Option<&'a AnnotatorId>,
}

/// An annotation with its tagging body, its note (when it has one) and a
/// target holding each of `selectors` (one target for one).
fn annotation_out<'a>(
    a: Fields<'a>,
    mut selectors: Vec<Vec<SelectorOut>>,
    shared: &Shared<'a>,
) -> AnnotationOut<'a> {
    let mut body = vec![BodyOut {
        kind: "TextualBody",
        purpose: "tagging",
        label: None,
        value: a.tag.as_str(),
        format: "text/plain",
    }];
    if !a.note.is_empty() {
        body.push(BodyOut {
            kind: "TextualBody",
            purpose: "commenting",
            label: None,
            value: a.note,
            format: "text/plain",
        });
    }
    // Each attribute value: a classifying body named by its label.
    body.extend(a.attributes.iter().map(|(name, value)| BodyOut {
        kind: "TextualBody",
        purpose: "classifying",
        label: Some(name),
        value,
        format: "text/plain",
    }));
    AnnotationOut {
        id: format!("{}/{}", shared.collection, encode_segment(a.id.as_str())),
        kind: "Annotation",
        motivation: if a.note.is_empty() {
            "tagging"
        } else {
            "commenting"
        },
        creator: shared.creator(a.annotator),
        created: a.created.as_str(),
        modified: a.modified.as_str(),
        generator: shared.generator,
        body,
        target: if selectors.len() == 1 {
            Targets::One(target(shared, selectors.remove(0)))
        } else {
            Targets::Parts(selectors.into_iter().map(|s| target(shared, s)).collect())
        },
    }
}

/// A `SpecificResource` of the article holding `selector`.
fn target<'a>(shared: &Shared<'a>, selector: Vec<SelectorOut>) -> TargetOut<'a> {
    TargetOut {
        kind: "SpecificResource",
        source: shared.source,
        selector,
    }
}

/// The relations whose both ends are written, as linking annotations
/// (`{collection}/relation/{id}`; an annotation's id never holds a `/`,
/// so the two cannot meet).
fn linking<'a>(doc: &'a Document, shared: &'a Shared<'a>) -> impl Iterator<Item = LinkingOut<'a>> {
    let written = ExportFormat::W3c.writes_relation_end(doc);
    let iri = |id: &AnnotationId| format!("{}/{}", shared.collection, encode_segment(id.as_str()));
    doc.relations()
        .iter()
        .filter(move |r| written(&r.from) && written(&r.to))
        .map(move |r| {
            let mut body = vec![LinkBodyOut::Text(BodyOut {
                kind: "TextualBody",
                purpose: "tagging",
                label: None,
                value: r.kind.as_str(),
                format: "text/plain",
            })];
            if !r.note.is_empty() {
                body.push(LinkBodyOut::Text(BodyOut {
                    kind: "TextualBody",
                    purpose: "commenting",
                    label: None,
                    value: &r.note,
                    format: "text/plain",
                }));
            }
            body.push(LinkBodyOut::Annotation { id: iri(&r.to) });
            LinkingOut {
                id: format!(
                    "{}/relation/{}",
                    shared.collection,
                    encode_segment(r.id.as_str())
                ),
                kind: "Annotation",
                motivation: "linking",
                creator: shared.creator,
                created: r.created.as_str(),
                modified: r.created.as_str(),
                generator: shared.generator,
                body,
                target: iri(&r.from),
            }
        })
}
