//! From another tool's file to a change of the open document: every
//! annotation is placed on the document's text (see [`mod@crate::reanchor`]),
//! the outcome is counted for the user to see first, and only when they
//! confirm does it become one undoable command (merge, or replace what is
//! there).

use super::{ForeignAnnotation, ForeignFile, FormatKind};
use crate::annotation::{
    Annotation, AnnotationId, Label, Placement, Tag, Timestamp, Unplaced, Unplacement,
};
use crate::document::{Command, Document};
use crate::reanchor::{reanchor_all, Anchoring, Selector};
use crate::text::Text;
use std::collections::{HashMap, HashSet};

/// One imported annotation and where it was placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// As read from the file.
    pub foreign: ForeignAnnotation,
    /// Where (and how surely) it was placed on the text.
    pub anchoring: Anchoring,
    /// Its tag: one of Marginalia's when the label names one, else the
    /// label (see [`Tag::from_foreign`]).
    pub tag: Tag,
}

/// What an import would do, before it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportPlan {
    /// The file's format.
    pub format: FormatKind,
    /// Every annotation of the file, in file order.
    pub items: Vec<Planned>,
    /// What the reader noticed about the file.
    pub warnings: Vec<String>,
}

/// The counts shown before an import is confirmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Annotations in the file.
    pub total: usize,
    /// Placed where their position said, with their quote there.
    pub exact: usize,
    /// Their quote found exactly, elsewhere.
    pub moved: usize,
    /// Placed by an approximate match.
    pub fuzzy: usize,
    /// Fitting several places equally: not placed.
    pub ambiguous: usize,
    /// Not found: not placed.
    pub orphaned: usize,
    /// Labels of the file that are not Marginalia tags, each once, in file
    /// order (the import adds those the document does not have yet to its
    /// label set).
    pub labels: Vec<String>,
}

impl Summary {
    /// How many annotations would be placed on the text.
    pub fn placeable(&self) -> usize {
        self.exact + self.moved + self.fuzzy
    }

    /// How many would be kept unplaced, for the user to attach.
    pub fn unplaceable(&self) -> usize {
        self.ambiguous + self.orphaned
    }
}

/// What a confirmed import does to the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// Annotations placed on the text.
    pub placed: usize,
    /// Annotations kept unplaced.
    pub unplaced: usize,
    /// Labels added to the label set.
    pub labels: Vec<Label>,
    /// Annotations (placed or not) already there and so not added again.
    pub duplicates: usize,
    /// Annotations and unplaced ones removed first ([`Mode::Replace`]).
    pub removed: usize,
}

/// How a confirmed import changes the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Add the imported annotations to those already there (an annotation
    /// with the same span and tag as an existing one is not added twice).
    Merge,
    /// Remove the annotations already there, then add the imported ones.
    Replace,
}

/// Places every annotation of `file` on `text`.
pub fn plan(text: &Text, file: &ForeignFile) -> ImportPlan {
    let selectors: Vec<&Selector> = file.annotations.iter().map(|a| &a.selector).collect();
    let items = file
        .annotations
        .iter()
        .zip(reanchor_all(text, &selectors))
        .map(|(a, anchoring)| Planned {
            tag: Tag::from_foreign(&a.label),
            foreign: a.clone(),
            // An empty span (a position-only selector may give one) cannot
            // be an annotation here.
            anchoring: match anchoring.span() {
                Some((start, end)) if start >= end => Anchoring::Orphaned,
                _ => anchoring,
            },
        })
        .collect();
    ImportPlan {
        format: file.format,
        items,
        warnings: file.warnings.clone(),
    }
}

impl ImportPlan {
    /// Counts the outcomes.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            total: self.items.len(),
            ..Summary::default()
        };
        for item in &self.items {
            match item.anchoring {
                Anchoring::Exact { .. } => s.exact += 1,
                Anchoring::Moved { .. } => s.moved += 1,
                Anchoring::Fuzzy { .. } => s.fuzzy += 1,
                Anchoring::Ambiguous => s.ambiguous += 1,
                Anchoring::Orphaned => s.orphaned += 1,
            }
            if let Tag::Other(label) = &item.tag {
                if !s.labels.iter().any(|l| l == label.as_str()) {
                    s.labels.push(label.as_str().to_string());
                }
            }
        }
        s
    }

    /// What [`ImportPlan::command`] would do to `doc` in `mode`, without
    /// making the command (for the summary shown before confirming).
    pub fn effect(&self, doc: &Document, mode: Mode) -> Effect {
        self.walk(doc, mode, |_, _, _| {})
    }

    /// The one command that carries out the import on `doc`, and what it
    /// does. Placed annotations are added with their [`Placement`]; those
    /// that could not be placed are kept as [`Unplaced`] ones. Merging skips
    /// what is already there (an annotation with the same span and tag, or
    /// an unplaced one of the document with the same tag, quote and
    /// context; the file's own unplaced ones are all kept) and any span that
    /// does not fit `doc`. Labels that are not in the document's label set
    /// are added to it. A file's id is kept when it is a valid id not in
    /// use, otherwise `new_id` gives one. Missing timestamps become `now`.
    pub fn command(
        &self,
        doc: &Document,
        mode: Mode,
        now: &Timestamp,
        new_id: &mut dyn FnMut() -> AnnotationId,
    ) -> (Command, Effect) {
        let mut commands = Vec::new();
        if mode == Mode::Replace {
            commands.extend(doc.annotations().map(|a| Command::Remove(a.id.clone())));
            commands.extend(
                doc.unplaced()
                    .iter()
                    .map(|u| Command::RemoveUnplaced(u.id.clone())),
            );
        }
        let labels_at = commands.len();
        let mut taken: HashSet<AnnotationId> = HashSet::new();
        let effect = self.walk(doc, mode, |item, tag, place| {
            let f = &item.foreign;
            let free = |id: &AnnotationId| {
                !taken.contains(id) && (mode == Mode::Replace || !doc.has_id(id))
            };
            let id =
                f.id.as_deref()
                    .and_then(|s| AnnotationId::new(s).ok())
                    .filter(|id| free(id))
                    .unwrap_or_else(|| loop {
                        let id = new_id();
                        if free(&id) {
                            break id;
                        }
                    });
            taken.insert(id.clone());
            let created = f.created.clone().unwrap_or_else(|| now.clone());
            let modified = f.modified.clone().unwrap_or_else(|| created.clone());
            commands.push(match place {
                Some((start, end, placement)) => Command::Add(Annotation {
                    id,
                    tag,
                    start,
                    end,
                    note: f.note.clone(),
                    created,
                    modified,
                    placement,
                }),
                None => {
                    let (exact, prefix, suffix) = quote_of(item);
                    Command::AddUnplaced(Unplaced {
                        id,
                        tag,
                        exact: exact.to_string(),
                        prefix: prefix.to_string(),
                        suffix: suffix.to_string(),
                        note: f.note.clone(),
                        created,
                        modified,
                        why: if item.anchoring == Anchoring::Ambiguous {
                            Unplacement::Ambiguous
                        } else {
                            Unplacement::Orphaned
                        },
                    })
                }
            });
        });
        commands.splice(
            labels_at..labels_at,
            effect.labels.iter().cloned().map(Command::AddLabel),
        );
        (Command::Batch(commands), effect)
    }

    /// Decides what the import does with each item and counts it: `add` is
    /// called for each item to add, with its span and placement, or `None`
    /// to keep it unplaced. Linear: what is there is looked up in sets.
    fn walk<'p>(
        &'p self,
        doc: &Document,
        mode: Mode,
        mut add: impl FnMut(&'p Planned, Tag, Option<(usize, usize, Placement)>),
    ) -> Effect {
        let mut effect = Effect::default();
        let mut present: HashSet<(usize, usize, Tag)> = HashSet::new();
        let mut kept: HashSet<(Tag, &str, &str, &str)> = HashSet::new();
        // Labels by token: one written with `_` for spaces is the same label
        // (they would be one in `data-tags`, brat and CoNLL).
        let mut labels: HashMap<String, Label> = doc
            .labels()
            .iter()
            .map(|l| (l.token().into_owned(), l.clone()))
            .collect();
        match mode {
            Mode::Merge => {
                present.extend(doc.annotations().map(|a| (a.start, a.end, a.tag.clone())));
                kept.extend(doc.unplaced().iter().map(|u| {
                    (
                        u.tag.clone(),
                        u.exact.as_str(),
                        u.prefix.as_str(),
                        u.suffix.as_str(),
                    )
                }));
            }
            Mode::Replace => effect.removed = doc.len() + doc.unplaced().len(),
        }
        let len = doc.text().len();
        for item in &self.items {
            let (exact, prefix, suffix) = quote_of(item);
            let tag = match &item.tag {
                Tag::Other(label) => Tag::Other(
                    labels
                        .entry(label.token().into_owned())
                        .or_insert_with(|| label.clone())
                        .clone(),
                ),
                builtin => builtin.clone(),
            };
            let place = match item.anchoring {
                Anchoring::Exact { start, end } => Some((start, end, Placement::Exact)),
                Anchoring::Moved { start, end } => Some((start, end, Placement::Moved)),
                Anchoring::Fuzzy {
                    start,
                    end,
                    similarity,
                } => Some((start, end, Placement::Fuzzy(similarity))),
                Anchoring::Ambiguous | Anchoring::Orphaned => None,
            };
            let fresh = match place {
                // Planned on another text: it does not fit this one.
                Some((start, end, _)) if start >= end || end > len => continue,
                Some((start, end, _)) => present.insert((start, end, tag.clone())),
                // Only against what the document keeps already: two of the
                // file's own may quote the same text (or nothing).
                None => exact.is_empty() || !kept.contains(&(tag.clone(), exact, prefix, suffix)),
            };
            if !fresh {
                effect.duplicates += 1;
                continue;
            }
            if let Tag::Other(label) = &tag {
                if doc.slot(&tag).is_none() && !effect.labels.contains(label) {
                    effect.labels.push(label.clone());
                }
            }
            match place {
                Some(_) => effect.placed += 1,
                None => effect.unplaced += 1,
            }
            add(item, tag, place);
        }
        effect
    }
}

/// The quote of an item: exact, prefix, suffix (empty when it has none).
fn quote_of(item: &Planned) -> (&str, &str, &str) {
    item.foreign
        .selector
        .quote
        .as_ref()
        .map_or(("", "", ""), |q| {
            (q.exact.as_str(), q.prefix.as_str(), q.suffix.as_str())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::TextQuote;
    use crate::annotation::DocumentId;
    use crate::document::Metadata;
    use crate::reanchor::{Position, Unit};

    fn ts() -> Timestamp {
        Timestamp::new("2026-11-24T10:00:00Z").unwrap()
    }

    fn doc(text: &str) -> Document {
        Document::new(
            DocumentId::new("d").unwrap(),
            Metadata::default(),
            Text::new(text),
            ts(),
        )
    }

    fn foreign(id: Option<&str>, label: &str, exact: &str, at: Option<usize>) -> ForeignAnnotation {
        ForeignAnnotation {
            id: id.map(String::from),
            label: label.into(),
            selector: Selector {
                position: at.map(|s| Position {
                    start: s,
                    end: s + exact.chars().count(),
                    unit: Unit::CodePoint,
                }),
                quote: Some(TextQuote {
                    exact: exact.into(),
                    prefix: String::new(),
                    suffix: String::new(),
                }),
            },
            note: String::new(),
            created: None,
            modified: None,
        }
    }

    fn file(annotations: Vec<ForeignAnnotation>) -> ForeignFile {
        ForeignFile {
            format: FormatKind::W3c,
            text: None,
            title: None,
            source: None,
            annotations,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn counts_outcomes_and_unknown_labels() {
        let d = doc("Officials said 東京 was calm. 🍵 Officials said so.");
        let f = file(vec![
            foreign(Some("a"), "claim", "東京 was calm", Some(15)),
            foreign(Some("b"), "Source", "was calm", Some(0)),
            foreign(None, "PER", "Officials said so", None),
            foreign(None, "quote", "not in the text at all", None),
        ]);
        let p = plan(d.text(), &f);
        let s = p.summary();
        assert_eq!((s.total, s.orphaned), (4, 1));
        assert_eq!(
            p.items[0].anchoring,
            Anchoring::Exact { start: 15, end: 26 }
        );
        assert_eq!(
            p.items[1].anchoring,
            Anchoring::Moved { start: 18, end: 26 }
        );
        assert_eq!(
            s.exact + s.moved,
            3,
            "a quote without a position, found once"
        );
        assert_eq!(s.labels, ["PER"]);
        assert_eq!((s.placeable(), s.unplaceable()), (3, 1));
        assert_eq!(
            p.items[1].tag,
            Tag::Source,
            "labels match tags case-insensitively"
        );
    }

    #[test]
    fn unknown_labels_join_the_label_set_and_orphans_are_kept() {
        let d = doc("Officials said the sea was calm. Officials said so.");
        let mut orphan = foreign(Some("o"), "quote", "not in the text", None);
        orphan.note = "check this".into();
        let f = file(vec![
            foreign(Some("p"), "PER", "Officials", Some(0)),
            foreign(Some("m"), "claim", "the sea was calm", Some(3)),
            orphan,
            foreign(Some("a"), "Event type", "said", None),
        ]);
        let p = plan(d.text(), &f);
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((effect.placed, effect.unplaced), (2, 2));
        assert_eq!(p.effect(&d, Mode::Merge), effect);
        assert_eq!(
            effect.labels,
            [
                Label::new("PER").unwrap(),
                Label::new("Event type").unwrap()
            ]
        );
        let mut after = d.clone();
        let applied = after.apply(cmd).unwrap();
        assert_eq!(after.labels(), effect.labels);
        let per = after.annotation(&AnnotationId::new("p").unwrap()).unwrap();
        assert_eq!(per.tag.as_str(), "PER");
        assert_eq!(per.placement, Placement::Exact);
        let moved = after.annotation(&AnnotationId::new("m").unwrap()).unwrap();
        assert_eq!((moved.start, moved.placement), (15, Placement::Moved));
        let kept: Vec<_> = after
            .unplaced()
            .iter()
            .map(|u| (u.id.as_str(), u.exact.as_str(), u.why, u.note.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("o", "not in the text", Unplacement::Orphaned, "check this"),
                ("a", "said", Unplacement::Ambiguous, "")
            ]
        );
        // A second merge of the same file adds nothing, labels included.
        let (_, again) = p.command(&after, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((again.placed, again.unplaced, again.duplicates), (0, 0, 4));
        assert!(again.labels.is_empty());
        after.apply(applied.inverse).unwrap();
        assert_eq!(after, d, "labels and unplaced ones go with the undo");
    }

    #[test]
    fn merge_keeps_what_is_there_and_replace_swaps_it() {
        let mut d = doc("alpha beta gamma");
        d.apply(Command::Add(Annotation {
            id: AnnotationId::new("a").unwrap(),
            tag: Tag::Claim,
            start: 0,
            end: 5,
            note: String::new(),
            created: ts(),
            modified: ts(),
            placement: Default::default(),
        }))
        .unwrap();
        let f = file(vec![
            foreign(Some("a"), "claim", "alpha", Some(0)),
            foreign(Some("a"), "quote", "beta", Some(6)),
            foreign(Some("g"), "source", "gamma", Some(11)),
        ]);
        let p = plan(d.text(), &f);
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (merge, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(
            (effect.placed, effect.duplicates),
            (2, 1),
            "the same claim on alpha is not added twice"
        );
        assert_eq!(p.effect(&d, Mode::Merge), effect);
        let mut merged = d.clone();
        merged.apply(merge).unwrap();
        let ids: Vec<&str> = merged.annotations().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "new1", "g"], "a taken id gets a fresh one");

        let (replace, effect) = p.command(&d, Mode::Replace, &ts(), &mut fresh);
        assert_eq!((effect.placed, effect.removed), (3, 1));
        assert_eq!(p.effect(&d, Mode::Replace), effect);
        let mut replaced = d.clone();
        let applied = replaced.apply(replace).unwrap();
        assert_eq!(replaced.len(), 3);
        replaced.apply(applied.inverse).unwrap();
        assert_eq!(replaced, d, "one command, undone in one step");
    }

    #[test]
    fn a_files_own_unplaced_ones_are_all_kept() {
        let d = doc("Nothing of it is here.");
        let mut one = foreign(Some("n1"), "quote", "gone words", None);
        one.note = "first".into();
        let mut two = foreign(Some("n2"), "quote", "gone words", None);
        two.note = "second".into();
        let mut bare = foreign(Some("p1"), "claim", "", Some(400));
        bare.selector.quote = None;
        let mut bare2 = bare.clone();
        bare2.id = Some("p2".into());
        let p = plan(d.text(), &file(vec![one, two, bare, bare2]));
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!((effect.unplaced, effect.duplicates), (4, 0));
        let mut after = d.clone();
        after.apply(cmd).unwrap();
        let (_, again) = p.command(&after, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(
            (again.unplaced, again.duplicates),
            (2, 2),
            "quotes already kept are not kept twice; empty ones cannot be told apart"
        );
    }

    /// A label written with `_` for its spaces is the label already there
    /// (in the document, or earlier in the file): they would share a token
    /// in `data-tags`, brat and CoNLL.
    #[test]
    fn labels_sharing_a_token_are_one() {
        let mut d = doc("Ann Lee met Bob Day at Acme Corp.");
        d.apply(Command::AddLabel(Label::new("Named person").unwrap()))
            .unwrap();
        let p = plan(
            d.text(),
            &file(vec![
                foreign(Some("a"), "Named_person", "Ann Lee", Some(0)),
                foreign(Some("b"), "Org name", "Acme Corp", Some(23)),
                foreign(Some("c"), "Org_name", "Bob Day", Some(12)),
            ]),
        );
        let mut n = 0;
        let mut fresh = || {
            n += 1;
            AnnotationId::new(format!("new{n}")).unwrap()
        };
        let (cmd, effect) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(effect.labels, [Label::new("Org name").unwrap()]);
        let mut after = d.clone();
        after.apply(cmd).unwrap();
        let tags: Vec<&str> = after.annotations().map(|a| a.tag.as_str()).collect();
        assert_eq!(tags, ["Named person", "Org name", "Org name"]);
        assert_eq!(
            after.apply(Command::AddLabel(Label::new("Org_name").unwrap())),
            Err(crate::document::CommandError::DuplicateLabel(
                "Org_name".into()
            ))
        );
    }
}
