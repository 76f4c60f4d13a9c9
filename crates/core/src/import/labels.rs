//! The labels an import brings: the file's spelled as the document (or the
//! file's codebook, when the document takes it) spells them.

use super::ImportPlan;
use crate::annotation::Label;
use crate::document::Document;
use std::collections::HashMap;

impl ImportPlan {
    /// The labels an import uses, by token: the document's, then its
    /// codebook's when the file's is taken (one written with `_` for spaces
    /// is the same label: they would be one in `data-tags`, brat and CoNLL).
    pub(super) fn labels_by_token(&self, doc: &Document) -> HashMap<String, Label> {
        let mut labels: HashMap<String, Label> = doc
            .labels()
            .iter()
            .map(|l| (l.token().into_owned(), l.clone()))
            .collect();
        if let Some(c) = self.codebook.as_ref().filter(|_| takes_codebook(doc)) {
            for l in c.own_labels() {
                labels
                    .entry(l.token().into_owned())
                    .or_insert_with(|| l.clone());
            }
        }
        labels
    }
}

/// Whether `doc` takes an imported file's codebook: its own is still the
/// default (one the user shaped is never replaced by an import).
pub(super) fn takes_codebook(doc: &Document) -> bool {
    *doc.codebook() == crate::Codebook::default()
}
