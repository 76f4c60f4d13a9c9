//! Browser storage: `localStorage` behind the core's [`KeyValue`] trait.
//!
//! The keys are named in [`marginalia_core::store::keys`]; what is stored
//! under them, and how unreadable data is set aside, is `crate::persist`'s
//! business.

use marginalia_core::store::KeyValue;
pub use marginalia_core::store::StorageError;
use wasm_bindgen::JsCast;

/// Result of a storage operation.
pub type Result<T> = std::result::Result<T, StorageError>;

/// The page's `localStorage`.
#[derive(Clone, Copy, Debug, Default)]
pub struct LocalStorage;

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

impl KeyValue for LocalStorage {
    fn get(&self, key: &str) -> Result<Option<String>> {
        storage()?.get_item(key).map_err(classify)
    }

    fn set(&self, key: &str, value: &str) -> Result<()> {
        storage()?.set_item(key, value).map_err(classify)
    }

    fn remove(&self, key: &str) -> Result<()> {
        storage()?.remove_item(key).map_err(classify)
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>> {
        let s = storage()?;
        let n = s.length().map_err(classify)?;
        Ok((0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect())
    }
}
