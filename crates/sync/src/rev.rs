//! CouchDB revisions: `N-hash` ids, a revision's history (`_revisions`)
//! and the rule by which every replica picks the same winner.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::fmt;

/// A revision id, `3-a1b2…`: its generation (1 for a document's first
/// revision) and a hash.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rev {
    /// How many revisions lead to it, itself included.
    pub generation: u64,
    /// Its hash (any string CouchDB accepts; ours are 32 hex digits).
    pub hash: String,
}

impl Rev {
    /// Reads `N-hash`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Rev> {
        let (n, hash) = s.split_once('-')?;
        let generation: u64 = n.parse().ok().filter(|g| *g > 0)?;
        (!hash.is_empty() && hash.chars().all(|c| c.is_ascii_alphanumeric())).then(|| Rev {
            generation,
            hash: hash.to_string(),
        })
    }

    /// The next revision after `parent` for a body (and deletion flag):
    /// the same edit made on the same parent gets the same id in every
    /// browser, as in CouchDB.
    pub fn next(parent: Option<&Rev>, body: &serde_json::Value, deleted: bool) -> Rev {
        let mut h = Sha256::new();
        if let Some(p) = parent {
            h.update(p.to_string().as_bytes());
        }
        h.update([u8::from(deleted)]);
        h.update(body.to_string().as_bytes());
        let digest = h.finalize();
        let hash = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Rev {
            generation: parent.map_or(1, |p| p.generation + 1),
            hash,
        }
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.generation, self.hash)
    }
}

/// A revision and its ancestors, newest first, as CouchDB's `_revisions`
/// field: `{start: 3, ids: ["c…", "b…", "a…"]}` is `3-c…`, `2-b…`, `1-a…`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    /// The generation of the newest.
    pub start: u64,
    /// Hashes, newest first.
    pub ids: Vec<String>,
}

/// How many ancestors a history keeps (CouchDB's default `_revs_limit`
/// is 1000; a shorter history only loses the ability to tell very old
/// branches apart).
pub const KEPT: usize = 100;

impl History {
    /// The history of a first revision.
    pub fn root(rev: &Rev) -> History {
        History {
            start: rev.generation,
            ids: vec![rev.hash.clone()],
        }
    }

    /// The newest revision.
    pub fn head(&self) -> Rev {
        Rev {
            generation: self.start,
            hash: self.ids[0].clone(),
        }
    }

    /// This history with `rev` (its child) on top, cut to [`KEPT`].
    pub fn child(&self, rev: &Rev) -> History {
        let mut ids = Vec::with_capacity(self.ids.len() + 1);
        ids.push(rev.hash.clone());
        ids.extend(self.ids.iter().take(KEPT - 1).cloned());
        History {
            start: rev.generation,
            ids,
        }
    }

    /// Every revision it names, newest first.
    pub fn revs(&self) -> impl Iterator<Item = Rev> + '_ {
        self.ids.iter().enumerate().map(|(i, h)| Rev {
            generation: self.start - i as u64,
            hash: h.clone(),
        })
    }

    /// Whether it names `rev`.
    pub fn contains(&self, rev: &Rev) -> bool {
        rev.generation <= self.start
            && ((self.start - rev.generation) as usize) < self.ids.len()
            && self.ids[(self.start - rev.generation) as usize] == rev.hash
    }

    /// Whether it is well formed: a generation for every id, none empty.
    pub fn is_sound(&self) -> bool {
        !self.ids.is_empty()
            && self.start >= self.ids.len() as u64
            && self
                .ids
                .iter()
                .all(|h| Rev::parse(&format!("1-{h}")).is_some())
    }
}

/// CouchDB's winner among a document's leaves: a live one over a deleted
/// one, then the higher generation, then the greater hash (compared as
/// text). Every replica that holds the same leaves picks the same.
pub fn winner_order(a: (&Rev, bool), b: (&Rev, bool)) -> Ordering {
    let (ra, deleted_a) = a;
    let (rb, deleted_b) = b;
    deleted_b
        .cmp(&deleted_a)
        .then(ra.generation.cmp(&rb.generation))
        .then(ra.hash.cmp(&rb.hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let r = Rev::parse("12-abc9").unwrap();
        assert_eq!((r.generation, r.hash.as_str()), (12, "abc9"));
        assert_eq!(r.to_string(), "12-abc9");
        for bad in ["", "0-a", "x-a", "3-", "3", "-3-a", "2-a b"] {
            assert_eq!(Rev::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn next_is_deterministic_and_counts_generations() {
        let body = serde_json::json!({"a": 1});
        let one = Rev::next(None, &body, false);
        assert_eq!(one, Rev::next(None, &body, false));
        assert_eq!(one.generation, 1);
        assert_eq!(one.hash.len(), 32);
        let two = Rev::next(Some(&one), &body, false);
        assert_eq!(two.generation, 2);
        assert_ne!(two.hash, one.hash);
        assert_ne!(Rev::next(Some(&one), &body, true), two);
    }

    #[test]
    fn history_names_its_ancestors() {
        let a = Rev::parse("1-aa").unwrap();
        let b = Rev::parse("2-bb").unwrap();
        let h = History::root(&a).child(&b);
        assert_eq!(h.head(), b);
        assert!(h.contains(&a) && h.contains(&b));
        assert!(!h.contains(&Rev::parse("2-aa").unwrap()));
        assert!(!h.contains(&Rev::parse("3-bb").unwrap()));
        assert_eq!(h.revs().collect::<Vec<_>>(), vec![b, a]);
        assert!(h.is_sound());
        assert!(!History {
            start: 1,
            ids: vec!["a".into(), "b".into()]
        }
        .is_sound());
    }

    #[test]
    fn long_histories_are_cut() {
        let mut h = History::root(&Rev::parse("1-a").unwrap());
        for g in 2..=300 {
            h = h.child(&Rev {
                generation: g,
                hash: format!("h{g}"),
            });
        }
        assert_eq!(h.ids.len(), KEPT);
        assert_eq!(h.start, 300);
        assert!(h.is_sound());
    }

    #[test]
    fn winner_prefers_live_then_generation_then_hash() {
        let r = |s| Rev::parse(s).unwrap();
        use Ordering::*;
        assert_eq!(winner_order((&r("1-a"), false), (&r("5-z"), true)), Greater);
        assert_eq!(
            winner_order((&r("3-a"), false), (&r("2-z"), false)),
            Greater
        );
        assert_eq!(winner_order((&r("3-a"), false), (&r("3-b"), false)), Less);
    }
}
