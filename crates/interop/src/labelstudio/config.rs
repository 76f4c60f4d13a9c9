//! The labelling configuration written with a Label Studio export: the
//! project's `<View>`, whose names match the export's results.

use marginalia_core::annotation::Tag;
use marginalia_core::codebook::{AttributeDef, AttributeKind};
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

/// The labelling configuration for `doc`'s export: its tags as `Labels`
/// named `label` on a `Text` named `text` (from `$text`), each with its
/// codebook colour as `background`; the relation types, the codebook's
/// first and then any other the document uses, as `Relations`; a
/// per-region `TextArea` named `note`; and each label's attributes as
/// per-region `Choices` (a yes/no as `yes` / `no`) or `TextArea`, named
/// `attr:{label}:{attribute}` and shown when a region of that label is
/// selected. Names are written as they are (Label Studio's values may hold
/// spaces), escaped for XML.
pub fn label_config(doc: &Document) -> String {
    let codebook = doc.codebook();
    let tags = doc.shown_tags();
    let mut out = String::from(
        "<View>\n  <Header value=\"$title\"/>\n  <Labels name=\"label\" toName=\"text\">\n",
    );
    for (i, tag) in &tags {
        let colour = codebook.def_or_default(tag, *i).colour;
        let _ = writeln!(
            out,
            "    <Label value=\"{}\" background=\"{colour}\"/>",
            attr(tag.as_str())
        );
    }
    out.push_str("  </Labels>\n  <Relations>\n");
    let mut kinds: Vec<RelationKind> = codebook.relations.iter().map(|r| r.kind.clone()).collect();
    for r in doc.relations() {
        if !kinds.contains(&r.kind) {
            kinds.push(r.kind.clone());
        }
    }
    for kind in &kinds {
        let _ = writeln!(out, "    <Relation value=\"{}\"/>", attr(kind.as_str()));
    }
    out.push_str("  </Relations>\n  <Text name=\"text\" value=\"$text\"/>\n");
    out.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\" editable=\"true\" placeholder=\"Note\"/>\n");
    for (_, tag) in &tags {
        if let Some(def) = codebook.def(tag) {
            attribute_views(&mut out, tag, &def.attributes);
        }
    }
    out.push_str("</View>\n");
    out
}

/// The name of the control holding attribute `name` of `tag`'s regions.
pub fn attribute_control(tag: &Tag, name: &str) -> String {
    format!("attr:{}:{name}", tag.as_str())
}

/// The per-region controls of `tag`'s attributes, shown when one of its
/// regions is selected.
fn attribute_views(out: &mut String, tag: &Tag, attributes: &[AttributeDef]) {
    if attributes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  <View visibleWhen=\"region-selected\" whenLabelValue=\"{}\">",
        attr(tag.as_str())
    );
    for a in attributes {
        let name = attr(&attribute_control(tag, &a.name));
        let _ = writeln!(out, "    <Header value=\"{}\"/>", attr(&a.name));
        let values: Vec<&str> = match &a.kind {
            AttributeKind::Choice { values } => values.iter().map(String::as_str).collect(),
            AttributeKind::Flag => vec!["yes", "no"],
            AttributeKind::Text => {
                let _ = writeln!(
                    out,
                    "    <TextArea name=\"{name}\" toName=\"text\" perRegion=\"true\" editable=\"true\"/>"
                );
                continue;
            }
        };
        let _ = writeln!(
            out,
            "    <Choices name=\"{name}\" toName=\"text\" perRegion=\"true\" choice=\"single\">"
        );
        for v in values {
            let _ = writeln!(out, "      <Choice value=\"{}\"/>", attr(v));
        }
        out.push_str("    </Choices>\n");
    }
    out.push_str("  </View>\n");
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
                "    <Label value=\"Cue &lt;&quot;said&quot;&gt; &amp; co\" background=\"#6d28d9\"/>\n  </Labels>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<Relations>\n    <Relation value=\"attributed to\"/>\n    <Relation value=\"cued by\"/>\n  </Relations>"), "{xml}");
        let dir = crate::testdata::repo().join("target/interop/labelstudio");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("labels-and-relations.xml"), &xml).unwrap();
        std::fs::write(dir.join("default.xml"), LABEL_CONFIG).unwrap();
    }

    /// The attribution template's attributes as per-region choices, shown
    /// for their label's regions; well-formed (checked by `scripts/test`).
    #[test]
    fn attributes_are_per_region_choices_of_their_label() {
        use marginalia_core::{Codebook, Command, Label};
        let mut d = doc("Officials said so.");
        d.apply(Command::Batch(vec![
            Command::AddLabel(Label::new("Cue").unwrap()),
            Command::SetCodebook(Box::new(Codebook::attribution())),
        ]))
        .unwrap();
        let xml = label_config(&d);
        assert!(
            xml.contains("    <Label value=\"Cue\" background=\"#6d28d9\"/>\n"),
            "{xml}"
        );
        assert!(xml.contains("<Relation value=\"source of\"/>\n    <Relation value=\"cue of\"/>"));
        assert!(xml.contains("  <View visibleWhen=\"region-selected\" whenLabelValue=\"quote\">\n    <Header value=\"kind\"/>\n    <Choices name=\"attr:quote:kind\" toName=\"text\" perRegion=\"true\" choice=\"single\">\n      <Choice value=\"direct\"/>"), "{xml}");
        assert!(xml.contains("<Choices name=\"attr:claim:check-worthy\" toName=\"text\" perRegion=\"true\" choice=\"single\">\n      <Choice value=\"yes\"/>\n      <Choice value=\"no\"/>"));
        let dir = crate::testdata::repo().join("target/interop/labelstudio");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("attribution-template.xml"), &xml).unwrap();
    }
}
