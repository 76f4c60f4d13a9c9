//! What an annotation says: labels and notes from its bodies, `bodyValue`
//! and Hypothesis `tags`/`text`.

use super::import::{invalid, shorten, Reader, Who};
use super::iri::is_iri;
use super::json::{Json, Path, Typed};
use super::objects::{BodyObject, Node};
use crate::InteropError;

/// Labels, notes and attribute values gathered from an annotation's
/// bodies.
#[derive(Default)]
pub(super) struct Content {
    pub(super) labels: Vec<String>,
    pub(super) notes: Vec<String>,
    /// From classifying bodies with a `label` (the attribute's name).
    pub(super) attributes: marginalia_core::annotation::Attributes,
}

/// What a body, a motivation or a purpose makes of a text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Tag,
    Note,
}

impl Reader {
    /// Labels and notes from `body`, `bodyValue` and Hypothesis `tags`/`text`.
    pub(super) fn content(
        &mut self,
        node: &Node,
        path: &Path,
        who: &Who,
    ) -> Result<Content, InteropError> {
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

    /// Reads a body (a list, a string, an object) into `out` as labels or
    /// notes, as its purpose or else the motivation says.
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
                    match b.label.as_str().filter(|_| classifying(&b.purpose)) {
                        Some(name) if !name.trim().is_empty() => {
                            out.attributes.insert(name.to_string(), text.to_string());
                        }
                        _ => push_text(out, role, text),
                    }
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
}
/// A string body that links to a resource rather than being a tag written
/// as a bare string (Recogito): an absolute IRI with `://` or a URN, so
/// that `PER:name` stays a tag.
fn is_link(s: &str) -> bool {
    is_iri(s) && (s.contains("://") || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")))
}

/// Adds a label (unless blank) or a note (unless empty: notes are kept
/// exactly, whitespace included), once.
/// Whether a purpose is classifying (an attribute's value, when the body
/// names the attribute in its `label`).
fn classifying(purpose: &super::json::Plain) -> bool {
    purpose
        .strings()
        .any(|p| p.strip_prefix("oa:").unwrap_or(p) == "classifying")
}

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
