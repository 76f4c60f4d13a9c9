//! This browser profile's annotator — who the annotations made here say
//! made them: an id made once (never shown) and the name the user gives
//! (**Annotator name**), kept under `marginalia:annotator`.

use super::Persist;
use marginalia_core::store::{keys, StorageError};
use marginalia_core::{Annotator, AnnotatorId};

impl Persist {
    /// The stored annotator, if there is a readable one.
    pub fn annotator(&self) -> Option<Annotator> {
        let raw = self.kv().get(keys::ANNOTATOR).ok().flatten()?;
        Annotator::from_json(&raw)
    }

    /// Stores `who` as this profile's annotator.
    pub fn save_annotator(&self, who: &Annotator) -> Result<(), StorageError> {
        self.kv().set(keys::ANNOTATOR, &who.to_json())
    }

    /// The stored annotator, or a new one (id `a-` + `new_id()`, no name
    /// yet) stored now. When storage refuses, the new one still serves
    /// this visit.
    pub fn ensure_annotator(&self, new_id: impl FnOnce() -> String) -> Annotator {
        if let Some(who) = self.annotator() {
            return who;
        }
        let id = AnnotatorId::new(format!("a-{}", new_id()))
            .unwrap_or_else(|_| AnnotatorId::new("a-local").expect("a valid id"));
        let who = Annotator::new(id, "");
        let _ = self.save_annotator(&who);
        who
    }
}

#[cfg(test)]
mod tests {
    use crate::persist::testing::setup;
    use marginalia_core::store::keys;

    #[test]
    fn an_annotator_is_made_once_and_kept() {
        let (p, kv) = setup();
        let first = p.ensure_annotator(|| "1234".into());
        assert_eq!(first.id.as_str(), "a-1234");
        assert_eq!(p.ensure_annotator(|| "other".into()), first);
        let mut named = first.clone();
        named.name = "Ana Ruiz".into();
        p.save_annotator(&named).unwrap();
        assert_eq!(p.annotator(), Some(named));
        kv.put(keys::ANNOTATOR, "{");
        assert_eq!(
            p.ensure_annotator(|| "5678".into()).id.as_str(),
            "a-5678",
            "an unreadable one is replaced"
        );
    }
}
