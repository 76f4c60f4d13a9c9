//! The relations of an imported file: their ends follow the annotations
//! they link (an end skipped as a duplicate links the annotation already
//! there), relations already in the document are not added twice, and
//! each becomes an [`Command::AddRelation`] after the annotations.

use crate::annotation::{AnnotationId, Timestamp};
use crate::document::{Command, Document};
use crate::import::Mode;
use crate::relation::{Relation, RelationId, RelationKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A relation read from another tool's file: `from` → `to`, the indices of
/// its ends among the file's annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignRelation {
    /// Its id in the file, if it has one (kept when it is free).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its type as Marginalia names it (a reader turns brat's
    /// `attributed_to` into `attributed to`).
    pub kind: String,
    /// The index of the annotation it starts at.
    pub from: usize,
    /// The index of the annotation it points to.
    pub to: usize,
    /// Its note (empty when none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Where an imported annotation ended up: one of the document's, or the
/// file's item with this index, added by the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum End<'d> {
    Existing(&'d AnnotationId),
    New(usize),
}

/// The relations an import adds: for each, its index in the file, its ends
/// and its type; and how many of the file's it skips.
pub(super) struct Links<'d> {
    pub added: Vec<(usize, End<'d>, End<'d>, RelationKind)>,
    pub skipped: usize,
}

/// Decides which of the file's `relations` an import adds, given where each
/// item ended up (`ends`, by item index). Skipped: a relation whose type is
/// not a valid one, an end that is not imported, both ends on one
/// annotation, or one the document (when merging) or the file has already.
pub(super) fn resolve<'d>(
    relations: &[ForeignRelation],
    ends: &[Option<End<'d>>],
    doc: &'d Document,
    mode: Mode,
) -> Links<'d> {
    let mut links = Links {
        added: Vec::new(),
        skipped: 0,
    };
    if relations.is_empty() {
        return links;
    }
    let mut seen: HashSet<(End<'d>, End<'d>, RelationKind)> = HashSet::new();
    if mode == Mode::Merge {
        seen.extend(
            doc.relations()
                .iter()
                .map(|r| (End::Existing(&r.from), End::Existing(&r.to), r.kind.clone())),
        );
    }
    let end = |i: usize| ends.get(i).copied().flatten();
    for (index, r) in relations.iter().enumerate() {
        let link = match (end(r.from), end(r.to), RelationKind::new(r.kind.as_str())) {
            (Some(from), Some(to), Ok(kind)) if from != to => Some((from, to, kind)),
            _ => None,
        };
        match link {
            Some((from, to, kind)) if seen.insert((from, to, kind.clone())) => {
                links.added.push((index, from, to, kind));
            }
            _ => links.skipped += 1,
        }
    }
    links
}

/// The commands that add `links`, `ids` naming the items the import adds
/// (by index). A relation keeps its file id when it is a valid one that is
/// free, else takes one from `new_id`.
pub(super) fn commands(
    relations: &[ForeignRelation],
    links: Links<'_>,
    ids: &[Option<AnnotationId>],
    doc: &Document,
    mode: Mode,
    now: &Timestamp,
    new_id: &mut dyn FnMut() -> AnnotationId,
) -> Vec<Command> {
    let mut taken: HashSet<RelationId> = HashSet::new();
    let in_doc: HashSet<&RelationId> = match mode {
        Mode::Merge => doc.relations().iter().map(|r| &r.id).collect(),
        Mode::Replace => HashSet::new(),
    };
    let mut out = Vec::with_capacity(links.added.len());
    for (index, from, to, kind) in links.added {
        let id_of = |end: End<'_>| match end {
            End::Existing(id) => Some(id.clone()),
            End::New(i) => ids.get(i).cloned().flatten(),
        };
        let (Some(from), Some(to)) = (id_of(from), id_of(to)) else {
            continue;
        };
        let r = &relations[index];
        let free = |id: &RelationId| !taken.contains(id) && !in_doc.contains(id);
        let id =
            r.id.as_deref()
                .and_then(|s| RelationId::new(s).ok())
                .filter(|id| free(id))
                .unwrap_or_else(|| loop {
                    if let Ok(id) = RelationId::new(new_id().as_str()) {
                        if free(&id) {
                            break id;
                        }
                    }
                });
        taken.insert(id.clone());
        out.push(Command::AddRelation(Relation {
            id,
            kind,
            from,
            to,
            note: r.note.clone(),
            created: now.clone(),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Tag;
    use crate::import::{ForeignAnnotation, FormatKind, ImportPlan, Planned};
    use crate::selector::{Anchoring, Selector};
    use crate::testing::{add_noted, doc, ts};
    use crate::TextQuote;

    const TEXT: &str = "Ann said 東京 🍵. Bob said no.";

    fn item(label: &str, exact: &str, anchoring: Anchoring) -> Planned {
        Planned {
            foreign: ForeignAnnotation {
                id: None,
                label: label.into(),
                selector: Selector {
                    position: None,
                    quote: Some(TextQuote {
                        exact: exact.into(),
                        prefix: String::new(),
                        suffix: String::new(),
                    }),
                },
                note: String::new(),
                created: None,
                modified: None,
                parts: Vec::new(),
                attributes: Default::default(),
                part_quotes: Vec::new(),
                annotator: None,
            },
            anchoring,
            tag: Tag::from_foreign(label),
        }
    }

    fn rel(id: Option<&str>, kind: &str, from: usize, to: usize) -> ForeignRelation {
        ForeignRelation {
            id: id.map(str::to_string),
            kind: kind.into(),
            from,
            to,
            note: format!("{from}→{to}"),
        }
    }

    /// A document with a source on "Ann", a quote on "no" and `R1`
    /// between them; a plan whose items are that source again, a quote on
    /// "東京 🍵", one that is not in the text, and one that does not fit.
    fn setup() -> (Document, ImportPlan) {
        let mut d = doc(TEXT);
        add_noted(&mut d, "a", Tag::Source, 0, 3, "");
        add_noted(&mut d, "b", Tag::Quote, 24, 26, "");
        d.apply(Command::AddRelation(Relation {
            id: RelationId::new("R1").unwrap(),
            kind: RelationKind::attributed_to(),
            from: AnnotationId::new("b").unwrap(),
            to: AnnotationId::new("a").unwrap(),
            note: String::new(),
            created: ts("00"),
        }))
        .unwrap();
        let plan = ImportPlan {
            format: FormatKind::Brat,
            items: vec![
                item("source", "Ann", Anchoring::Exact { start: 0, end: 3 }),
                item("quote", "東京 🍵", Anchoring::Exact { start: 9, end: 13 }),
                item("quote", "gone", Anchoring::Orphaned),
                item("claim", "far", Anchoring::Exact { start: 90, end: 99 }),
            ],
            relations: vec![
                rel(None, "attributed to", 1, 0),
                rel(Some("R1"), "attributed to", 2, 0),
                rel(None, "attributed to", 1, 3),
                rel(None, "attributed to", 1, 1),
                rel(Some("R9"), "attributed to", 1, 0),
                rel(None, " padded", 2, 1),
                rel(None, "attributed to", 7, 0),
            ],
            warnings: Vec::new(),
            codebook: None,
            text: None,
            title: None,
            source: None,
            guesses: Vec::new(),
        };
        (d, plan)
    }

    fn fresh() -> impl FnMut() -> AnnotationId {
        let mut n = 0;
        move || {
            n += 1;
            AnnotationId::new(format!("n{n}")).unwrap()
        }
    }

    /// Each relation of `d` as (from quote, kind, to quote, note).
    fn links(d: &Document) -> Vec<(String, String, String, String)> {
        let quote = |id: &AnnotationId| match d.annotation(id) {
            Some(a) => d.text().slice(a.start..a.end).to_string(),
            None => d
                .unplaced()
                .iter()
                .find(|u| &u.id == id)
                .unwrap()
                .exact
                .clone(),
        };
        d.relations()
            .iter()
            .map(|r| {
                (
                    quote(&r.from),
                    r.kind.as_str().into(),
                    quote(&r.to),
                    r.note.clone(),
                )
            })
            .collect()
    }

    fn l(from: &str, to: &str, note: &str) -> (String, String, String, String) {
        (from.into(), "attributed to".into(), to.into(), note.into())
    }

    #[test]
    fn merge_links_to_what_is_there_and_skips_what_cannot_be() {
        let (d, plan) = setup();
        let (cmd, effect) = plan.command(&d, Mode::Merge, &ts("01"), &mut fresh());
        assert_eq!(plan.effect(&d, Mode::Merge), effect);
        // Added: 東京 🍵 → Ann (the Ann already there) and gone → Ann (kept
        // with the unplaced one). Skipped: an end that does not fit, both
        // ends one annotation, the same link twice, a bad type, no item 7.
        assert_eq!((effect.relations, effect.relations_skipped), (2, 5));
        let mut after = d.clone();
        let applied = after.apply(cmd).unwrap();
        assert_eq!(
            links(&after),
            [
                l("no", "Ann", ""),
                l("東京 🍵", "Ann", "1→0"),
                l("gone", "Ann", "2→0")
            ]
        );
        let ids: Vec<&str> = after.relations().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids[0], "R1");
        assert!(
            ids[2] != "R1",
            "R1 is taken, so it gets a fresh id: {ids:?}"
        );
        // A second merge adds no relation again.
        let again = plan.effect(&after, Mode::Merge);
        assert_eq!((again.relations, again.relations_skipped), (0, 7));
        after.apply(applied.inverse).unwrap();
        assert_eq!(after, d, "one undo takes the relations back too");
    }

    #[test]
    fn replace_links_the_new_ones_and_keeps_the_file_ids() {
        let (d, plan) = setup();
        let (cmd, effect) = plan.command(&d, Mode::Replace, &ts("01"), &mut fresh());
        assert_eq!((effect.relations, effect.relations_skipped), (2, 5));
        let mut after = d.clone();
        after.apply(cmd).unwrap();
        assert_eq!(
            links(&after),
            [l("東京 🍵", "Ann", "1→0"), l("gone", "Ann", "2→0")]
        );
        let ids: Vec<&str> = after.relations().iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids[1], "R1", "free once the old relations are gone");
    }
}
