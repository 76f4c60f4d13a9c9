//! The labelling configuration written with a Label Studio export: the
//! project's `<View>`, whose names match the export's results.

use marginalia_core::annotation::Tag;
use marginalia_core::document::Document;
use marginalia_core::relation::RelationKind;
use std::fmt::Write;

/// `s` as XML attribute text (`&`, `<`, `>`, `"` and `'` escaped).
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The labelling configuration for `doc`'s export: the three tags and the
/// document's own labels as `Labels` named `label` on a `Text` named
/// `text` (from `$text`); the relation types, the default *attributed to*
/// first and then those the document uses, as `Relations`; and a
/// per-region `TextArea` named `note`. Labels are written as they are
/// (Label Studio's values may hold spaces), escaped for XML.
pub fn label_config(doc: &Document) -> String {
    let mut out = String::from(
        "<View>\n  <Header value=\"$title\"/>\n  <Labels name=\"label\" toName=\"text\">\n",
    );
    let labels = Tag::ALL
        .iter()
        .map(|t| t.as_str().to_string())
        .chain(doc.labels().iter().map(|l| l.as_str().to_string()));
    for label in labels {
        let _ = writeln!(out, "    <Label value=\"{}\"/>", attr(&label));
    }
    out.push_str("  </Labels>\n  <Relations>\n");
    let mut kinds = vec![RelationKind::attributed_to()];
    for r in doc.relations() {
        if !kinds.contains(&r.kind) {
            kinds.push(r.kind.clone());
        }
    }
    for kind in &kinds {
        let _ = writeln!(out, "    <Relation value=\"{}\"/>", attr(kind.as_str()));
    }
    out.push_str("  </Relations>\n  <Text name=\"text\" value=\"$text\"/>\n");
    out.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\" editable=\"true\" placeholder=\"Note\"/>\n</View>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labelstudio::LABEL_CONFIG;
    use marginalia_core::testing::doc;

    #[test]
    fn the_default_configuration_is_that_of_a_document_without_labels() {
        assert_eq!(label_config(&doc("Nothing here.")), LABEL_CONFIG);
    }

    /// Labels and relation types of the document, escaped; written where
    /// `scripts/test` checks that they are well-formed XML.
    #[test]
    fn labels_and_relation_types_are_declared_and_escaped() {
        let d = crate::fixtures::cued("Cue <\"said\"> & co");
        let xml = label_config(&d);
        assert!(
            xml.contains(
                "    <Label value=\"Cue &lt;&quot;said&quot;&gt; &amp; co\"/>\n  </Labels>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<Relations>\n    <Relation value=\"attributed to\"/>\n    <Relation value=\"cued by\"/>\n  </Relations>"), "{xml}");
        let dir = crate::testdata::repo().join("target/interop/labelstudio");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("labels-and-relations.xml"), &xml).unwrap();
        std::fs::write(dir.join("default.xml"), LABEL_CONFIG).unwrap();
    }
}
