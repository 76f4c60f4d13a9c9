//! The built-in sample article, shown to a new user.

use marginalia_core::article::parse_titled;
use marginalia_core::{Document, DocumentId, Timestamp};

/// The article's text as shipped (title, outlet, paragraphs).
pub const TEXT: &str = include_str!("../articles/us-warned-iran.txt");

/// The credit shown with it.
pub const ATTRIBUTION: &str =
    "Published by ICARO Media Group. Marginalia's sample article, shipped with the app.";

/// The id the sample gets when the library does not already use it.
pub const ID: &str = "sample-us-warned-iran";

/// A new document holding the sample article.
pub fn document(id: DocumentId, now: Timestamp) -> Document {
    parse_titled(TEXT)
        .expect("the shipped sample article is well-formed")
        .into_document(id, now, Some(ATTRIBUTION.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sample_has_title_outlet_and_paragraphs() {
        let d = super::document(
            marginalia_core::DocumentId::new(super::ID).unwrap(),
            marginalia_core::Timestamp::new("2026-01-01T00:00:00Z").unwrap(),
        );
        assert!(d.meta().title.starts_with("US Secretly Warned Iran"));
        assert_eq!(d.meta().source.as_deref(), Some("ICARO Media Group"));
        assert_eq!(d.text().paragraphs().len(), 7);
        assert!(d.text().as_str().starts_with("In a surprising move"));
    }
}
