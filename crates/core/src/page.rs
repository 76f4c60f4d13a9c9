//! A saved web page, read two ways: the article in it (as the format
//! engine extracts it, see `marginalia-extract`) and the page's whole
//! visible text. The user opens the first and can switch to the second.

use crate::annotation::{DocumentId, Timestamp};
use crate::article::Article;
use crate::document::{Document, Metadata};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// What the format engine read of an HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The main article, when one stands out from the rest of the page
    /// (and differs from the whole text).
    pub article: Option<Article>,
    /// Every paragraph of the page's visible text (no script, style,
    /// navigation, form or other non-text element).
    pub whole: Article,
    /// The page's canonical address (http or https only), if it gives one.
    pub url: Option<String>,
    /// When it was published, as the page says.
    pub published: Option<String>,
}

impl Page {
    /// The article the user sees first: the extracted one, else the whole
    /// text.
    pub fn first(&self) -> &Article {
        self.article.as_ref().unwrap_or(&self.whole)
    }

    /// A new document of `article` (one of this page's), with the page's
    /// address and date.
    pub fn document_of(&self, article: &Article, id: DocumentId, now: Timestamp) -> Document {
        let meta = Metadata {
            title: article.title.clone(),
            source: article.source.clone(),
            url: self.url.clone(),
            attribution: None,
            published: self.published.clone(),
        };
        Document::new(id, meta, Text::new(article.paragraphs.join("\n")), now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(title: &str, paragraphs: &[&str]) -> Article {
        Article {
            title: title.into(),
            source: Some("Outlet".into()),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn the_article_comes_first_and_documents_keep_the_page_metadata() {
        let mut page = Page {
            article: Some(article("Headline", &["Body 😀 東京."])),
            whole: article("Headline", &["Menu", "Body 😀 東京.", "Footer"]),
            url: Some("https://example.org/a".into()),
            published: Some("2026-12-01".into()),
        };
        assert_eq!(page.first().paragraphs.len(), 1);
        let now = Timestamp::new("2026-12-04T00:00:00Z").unwrap();
        let doc = page.document_of(&page.whole, DocumentId::new("d").unwrap(), now);
        assert_eq!(doc.text().as_str(), "Menu\nBody 😀 東京.\nFooter");
        assert_eq!(doc.meta().url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.meta().published.as_deref(), Some("2026-12-01"));
        assert_eq!(doc.meta().source.as_deref(), Some("Outlet"));
        page.article = None;
        assert_eq!(page.first(), &page.whole);
    }
}
