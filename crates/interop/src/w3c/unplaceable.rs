//! Annotations that no text can hold: image annotations (`SvgSelector`,
//! `FragmentSelector` `xywh=`), Hypothesis page notes (a note on a whole
//! page, no text selected) and annotations of PDFs (their positions and
//! quotes are of the PDF's text layer). They are counted, not read; a
//! file holding nothing else is refused with [`InteropError::NothingOnText`]
//! naming them.

use super::json::{Json, Typed};
use super::objects::{Node, SelectorObject, TargetObject};
use super::FORMAT;
use crate::InteropError;

/// Why an annotation cannot be placed on a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unplaceable {
    /// Its selectors select a region of an image.
    Image,
    /// A Hypothesis page note: it targets a whole page.
    PageNote,
    /// It annotates a PDF.
    Pdf,
}

/// The annotations left out, counted.
#[derive(Default)]
pub(super) struct Skipped {
    images: usize,
    page_notes: usize,
    pdfs: usize,
    /// How many Hypothesis annotations had another tool's `type`, and the
    /// first of those types.
    retyped: usize,
    retype: Option<String>,
}

impl Skipped {
    /// Counts one annotation left out.
    pub(super) fn add(&mut self, why: Unplaceable) {
        match why {
            Unplaceable::Image => self.images += 1,
            Unplaceable::PageNote => self.page_notes += 1,
            Unplaceable::Pdf => self.pdfs += 1,
        }
    }

    /// Counts a Hypothesis annotation read although its `type` is `kind`.
    pub(super) fn retyped(&mut self, kind: &str) {
        self.retyped += 1;
        self.retype.get_or_insert_with(|| kind.to_string());
    }

    /// Whether any annotation was left out.
    pub(super) fn any(&self) -> bool {
        self.images + self.page_notes + self.pdfs > 0
    }

    /// The warnings that say what was left out.
    pub(super) fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.images > 0 {
            out.push(format!(
                "{} image annotation(s) (SVG and xywh selectors) cannot be placed on a text; left out",
                self.images
            ));
        }
        if self.pdfs > 0 {
            out.push(format!(
                "{} annotation(s) of PDF files (urn:x-pdf:…, .pdf addresses, a PDF viewer) cannot be placed on a text: their positions and quotes are of the PDF's own text layer; left out",
                self.pdfs
            ));
        }
        if self.page_notes > 0 {
            out.push(format!(
                "{} page note(s) not placed: they are notes on the whole page, with no text selected",
                self.page_notes
            ));
        }
        if let Some(kind) = &self.retype {
            out.push(format!(
                "{} Hypothesis annotation(s) have the type {kind} and fields another tool added (such as a GeoJSON geometry): read as the Hypothesis annotations they are, those fields left out",
                self.retyped
            ));
        }
        out
    }

    /// The refusal of a file in which nothing was read because everything
    /// was left out; `None` when nothing was.
    pub(super) fn refusal(&self) -> Option<InteropError> {
        let mut what = Vec::new();
        if self.images > 0 {
            what.push(format!(
                "{} image annotation(s) (SVG and xywh selectors)",
                self.images
            ));
        }
        if self.pdfs > 0 {
            what.push(format!("{} annotation(s) of PDF files", self.pdfs));
        }
        if self.page_notes > 0 {
            what.push(format!(
                "{} page note(s) (notes on a whole page, no text selected)",
                self.page_notes
            ));
        }
        if what.is_empty() {
            return None;
        }
        Some(InteropError::NothingOnText {
            format: FORMAT,
            reason: format!(
                "{} cannot be placed on a text, and the file has no other annotations",
                what.join(", ")
            ),
        })
    }
}

/// Whether Hypothesis wrote `node` (its API fields, no JSON-LD context).
pub(super) fn is_hypothesis(node: &Node) -> bool {
    !node.context.is_there() && (node.uri.is_there() || node.user.is_there())
}

/// Why `node` cannot be placed on a text, if it cannot.
pub(super) fn unplaceable(node: &Node) -> Option<Unplaceable> {
    let targets: Vec<&Json<TargetObject>> = match &node.target {
        Json::List(list) => list.iter().collect(),
        Json::Missing | Json::Null => return None,
        one => vec![one],
    };
    if targets.is_empty() {
        return None;
    }
    let mut kinds = Kinds::default();
    for t in &targets {
        match t {
            Json::Object(t) => selector_kinds(&t.selector, &mut kinds),
            Json::Str(s) if s.contains("#xywh=") => kinds.image = true,
            _ => {}
        }
    }
    let no_selector = targets.iter().all(|t| match t {
        Json::Object(t) => !t.selector.is_there(),
        _ => true,
    });
    if no_selector && is_hypothesis(node) {
        return Some(Unplaceable::PageNote);
    }
    if kinds.image && !kinds.text {
        return Some(Unplaceable::Image);
    }
    if kinds.text && (targets.iter().any(|t| target_is_pdf(t)) || document_is_pdf(node)) {
        return Some(Unplaceable::Pdf);
    }
    None
}

/// What a target's selectors select.
#[derive(Default)]
struct Kinds {
    text: bool,
    image: bool,
}

/// Notes in `kinds` what `v` (a selector, a list of them) selects,
/// refinements included.
fn selector_kinds(v: &Json<SelectorObject>, kinds: &mut Kinds) {
    match v {
        Json::List(list) => list.iter().for_each(|s| selector_kinds(s, kinds)),
        Json::Object(s) => {
            match s.types().next().unwrap_or("") {
                "TextQuoteSelector" | "TextPositionSelector" => kinds.text = true,
                "SvgSelector" => kinds.image = true,
                "FragmentSelector" if s.value.as_str().is_some_and(is_xywh) => kinds.image = true,
                _ => {}
            }
            selector_kinds(&s.refined_by, kinds);
        }
        _ => {}
    }
}

/// A media fragment of a region (`xywh=pixel:10,20,30,40`, `xywh=1,2,3,4`).
fn is_xywh(value: &str) -> bool {
    value.trim_start().starts_with("xywh=")
}

/// Whether a target's source is a PDF.
fn target_is_pdf(t: &Json<TargetObject>) -> bool {
    match t {
        Json::Str(s) => is_pdf_address(s),
        Json::Object(t) => match &t.source {
            Json::Str(s) => is_pdf_address(s),
            Json::Object(s) => s.id.as_str().is_some_and(is_pdf_address),
            _ => false,
        },
        _ => false,
    }
}

/// Whether Hypothesis's `document` (or `uri`) says it is a PDF: a
/// fingerprint, or an `urn:x-pdf:` address among its links.
fn document_is_pdf(node: &Node) -> bool {
    node.uri.as_str().is_some_and(is_pdf_address)
        || node.document.as_object().is_some_and(|d| {
            d.document_fingerprint.is_there()
                || match &d.link {
                    Json::List(links) => links.iter().any(|l| {
                        l.as_object()
                            .and_then(|l| l.href.as_str())
                            .is_some_and(|h| h.starts_with("urn:x-pdf:"))
                    }),
                    _ => false,
                }
        })
}

/// `urn:x-pdf:…` (Hypothesis's name of a PDF by its fingerprint), an
/// address whose path ends in `.pdf`, or a PDF viewer's (pdf.js) address.
pub(super) fn is_pdf_address(s: &str) -> bool {
    let lower = s.trim().to_ascii_lowercase();
    if lower.starts_with("urn:x-pdf:") {
        return true;
    }
    let path = lower.split(['?', '#']).next().unwrap_or("");
    let file = lower
        .split_once("?file=")
        .or_else(|| lower.split_once("&file="))
        .map(|(_, f)| f.split(['&', '#']).next().unwrap_or(""));
    path.ends_with(".pdf")
        || file.is_some_and(|f| f.ends_with(".pdf") || f.ends_with("%2epdf"))
        || lower.contains("/pdf.js")
        || lower.contains("/pdfjs/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_addresses() {
        for yes in [
            "urn:x-pdf:9b5fe37ca0f4ba0a6c25a8cf57790cbc",
            "http://www.ccmb.res.in/staff/Aggarwal/pap_32.PDF",
            "https://a.example/x.pdf?download=1#page=2",
            "https://a.example/viewer.html?file=%2Fdocs%2F東京.pdf",
            "http://localhost/pdf.js-hypothes.is/viewer/web/",
        ] {
            assert!(is_pdf_address(yes), "{yes}");
        }
        for no in [
            "https://news.example.com/pdf-tips.html",
            "http://www.scielo.br/scielo.php?script=sci_arttext&pid=S1679",
            "urn:x-marginalia:doc",
        ] {
            assert!(!is_pdf_address(no), "{no}");
        }
    }

    #[test]
    fn xywh_fragments_are_images_html_ids_are_not() {
        assert!(is_xywh("xywh=pixel:10,20,30,40"));
        assert!(is_xywh("xywh=percent:1,2,3,4"));
        assert!(!is_xywh("p-17"));
    }
}
