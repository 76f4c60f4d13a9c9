//! A saved web page opened as a document: its extracted article, or its
//! whole visible text, and the switch between the two.

use super::{AppState, Outcome};
use marginalia_core::page::Page;
use marginalia_core::{Article, DocumentId};
use std::rc::Rc;

/// What the user may switch the document opened from a page to.
#[derive(Debug, PartialEq)]
pub struct PageChoice {
    /// The document opened from the page.
    pub doc: DocumentId,
    /// What the format engine read of the page (with an article).
    pub page: Page,
    /// True when the document holds the whole text, false for the article.
    pub whole: bool,
}

impl PageChoice {
    /// The reading the document holds.
    pub fn shown(&self) -> &Article {
        if self.whole {
            &self.page.whole
        } else {
            self.page.first()
        }
    }

    /// The other reading, the one offered.
    pub fn other(&self) -> &Article {
        if self.whole {
            self.page.first()
        } else {
            &self.page.whole
        }
    }
}

impl AppState {
    /// Offers the other reading of the page the open document came from
    /// (only while that document is open: opening another drops it).
    pub(super) fn offer_page(&mut self, choice: Rc<PageChoice>) -> Outcome {
        if self.with_doc(|d| d.id() != &choice.doc) {
            return Outcome::Unchanged;
        }
        self.page = Some(choice);
        Outcome::Changed
    }
}
