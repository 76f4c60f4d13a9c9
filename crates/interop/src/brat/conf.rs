//! The configuration written with a brat export (`annotation.conf`,
//! `visual.conf`, `kb_shortcuts.conf`, from the document's codebook): brat
//! shows a type, or lets a relation be edited, only when the collection's
//! configuration declares it.

use marginalia_core::codebook::brat as brat_conf;
use marginalia_core::document::Document;
use std::collections::BTreeSet;

/// An `annotation.conf` for `doc`'s export: its codebook's
/// ([`marginalia_core::codebook::brat::annotation_conf`]) — every tag as an
/// entity type, each relation type with the labels it allows, the
/// attributes — and every relation type the document uses that the
/// codebook lacks, allowed between the types it links. Names as the `.ann`
/// writes them (whitespace as `_`).
pub fn annotation_conf(doc: &Document) -> String {
    // The codebook's types, widened to the labels the document's relations
    // link (an imported relation may link others); then the types it lacks.
    let mut codebook = doc.codebook().clone();
    let mut extra: Vec<(String, BTreeSet<String>, BTreeSet<String>)> = Vec::new();
    for r in doc.relations() {
        let (Some(from), Some(to)) = (doc.annotation(&r.from), doc.annotation(&r.to)) else {
            continue; // an unplaced end is not written
        };
        if let Some(t) = codebook.relations.iter_mut().find(|t| t.kind == r.kind) {
            for (list, tag) in [(&mut t.from, &from.tag), (&mut t.to, &to.tag)] {
                if !list.is_empty() && !list.contains(tag) {
                    list.push(tag.clone());
                }
            }
            continue;
        }
        let token = r.kind.token();
        let at = match extra.iter().position(|(k, _, _)| *k == token) {
            Some(at) => at,
            None => {
                extra.push((token, BTreeSet::new(), BTreeSet::new()));
                extra.len() - 1
            }
        };
        extra[at].1.insert(from.tag.token().into_owned());
        extra[at].2.insert(to.tag.token().into_owned());
    }
    let extra: Vec<(String, Vec<String>, Vec<String>)> = extra
        .into_iter()
        .map(|(k, f, t)| (k, f.into_iter().collect(), t.into_iter().collect()))
        .collect();
    brat_conf::annotation_conf(&codebook, &doc.shown_tags(), &extra)
}

/// The `visual.conf` for `doc`'s export (names and colours of its tags and
/// relation types, from its codebook).
pub fn visual_conf(doc: &Document) -> String {
    brat_conf::visual_conf(doc.codebook(), &doc.shown_tags())
}

/// The `kb_shortcuts.conf` for `doc`'s export (its codebook's keys).
pub fn kb_shortcuts_conf(doc: &Document) -> String {
    brat_conf::kb_shortcuts_conf(doc.codebook(), &doc.shown_tags())
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
            conf.contains("\nattributed_to\tArg1:quote|claim|Cue_word, Arg2:source\n"),
            "{conf}"
        );
        assert!(
            conf.contains("\ncued_by\tArg1:quote, Arg2:Cue_word\n"),
            "{conf}"
        );
    }
}
