//! Documents and storage as the browser tests set them up and read them
//! back.

use super::{all, storage, wait_for};
use marginalia::persist::Persist;
use marginalia_core::format::to_json;
use marginalia_core::store::keys::{doc as doc_key, INDEX as INDEX_KEY};
use marginalia_core::{Document, DocumentId, Index, Metadata, Text, Timestamp};

/// The timestamp the fixtures use.
pub fn ts() -> Timestamp {
    Timestamp::new("2026-11-24T12:00:00.000Z").unwrap()
}

/// A document as saved in localStorage (read the way the app reads it).
pub fn stored(id: &str) -> Option<Document> {
    Persist::in_browser().peek_document(&DocumentId::new(id).unwrap())
}

/// Every Marginalia key in storage with its value.
pub fn snapshot() -> std::collections::BTreeMap<String, String> {
    (0..storage().length().unwrap())
        .filter_map(|i| storage().key(i).unwrap())
        .filter(|k| k.starts_with("marginalia:"))
        .map(|k| (k.clone(), storage().get_item(&k).unwrap().unwrap()))
        .collect()
}

/// The id of the open document, once the index has been saved.
pub async fn current_id() -> String {
    let read = || {
        let raw = storage().get_item(INDEX_KEY).unwrap()?;
        Some(Index::parse(&raw).ok()?.current?.to_string())
    };
    wait_for("the library index to be saved", || read().is_some()).await;
    read().unwrap()
}

/// Code-point span of the first occurrence of `phrase` in `text`.
pub fn span_of(text: &Text, phrase: &str) -> (usize, usize) {
    let byte = text.as_str().find(phrase).unwrap();
    let start = text.cp_of_byte(byte);
    (start, start + phrase.chars().count())
}

/// Puts a document in storage as the open one, as an earlier visit would have.
pub fn preload(doc: &Document) {
    let mut index = Index::new();
    index.upsert(marginalia_core::Entry::of(doc));
    index.current = Some(doc.id().clone());
    storage()
        .set_item(&doc_key(doc.id()), &to_json(doc))
        .unwrap();
    storage().set_item(INDEX_KEY, &index.to_json()).unwrap();
}

/// A document "intl" with `text` and no annotations.
pub fn doc_with(text: &str) -> Document {
    Document::new(
        DocumentId::new("intl").unwrap(),
        Metadata {
            title: "Intl".into(),
            ..Metadata::default()
        },
        Text::new(text),
        ts(),
    )
}

/// The first paragraph's first child node.
pub fn first_text(article: &web_sys::Element) -> web_sys::Node {
    article
        .query_selector("[data-testid=\"paragraph\"]")
        .unwrap()
        .unwrap()
        .first_child()
        .unwrap()
}

/// The text of each paragraph of the article, in order.
pub fn article_paragraph_texts(root: &web_sys::Element) -> Vec<String> {
    all(root, "[data-testid=\"paragraph\"]")
        .iter()
        .map(|p| p.text_content().unwrap())
        .collect()
}
