//! What the UI's handlers do: the steps that need the browser (reading the
//! selection, files, storage, downloads) before or after dispatching an
//! [`Action`].

use crate::engine;
use crate::loading::{self, Intent};
use crate::persist::{Loaded, OpenError, Persist};
use crate::sample;
use crate::state::{Action, AppState, PendingImport, Shared};
use crate::web::{self, files, selection};
use crate::words::plural;
use marginalia_core::export::{ExportFormat, LeftOut};
use marginalia_core::import::{may_be_foreign, ImportPlan, Mode, SNIFF};
use marginalia_core::naming::export_stem;
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

/// Adds the text selected in the article to the selected annotation as
/// another part (the **Add part** button; Shift+A does the same).
pub fn add_part(state: &AppContext) {
    let span = selection::article_span().map(|(start, end)| start..end);
    state.dispatch(Action::AddPart {
        span,
        now: web::now(),
    });
    selection::clear();
}

/// Downloads `codebook` as a codebook file.
pub fn export_codebook(state: &AppContext, codebook: &marginalia_core::Codebook) {
    let stem = state.with_doc(|d| export_stem(&d.meta().title));
    let json = marginalia_core::codebook::file::to_json(codebook);
    match files::download(&format!("{stem}.codebook.json"), "application/json", &json) {
        Ok(()) => state.dispatch(Action::Notice(format!("Exported {stem}.codebook.json."))),
        Err(e) => state.dispatch(Action::Alert(format!("The export failed: {e}."))),
    }
}

/// Reads the first of `picked` as a codebook — a Marginalia codebook file,
/// or brat's `annotation.conf` — and makes it the document's (one undo
/// step); says why not when it cannot be used, changing nothing.
pub fn import_codebook(state: &AppContext, picked: Vec<files::File>) {
    let Some(file) = picked.into_iter().next() else {
        return;
    };
    let state = state.clone();
    spawn_local(async move {
        let loaded = match files::read(file).await {
            Ok(l) => l,
            Err(e) => {
                return state.dispatch(Action::Alert(format!("Could not read the codebook: {e}.")))
            }
        };
        let text = String::from_utf8_lossy(&loaded.bytes);
        match crate::loading::codebook(&loaded.name, &text) {
            Ok((codebook, warnings)) => {
                state.dispatch(Action::SetCodebook(Box::new(codebook), web::now()));
                for w in warnings {
                    state.dispatch(Action::Alert(format!("{}: {w}.", loaded.name)));
                }
            }
            Err(e) => state.dispatch(Action::Alert(format!(
                "{} was not used as the codebook: {e}. Nothing changed.",
                loaded.name
            ))),
        }
    });
}

/// Stores `codebook` as the library's default for new documents.
pub fn save_default_codebook(state: &AppContext, codebook: &marginalia_core::Codebook) {
    match state.persist.save_default_codebook(codebook) {
        Ok(()) => state.dispatch(Action::Notice(
            "Saved as the codebook of every new document.".into(),
        )),
        Err(e) => state.dispatch(Action::Alert(format!(
            "The default codebook was not saved: {e}."
        ))),
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

/// Downloads the open document as a Marginalia JSON file.
pub fn export(state: &AppContext) {
    export_as(state, ExportFormat::Marginalia);
}

/// Downloads the open document in `format` (one or two files): Marginalia
/// JSON is written here, other tools' formats by the format engine.
pub fn export_as(state: &AppContext, format: ExportFormat) {
    if format != ExportFormat::Marginalia {
        engine::export(state, format);
        return;
    }
    let (file, left_out) = state.with_doc(|d| {
        let name = format!("{}.marginalia.json", export_stem(&d.meta().title));
        (
            (name, marginalia_core::format::to_json(d)),
            format.left_out(d),
        )
    });
    if let Err(e) = files::download(&file.0, "application/json", &file.1) {
        state.dispatch(Action::Alert(format!("The export failed: {e}.")));
        return;
    }
    let notice = exported_notice(&[&file.0], left_out);
    state.dispatch(Action::Notice(signed(state, notice)));
}

/// An export's notice, asking politely for a name while the annotator has
/// none and the document has annotations made here.
pub fn signed(state: &AppContext, notice: String) -> String {
    let unnamed = state.me.name.is_empty()
        && state.with_doc(|d| {
            d.annotations()
                .any(|a| a.annotator.as_ref() == Some(&state.me.id))
        });
    if unnamed {
        notice + crate::texts::NAME_YOURSELF
    } else {
        notice
    }
}

/// `Exported a.txt and a.ann.`, and how many unplaced annotations and
/// relations the files leave out.
pub fn exported_notice(names: &[&str], left_out: LeftOut) -> String {
    // ` 2 relations are not in it (why … them …).`, or nothing.
    let missing = |n: usize, (one, many): (&str, &str), (why, after): (&str, &str)| match n {
        0 => String::new(),
        n => format!(
            " {} not in it ({why} {}{after}).",
            plural(n, one, many),
            if n == 1 { "it" } else { "them" }
        ),
    };
    let unplaced = missing(
        left_out.unplaced,
        ("unplaced annotation is", "unplaced annotations are"),
        (
            "with no place in the text, only Marginalia JSON, and W3C for those with a quote, can hold",
            "",
        ),
    );
    let relations = missing(
        left_out.relations,
        ("relation is", "relations are"),
        (
            "this format has no place for",
            ", or for an end that is not placed",
        ),
    );
    let split = match left_out.split {
        0 => String::new(),
        n => format!(
            " {} written as one span per part (the format has no multi-part spans).",
            plural(n, "multi-part annotation is", "multi-part annotations are")
        ),
    };
    let attributes = match left_out.attributes {
        0 => String::new(),
        n => format!(
            " The attribute values of {} are not in it (this format has no place for them).",
            plural(n, "annotation", "annotations")
        ),
    };
    let names = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    };
    format!("Exported {names}.{unplaced}{relations}{split}{attributes}")
}

/// Reads the files the user picked or dropped: those that may be another
/// tool's annotations (several files for brat's `.ann` with its `.txt`) go
/// to the format engine, which places them on the open article for the
/// user to confirm; otherwise the first file is opened as an article or
/// imported as a Marginalia file.
pub fn open_files(state: &AppContext, list: Vec<files::File>, intent: Intent) {
    if list.is_empty() {
        return;
    }
    let list: Vec<files::File> = list.into_iter().take(MAX_FILES).collect();
    for file in &list {
        if let Err(e) = files::check(file) {
            state.dispatch(Action::Alert(format!(
                "Could not open “{}”: {e}. Nothing was changed.",
                file.name()
            )));
            return;
        }
    }
    let state = state.clone();
    spawn_local(async move {
        let mut foreign = false;
        for file in &list {
            match files::head(file, SNIFF).await {
                Ok(head) => foreign |= may_be_foreign(&file.name(), &head),
                Err(e) => {
                    state.dispatch(Action::Alert(format!(
                        "Could not open “{}”: {e}. Nothing was changed.",
                        file.name()
                    )));
                    return;
                }
            }
        }
        if foreign {
            engine::import(&state, list, intent);
        } else {
            open_in_page(&state, list, intent);
        }
    });
}

/// Opens the first of `list` in the page: an article, or a Marginalia file.
pub fn open_in_page(state: &AppContext, list: Vec<files::File>, intent: Intent) {
    let state = state.clone();
    spawn_local(async move {
        let Some(file) = list.into_iter().next() else {
            return;
        };
        let name = file.name();
        match files::read(file).await {
            Ok(loaded) => open_first(&state, &loaded, intent),
            Err(e) => state.dispatch(Action::Alert(format!(
                "Could not open “{name}”: {e}. Nothing was changed."
            ))),
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
    let ready = match loading::from_file(loaded, &library, persist, intent, &replaceable) {
        Ok(loading::Opening::Page { html, note }) => {
            let arrival = crate::pages::Arrival {
                name: loaded.name.clone(),
                codebook: None,
                note,
            };
            let fallback = marginalia_core::naming::stem(&loaded.name).to_string();
            crate::pages::read(state, html, &fallback, arrival);
            return;
        }
        Ok(loading::Opening::Ready(ready)) => Ok(*ready),
        Err(message) => Err(message),
    };
    let action = match ready {
        // Another annotator's file of this very text: their layer, added
        // here after the usual summary.
        Ok(ready)
            if state.with_doc(|open| {
                marginalia_core::import::ours::is_layer_of(&ready.doc, open, &state.me.id)
            }) =>
        {
            let plan = marginalia_core::import::ours::plan_of(&ready.doc);
            let stem = marginalia_core::naming::stem(&loaded.name).to_string();
            let name = marginalia_core::naming::quoted_list([loaded.name.as_str()]);
            propose_import(state, name, stem, plan);
            return;
        }
        Ok(ready) => Action::Open {
            doc: Box::new(state.persist.with_default_codebook(ready.doc)),
            fresh: true,
            notice: Some(ready.notice),
        },
        Err(message) => Action::Alert(message),
    };
    state.dispatch(action);
}

/// The user asks for the approximate placements an import withheld (its
/// file seemed to belong to another text): the summary is shown again with
/// them.
pub fn place_guesses(state: &AppContext) {
    let Some(pending) = state.pending_import.clone() else {
        return;
    };
    let mut plan = ImportPlan::clone(&pending.plan);
    plan.place_guesses();
    propose_import(state, pending.name.clone(), pending.stem.clone(), plan);
}

/// Shows the summary of an import the format engine placed on the open
/// article; nothing changes until the user confirms.
pub fn propose_import(state: &AppContext, name: String, stem: String, mut plan: ImportPlan) {
    state.with_doc(|d| plan.name_known_annotators(d));
    let (document, merge, existing) = state.with_doc(|d| {
        // What "add" would do (duplicates skipped, labels added).
        let merge = plan.effect(d, Mode::Merge);
        (d.id().clone(), merge, d.len() + d.unplaced().len())
    });
    let summary = plan.summary();
    state.dispatch(Action::ProposeImport(Rc::new(PendingImport {
        name,
        stem,
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
    if added == 0 && effect.relations == 0 {
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
        "{what} {}{} from {}{}{}{} (Ctrl+Z undoes it).",
        plural(added, "annotation", "annotations"),
        relations_note(effect.relations),
        pending.name,
        unplaced_note(effect.unplaced),
        labels_note(&effect.labels),
        if effect.codebook {
            "; its annotation.conf became this document's codebook"
        } else {
            ""
        },
    );
    state.dispatch(Action::ApplyImport {
        command,
        notice,
        now,
    });
}

/// Opens the pending import's own article text as a new document with its
/// annotations (the format engine places them on that text first).
pub fn import_as_new_document(state: &AppContext) {
    let Some(pending) = state.pending_import.clone() else {
        return;
    };
    let Some(text) = pending.plan.text.clone().filter(|t| !t.trim().is_empty()) else {
        state.dispatch(Action::Alert(format!(
            "{} holds no article text to open.",
            pending.name
        )));
        return;
    };
    engine::open_as_new(state, &pending.name, &pending.stem, &pending.plan, text);
}

/// Opens `plan`'s own article (the one it was placed on) as a new document
/// with its annotations; `stem` titles it when the file has no title.
pub fn open_placed_as_new(state: &AppContext, name: &str, stem: &str, plan: ImportPlan) {
    let Some(text) = plan.text.clone() else {
        return;
    };
    let now = web::now();
    // The text is kept exactly as in the file, so its offsets stay exact.
    let (url, source) = match plan.source.clone() {
        Some(s) if s.starts_with("http://") || s.starts_with("https://") => (Some(s), None),
        other => (None, other),
    };
    let meta = Metadata {
        title: plan.title.clone().unwrap_or_else(|| stem.to_string()),
        source,
        url,
        ..Metadata::default()
    };
    let doc = Document::new(web::new_document_id(), meta, Text::new(text), now.clone());
    // The file's own codebook (brat's annotation.conf) before the library's.
    let mut doc = match plan.codebook {
        Some(_) => doc,
        None => state.persist.with_default_codebook(doc),
    };
    let (command, effect) = plan.command(&doc, Mode::Merge, &now, &mut web::new_annotation_id);
    if let Err(e) = doc.apply(command) {
        state.dispatch(Action::Alert(format!("The import failed: {e}.")));
        return;
    }
    state.dispatch(Action::Open {
        doc: Box::new(doc),
        fresh: true,
        notice: Some(format!(
            "Opened the article of {} as a new document with {}{}{}{}.",
            name,
            plural(effect.placed + effect.unplaced, "annotation", "annotations"),
            relations_note(effect.relations),
            unplaced_note(effect.unplaced),
            labels_note(&effect.labels),
        )),
    });
}

/// ` and 3 relations`, or nothing.
fn relations_note(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" and {}", plural(n, "relation", "relations")),
    }
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

/// Makes a new document of pasted text, with the codebook named
/// `codebook` (a template, or the library's default for any other name).
/// Returns false (and says why) when the text cannot be used, so the panel
/// can stay open.
pub fn load_pasted(state: &AppContext, text: &str, codebook: &str) -> bool {
    match loading::article("pasted.txt", text, "Pasted article") {
        Ok(loading::Made::Page) => {
            let arrival = crate::pages::Arrival {
                name: "the pasted page".into(),
                codebook: Some(codebook.into()),
                note: None,
            };
            crate::pages::read(state, text.into(), "Pasted article", arrival);
            true
        }
        Ok(loading::Made::Document(doc)) => {
            let notice = format!("Started a new document, “{}”.", doc.meta().title);
            state.dispatch(Action::Open {
                doc: Box::new(state.persist.with_codebook(*doc, codebook)),
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
        doc: Box::new(
            state
                .persist
                .with_default_codebook(sample::document(id, web::now())),
        ),
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
    use super::{exported_notice, LeftOut};

    #[test]
    fn the_export_notice_names_the_files_and_what_they_leave_out() {
        assert_eq!(
            exported_notice(&["a.json"], LeftOut::default()),
            "Exported a.json."
        );
        let left = LeftOut {
            unplaced: 1,
            relations: 2,
            split: 0,
            attributes: 0,
        };
        assert_eq!(
            exported_notice(&["a.txt", "a.ann", "annotation.conf"], left),
            "Exported a.txt, a.ann and annotation.conf. 1 unplaced annotation is not in it (with no place in the text, only Marginalia JSON, and W3C for those with a quote, can hold it). 2 relations are not in it (this format has no place for them, or for an end that is not placed)."
        );
        let split = LeftOut {
            split: 2,
            ..LeftOut::default()
        };
        assert_eq!(
            exported_notice(&["a.jsonl"], split),
            "Exported a.jsonl. 2 multi-part annotations are written as one span per part (the format has no multi-part spans)."
        );
    }
}
