//! Reading a saved news page: its main article, as Firefox Reader View's
//! Readability algorithm finds it (the `dom_smoothie` port), and the page's
//! whole visible text, for the user who wants everything.
//!
//! The page is only parsed (html5ever, through `dom_query`): no script in
//! it runs, nothing it references is loaded, and only text comes out.

mod nesting;
mod whole;

use dom_smoothie::{Config, Readability, TextMode};
use marginalia_core::article::{Article, ArticleError, ParagraphBuilder};
use marginalia_core::page::Page;

/// The HTML parser (re-exported for [`whole_text`]'s callers).
pub use dom_query;
use nesting::{depth, nesting, MAX_DEPTH, MAX_NESTING};
pub use whole::whole_text;

/// Reads an HTML page: the whole visible text always, the article when the
/// Readability algorithm finds one that is not simply the whole text.
/// `fallback_title` names a page without a title. Fails only when the page
/// has no text at all.
pub fn read_page(html: &str, fallback_title: &str) -> Result<Page, ArticleError> {
    // html5ever's tree building slows down with the square of the nesting,
    // and Readability's scoring recurses: a hostile page is refused first.
    if nesting(html) >= MAX_NESTING {
        return Err(ArticleError::TooDeep);
    }
    let doc = dom_query::Document::from(html);
    let whole = whole_text(&doc, fallback_title);
    let canonical = web_address(doc.select("link[rel~=canonical]").attr("href").as_deref());
    let found = (depth(&doc) < MAX_DEPTH)
        .then(|| Readability::with_document(doc, None, Some(config())).ok())
        .flatten()
        .and_then(|mut r| r.parse().ok());
    let (article, url, published) = match found {
        Some(found) => {
            let paragraphs = lines(&found.text_content);
            let title = found.title.trim();
            let title = if title.is_empty() {
                &whole.title
            } else {
                title
            };
            let article = Article {
                title: title.to_string(),
                source: source(found.byline.as_deref(), found.site_name.as_deref()),
                paragraphs: without_title(paragraphs, title),
            };
            let url = canonical.or_else(|| web_address(found.url.as_deref()));
            (
                Some(article),
                url,
                found.published_time.filter(|t| !t.trim().is_empty()),
            )
        }
        None => (None, canonical, None),
    };
    let article = article.filter(|a| !a.paragraphs.is_empty() && a.paragraphs != whole.paragraphs);
    if whole.paragraphs.is_empty() && article.is_none() {
        return Err(ArticleError::NoText);
    }
    // Both readings are of one page: the article's headline and source.
    let whole = match &article {
        Some(a) => Article {
            title: a.title.clone(),
            source: a.source.clone(),
            paragraphs: whole.paragraphs,
        },
        None => whole,
    };
    Ok(Page {
        article,
        whole,
        url,
        published,
    })
}

fn config() -> Config {
    Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    }
}

/// Each non-blank line of Readability's formatted text is a paragraph.
fn lines(text: &str) -> Vec<String> {
    let mut b = ParagraphBuilder::new();
    for line in text.lines() {
        b.push_text(line);
        b.end_paragraph();
    }
    b.finish()
}

/// Drops a first paragraph that repeats the headline.
fn without_title(mut paragraphs: Vec<String>, title: &str) -> Vec<String> {
    if paragraphs.first().is_some_and(|p| p == title) {
        paragraphs.remove(0);
    }
    paragraphs
}

/// The byline and the site's name, once each.
fn source(byline: Option<&str>, site: Option<&str>) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in [byline, site].into_iter().flatten() {
        let mut b = ParagraphBuilder::new();
        b.push_text(part);
        if let Some(p) = b.finish().into_iter().next() {
            if !parts.iter().any(|q| q.eq_ignore_ascii_case(&p)) {
                parts.push(p);
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// `s` if it is an absolute http(s) address without spaces.
fn web_address(s: Option<&str>) -> Option<String> {
    let s = s?.trim();
    let web = s.starts_with("https://") || s.starts_with("http://");
    (web && !s.chars().any(char::is_whitespace)).then(|| s.to_string())
}

#[cfg(test)]
mod tests;
