//! Saving to localStorage: chunked saves, migration of older data, and
//! damaged, newer or full storage handled without losing work.

use crate::common::*;
use marginalia::persist::Persist;
use marginalia_core::store::keys::{doc as doc_key, DAMAGED_PREFIX, INDEX as INDEX_KEY};
use marginalia_core::{Annotation, AnnotationId, Command, Document, Index, Tag};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

#[wasm_bindgen_test]
async fn damaged_storage_is_set_aside_and_reported() {
    clear_storage().await;
    storage()
        .set_item(INDEX_KEY, "{\"version\":1,\"documents\":[")
        .unwrap();
    storage()
        .set_item(
            "marginalia:doc:broken",
            "{\"format\":\"marginalia\",\"version\":1,\"document\":{}}",
        )
        .unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(alert.contains("library index is damaged"), "{alert}");
    assert!(
        alert.contains("saved document could not be read"),
        "{alert}"
    );
    let aside: Vec<String> = (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with(DAMAGED_PREFIX))
        .collect();
    assert_eq!(aside.len(), 2, "{aside:?}");
    let values: Vec<String> = aside
        .iter()
        .map(|k| storage().get_item(k).unwrap().unwrap())
        .collect();
    assert!(values.contains(&"{\"version\":1,\"documents\":[".to_string()));
    assert!(values.iter().any(|v| v.contains("\"document\":{}")));
    assert!(storage()
        .get_item("marginalia:doc:broken")
        .unwrap()
        .is_none());
    // The app still works, with the sample article.
    assert_eq!(all(&app.root, "[data-testid=\"paragraph\"]").len(), 7);
    wait_for("a fresh index", || {
        storage()
            .get_item(INDEX_KEY)
            .unwrap()
            .is_some_and(|i| Index::parse(&i).is_ok())
    })
    .await;
}

/// A document of `paragraphs` paragraphs with one annotation at the start of
/// every tenth paragraph.
fn long_doc(paragraphs: usize) -> Document {
    let text: Vec<String> = (0..paragraphs)
        .map(|i| format!("Paragraph {i} says 東京 🍵 things."))
        .collect();
    let mut doc = doc_with(&text.join("\n"));
    let starts: Vec<usize> = doc.text().paragraphs().iter().map(|r| r.start).collect();
    for i in (0..paragraphs).step_by(10) {
        doc.apply(Command::Add(Annotation {
            id: AnnotationId::new(format!("p{i}")).unwrap(),
            tag: Tag::Claim,
            start: starts[i],
            end: starts[i] + 9,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
    }
    doc
}

/// Stores `doc` the way this version does, as the open document.
fn store_v2(doc: &Document) {
    let mut dirty = marginalia::persist::Dirty {
        all: true,
        ..Default::default()
    };
    Persist::in_browser().save_changes(doc, &mut dirty).unwrap();
    let mut index = Index::new();
    index.upsert(marginalia_core::Entry::of(doc));
    index.current = Some(doc.id().clone());
    storage().set_item(INDEX_KEY, &index.to_json()).unwrap();
}

#[wasm_bindgen_test]
async fn documents_saved_by_earlier_versions_are_migrated() {
    clear_storage().await;
    let doc = long_doc(40);
    preload(&doc); // the whole document in the export format, as version 0.1 stored it
    let _app = mount().await;
    wait_for("the document to be rewritten in the current layout", || {
        storage()
            .get_item(&doc_key(doc.id()))
            .unwrap()
            .is_some_and(|raw| marginalia_core::store::is_record(&raw))
    })
    .await;
    assert_eq!(stored("intl"), Some(doc.clone()));
    assert!(
        storage()
            .get_item("marginalia:ann:intl:1")
            .unwrap()
            .is_some(),
        "two chunks for 40 paragraphs"
    );
}

#[wasm_bindgen_test]
async fn a_change_saves_only_the_chunk_it_touched() {
    clear_storage().await;
    let doc = long_doc(100); // four chunks of 32 paragraphs
    store_v2(&doc);
    let app = mount().await;
    let before = snapshot();
    select_phrase(&app.root, "Paragraph 71 says");
    press("2", false, false);
    settle().await;
    wait_for("the change to be saved", || {
        stored("intl").is_some_and(|d| d.len() == doc.len() + 1)
    })
    .await;
    let after = snapshot();
    let changed: Vec<&String> = after
        .keys()
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert_eq!(
        changed,
        vec![
            "marginalia:ann:intl:2",
            "marginalia:head:intl",
            "marginalia:index"
        ],
        "the text and the other chunks are not rewritten"
    );
}

#[wasm_bindgen_test]
async fn a_damaged_chunk_loses_only_its_annotations() {
    clear_storage().await;
    let doc = long_doc(100);
    store_v2(&doc);
    storage()
        .set_item("marginalia:ann:intl:1", "[[\"p40\", \"claim\", 1")
        .unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(
        alert.contains("Some annotations of “Intl” could not be read"),
        "{alert}"
    );
    assert_eq!(
        one(&app.root, "#annotations-heading")
            .text_content()
            .unwrap(),
        format!("Annotations ({})", doc.len() - 3)
    );
    assert!(
        storage()
            .get_item("marginalia:ann:intl:1")
            .unwrap()
            .is_none()
            || stored("intl").is_some()
    );
    let aside: Vec<String> = snapshot()
        .into_keys()
        .filter(|k| k.starts_with("marginalia:damaged:marginalia:ann:intl:1:"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged chunk was set aside");
    wait_for(
        "the document to be rewritten without the damaged chunk",
        || stored("intl").is_some_and(|d| d.len() == doc.len() - 3),
    )
    .await;
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_kept_untouched() {
    clear_storage().await;
    let newer_doc = r#"{"format":"marginalia","version":99,"document":{"text":"from the future"},"annotations":[]}"#;
    let newer_index = r#"{"version":2,"current":"future","documents":[{"id":"future"}]}"#;
    storage()
        .set_item("marginalia:doc:future", newer_doc)
        .unwrap();
    storage().set_item(INDEX_KEY, newer_index).unwrap();
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(
        alert.contains("saved by a newer version of Marginalia"),
        "{alert}"
    );
    assert!(
        alert.contains("cannot be opened by this version"),
        "{alert}"
    );
    // Work on the sample, and let it save.
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let sample_key = format!("marginalia:doc:{}", marginalia::sample::ID);
    wait_for("the sample to be saved", || {
        storage().get_item(&sample_key).unwrap().is_some()
    })
    .await;
    assert_eq!(
        storage()
            .get_item("marginalia:doc:future")
            .unwrap()
            .as_deref(),
        Some(newer_doc)
    );
    assert_eq!(
        storage().get_item(INDEX_KEY).unwrap().as_deref(),
        Some(newer_index),
        "index left as the newer version wrote it"
    );
    assert!(all(&app.root, "[data-testid=\"document-item\"]")
        .iter()
        .all(|d| !d.text_content().unwrap().contains("future")));
}

#[wasm_bindgen_test]
async fn damaged_data_that_cannot_be_set_aside_is_never_overwritten() {
    clear_storage().await;
    // The damaged document has the sample's id, is large, and storage is full:
    // it cannot be copied aside, so it must stay, and its id must not be reused.
    let key = format!("marginalia:doc:{}", marginalia::sample::ID);
    let damaged = format!(
        "{{\"format\":\"marginalia\",\"version\":1,\"document\":{{\"text\":\"{}",
        "z".repeat(600_000)
    );
    storage().set_item(&key, &damaged).unwrap();
    fill_storage();
    for i in 0..3 {
        // Room for a small index and document, not for a copy of the damaged one.
        storage().remove_item(&format!("filler-16384-{i}")).unwrap();
    }
    let app = mount().await;
    let alert = one(&app.root, "[role=\"alert\"]").text_content().unwrap();
    assert!(alert.contains("left untouched"), "{alert}");
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let doc_id = current_id().await;
    assert_ne!(
        doc_id,
        marginalia::sample::ID,
        "the damaged document's id is not reused"
    );
    wait_for("the new sample to be saved", || {
        stored(&doc_id).is_some_and(|d| d.len() == 1)
    })
    .await;
    assert_eq!(storage().get_item(&key).unwrap(), Some(damaged));
    clear_storage().await;
}

#[wasm_bindgen_test]
async fn deleting_the_open_document_right_after_an_edit_does_not_resave_it() {
    clear_storage().await;
    let app = mount().await;
    let first = current_id().await;
    click_button(&app.root, "New document");
    settle().await;
    let area = one(&app.root, "textarea[aria-label=\"Article text\"]")
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .unwrap();
    area.set_value("Second article\n\nIts body text.");
    click_button(&app.root, "Load");
    settle().await;
    wait_for("the second document to be current", || {
        storage()
            .get_item(INDEX_KEY)
            .unwrap()
            .is_some_and(|i| Index::parse(&i).unwrap().current.unwrap().as_str() != first)
    })
    .await;
    let second = current_id().await;
    wait_for("the second document to be saved", || {
        stored(&second).is_some()
    })
    .await;
    // Edit, then delete it at once, before the autosave delay has passed.
    select_phrase(&app.root, "body text");
    press("1", false, false);
    settle().await;
    let delete = all(&app.root, "button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some("Delete document Second article")
        })
        .unwrap();
    delete.dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    click_button(&app.root, "Delete for good");
    settle().await;
    assert!(
        stored(&second).is_none(),
        "the deleted document was written back"
    );
    assert!(
        snapshot().keys().all(|k| !k.contains(&second)),
        "every key of the deleted document is gone"
    );
    wait_for("the first document to be open again", || {
        one(&app.root, ".article-title")
            .text_content()
            .unwrap()
            .starts_with("US Secretly")
    })
    .await;
    assert!(stored(&second).is_none());
}

#[wasm_bindgen_test]
async fn full_storage_is_reported_and_saved_work_is_kept() {
    clear_storage().await;
    let app = mount().await;
    select_phrase(&app.root, "CNN");
    press("2", false, false);
    settle().await;
    let doc_id = current_id().await;
    wait_for("the first annotation to be saved", || {
        stored(&doc_id).is_some_and(|d| d.len() == 1)
    })
    .await;
    let before = snapshot();
    fill_storage();
    select_phrase(&app.root, "Kerman");
    press("1", false, false);
    settle().await;
    wait_for("the storage-full alert", || {
        all(&app.root, "[role=\"alert\"]").iter().any(|a| {
            a.text_content()
                .unwrap_or_default()
                .contains("storage for this page is full")
        })
    })
    .await;
    assert_eq!(snapshot(), before, "what was saved is intact");
    assert_eq!(
        all(&app.root, "mark").len(),
        2,
        "the new annotation stays on screen"
    );
    clear_storage().await;
}
