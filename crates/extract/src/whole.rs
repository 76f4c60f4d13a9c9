//! A page's whole visible text, paragraph by paragraph.

use dom_query::{Document, NodeRef};
use marginalia_core::article::{Article, ParagraphBuilder};

/// Elements whose content is never article text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form", "button",
    "select", "textarea", "svg", "math", "iframe", "object", "embed", "canvas", "audio", "video",
    "dialog", "menu",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "dd",
    "dt",
    "dl",
    "ul",
    "ol",
    "br",
    "hr",
    "address",
    "details",
    "summary",
    "body",
];

/// Every paragraph of the page's body (script, style, navigation, forms and
/// the like left out). The title is the page's `<title>`, else its first
/// `<h1>`, else `fallback_title`; a first paragraph repeating it is dropped.
pub fn whole_text(doc: &Document, fallback_title: &str) -> Article {
    let title = ["title", "h1"]
        .iter()
        .map(|sel| one_line(&doc.select(sel).first().text()))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let mut paragraphs = match doc.body() {
        Some(body) => paragraphs(body),
        None => paragraphs(doc.root()),
    };
    if paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    Article {
        title,
        source: None,
        paragraphs,
    }
}

fn one_line(s: &str) -> String {
    let mut b = ParagraphBuilder::new();
    b.push_text(s);
    b.finish().into_iter().next().unwrap_or_default()
}

/// The paragraphs under `root`, by an iterative walk, so that hostile deep
/// nesting cannot exhaust the stack. `None` on the stack marks the end of a
/// block element.
fn paragraphs(root: NodeRef) -> Vec<String> {
    let mut b = ParagraphBuilder::new();
    let mut stack: Vec<Option<NodeRef>> = vec![Some(root)];
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            b.end_paragraph();
            continue;
        };
        if node.is_text() {
            b.push_text(&node.text());
            continue;
        }
        if !(node.is_element() || node.is_document()) {
            continue;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if SKIP.contains(&name.as_str()) {
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            b.end_paragraph();
            stack.push(None);
        }
        stack.extend(node.children_it(true).map(Some));
    }
    b.finish()
}
