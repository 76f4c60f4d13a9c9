//! Where an annotation is: its targets and their text selectors
//! (`TextQuoteSelector`, `TextPositionSelector`, and quotes inside
//! `refinedBy` chains).

use super::import::{invalid, shorten, Reader, Who};
use super::json::{Json, Path, Plain, Typed};
use super::objects::{SelectorObject, TargetObject};
use crate::InteropError;
use marginalia_core::anchor::TextQuote;

/// What an annotation's targets say about where it is.
#[derive(Default)]
pub(super) struct Found {
    pub(super) position: Option<(usize, usize)>,
    pub(super) quote: Option<TextQuote>,
    /// A position relative to a refined part, not the whole text.
    relative: bool,
    /// A refinement of a text selector was ignored.
    refinement: bool,
    /// Kinds of selectors that do not describe text.
    other: Vec<String>,
    /// The positions of several text targets on one source (the parts of
    /// a multi-part annotation, in text order); `position` is then their
    /// extent and `quote` is `None`.
    pub(super) parts: Vec<std::ops::Range<usize>>,
    /// Each part's quote (empty where its target has none), as `parts`.
    pub(super) part_quotes: Vec<String>,
}

/// A target's text selectors and source, or why it has none.
pub(super) type TargetRead<'t> = Result<(Found, Option<&'t str>), String>;

impl Reader {
    /// The first target that describes a span of text, with its source; or
    /// why none does.
    pub(super) fn target<'t>(
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
                let mut read = Vec::new();
                let mut why = None;
                for (i, t) in list.iter().enumerate() {
                    match self.target(t, &path.index(i), who)? {
                        Ok(found) => read.push(found),
                        Err(reason) => {
                            why.get_or_insert(reason);
                        }
                    }
                }
                if read.len() > 1 {
                    if let Some(joined) = parts_of(&read) {
                        return Ok(Ok(joined));
                    }
                    self.warn(format!(
                        "{who}: {} text targets; only the first was read (they are not positions on one text, so they cannot be the parts of one annotation)",
                        read.len()
                    ));
                }
                let first = read.into_iter().next();
                Ok(first.ok_or_else(|| why.unwrap_or_else(|| "its target list is empty".into())))
            }
            _ => Err(invalid(path, "must be a link, an object or a list of them")),
        }
    }

    /// A target that is an object: its selectors, or why they select no text.
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
}

/// Several text targets as the parts of one annotation: when each has a
/// position and all name the same source (or none), their positions in
/// text order, their extent as the position, and no quote (the text
/// between the parts is not in the file).
fn parts_of<'t>(read: &[(Found, Option<&'t str>)]) -> Option<(Found, Option<&'t str>)> {
    let source = read[0].1;
    let mut parts = Vec::with_capacity(read.len());
    for (found, s) in read {
        if *s != source || found.relative {
            return None;
        }
        let (start, end) = found.position?;
        let quote = found
            .quote
            .as_ref()
            .map(|q| q.exact.clone())
            .unwrap_or_default();
        parts.push((start..end, quote));
    }
    parts.sort_unstable_by_key(|(p, _)| (p.start, p.end));
    let (parts, part_quotes): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    let start = parts.first()?.start;
    let end = parts.iter().map(|p| p.end).max()?;
    let found = Found {
        position: Some((start, end)),
        parts,
        part_quotes,
        ..Found::default()
    };
    Some((found, source))
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

/// Reads one selector into `found` (`refined`: it refines another).
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

/// A `TextQuoteSelector`: `exact` is required, `prefix` and `suffix` not.
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

/// A `TextPositionSelector`: whole `start` and `end`, `end` not before
/// `start`.
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
