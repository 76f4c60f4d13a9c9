//! The sync's settings and replica in storage. The password is never
//! among them: it lives in memory for one visit.

use super::Persist;
use marginalia_core::store::{keys, StorageError};
use marginalia_sync::Replica;
use serde::{Deserialize, Serialize};

/// What the Sync panel remembers between visits.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSettings {
    /// The database's address.
    pub url: String,
    /// The CouchDB user name.
    pub user: String,
    /// This profile's id for its checkpoint (`_local/marginalia-<client>`).
    pub client: String,
    /// Whether sync was on when the page was left.
    #[serde(default)]
    pub on: bool,
    /// The documents synced, by id (`None`: the whole library).
    #[serde(default)]
    pub only: Option<Vec<String>>,
    /// The next connect joins afresh, without the stored replica as a base
    /// (a document was chosen while not connected).
    #[serde(default)]
    pub rejoin: bool,
}

#[derive(Deserialize)]
struct Stored {
    url: String,
    replica: Replica,
}

/// [`Stored`] as written (borrowing: the replica is large).
#[derive(Serialize)]
struct StoredRef<'a> {
    url: &'a str,
    replica: &'a Replica,
}

impl Persist {
    /// The stored sync settings, made (with a new client id) when there
    /// are none.
    pub fn sync_settings(&self, new_id: impl FnOnce() -> String) -> SyncSettings {
        let stored = self.kv().get(keys::SYNC).ok().flatten();
        match stored.and_then(|raw| serde_json::from_str::<SyncSettings>(&raw).ok()) {
            Some(s) if !s.client.is_empty() => s,
            _ => SyncSettings {
                client: new_id(),
                ..SyncSettings::default()
            },
        }
    }

    /// Stores the sync settings.
    pub fn save_sync_settings(&self, s: &SyncSettings) -> Result<(), StorageError> {
        let raw = serde_json::to_string(s).expect("plain data always serialises");
        self.kv().set(keys::SYNC, &raw)
    }

    /// The stored replica of the database at `url`, if readable (one of
    /// another address is not used).
    pub fn sync_replica(&self, url: &str) -> Option<Replica> {
        let raw = self.kv().get(keys::SYNC_REPLICA).ok().flatten()?;
        let stored: Stored = serde_json::from_str(&raw).ok()?;
        (stored.url == url).then_some(stored.replica)
    }

    /// Removes the stored replica (one that can no longer be kept up to
    /// date); the next connect joins afresh.
    pub fn forget_sync_replica(&self) {
        let _ = self.kv().remove(keys::SYNC_REPLICA);
    }

    /// Stores the replica of the database at `url`.
    /// After the replica gave its room to the library during this visit
    /// ([`Persist::replica_yielded`]), this fails at once with
    /// [`StorageError::Full`] (nothing is written).
    pub fn save_sync_replica(&self, url: &str, replica: &Replica) -> Result<(), StorageError> {
        if self.replica_yielded() {
            return Err(StorageError::Full);
        }
        let raw = serde_json::to_string(&StoredRef { url, replica })
            .expect("plain data always serialises");
        self.kv().set(keys::SYNC_REPLICA, &raw)
    }
}

#[cfg(test)]
mod tests {
    use crate::persist::testing::setup;
    use marginalia_core::store::{keys, StorageError};
    use marginalia_sync::Replica;

    #[test]
    fn settings_and_replica_are_kept_without_a_password() {
        let (p, kv) = setup();
        let mut s = p.sync_settings(|| "c1".into());
        assert_eq!(s.client, "c1");
        s.url = "https://couch.example.org/team".into();
        s.user = "ana".into();
        p.save_sync_settings(&s).unwrap();
        assert_eq!(p.sync_settings(|| "c2".into()), s);
        let raw = kv.value(keys::SYNC).unwrap();
        assert!(!raw.contains("password"), "{raw}");
        let mut r = Replica::new();
        r.set_local("m:d", Some(serde_json::json!({"type": "text"})), "ana");
        p.save_sync_replica(&s.url, &r).unwrap();
        assert_eq!(p.sync_replica(&s.url), Some(r));
        assert_eq!(p.sync_replica("https://other.example.org/team"), None);
        kv.put(keys::SYNC_REPLICA, "{");
        assert_eq!(
            p.sync_replica(&s.url),
            None,
            "an unreadable one is not used"
        );
    }

    #[test]
    fn a_library_document_that_needs_the_room_takes_it_from_the_replica() {
        use crate::persist::testing::doc_with;
        use crate::persist::Dirty;
        let (p, kv) = setup();
        let mut r = Replica::new();
        r.set_local(
            "m:d",
            Some(serde_json::json!({"type": "text", "pad": "x".repeat(4000)})),
            "ana",
        );
        r.confirm("m:d", 1);
        p.save_sync_replica("u", &r).unwrap();
        kv.set_quota(Some(kv.used() + 500));
        let doc = doc_with("big", &"A long paragraph of the article. ".repeat(60));
        let mut dirty = Dirty {
            all: true,
            ..Dirty::default()
        };
        p.save_changes(&doc, &mut dirty).unwrap();
        assert!(p.replica_yielded());
        assert_eq!(kv.value(keys::SYNC_REPLICA), None, "the replica made room");
        assert_eq!(
            p.save_sync_replica("u", &r),
            Err(StorageError::Full),
            "and stays out"
        );
        assert_eq!(p.sync_replica("u"), None);
    }
}
