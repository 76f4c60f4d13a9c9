//! The library's default codebook, given to new documents ("Save as
//! default for new documents" in the Codebook panel).

use super::Persist;
use marginalia_core::codebook::file;
use marginalia_core::store::{keys, StorageError};
use marginalia_core::{Codebook, Document};

impl Persist {
    /// Stores `codebook` as the library's default.
    pub fn save_default_codebook(&self, codebook: &Codebook) -> Result<(), StorageError> {
        self.kv()
            .set(keys::DEFAULT_CODEBOOK, &file::to_json(codebook))
    }

    /// The library's default codebook, if one is stored and readable.
    pub fn default_codebook(&self) -> Option<Codebook> {
        let raw = self.kv().get(keys::DEFAULT_CODEBOOK).ok().flatten()?;
        file::from_json(&raw).ok()
    }

    /// `doc` (a new article) with the codebook named `choice`: a built-in
    /// template, or else the library's default (see
    /// [`Persist::with_default_codebook`]).
    pub fn with_codebook(&self, doc: Document, choice: &str) -> Document {
        match Codebook::template(choice) {
            Some(c) => with(doc, c),
            None => self.with_default_codebook(doc),
        }
    }

    /// `doc` with the library's default codebook, when it is a new article
    /// (no annotations, the built-in codebook) and a default is stored.
    pub fn with_default_codebook(&self, doc: Document) -> Document {
        if !doc.is_empty() || doc.codebook() != &Codebook::default() {
            return doc;
        }
        match self.default_codebook() {
            Some(codebook) => with(doc, codebook),
            None => doc,
        }
    }
}

/// `doc` with `codebook` and its labels (one that does not fit is left
/// out, not an error).
fn with(mut doc: Document, codebook: Codebook) -> Document {
    let command = doc.adopt_codebook(codebook);
    let _ = doc.apply(command);
    doc
}

#[cfg(test)]
mod tests {
    use crate::persist::testing::{long_doc, setup};
    use marginalia_core::Codebook;

    #[test]
    fn a_saved_default_goes_to_new_documents_only() {
        let (p, _kv) = setup();
        let fresh = long_doc(0);
        assert_eq!(p.with_default_codebook(fresh.clone()), fresh, "none saved");
        p.save_default_codebook(&Codebook::attribution()).unwrap();
        assert_eq!(p.default_codebook(), Some(Codebook::attribution()));
        let given = p.with_default_codebook(fresh.clone());
        assert_eq!(given.codebook(), &Codebook::attribution());
        assert_eq!(given.labels().len(), 1, "with its Cue label");
        let annotated = long_doc(3);
        assert_eq!(p.with_default_codebook(annotated.clone()), annotated);
        let chosen = p.with_codebook(fresh.clone(), marginalia_core::codebook::DEFAULT_NAME);
        assert_eq!(
            chosen.codebook(),
            &Codebook::default(),
            "a template chosen wins"
        );
        assert_eq!(
            p.with_codebook(fresh, "").codebook(),
            &Codebook::attribution()
        );
    }
}
