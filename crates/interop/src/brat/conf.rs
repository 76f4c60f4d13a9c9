//! The `annotation.conf` written with a brat export: brat shows a type, or
//! lets a relation be edited, only when the collection's configuration
//! declares it.

use marginalia_core::annotation::Tag;
use marginalia_core::document::Document;
use marginalia_core::relation::RelationKind;
use std::collections::BTreeSet;
use std::fmt::Write;

/// An `annotation.conf` for `doc`'s export: the three tags and the
/// document's own labels as entity types; the default relation (a quote or
/// claim `attributed_to` a source) and every relation type the document
/// uses, each allowed between the types it links (and, for
/// `attributed_to`, the default ones too). Names as the `.ann` writes them
/// (whitespace as `_`).
pub fn annotation_conf(doc: &Document) -> String {
    let mut out = String::from("[entities]\n");
    for tag in [Tag::Claim, Tag::Source, Tag::Quote] {
        let _ = writeln!(out, "{}", tag.token());
    }
    for label in doc.labels() {
        let _ = writeln!(out, "{}", label.token());
    }
    out.push_str("\n[relations]\n");
    let default = RelationKind::attributed_to();
    let mut kinds: Vec<(String, BTreeSet<String>, BTreeSet<String>)> = vec![(
        default.token(),
        ["quote".to_string(), "claim".to_string()].into(),
        ["source".to_string()].into(),
    )];
    for r in doc.relations() {
        let (Some(from), Some(to)) = (doc.annotation(&r.from), doc.annotation(&r.to)) else {
            continue; // an unplaced end is not written
        };
        let token = r.kind.token();
        let at = match kinds.iter().position(|(k, _, _)| *k == token) {
            Some(at) => at,
            None => {
                kinds.push((token, BTreeSet::new(), BTreeSet::new()));
                kinds.len() - 1
            }
        };
        kinds[at].1.insert(from.tag.token().into_owned());
        kinds[at].2.insert(to.tag.token().into_owned());
    }
    for (kind, from, to) in &kinds {
        let join = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join("|");
        let _ = writeln!(out, "{kind}\tArg1:{}, Arg2:{}", join(from), join(to));
    }
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::brat::ANNOTATION_CONF;
    use marginalia_core::testing::doc;

    #[test]
    fn the_default_configuration_is_that_of_a_document_without_labels() {
        assert_eq!(annotation_conf(&doc("Nothing here.")), ANNOTATION_CONF);
    }

    #[test]
    fn labels_and_the_relation_types_in_use_are_declared() {
        let mut d = crate::fixtures::cued("Cue word");
        crate::fixtures::link(&mut d, "r1", "q", "s", "");
        crate::fixtures::link(&mut d, "r2", "c", "b", "");
        let conf = annotation_conf(&d);
        assert!(
            conf.starts_with("[entities]\nclaim\nsource\nquote\nCue_word\n\n[relations]\n"),
            "{conf}"
        );
        assert!(
            conf.contains("\nattributed_to\tArg1:Cue_word|claim|quote, Arg2:source\n"),
            "{conf}"
        );
        assert!(
            conf.contains("\ncued_by\tArg1:quote, Arg2:Cue_word\n"),
            "{conf}"
        );
    }
}
