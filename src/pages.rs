//! Saved web pages: the format engine reads the article and the whole
//! visible text ([`marginalia_core::page::Page`]); the article opens, and
//! the user can switch to the whole text (see [`switch`]).

use crate::actions::AppContext;
use crate::state::{Action, PageChoice};
use crate::texts;
use crate::web;
use marginalia_core::page::Page;
use marginalia_core::{Command, Document};
use std::rc::Rc;

/// How a page came in, for the document opened from it.
#[derive(Clone, Debug)]
pub struct Arrival {
    /// The file's name (or a name for pasted text).
    pub name: String,
    /// The codebook template chosen for pasted text (else the library's
    /// default codebook).
    pub codebook: Option<String>,
    /// Added to the notice (a file read as Windows-1252, say).
    pub note: Option<&'static str>,
}

/// Has the engine read `html` as a page; [`opened`] follows.
pub fn read(state: &AppContext, html: String, fallback_title: &str, arrival: Arrival) {
    crate::engine::read_page(state, html, fallback_title, arrival);
}

/// The engine read the page: its article (else its whole text) opens as a
/// new document, and the whole text is offered when there is an article.
pub fn opened(state: &AppContext, page: Page, arrival: Arrival) {
    let doc = page.document_of(page.first(), web::new_document_id(), web::now());
    let doc = match &arrival.codebook {
        Some(choice) => state.persist.with_codebook(doc, choice),
        None => state.persist.with_default_codebook(doc),
    };
    let mut notice = texts::opened_as_new_document(&doc.meta().title);
    notice.push_str(arrival.note.unwrap_or_default());
    let id = doc.id().clone();
    state.dispatch(Action::Open {
        doc: Box::new(doc),
        fresh: true,
        notice: Some(notice),
    });
    if page.article.is_some() {
        let choice = PageChoice {
            doc: id,
            page,
            whole: false,
        };
        state.dispatch(Action::OfferPage(Rc::new(choice)));
    }
}

/// Switches the open document to the page's other reading. Before any
/// annotation is made or imported (placed or not), the document itself
/// changes (same id and codebook); after, the other reading opens as a new
/// document, so that no annotation's offsets ever change under it.
pub fn switch(state: &AppContext) {
    let Some(choice) = state.page.clone() else {
        return;
    };
    let (open_id, codebook, annotated) = state.with_doc(|d| {
        // Unplaced annotations (an import of another text) count too.
        let annotated = !d.is_empty() || !d.unplaced().is_empty();
        (d.id().clone(), d.codebook().clone(), annotated)
    });
    if open_id != choice.doc {
        return;
    }
    let other = choice.other();
    let (id, notice) = if annotated {
        let notice = texts::page_switched_to_new(choice.whole, other.paragraphs.len());
        (web::new_document_id(), notice)
    } else {
        (
            open_id,
            texts::page_switched(choice.whole, other.paragraphs.len()),
        )
    };
    let mut doc: Document = choice.page.document_of(other, id.clone(), web::now());
    // The codebook the user may have chosen or edited stays.
    let _ = doc.apply(Command::SetCodebook(Box::new(codebook)));
    state.dispatch(Action::Open {
        doc: Box::new(doc),
        fresh: true,
        notice: Some(notice),
    });
    let switched = PageChoice {
        doc: id,
        page: choice.page.clone(),
        whole: !choice.whole,
    };
    state.dispatch(Action::OfferPage(Rc::new(switched)));
}
