//! Browser storage (`localStorage`): one key per document plus an index.
//!
//! Keys: `marginalia:index` holds the library index; `marginalia:doc:<id>`
//! holds each document in the Marginalia JSON format. Data that cannot be
//! read is never overwritten: it is copied to `marginalia:damaged:…` first.

use marginalia_core::DocumentId;
use thiserror::Error;
use wasm_bindgen::JsCast;

/// The key of the library index.
pub const INDEX_KEY: &str = "marginalia:index";
/// Prefix of every document key.
pub const DOC_PREFIX: &str = "marginalia:doc:";
/// Prefix of the keys where unreadable data is set aside.
pub const DAMAGED_PREFIX: &str = "marginalia:damaged:";

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    /// The browser refuses storage (private mode, disabled cookies…).
    #[error("this browser does not allow Marginalia to save (local storage is unavailable)")]
    Unavailable,
    /// The quota is used up.
    #[error("the browser's storage for this page is full, so the latest changes are not saved; export your document to keep them, then delete documents you no longer need")]
    Full,
    /// Any other failure, with the browser's message.
    #[error("saving failed: {0}")]
    Other(String),
}

/// Result of a storage operation.
pub type Result<T> = std::result::Result<T, StorageError>;

fn storage() -> Result<web_sys::Storage> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

fn classify(err: wasm_bindgen::JsValue) -> StorageError {
    match err.dyn_into::<web_sys::DomException>() {
        Ok(e) if e.name() == "QuotaExceededError" || e.code() == 22 => StorageError::Full,
        Ok(e) => StorageError::Other(e.message()),
        Err(v) => StorageError::Other(v.as_string().unwrap_or_else(|| "unknown error".into())),
    }
}

/// The storage key of a document.
pub fn doc_key(id: &DocumentId) -> String {
    format!("{DOC_PREFIX}{id}")
}

/// Reads a key.
pub fn get(key: &str) -> Result<Option<String>> {
    storage()?.get_item(key).map_err(classify)
}

/// Writes a key; on failure the previous value is left as it was.
pub fn set(key: &str, value: &str) -> Result<()> {
    storage()?.set_item(key, value).map_err(classify)
}

/// Removes a key.
pub fn remove(key: &str) -> Result<()> {
    storage()?.remove_item(key).map_err(classify)
}

/// Every key in storage that starts with `prefix`.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Ok(s) = storage() else { return Vec::new() };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// Moves unreadable data out of the way: copies `raw` to a new
/// `marginalia:damaged:<key>:<time>` key, then removes `key`. Returns the new
/// key. If the copy cannot be written, `key` is left untouched.
pub fn set_aside(key: &str, raw: &str, stamp: &str) -> Result<String> {
    let aside = format!("{DAMAGED_PREFIX}{key}:{stamp}");
    set(&aside, raw)?;
    remove(key)?;
    Ok(aside)
}
