//! The browser's text selection ↔ code-point offsets in the document.
//!
//! The DOM counts UTF-16 code units; the document counts code points. Every
//! paragraph element carries `data-offset` (the code-point offset of its
//! first character), and its `textContent` is exactly the paragraph's text,
//! so a DOM boundary maps to `data-offset + code points before it`.

use marginalia_core::text::utf16_to_cp;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Selection};

/// Selector of paragraph elements.
pub const PARAGRAPH: &str = "[data-testid=\"paragraph\"]";

fn selection() -> Option<Selection> {
    web_sys::window()?.get_selection().ok().flatten()
}

/// The article element on the page, if one is shown.
pub fn article() -> Option<Element> {
    web_sys::window()?
        .document()?
        .query_selector("[data-testid=\"article\"]")
        .ok()
        .flatten()
}

fn paragraph_offset(p: &Element) -> usize {
    p.get_attribute("data-offset")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn text_of(node: &Node) -> String {
    node.text_content().unwrap_or_default()
}

fn paragraphs(article: &Element) -> Vec<Element> {
    let Ok(list) = article.query_selector_all(PARAGRAPH) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn paragraph_end(p: &Element) -> usize {
    paragraph_offset(p) + text_of(p).chars().count()
}

/// Code-point offset in the document of the DOM boundary point
/// (`node`, `offset`), where `offset` is in UTF-16 units for text nodes and
/// a child index for elements, as in the DOM Range API.
pub fn boundary_to_offset(article: &Element, node: &Node, offset: u32) -> Option<usize> {
    // The end of the text, needed only for points after the last paragraph.
    let text_end = || {
        article
            .query_selector_all(PARAGRAPH)
            .ok()
            .and_then(|list| list.item(list.length().checked_sub(1)?))
            .and_then(|n| n.dyn_into::<Element>().ok())
            .map_or(0, |p| paragraph_end(&p))
    };
    let article_node: &Node = article.as_ref();
    if !article_node.contains(Some(node)) {
        // Outside the article (possibly on an ancestor of it, e.g. a
        // select-all ending on <body>): before it maps to 0, after it to
        // the end. Compare the boundary point, not the node.
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.select_node_contents(article).ok()?;
        return Some(if range.compare_point(node, offset).ok()? < 0 {
            0
        } else {
            text_end()
        });
    }
    let element = match node.dyn_ref::<Element>() {
        Some(e) => Some(e.clone()),
        None => node.parent_element(),
    };
    if let Some(p) = element.and_then(|e| e.closest(PARAGRAPH).ok().flatten()) {
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.set_start(&p, 0).ok()?;
        range.set_end(node, offset).ok()?;
        let units = range.unchecked_ref::<js_sys::Object>().to_string().length() as usize;
        return Some(paragraph_offset(&p) + utf16_to_cp(&text_of(&p), units));
    }
    // Between paragraphs: the start of the first paragraph after the point.
    for p in &paragraphs(article) {
        let range = web_sys::window()?.document()?.create_range().ok()?;
        range.select_node_contents(p).ok()?;
        if range.compare_point(node, offset).ok()? < 0 {
            return Some(paragraph_offset(p));
        }
    }
    Some(text_end())
}

/// The text selected in the article on the page, as a document span (see
/// [`selected_span`]).
pub fn article_span() -> Option<(usize, usize)> {
    selected_span(&article()?)
}

/// The current selection as a document span (code points, `start < end`),
/// when it is not collapsed and touches the article.
pub fn selected_span(article: &Element) -> Option<(usize, usize)> {
    let sel = selection()?;
    if sel.range_count() == 0 || sel.is_collapsed() {
        return None;
    }
    let range = sel.get_range_at(0).ok()?;
    let article_node: &Node = article.as_ref();
    if !range.intersects_node(article_node).unwrap_or(false) {
        return None;
    }
    let start = boundary_to_offset(
        article,
        &range.start_container().ok()?,
        range.start_offset().ok()?,
    )?;
    let end = boundary_to_offset(
        article,
        &range.end_container().ok()?,
        range.end_offset().ok()?,
    )?;
    (start < end).then_some((start, end))
}

/// True when some text is selected in the article.
pub fn has_selection() -> bool {
    article().is_some_and(|a| selected_span(&a).is_some())
}

/// Clears the browser's selection.
pub fn clear() {
    if let Some(s) = selection() {
        let _ = s.remove_all_ranges();
    }
}

/// How far a keyboard selection step goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// One character.
    Character,
    /// One word.
    Word,
    /// One line.
    Line,
}

/// Extends the selection by one step, like Shift+arrow in an editor. With no
/// selection in the article, it starts at the beginning of the first
/// paragraph.
pub fn extend(article: &Element, forward: bool, step: Step) {
    let Some(sel) = selection() else { return };
    let inside = sel.range_count() > 0
        && sel
            .anchor_node()
            .is_some_and(|n| AsRef::<Node>::as_ref(article).contains(Some(&n)));
    if !inside {
        if let Some(first) = paragraphs(article).into_iter().next() {
            let _ = sel.collapse_with_offset(Some(&first), 0);
        }
    }
    let granularity = match step {
        Step::Character => "character",
        Step::Word => "word",
        Step::Line => "line",
    };
    let _ = sel.modify(
        "extend",
        if forward { "forward" } else { "backward" },
        granularity,
    );
}
