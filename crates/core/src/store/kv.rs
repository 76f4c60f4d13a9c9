//! The seam between Marginalia and a key–value store: the browser's
//! `localStorage` in the app, [`super::MemoryStore`] in native tests.

use thiserror::Error;

/// Why storage could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    /// The browser refuses storage (private mode, disabled cookies…).
    #[error("this browser does not allow Marginalia to save (local storage is unavailable)")]
    Unavailable,
    /// The quota is used up.
    #[error("the browser's storage for this page is full, so the latest changes are not saved; export your document to keep them, then delete documents you no longer need")]
    Full,
    /// Any other failure, with the store's message.
    #[error("saving failed: {0}")]
    Other(String),
}

/// A store of string values under string keys.
///
/// Methods take `&self`: the stores are shared handles (the browser's
/// storage is one per page).
pub trait KeyValue {
    /// The value under `key`, `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;

    /// Writes `value` under `key`; on failure the previous value is left
    /// as it was.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;

    /// Removes `key` (nothing happens when it is absent).
    fn remove(&self, key: &str) -> Result<(), StorageError>;

    /// Every key that starts with `prefix`.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}
