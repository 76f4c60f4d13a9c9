//! A [`KeyValue`] store in memory, for native tests: it can also be made
//! full (a quota, counted like the browsers' in UTF-16 code units of keys
//! and values), unavailable, or given damaged values.

use super::kv::{KeyValue, StorageError};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// Values in memory, with an optional quota.
#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<String, String>>,
    /// Most code units the store holds; `None` for no limit.
    quota: Cell<Option<usize>>,
    /// Every call fails with [`StorageError::Unavailable`].
    unavailable: Cell<bool>,
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

impl MemoryStore {
    /// An empty store without a quota.
    pub fn new() -> Self {
        Self::default()
    }

    /// The code units in use (keys and values).
    pub fn used(&self) -> usize {
        self.entries
            .borrow()
            .iter()
            .map(|(k, v)| units(k) + units(v))
            .sum()
    }

    /// Limits the store to `quota` code units (`None`: no limit). What is
    /// stored already stays; writes that would go over fail with
    /// [`StorageError::Full`].
    pub fn set_quota(&self, quota: Option<usize>) {
        self.quota.set(quota);
    }

    /// Fills the store: from now on no write may make it hold more, and
    /// at most `room` more code units.
    pub fn fill(&self, room: usize) {
        self.set_quota(Some(self.used() + room));
    }

    /// Makes every call fail as when the browser refuses storage.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.set(unavailable);
    }

    /// Puts `value` under `key` whatever the quota: data as an earlier
    /// visit, another version or a damaged disk left it.
    pub fn put(&self, key: &str, value: &str) {
        self.entries.borrow_mut().insert(key.into(), value.into());
    }

    /// Damages the value under `key`: cuts it in the middle, as an
    /// interrupted write would. Returns false when there is no such key.
    pub fn damage(&self, key: &str) -> bool {
        let mut entries = self.entries.borrow_mut();
        let Some(value) = entries.get_mut(key) else {
            return false;
        };
        let half: String = value.chars().take(value.chars().count() / 2).collect();
        *value = half;
        true
    }

    /// The value under `key`, read directly.
    pub fn value(&self, key: &str) -> Option<String> {
        self.entries.borrow().get(key).cloned()
    }

    /// Every key and value, in key order.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.entries.borrow().clone()
    }

    fn check(&self) -> Result<(), StorageError> {
        if self.unavailable.get() {
            Err(StorageError::Unavailable)
        } else {
            Ok(())
        }
    }
}

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.check()?;
        Ok(self.value(key))
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.check()?;
        if let Some(quota) = self.quota.get() {
            let old = self
                .entries
                .borrow()
                .get(key)
                .map_or(0, |v| units(key) + units(v));
            if self.used() - old + units(key) + units(value) > quota {
                return Err(StorageError::Full);
            }
        }
        self.put(key, value);
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.check()?;
        self.entries.borrow_mut().remove(key);
        Ok(())
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        self.check()?;
        Ok(self
            .entries
            .borrow()
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_kept_listed_and_removed() {
        let s = MemoryStore::new();
        s.set("a:1", "one").unwrap();
        s.set("a:2", "two").unwrap();
        s.set("b", "three").unwrap();
        assert_eq!(s.get("a:1").unwrap().as_deref(), Some("one"));
        assert_eq!(s.get("c").unwrap(), None);
        assert_eq!(s.keys("a:").unwrap(), ["a:1", "a:2"]);
        s.remove("a:1").unwrap();
        s.remove("absent").unwrap();
        assert_eq!(s.keys("").unwrap(), ["a:2", "b"]);
    }

    #[test]
    fn a_full_store_refuses_growth_and_keeps_the_old_value() {
        let s = MemoryStore::new();
        s.set("k", "東京🍵").unwrap();
        assert_eq!(s.used(), 1 + 4, "code units: the emoji counts two");
        s.fill(2);
        assert_eq!(s.set("k", "東京🍵ab!"), Err(StorageError::Full));
        assert_eq!(s.value("k").as_deref(), Some("東京🍵"));
        s.set("k", "東京🍵ab").unwrap();
        assert_eq!(s.set("x", "1"), Err(StorageError::Full));
        s.set("k", "").unwrap();
        s.remove("k").unwrap();
        assert_eq!(s.used(), 0);
        s.set_quota(None);
        s.set("x", &"y".repeat(1000)).unwrap();
    }

    #[test]
    fn damaged_and_unavailable_stores() {
        let s = MemoryStore::new();
        s.fill(0);
        s.put("k", r#"{"version":1}"#);
        assert!(s.damage("k"));
        assert_eq!(s.value("k").as_deref(), Some(r#"{"vers"#));
        assert!(!s.damage("absent"));
        s.set_unavailable(true);
        assert_eq!(s.get("k"), Err(StorageError::Unavailable));
        assert_eq!(s.set("k", ""), Err(StorageError::Unavailable));
        assert_eq!(s.keys(""), Err(StorageError::Unavailable));
        assert_eq!(s.remove("k"), Err(StorageError::Unavailable));
    }
}
