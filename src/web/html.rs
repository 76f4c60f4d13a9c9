//! Reading an HTML page as an article.
//!
//! The page is parsed by `DOMParser` into an inert document: no script in it
//! runs, nothing it references is loaded, and none of its elements is ever
//! inserted into the app's page. Only its text is kept.

use marginalia_core::article::{Article, ArticleError, ParagraphBuilder};
use wasm_bindgen::JsCast;
use web_sys::{Document, DomParser, Element, Node, SupportedType};

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

fn parse(html: &str) -> Option<Document> {
    DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()
}

fn text(el: &Element) -> String {
    let mut b = ParagraphBuilder::new();
    b.push_text(&el.text_content().unwrap_or_default());
    b.finish().into_iter().next().unwrap_or_default()
}

/// Extracts the readable text of an HTML page as paragraphs. The title is the
/// page's `<title>`, else its first `<h1>`, else `fallback_title`. When the
/// page has an `<article>` (or else a `<main>`), only that part is read.
pub fn article_from_html(html: &str, fallback_title: &str) -> Result<Article, ArticleError> {
    let doc = parse(html).ok_or(ArticleError::NoText)?;
    let title_el = doc.query_selector("title").ok().flatten();
    let h1 = doc.query_selector("h1").ok().flatten();
    let title = [title_el, h1]
        .into_iter()
        .flatten()
        .map(|e| text(&e))
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    let root: Node = ["article", "main", "body"]
        .iter()
        .find_map(|sel| doc.query_selector(sel).ok().flatten())
        .map(Into::into)
        .unwrap_or_else(|| doc.clone().into());
    let mut b = ParagraphBuilder::new();
    // Iterative walk, so that hostile deep nesting cannot exhaust the stack.
    // `None` on the stack marks the end of a block element.
    let mut stack: Vec<Option<Node>> = vec![Some(root)];
    while let Some(item) = stack.pop() {
        let Some(node) = item else {
            b.end_paragraph();
            continue;
        };
        match node.node_type() {
            Node::TEXT_NODE => b.push_text(&node.node_value().unwrap_or_default()),
            Node::ELEMENT_NODE | Node::DOCUMENT_NODE => {
                let name = node
                    .dyn_ref::<Element>()
                    .map(|e| e.local_name().to_ascii_lowercase())
                    .unwrap_or_default();
                if SKIP.contains(&name.as_str()) {
                    continue;
                }
                let block = BLOCK.contains(&name.as_str());
                if block {
                    b.end_paragraph();
                    stack.push(None);
                }
                let children = node.child_nodes();
                for i in (0..children.length()).rev() {
                    stack.push(children.item(i));
                }
            }
            _ => {}
        }
    }
    let mut paragraphs = b.finish();
    if paragraphs.first().is_some_and(|p| *p == title) {
        paragraphs.remove(0);
    }
    if paragraphs.is_empty() {
        return Err(ArticleError::NoText);
    }
    Ok(Article {
        title,
        source: None,
        paragraphs,
    })
}
