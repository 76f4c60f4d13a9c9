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

    /// The example in docs/format.md is what an export of the sample says.
    #[test]
    fn format_doc_example_matches_an_export() {
        use marginalia_core::{Annotation, AnnotationId, Command, Tag, Timestamp};
        let t = Timestamp::new("2026-11-24T21:41:03.120Z").unwrap();
        let mut d = super::document(
            marginalia_core::DocumentId::new(super::ID).unwrap(),
            t.clone(),
        );
        let byte = d.text().as_str().find("The Wall Street Journal").unwrap();
        let start = d.text().cp_of_byte(byte);
        d.apply(Command::Add(Annotation {
            id: AnnotationId::new("x").unwrap(),
            tag: Tag::Source,
            start,
            end: start + 23,
            note: String::new(),
            created: t.clone(),
            modified: t,
            placement: Default::default(),
            parts: Vec::new(),
            attributes: Default::default(),
            annotator: None,
        }))
        .unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&marginalia_core::format::to_json(&d)).unwrap();
        let a = &v["annotations"][0];
        assert_eq!(
            (a["start"].as_u64(), a["end"].as_u64()),
            (Some(536), Some(559))
        );
        assert_eq!(a["prefix"], "\nThe warning, first revealed by ");
        assert_eq!(a["suffix"], ", marks a significant gesture co");
        let doc = include_str!("../docs/format.md");
        for needle in [
            "\"start\": 536,",
            "\"end\": 559,",
            "\"prefix\": \"\\nThe warning, first revealed by \",",
            "\"suffix\": \", marks a significant gesture co\",",
        ] {
            assert!(
                doc.contains(needle),
                "docs/format.md should contain {needle}"
            );
        }
    }
}
