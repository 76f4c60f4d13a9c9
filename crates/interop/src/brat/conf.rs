//! The configuration written with a brat export (`annotation.conf`,
//! `visual.conf`, `kb_shortcuts.conf`, from the document's codebook): brat
//! shows a type, or lets a relation be edited, only when the collection's
//! configuration declares it.

use marginalia_core::annotation::Tag;
use marginalia_core::codebook::brat as brat_conf;
use marginalia_core::codebook::brat::name as brat_name;
use marginalia_core::document::Document;
use marginalia_core::import::ForeignFile;
use marginalia_core::relation::RelationKind;
use std::collections::{BTreeSet, HashMap};

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
        let token = brat_name(r.kind.as_str());
        let at = match extra.iter().position(|(k, _, _)| *k == token) {
            Some(at) => at,
            None => {
                extra.push((token, BTreeSet::new(), BTreeSet::new()));
                extra.len() - 1
            }
        };
        extra[at].1.insert(brat_name(from.tag.as_str()));
        extra[at].2.insert(brat_name(to.tag.as_str()));
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

/// Gives the brat names of `file` (labels, attribute and relation names,
/// and those of its codebook) the full names a `visual.conf` states, so
/// that what brat cannot spell (`Speech verb`, `check_worthy`, `Source:
/// named`) comes back exactly. Returns how many names it changed.
pub fn apply_visual_names(file: &mut ForeignFile, visual: &str) -> usize {
    let mut names: HashMap<String, String> = HashMap::new();
    for (brat, full) in brat_conf::read_visual_names(visual) {
        // Labels arrive as written; the other names with `_` as a space.
        names.insert(brat.replace('_', " "), full.clone());
        names.insert(brat, full);
    }
    let mut changed = 0;
    let mut swap = |s: &mut String| {
        if let Some(full) = names.get(s.as_str()).filter(|f| *f != s) {
            *s = full.clone();
            changed += 1;
        }
    };
    for a in &mut file.annotations {
        swap(&mut a.label);
        a.attributes = std::mem::take(&mut a.attributes)
            .into_iter()
            .map(|(mut k, v)| {
                swap(&mut k);
                (k, v)
            })
            .collect();
    }
    for r in &mut file.relations {
        swap(&mut r.kind);
    }
    if let Some(c) = &mut file.codebook {
        let mut tag = |t: &mut Tag| {
            let mut s = t.as_str().to_string();
            swap(&mut s);
            *t = Tag::from_foreign(&s);
        };
        for d in &mut c.labels {
            tag(&mut d.name);
        }
        for r in &mut c.relations {
            r.from.iter_mut().chain(r.to.iter_mut()).for_each(&mut tag);
        }
        for r in &mut c.relations {
            let mut s = r.kind.as_str().to_string();
            swap(&mut s);
            if let Ok(k) = RelationKind::new(s) {
                r.kind = k;
            }
        }
        for a in c.labels.iter_mut().flat_map(|d| d.attributes.iter_mut()) {
            swap(&mut a.name);
        }
    }
    changed
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
