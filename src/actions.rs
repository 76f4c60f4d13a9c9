//! What the UI's handlers do: the steps that need the browser (reading the
//! selection, files, storage, downloads) before or after dispatching an
//! [`Action`].

use crate::loading::{self, Intent};
use crate::persist;
use crate::sample;
use crate::state::{Action, AppState, Shared};
use crate::web::{self, files, selection};
use marginalia_core::format::to_json;
use marginalia_core::{Document, DocumentId, Index, Tag};
use yew::platform::spawn_local;
use yew::prelude::*;

/// The app's state handle, shared through context.
pub type AppContext = UseReducerHandle<AppState>;

/// Tags the text selected in the article, or retags the selected
/// annotation when no text is selected.
pub fn tag(state: &AppContext, tag: Tag) {
    match selection::article().and_then(|a| selection::selected_span(&a)) {
        Some((start, end)) => {
            state.dispatch(Action::TagSpan {
                start,
                end,
                tag,
                id: web::new_annotation_id(),
                now: web::now(),
            });
            selection::clear();
        }
        None => state.dispatch(Action::Retag(tag, web::now())),
    }
}

fn file_name(title: &str) -> String {
    let slug: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    format!(
        "{}.marginalia.json",
        if slug.is_empty() { "document" } else { &slug }
    )
}

/// Downloads the open document as a Marginalia JSON file.
pub fn export(state: &AppContext) {
    let (name, json) = state.with_doc(|d| (file_name(&d.meta().title), to_json(d)));
    match files::download(&name, "application/json", &json) {
        Ok(()) => state.dispatch(Action::Notice(format!("Exported {name}."))),
        Err(e) => state.dispatch(Action::Alert(format!("The export failed: {e}."))),
    }
}

/// Reads the first of `list` and opens or imports it.
pub fn open_files(state: &AppContext, list: Vec<files::File>, intent: Intent) {
    let Some(file) = list.into_iter().next() else {
        return;
    };
    let dispatch = state.dispatcher();
    let library = state.library.clone();
    let open = state.session.clone();
    let name = file.name();
    spawn_local(async move {
        let replaceable = |incoming: &Document| replaceable(&open, &library, incoming);
        let action = match files::read(file).await {
            Err(e) => Action::Alert(format!(
                "Could not open “{name}”: {e}. Nothing was changed."
            )),
            Ok(loaded) => match loading::from_file(&loaded, &library, intent, &replaceable) {
                Ok(ready) => Action::Open {
                    doc: Box::new(ready.doc),
                    fresh: true,
                    notice: Some(ready.notice),
                },
                Err(message) => Action::Alert(message),
            },
        };
        dispatch.dispatch(action);
    });
}

/// True when the library's document with `incoming`'s id holds the same
/// text and no annotations, so an import may take its place.
fn replaceable(open: &Shared, library: &Index, incoming: &Document) -> bool {
    if library.get(incoming.id()).is_none_or(|e| e.annotations > 0) {
        return false;
    }
    let same = |d: &Document| d.is_empty() && d.text() == incoming.text();
    let session = open.borrow();
    if session.doc().id() == incoming.id() {
        return same(session.doc());
    }
    persist::peek_document(incoming.id()).is_some_and(|d| same(&d))
}

/// Makes a new document of pasted text. Returns false (and says why) when
/// the text cannot be used, so the panel can stay open.
pub fn load_pasted(state: &AppContext, text: &str) -> bool {
    match loading::article("pasted.txt", text, "Pasted article") {
        Ok(doc) => {
            let notice = format!("Started a new document, “{}”.", doc.meta().title);
            state.dispatch(Action::Open {
                doc: Box::new(doc),
                fresh: true,
                notice: Some(notice),
            });
            true
        }
        Err(e) => {
            state.dispatch(Action::Alert(format!(
                "Could not use the pasted text: {e}."
            )));
            false
        }
    }
}

/// Adds a fresh copy of the sample article to the library and opens it.
pub fn load_sample(state: &AppContext) {
    let id = persist::free_id(
        &state.library,
        &DocumentId::new(sample::ID).expect("valid id"),
    );
    state.dispatch(Action::Open {
        doc: Box::new(sample::document(id, web::now())),
        fresh: true,
        notice: Some("Opened the sample article.".into()),
    });
}

/// Opens a saved document.
pub fn open_saved(state: &AppContext, id: &DocumentId) {
    if state.with_doc(|d| d.id() == id) {
        return;
    }
    match persist::load_document(id) {
        Ok(loaded) => open_loaded(state, loaded, None),
        Err(e) => {
            if !matches!(e, persist::OpenError::Storage(_)) {
                state.dispatch(Action::Forget(id.clone()));
            }
            state.dispatch(Action::Alert(format!("Could not open the document: {e}.")));
        }
    }
}

fn open_loaded(state: &AppContext, loaded: persist::Loaded, notice: Option<String>) {
    state.dispatch(Action::Open {
        doc: Box::new(loaded.doc),
        fresh: loaded.rewrite,
        notice,
    });
    for warning in loaded.warnings {
        state.dispatch(Action::Alert(warning));
    }
}

/// Deletes a saved document; when it is the open one, the next document
/// (or a new sample) is opened.
pub fn delete_saved(state: &AppContext, id: &DocumentId) {
    if let Err(e) = persist::delete_document(id) {
        state.dispatch(Action::Alert(format!(
            "Could not delete the document: {e}."
        )));
        return;
    }
    state.dispatch(Action::Forget(id.clone()));
    if !state.with_doc(|d| d.id() == id) {
        return;
    }
    let next = state
        .library
        .documents
        .iter()
        .find(|e| &e.id != id)
        .map(|e| e.id.clone());
    let Some(next) = next else {
        load_sample(state);
        return;
    };
    match persist::load_document(&next) {
        Ok(loaded) => open_loaded(state, loaded, Some("Document deleted.".into())),
        Err(e) => {
            state.dispatch(Action::Forget(next));
            state.dispatch(Action::Alert(format!(
                "Could not open the next document: {e}."
            )));
            load_sample(state);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn export_names_are_slugs() {
        assert_eq!(
            super::file_name("US Secretly Warned Iran, Despite…"),
            "us-secretly-warned-iran-despite.marginalia.json"
        );
        assert_eq!(super::file_name("東京 news"), "東京-news.marginalia.json");
        assert_eq!(super::file_name("!!!"), "document.marginalia.json");
    }
}
