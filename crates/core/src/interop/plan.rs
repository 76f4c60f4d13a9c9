//! From another tool's file to a change of the open document: every
//! annotation is placed on the document's text (see [`mod@crate::reanchor`]),
//! the outcome is counted for the user to see first, and only when they
//! confirm does it become one undoable command (merge, or replace what is
//! there).

use super::{ForeignAnnotation, ForeignFile, FormatKind};
use crate::annotation::{Annotation, AnnotationId, Tag, Timestamp};
use crate::document::{Command, Document};
use crate::reanchor::{reanchor_all, Anchoring, Selector};
use crate::text::Text;
use std::collections::HashSet;

/// One imported annotation and where it was placed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// As read from the file.
    pub foreign: ForeignAnnotation,
    /// Where (and how surely) it was placed on the text.
    pub anchoring: Anchoring,
    /// Its tag, when its label is one of Marginalia's tags.
    pub tag: Option<Tag>,
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
    /// Placed, but with a label that is not a Marginalia tag (not added).
    pub unknown_label: usize,
    /// Those labels, each once, in file order.
    pub unknown_labels: Vec<String>,
}

impl Summary {
    /// How many annotations an import would add.
    pub fn importable(&self) -> usize {
        self.exact + self.moved + self.fuzzy - self.unknown_label
    }
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
            tag: a.label.parse().ok(),
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
            if item.tag.is_none() && item.anchoring.span().is_some() {
                s.unknown_label += 1;
                if !s.unknown_labels.contains(&item.foreign.label) {
                    s.unknown_labels.push(item.foreign.label.clone());
                }
            }
        }
        s
    }

    /// The items the import adds to `doc`, with their span and tag: placed
    /// annotations with a known tag, once (one already there with the same
    /// span and tag is skipped when merging, and so is a span that does not
    /// fit `doc`).
    fn additions<'p>(
        &'p self,
        doc: &Document,
        mode: Mode,
    ) -> impl Iterator<Item = (&'p Planned, usize, usize, Tag)> + 'p {
        // What is there already (merge), and what this import adds: a set, so
        // that 10k onto 10k stays linear.
        let mut present: HashSet<(usize, usize, Tag)> = match mode {
            Mode::Merge => doc.annotations().map(|a| (a.start, a.end, a.tag)).collect(),
            Mode::Replace => HashSet::new(),
        };
        let len = doc.text().len();
        self.items.iter().filter_map(move |item| {
            let (Some((start, end)), Some(tag)) = (item.anchoring.span(), item.tag) else {
                return None;
            };
            (start < end && end <= len && present.insert((start, end, tag)))
                .then_some((item, start, end, tag))
        })
    }

    /// How many annotations [`ImportPlan::command`] would add to `doc` in
    /// `mode` (without making the command).
    pub fn adds(&self, doc: &Document, mode: Mode) -> usize {
        self.additions(doc, mode).count()
    }

    /// The one command that carries out the import on `doc`, and how many
    /// annotations it adds. Placed annotations with a known tag are added
    /// (once: one already there with the same span and tag is skipped when
    /// merging, and so is a span that does not fit `doc`);
    /// a file's id is kept when it is a valid id not in use, otherwise
    /// `new_id` gives one. Missing timestamps become `now`.
    pub fn command(
        &self,
        doc: &Document,
        mode: Mode,
        now: &Timestamp,
        new_id: &mut dyn FnMut() -> AnnotationId,
    ) -> (Command, usize) {
        let mut commands = Vec::new();
        if mode == Mode::Replace {
            commands.extend(doc.annotations().map(|a| Command::Remove(a.id.clone())));
        }
        let mut taken: HashSet<AnnotationId> = HashSet::new();
        let mut added = 0;
        for (item, start, end, tag) in self.additions(doc, mode) {
            let free = |id: &AnnotationId| {
                !taken.contains(id) && (mode == Mode::Replace || doc.annotation(id).is_none())
            };
            let id = item
                .foreign
                .id
                .as_deref()
                .and_then(|s| AnnotationId::new(s).ok())
                .filter(|id| free(id))
                .unwrap_or_else(|| loop {
                    let id = new_id();
                    if free(&id) {
                        break id;
                    }
                });
            taken.insert(id.clone());
            added += 1;
            let created = item.foreign.created.clone().unwrap_or_else(|| now.clone());
            commands.push(Command::Add(Annotation {
                id,
                tag,
                start,
                end,
                note: item.foreign.note.clone(),
                modified: item
                    .foreign
                    .modified
                    .clone()
                    .unwrap_or_else(|| created.clone()),
                created,
            }));
        }
        (Command::Batch(commands), added)
    }
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
        assert_eq!(
            (s.unknown_label, s.unknown_labels.clone()),
            (1, vec!["PER".to_string()])
        );
        assert_eq!(s.importable(), 2);
        assert_eq!(
            p.items[1].tag,
            Some(Tag::Source),
            "labels match tags case-insensitively"
        );
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
        let (merge, added) = p.command(&d, Mode::Merge, &ts(), &mut fresh);
        assert_eq!(added, 2, "the same claim on alpha is not added twice");
        assert_eq!(p.adds(&d, Mode::Merge), added);
        let mut merged = d.clone();
        merged.apply(merge).unwrap();
        let ids: Vec<&str> = merged.annotations().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "new1", "g"], "a taken id gets a fresh one");

        let (replace, added) = p.command(&d, Mode::Replace, &ts(), &mut fresh);
        assert_eq!(added, 3);
        assert_eq!(p.adds(&d, Mode::Replace), added);
        let mut replaced = d.clone();
        let applied = replaced.apply(replace).unwrap();
        assert_eq!(replaced.len(), 3);
        replaced.apply(applied.inverse).unwrap();
        assert_eq!(replaced, d, "one command, undone in one step");
    }
}
