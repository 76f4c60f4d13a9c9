//! Label Studio's HyperText tasks: the task's text is HTML, and its
//! `hypertextlabels` regions name their ends by XPath and text-node offset,
//! with `globalOffsets` into the text as the browser rendered it. The HTML
//! is read as any page is (its visible text, paragraph by paragraph); each
//! region is placed by its text, its global offsets a position hint (the
//! rendering has no line breaks between blocks, so they drift by one per
//! paragraph, which re-anchoring tolerates).

use super::{texts, Region};
use crate::InteropError;
use serde_json::Value;

/// True when an annotation's result list holds HyperText regions.
pub(super) fn has_regions(annotation: &Value) -> bool {
    annotation
        .get("result")
        .and_then(Value::as_array)
        .is_some_and(|results| {
            results
                .iter()
                .any(|r| r.get("type").and_then(Value::as_str) == Some("hypertextlabels"))
        })
}

/// The visible text of a HyperText task's HTML, its paragraphs one per line.
pub(super) fn visible_text(html: &str) -> String {
    let doc = marginalia_extract::dom_query::Document::from(html);
    marginalia_extract::whole_text(&doc, "")
        .paragraphs
        .join("\n")
}

/// A `hypertextlabels` result item as a region: its labels, its stated
/// text and its global offsets (without them, the text alone places it).
pub(super) fn region<'r>(
    r: &'r Value,
    rpath: impl Fn() -> String,
) -> Result<Option<Region<'r>>, InteropError> {
    let value = r.get("value");
    let labels = texts(value.and_then(|v| v.get("hypertextlabels")));
    if labels.is_empty() {
        return Err(super::invalid(rpath(), "no \"hypertextlabels\""));
    }
    let stated = value.and_then(|v| v.get("text")).and_then(Value::as_str);
    let global = |k: &str| {
        value
            .and_then(|v| v.pointer(&format!("/globalOffsets/{k}")))
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let (start, end) = match (global("start"), global("end")) {
        (Some(s), Some(e)) if s < e => (s, e),
        _ => (0, 0),
    };
    if stated.is_none_or(|s| s.trim().is_empty()) {
        return Err(super::invalid(
            rpath(),
            "a HyperText region without its text",
        ));
    }
    Ok(Some(Region {
        id: r.get("id").and_then(Value::as_str),
        start,
        end,
        labels,
        stated,
        hyper: true,
    }))
}

/// A region's stated text as the visible text writes it: whitespace runs
/// (Label Studio writes line breaks as a literal `\n`) become one space,
/// or one line break when they hold one.
pub(super) fn quote(stated: &str) -> marginalia_core::anchor::TextQuote {
    let stated = stated.replace("\\n", "\n");
    let mut exact = String::with_capacity(stated.len());
    let mut run: Option<bool> = None;
    for c in stated.trim().chars() {
        if c.is_whitespace() {
            let newline = c == '\n' || run == Some(true);
            run = Some(newline);
            continue;
        }
        if let Some(newline) = run.take() {
            exact.push(if newline { '\n' } else { ' ' });
        }
        exact.push(c);
    }
    marginalia_core::anchor::TextQuote {
        exact,
        prefix: String::new(),
        suffix: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_text_is_written_as_the_visible_text_is() {
        let q = quote(" appreciated.\\n\\nVincent:  Look, 東京 😀 ");
        assert_eq!(q.exact, "appreciated.\nVincent: Look, 東京 😀");
        let html = "<div><p><b>Jules</b>: No 東京.</p></div><div><p>Vincent: Look 😀.</p></div>";
        assert_eq!(visible_text(html), "Jules: No 東京.\nVincent: Look 😀.");
    }
}
