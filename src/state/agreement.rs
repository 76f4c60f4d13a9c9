//! The agreement figures last computed (by the format engine, see
//! [`crate::engine::agree`]) and what they were computed for, so that the
//! Agreement panel shows them while they hold and asks again when the
//! document or the layers shown have changed.

use super::{AppState, Outcome};
use crate::layers::Layers;
use marginalia_core::engine::Agreement;
use marginalia_core::DocumentId;
use std::rc::Rc;

/// What a set of figures was computed for: the document, its revision and
/// the layers shown.
#[derive(Clone, Debug, PartialEq)]
pub struct AgreementKey {
    /// The document.
    pub document: DocumentId,
    /// Its revision ([`AppState::revision`]).
    pub revision: u64,
    /// The layers shown.
    pub layers: Rc<Layers>,
}

/// Figures with what they were computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct Agreed {
    /// What for.
    pub key: AgreementKey,
    /// The figures.
    pub figures: Agreement,
}

impl AppState {
    /// What figures computed now would be for.
    pub fn agreement_key(&self) -> AgreementKey {
        AgreementKey {
            document: self.with_doc(|doc| doc.id().clone()),
            revision: self.revision,
            layers: self.layers.clone(),
        }
    }

    /// The figures, when they are for the document and layers as they are.
    pub fn current_agreement(&self) -> Option<&Agreement> {
        let agreed = self.agreement.as_ref()?;
        (agreed.key == self.agreement_key()).then_some(&agreed.figures)
    }

    /// Keeps figures just computed.
    pub(super) fn agreed(&mut self, agreed: Agreed) -> Outcome {
        self.agreement = Some(Rc::new(agreed));
        Outcome::Changed
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{state, tag};
    use super::super::Action;
    use super::*;
    use marginalia_core::Tag;
    use yew::Reducible;

    #[test]
    fn figures_hold_until_the_document_or_the_layers_change() {
        let s = state();
        let figures = Agreement {
            annotators: vec!["A".into(), "B".into()],
            figures: Vec::new(),
            csv: String::new(),
        };
        let key = s.agreement_key();
        let s = s.reduce(Action::Agreed(Box::new(Agreed {
            key,
            figures: figures.clone(),
        })));
        assert_eq!(s.current_agreement(), Some(&figures));
        let edited = tag(&s, 2, 7, Tag::Quote, "q");
        assert_eq!(edited.current_agreement(), None, "the document changed");
        let who = marginalia_core::AnnotatorId::new("a-bo").unwrap();
        let hidden = s.clone().reduce(Action::ToggleLayer(who));
        assert_eq!(hidden.current_agreement(), None, "the layers changed");
        // Opened again, its revision starts afresh: the figures are gone.
        let doc = edited.with_doc(|d| d.clone());
        let reopened = edited.reduce(Action::Open {
            doc: Box::new(doc),
            fresh: false,
            notice: None,
        });
        assert_eq!(reopened.agreement, None);
    }
}
