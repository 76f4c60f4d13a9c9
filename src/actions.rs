//! What the UI's handlers do: the steps that need the browser (reading the
//! selection, files, storage, downloads) before or after dispatching an
//! [`Action`].

use crate::loading::{self, Intent};
use crate::persist::{Loaded, OpenError, Persist};
use crate::sample;
use crate::state::{Action, AppState, PendingImport, Shared};
use crate::web::{self, files, selection};
use crate::words::plural;
use marginalia_core::interop::files::ExportFormat;
use marginalia_core::interop::plan::{plan, Mode};
use marginalia_core::interop::{self, ForeignFile};
use marginalia_core::{AnnotationId, Document, DocumentId, Index, Metadata, Tag, Text};
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// The app's state handle, shared through context.
pub type AppContext = UseReducerHandle<AppState>;

/// Tags the text selected in the article, or retags the selected
/// annotation when no text is selected.
pub fn tag(state: &AppContext, tag: Tag) {
    match selection::article_span() {
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

/// Attaches the unplaced annotation `id` to the text selected in the
/// article.
pub fn attach(state: &AppContext, id: AnnotationId) {
    match selection::article_span() {
        Some((start, end)) => {
            state.dispatch(Action::Attach {
                id,
                start,
                end,
                now: web::now(),
            });
            selection::clear();
        }
        None => state.dispatch(Action::Notice(
            "First select the text it belongs to in the article, then press Attach.".into(),
        )),
    }
}

/// A file name stem made from a title (lower case, dashes, 8 words at most).
fn file_stem(title: &str) -> String {
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
    if slug.is_empty() {
        "document".into()
    } else {
        slug
    }
}

/// Downloads the open document as a Marginalia JSON file.
pub fn export(state: &AppContext) {
    export_as(state, ExportFormat::Marginalia);
}

/// Downloads the open document in `format` (one or two files).
pub fn export_as(state: &AppContext, format: ExportFormat) {
    let (files, left_out) = state.with_doc(|d| {
        (
            interop::files::export(d, format, &file_stem(&d.meta().title)),
            format.unplaced_left_out(d),
        )
    });
    for f in &files {
        if let Err(e) = files::download(&f.name, f.mime, &f.content) {
            state.dispatch(Action::Alert(format!("The export failed: {e}.")));
            return;
        }
    }
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let left_out = match left_out {
        0 => String::new(),
        n => format!(
            " {} not in it (with no place in the text, only Marginalia JSON, and W3C for those with a quote, can hold {}).",
            plural(n, "unplaced annotation is", "unplaced annotations are"),
            if n == 1 { "it" } else { "them" }
        ),
    };
    state.dispatch(Action::Notice(format!(
        "Exported {}.{left_out}",
        names.join(" and ")
    )));
}

/// Reads the files the user picked or dropped: another tool's annotations
/// (several files for brat's `.ann` with its `.txt`) are placed on the open
/// article and summarised for confirmation; otherwise the first file is
/// opened as an article or imported as a Marginalia file.
pub fn open_files(state: &AppContext, list: Vec<files::File>, intent: Intent) {
    if list.is_empty() {
        return;
    }
    let state = state.clone();
    spawn_local(async move {
        let mut loaded = Vec::new();
        for file in list.into_iter().take(MAX_FILES) {
            let name = file.name();
            match files::read(file).await {
                Ok(l) => loaded.push(l),
                Err(e) => {
                    state.dispatch(Action::Alert(format!(
                        "Could not open “{name}”: {e}. Nothing was changed."
                    )));
                    return;
                }
            }
        }
        match loading::foreign(&loaded) {
            Some(Ok((name, file))) => propose_import(&state, name, file),
            Some(Err(message)) => state.dispatch(Action::Alert(message)),
            None => open_first(&state, &loaded[0], intent),
        }
    });
}

/// Files read at once (brat needs two).
const MAX_FILES: usize = 4;

fn open_first(state: &AppContext, loaded: &files::Loaded, intent: Intent) {
    let library = state.library.clone();
    let open = state.session.clone();
    let persist = &state.persist;
    let replaceable = |incoming: &Document| replaceable(&open, &library, persist, incoming);
    let action = match loading::from_file(loaded, &library, persist, intent, &replaceable) {
        Ok(ready) => Action::Open {
            doc: Box::new(ready.doc),
            fresh: true,
            notice: Some(ready.notice),
        },
        Err(message) => Action::Alert(message),
    };
    state.dispatch(action);
}

/// Places another tool's annotations on the open article and shows the
/// summary; nothing changes until the user confirms.
fn propose_import(state: &AppContext, name: String, file: ForeignFile) {
    let (plan, document, merge, existing) = state.with_doc(|d| {
        let plan = plan(d.text(), &file);
        // What "add" would do (duplicates skipped, labels added).
        let merge = plan.effect(d, Mode::Merge);
        (plan, d.id().clone(), merge, d.len() + d.unplaced().len())
    });
    let summary = plan.summary();
    state.dispatch(Action::ProposeImport(Rc::new(PendingImport {
        name,
        file: Rc::new(file),
        plan: Rc::new(plan),
        summary,
        document,
        merge,
        existing,
    })));
}

/// Carries out the pending import on the open document (one undo step).
pub fn confirm_import(state: &AppContext, mode: Mode) {
    let Some(pending) = state.pending_import.clone() else {
        return;
    };
    let now = web::now();
    let (command, effect) = state.with_doc(|d| {
        pending
            .plan
            .command(d, mode, &now, &mut web::new_annotation_id)
    });
    let added = effect.placed + effect.unplaced;
    if added == 0 {
        state.dispatch(Action::CancelImport);
        state.dispatch(Action::Notice(format!(
            "Nothing was added from {}: its annotations are already here or could not be placed.",
            pending.name
        )));
        return;
    }
    let what = match mode {
        Mode::Merge => "Added",
        Mode::Replace => "Replaced this article's annotations with",
    };
    let notice = format!(
        "{what} {} from {}{}{} (Ctrl+Z undoes it).",
        plural(added, "annotation", "annotations"),
        pending.name,
        unplaced_note(effect.unplaced),
        labels_note(&effect.labels),
    );
    state.dispatch(Action::ApplyImport {
        command,
        notice,
        now,
    });
}

/// Opens the pending import's own article text as a new document with its
/// annotations.
pub fn import_as_new_document(state: &AppContext) {
    let Some(pending) = state.pending_import.clone() else {
        return;
    };
    let Some(text) = pending.file.text.clone().filter(|t| !t.trim().is_empty()) else {
        state.dispatch(Action::Alert(format!(
            "{} holds no article text to open.",
            pending.name
        )));
        return;
    };
    let now = web::now();
    // The text is kept exactly as in the file, so its offsets stay exact.
    let (url, source) = match pending.file.source.clone() {
        Some(s) if s.starts_with("http://") || s.starts_with("https://") => (Some(s), None),
        other => (None, other),
    };
    let meta = Metadata {
        title: pending
            .file
            .title
            .clone()
            .unwrap_or_else(|| first_file_stem(&pending.name)),
        source,
        url,
        ..Metadata::default()
    };
    let mut doc = Document::new(web::new_document_id(), meta, Text::new(text), now.clone());
    let plan = plan(doc.text(), &pending.file);
    let (command, effect) = plan.command(&doc, Mode::Merge, &now, &mut web::new_annotation_id);
    if let Err(e) = doc.apply(command) {
        state.dispatch(Action::Alert(format!("The import failed: {e}.")));
        return;
    }
    state.dispatch(Action::Open {
        doc: Box::new(doc),
        fresh: true,
        notice: Some(format!(
            "Opened the article of {} as a new document with {}{}{}.",
            pending.name,
            plural(effect.placed + effect.unplaced, "annotation", "annotations"),
            unplaced_note(effect.unplaced),
            labels_note(&effect.labels),
        )),
    });
}

/// `; 2 of them could not be placed (listed under “Not placed”)`, or nothing.
fn unplaced_note(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => "; 1 could not be placed and is listed under “Not placed”, to attach by hand".into(),
        n => format!(
            "; {n} could not be placed and are listed under “Not placed”, to attach by hand"
        ),
    }
}

/// `; new labels: PER, ORG`, or nothing.
fn labels_note(labels: &[marginalia_core::Label]) -> String {
    if labels.is_empty() {
        return String::new();
    }
    let names: Vec<&str> = labels.iter().map(|l| l.as_str()).collect();
    format!(
        "; new label{}: {}",
        if labels.len() == 1 { "" } else { "s" },
        names.join(", ")
    )
}

/// The stem of the first file in a name list like `“a.ann” and “a.txt”`.
fn first_file_stem(names: &str) -> String {
    let first = names
        .trim_start_matches('“')
        .split('”')
        .next()
        .unwrap_or(names);
    match first.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => first.to_string(),
    }
}

/// True when the library's document with `incoming`'s id holds the same
/// text and no annotations, so an import may take its place.
fn replaceable(open: &Shared, library: &Index, persist: &Persist, incoming: &Document) -> bool {
    if library.get(incoming.id()).is_none_or(|e| e.annotations > 0) {
        return false;
    }
    let same = |d: &Document| d.is_empty() && d.text() == incoming.text();
    let session = open.borrow();
    if session.doc().id() == incoming.id() {
        return same(session.doc());
    }
    persist
        .peek_document(incoming.id())
        .is_some_and(|d| same(&d))
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
    let id = state.persist.free_id(
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
    match state.persist.load_document(id) {
        Ok(loaded) => open_loaded(state, loaded, None),
        Err(e) => {
            if !matches!(e, OpenError::Storage(_)) {
                state.dispatch(Action::Forget(id.clone()));
            }
            state.dispatch(Action::Alert(format!("Could not open the document: {e}.")));
        }
    }
}

fn open_loaded(state: &AppContext, loaded: Loaded, notice: Option<String>) {
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
    if let Err(e) = state.persist.delete_document(id) {
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
    match state.persist.load_document(&next) {
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
            super::file_stem("US Secretly Warned Iran, Despite…"),
            "us-secretly-warned-iran-despite"
        );
        assert_eq!(super::file_stem("東京 news"), "東京-news");
        assert_eq!(super::file_stem("!!!"), "document");
        assert_eq!(super::first_file_stem("“news.ann” and “news.txt”"), "news");
        assert_eq!(super::first_file_stem("“notes”"), "notes");
    }
}
